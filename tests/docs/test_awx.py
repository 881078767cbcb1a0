"""AWX: the credential types feed exactly the variables the collection reads, and jobs run as AWX runs them.

AWX runs a job with ansible-runner on a private data directory: ``project/`` (the synced
project), ``env/envvars`` (what the credentials' injectors rendered), ``env/extravars``
(the job template's extra variables) and an inventory. The tests build that directory
and call ``ansible-runner run`` against the emulator.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import ansible_runner.interface
import jinja2
import jinja2.meta
import jinja2.sandbox
import pytest
import requests
import yaml
from collection_docs import REPO, ansible_doc, discover_plugins
from examples import emulator_connections

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import (
    AUTH_KEYS,
    PROVIDER_CHOICES,
    ROUTING_ENV_VARS,
    auth_env_var,
    connection_argument_spec,
)
from support.playbooks import ansible_env, run_ansible

AWX = REPO / "docs" / "awx"
CREDENTIAL_TYPES = yaml.safe_load((AWX / "credential_types.yml").read_text())["credential_types"]
SECRET_INPUTS = {"password", "token", "client_secret"}
# What a user gives the cluster report job at launch, per provider: ECNS lists no clusters, so
# the report reads the workloads of a cluster of the emulator (catalog: ecns-east) by name.
REPORT_LAUNCH_VARIABLES = {"ecns": {"report_ecns_cluster": "ecns-east", "report_ecns_namespace": "apps"}}


def injected_provider(credential_type: dict) -> str:
    return credential_type["injectors"]["env"]["KAAS_PROVIDER"]


def spec_environment_variables(spec: dict) -> set[str]:
    """Every variable an argument spec falls back to, at any depth."""
    names: set[str] = set()
    for option in spec.values():
        fallback = option.get("fallback")
        if fallback:
            names.update(fallback[1])
        names |= spec_environment_variables(option.get("options") or {})
    return names


def variables_the_collection_reads() -> set[str]:
    """The modules' connection fallbacks, the provider-scoped credential variables, and the env
    variables documented by every other plugin."""
    names = spec_environment_variables(connection_argument_spec())
    names.update(ROUTING_ENV_VARS.values())
    names.update(auth_env_var(key) for key in AUTH_KEYS)
    for plugin_type, name in discover_plugins():
        if plugin_type == "module":
            continue
        for option in (ansible_doc(plugin_type, name)["doc"].get("options") or {}).values():
            names.update(entry["name"] for entry in option.get("env") or [])
    return names


def render_injectors(credential_type: dict, inputs: dict[str, str]) -> dict[str, str]:
    """What AWX puts in env/envvars for a credential of this type (a sandboxed Jinja render)."""
    defaults = {f["id"]: f.get("default", "") for f in credential_type["inputs"]["fields"]}
    namespace = {**defaults, **inputs}
    env = jinja2.sandbox.ImmutableSandboxedEnvironment()
    return {k: env.from_string(v).render(**namespace) for k, v in credential_type["injectors"]["env"].items()}


def emulator_inputs(connection: dict, url: str) -> dict[str, str]:
    """The inputs an AWX admin would type into a credential for the emulator."""
    flat = {"api_url": connection.get("api_url", ""), **(connection.get("auth") or {})}
    return {k: str(v).replace("{{ emulator_url }}", url) for k, v in flat.items()}


def test_every_provider_has_one_credential_type():
    assert sorted(injected_provider(t) for t in CREDENTIAL_TYPES) == sorted(PROVIDER_CHOICES)


@pytest.mark.parametrize("credential_type", CREDENTIAL_TYPES, ids=injected_provider)
def test_injectors_use_defined_inputs_and_hide_secrets(credential_type):
    fields = {f["id"]: f for f in credential_type["inputs"]["fields"]}
    assert credential_type["kind"] == "cloud"
    assert set(credential_type["inputs"].get("required", [])) <= set(fields)
    env = jinja2.Environment(autoescape=False)
    for variable, template in credential_type["injectors"]["env"].items():
        used = jinja2.meta.find_undeclared_variables(env.parse(template))
        assert used <= set(fields), f"{variable} uses undefined inputs {used - set(fields)}"
    for input_id in SECRET_INPUTS & set(fields):
        assert fields[input_id].get("secret") is True, f"{input_id} must be secret: AWX would show it"


def test_injected_variables_are_ones_the_collection_reads():
    read = variables_the_collection_reads()
    for credential_type in CREDENTIAL_TYPES:
        unknown = set(credential_type["injectors"]["env"]) - read
        assert unknown == set(), f"{credential_type['name']} injects variables nothing reads: {sorted(unknown)}"


def private_data_dir(tmp: Path, envvars: dict[str, str], extravars: dict) -> Path:
    """The directory AWX hands ansible-runner: the synced project, env/, an inventory."""
    pdd = tmp / "runner"
    shutil.copytree(REPO / "playbooks", pdd / "project" / "playbooks")
    shutil.copytree(AWX / "inventory", pdd / "project" / "docs" / "awx" / "inventory")
    (pdd / "env").mkdir()
    (pdd / "env" / "envvars").write_text(yaml.safe_dump(envvars))
    (pdd / "env" / "extravars").write_text(yaml.safe_dump(extravars))
    (pdd / "inventory").mkdir()
    (pdd / "inventory" / "hosts").write_text("localhost ansible_connection=local\n")
    return pdd


def run_job(pdd: Path, playbook: str, ident: str) -> dict:
    """``ansible-runner run`` as AWX does; the job must succeed; returns its play recap."""
    proc = run_ansible("ansible-runner", "run", str(pdd), "-p", playbook, "--ident", ident, env=ansible_env())
    artifacts = pdd / "artifacts" / ident
    status = (artifacts / "status").read_text().strip() if (artifacts / "status").exists() else "missing"
    assert status == "successful", f"{playbook}: {status}\n{proc.stdout[-5000:]}\n{proc.stderr[-2000:]}"
    events = [json.loads(p.read_text()) for p in sorted((artifacts / "job_events").glob("*.json"))]
    (stats,) = [e["event_data"] for e in events if e["event"] == "playbook_on_stats"]
    return stats


@pytest.mark.integration
@pytest.mark.slow
def test_demo_job_template_runs_like_awx(emulator, tmp_path):
    """One launch, as AWX runs it: the demo's job template with its extra variables.

    That a second launch changes nothing is the idempotence step of the molecule scenarios
    (tests/integration/test_roles.py), which converge the demo's own variables
    (playbooks/vars/demo.yml) through the same three roles; running the whole demo twice
    more here would add two minutes of worker time and no new check.
    """
    requests.post(f"{emulator.url}/_emulator/reset", timeout=10).raise_for_status()
    # The emulator's clock runs 1000 times faster, so the demo may poll more often than its default 1 s.
    extravars = {"emulator_url": emulator.url, "kubeconfig_dir": str(tmp_path), "demo_poll": 0.2}
    pdd = private_data_dir(tmp_path, {}, extravars)
    first = run_job(pdd, "playbooks/demo.yml", "first")
    assert first["changed"].get("localhost", 0) > 0
    assert first["failures"].get("localhost", 0) == 0
    assert (tmp_path / "kaas-deployme.yaml").stat().st_mode & 0o777 == 0o600


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("credential_type", CREDENTIAL_TYPES, ids=injected_provider)
def test_credential_reaches_the_modules_through_the_environment(credential_type, emulator, tmp_path):
    """The cluster report job, given nothing but a credential's injected variables (and for ECNS,
    which has no cluster list, the cluster a user names at launch)."""
    provider = injected_provider(credential_type)
    connections = emulator_connections()
    if provider not in connections:
        pytest.skip(f"the emulator has no {provider} connection yet (tests/integration/test_targets.py)")
    requests.delete(f"{emulator.url}/_emulator/requests", timeout=10).raise_for_status()
    envvars = render_injectors(credential_type, emulator_inputs(connections[provider], emulator.url))
    pdd = private_data_dir(tmp_path, envvars, REPORT_LAUNCH_VARIABLES.get(provider, {}))
    run_job(pdd, "playbooks/cluster_report.yml", "report")
    log = requests.get(f"{emulator.url}/_emulator/requests", timeout=10).json()["requests"]
    assert log and {r["provider"] for r in log} == {provider}
    assert all(r["status"] < 400 for r in log), log


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.skipif(
    not (REPO / "plugins" / "inventory" / "clusters.py").exists(),
    reason="the kaas.cloud.clusters inventory plugin is not in this tree yet (issue 7)",
)
@pytest.mark.parametrize("credential_type", CREDENTIAL_TYPES, ids=injected_provider)
def test_inventory_source_updates_like_awx(credential_type, emulator, tmp_path, monkeypatch):
    """AWX updates an inventory source with ansible-inventory inside ansible-runner."""
    provider = injected_provider(credential_type)
    connections = emulator_connections()
    if provider not in connections:
        pytest.skip(f"the emulator has no {provider} connection yet (tests/integration/test_targets.py)")
    envvars = render_injectors(credential_type, emulator_inputs(connections[provider], emulator.url))
    pdd = private_data_dir(tmp_path, envvars, {})
    source = pdd / "project" / "docs" / "awx" / "inventory" / f"{provider}.kaas.yml"
    monkeypatch.setenv("PATH", ansible_env()["PATH"])  # runner looks ansible-inventory up on its own PATH
    listed, errors = ansible_runner.interface.get_inventory(
        action="list",
        inventories=[str(source)],
        response_format="json",
        private_data_dir=str(pdd),
        envvars={**ansible_env(tmp_path), **envvars},
        quiet=True,
    )
    listed = json.loads(listed) if isinstance(listed, str) else listed
    assert isinstance(listed, dict) and "_meta" in listed, errors
    assert "Unable to parse" not in (errors or ""), errors


def test_awx_objects_reference_what_exists():
    """Job templates, inventory sources and credentials name playbooks, files, types and objects that exist."""
    objects = yaml.safe_load((AWX / "job_templates.yml").read_text())
    names = {kind: {o["name"] for o in objects.get(kind, [])} for kind in objects}
    types = {t["name"]: t for t in CREDENTIAL_TYPES}
    for credential in objects["credentials"]:
        fields = {f["id"] for f in types[credential["credential_type"]]["inputs"]["fields"]}
        assert set(credential["inputs"]) <= fields, credential["name"]
    for source in objects["inventory_sources"]:
        assert (REPO / source["source_path"]).exists(), source["source_path"]
        assert source["credential"] in names["credentials"] and source["inventory"] in names["inventories"]
        assert source["source_project"] in names["projects"]
    for template in objects["job_templates"]:
        assert (REPO / template["playbook"]).exists(), template["playbook"]
        assert template["project"] in names["projects"] and template["inventory"] in names["inventories"]
        assert set(template.get("credentials", [])) <= names["credentials"]
    inventory_files = {p.relative_to(REPO).as_posix() for p in (AWX / "inventory").glob("*.kaas.yml")}
    assert {f"docs/awx/inventory/{p}.kaas.yml" for p in PROVIDER_CHOICES} == inventory_files
