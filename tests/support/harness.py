"""Drive modules and the emulator from Python: shared by module tests and benchmarks.

``run_module`` executes a module's ``main()`` exactly as Ansible would (arguments
through ``patch_module_args``, result from the JSON it prints), so callers exercise
argument validation, no_log handling and the full HTTP path.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import time
from typing import Any, Callable, Iterator

import requests
from ansible.module_utils import basic as ansible_basic
from ansible.module_utils.common import warnings as ansible_warnings

try:  # ansible-core 2.19 and later
    from ansible.module_utils import _internal as ansible_internal
    from ansible.module_utils.testing import patch_module_args

    @contextlib.contextmanager
    def module_mode() -> Iterator[None]:
        """Importing controller code (the inventory plugin's tests do) flips ansible-core into
        controller mode, where module warnings go to the display instead of the result."""
        was_controller = ansible_internal.is_controller
        ansible_internal.is_controller = False
        try:
            yield
        finally:
            ansible_internal.is_controller = was_controller

except ImportError:  # ansible-core 2.16 to 2.18 (make compat): modules read their arguments from a global
    module_mode = contextlib.nullcontext

    @contextlib.contextmanager
    def patch_module_args(args: dict[str, Any]) -> Iterator[None]:
        saved = ansible_basic._ANSIBLE_ARGS
        ansible_basic._ANSIBLE_ARGS = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode()
        try:
            yield
        finally:
            ansible_basic._ANSIBLE_ARGS = saved


from kaas_emulator.core.mutate import ENVIRONMENT, UNKNOWN_PREFIX, from_environment

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SIGN_IN_PATHS = ("/identity/", "/auth/")
#: This session's emulators add fields no API documentation names (``KAAS_EMULATOR_MUTATE``,
#: docs/emulator.md). Read at import: :func:`fresh_cloud` clears every KAAS_* variable.
MUTATED = from_environment(os.environ.get(ENVIRONMENT)).active


class Cloud:
    """The emulator's control API, for arranging scenarios and reading the request log."""

    def __init__(self, url: str):
        self.url = url
        self.http = requests.Session()

    def reset(self):
        self.http.post(f"{self.url}/_emulator/reset").raise_for_status()

    def requests(self, provider=None):
        log = self.http.get(f"{self.url}/_emulator/requests").json()["requests"]
        return [r for r in log if provider is None or r["provider"] == provider]

    def writes(self):
        return [r for r in self.requests() if r["method"] in WRITE_METHODS]

    def api_writes(self, provider):
        """(method, path, query) of the writes sent to ``provider``'s API; signing in changes nothing.

        Signing in is a POST to Keystone (``/identity``) or to ITCare's token endpoint (``/auth``).
        """
        return [
            (r["method"], r["path"], r["query"])
            for r in self.requests(provider)
            if r["method"] in WRITE_METHODS and not r["path"].startswith(SIGN_IN_PATHS)
        ]

    @contextlib.contextmanager
    def time_scaled(self, scale: float) -> Iterator[None]:
        """The emulator's clock at ``scale`` for the block, then as it was.

        A test that asserts what a task sees *while* an operation runs needs real time
        (``scale`` 1): at the suite's speed-up a loaded machine may let the operation end
        between the task's write and its read back.
        """
        before = self.set_time_scale(scale)
        try:
            yield
        finally:
            self.set_time_scale(before)

    def set_time_scale(self, scale: float) -> float:
        """Set the emulator's time scale; return the previous one."""
        before = self.http.get(f"{self.url}/_emulator/config").json()["time_scale"]
        self.http.post(f"{self.url}/_emulator/config", json={"time_scale": scale}).raise_for_status()
        return before

    def clear_log(self):
        self.http.delete(f"{self.url}/_emulator/requests").raise_for_status()

    def faults(self, *rules):
        self.http.post(f"{self.url}/_emulator/faults", json=list(rules)).raise_for_status()

    def clear_faults(self):
        self.http.delete(f"{self.url}/_emulator/faults").raise_for_status()

    def deployme(self, method, path, **kwargs):
        headers = {"Authorization": "Bearer demo"}
        return self.http.request(method, f"{self.url}/deployme{path}", headers=headers, **kwargs)

    def nks(self, method, path, **kwargs):
        headers = {"X-Auth-Token": "demo", "OpenStack-API-Version": "container-infra latest"}
        return self.http.request(method, f"{self.url}/nks{path}", headers=headers, **kwargs)

    def itcare(self, method, path, **kwargs):
        headers = {"Authorization": "Bearer demo", "Accept": "application/vnd.cegedim-it.v1+json"}
        return self.http.request(method, f"{self.url}/itcare{path}", headers=headers, **kwargs)

    def wait_itcare_action(self, action_id, attempts=200):
        """Poll an ITCare action until it ends (the tests' time scale makes this short)."""
        for _attempt in range(attempts):
            action = self.itcare("GET", f"/actions/{action_id}").json()
            if action["status"] != "IN_PROGRESS":
                return action
            time.sleep(0.05)
        raise AssertionError(f"ITCare action {action_id} still in progress")

    def ecns(self, method, path, **kwargs):
        headers = {"X-Auth-Token": "demo", "X-Project-Id": "demo"}
        return self.http.request(method, f"{self.url}/ecns{path}", headers=headers, **kwargs)


def fresh_cloud(url, monkeypatch) -> Cloud:
    """The emulator at ``url`` reset, with no KAAS_* variable of the caller's shell leaking into modules."""
    for name in list(os.environ):
        # The token cache directory is the test's own (tests/conftest.py), not the shell's.
        if name.startswith("KAAS_") and name != "KAAS_TOKEN_CACHE_DIR":
            monkeypatch.delenv(name)
    cloud = Cloud(url)
    cloud.reset()
    return cloud


def run_module(main: Callable[[], None], args: dict[str, Any], check: bool = False, diff: bool = False) -> dict:
    """Run ``main()`` with ``args``; return the result dict (``failed`` set on failure)."""
    internal = {
        "_ansible_check_mode": check,
        "_ansible_diff": diff,
        "_ansible_remote_tmp": "/tmp",
        "_ansible_keep_remote_files": False,
    }
    # Each real module run is a fresh process; in-process runs must not inherit the
    # previous run's warnings (ansible-core keeps them in module-level globals).
    ansible_warnings._global_warnings.clear()
    ansible_warnings._global_deprecations.clear()
    out = io.StringIO()
    arguments = patch_module_args({**args, **internal})
    with module_mode(), arguments, contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main()
    text = out.getvalue()
    if MUTATED:
        assert_known_fields_only(text)
    return json.loads(text)


def assert_known_fields_only(text: str) -> None:
    """A module result or inventory built from the fields the collection knows, never a raw answer.

    Under the emulator's tolerant-reader answers every object carries an unknown field
    (:data:`~kaas_emulator.core.mutate.UNKNOWN_PREFIX`); a result passing one on would
    pass on whatever a real service adds, and change when the service does.
    """
    if UNKNOWN_PREFIX not in text:
        return
    paths = sorted(set(_unknown_paths(json.loads(text), "")))
    raise AssertionError(f"response fields no API documentation names reached the output at: {', '.join(paths)}")


def _unknown_paths(node: Any, path: str) -> list[str]:
    """Where ``node`` holds an unknown field: its parents' paths, list indexes as ``[]``."""
    if isinstance(node, dict):
        found = [path or "."] if any(str(key).startswith(UNKNOWN_PREFIX) for key in node) else []
        for key, item in node.items():
            found += _unknown_paths(item, f"{path}.{key}")
        return found
    if isinstance(node, list):
        return [found for item in node for found in _unknown_paths(item, f"{path}[]")]
    return []
