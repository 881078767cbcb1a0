"""Every module operation under every fault: converge or fail cleanly, never anything else.

"Wrong" is: a Python traceback or an "unexpected error", a failure without a
message, a duplicate resource, a success reported while the provider does not hold
the requested state, a transient fault that was not survived, or an operation that
failed at the provider but was reported as done.
"""

from __future__ import annotations

import pytest

from fault_operations import OPERATIONS
from fault_operations_ecns import ECNS_OBJECT_OPERATIONS
from fault_operations_ecns_apps import ecns_apps_operations
from fault_operations_ecns_config import ecns_config_operations
from fault_scenarios import EITHER, FAIL, SURVIVE, TIMEOUT, Fault, Operation, module_main
from support.harness import run_module

#: Faults also tried on the reads of a writing task (its look-up and its waiting).
READ_FAULTS = {"503", "connection reset", "slower than timeout", "401 once (token expired)", "429 with Retry-After"}


def cases() -> list:
    found = []
    for op in [*OPERATIONS, *ecns_config_operations(), *ECNS_OBJECT_OPERATIONS, *ecns_apps_operations()]:
        for fault in op.faults():
            found.append(
                pytest.param(op, fault, op.write or "GET", id=f"{op.name} | {fault.name} on {op.write or 'GET'}")
            )
            if op.write and fault.name in READ_FAULTS:
                found.append(pytest.param(op, fault, "GET", id=f"{op.name} | {fault.name} on GET"))
    return found


def lost_create(result: dict) -> bool:
    """The task said a create may have been applied and was not sent again (see the reconciler)."""
    return bool(result.get("failed")) and result.get("changed") is True and "not sent again" in str(result.get("msg"))


def classify(fault: Fault, result: dict, done: bool, count: int, seen: str) -> tuple[str, str]:
    message = str(result.get("msg") or "")
    if result.get("lost_create") and not result.get("failed") and done and count == 1:
        return "failed-cleanly", message[:200]
    if "Traceback" in str(result.get("exception", "")) or message.startswith("unexpected error"):
        return "wrong", f"crashed: {message[:300]}"
    if count > 1:
        return "wrong", f"{count} resources of one name ({seen})"
    if result.get("failed"):
        if not message:
            return "wrong", "failed without a message"
        if fault.expect == SURVIVE:
            return "wrong", f"gave up on a transient fault: {message[:300]}"
        return "failed-cleanly", message[:200]
    if not done:
        return "wrong", f"reported success, but the provider holds: {seen}"
    if fault.expect == FAIL:
        return "wrong", "reported success for an operation that failed at the provider"
    return "survived", seen


@pytest.mark.parametrize(("op", "fault", "method"), cases())
def test_fault(cloud, report, tmp_path, op: Operation, fault: Fault, method: str) -> None:
    assert fault.expect in (SURVIVE, FAIL, EITHER)
    connection = {**op.provider.connection(cloud.url), "timeout": TIMEOUT}
    name = "fault-" + op.module.replace("_", "-")
    op.arrange(cloud, connection, name)
    cloud.clear_log()
    times = 2 if method == "GET" and fault.name != "401 once (token expired)" else 1
    cloud.faults(
        {"provider": op.provider.name, "method": method, "path": op.provider.api_paths, "times": times, **fault.rule}
    )

    result = run_module(module_main(op.module), op.args(connection, name, tmp_path))

    cloud.clear_faults()  # a rule the task did not use up must not strike the judge
    struck = any(r["fault"] for r in cloud.requests(op.provider.name))
    if lost_create(result):
        # The create's answer was lost and the provider did not list it: the task refused to
        # post again. That is right when it says so; a plain re-run must then converge.
        result = run_module(module_main(op.module), op.args(connection, name, tmp_path))
        result["msg"] = f"re-run after a refused repeat: {result.get('msg') or 'converged'}"
        result["lost_create"] = True
    done, count, seen = op.judge(cloud, name, result, tmp_path)
    outcome, detail = classify(fault, result, done, count, seen) if struck else ("wrong", "the fault never struck")
    report({"case": f"{op.name} | {fault.name} on {method}", "outcome": outcome, "detail": detail})
    assert outcome != "wrong", detail
