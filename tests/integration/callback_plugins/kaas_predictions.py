"""Record check-mode predictions next to real results, for the integration driver.

Integration targets run each changing step twice in one task, with
``loop: [true, false]`` and ``loop_control.loop_var: kaas_check`` and
``check_mode: "{{ kaas_check }}"``: first in check mode, then for real. This
callback writes every such pair to ``$KAAS_PREDICTIONS_FILE`` so the driver can
assert that check mode predicted exactly the ``changed`` and the ``diff`` (before
and after, playbooks run with ``--diff``) of the real run.
"""

from __future__ import annotations

import json
import os

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: kaas_predictions
type: aggregate
short_description: Record check-mode predictions and real results of kaas.cloud test steps
description:
  - Test-only callback of the kaas.cloud integration suite.
options: {}
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "kaas_predictions"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.steps: dict[str, dict] = {}

    def _record(self, result, failed: bool) -> None:
        data = result._result
        if "kaas_check" not in data:
            return
        task = result._task
        key = f"{task._uuid}:{task.get_name()}"
        step = self.steps.setdefault(key, {"task": task.get_name()})
        mode = "check" if data["kaas_check"] in (True, "True", "true") else "real"
        step[mode] = {
            "changed": bool(data.get("changed")),
            "failed": failed,
            "msg": data.get("msg"),
            # A module returns no diff when the task runs without diff mode; None says so.
            "diff": data.get("diff"),
        }

    def v2_runner_item_on_ok(self, result) -> None:
        self._record(result, False)

    def v2_runner_item_on_failed(self, result) -> None:
        self._record(result, True)

    def v2_playbook_on_stats(self, stats) -> None:
        path = os.environ.get("KAAS_PREDICTIONS_FILE")
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(list(self.steps.values()), handle, indent=1)
