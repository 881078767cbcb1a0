"""Record how long each task of a benchmark playbook takes, for ``tests/bench/bench_modules.py``.

A task's time runs from its start (``v2_playbook_on_task_start``) to its result on
the one host of the benchmark: what the controller spends on it, the module process
and its requests. The name and the times of every task go to ``$BENCH_TIMING_FILE``
as JSON when the playbook ends.
"""

from __future__ import annotations

import json
import os
import time

from ansible.plugins.callback import CallbackBase

DOCUMENTATION = r"""
name: bench_timing
type: aggregate
short_description: Time every task of a kaas.cloud benchmark playbook
description:
  - Benchmark-only callback of kaas.cloud.
options: {}
"""


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timing"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self) -> None:
        super().__init__()
        self.tasks: list[dict] = []
        self.started: tuple[str, float] | None = None

    def v2_playbook_on_task_start(self, task, is_conditional) -> None:
        self.started = (task.get_name(), time.perf_counter())

    def _end(self, result, failed: bool) -> None:
        if self.started is None:
            return
        name, started = self.started
        self.tasks.append({"name": name, "seconds": time.perf_counter() - started, "failed": failed})
        self.started = None

    def v2_runner_on_ok(self, result) -> None:
        self._end(result, False)

    def v2_runner_on_failed(self, result, ignore_errors=False) -> None:
        self._end(result, True)

    def v2_playbook_on_stats(self, stats) -> None:
        with open(os.environ["BENCH_TIMING_FILE"], "w", encoding="utf-8") as out:
            json.dump(self.tasks, out)
