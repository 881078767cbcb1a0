"""Every module's EXAMPLES run against kaas-emulator, and return what RETURN documents.

The conventions examples follow are in ``examples.py``; the comparison rules in
``return_docs.py``. Modules are discovered from ``plugins/modules``.
"""

from __future__ import annotations

import json
import subprocess
import warnings

import pytest
import requests
import yaml
from collection_docs import BIN, REPO, ansible_doc, discover_modules, discover_plugins
from examples import (
    HERE,
    callback_environment,
    example_playbook,
    inventory_examples,
    results_of,
    unserved_providers,
    write_playbook,
)
from return_docs import compare_returns

from support.playbooks import ansible_env, run_ansible

MODULES = discover_modules()
INVENTORIES = [name for plugin_type, name in discover_plugins() if plugin_type == "inventory"]


def waiting_modules() -> list[str]:
    return [m for m in MODULES if "poll_interval" in (ansible_doc("module", m)["doc"].get("options") or {})]


def return_docs(module: str) -> dict:
    return ansible_doc("module", module).get("return") or {}


@pytest.mark.integration
@pytest.mark.parametrize("module", MODULES)
def test_examples_run_and_return_what_is_documented(module, emulator, tmp_path):
    requests.post(f"{emulator.url}/_emulator/reset", timeout=10).raise_for_status()
    examples = ansible_doc("module", module)["examples"]
    setup = HERE / "example_setup" / f"{module.rsplit('.', 1)[1]}.yml"
    playbook = example_playbook(module, examples, emulator.url, waiting_modules(), setup)
    for reason in playbook.skipped:
        # Shown in the summary (-ra): an example that cannot run yet is not silently passed.
        warnings.warn(f"example skipped: {reason}", stacklevel=1)
    if not playbook.runnable():
        pytest.skip(f"no example of {module} can run on the emulator: {'; '.join(playbook.skipped)}")

    proc, results_file = run_playbook(playbook, tmp_path)
    assert proc.returncode == 0, f"the examples of {module} failed:\n{proc.stdout[-6000:]}"

    results = results_of(results_file, module)
    ran = [r for r in results if r["status"] == "ok"]
    assert ran, f"no example of {module} ran {module} itself"
    problems = compare_returns(module, [r["result"] for r in ran], return_docs)
    assert not problems, f"RETURN of {module} does not match what its examples returned:\n" + "\n".join(problems)


def run_playbook(playbook, tmp_path) -> tuple[subprocess.CompletedProcess, object]:
    playbook_path = tmp_path / "examples.yml"
    results_file = tmp_path / "results.json"
    write_playbook(playbook, playbook_path)
    local = ("-i", "localhost,", "-c", "local", "-e", f"ansible_python_interpreter={BIN / 'python'}")
    env = ansible_env(**callback_environment(results_file))
    proc = run_ansible("ansible-playbook", *local, str(playbook_path), env=env, cwd=tmp_path)
    return proc, results_file


@pytest.mark.integration
@pytest.mark.parametrize(
    "plugin",
    INVENTORIES or [pytest.param(None, marks=pytest.mark.skip(reason="the collection has no inventory plugin yet"))],
)
def test_inventory_examples_list_hosts(plugin, emulator, tmp_path):
    """Each inventory source of the EXAMPLES lists through ansible-inventory (after its set-up, if any)."""
    requests.post(f"{emulator.url}/_emulator/reset", timeout=10).raise_for_status()
    setup = HERE / "example_setup" / f"{plugin.rsplit('.', 1)[1]}.yml"
    if setup.exists():
        proc = run_playbook(example_playbook(plugin, "[]", emulator.url, waiting_modules(), setup), tmp_path)[0]
        assert proc.returncode == 0, f"the set-up of {plugin} failed:\n{proc.stdout[-4000:]}"
    sources = inventory_examples(ansible_doc("inventory", plugin)["examples"], emulator.url)
    assert sources, f"{plugin}: EXAMPLES hold no inventory source"
    listed = 0
    for number, source in enumerate(sources, start=1):
        unserved = unserved_providers(source)
        if unserved:
            warnings.warn(f"{plugin} example {number} skipped: no emulator connection for {unserved}", stacklevel=1)
            continue
        path = tmp_path / f"example{number}.kaas.yml"
        path.write_text(yaml.safe_dump(source))
        proc = run_ansible("ansible-inventory", "-i", str(path), "--list", env=ansible_env(tmp_path), timeout=300)
        assert proc.returncode == 0 and "Unable to parse" not in proc.stderr, f"{path}:\n{proc.stderr[-4000:]}"
        assert "_meta" in json.loads(proc.stdout)
        listed += 1
    if not listed:
        pytest.skip(f"no example of {plugin} names only providers the emulator serves")


