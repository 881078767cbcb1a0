"""Turn a plugin's EXAMPLES into a playbook that runs against kaas-emulator.

The conventions an example writer relies on (summed up in ``hack/README.md``):

- An example is either a task or a whole play (an item with ``hosts``). Each becomes
  one play of a single playbook, in the order written, so an example may use what an
  earlier one of the same module created or registered.
- The example's provider is the ``provider`` it names (in the task's arguments, or in
  a play's ``module_defaults``); an example that names none uses the previous example's
  provider, and the first one deployme. Its play gets the emulator's connection for
  that provider twice: as ``module_defaults`` for ``group/kaas.cloud.all`` and as the
  ``KAAS_*`` environment variables (so an example that gives its own ``auth`` still
  reaches the emulator for the keys it leaves out, exactly as an AWX credential would
  fill them in). A provider the emulator has no connection for yet is skipped, with
  the reason reported.
- ``http://127.0.0.1:8480`` (the emulator's documented default address) is replaced by
  the test emulator's address; variables an example uses (``deployme_token``…) come
  from ``tests/docs/example_vars.yml``.
- State an example needs that no earlier example makes is made by
  ``tests/docs/example_setup/<module>.yml`` (tasks or plays, same conventions), which
  runs first. Steps several modules need live in ``example_setup/shared/`` and are
  included with ``include_tasks: "{{ example_setup }}/shared/<file>.yml"``.
- ``wait`` is honoured: examples run with the module's defaults except a short
  ``poll_interval`` (the emulator runs its clock fast), and an example with
  ``wait: false`` is not waited for.
- ``no_log`` is dropped so the result can be compared with RETURN; the output stays in
  the test's temporary directory, and the credentials are the emulator's.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from support.connections import connection_environment, emulator_connections

HERE = Path(__file__).resolve().parent
DOCUMENTED_EMULATOR_URL = "http://127.0.0.1:8480"
DEFAULT_PROVIDER = "deployme"
# Waiting options the examples keep but make fast: the emulator's clock runs fast too.
FAST_WAIT = {"poll_interval": 0.2, "wait_timeout": 120}
# Keywords a task may carry besides its module; what is left is the module call.
TASK_KEYWORDS = {
    "name", "register", "when", "loop", "loop_control", "with_items", "no_log", "check_mode", "diff",
    "tags", "vars", "environment", "changed_when", "failed_when", "until", "retries", "delay", "become",
    "delegate_to", "run_once", "ignore_errors", "notify", "module_defaults", "args", "block", "rescue", "always",
}  # fmt: skip


@dataclass
class ExamplePlay:
    """One example (or set-up step), ready to become a play of the playbook."""

    label: str
    provider: str
    play: dict[str, Any]
    skipped: str | None = None


@dataclass
class ExamplePlaybook:
    plays: list[ExamplePlay] = field(default_factory=list)

    @property
    def skipped(self) -> list[str]:
        return [f"{p.label}: {p.skipped}" for p in self.plays if p.skipped]

    def runnable(self) -> list[dict[str, Any]]:
        return [p.play for p in self.plays if not p.skipped]


def example_vars() -> dict[str, Any]:
    return yaml.safe_load((HERE / "example_vars.yml").read_text()) or {}


def module_call(task: Mapping[str, Any]) -> tuple[str | None, dict[str, Any]]:
    """The module a task calls and its arguments (``{}`` for free-form or absent ones)."""
    for key, value in task.items():
        if key not in TASK_KEYWORDS:
            return key, value if isinstance(value, dict) else {}
    return None, {}


def named_provider(item: Mapping[str, Any]) -> str | None:
    """The provider an example names, if any."""
    if "hosts" not in item:
        return module_call(item)[1].get("provider")
    group_defaults = (item.get("module_defaults") or {}).get("group/kaas.cloud.all") or {}
    if group_defaults.get("provider"):
        return group_defaults["provider"]
    for task in item.get("tasks") or []:
        provider = module_call(task)[1].get("provider")
        if provider:
            return provider
    return None


def strip_no_log(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in task.items() if k != "no_log"} for task in tasks]


def fast_wait_defaults(waiting_modules: list[str]) -> dict[str, dict[str, Any]]:
    return {module: dict(FAST_WAIT) for module in waiting_modules}


def build_play(
    item: dict[str, Any],
    label: str,
    connection: dict[str, Any],
    waiting_modules: list[str],
    variables: dict[str, Any],
) -> dict[str, Any]:
    """One play that runs ``item`` (a task or a play) against the emulator."""
    defaults = {"group/kaas.cloud.all": connection, **fast_wait_defaults(waiting_modules)}
    env = connection_environment(connection)
    if "hosts" not in item:
        return {
            "name": label,
            "hosts": "localhost",
            "gather_facts": False,
            "vars": variables,
            "environment": env,
            "module_defaults": defaults,
            "tasks": strip_no_log([item]),
        }
    play = dict(item)
    play["name"] = f"{label}: {item.get('name', 'play')}"
    play["vars"] = {**variables, **(item.get("vars") or {})}
    play["environment"] = {**env, **(item.get("environment") or {})}
    # The example's own defaults win; ours only fill in what it leaves out.
    own_defaults = item.get("module_defaults") or {}
    merged = {**defaults, **own_defaults}
    for module, options in fast_wait_defaults(waiting_modules).items():
        merged[module] = {**options, **(own_defaults.get(module) or {})}
    play["module_defaults"] = merged
    for section in ("pre_tasks", "tasks", "post_tasks"):
        if section in play:
            play[section] = strip_no_log(play[section])
    return play


def load_examples(text: str, emulator_url: str) -> list[dict[str, Any]]:
    items = yaml.safe_load(text.replace(DOCUMENTED_EMULATOR_URL, emulator_url)) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValueError("EXAMPLES must be a YAML list of tasks or plays")
    return items


def example_playbook(
    module: str, examples: str, emulator_url: str, waiting_modules: list[str], setup: Path | None = None
) -> ExamplePlaybook:
    """The playbook running ``module``'s set-up (if any) then its examples, in order."""
    connections = emulator_connections()
    # ``example_setup``: where set-up files include the steps several modules share from.
    variables = {"emulator_url": emulator_url, "example_setup": str(HERE / "example_setup"), **example_vars()}
    playbook = ExamplePlaybook()
    sources = []
    if setup is not None and setup.exists():
        sources += [("setup", item) for item in load_examples(setup.read_text(), emulator_url)]
    sources += [("example", item) for item in load_examples(examples, emulator_url)]
    provider = DEFAULT_PROVIDER
    for number, (kind, item) in enumerate(sources, start=1):
        provider = named_provider(item) or provider
        task_name = item.get("name", "unnamed")
        label = f"{module} {kind} {number} ({provider}): {task_name}"
        if provider not in connections:
            reason = f"the emulator has no {provider} connection yet (tests/integration/test_targets.py CONNECTIONS)"
            playbook.plays.append(ExamplePlay(label, provider, {}, skipped=reason))
            continue
        play = build_play(item, label, connections[provider], waiting_modules, variables)
        playbook.plays.append(ExamplePlay(label, provider, play))
    return playbook


