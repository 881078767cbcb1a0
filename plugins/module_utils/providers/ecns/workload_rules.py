# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS workload rules checked before any request, and the value comparison they rely on.

The enums of the ECNS API reference (1.21 负载) are ``choices`` of the module's argument spec; what a choice
cannot express (a rule between two fields) is checked here, so that a task the API
would refuse fails before it sends anything, with the option path named.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError

NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
NODE_PORTS = (30000, 32767)


# Kubernetes stores replica counts as int32.
MAX_REPLICAS = 2**31 - 1
#: The pod template workloads, jobs and cronjobs share.
TEMPLATE = ("containers", "volumes")
# Options compared as "the workload has at least what the task sets" (ECNS completes them).
COVERED = (
    "containers",
    "volumes",
    "update_strategy",
    "scale_strategy",
    "scheduler_strategy",
    "network",
    "access_modes",
)
# The options that describe one workload: kaas.cloud.workload's, and an application's ``workloads`` item.
WORKLOAD_SETTINGS = ("type", "replicas", "labels", *COVERED)


def strip_unset(value: Any) -> Any:
    """``value`` without ``None`` and empty dicts/lists, recursively; ``None`` if nothing is left.

    Ansible fills every unset sub-option with ``None`` and the API omits what was
    never set, so both sides are stripped before they are compared.
    """
    if isinstance(value, dict):
        kept = {k: strip_unset(v) for k, v in value.items()}
        kept = {k: v for k, v in kept.items() if v is not None}
        return kept or None
    if isinstance(value, list):
        kept_items = [strip_unset(v) for v in value]
        return kept_items or None
    return value


#: Lists whose order is their meaning: a command line, and ``env``, where Kubernetes
#: resolves ``$(NAME)`` only from the entries listed before. Every other list of the ECNS
#: API reference's workload, job and service Types is a set or a collection keyed by one
#: of its fields (ports, access modes, volumes, mounts, probes, hooks, scheduler rules,
#: host aliases, capabilities), which ECNS may answer in any order.
ORDERED_LISTS = frozenset({"cmd", "args", "command", "env"})
#: The item key a keyed list is shown in (``in_canonical_order``); other sets go by value.
LIST_KEYS: dict[str, tuple[str, ...]] = {
    "containers": ("name",),
    "volumes": ("name",),
    "volume_mounts": ("mount_path", "volume_name"),
    "health": ("type",),
    "hooks": ("type",),
    "scheduler_strategy": ("type",),
    "host_aliases": ("ip",),
    "access_modes": ("type",),
    "access_mode": ("type",),
    "access": ("port", "protocol"),
    "ports": ("port", "protocol"),
}
#: Kubernetes runs init containers one after the other, in the order listed.
INIT = "init"


def _is_init(item: Any) -> bool:
    return isinstance(item, dict) and item.get("type") == INIT


def _sort_key(item: Any, keys: tuple[str, ...]) -> tuple[str, ...]:
    if not isinstance(item, dict) or not keys:
        return (repr(item),)
    # A port's protocol defaults to TCP: a port set without one sorts with its TCP self.
    parts = [str(item.get(k) if item.get(k) is not None else ("TCP" if k == "protocol" else "")) for k in keys]
    return (*parts, repr(item))


def in_canonical_order(value: Any, name: str | None = None) -> Any:
    """``value`` with every unordered list sorted by its key (``LIST_KEYS``, else by value).

    Two reads of one resource, or a task and what ECNS shows for it, then list the
    same sets alike, so a diff shows only what changed. Ordered lists keep their
    order, and init containers keep theirs, ahead of the others (``ORDERED_LISTS``).
    """
    if isinstance(value, dict):
        return {k: in_canonical_order(v, k) for k, v in value.items()}
    if not isinstance(value, list):
        return value
    items = [in_canonical_order(item) for item in value]
    if name in ORDERED_LISTS:
        return items
    keys = LIST_KEYS.get(name or "", ())
    if name == "containers":
        ordered = [item for item in items if _is_init(item)]
        return ordered + sorted((i for i in items if not _is_init(i)), key=lambda i: _sort_key(i, keys))
    return sorted(items, key=lambda item: _sort_key(item, keys))


def clean(value: Any, name: str | None = None) -> Any:
    """``strip_unset`` in canonical order: the template value of option ``name`` as compared and shown."""
    return in_canonical_order(strip_unset(value), name)


