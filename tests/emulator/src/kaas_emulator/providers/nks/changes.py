"""What each successful NKS operation changes, applied when the operation completes.

The views validate a request and store the requested change with the operation; this
module is the one place that turns it into new values, keyed by the event type.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from kaas_emulator.providers.nks import catalog, nodes

Change = dict[str, Any]


def certificate_expiry(at: float, years: int) -> str:
    """Expiry ``years`` after ``at`` (Feb 29 falls back to Feb 28), NKS timestamp format."""
    start = datetime.fromtimestamp(at, tz=UTC)
    year = start.year + years
    day = min(start.day, calendar.monthrange(year, start.month)[1])
    return start.replace(year=year, day=day).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _create(
    state: dict[str, Any], cluster: dict[str, Any], _g: Any, change: Change, at: float
) -> None:
    cluster["_provisioned"] = True
    years = int(cluster["labels"]["term_of_validity"])
    cluster["labels"]["certificate_expiry"] = certificate_expiry(at, years)


def _resize(
    state: dict[str, Any], cluster: dict[str, Any], group: Any, change: Change, at: float
) -> None:
    nodes.resize(state, group, cluster["fixed_subnet"], change["node_count"], change["remove"])


def _flavor(
    state: dict[str, Any], cluster: dict[str, Any], group: Any, change: Change, at: float
) -> None:
    group["flavor_id"] = change["flavor_id"]


def _upgrade(
    state: dict[str, Any], cluster: dict[str, Any], group: Any, change: Change, at: float
) -> None:
    group["labels"]["kube_tag"] = change["version"]
    if group["role"] == "master":
        cluster["labels"]["kube_tag"] = change["version"]


def _group_labels(
    state: dict[str, Any], cluster: dict[str, Any], group: Any, change: Change, at: float
) -> None:
    group["labels"].update(change["labels"])


def _node_action(status: str) -> Callable[..., None]:
    def apply(
        state: dict[str, Any], cluster: dict[str, Any], group: Any, change: Change, at: float
    ) -> None:
        nodes.set_status(group, status, change["nodes"])

    return apply


def _cluster_labels(
    state: dict[str, Any], cluster: dict[str, Any], _g: Any, change: Change, at: float
) -> None:
    cluster["labels"].update(change["labels"])


def _ipacl(
    state: dict[str, Any], cluster: dict[str, Any], _g: Any, change: Change, at: float
) -> None:
    cluster["ipacl"] = change["ipacl"]


def _certificate(
    state: dict[str, Any], cluster: dict[str, Any], _g: Any, change: Change, at: float
) -> None:
    years = change["term_of_validity"]
    cluster["labels"]["term_of_validity"] = str(years)
    cluster["labels"]["certificate_expiry"] = certificate_expiry(at, years)


def _nothing(
    state: dict[str, Any], cluster: dict[str, Any], group: Any, change: Change, at: float
) -> None:
    return None


_APPLY: dict[str, Callable[..., None]] = {
    "CLUSTER_CREATE": _create,
    "CLUSTER_CNI_UPDATE": _cluster_labels,
    "CLUSTER_SGW_UPDATE": _cluster_labels,
    "CLUSTER_API_EP_IPACL_UPDATE": _ipacl,
    "CLUSTER_CERTIFICATE_RENEW": _certificate,
    "NODEGROUP_CREATE": _nothing,
    "NODEGROUP_DELETE": _nothing,
    "CLUSTER_RESIZE": _resize,
    "NODEGROUP_UPDATE_FLAVOR": _flavor,
    "NODEGROUP_UPGRADE": _upgrade,
    "NODEGROUP_USERSCRIPT_UPDATE": _group_labels,
    "NODEGROUP_SET_CLUSTER_AUTOSCALER": _group_labels,
    "NODEGROUP_NODE_ACTION_NODE_START": _node_action("ACTIVE"),
    "NODEGROUP_NODE_ACTION_NODE_STOP": _node_action("SHUTOFF"),
}
assert set(_APPLY) <= set(catalog.DURATIONS)


def apply(
    state: dict[str, Any],
    cluster: dict[str, Any],
    group: dict[str, Any] | None,
    kind: str,
    change: Change,
    at: float,
) -> None:
    """Apply the stored ``change`` of a successful ``kind`` operation."""
    _APPLY[kind](state, cluster, group, change, at)
