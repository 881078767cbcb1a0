"""What each module ships and loads: an info task never the reconciler, a task only its own provider.

Ansible ships a module with the module_utils its import statements name (AnsiballZ's
``recursive_finder``) and Python compiles each one from source on every task, since the
payload carries no bytecode. Two checks, for every module:

* shipped: the module_utils in the module's AnsiballZ payload, listed by ansible-core
  itself. An ``*_info`` module ships neither the reconciler nor the comparison of
  desired states.
* loaded: the module run for each of the four providers in a fresh process (forked
  after ansible-core and ``requests`` are imported, as every module needs them), in
  check mode against the emulator. Beyond what importing the module loads (its option
  tables) it loads no other provider's code, except the other providers' tables when
  it refuses a provider and names those that could; an ``*_info`` module loads no
  reconciler whatever the provider. The transport loads no option table or runner.
* shared: what every module imports is what the in-process action imports once in the
  controller (``SHARED_IMPORTS``), so that no forked worker compiles it again; and the
  list names nothing that no module imports.
"""

from __future__ import annotations

import json
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils import registry
from ansible_collections.kaas.cloud.plugins.plugin_utils.in_process import SHARED_IMPORTS
from support.connections import emulator_connections

REPO = Path(__file__).resolve().parents[4]
MODULES = sorted(p.stem for p in (REPO / "plugins" / "modules").glob("*.py") if p.stem != "__init__")
INFO_MODULES = [m for m in MODULES if m.endswith("_info")]
STATE_MODULES = [m for m in MODULES if not m.endswith("_info")]
UTILS = "ansible_collections.kaas.cloud.plugins.module_utils."
PROVIDERS = UTILS + "providers."
#: The modules whose payload is listed: the info modules, and two that must ship what they must not.
SHIPPED_CHECKED = [*INFO_MODULES, "k8s_cluster", "workload"]
#: What only a declarative task needs: an info task that loads one of these pays for nothing.
STATE_ONLY = {"runner", "reconcile", "desired", "providers.ecns.workload_runner"}
#: Options without which a module stops before it connects (besides name and cluster, given to all).
EXTRA_ARGS = {"kubeconfig": {"return_content": True}}
#: How a task refused for a provider without the resource or option names the providers that have it.
REFUSAL = "providers that"

# ansible-core's own payload builder, run in a fresh interpreter with its collection loader.
SHIPPED = """
import datetime, io, json, sys, zipfile
from ansible.utils.collection_loader._collection_finder import _AnsibleCollectionFinder
_AnsibleCollectionFinder(paths=[sys.argv[1]])._install()
from ansible.executor import module_common
try:
    from ansible._internal._ansiballz import _builder
except ImportError:  # ansible-core before 2.19 (make compat)
    _builder = None
if _builder is not None:
    # Every module walks the same module_utils: parse each file once, not once per module
    # (ansible-core only reads the trees it parses), which makes the walk of all modules ~3x faster.
    _parse = module_common._compile_module_ast
    _trees = {}
    def _parse_once(module_name, source_code):
        key = (module_name, bytes(source_code) if isinstance(source_code, (bytes, bytearray)) else str(source_code))
        if key not in _trees:
            _trees[key] = _parse(module_name, source_code)
        return _trees[key]
    module_common._compile_module_ast = _parse_once
shipped = {}
for name in sys.argv[3:]:
    data = open(f"{sys.argv[2]}/{name}.py", "rb").read()
    now = datetime.datetime.now()
    # Before 2.19 the builder takes a time tuple and no extensions.
    stamp = (now, _builder.ExtensionManager()) if _builder is not None else (now.timetuple()[:6],)
    with zipfile.ZipFile(io.BytesIO(), "w") as zf:
        module_common.recursive_finder(
            name, f"ansible_collections.kaas.cloud.plugins.modules.{name}", data, zf, *stamp
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
modules, connections, extra = (json.loads(arg) for arg in sys.argv[1:4])
prefix = "ansible_collections.kaas.cloud.plugins.module_utils."
out = {}
for module in modules:
    for provider, connection in connections.items():
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read)
            main = importlib.import_module(f"ansible_collections.kaas.cloud.plugins.modules.{module}").main
            baseline = sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix))
            args = {**connection, "name": "payload-probe", "cluster": connection.get("cluster", "payload-probe")}
            args.update(extra.get(module, {}))
            result = run_module(main, args, check=True)
            # Name and cluster are required by some modules, refused by others: drop what is refused.
            refused = re.match(r"Unsupported parameters for .* module: ([^.]*)\\.", result.get("msg", ""))
            if refused:
                accepted = {k: v for k, v in args.items() if k not in refused[1].split(", ")}
                result = run_module(main, accepted, check=True)
            loaded = sorted(m[len(prefix):] for m in sys.modules if m.startswith(prefix))
            with os.fdopen(write, "w") as pipe:
                json.dump({"baseline": baseline, "loaded": loaded, "msg": result.get("msg", "")}, pipe)
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            out.setdefault(module, {})[provider] = json.load(pipe)
        os.waitpid(pid, 0)
print(json.dumps(out))
"""


