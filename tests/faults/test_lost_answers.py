"""Every write of every module, with its answer lost after the provider acted on it.

For each lifecycle (create, change, delete of one resource on one provider) the suite
first runs every step without faults and notes the writes each step sends. Then, for
each of those writes, it replays the lifecycle up to that step and loses the answer of
exactly that write: the provider acts, and then resets the connection, answers a
gateway error, or answers later than the client waits. The task must then:

- converge, or fail cleanly with a message; in both cases say ``changed: true``
  (the provider did act, so handlers and reports must know);
- leave no duplicate: the provider holds no resource of a name more often than after
  the same step run without faults (counted in the emulator's own state, never
  through the collection);
- converge on a plain re-run, and a third run then reports no change and sends no
  write.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from typing import Any

import pytest

from fault_scenarios import TIMEOUT, WAIT, module_main
from lost_answer_lifecycles import Lifecycle, lifecycles
from support.harness import WRITE_METHODS, Cloud, run_module

#: Each write gets the two kinds the issue of lost answers names, and one gateway error in turn.
ALWAYS = (
    ("accepted, then reset", {"reset": True, "after": True}),
    ("accepted, answered after the timeout", {"delay_ms": int(TIMEOUT * 1500), "after": True}),
)
ROTATING = (
    ("accepted, then 504", {"status": 504, "after": True}),
    ("accepted, then 502", {"status": 502, "after": True}),
    ("accepted, then 500", {"status": 500, "after": True}),
)
LIFECYCLES = lifecycles()
ID_SEGMENT = re.compile(r"\d|^cls_")
MADE_UP = re.compile(r"[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|[a-z0-9]{10,}")
_REFERENCES: dict[str, list[dict[str, Any]]] = {}


def signature(state: Any) -> Counter:
    """How often each name stands in each collection of the provider's state (ids folded to ``*``).

    Names the provider makes up (an NKS node ``<cluster>-<group>-<random>-node-0``) are folded too.
    """
    seen: Counter = Counter()

    def named(value: str) -> str:
        return MADE_UP.sub("*", value)

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(value, dict) and isinstance(value.get("name"), str):
                    seen[(f"{path}/*", named(value["name"]))] += 1
                    walk(value, f"{path}/*")
                else:
                    walk(value, f"{path}/{key}")
        elif isinstance(node, list):
            for item in node:
                if isinstance(item, dict) and isinstance(item.get("name"), str):
                    seen[(f"{path}[]", named(item["name"]))] += 1
                walk(item, f"{path}[]")

    walk(state, "")
    return seen


def provider_state(emulator: Any, provider: str) -> Any:
    return emulator.app.extensions["kaas_emulator"].store.snapshot()[provider]


def run_task(cloud: Cloud, life: Lifecycle, module: str, args: dict[str, Any]) -> dict[str, Any]:
    doc = importlib.import_module(module_main(module).__module__).DOCUMENTATION
    options = {**life.provider.connection(cloud.url), "timeout": TIMEOUT}
    if "kaas.cloud.wait" in doc:
        options.update(WAIT)
    if "kaas.cloud.ecns_scope" not in doc and "\n  cluster:\n" not in doc:
        options.pop("cluster", None)  # Harbor workspaces belong to no cluster
    return run_module(module_main(module), {**options, **args})


def api_writes(cloud: Cloud, life: Lifecycle) -> list[tuple[str, str]]:
    paths = re.compile(life.provider.api_paths)
    return [
        (r["method"], r["path"])
        for r in cloud.requests(life.provider.name)
        if r["method"] in WRITE_METHODS and paths.search(r["path"])
    ]


def arrange(cloud: Cloud, life: Lifecycle, steps: int) -> None:
    cloud.reset()
    for module, args in life.setup:
        result = run_task(cloud, life, module, args)
        assert not result.get("failed"), f"setup {module}: {result.get('msg')}"
    for label, args in life.steps[:steps]:
        result = run_task(cloud, life, life.module, args)
        assert not result.get("failed"), f"{label}: {result.get('msg')}"


def reference(cloud: Cloud, emulator: Any, life: Lifecycle) -> list[dict[str, Any]]:
    """Each step run without faults: the writes it sends and the names the provider then holds."""
    if life.name not in _REFERENCES:
        arrange(cloud, life, 0)
        steps = []
        for label, args in life.steps:
            cloud.clear_log()
            result = run_task(cloud, life, life.module, args)
            assert not result.get("failed") and result["changed"], f"{life.name} {label} without faults: {result}"
            steps.append(
                {"writes": api_writes(cloud, life), "names": signature(provider_state(emulator, life.provider.name))}
            )
        _REFERENCES[life.name] = steps
    return _REFERENCES[life.name]


def pattern(path: str) -> str:
    """The write's path as a rule: ids differ between runs (uuids and numbers, deployme's ``cls_`` ids)."""
    parts = [r"[^/]+" if ID_SEGMENT.search(part) else re.escape(part) for part in path.split("/")]
    return "^" + "/".join(parts) + "$"


def cases() -> list:
    return [
        pytest.param(life, index, id=f"{life.name} {label}")
        for life in LIFECYCLES
        for index, (label, _args) in enumerate(life.steps)
    ]


@pytest.mark.parametrize(("life", "step"), cases())
def test_lost_answers_of_every_write(emulator, cloud, report, life: Lifecycle, step: int) -> None:
    expected = reference(cloud, emulator, life)[step]
    label = life.steps[step][0]
    assert expected["writes"], f"{life.name} {label} sends no write"
    wrong = []
    for position, (method, path) in enumerate(expected["writes"]):
        skip = sum(1 for m, p in expected["writes"][:position] if m == method and re.match(pattern(path), p))
        for fault_name, rule in (*ALWAYS, ROTATING[position % len(ROTATING)]):
            case = f"{life.name} {label} | write {position + 1} {method} | {fault_name}"
            problem = lost_answer_case(cloud, emulator, life, step, method, pattern(path), skip, rule, expected)
            report(
                {
                    "case": case,
                    "outcome": "wrong" if problem else "survived",
                    "detail": problem or "converged",
                    "lost_answer": life.provider.name,
                }
            )
            if problem:
                wrong.append(f"{case}: {problem}")
    assert not wrong, "\n".join(wrong)


def lost_answer_case(
    cloud: Cloud,
    emulator: Any,
    life: Lifecycle,
    step: int,
    method: str,
    path: str,
    skip: int,
    rule: dict[str, Any],
    expected: dict[str, Any],
) -> str | None:
    """Run one step with one write's answer lost; return what went wrong, or None."""
    args = life.steps[step][1]
    arrange(cloud, life, step)
    cloud.clear_log()
    cloud.faults({"provider": life.provider.name, "method": method, "path": path, "skip": skip, **rule})
    result = run_task(cloud, life, life.module, args)
    cloud.clear_faults()
    if not any(r["fault"] for r in cloud.requests(life.provider.name)):
        return "the fault never struck"
    message = str(result.get("msg") or "")
    if "Traceback" in str(result.get("exception", "")) or message.startswith("unexpected error"):
        return f"crashed: {message[:300]}"
    if result.get("failed") and not message:
        return "failed without a message"
    if result.get("changed") is not True:
        return f"the provider acted, but the task said changed={result.get('changed')}: {message[:300]}"
    extra = signature(provider_state(emulator, life.provider.name)) - expected["names"]
    if extra:
        return f"duplicates: {dict(extra)}"
    rerun = run_task(cloud, life, life.module, args)
    if rerun.get("failed"):
        return f"the re-run did not converge: {rerun.get('msg')}"
    cloud.clear_log()
    third = run_task(cloud, life, life.module, args)
    if third.get("failed") or third.get("changed") or api_writes(cloud, life):
        return f"not converged after the re-run: changed={third.get('changed')}, writes={api_writes(cloud, life)}"
    extra = signature(provider_state(emulator, life.provider.name)) - expected["names"]
    if extra:
        return f"duplicates after the re-run: {dict(extra)}"
    return None
