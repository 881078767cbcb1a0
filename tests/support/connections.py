"""The emulator's connection per provider, for tests that run modules or playbooks against it.

One copy, ``CONNECTIONS`` of the integration driver (``tests/integration/test_targets.py``):
a provider that gains a connection there reaches every test that reads it through here.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import auth_env_var

INTEGRATION_DRIVER = Path(__file__).resolve().parents[1] / "integration" / "test_targets.py"
URL_PLACEHOLDER = "{{ emulator_url }}"


@cache
def _driver_connections() -> str:
    spec = importlib.util.spec_from_file_location("kaas_integration_driver", INTEGRATION_DRIVER)
    driver = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(driver)
    return json.dumps(driver.CONNECTIONS)


def emulator_connections(url: str | None = None) -> dict[str, dict[str, Any]]:
    """``{provider: connection}``; with ``url``, aimed at that emulator instead of ``{{ emulator_url }}``."""
    text = _driver_connections()
    if url is not None:
        text = text.replace(URL_PLACEHOLDER, url)
    return copy.deepcopy(json.loads(text))


def connection_environment(connection: Mapping[str, Any]) -> dict[str, str]:
    """The KAAS_* variables that carry ``connection`` to a module that is given nothing."""
    env = {"KAAS_PROVIDER": connection["provider"]}
    if "api_url" in connection:
        env["KAAS_API_URL"] = connection["api_url"]
    for key, value in (connection.get("auth") or {}).items():
        env[auth_env_var(key)] = value
    return env
