# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NKS worker node groups.

A node group is found inside its cluster (option ``cluster``, a name or uuid),
so each read costs one GET of the cluster and one of the group: the cluster
gives the control plane's version (workers follow it) and whether another
operation is running (NKS takes one per cluster at a time). Every change is one
asynchronous NKS operation; several run one after the other, in the order of
the table ``NksNodeGroup.operations`` (see ``operation.py``). See
docs/providers/nks.md, section "Node groups".
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, Status, get_path, named
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import (
    NksApi,
    cluster_path,
    group_path,
    groups_path,
    list_pages,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.child import NksClusterChild
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import CONTROL_PLANE, DEFAULT_WORKER
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.operation import (
    Operation,
    RunsOperations,
    awaited,
    operation_status,
)

DIGEST_PREFIX = "sha256:"
REQUIRED_AT_CREATE = (
    "node_size",
    "nks.node_image",
    "nks.availability_zone",
    "nks.boot_volume_type",
    "nks.boot_volume_size",
)
# Labels a new group is built from, sent as NKS label strings.
CREATE_LABELS = (
    "availability_zone",
    "boot_volume_type",
    "boot_volume_size",
    "boot_volume_key_id",
    "boot_volume_appkey",
    "additional_network_id_list",
    "additional_subnet_id_list",
)
ROLLING = ("num_buffer_nodes", "num_max_unavailable_nodes")


def script_digest(value: Any) -> Any:
    """A user script as its SHA-256, so it is compared without ever being shown."""
    if value in (None, ""):
        return None
    text = str(value)
    if text.startswith(DIGEST_PREFIX) and len(text) == len(DIGEST_PREFIX) + 64:
        return text
    return DIGEST_PREFIX + hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_name_list(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        names = sorted({str(item).strip() for item in value if str(item).strip()})
        return names or None
    return rules.empty_to_none(value)


@dataclasses.dataclass
class GroupState:
    """A node group as read, with its cluster; ``expect`` holds what the running update must show."""

    cluster: dict[str, Any]
    group: dict[str, Any]
    expect: dict[str, Any] = dataclasses.field(default_factory=dict)


def _block(name: str, **kwargs: Any) -> Field:
    return Field(f"nks.{name}", **kwargs)


class NksNodeGroup(NksClusterChild, RunsOperations):
    """A worker node group of an NKS cluster (``default-master`` is the control plane, not a group here)."""

    resource = "nodegroup"
    fields = (
        Field("version", mutable=True, normalize=rules.to_version, api_name="kube_tag"),
        Field("node_count", mutable=True, normalize=rules.to_int),
        Field("node_size", mutable=True, normalize=rules.empty_to_none, api_name="flavor_id"),
        _block("node_image", api_name="image_id"),
        _block("availability_zone", normalize=rules.empty_to_none),
        _block("boot_volume_type"),
        _block("boot_volume_size", normalize=rules.to_int),
        _block("boot_volume_key_id", compare=False),
        _block("boot_volume_appkey", compare=False),
        _block("additional_network_id_list", normalize=rules.to_id_list),
        _block("additional_subnet_id_list", normalize=rules.to_id_list),
        _block("extra_security_groups", normalize=rules.to_security_groups, reported=False),
        _block("extra_volumes", normalize=rules.to_volumes, reported=False),
        _block("user_script", mutable=True, normalize=script_digest, api_name="user_script_v2"),
        _block("stopped_nodes", mutable=True, normalize=to_name_list),
        # Options of an operation, not settings: never compared.
        _block("nodes_to_remove", mutable=True, compare=False),
        _block("num_buffer_nodes", mutable=True, compare=False),
        _block("num_max_unavailable_nodes", mutable=True, compare=False),
    )

    def __init__(self, api: NksApi) -> None:
        super().__init__(api)
        self._cluster: dict[str, Any] | None = None

    def label(self, desired: dict[str, Any]) -> str:
        group = named("node group", desired.get("name") or desired.get("id"))
        return f"{group} of cluster '{desired.get('cluster')}' (nks)"

    # -- rules without requests ----------------------------------------------------------

    def validate(self, desired: dict[str, Any]) -> None:
        rules.check_name("name", desired.get("name"))
        rules.check_reference("id", desired.get("id"))
        if desired.get("name") == CONTROL_PLANE:
            raise ValidationError(
                f"{self.label(desired)}: {CONTROL_PLANE} is the control plane, which NKS does not show as a node "
                "group; upgrade it with kaas.cloud.k8s_cluster option version"
            )
        count = desired.get("node_count")
        if count is not None and not rules.NODE_COUNT_MIN <= count <= rules.NODE_COUNT_MAX:
            raise ValidationError(
                f"{self.label(desired)}: node_count must be between {rules.NODE_COUNT_MIN} and "
                f"{rules.NODE_COUNT_MAX} for NKS, got {count}"
            )
        if desired.get("version") is not None:
            rules.version_key(desired["version"])
        block = desired.get("nks") or {}
        size = block.get("boot_volume_size")
        if size is not None and size < 1:
            raise ValidationError(f"{self.label(desired)}: nks.boot_volume_size must be a size in GB, got {size}")
        if block.get("num_buffer_nodes") is not None and block["num_buffer_nodes"] < 0:
            raise ValidationError(f"{self.label(desired)}: nks.num_buffer_nodes must be 0 or more")
        if block.get("num_max_unavailable_nodes") is not None and block["num_max_unavailable_nodes"] < 1:
            raise ValidationError(f"{self.label(desired)}: nks.num_max_unavailable_nodes must be 1 or more")
        if block.get("nodes_to_remove") and count is None:
            raise ValidationError(
                f"{self.label(desired)}: nks.nodes_to_remove needs node_count (the count to scale down to)"
            )

    def refuse_delete(self, desired: dict[str, Any]) -> None:
        if desired.get("name") in (DEFAULT_WORKER, CONTROL_PLANE):
            raise ValidationError(
                f"{self.label(desired)}: NKS never deletes a default node group; delete the cluster "
                "(kaas.cloud.k8s_cluster state=absent) or resize the group instead"
            )

    # -- reading -------------------------------------------------------------------------

    def find(self, desired: dict[str, Any]) -> Any:
        self._cluster = self.parent(desired)
        ident = desired.get("id") or desired["name"]
        group = self.get_or_none(group_path(self._cluster["uuid"], ident))
        return GroupState(self._cluster, group) if group is not None else None

    def list(self, filters: dict[str, Any]) -> list[Any]:
        """Every worker group of the cluster, each read in full."""
        cluster = self.parent(filters)
        states = []
        for summary in list_pages(self.transport, groups_path(cluster["uuid"]), "nodegroups"):
            group = self.get_or_none(group_path(cluster["uuid"], summary["uuid"]))
            if group is not None:
                states.append(GroupState(cluster, group))
        return states

    def read(self, current: Any) -> Any:
        cluster = self.get_or_none(cluster_path(current.cluster["uuid"]))
        if cluster is None:
            return None
        group = self.get_or_none(group_path(cluster["uuid"], current.group["uuid"]))
        return GroupState(cluster, group, dict(current.expect)) if group is not None else None

    def view(self, current: Any) -> dict[str, Any]:
        group, cluster = current.group, current.cluster
        labels = group.get("labels") or {}
        nodes = [
            {key: node.get(key) for key in ("uuid", "name", "status", "address")} for node in group.get("nodes") or []
        ]
        block: dict[str, Any] = {
            "node_image": group.get("image_id") or labels.get("node_image"),
            "user_script": script_digest(labels.get("user_script_v2") or labels.get("user_script")),
            "stopped_nodes": to_name_list([n["name"] for n in nodes if n["status"] == "SHUTOFF"]),
        }
        for name in (*CREATE_LABELS, "extra_security_groups", "extra_volumes"):
            if name not in ("boot_volume_key_id", "boot_volume_appkey"):
                block[name] = self.field(f"nks.{name}").normalize(labels.get(name))
        block.update(
            nodes=nodes,
            node_addresses=group.get("node_addresses"),
            role=group.get("role"),
            is_default=group.get("is_default"),
            status_reason=group.get("status_reason"),
            control_plane_version=rules.to_version((cluster.get("labels") or {}).get("kube_tag")),
            autoscaler_enabled=rules.to_bool(labels.get("ca_enable")) is True,
            min_node_count=group.get("min_node_count"),
            max_node_count=group.get("max_node_count"),
        )
        return {
            "provider": "nks",
            "id": group.get("uuid"),
            "name": group.get("name"),
            "cluster": cluster.get("name"),
            "cluster_id": cluster.get("uuid"),
            "status": group.get("status"),
            "version": rules.to_version(labels.get("kube_tag")),
            "node_count": rules.to_int(group.get("node_count")),
            "node_size": group.get("flavor_id"),
            "created_at": group.get("created_at"),
            "updated_at": group.get("updated_at"),
            "nks": block,
        }

    def status(self, current: Any) -> Status:
        group = operation_status(current.group.get("status"), current.group.get("status_reason"))
        return awaited(self, current, group, self.cluster_status(current.cluster))

    def is_deleting(self, current: Any) -> bool:
        return current.group.get("status") == "DELETE_IN_PROGRESS"

    # -- planning ------------------------------------------------------------------------

    def left_to_provider(self, current: Any, changes: dict[str, tuple], desired: dict[str, Any]) -> dict[str, str]:
        if "node_count" not in changes:
            return {}
        reason = rules.autoscaler_keeps_count(self.label(desired), current.group, changes["node_count"][1])
        return {"node_count": reason} if reason else {}

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        label = self.label(desired)
        if view is None:
            missing = [path for path in REQUIRED_AT_CREATE if get_path(desired, path) in (None, "")]
            if missing:
                raise ValidationError(f"creating {label} needs {', '.join(missing)}")
            if "nks.stopped_nodes" in changes:
                raise ValidationError(
                    f"{label}: nks.stopped_nodes names nodes of an existing group; set it after creating it"
                )
        else:
            self._check_rolling(label, view["node_count"], desired)
        self.check_operations(view, changes, desired)

    @staticmethod
    def _check_rolling(label: str, count: int, desired: dict[str, Any]) -> None:
        block = desired.get("nks") or {}
        buffer, unavailable = block.get("num_buffer_nodes"), block.get("num_max_unavailable_nodes")
        if buffer is not None and buffer > rules.NODE_COUNT_MAX - count:
            raise ValidationError(
                f"{label}: nks.num_buffer_nodes {buffer} is more than the group can add "
                f"({rules.NODE_COUNT_MAX} - {count} nodes = {rules.NODE_COUNT_MAX - count})"
            )
        if unavailable is not None and unavailable > count:
            raise ValidationError(
                f"{label}: nks.num_max_unavailable_nodes {unavailable} is more than the group's {count} nodes"
            )

    @staticmethod
    def _nodes_to_remove(
        label: str, nodes: list[dict[str, Any]], count: int, wanted: int, desired: dict[str, Any]
    ) -> list[str]:
        """The uuids of the nodes named in ``nks.nodes_to_remove`` (by name or uuid), checked."""
        named = (desired.get("nks") or {}).get("nodes_to_remove") or []
        by_key = {node["name"]: node["uuid"] for node in nodes}
        by_key.update({node["uuid"]: node["uuid"] for node in nodes})
        unknown = [item for item in named if item not in by_key]
        if unknown:
            raise PlanError(
                f"{label}: nks.nodes_to_remove names nodes the group does not have: {', '.join(unknown)} "
                f"(its nodes: {', '.join(sorted(n['name'] for n in nodes)) or 'none'})"
            )
        uuids = sorted({by_key[item] for item in named})
        if len(uuids) > max(0, count - wanted):
            raise PlanError(
                f"{label}: nks.nodes_to_remove names {len(uuids)} nodes but resizing from {count} to {wanted} "
                f"removes {max(0, count - wanted)}"
            )
        return uuids

    # -- writing -------------------------------------------------------------------------

    def create(self, desired: dict[str, Any]) -> Any:
        block = desired.get("nks") or {}
        labels: dict[str, Any] = {"ca_enable": "False"}
        for name in CREATE_LABELS:
            if block.get(name) is not None:
                labels[name] = rules.label_text(block[name])
        if block.get("user_script") is not None:
            labels["user_script_v2"] = block["user_script"]
        if block.get("extra_security_groups"):
            labels["extra_security_groups"] = rules.security_groups_body(block["extra_security_groups"])
        if block.get("extra_volumes"):
            labels["extra_volumes"] = rules.volumes_body(block["extra_volumes"])
        body = {
            "name": desired["name"],
            "node_count": desired.get("node_count", 1),
            "flavor_id": desired["node_size"],
            "image_id": block["node_image"],
            "labels": labels,
        }
        cluster = self._cluster or self.parent(desired)
        answer = self.transport.request("POST", cluster_path(cluster["uuid"], "/nodegroups"), json=body) or {}
        if not answer.get("uuid"):
            raise ValidationError(f"NKS accepted {self.label(desired)} but answered without its uuid: {answer}")
        group = self.get_or_none(group_path(cluster["uuid"], answer["uuid"])) or answer
        return GroupState(cluster, group)

    def update(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        expect = self.send_operation(current, changes, desired)
        if expect is None:
            return current
        fresh = self.read(current) or current
        return GroupState(fresh.cluster, fresh.group, {**current.expect, **expect})

    def delete(self, current: Any) -> None:
        self.delete_unless_gone(group_path(current.cluster["uuid"], current.group["uuid"]))

    # -- the operations, one NKS call each, in the order an update runs them ---------------

    def _check_upgrade(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        label = self.label(desired)
        control = rules.to_version(((self._cluster or {}).get("labels") or {}).get("kube_tag"))
        wanted = changes["version"][1]
        rules.check_no_downgrade(label, (view or {}).get("version"), wanted)
        if view is None and wanted != control:
            raise PlanError(
                f"{label}: a new node group runs the control plane's version {control}; leave version out "
                f"or set it to {control}, and upgrade the cluster first for {wanted}"
            )
        if wanted != control:
            raise PlanError(
                f"{label}: NKS refuses a worker upgrade to {wanted} while the control plane is {control}; "
                f"upgrade {CONTROL_PLANE} first (kaas.cloud.k8s_cluster version: {wanted})"
            )
        if view is not None:
            self.api.require_supported(wanted, label)

    @staticmethod
    def _rolling(desired: dict[str, Any]) -> dict[str, Any]:
        """How NKS replaces nodes during an upgrade or a flavor change (extra and unavailable nodes)."""
        block = desired.get("nks") or {}
        return {name: block[name] for name in ROLLING if block.get(name) is not None}

    def _upgrade(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        path = group_path(current.cluster["uuid"], current.group["uuid"], "/upgrade")
        self.transport.request("POST", path, json={"version": step["version"], **self._rolling(desired)})
        return True

    def _check_resize(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is not None:
            nodes = view["nks"]["nodes"]
            self._nodes_to_remove(self.label(desired), nodes, view["node_count"], changes["node_count"][1], desired)

    def _resize(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        view = self.view(current)
        body: dict[str, Any] = {"nodegroup": current.group["uuid"], "node_count": step["node_count"]}
        remove = self._nodes_to_remove(
            self.label(desired), view["nks"]["nodes"], view["node_count"], step["node_count"], desired
        )
        if remove:
            body["nodes_to_remove"] = remove
        self.transport.request("POST", cluster_path(current.cluster["uuid"], "/actions/resize"), json=body)
        return True

    def _change_flavor(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        body = {"type": "flavor_id", "flavor_id": step["node_size"], **self._rolling(desired)}
        self.transport.request("PATCH", group_path(current.cluster["uuid"], current.group["uuid"]), json=body)
        return True

    def _change_script(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        # The digest is what is compared; NKS gets the script itself.
        path = group_path(current.cluster["uuid"], current.group["uuid"], "/userscript")
        self.transport.request("POST", path, json={"contents": (desired.get("nks") or {}).get("user_script") or ""})
        return True

    def _check_stopped(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        known = {node["name"] for node in (view or {}).get("nks", {}).get("nodes") or ()}
        unknown = sorted(set(changes["nks.stopped_nodes"][1] or ()) - known)
        if view is not None and unknown:
            raise PlanError(
                f"{self.label(desired)}: nks.stopped_nodes names nodes the group does not have: "
                f"{', '.join(unknown)} (its nodes: {', '.join(sorted(known)) or 'none'})"
            )

    @staticmethod
    def _stopped(current: Any) -> set[str]:
        return {n["name"] for n in current.group.get("nodes") or [] if n.get("status") == "SHUTOFF"}

    def _switch_nodes(self, current: Any, action: str, names: set[str]) -> bool:
        """POST ``stop_node`` or ``start_node`` for the group's nodes in ``names``; False if there are none."""
        picked = [n for n in current.group.get("nodes") or [] if n["name"] in names]
        if not picked:
            return False
        path = group_path(current.cluster["uuid"], current.group["uuid"], f"/{action}")
        self.transport.request("POST", path, json={"node_list": ":".join(n["uuid"] for n in picked)})
        return True

    def _stop_nodes(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        return self._switch_nodes(current, "stop_node", set(step["nks.stopped_nodes"] or ()) - self._stopped(current))

    def _start_nodes(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        return self._switch_nodes(current, "start_node", self._stopped(current) - set(step["nks.stopped_nodes"] or ()))

    def _stopped_after_stop(self, current: Any, step: dict[str, Any]) -> dict[str, Any]:
        return {
            "nks.stopped_nodes": to_name_list(sorted(self._stopped(current) | set(step["nks.stopped_nodes"] or ())))
        }

    def _stopped_after_start(self, current: Any, step: dict[str, Any]) -> dict[str, Any]:
        return {
            "nks.stopped_nodes": to_name_list(sorted(self._stopped(current) & set(step["nks.stopped_nodes"] or ())))
        }

    # Stopping and starting nodes are two NKS operations: a change that does both runs twice.
    operations = (
        Operation("upgrade", ("version",), send=_upgrade, check=_check_upgrade),
        Operation("resize", ("node_count",), send=_resize, check=_check_resize),
        Operation("flavor", ("node_size",), send=_change_flavor),
        Operation("user script", ("nks.user_script",), send=_change_script),
        Operation(
            "stop nodes", ("nks.stopped_nodes",), send=_stop_nodes, check=_check_stopped, shows=_stopped_after_stop
        ),
        Operation("start nodes", ("nks.stopped_nodes",), send=_start_nodes, shows=_stopped_after_start),
    )
