"""Standard Magnum request fields that the NKS API guide does not list but NHN accepts.

NKS is a Magnum service: the ``openstack coe`` commands, magnumclient and openstacksdk
send Magnum's own create fields (the CLI always sends ``discovery_url`` and
``master_count``; ``coe nodegroup create`` always sends ``role``, ``min_node_count`` and
``max_node_count``), and NHN's responses carry several of them (``docker_volume_size``,
``floating_ip_enabled``, ``min_node_count``...). The emulator validates them with
Magnum's types and rules; what NHN decides otherwise (the control plane, the node
bounds derived from the autoscaler) is not changed by them. See
``docs/providers/nks-api.md``, "Real OpenStack clients".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kaas_emulator.core.validation import is_int
from kaas_emulator.providers.nks import fields

#: A check of one field's value: a problem text (without the field name) or None.
Check = Callable[[object], str | None]


def _string(value: object) -> str | None:
    if value is None or (isinstance(value, str) and 1 <= len(value) <= 255):
        return None
    return "must be a string of 1 to 255 characters or null"


def _integer(minimum: int) -> Check:
    def check(value: object) -> str | None:
        if value is None or (is_int(value) and value >= minimum):  # type: ignore[operator]
            return None
        return f"must be an integer >= {minimum} or null"

    return check


def _boolean(value: object) -> str | None:
    # Magnum's boolean type takes JSON booleans and their usual string spellings.
    if value is None or fields.as_bool(value) is not None:
        return None
    return "must be true or false"


#: Magnum cluster fields beyond the API guide's create table.
CLUSTER: dict[str, Check] = {
    "discovery_url": _string,
    "docker_volume_size": _integer(1),
    "floating_ip_enabled": _boolean,
    "master_count": _integer(1),
    "master_flavor_id": _string,
    "master_lb_enabled": _boolean,
    "merge_labels": _boolean,
}

#: Magnum node group fields beyond the API guide's create table (``role`` is checked
#: by :func:`check_nodegroup`).
NODEGROUP: dict[str, Check] = {
    "docker_volume_size": _integer(1),
    "max_node_count": _integer(0),
    "merge_labels": _boolean,
    "min_node_count": _integer(0),
    "role": lambda value: None,
}

#: Magnum's refusal of a master node group created through the API.
MASTER_NODEGROUP = "Creating master nodegroups is currently not supported."


def check(body: dict[str, Any], table: dict[str, Check], problems: list[str]) -> None:
    """Append a problem for every field of ``table`` present in ``body`` with a bad value."""
    for key, rule in table.items():
        if key in body:
            problem = rule(body[key])
            if problem is not None:
                problems.append(f"{key}: {problem}")


def check_nodegroup(body: dict[str, Any], node_count: int | None, problems: list[str]) -> None:
    """Magnum's node group rules: the ``worker`` role, and ``min <= node_count <= max``."""
    check(body, NODEGROUP, problems)
    role = body.get("role", "worker")
    if role == "master":
        problems.append(f"role: {MASTER_NODEGROUP}")
    elif role != "worker":
        problems.append('role: NKS node groups created through the API have the role "worker"')
    low, high = body.get("min_node_count"), body.get("max_node_count")
    bounded = [value for value in (low, high) if is_int(value)]
    if len(bounded) == 2 and high < low:  # type: ignore[operator]
        problems.append("max_node_count: should be >= min_node_count")
    elif node_count is not None:
        if is_int(low) and node_count < low:  # type: ignore[operator]
            problems.append("node_count: should be >= min_node_count")
        if is_int(high) and node_count > high:  # type: ignore[operator]
            problems.append("node_count: should be <= max_node_count")
