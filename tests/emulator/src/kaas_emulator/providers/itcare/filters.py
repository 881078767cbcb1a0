"""Filters of ``GET /compute/containers/kubernetes`` (every one the API reference documents).

Array parameters accept comma-separated and/or repeated values; within one parameter
values are OR-ed, different parameters are AND-ed. Matching of codes and names is
case-insensitive. Unknown parameters are ignored, like Spring does.
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from flask import request

from kaas_emulator.providers.itcare import catalog
from kaas_emulator.providers.itcare.web import bool_arg, int_args, invalid, list_arg

Match = Callable[[dict[str, Any], dict[str, Any]], bool]


def _names(values: list[str]) -> Match | None:
    """``resource01,!resource02``: keep names matching a positive term (glob ``*``
    allowed) and drop those matching a ``!`` term."""
    if not values:
        return None
    keep = [v.lower() for v in values if not v.startswith("!")]
    drop = [v[1:].lower() for v in values if v.startswith("!")]

    def match(_record: dict[str, Any], view: dict[str, Any]) -> bool:
        name = view["name"].lower()
        if any(fnmatchcase(name, pattern) for pattern in drop):
            return False
        return not keep or any(fnmatchcase(name, pattern) for pattern in keep)

    return match


def _one_of(values: list[str], pick: Callable[[dict[str, Any], dict[str, Any]], Any]) -> Match:
    wanted = {value.lower() for value in values}

    def match(record: dict[str, Any], view: dict[str, Any]) -> bool:
        found = pick(record, view)
        items = found if isinstance(found, list | set | tuple) else [found]
        return any(str(item).lower() in wanted for item in items if item is not None)

    return match


def _versions(record: dict[str, Any], view: dict[str, Any]) -> list[str]:
    # "v1.28.13", "1.28.13", "1.28" and "v1.28" all designate the same cluster version.
    detailed = view["version"]
    return [
        detailed,
        detailed.removeprefix("v"),
        view["productVersion"],
        "v" + view["productVersion"],
    ]


def _zones(record: dict[str, Any], _view: dict[str, Any]) -> set[str]:
    return {node["az"] for node in record["_nodes"].values()} | {record["az"]}


def _ips(record: dict[str, Any], _view: dict[str, Any]) -> list[str]:
    return [record["ipAddress"], *(node["ipAddress"] for node in record["_nodes"].values())]


def _boolean(name: str, pick: Callable[[dict[str, Any]], bool]) -> Match | None:
    wanted = bool_arg(name)
    if wanted is None:
        return None
    return lambda _record, view: pick(view) == wanted


def _clouds() -> Match | None:
    raw = request.args.get("clouds")
    if raw is None or raw == "":
        return None
    if not raw.strip().isdigit():
        raise invalid("clouds", f"clouds: must be an integer, got {raw!r}")
    return lambda _record, view: view["cloudId"] == int(raw)


def cluster_filter() -> Match:
    """One predicate combining every filter of the request; 400 on a malformed one."""
    matches: list[Match | None] = [_names(list_arg("names"))]
    services = int_args("services")
    if services:
        matches.append(lambda _record, view: view["serviceId"] in services)
    simple: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
        "environments": lambda _r, v: v["environment"],
        "statuses": lambda _r, v: v["status"],
        "topologies": lambda _r, v: v["topology"],
        "versions": _versions,
        "regions": lambda _r, v: v["region"],
        "az": _zones,
        "ip": _ips,
        "vlan": lambda r, _v: catalog.NETWORKS[r["networkId"]].technical_id,
        # Clusters carry no tags (no endpoint sets any): a tag filter matches nothing.
        "tags": lambda _r, _v: [],
    }
    for name, pick in simple.items():
        values = list_arg(name)
        if values:
            matches.append(_one_of(values, pick))
    matches.append(_boolean("backupStatus", lambda view: view["backupStatus"]))
    matches.append(_boolean("recoveryStatus", lambda view: view["replicationStatus"]))
    matches.append(_boolean("includedInPatchParty", lambda view: view["includedInPatchParty"]))
    matches.append(_clouds())
    active = [match for match in matches if match is not None]
    return lambda record, view: all(match(record, view) for match in active)
