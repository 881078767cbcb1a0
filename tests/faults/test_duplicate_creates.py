"""Creates whose answer is lost or delayed never leave two resources of one name.

Each provider's main create (a cluster on deployme, NKS and ITCare, a workload on
ECNS) is hit by one fault on its POST, rotating through: the change made and the
answer lost (reset, 500, 502, 504) or sent after the client gave up, the request
refused (503, a reset before it was handled), and a request the provider handles
only after the client gave up. A task may fail when it cannot tell whether the
provider acted (it then says so and sends nothing again); a plain re-run, once the
provider is done with the lost request, must converge. The suite counts the
resources of every name afterwards, through the emulator, not through the collection.
"""

from __future__ import annotations

import time

import pytest

from fault_operations import ECNS, ITCARE, ecns_workloads
from fault_scenarios import PROVIDERS, TIMEOUT, Census, module_main
from support.harness import Cloud, run_module

CREATES_PER_PROVIDER = 50
LATE = int(TIMEOUT * 1500)
FAULTS = (
    ("accepted, then reset", {"reset": True, "after": True}, True),
    ("accepted, answered after the timeout", {"delay_ms": LATE, "after": True}, True),
    ("accepted, then 504", {"status": 504, "after": True}, True),
    ("refused with 503", {"status": 503, "retry_after": 0}, False),
    ("accepted, then 502", {"status": 502, "after": True}, True),
    ("reset before it was handled", {"reset": True}, False),
    ("accepted, then 500", {"status": 500, "after": True}, True),
    ("accepted, then reset", {"reset": True, "after": True}, True),
    ("handled after the client gave up", {"delay_ms": LATE * 2}, False),
    ("accepted, answered after the timeout", {"delay_ms": LATE, "after": True}, True),
)


def itcare_count(cloud: Cloud, name: str) -> Census:
    listed = cloud.itcare("GET", "/compute/containers/kubernetes", params={"size": 200}).json()["content"]
    return Census(sum(1 for c in listed if c["name"] == name))


def ecns_count(cloud: Cloud, name: str) -> Census:
    return Census(len(ecns_workloads(cloud, name)))


CREATORS = [*((p, p.census) for p in PROVIDERS), (ITCARE, itcare_count), (ECNS, ecns_count)]


def wait_for_answers(cloud: Cloud, provider: str) -> None:
    """Let a request the emulator still holds finish, as a user's re-run minutes later would."""
    for _attempt in range(100):
        if all(r["status"] is not None or r["fault"] == "reset" for r in cloud.requests(provider)):
            return
        time.sleep(0.05)


@pytest.mark.parametrize(("provider", "census"), CREATORS, ids=[p.name for p, _c in CREATORS])
def test_fault_injected_creates_leave_one_resource_each(cloud, report, provider, census) -> None:
    connection = {**provider.connection(cloud.url), "timeout": TIMEOUT, "wait": False}
    module = "workload" if provider is ECNS else "k8s_cluster"
    wrong = []
    for index in range(CREATES_PER_PROVIDER):
        name = f"dup-{index}"
        fault_name, rule, lost_answer = FAULTS[index % len(FAULTS)]
        cloud.clear_log()
        cloud.faults({"provider": provider.name, "method": "POST", "path": provider.api_paths, **rule})
        result = run_module(module_main(module), {**connection, **provider.create(name)})
        cloud.clear_faults()
        problem = None
        if result.get("failed"):
            wait_for_answers(cloud, provider.name)
            if not lost_answer and "not sent again" not in str(result.get("msg")):
                problem = f"gave up on a fault that says the request was not processed: {result.get('msg')}"
            elif result.get("changed") is not True:
                problem = f"the create may have been applied, but the task said changed={result.get('changed')}"
            rerun = run_module(module_main(module), {**connection, **provider.create(name)})
            if rerun.get("failed"):
                problem = f"the re-run did not converge: {rerun.get('msg')}"
        else:
            wait_for_answers(cloud, provider.name)
        count = census(cloud, name).count
        if count != 1:
            problem = f"{count} resources named {name}"
        report(
            {
                "case": f"create ({provider.name}) | {fault_name}",
                "outcome": "wrong" if problem else "survived",
                "detail": problem or "one resource",
                "creates": 1,
                "duplicates": max(count - 1, 0),
                **({"lost_answer": provider.name} if lost_answer else {}),
            }
        )
        if problem:
            wrong.append(f"{name} ({fault_name}): {problem}")
    assert not wrong, "\n".join(wrong)