def cleaning(name: str) -> Callable[[Any], Any]:
    """``clean`` for the option ``name`` (a field's ``normalize``)."""
    return lambda value: clean(value, name)


def covers(actual: Any, wanted: Any, name: str | None = None) -> bool:
    """Whether ``actual`` (from the API) already has everything ``wanted`` sets.

    Dicts: every key set in ``wanted`` matches (keys the API adds, such as a node
    port it assigned, are ignored); lists: same length, and each wanted item covered
    by its own actual item: in the same place for an ordered list (``ORDERED_LISTS``,
    and init containers among themselves), in any place for the others; numbers
    compare by value (``1`` and ``1.0`` are the same CPU amount). ``name`` is the
    key the value is found under.
    """
    if wanted is None:
        return True
    if isinstance(wanted, dict):
        return isinstance(actual, dict) and all(covers(actual.get(k), v, k) for k, v in wanted.items())
    if isinstance(wanted, list):
        if not isinstance(actual, list) or len(actual) != len(wanted):
            return False
        if name in ORDERED_LISTS:
            return all(map(covers, actual, wanted))
        if name == "containers":
            inits = [item for item in actual if _is_init(item)], [item for item in wanted if _is_init(item)]
            if len(inits[0]) != len(inits[1]) or not all(map(covers, *inits)):
                return False
            actual = [item for item in actual if not _is_init(item)]
            wanted = [item for item in wanted if not _is_init(item)]
        return _all_covered(actual, wanted)
    if isinstance(wanted, bool) or isinstance(actual, bool):
        return actual is wanted
    if isinstance(wanted, (int, float)) and isinstance(actual, (int, float)):
        return float(actual) == float(wanted)
    return actual == wanted


def covering(name: str) -> Callable[[Any, Any], bool]:
    """``covers`` for the option ``name`` (a field's ``matches``): its list rule goes by that name."""
    return lambda actual, wanted: covers(actual, wanted, name)


def _all_covered(actual: list[Any], wanted: list[Any]) -> bool:
    """Each wanted item covered by an actual item of its own, in any order (a bipartite matching).

    Items are matched by augmenting paths, not greedily: with partial items (a port
    without its protocol) the first actual item that covers one wanted item may be
    the only one that covers another.
    """
    owner: list[int | None] = [None] * len(actual)

    def place(w_index: int, seen: set[int]) -> bool:
        for a_index, item in enumerate(actual):
            if a_index in seen or not covers(item, wanted[w_index]):
                continue
            seen.add(a_index)
            taken = owner[a_index]
            if taken is None or place(taken, seen):
                owner[a_index] = w_index
                return True
        return False

    return all(place(w_index, set()) for w_index in range(len(wanted)))


def _fail(problems: list[str]) -> None:
    if problems:
        raise ValidationError("invalid ECNS workload: " + "; ".join(problems))


def name_problem(name: str) -> str | None:
    """What is wrong with a workload name (Kubernetes' DNS label rule), or None."""
    if not NAME.match(name) or len(name) > 63:
        return (
            f"name {name!r} must be at most 63 lower-case letters, digits or '-', "
            "starting and ending with a letter or digit"
        )
    return None


def check_workload(desired: dict[str, Any]) -> None:
    """Every cross-field rule of the desired workload; raises ValidationError naming the options."""
    problems: list[str] = []
    problem = name_problem(desired.get("name") or "")
    if problem:
        problems.append(problem)
    if desired.get("containers") == []:
        problems.append("containers must list at least one container (leave it out to keep the current ones)")
    kind = desired.get("type")
    if kind == "DaemonSet" and desired.get("replicas") is not None:
        problems.append("replicas must not be set for a DaemonSet (it runs one pod per node)")
    if kind == "Deployment" and (desired.get("update_strategy") or {}).get("type") == "on_delete":
        problems.append("update_strategy.type on_delete is for StatefulSets and DaemonSets, not a Deployment")
    replicas = desired.get("replicas")
    if replicas is not None and not 0 <= replicas <= MAX_REPLICAS:
        problems.append(f"replicas must be from 0 to {MAX_REPLICAS} (a Kubernetes int32), got {replicas}")
    problems += pod_template_problems(desired)
    scale = desired.get("scale_strategy") or {}
    low, high = scale.get("min_replicas"), scale.get("max_replicas")
    if low is not None and high is not None and low > high:
        problems.append(f"scale_strategy.min_replicas {low} is above max_replicas {high}")
    for m_index, mode in enumerate(desired.get("access_modes") or []):
        _access_mode(problems, f"access_modes[{m_index}]", mode)
    _fail(problems)


