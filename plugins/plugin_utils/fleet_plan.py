# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet plan: what the modules' results (check mode or not) say about each cluster.

The modules decide everything (what differs, what cannot change in place); this only
reads their registered results and names the keys: ``node_count``,
``node_groups[batch].node_count``, ``workloads[shop/web].replicas``. One entry per
cluster, in the contract of docs/fleet.md:
``{provider, name, connection, action, changes, refused, error}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

ACTIONS = ("create", "change", "unchanged", "refused", "undeclared", "failed")
#: The registered result of each step, in the order the steps run; "cluster" is the cluster itself.
STEPS = ("cluster", "node_groups", "autoscalers", "ip_acl", "load_balancers", "kubeconfig", "namespaces", "workloads")
#: The step each module is, to name a failed task's refused keys from the cluster.
MODULE_STEPS = {
    "k8s_cluster": "cluster",
    "nodegroup": "node_groups",
    "autoscaler": "autoscalers",
    "ipacl": "ip_acl",
    "load_balancer": "load_balancers",
    "kubeconfig": "kubeconfig",
    "namespace": "namespaces",
    "workload": "workloads",
}
#: What the plan shows of a pruned cluster.
PRUNED = {"key": "state", "before": "present", "after": "absent"}


def _label(item: Mapping[str, Any]) -> str:
    """Which entry of a list a loop item is: a node group's name, an autoscaler's group, namespace/workload."""
    name = item.get("name") or item.get("nodegroup") or "default-worker"
    return f"{item['namespace']}/{name}" if item.get("namespace") else str(name)


def _results(step: str, registered: Any) -> list[tuple[str, Mapping[str, Any]]]:
    """``(key prefix, one module result)`` of a registered task or loop; skipped ones left out."""
    if not isinstance(registered, Mapping) or registered.get("skipped"):
        return []
    prefix = "" if step == "cluster" else step
    if "results" in registered:
        found = []
        for result in registered["results"]:
            if not isinstance(result, Mapping) or result.get("skipped"):
                continue
            item = result.get(result.get("ansible_loop_var", "item"), {})
            found.append((f"{step}[{_label(item if isinstance(item, Mapping) else {})}]", result))
        return found
    return [(prefix, registered)]


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix and key else prefix or key


def differences(before: Any, after: Any, prefix: str = "") -> list[dict[str, Any]]:
    """The keys where ``after`` differs from ``before``: mappings compared key by key, anything else whole."""
    if isinstance(before, Mapping) and isinstance(after, Mapping) and before and after:
        changes = []
        for key in sorted(set(before) | set(after), key=str):
            changes += differences(before.get(key), after.get(key), _join(prefix, str(key)))
        return changes
    if before == after or (before in (None, {}) and after in (None, {})):
        return []
    return [{"key": prefix, "before": _none_if_empty(before), "after": _none_if_empty(after)}]


def _none_if_empty(value: Any) -> Any:
    return None if value in ({}, "") else value


def _changes_of(prefix: str, result: Mapping[str, Any]) -> list[dict[str, Any]]:
    if not result.get("changed"):
        return []
    diff = result.get("diff")
    if isinstance(diff, list):  # several diffs from one task: the last is the final state
        diff = diff[-1] if diff else None
    if isinstance(diff, Mapping) and ("before" in diff or "after" in diff):
        found = differences(diff.get("before"), diff.get("after"), prefix)
        if found:
            return found
    # Changed without a diff (diff mode off): the step is named, its values are not known.
    return [{"key": prefix or "cluster", "before": None, "after": None}]


def _failure(result: Any) -> tuple[str, list[dict[str, Any]]]:
    """The error message and the refused keys of a failed task (or of the failed items of a loop)."""
    if not isinstance(result, Mapping):
        return "failed without a result", []
    failed = [r for r in result.get("results", []) if isinstance(r, Mapping) and r.get("failed")] or [result]
    messages = [str(r.get("msg") or "failed") for r in failed]
    refused = [
        {**refusal, "reason": str(r.get("msg") or "")}
        for r in failed
        for refusal in r.get("refused") or []
        if isinstance(refusal, Mapping)
    ]
    return "; ".join(dict.fromkeys(messages)), refused