def connections(url: str) -> dict[str, dict]:
    """Arguments that reach each provider of the emulator (the demo accounts), ecns with a cluster."""
    found = emulator_connections(url)
    found["ecns"]["cluster"] = "ecns-east"
    return found


# One worker runs them all: each walk below is made once per process, and costs seconds.
pytestmark = pytest.mark.xdist_group("payloads")


def env() -> dict[str, str]:
    paths = [REPO / ".build" / "collections", REPO / "tests", REPO / "tests" / "emulator" / "src"]
    return {"PYTHONPATH": ":".join(map(str, paths)), "PATH": "/usr/bin:/bin"}


@cache
def shipped() -> dict[str, list[str]]:
    collections = str(REPO / ".build" / "collections")
    command = [sys.executable, "-c", SHIPPED, collections, str(REPO / "plugins" / "modules"), *SHIPPED_CHECKED]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env()).stdout)


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
    command = [sys.executable, "-c", LOADED, *map(json.dumps, (MODULES, connections(url), EXTRA_ARGS))]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True, env=env()).stdout)


@pytest.mark.parametrize("module", MODULES)
def test_a_task_loads_its_own_provider_only(module, emulator):
    runs = loaded_by_module(emulator.url)[module]
    reached = []
    for provider, run in runs.items():
        loaded = set(run["loaded"])
        if module in INFO_MODULES:
            assert STATE_ONLY.isdisjoint(loaded), f"{module} ({provider}) loads {sorted(STATE_ONLY & loaded)}"
        # Beyond what importing the module loads (its option tables, whatever the provider).
        extra = loaded - set(run["baseline"])
        others = {name for name in extra if provider_of(name) not in (None, provider)}
        if REFUSAL in run["msg"]:
            # Naming the providers that could do what was asked reads their tables, nothing more.
            others -= {f"providers.{p}.adapters" for p in registry.PROVIDER_NAMES}
        assert not others, f"{module} with provider {provider} loads {sorted(others)} ({run['msg']})"
        # The task got past its options to its provider's table, and was not refused there.
        if f"providers.{provider}.adapters" in loaded and REFUSAL not in run["msg"]:
            reached.append(provider)
    assert reached, f"{module} reached no provider's adapter; the checks above saw nothing: {runs}"


def test_the_transport_loads_no_option_tables_nor_runners():
    probe = (
        "import json, sys\n"
        "from ansible_collections.kaas.cloud.plugins.module_utils.providers import connection\n"
        f"print(json.dumps(sorted(m[len({UTILS!r}):] for m in sys.modules if m.startswith({UTILS!r}))))"
    )
    result = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True, env=env())
    loaded = set(json.loads(result.stdout))
    assert {"transport", "auth", "providers.connection"} <= loaded
    assert loaded <= {"transport", "auth", "token_cache", "errors", "providers", "providers.connection"}, sorted(loaded)


def test_what_every_module_imports_is_imported_once_by_the_controller(emulator):
    # "baseline": what importing the module loads, the same whatever the provider.
    runs = loaded_by_module(emulator.url)
    imported = {module: set(next(iter(by_provider.values()))["baseline"]) for module, by_provider in runs.items()}
    shared = {name[len(UTILS) :] for name in SHARED_IMPORTS if name.startswith(UTILS)}
    everywhere = set.intersection(*imported.values()) - {"providers"}  # the package of the names below it
    assert everywhere <= shared, f"every module imports {sorted(everywhere - shared)}, not in SHARED_IMPORTS"
    unused = shared - set.union(*imported.values())
    assert not unused, f"SHARED_IMPORTS names {sorted(unused)}, which no module imports"
