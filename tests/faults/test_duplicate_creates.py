"""Creates whose answer is lost or delayed never leave two resources of one name.

Each create is hit by one ambiguous fault on its POST, rotating through: the change
made and the answer lost (connection reset, 502, 504), the request refused (503,
reset before it was handled), and an answer slower than the client's timeout (the
resource appears after the client gave up). The suite counts the resources of every
name afterwards, through the emulator, not through the collection.
"""

from __future__ import annotations

import pytest

from fault_scenarios import API_PATHS, PROVIDERS, TIMEOUT, module_main
from support.harness import run_module

CREATES_PER_CHUNK = 50
CHUNKS = 4  # 200 fault-injected creates in all, spread over the xdist workers
AMBIGUOUS = (
    {"reset": True, "after": True},
    {"status": 504, "after": True},
    {"status": 502, "after": True},
    {"status": 503, "retry_after": 0},
    {"reset": True},
    {"status": 500, "after": True},
    {"status": 504, "after": True},
    {"reset": True, "after": True},
    {"status": 429, "retry_after": 0},
    {"delay_ms": int(TIMEOUT * 1500)},
)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_fault_injected_creates_leave_one_resource_each(cloud, report, chunk: int) -> None:
    provider = PROVIDERS[chunk % len(PROVIDERS)]
    connection = {**provider.connection(cloud.url), "timeout": TIMEOUT, "wait": False}
    names, failures = [], []
    for index in range(CREATES_PER_CHUNK):
        name = f"dup-{chunk}-{index}"
        rule = AMBIGUOUS[index % len(AMBIGUOUS)]
        cloud.faults({"provider": provider.name, "method": "POST", "path": API_PATHS, **rule})
        result = run_module(module_main("k8s_cluster"), {**connection, **provider.create(name)})
        cloud.clear_faults()
        names.append(name)
        if result.get("failed"):
            failures.append(f"{name} {rule}: {result.get('msg')}")
    duplicates = {name: count for name in names if (count := provider.census(cloud, name).count) != 1}
    extra = sum(count - 1 for count in duplicates.values() if count > 1)
    report(
        {
            "case": f"{CREATES_PER_CHUNK} fault-injected creates ({provider.name}, chunk {chunk})",
            "outcome": "wrong" if duplicates or failures else "survived",
            "detail": f"not exactly one: {duplicates}; failed: {failures[:3]}",
            "creates": CREATES_PER_CHUNK,
            "duplicates": extra,
        }
    )
    assert not duplicates, f"names without exactly one cluster: {duplicates}"
    assert not failures, failures