def _prefixed(step: str, failure: Mapping[str, Any], refused: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Refused keys named from the cluster, like the changes: ``node_groups[batch].node_size``."""
    items = [r for r in failure.get("results", []) if isinstance(r, Mapping) and r.get("failed")]
    label = ""
    if items:
        item = items[0].get(items[0].get("ansible_loop_var", "item"), {})
        label = f"{step}[{_label(item)}]" if isinstance(item, Mapping) else step
    elif step != "cluster":
        label = step
    return [{**r, "key": _join(label, str(r.get("key", "")))} for r in refused]


def entry(
    cluster: Mapping[str, Any],
    steps: Mapping[str, Any] | None = None,
    failure: Mapping[str, Any] | None = None,
    failed_step: str = "",
    prune: bool = False,
) -> dict[str, Any]:
    """The plan entry of one cluster from the registered results of its steps (and its failure, if any).

    ``cluster`` is an entry of ``fleet.expand`` (or an undeclared cluster with
    ``undeclared: true``); ``steps`` maps each step of STEPS to its registered result;
    ``failure`` is the failed task's result (``ansible_failed_result``); ``failed_step``
    is its module (``ansible_failed_task.action``), so that refused keys are named from
    the cluster.
    """
    steps = steps or {}
    base = {
        "provider": cluster.get("provider"),
        "name": cluster.get("name"),
        "connection": cluster.get("connection"),
        "changes": [],
        "refused": [],
        "error": None,
    }
    changes = [
        c for step in STEPS for prefix, result in _results(step, steps.get(step)) for c in _changes_of(prefix, result)
    ]
    if cluster.get("undeclared"):
        action = "undeclared"
        changes = [dict(PRUNED)] if prune else []
    else:
        created = _results("cluster", steps.get("cluster"))
        creating = bool(created) and created[0][1].get("changed") and _is_empty_before(created[0][1])
        action = "create" if creating else "change" if changes else "unchanged"
        if creating:
            # What the file declares, secrets hidden (user scripts, volume keys).
            spec = cluster.get("shown") or {}
            changes = [{"key": key, "before": None, "after": spec[key]} for key in spec]
    if failure is not None:
        error, refused = _failure(failure)
        step = MODULE_STEPS.get(failed_step.rsplit(".", 1)[-1], "cluster")
        refused = _prefixed(step, failure, refused)
        if refused:
            return {**base, "action": "refused", "changes": changes, "refused": refused, "error": error}
        return {**base, "action": "failed", "changes": changes, "error": error}
    return {**base, "action": action, "changes": changes}


def _is_empty_before(result: Mapping[str, Any]) -> bool:
    diff = result.get("diff")
    if isinstance(diff, Mapping):
        return not diff.get("before")
    # Without a diff (playbooks/fleet.yml always asks for one) a creation reads as a change.
    return False


def summary(plan: Iterable[Mapping[str, Any]]) -> dict[str, int]:
    """How many clusters per action, every action named (0 included), in a fixed order."""
    counts = dict.fromkeys(ACTIONS, 0)
    for item in plan:
        counts[str(item.get("action"))] = counts.get(str(item.get("action")), 0) + 1
    return counts


def _shown(value: Any) -> str:
    return "(none)" if value is None else str(value)


def lines(plan: Iterable[Mapping[str, Any]]) -> list[str]:
    """The plan for people: one line per cluster, then one per key (before -> after), then the counts."""
    plan = list(plan)
    text = []
    for item in plan:
        text.append(f"{item['action']:<10} {item['provider']}/{item['name']} (connection {item['connection']})")
        for change in item.get("changes") or []:
            text.append(f"    {change['key']}: {_shown(change['before'])} -> {_shown(change['after'])}")
        for refusal in item.get("refused") or []:
            text.append(f"    refused {refusal['key']}: {_shown(refusal['before'])} -> {_shown(refusal['after'])}")
        if item.get("error") and not item.get("refused"):
            text.append(f"    error: {item['error']}")
    counts = summary(plan)
    text.append("summary: " + ", ".join(f"{action} {count}" for action, count in counts.items()))
    return text


def document(plan: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """What ``fleet_plan_output`` holds: ``{"clusters": plan, "summary": {action: count}}``."""
    plan = list(plan)
    return {"clusters": plan, "summary": summary(plan)}


def undeclared(
    declared: Iterable[Mapping[str, Any]],
    listings: Iterable[Mapping[str, Any]],
    connections: Mapping[str, Mapping[str, Any]],
) -> list[dict[str, Any]]:
    """Clusters an account holds that the fleet does not declare, from one cluster listing per connection.

    ``listings``: the registered results of a ``kaas.cloud.k8s_cluster_info`` loop over the
    connections' names (the loop item is the name, never the options: a failed item's
    result repeats its item, and the options hold secrets); ``connections``: the fleet
    file's connections by name, whose options the undeclared clusters carry for pruning.
    """
    names = {(str(c.get("connection")), str(c.get("name"))) for c in declared}
    found = []
    for listing in listings:
        connection = str(listing.get(listing.get("ansible_loop_var", "item")))
        if connection not in connections:
            raise ValueError(f"a cluster listing is for connection {connection!r}, not defined in the fleet file")
        options = dict(connections[connection])
        for cluster in listing.get("clusters") or []:
            key = (connection, str(cluster.get("name")))
            if key in names:
                continue
            names.add(key)
            found.append(
                {
                    "host": f"{key[1]}@{key[0]}",
                    "name": key[1],
                    "provider": options.get("provider"),
                    "connection": key[0],
                    "undeclared": True,
                    "connection_options": options,
                }
            )
    return found


#: The error of a cluster whose play ended without a plan entry (unreachable, or a bug).
NO_ENTRY = "the cluster's play ended before its result was recorded"


def collect(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Plan entries from entries or from the variables of the fleet's hosts (``fleet_entry``, ``fleet_cluster``).

    A host that has no ``fleet_entry`` is a failed cluster: the plan never loses one.
    """
    plan = []
    for item in items:
        if "action" in item:
            plan.append(dict(item))
        elif isinstance(item.get("fleet_entry"), Mapping):
            plan.append(dict(item["fleet_entry"]))
        else:
            failed = entry(item.get("fleet_cluster") or {}, failure={"msg": NO_ENTRY})
            plan.append(failed)
    return plan