def pod_template_problems(desired: dict[str, Any]) -> list[str]:
    """Problems of labels, containers and volumes: the pod template workloads, jobs and cronjobs share."""
    problems: list[str] = []
    for key, value in (desired.get("labels") or {}).items():
        if not isinstance(value, str):
            # Kubernetes label values are strings; YAML turns 2 or true into other types.
            problems.append(f"labels.{key} must be a string, got {value!r} (quote it)")
    _containers(problems, desired.get("containers") or [], desired.get("volumes"))
    return problems


def _containers(problems: list[str], containers: list[dict[str, Any]], volumes: list[dict[str, Any]] | None) -> None:
    names = [c.get("name") for c in containers]
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"containers: the name {duplicate!r} is used twice")
    if containers and not any(c.get("type", "worker") == "worker" for c in containers):
        problems.append("containers: at least one container must be of type worker")
    known_volumes = {v.get("name") for v in volumes or []}
    for index, container in enumerate(containers):
        at = f"containers[{index}]"
        image = container.get("image") or {}
        name = str(container.get("name") or "")
        if not NAME.match(name) or len(name) > 63:
            problems.append(f"{at}.name {name!r} must be at most 63 lower-case letters, digits or '-'")
        for key in ("image", "image_version"):
            if not str(image.get(key) or "").strip():
                problems.append(f"{at}.image.{key} must not be empty")
        if container.get("image_source") == "ecns" and not image.get("harbor_project_name"):
            problems.append(f"{at}.image.harbor_project_name is required when image_source is ecns")
        for e_index, env in enumerate(container.get("env") or []):
            if env.get("type") in ("ConfigMap", "Secret") and not (env.get("key") and env.get("value")):
                problems.append(
                    f"{at}.env[{e_index}] of type {env['type']} needs key (the {env['type']} name) "
                    "and value (its entry)"
                )
        kinds = [h.get("type") for h in container.get("health") or []]
        for duplicate in sorted({k for k in kinds if kinds.count(k) > 1}):
            problems.append(f"{at}.health: only one {duplicate} check per container")
        for h_index, health in enumerate(container.get("health") or []):
            _health(problems, f"{at}.health[{h_index}]", health)
        if volumes is not None:
            for m_index, mount in enumerate(container.get("volume_mounts") or []):
                if mount.get("volume_name") not in known_volumes:
                    problems.append(
                        f"{at}.volume_mounts[{m_index}].volume_name {mount.get('volume_name')!r} is not one of volumes"
                    )


def _health(problems: list[str], at: str, health: dict[str, Any]) -> None:
    threshold = health.get("success_threshold")
    if health.get("type") == "liveness" and threshold is not None and threshold != 1:
        problems.append(f"{at}.success_threshold must be 1 for a liveness check (got {threshold})")
    protocol = health.get("protocol")
    if protocol in ("http", "https") and not health.get("path"):
        problems.append(f"{at}.path is required for an {protocol} check")
    if protocol == "cmd" and not health.get("cmd"):
        problems.append(f"{at}.cmd is required for a cmd check")
    if protocol in ("http", "https", "tcp") and health.get("port") is None:
        problems.append(f"{at}.port is required for a {protocol} check")


def _access_mode(problems: list[str], at: str, mode: dict[str, Any]) -> None:
    if mode.get("type") == "ExternalName":
        if not mode.get("external_name"):
            problems.append(f"{at}.external_name is required for an ExternalName access mode")
    elif not mode.get("access"):
        problems.append(f"{at}.access needs at least one port for a {mode.get('type')} access mode")
    for p_index, port in enumerate(mode.get("access") or []):
        node_port = port.get("node_port")
        if node_port is not None and not NODE_PORTS[0] <= node_port <= NODE_PORTS[1]:
            problems.append(f"{at}.access[{p_index}].node_port {node_port} is outside {NODE_PORTS[0]}-{NODE_PORTS[1]}")
