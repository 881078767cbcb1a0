"""The ``kaas.cloud.clusters`` inventory under the fault suite's faults.

``ansible-inventory --list`` runs against an emulator holding two NKS and two deployme
clusters. A transient fault (every fault of :data:`fault_scenarios.FAULTS` that can
strike a read) must be survived: the listing is complete, with no warning. A provider
that keeps answering errors must be reported: with ``strict: false`` as a warning that
names it while the other provider's clusters are still listed, with ``strict: true``
as a failed run with a message. Never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fault_scenarios import API_PATHS, FAULTS, TIMEOUT, Fault
from kaas_emulator.server import EmulatorServer
from support.harness import Cloud
from support.inventory import (
    SEED_TIME_SCALE,
    deployme_entry,
    members,
    nks_entry,
    plain,
    run_inventory,
    seed_deployme,
    seed_nks,
    write_source,
)

CLUSTERS = {"inv-a", "inv-b", "inv-dm-a", "inv-dm-b"}
NKS_CLUSTERS = {"inv-a", "inv-b"}
#: A provider that answers errors however often it is asked: refused (503, no wait) and forbidden (403).
PERSISTENT_ERRORS = (
    pytest.param({"status": 503, "retry_after": 0}, id="503 on every request"),
    pytest.param({"status": 403}, id="403 on every request"),
)


@pytest.fixture(scope="module")
def seeded():
    """The four clusters, complete (the seeding time scale ends every creation at once)."""
    with EmulatorServer(time_scale=SEED_TIME_SCALE) as server:
        cloud = Cloud(server.url)
        cloud.reset()
        seed_nks(cloud, "inv-a", 1)
        seed_nks(cloud, "inv-b", 2)
        seed_deployme(cloud, "inv-dm-a", 1)
        seed_deployme(cloud, "inv-dm-b", 1)
        yield cloud


def source(cloud: Cloud, directory: Path, strict: bool) -> Path:
    entries = [nks_entry(cloud.url, timeout=TIMEOUT), deployme_entry(cloud.url, timeout=TIMEOUT)]
    return write_source(directory, entries, hosts="both", strict=strict)


def listed(stdout: str) -> set[str]:
    return members(plain(json.loads(stdout)), "kaas_clusters")


@pytest.mark.parametrize("fault", [f for f in FAULTS if not f.writes_only], ids=lambda f: f.name)
def test_transient_fault_is_survived(seeded: Cloud, report, tmp_path: Path, fault: Fault) -> None:
    seeded.clear_faults()
    seeded.clear_log()
    times = 1 if fault.name == "401 once (token expired)" else 2
    seeded.faults({"provider": "nks", "method": "GET", "path": API_PATHS, "times": times, **fault.rule})
    proc = run_inventory(source(seeded, tmp_path, strict=True), "--list")
    seeded.clear_faults()
    if not any(r["fault"] for r in seeded.requests("nks")):
        outcome, detail = "wrong", "the fault never struck"
    elif "Traceback" in proc.stderr:
        outcome, detail = "wrong", f"traceback: {proc.stderr[-300:]}"
    elif proc.returncode != 0:
        outcome, detail = "wrong", f"gave up on a transient fault: {proc.stderr[-300:]}"
    elif (found := listed(proc.stdout)) != CLUSTERS:
        outcome, detail = "wrong", f"listed {sorted(found)}"
    elif "[WARNING]" in proc.stderr:
        outcome, detail = "wrong", f"warned about a transient fault: {proc.stderr[-300:]}"
    else:
        outcome, detail = "survived", f"listed {len(found)} clusters"
    report({"case": f"inventory | {fault.name} on GET", "outcome": outcome, "detail": detail})
    assert outcome == "survived", detail


@pytest.mark.parametrize("rule", PERSISTENT_ERRORS)
@pytest.mark.parametrize("strict", [False, True], ids=["strict false", "strict true"])
def test_provider_answering_errors_warns_or_fails(seeded: Cloud, report, tmp_path: Path, rule, strict: bool) -> None:
    seeded.clear_faults()
    seeded.clear_log()
    seeded.faults({"provider": "deployme", "path": API_PATHS, "times": None, **rule})
    proc = run_inventory(source(seeded, tmp_path, strict=strict), "--list")
    seeded.clear_faults()
    said = " ".join(proc.stderr.split())
    if not any(r["fault"] for r in seeded.requests("deployme")):
        outcome, detail = "wrong", "the fault never struck"
    elif "Traceback" in proc.stderr:
        outcome, detail = "wrong", f"traceback: {proc.stderr[-300:]}"
    elif strict and proc.returncode == 0:
        outcome, detail = "wrong", "strict: true listed a provider that answered errors"
    elif strict:
        clear = "deployme" in said and str(rule["status"]) in said
        outcome, detail = ("failed-cleanly" if clear else "wrong"), said[-300:]
    elif proc.returncode != 0:
        outcome, detail = "wrong", f"strict: false failed: {said[-300:]}"
    elif (found := listed(proc.stdout)) != NKS_CLUSTERS or "[WARNING]" not in proc.stderr or "deployme" not in said:
        outcome, detail = "wrong", f"listed {sorted(found)}; stderr: {said[-300:]}"
    else:
        outcome, detail = "failed-cleanly", f"warned, kept {sorted(found)}"
    case = f"inventory | deployme {rule} (strict {str(strict).lower()})"
    report({"case": case, "outcome": outcome, "detail": detail})
    assert outcome == "failed-cleanly", detail
