"""What each module ships and loads: an info task never the reconciler, a task only its own provider.

Ansible ships a module with the module_utils its import statements name (AnsiballZ's
``recursive_finder``) and Python compiles each one from source on every task, since the
payload carries no bytecode. Two checks, for every module:

* shipped: the module_utils in the module's AnsiballZ payload, listed by ansible-core
  itself. An ``*_info`` module ships neither the reconciler nor the comparison of
  desired states.
* loaded: the module run for each of the four providers in a fresh process (forked
  after ansible-core and ``requests`` are imported, as every module needs them), in
  check mode against the emulator. Of the other providers it loads only the option
  tables its own source imports for its argument spec; an ``*_info`` module loads no
  reconciler whatever the provider.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils import registry

REPO = Path(__file__).resolve().parents[4]
MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
INFO_MODULES = [m for m in MODULES if m.endswith("_info")]
STATE_MODULES = [m for m in MODULES if not m.endswith("_info")]
UTILS = "ansible_collections.kaas.cloud.plugins.module_utils."
PROVIDERS = UTILS + "providers."
#: What only a declarative task needs: an info task that loads one of these pays for nothing.
STATE_ONLY = {"runner", "reconcile", "desired", "providers.ecns.workload_runner"}

# ansible-core's own payload builder, run in a fresh interpreter with its collection loader.
SHIPPED = """
import datetime, io, json, sys, zipfile
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
_AnsibleCollectionFinder(paths=[sys.argv[1]])._install()
from ansible._internal._ansiballz import _builder
from ansible.executor import module_common
shipped = {}
for name in sys.argv[3:]:
    data = open(f"{sys.argv[2]}/{name}.py", "rb").read()
    with zipfile.ZipFile(io.BytesIO(), "w") as zf:
        module_common.recursive_finder(
            name, f"ansible_collections.kaas.cloud.plugins.modules.{name}", data, zf,
            datetime.datetime.now(), _builder.ExtensionManager(),
        )
        prefix = "ansible_collections/kaas/cloud/plugins/module_utils/"
        shipped[name] = sorted(
            n[len(prefix):-3].replace("/", ".") for n in zf.namelist()
            if n.startswith(prefix) and not n.endswith("__init__.py")
        )
print(json.dumps(shipped))
"""

# One process: ansible-core and requests imported once, then one fork per module and provider.
LOADED = """
import importlib, json, os, re, sys
import requests  # every module needs it: imported before the fork, like ansible-core
from ansible.module_utils import basic
from support.harness import run_module
modules, connections = json.loads(sys.argv[1]), json.loads(sys.argv[2])
prefix = "ansible_collections.kaas.cloud.plugins.module_utils."
out = {}
for module in modules:
    for provider, connection in connections.items():
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            main = importlib.import_module(f"ansible_collections.kaas.cloud.plugins.modules.{module}").main
            args = {**connection, "name": "payload-probe", "cluster": connection.get("cluster", "payload-probe")}
            result = run_module(main, args, check=True)
            # Name and cluster are required by some modules, refused by others: drop what is refused.
            refused = re.match(r"Unsupported parameters for .* module: ([^.]*)\\.", result.get("msg", ""))
            if refused:
                result = run_module(main, {k: v for k, v in args.items() if k not in refused[1].split(", ")}, check=True)
            loaded = sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix))
            with os.fdopen(write, "w") as pipe:
                json.dump({"loaded": loaded, "msg": result.get("msg", "")}, pipe)
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            out.setdefault(module, {})[provider] = json.load(pipe)
        os.waitpid(pid, 0)
print(json.dumps(out))
"""


def connections(url: str) -> dict[str, dict]:
    """Arguments that reach each provider of the emulator (the demo accounts)."""
    return {
        "deployme": {"provider": "deployme", "api_url": f"{url}/deployme", "auth": {"token": "demo"}},
        "nks": {
            "provider": "nks",
            "api_url": f"{url}/nks",
            "auth": {
                "username": "demo",
                "password": "demo",
                "project_id": "demo",
                "auth_url": f"{url}/nks/identity/v2.0",
            },
        },
        "itcare": {
            "provider": "itcare",
            "api_url": f"{url}/itcare",
            "auth": {
                "client_id": "demo",
                "client_secret": "demo",
                "auth_url": f"{url}/itcare/auth/realms/cloud/protocol/openid-connect/token",
            },
        },
        "ecns": {
            "provider": "ecns",
            "api_url": f"{url}/ecns",
            "auth": {
                "username": "demo",
                "password": "demo",
                "project_id": "demo",
                "auth_url": f"{url}/ecns/identity/v3",
            },
            "cluster": "ecns-east",
        },
    }


def env() -> dict[str, str]:
    paths = [REPO / ".build" / "collections", REPO / "tests", REPO / "tests" / "emulator" / "src"]
    return {"PYTHONPATH": ":".join(map(str, paths)), "PATH": "/usr/bin:/bin"}


@cache
def shipped() -> dict[str, list[str]]:
    collections = str(REPO / ".build" / "collections")
    command = [sys.executable, "-c", SHIPPED, collections, str(REPO / "plugins" / "modules"), *MODULES]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env()).stdout)


def own_imports(module: str) -> set[str]:
    """The module_utils the module's source names itself (its option tables among them)."""
    tree = ast.parse((REPO / "plugins" / "modules" / f"{module}.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith(UTILS):
            base = node.module[len(UTILS) :]
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def provider_of(name: str) -> str | None:
    parts = name.split(".")
    return parts[1] if parts[0] == "providers" and len(parts) > 2 and parts[1] in registry.PROVIDER_NAMES else None


@pytest.mark.parametrize("module", INFO_MODULES)
def test_an_info_payload_ships_no_reconciler(module):
    assert STATE_ONLY.isdisjoint(shipped()[module]), f"{module} ships {sorted(STATE_ONLY & set(shipped()[module]))}"


def test_the_state_only_check_is_not_vacuous():
    # The names checked above are real module_utils, shipped by the modules that reconcile.
    assert {"runner", "reconcile", "desired"} <= set(shipped()["k8s_cluster"])
    assert "providers.ecns.workload_runner" in shipped()["workload"]


@cache
def loaded_by_module(url: str) -> dict[str, dict[str, dict]]:
    """``{module: {provider: {"loaded": [module_utils], "msg": ...}}}``, every module run for every provider."""
    command = [sys.executable, "-c", LOADED, json.dumps(MODULES), json.dumps(connections(url))]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env()).stdout)


@pytest.mark.parametrize("module", MODULES)
def test_a_task_loads_its_own_provider_only(module, emulator):
    runs = loaded_by_module(emulator.url)[module]
    allowed = own_imports(module)
    reached = []
    for provider, run in runs.items():
        loaded = set(run["loaded"])
        others = {name for name in loaded if provider_of(name) not in (None, provider)}
        assert others <= allowed, f"{module} with provider {provider} loads {sorted(others - allowed)}"
        if module in INFO_MODULES:
            assert STATE_ONLY.isdisjoint(loaded), f"{module} ({provider}) loads {sorted(STATE_ONLY & loaded)}"
        # The provider's own code beyond its table and option modules: the task got as far as its adapter.
        own = {n for n in loaded if provider_of(n) == provider} - allowed - {f"providers.{provider}.adapters"}
        if own:
            reached.append(provider)
    assert reached, f"{module} reached no provider's adapter; the checks above saw nothing: {runs}"