def test_example_playbook_follows_the_conventions(tmp_path):
    """The playbook builder itself: providers carried over, URL replaced, unknown providers skipped."""
    examples = """
- name: first, no provider
  kaas.cloud.k8s_cluster_info:
- name: an nks one
  kaas.cloud.k8s_cluster_info:
    provider: nks
    no_log: true
- name: inherits nks
  kaas.cloud.k8s_cluster_info:
  no_log: true
- name: a play
  hosts: localhost
  module_defaults:
    group/kaas.cloud.all:
      provider: deployme
      api_url: http://127.0.0.1:8480/deployme
  tasks:
    - kaas.cloud.k8s_cluster_info:
- name: a cloud the emulator does not serve
  kaas.cloud.k8s_cluster_info:
    provider: no-such-cloud
"""
    built = example_playbook("kaas.cloud.x", examples, "http://emu:1", ["kaas.cloud.k8s_cluster"], None)
    assert [p.provider for p in built.plays] == ["deployme", "nks", "nks", "deployme", "no-such-cloud"]
    assert built.plays[-1].skipped and len(built.runnable()) == 4
    first, inherited, play = (built.runnable()[i] for i in (0, 2, 3))
    assert first["environment"]["KAAS_PROVIDER"] == "deployme"
    assert first["module_defaults"]["kaas.cloud.k8s_cluster"]["poll_interval"] < 1
    assert "no_log" not in inherited["tasks"][0]
    assert inherited["environment"]["KAAS_AUTH_PASSWORD"] == "demo"
    assert play["module_defaults"]["group/kaas.cloud.all"]["api_url"] == "http://emu:1/deployme"
    assert "token" not in play["module_defaults"]["group/kaas.cloud.all"], "the example's own defaults win"
    assert play["environment"]["KAAS_AUTH_TOKEN"] == "demo"


def test_return_comparison_catches_mismatches():
    docs = {
        "kaas.cloud.a": {
            "cluster": {"type": "dict", "returned": "always", "contains": {"id": {}, "name": {}}},
            "extra": {"type": "str", "returned": "when asked"},
        },
        "kaas.cloud.b": {"cluster": {"type": "dict", "description": ["The view of M(kaas.cloud.a)."]}},
    }
    problems = compare_returns("kaas.cloud.a", [{"cluster": {"id": "1", "name": "n", "secret": "x"}}], docs.get)
    assert problems == [
        "cluster.secret: returned but not documented",
        "extra: documented, but no example returns it (add an example that does)",
    ]
    assert compare_returns("kaas.cloud.b", [{"cluster": {"id": "1"}}], docs.get) == [
        "cluster.name: documented as always returned, missing from a result"
    ]
    # A view of another module plus keys of its own: both are documented, its own must be returned.
    docs["kaas.cloud.c"] = {
        "clusters": {
            "type": "list",
            "returned": "always",
            "description": "See the C(cluster) return value of M(kaas.cloud.a).",
            "contains": {"events": {"type": "list", "returned": "when asked"}},
        }
    }
    assert compare_returns("kaas.cloud.c", [{"clusters": [{"id": "1", "name": "n", "oops": 1}]}], docs.get) == [
        "clusters.events: documented, but no example returns it (add an example that does)",
        "clusters.oops: returned but not documented",
    ]
    assert compare_returns("kaas.cloud.c", [{"clusters": [{"id": "1", "name": "n", "events": []}]}], docs.get) == []
    assert REPO.joinpath("plugins", "modules").is_dir()
