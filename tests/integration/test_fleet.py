"""``playbooks/fleet.yml`` against the emulator: a fleet of 8 clusters over the four providers.

Planned (no write), converged, planned again (nothing to do), changed through the file
and planned with exactly those changes (one of them refused: ITCare cannot resize nodes in
place), converged (the refused cluster fails alone), then pruned. Every plan is read
from the JSON the playbook writes (``fleet_plan_output``); the writes from the
emulator's request log.
"""

from __future__ import annotations

import copy

import pytest

from kaas_emulator.server import EmulatorServer
from support.fleet import ECNS_CLUSTERS, by_name, fleet, run_fleet, write, writes
from support.harness import Cloud
from support.inventory import seed_deployme

# NKS, ITCare and deployme clusters; plus the emulator's two ECNS clusters: 8, each run costs
# CPU per cluster and task.
COUNTS = {"nks": 2, "itcare": 2, "deployme": 2}
# The cluster role's read-back is tested with the role (molecule); here the re-plan checks.
NO_VERIFY = ("-e", "fleet_verify=false")
STRAY = "stray-dm"  # a cluster the deployme account holds but the fleet does not declare


def changes(entry: dict) -> dict[str, tuple]:
    return {c["key"]: (c["before"], c["after"]) for c in entry["changes"]}


def actions(plan: dict) -> dict[str, str]:
    return {item["name"]: item["action"] for item in plan["clusters"]}


def listed(cloud: Cloud) -> set[str]:
    """Names of the clusters the NKS, ITCare and deployme accounts hold (not being deleted)."""
    nks = cloud.nks("GET", "/v1/clusters").json()["clusters"]
    itcare = cloud.itcare("GET", "/compute/containers/kubernetes", params={"size": 100}).json()["content"]
    deployme = cloud.deployme("GET", "/v1/clusters", params={"per_page": 100}).json()["items"]
    return {c["name"] for c in [*nks, *itcare, *deployme] if "DELET" not in str(c.get("status")).upper()}


