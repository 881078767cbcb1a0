# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NHN Cloud NKS clusters (the API access, Magnum-style with Keystone v2 tokens, is in ``api.py``).

A cluster's portable fields live in three places: ``version`` is the control
plane's ``labels.kube_tag`` (raised through the ``default-master`` node group),
``node_count`` and ``node_size`` belong to the ``default-worker`` node group.
Every NKS operation is asynchronous and NKS takes one at a time, so an update
that touches several of them runs as successive steps: the table ``NksCluster.operations``
(see ``operation.py``). See docs/providers/nks.md.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, Status, get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import rules, timing
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import (
    CLUSTERS,
    NksApi,
    cluster_path,
    group_path,
    list_pages,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.operation import (
    Operation,
    RunsOperations,
    awaited,
    operation_status,
)
from ansible_collections.kaas.cloud.plugins.module_utils.transport import fill_path

DEFAULT_WORKER = "default-worker"
CONTROL_PLANE = "default-master"

# Options read from the default worker group: asking for one costs one more GET.
WORKER_PATHS = frozenset({"node_count", "node_size", "nks.boot_volume_type", "nks.boot_volume_size"})
SGW_PATHS = ("nks.ncr_sgw", "nks.obs_sgw")
EVENT_KEYS = (
    "id",
    "uuid",
    "type",
    "state",
    "resource_type",
    "resource_name",
    "resource_uuid",
    "contents",
    "created_at",
    "updated_at",
)


@dataclasses.dataclass
class NksState:
    """A cluster as read, with its default worker group when the task needs it."""

    cluster: dict[str, Any]
    worker: dict[str, Any] | None = None
    with_worker: bool = False
    # {path: value} an update asked for: until the API shows them, the update is not done.
    expect: dict[str, Any] = dataclasses.field(default_factory=dict)


def _label_field(name: str, **kwargs: Any) -> Field:
    return Field(f"nks.{name}", **kwargs)


class NksCluster(RunsOperations):
    """An NKS cluster; ``node_count``/``node_size`` are those of its ``default-worker`` group."""

    resource = "cluster"
    details_offered = ("events", "supported_versions")
    shortest_operation = timing.SHORTEST_OPERATION
    fields = (
        Field("version", mutable=True, normalize=rules.to_version, api_name="kube_tag"),
        Field("node_count", mutable=True, normalize=rules.to_int),
        Field("node_size", mutable=True, normalize=rules.empty_to_none, api_name="flavor_id"),
        _label_field("keypair"),
        _label_field("fixed_network"),
        _label_field("fixed_subnet"),
        _label_field("availability_zone", normalize=rules.empty_to_none),
        _label_field("node_image"),
        _label_field("boot_volume_type", reported=False),
        _label_field("boot_volume_size", normalize=rules.to_int, reported=False),
        _label_field("boot_volume_key_id", compare=False),
        _label_field("boot_volume_appkey", compare=False),
        _label_field("external_network_id", normalize=rules.empty_to_none),
        _label_field("external_subnet_id_list", normalize=rules.to_id_list),
        _label_field("master_lb_floating_ip_enabled", normalize=rules.to_bool),
        _label_field("strict_sg_rules", normalize=rules.to_bool, reported=False),
        _label_field("additional_network_id_list", normalize=rules.to_id_list),
        _label_field("additional_subnet_id_list", normalize=rules.to_id_list),
        _label_field("service_cluster_ip_range", normalize=rules.to_cidr, reported=False),
        _label_field("pods_network_cidr", mutable=True, normalize=rules.to_cidr, reported=False),
        _label_field("pods_network_subnet", mutable=True, normalize=rules.to_int, reported=False),
        _label_field("cni_driver", mutable=True, normalize=rules.to_lower, reported=False),
        _label_field("ncr_sgw", mutable=True, normalize=rules.empty_to_none),
        _label_field("obs_sgw", mutable=True, normalize=rules.empty_to_none),
        _label_field("user_script", compare=False, api_name="user_script_v2"),
        _label_field("extra_security_groups", normalize=rules.to_security_groups, reported=False),
        _label_field("extra_volumes", normalize=rules.to_volumes, reported=False),
        _label_field("term_of_validity", mutable=True, normalize=rules.to_int),
        # A rule, not a setting: the view holds the days the certificate has left.
        _label_field("certificate_valid_days", mutable=True, normalize=rules.to_int, matches=rules.lasts_long_enough),
    )

    api: NksApi

    def validate(self, desired: dict[str, Any]) -> None:
        rules.check_cluster(desired)

    # -- reading -------------------------------------------------------------------------

    def find(self, desired: dict[str, Any]) -> Any:
        if desired.get("id"):
            cluster = self._get(desired["id"])
        else:
            cluster = self.api.find_cluster(desired["name"], uuid_allowed=False)
        if cluster is None:
            return None
        with_worker = any(get_path(desired, path) is not None for path in WORKER_PATHS)
        return self._state(cluster, with_worker)

    def list(self, filters: dict[str, Any]) -> list[Any]:
        """Every cluster, each read in full; ``status`` is matched here, the API has no filter."""
        wanted = (filters.get("status") or "").upper()
        states = []
        for summary in self.api.list_clusters():
            if wanted and (summary.get("status") or "").upper() != wanted:
                continue
            cluster = self._get(summary["uuid"])
            if cluster is not None:
                states.append(NksState(cluster))
        return states

    def read(self, current: Any) -> Any:
        cluster = self._get(current.cluster["uuid"])
        if cluster is None:
            return None
        return self._state(cluster, current.with_worker, current.expect)

    def _state(self, cluster: dict[str, Any], with_worker: bool, expect: dict[str, Any] | None = None) -> NksState:
        # NKS puts the cluster *_IN_PROGRESS for any operation on it or on one of its groups:
        # while it says so the group has nothing to add, and is read once the cluster is done.
        wanted = with_worker and not timing.in_progress(cluster)
        worker = self.get_or_none(group_path(cluster["uuid"], DEFAULT_WORKER)) if wanted else None
        return NksState(cluster, worker, with_worker, dict(expect or {}))

    def _get(self, ident: Any) -> Any:
        return self.api.get_cluster(ident)

    def view(self, current: Any) -> dict[str, Any]:
        cluster, worker = current.cluster, current.worker or {}
        labels, worker_labels = cluster.get("labels") or {}, worker.get("labels") or {}

        def label(name: str) -> Any:
            value = labels.get(name)
            return worker_labels.get(name) if value in (None, "") else value

        block: dict[str, Any] = {name: cluster.get(name) for name in rules.TOP_LEVEL}
        block.update(
            {name: label(name) for name in rules.LABELS if name not in ("boot_volume_key_id", "boot_volume_appkey")}
        )
        block["extra_security_groups"] = label("extra_security_groups")
        block["extra_volumes"] = label("extra_volumes")
        block = {name: self.field(f"nks.{name}").normalize(value) for name, value in block.items()}
        block["certificate_valid_days"] = rules.days_left(labels.get("certificate_expiry"), time.time())
        block.update(
            status_reason=cluster.get("status_reason"),
            node_addresses=cluster.get("node_addresses"),
            health_status=cluster.get("health_status"),
            total_node_count=cluster.get("node_count"),
            certificate_expiry=labels.get("certificate_expiry"),
        )
        return {
            "provider": "nks",
            "id": cluster.get("uuid"),
            "name": cluster.get("name"),
            "status": cluster.get("status"),
            "version": rules.to_version(labels.get("kube_tag") or cluster.get("coe_version")),
            "node_count": rules.to_int(worker["node_count"] if "node_count" in worker else cluster.get("node_count")),
            "node_size": worker.get("flavor_id") or cluster.get("flavor_id"),
            "endpoint": cluster.get("api_address"),
            "created_at": cluster.get("created_at"),
            "updated_at": cluster.get("updated_at"),
            "nks": block,
        }

    def status(self, current: Any) -> Status:
        cluster = operation_status(current.cluster.get("status"), current.cluster.get("status_reason"))
        if not current.worker:
            return awaited(self, current, cluster)
        worker = operation_status(current.worker.get("status"), current.worker.get("status_reason"))
        worker = Status(worker.state, f"{DEFAULT_WORKER} {worker.raw}", worker.reason)
        return awaited(self, current, cluster, worker)

    def is_deleting(self, current: Any) -> bool:
        return current.cluster.get("status") == "DELETE_IN_PROGRESS"

    def details(self, current: Any, wanted: set[str]) -> dict[str, Any]:
        """``events``: the cluster's task history, every page, oldest first (the API's order)."""
        if "events" not in wanted:
            return {}
        events = list_pages(self.transport, cluster_path(current.cluster["uuid"], "/events"), "events")
        return {"events": [{key: event.get(key) for key in EVENT_KEYS} for event in events]}

    def account_details(self, wanted: set[str]) -> dict[str, Any]:
        if "supported_versions" not in wanted:
            return {}
        listed = sorted(self.api.supported_versions().items(), key=lambda item: rules.version_key(item[0]))
        return {"supported_versions": [{"version": version, "usable": usable} for version, usable in listed]}

    def kubeconfig(self, current: Any) -> str:
        body = self.transport.request("GET", cluster_path(current.cluster["uuid"], "/config")) or {}
        return body.get("config") or ""

    # -- planning ------------------------------------------------------------------------

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is None:
            self._check_create(desired)
            return
        self.check_operations(view, changes, desired)

    def _check_create(self, desired: dict[str, Any]) -> None:
        missing = [path for path in rules.REQUIRED_AT_CREATE if get_path(desired, path) in (None, "")]
        if missing:
            raise ValidationError(f"creating NKS cluster {desired.get('name')!r} needs {', '.join(missing)}")
        cni = rules.to_lower((desired.get("nks") or {}).get("cni_driver"))
        if cni is not None and cni not in rules.CNI_AT_CREATE:
            raise ValidationError(
                f"nks.cni_driver {cni!r} cannot be chosen for a new NKS cluster; choose one of "
                f"{', '.join(rules.CNI_AT_CREATE)}"
            )
        self._check_supported(rules.to_version(desired["version"]), desired)

    def _check_supported(self, version: str, desired: dict[str, Any]) -> None:
        self.api.require_supported(version, self.label(desired))

    def left_to_provider(self, current: Any, changes: dict[str, tuple], desired: dict[str, Any]) -> dict[str, str]:
        """``node_count`` is the autoscaler's while it is on for ``default-worker`` (read with it)."""
        if "node_count" not in changes or not current.worker:
            return {}
        reason = rules.autoscaler_keeps_count(self.label(desired), current.worker, changes["node_count"][1])
        return {"node_count": reason} if reason else {}

    # -- writing -------------------------------------------------------------------------

    def create(self, desired: dict[str, Any]) -> Any:
        body = rules.create_body(desired)
        answer = self.transport.request("POST", CLUSTERS, json=body) or {}
        uuid = answer.get("uuid")
        if not uuid:
            raise ValidationError(f"NKS accepted cluster {desired['name']!r} but answered without its uuid: {answer}")
        accepted = {"uuid": uuid, "name": desired["name"], "status": "CREATE_IN_PROGRESS"}
        # Followed by reads until it is done, the new cluster is not read at once (it is creating).
        cluster = accepted if self.followed_after_write else (self._get(uuid) or accepted)
        return self._state(cluster, with_worker=True)

    def update(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        expect = self.send_operation(current, changes, desired) or {}
        needs_worker = current.with_worker or any(p in WORKER_PATHS for p in changes)
        expect = {**current.expect, **expect}
        if self.followed_after_write and expect:
            # Until the view shows ``expect`` the state is pending: the reads that follow tell the rest.
            return NksState(current.cluster, current.worker, needs_worker, expect)
        cluster = self._get(current.cluster["uuid"]) or current.cluster
        return self._state(cluster, needs_worker, expect)

    def delete(self, current: Any) -> Any:
        # NKS answers 204 and the cluster is DELETE_IN_PROGRESS until it is gone.
        self.delete_unless_gone(cluster_path(current.cluster["uuid"]))
        return dataclasses.replace(current, cluster={**current.cluster, "status": "DELETE_IN_PROGRESS"})

    # -- the operations, one NKS call each, in the order an update runs them ---------------

    def _check_upgrade(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        current, wanted = changes["version"]
        rules.check_no_downgrade(self.label(desired), current, wanted)
        self._check_supported(wanted, desired)

    def _upgrade(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        path = group_path(current.cluster["uuid"], CONTROL_PLANE, "/upgrade")
        self.transport.request("POST", path, json={"version": step["version"]})
        return True

    def _resize(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        body = {"nodegroup": DEFAULT_WORKER, "node_count": step["node_count"]}
        self.transport.request("POST", cluster_path(current.cluster["uuid"], "/actions/resize"), json=body)
        return True

    def _change_flavor(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        body = {"type": "flavor_id", "flavor_id": step["node_size"]}
        self.transport.request("PATCH", group_path(current.cluster["uuid"], DEFAULT_WORKER), json=body)
        return True

    def _check_cni(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        rules.check_cni_change(self.label(desired), view or {}, changes, desired)

    def _change_cni(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        block = desired.get("nks") or {}
        body = {
            "cni": step["nks.cni_driver"],
            "pod_cidr": block["pods_network_cidr"],
            "pod_subnet": str(block.get("pods_network_subnet", 24)),
        }
        self.transport.request("POST", cluster_path(current.cluster["uuid"], "/actions/cni_update"), json=body)
        return True

    def _check_gateways(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        for path in SGW_PATHS:
            if path in changes and not changes[path][0]:
                raise PlanError(
                    f"{self.label(desired)}: {path} was not set when the cluster was created; NKS can change a "
                    "service gateway but not add one. Recreate the cluster to add it."
                )

    def _change_gateways(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        # NKS replaces both gateways: the one left alone is sent as it is.
        view = self.view(current)["nks"]
        body = {}
        for path in SGW_PATHS:
            name = path.split(".", 1)[1]
            value = step.get(path, view.get(name))
            if value:
                body[name] = value
        self.transport.request("POST", cluster_path(current.cluster["uuid"], "/actions/update_sgw"), json=body)
        return True

    def _check_certificate(
        self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]
    ) -> None:
        rules.check_certificate(desired.get("nks") or {}, ((view or {}).get("nks") or {}).get("term_of_validity"))

    def _renew_certificate(self, current: Any, step: dict[str, Any], desired: dict[str, Any]) -> bool:
        current_term = self.view(current)["nks"].get("term_of_validity")
        wanted = (desired.get("nks") or {}).get("term_of_validity")
        term = rules.to_int(wanted if wanted is not None else current_term) or rules.DEFAULT_TERM_YEARS
        certificate = fill_path("/v1/certificates/{cluster}", cluster=current.cluster["uuid"])
        self.transport.request("PATCH", certificate, json={"term_of_validity": term})
        return True

    operations = (
        Operation("upgrade", ("version",), send=_upgrade, check=_check_upgrade),
        Operation("resize", ("node_count",), send=_resize),
        Operation("flavor", ("node_size",), send=_change_flavor),
        Operation("cni", rules.CNI_PATHS, send=_change_cni, check=_check_cni),
        Operation("service gateways", SGW_PATHS, send=_change_gateways, check=_check_gateways),
        Operation("certificate", rules.CERTIFICATE_PATHS, send=_renew_certificate, check=_check_certificate),
    )
