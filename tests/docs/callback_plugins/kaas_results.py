"""Record the result of every kaas.cloud task, for the docs tests.

The examples test compares these results with each module's RETURN documentation.
The results go to ``$KAAS_RESULTS_FILE`` as a JSON list.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: kaas_results
type: aggregate
short_description: Record the results of kaas.cloud tasks
description:
  - Test-only callback of the kaas.cloud docs tests.
options: {}
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "kaas_results"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.results: list[dict] = []

    def _record(self, result, status: str) -> None:
        task = result._task
        module = task.resolved_action or task.action
        if not module or not module.startswith("kaas.cloud."):
            return
        self.results.append({"module": module, "task": task.get_name(), "status": status, "result": result._result})

    def v2_runner_on_ok(self, result) -> None:
        self._record(result, "ok")

    def v2_runner_on_failed(self, result, ignore_errors: bool = False) -> None:
        self._record(result, "failed")

    def v2_playbook_on_stats(self, stats) -> None:
        path = os.environ.get("KAAS_RESULTS_FILE")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(self.results, handle, indent=1, default=str)