def write_playbook(playbook: ExamplePlaybook, path: Path) -> None:
    # JSON is YAML; it keeps every value's type exactly as loaded.
    path.write_text(json.dumps(playbook.runnable(), indent=1))


def results_of(path: Path, module: str) -> list[dict[str, Any]]:
    """Results the ``kaas_results`` callback recorded for ``module``."""
    if not path.exists():
        return []
    return [r for r in json.loads(path.read_text()) if r["module"] == module]


def callback_environment(results_file: Path) -> dict[str, str]:
    return {
        "ANSIBLE_CALLBACK_PLUGINS": str(HERE / "callback_plugins"),
        "ANSIBLE_CALLBACKS_ENABLED": "kaas_results",
        "KAAS_RESULTS_FILE": str(results_file),
        # Examples write under ~ (a kubeconfig in ~/.kube): keep that in the test's directory.
        "HOME": str(results_file.parent),
    }


def inventory_examples(text: str, emulator_url: str) -> list[dict[str, Any]]:
    """An inventory plugin's EXAMPLES: YAML documents (separated by ``---``), each an inventory source.

    Each entry of a source's ``providers`` gets the emulator's connection for its provider,
    for the keys it does not set itself (like ``module_defaults``): inventory examples leave
    credentials out, since users give them through the KAAS_* variables.
    """
    connections = emulator_connections(emulator_url)
    sources = []
    for document in yaml.safe_load_all(text.replace(DOCUMENTED_EMULATOR_URL, emulator_url)):
        if not isinstance(document, dict):
            continue
        entries = document.get("providers") or []
        for entry in entries:
            connection = connections.get(entry.get("provider"), {})
            entry["auth"] = {**connection.get("auth", {}), **(entry.get("auth") or {})}
            entry.setdefault("api_url", connection.get("api_url"))
        sources.append(document)
    return sources


def unserved_providers(source: Mapping[str, Any]) -> list[str]:
    """Providers an inventory source names that the emulator has no connection for."""
    connections = emulator_connections()
    return sorted({e.get("provider") for e in source.get("providers") or []} - set(connections))