@pytest.mark.integration
@pytest.mark.slow
def test_a_fleet_is_planned_converged_changed_and_pruned(tmp_path):
    with EmulatorServer(time_scale=3000) as emulator:
        cloud = Cloud(emulator.url)
        seed_deployme(cloud, STRAY, 1)
        document = fleet(emulator.url, **COUNTS)
        declared = {c["name"] for c in document["clusters"]}
        assert len(declared) == sum(COUNTS.values()) + len(ECNS_CLUSTERS) == 8
        fleet_file = write(tmp_path / "fleet.yml", document)

        broken = copy.deepcopy(document)
        broken["clusters"][-1]["version"] = "1.29"  # deployme has no version
        cloud.clear_log()
        proc, plan = run_fleet(write(tmp_path / "broken.yml", broken), tmp_path, "--check")
        assert proc.returncode != 0 and plan == {}
        assert (
            "cluster 'fleet-dm-001' (deployme, connection 'deployme-demo'): provider deployme cannot do 'version'"
            in proc.stdout
        )
        assert cloud.requests() == [], "a bad fleet file is refused before any request"

        cloud.clear_log()
        proc, plan = run_fleet(fleet_file, tmp_path, "--check", "--diff")
        assert proc.returncode == 0, proc.stdout[-6000:]
        assert writes(cloud) == []
        created = {name for name in declared if name not in ECNS_CLUSTERS}
        assert actions(plan) == {
            **dict.fromkeys(created, "create"),
            **dict.fromkeys(ECNS_CLUSTERS, "change"),
            STRAY: "undeclared",
        }
        assert plan["summary"] == {
            "create": 6,
            "change": 2,
            "unchanged": 0,
            "refused": 0,
            "undeclared": 1,
            "failed": 0,
        }
        assert set(changes(by_name(plan)["fleet-nks-000"])) == {
            "version",
            "node_count",
            "node_size",
            "nks",
            "node_groups",
            "autoscalers",
            "ip_acl",
        }
        assert "summary: create 6, change 2, unchanged 0, refused 0, undeclared 1, failed 0" in proc.stdout

        proc, plan = run_fleet(fleet_file, tmp_path, *NO_VERIFY)
        assert proc.returncode == 0, proc.stdout[-6000:]
        assert plan["summary"]["create"] == 6 and plan["summary"]["failed"] == 0
        assert STRAY in listed(cloud), "an undeclared cluster is deleted only with fleet_prune"

        cloud.clear_log()
        proc, plan = run_fleet(fleet_file, tmp_path, "--check", "--diff")
        assert proc.returncode == 0, proc.stdout[-6000:]
        assert writes(cloud) == []
        assert plan["summary"] == {
            "create": 0,
            "change": 0,
            "unchanged": 8,
            "refused": 0,
            "undeclared": 1,
            "failed": 0,
        }
        assert all(item["changes"] == [] for item in plan["clusters"])

        changed = copy.deepcopy(document)
        edits = {c["name"]: c for c in changed["clusters"]}
        edits["fleet-nks-001"]["node_count"] = 2
        edits["fleet-dm-000"]["node_size"] = "medium"
        edits["ecns-east"]["workloads"][0]["replicas"] = 2
        edits["fleet-it-001"]["node_size"] = "4cpu8gb"  # fixed at creation on ITCare
        write(fleet_file, changed)
        cloud.clear_log()
        proc, plan = run_fleet(fleet_file, tmp_path, "--check", "--diff")
        assert proc.returncode == 0, proc.stdout[-6000:]
        assert writes(cloud) == []
        entries = by_name(plan)
        assert changes(entries["fleet-nks-001"]) == {"node_count": (1, 2)}
        assert changes(entries["fleet-dm-000"]) == {"node_size": ("small", "medium")}
        assert changes(entries["ecns-east"]) == {"workloads[shop/web].replicas": (1, 2)}
        refused = entries["fleet-it-001"]
        assert refused["action"] == "refused"
        assert [(r["key"], r["before"], r["after"]) for r in refused["refused"]] == [
            ("node_size", "2cpu4gb", "4cpu8gb")
        ]
        assert "cannot be changed in place" in refused["refused"][0]["reason"]
        assert plan["summary"] == {
            "create": 0,
            "change": 3,
            "unchanged": 4,
            "refused": 1,
            "undeclared": 1,
            "failed": 0,
        }

        proc, plan = run_fleet(fleet_file, tmp_path, *NO_VERIFY)
        assert proc.returncode != 0, "a refused change fails the run, after every other cluster converged"
        assert "0 cluster(s) failed and 1 refused a change" in proc.stdout
        assert {n: a for n, a in actions(plan).items() if a != "unchanged"} == {
            "fleet-nks-001": "change",
            "fleet-dm-000": "change",
            "ecns-east": "change",
            "fleet-it-001": "refused",
            STRAY: "undeclared",
        }

        write(fleet_file, {**document, "clusters": [c for c in document["clusters"] if c["name"] in ECNS_CLUSTERS]})
        proc, plan = run_fleet(fleet_file, tmp_path, "-e", "fleet_prune=true")
        assert proc.returncode == 0, proc.stdout[-6000:]
        pruned = {n for n, a in actions(plan).items() if a == "undeclared"}
        assert pruned == created | {STRAY}
        assert all(changes(by_name(plan)[n]) == {"state": ("present", "absent")} for n in pruned)
        assert listed(cloud) == set()


@pytest.mark.integration
def test_an_account_that_cannot_be_listed_fails_the_plan_without_showing_its_secrets(tmp_path):
    """The listing loop's failed item is printed in full: it must be a connection's name, not its options."""
    with EmulatorServer(time_scale=3000) as emulator:
        document = fleet(emulator.url, nks=1, itcare=0, deployme=1)
    # The emulator is stopped: every listing fails to connect, with every secret in the task's options.
    secrets = {
        "nks": {"username": "fleet-user", "password": "Pa55-not-for-logs", "tenant_id": "t-1"},
        "deployme": {"token": "tok-not-for-logs"},
    }
    for connection in document["connections"].values():
        if connection["provider"] in secrets:
            connection["auth"] = secrets[connection["provider"]]
            connection["timeout"] = 2
    proc, plan = run_fleet(write(tmp_path / "fleet.yml", document), tmp_path, "--check", "--diff", "-vvv")
    assert proc.returncode != 0 and plan == {}
    assert "List the clusters of each account" in proc.stdout
    for value in ("Pa55-not-for-logs", "tok-not-for-logs"):
        assert value not in proc.stdout + proc.stderr
