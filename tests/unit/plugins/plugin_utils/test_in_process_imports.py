"""What the in-process action imports in the controller, so that the workers forked per task need not.

The controller process imports ``SHARED_IMPORTS`` when it loads the action; a worker
process does not. That the list is what the modules share is checked with the modules'
own imports, in tests/unit/plugins/module_utils/test_payloads.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from ansible_collections.kaas.cloud.plugins.plugin_utils import in_process

REPO = Path(__file__).resolve().parents[4]
COLLECTIONS = REPO / ".build" / "collections"
UTILS = "ansible_collections.kaas.cloud.plugins.module_utils."
SETUP = f"""
import importlib, json, multiprocessing, os, sys
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
_AnsibleCollectionFinder(paths=[{str(COLLECTIONS)!r}])._install()
def utils():
    return sorted(m[len({UTILS!r}):] for m in sys.modules if m.startswith({UTILS!r}))
"""
# The action loaded in the controller's process, then in a process forked as ansible-core forks a worker.
LOADED = (
    SETUP
    + """
ACTION = "ansible_collections.kaas.cloud.plugins.action.k8s_cluster"
def in_worker(queue):
    importlib.import_module(ACTION)
    queue.put(utils())
if __name__ == "__main__":
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    worker = context.Process(target=in_worker, args=(queue,))
    worker.start()
    in_worker_utils = queue.get(timeout=60)
    worker.join()
    importlib.import_module(ACTION)
    print(json.dumps({"worker": in_worker_utils, "controller": utils(), "requests": "requests" in sys.modules}))
"""
)


def run(script: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


def shared() -> set[str]:
    return {name[len(UTILS) :] for name in in_process.SHARED_IMPORTS if name.startswith(UTILS)}


def test_the_controller_imports_them_and_a_worker_does_not():
    loaded = run(LOADED)
    assert shared() <= set(loaded["controller"]) and loaded["requests"]
    # A worker forked before the controller loaded the action imports no more than the action needs.
    assert not shared() & set(loaded["worker"]), sorted(shared() & set(loaded["worker"]))
