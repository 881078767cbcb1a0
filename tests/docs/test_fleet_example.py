"""docs/examples/fleet-demo.yml, what `make fleet-demo` runs, is a valid fleet on the emulator as it is.

The demo itself (hack/fleet-demo.sh: plan, converge, plan, report, prune) takes minutes, too
long for `make test`; this checks what it relies on in under a second: the file loads through
the ``kaas.cloud.fleet_file`` filter, declares clusters on all four providers, and signs in
to ``kaas-emulator serve`` (127.0.0.1:8480) with its demo credentials; the files the script
derives from it name the emulator it started, and its check of a plan can fail.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from ansible_collections.kaas.cloud.plugins.filter.fleet_file import fleet_file
from ansible_collections.kaas.cloud.plugins.module_utils.arguments import PROVIDER_CHOICES
from support.inventory import REPO, deployme_entry, ecns_entry, itcare_entry, nks_entry

EXAMPLE = REPO / "docs" / "examples" / "fleet-demo.yml"
HELPER = REPO / "hack" / "fleet_demo.py"
EMULATOR = "http://127.0.0.1:8480"


def emulator_connections(url: str) -> dict[str, dict]:
    """The connection options that sign in to the emulator at ``url``, by provider (as the tests use them)."""
    return {
        entry["provider"]: entry for entry in (nks_entry(url), itcare_entry(url), deployme_entry(url), ecns_entry(url))
    }


def secrets(options: dict) -> list[str]:
    return [str(v) for k, v in (options.get("auth") or {}).items() if k in ("password", "token", "client_secret")]


def test_the_example_declares_clusters_on_every_provider_of_the_emulator():
    loaded = fleet_file(str(EXAMPLE))
    assert {c["provider"] for c in loaded["clusters"]} == set(PROVIDER_CHOICES)
    by_provider = {options["provider"]: options for options in loaded["connections"].values()}
    assert by_provider == emulator_connections(EMULATOR)


def test_no_cluster_name_holds_a_secret_of_its_connection():
    """Ansible hides a module's secrets in whatever it returns, inside words too: a cluster named
    demo-web, listed with the password demo, comes back as ********-web, which the plan then
    takes for an undeclared cluster."""
    for cluster in fleet_file(str(EXAMPLE))["clusters"]:
        for secret in secrets(cluster["connection_options"]):
            assert secret not in cluster["name"], cluster["name"]


def test_the_demo_copies_name_the_emulator_it_started(tmp_path):
    url = "http://127.0.0.1:40123"
    subprocess.run([sys.executable, str(HELPER), "files", url, str(tmp_path)], check=True, timeout=60)
    copy = fleet_file(str(tmp_path / "fleet-demo.yml"))
    assert EMULATOR not in (tmp_path / "fleet-demo.yml").read_text()
    assert {o["provider"]: o for o in copy["connections"].values()} == emulator_connections(url)
    assert [c["name"] for c in copy["clusters"]] == [c["name"] for c in fleet_file(str(EXAMPLE))["clusters"]]
    empty = fleet_file(str(tmp_path / "fleet-empty.yml"))
    assert empty["clusters"] == [] and empty["connections"] == copy["connections"]
    report = yaml.safe_load((tmp_path / "fleet-report-connections.yml").read_text())["fleet_report_connections"]
    expected = {p: {k: v for k, v in o.items() if k != "provider"} for p, o in emulator_connections(url).items()}
    assert report == expected


@pytest.mark.parametrize(
    ("actions", "summary", "code"),
    [
        ("unchanged", {"unchanged": 6, "change": 0, "undeclared": 0}, 0),
        ("unchanged", {"unchanged": 6, "change": 0, "undeclared": 5}, 1),
        ("create,change", {"create": 5, "change": 1, "failed": 0}, 0),
        ("create,change", {"create": 5, "change": 0, "failed": 1}, 1),
        ("none", {"create": 0, "undeclared": 0}, 0),
        ("none", {"create": 0, "undeclared": 1}, 1),
    ],
)
def test_the_demo_check_of_a_plan_can_fail(tmp_path, actions, summary, code):
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps({"clusters": [], "summary": summary}))
    run = subprocess.run(
        [sys.executable, str(HELPER), "only", actions, str(plan)], capture_output=True, timeout=60, check=False
    )
    assert run.returncode == code, run.stdout
