"""Drive modules and the emulator from Python: shared by module tests and benchmarks.

``run_module`` executes a module's ``main()`` exactly as Ansible would (arguments
through ``patch_module_args``, result from the JSON it prints), so callers exercise
argument validation, no_log handling and the full HTTP path.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any, Callable

import requests
from ansible.module_utils.testing import patch_module_args

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


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

    def clear_log(self):
        self.http.delete(f"{self.url}/_emulator/requests").raise_for_status()

    def faults(self, *rules):
        self.http.post(f"{self.url}/_emulator/faults", json=list(rules)).raise_for_status()

    def deployme(self, method, path, **kwargs):
        headers = {"Authorization": "Bearer demo"}
        return self.http.request(method, f"{self.url}/deployme{path}", headers=headers, **kwargs)

    def nks(self, method, path, **kwargs):
        headers = {"X-Auth-Token": "demo", "OpenStack-API-Version": "container-infra latest"}
        return self.http.request(method, f"{self.url}/nks{path}", headers=headers, **kwargs)

    def ecns(self, method, path, **kwargs):
        headers = {"X-Auth-Token": "demo", "X-Project-Id": "demo"}
        return self.http.request(method, f"{self.url}/ecns{path}", headers=headers, **kwargs)


def run_module(main: Callable[[], None], args: dict[str, Any], check: bool = False, diff: bool = False) -> dict:
    """Run ``main()`` with ``args``; return the result dict (``failed`` set on failure)."""
    internal = {
        "_ansible_check_mode": check,
        "_ansible_diff": diff,
        "_ansible_remote_tmp": "/tmp",
        "_ansible_keep_remote_files": False,
    }
    out = io.StringIO()
    with patch_module_args({**args, **internal}), contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
        main()
    return json.loads(out.getvalue())
