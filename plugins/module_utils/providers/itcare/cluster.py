# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITCare Kubernetes clusters (``/compute/containers/kubernetes``).

The portable options map as follows: ``node_count`` is the number of nodes of the
cluster (ingress nodes included, as ITCare's ``instanceCount`` and ``nodeCount``
count them), ``node_size`` the creation sizing (``nodeSizing``, fixed), ``version``
the product version (``1.29``), upgraded one product at a time. Each change is one
PATCH operation and ITCare runs one action at a time per cluster, so an update that
touches several settings runs as successive steps.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import nodes, rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import (
    CLUSTERS,
    Tracked,
    check_number,
    cluster_path,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.resource import ItcareResource
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.shapes import METRIC, NETWORK, NODE
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import unique_by_name
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick

PATCH_PATHS = ("itcare.patch_party_excluded", "itcare.patch_group", "itcare.patch_exclusion_reason")
REQUIRED_AT_CREATE = (
    "node_count",
    "node_size",
    "itcare.region",
    "itcare.network_id",
    "itcare.service_id",
    "itcare.ingress_provider",
)
# Query parameters of the cluster list, by the option of k8s_cluster_info's itcare block.
LIST_FILTERS = {
    "names": "names",
    "services": "services",
    "environments": "environments",
    "tags": "tags",
    "topologies": "topologies",
    "versions": "versions",
    "regions": "regions",
    "az": "az",
    "ip": "ip",
    "vlan": "vlan",
    "clouds": "clouds",
    "backup_status": "backupStatus",
    "recovery_status": "recoveryStatus",
    "included_in_patch_party": "includedInPatchParty",
}
METRICS = ("az-distribution", "dc-distribution")


def _int(value: Any) -> Any:
    return int(value) if isinstance(value, (int, str)) and str(value).isdigit() else value


def _text(value: Any) -> Any:
    return None if value is None else str(value)


def _block_field(name: str, **kwargs: Any) -> Field:
    return Field(f"itcare.{name}", **kwargs)


class ItcareCluster(ItcareResource):
    """An ITCare Kubernetes cluster."""

    resource = "cluster"
    details_offered = ("nodes", "networks", "metrics", "supported_versions")
    fields = (
        Field("version", mutable=True, normalize=rules.to_minor),
        Field("node_count", mutable=True, normalize=_int, api_name="nodeCount"),
        Field("node_size", api_name="nodeSizing", reported=False),
        # Not in the API reference's cluster object: compared only when ITCare reports them.
        _block_field("region", reported=False),
        _block_field("area", reported=False),
        _block_field("regulation", reported=False),
        _block_field("az", reported=False),
        _block_field("network_id", normalize=rules.network_ref, api_name="networkId", reported=False),
        _block_field("service_id", normalize=_int, api_name="serviceId"),
        _block_field("cloud_id", normalize=_int, api_name="cloudId"),
        _block_field("ingress_provider", api_name="ingressProvider"),
        _block_field("backup_enabled", api_name="backupStatus"),
        _block_field("replication_enabled", api_name="replicationStatus"),
        _block_field("support_level", api_name="supportLevel"),
        *(_block_field(name, compare=False) for name in rules.WRITE_ONLY),
        _block_field("change_reference", compare=False),
        _block_field("ha", mutable=True, api_name="topology"),
        # A null patch group or reason is a real value ("none"), so these are always compared.
        _block_field("patch_party_excluded", mutable=True),
        _block_field("patch_group", mutable=True, normalize=_text),
        _block_field("patch_exclusion_reason", mutable=True),
    )
    set_after_create = frozenset({"itcare.ha", *PATCH_PATHS})

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        # The upgrade walk decided by check_plan, run by split_update (product versions).
        self._upgrade_steps: list[str] = []
        # The nodes as the plan listed them (check_plan), for the nodes step when it is the first write.
        self._planned_nodes: list[dict[str, Any]] | None = None

    def validate(self, desired: dict[str, Any]) -> None:
        rules.check_cluster(desired)
        check_number("id", desired.get("id"), "ITCare cluster ids")
        if desired.get("node_count") is not None and desired["node_count"] < 1:
            raise ValidationError(
                f"node_count must be at least 1, got {desired['node_count']}: ITCare keeps at least one node; "
                "use state=absent to delete the cluster"
            )
        if desired.get("node_count") is not None and desired["node_count"] > rules.CLUSTER_NODES_MAX:
            raise ValidationError(
                f"node_count must be at most {rules.CLUSTER_NODES_MAX}, got {desired['node_count']}: "
                "an ITCare cluster holds at most that many nodes"
            )

    # -- reading -------------------------------------------------------------------------

    def find(self, desired: dict[str, Any]) -> Any:
        if desired.get("id"):
            cluster = self.get(cluster_path(desired["id"]))
        else:
            listed = self.api.pages(CLUSTERS, {"names": desired["name"]})
            cluster = unique_by_name(listed, desired["name"], provider=self.provider, resource=self.resource)
        if cluster is None:
            return None
        self.resolve_network(desired, cluster["id"])
        tracked = Tracked(cluster, options=dict(desired.get("itcare") or {}))
        return self.attach_running_action(tracked)

    def list(self, filters: dict[str, Any]) -> list[Any]:
        block = filters.get("itcare") or {}
        params = {}
        for option, parameter in LIST_FILTERS.items():
            value = block.get(option)
            if value is None or value == []:
                continue
            if isinstance(value, bool):
                params[parameter] = str(value).lower()
            elif isinstance(value, list):
                params[parameter] = ",".join(str(v) for v in value)
            else:
                params[parameter] = value
        if filters.get("status"):
            params["statuses"] = filters["status"]
        found = []
        for cluster in self.api.pages(CLUSTERS, params):
            found.append(Tracked(cluster, options=dict(block)))
        return found

    def details(self, current: Any, wanted: set[str]) -> dict[str, Any]:
        """Nodes, networks, metrics: only when asked for (each is one more request)."""
        ident = current.resource["id"]
        found: dict[str, Any] = {}
        if "nodes" in wanted:
            found["nodes"] = pick(self.api.cluster_nodes(ident), NODE)
        if "networks" in wanted:
            found["networks"] = pick(self.transport.request("GET", cluster_path(ident, "/networks")) or [], NETWORK)
        if "metrics" in wanted:
            metrics = cluster_path(ident, "/metrics")
            found["metrics"] = {
                kind: pick(self.transport.request("GET", metrics, params={"type": kind}), METRIC) for kind in METRICS
            }
        return found

    def account_details(self, wanted: set[str]) -> dict[str, Any]:
        """The product versions ITCare lists, oldest first: each is an upgrade target (one product at a time)."""
        if "supported_versions" not in wanted:
            return {}
        listed = [p for p in self.api.products() if rules.version_key(p.get("version") or p.get("versionDetailed"))]
        listed.sort(key=lambda p: rules.version_key(p.get("version") or p.get("versionDetailed")))
        return {
            "supported_versions": [
                {"version": rules.to_minor(p.get("version") or p.get("versionDetailed")), "usable": True}
                for p in listed
            ]
        }

    def fetch(self, current: Tracked) -> Any:
        return self.get(cluster_path(current.resource["id"]))

    def view(self, current: Any) -> dict[str, Any]:
        cluster = current.resource
        party = cluster.get("patchParty") or {}
        excluded = party.get("excluded")
        if excluded is None and cluster.get("includedInPatchParty") is not None:
            excluded = not cluster["includedInPatchParty"]
        block = {
            "region": cluster.get("region"),
            "area": cluster.get("area"),
            "regulation": cluster.get("regulation"),
            "az": cluster.get("az"),
            "network_id": cluster.get("networkId"),
            "service_id": cluster.get("serviceId"),
            "cloud_id": cluster.get("cloudId"),
            "ingress_provider": cluster.get("ingressProvider"),
            "backup_enabled": cluster.get("backupStatus"),
            "replication_enabled": cluster.get("replicationStatus"),
            "support_level": cluster.get("supportLevel"),
            "ha": None if cluster.get("topology") is None else cluster["topology"] == "HA",
            "supports_ha": cluster.get("supportsHAMode"),
            "patch_party_excluded": excluded,
            "patch_group": party.get("patchGroup"),
            "patch_exclusion_reason": party.get("exclusionReason"),
            "environment": cluster.get("environment"),
            "ip_address": cluster.get("ipAddress"),
            "version_detailed": cluster.get("versionDetailed"),
            "latest_version": cluster.get("lastKubeVersion"),
            "product_code": cluster.get("productCode"),
            "available_azs": cluster.get("availableAZs"),
            "comment": cluster.get("comment"),
        }
        if current.action is not None:
            block["action"] = {k: current.action.get(k) for k in ("id", "process", "status", "message")}
        return {
            "provider": "itcare",
            "id": _text(cluster.get("id")),
            "name": cluster.get("name"),
            "status": cluster.get("status"),
            "version": cluster.get("version"),
            "node_count": cluster.get("nodeCount"),
            "node_size": cluster.get("nodeSizing"),
            "endpoint": cluster.get("managementUrl"),
            "created_at": cluster.get("creationTime"),
            "updated_at": None,
            "itcare": block,
        }

    # -- planning ------------------------------------------------------------------------

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        label = self.label(desired)
        if view is None:
            self._check_create(desired, label)
            return
        if "version" in changes:
            current, wanted = view.get("version"), get_path(desired, "version")
            self._upgrade_steps = rules.upgrade_path(self.api.products(), current, wanted, label)
        if changes.get("itcare.ha", (None, None))[1] and not view["itcare"].get("supports_ha", True):
            raise PlanError(
                f"{label}: ITCare cannot enable HA on this cluster (supportsHAMode is false: its region has fewer "
                "than 3 availability zones)"
            )
        if any(path in changes for path in PATCH_PATHS):
            self.patch_party(view, desired, label)
        if "node_count" in changes:
            listed = self._nodes(view["id"])
            # The nodes step sends what this plan computed from them, unless a step before it changed them.
            self._planned_nodes = listed
            self._node_change(view, changes["node_count"][1], label, listed)

    def _check_create(self, desired: dict[str, Any], label: str) -> None:
        missing = [path for path in REQUIRED_AT_CREATE if get_path(desired, path) in (None, "")]
        if missing:
            raise ValidationError(f"creating ITCare cluster {desired.get('name')!r} needs {', '.join(missing)}")
        rules.check_instance_count(desired["node_count"])
        block = desired["itcare"]
        if block.get("patch_group") is not None:
            raise PlanError(
                f"{label}: itcare.patch_group is only allowed when the cluster has one node, and a new cluster "
                f"has {desired['node_count']}"
            )
        if desired.get("version") is not None:
            rules.product_for(self.api.products(), desired["version"], label)
        if block.get("ha"):
            self._check_region_has_ha(block["region"], label)
        offered = self.transport.request("GET", f"{CLUSTERS}/ingress-providers") or []
        if offered and block["ingress_provider"] not in offered:
            raise ValidationError(
                f"itcare.ingress_provider {block['ingress_provider']!r} is not offered by ITCare; choose one of "
                f"{', '.join(sorted(map(str, offered)))}"
            )

    def _check_region_has_ha(self, region: str, label: str) -> None:
        """Refuse HA for a new cluster where the region's clusters say it cannot have it.

        ITCare tells whether a cluster can be HA only on the cluster (``supportsHAMode``,
        false where the region has fewer than three availability zones), so one cluster of
        the region answers for the new one; with none, only the cluster once created can.
        """
        page = self.transport.request("GET", CLUSTERS, params={"regions": region, "page": 0, "size": 1}) or {}
        for cluster in page.get("content") or []:
            if cluster.get("region", region) == region and cluster.get("supportsHAMode") is False:
                raise PlanError(
                    f"{label}: ITCare cannot make a cluster of region {region} HA (its clusters report "
                    "supportsHAMode false: the region has fewer than 3 availability zones); leave itcare.ha "
                    "unset or choose another region"
                )

    def patch_party(self, view: dict[str, Any], desired: dict[str, Any], label: str) -> dict[str, Any]:
        """The full patch-party settings: the requested ones over the current ones."""
        block, now = desired.get("itcare") or {}, view.get("itcare") or {}
        excluded = block.get("patch_party_excluded", now.get("patch_party_excluded")) or False
        settings: dict[str, Any] = {"excluded": excluded}
        if excluded:
            if block.get("patch_group") is not None:
                raise PlanError(f"{label}: itcare.patch_group does not apply to a cluster excluded from patch party")
            reason = block.get("patch_exclusion_reason") or now.get("patch_exclusion_reason")
            if not reason:
                raise PlanError(f"{label}: excluding a cluster from patch party needs itcare.patch_exclusion_reason")
            settings["exclusionReason"] = reason
            return settings
        if block.get("patch_exclusion_reason") is not None:
            raise PlanError(
                f"{label}: itcare.patch_exclusion_reason only applies with itcare.patch_party_excluded true"
            )
        group = block.get("patch_group", now.get("patch_group"))
        if group is not None:
            if view.get("node_count") != 1:
                raise PlanError(
                    f"{label}: itcare.patch_group is only allowed when the cluster has exactly one node "
                    f"(ITCare's rule for a one-member farm); it has {view.get('node_count')}"
                )
            settings["patchGroup"] = str(group)
        return settings

    def _nodes(self, cluster_id: Any) -> list[dict[str, Any]]:
        return self.api.cluster_nodes(cluster_id)

    def _node_change(
        self, view: dict[str, Any], wanted: int, label: str, cluster_nodes: list[dict[str, Any]]
    ) -> dict[str, Any]:
        """The PATCH options that bring the cluster to ``wanted`` nodes."""
        alive = nodes.live(cluster_nodes)
        if wanted > len(alive):
            count = wanted - len(alive)
            nodes.check_room(cluster_nodes, count, label)
            block = view["itcare"]
            zones = [block["az"]] if block.get("az") else list(block.get("available_azs") or [])
            workers = [n for n in alive if not nodes.is_ingress(n)]
            sizing = view.get("node_size") or nodes.sizing_of((workers or alive)[0])
            return {"operation": "create_nodes", "options": nodes.placements(workers, count, sizing, zones)}
        workers = [n for n in alive if not nodes.is_ingress(n)]
        count = len(alive) - wanted
        if count > len(workers):
            raise PlanError(
                f"{label}: node_count {wanted} would remove ingress nodes; the cluster has {len(alive) - len(workers)} "
                f"ingress nodes and {len(workers)} workers, and node_count only removes workers. "
                "Keep node_count at or above the number of ingress nodes."
            )
        return {"operation": "delete_nodes", "options": {"nodes": nodes.removals(workers, count, alive, label)}}

    def split_update(self, changes: dict[str, Any]) -> list[dict[str, Any]]:
        """One ITCare operation per step: each upgrade, HA, patch party, then the nodes."""
        steps: list[dict[str, Any]] = []
        if "version" in changes:
            steps.extend({"version": version} for version in self._upgrade_steps or [changes["version"]])
        if "itcare.ha" in changes:
            steps.append({"itcare.ha": changes["itcare.ha"]})
        party = {p: changes[p] for p in PATCH_PATHS if p in changes}
        if party:
            steps.append(party)
        if "node_count" in changes:
            steps.append({"node_count": changes["node_count"]})
        return steps

    # -- writing -------------------------------------------------------------------------

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        block = desired["itcare"]
        body = {
            "name": desired["name"],
            "instanceCount": desired["node_count"],
            "nodeSizing": desired["node_size"],
            **rules.api_body(block, rules.CLUSTER_FIELDS),
        }
        if desired.get("version") is not None:
            body["productCode"] = rules.product_for(self.api.products(), desired["version"], self.label(desired))[
                "code"
            ]
        return body

    def create(self, desired: dict[str, Any]) -> Any:
        action = self.api.submit("POST", CLUSTERS, self.create_body(desired))
        cluster_id = action.get("resourceId")
        # Followed by reads of its action until it ends, the new cluster is not read at once.
        read_back = cluster_id is not None and not self.followed_after_write
        cluster = self.get(cluster_path(cluster_id)) if read_back else None
        if cluster is None:
            cluster = {"id": cluster_id, "name": desired["name"], "status": "CREATING"}
        return Tracked(cluster, action=action, options=dict(desired.get("itcare") or {}))

    def operation(self, current: Tracked, step: dict[str, Any], desired: dict[str, Any]) -> dict[str, Any]:
        """The PATCH body of one step."""
        if "version" in step:
            return {"operation": "upgrade", "options": {"version": str(step["version"])}}
        if "itcare.ha" in step:
            return {"operation": "enable_ha"}
        view = self.view(current)
        if "node_count" in step:
            cluster_nodes = self._planned_nodes
            if cluster_nodes is None:
                cluster_nodes = self._nodes(current.resource["id"])
            return self._node_change(view, step["node_count"], self.label(desired), cluster_nodes)
        return {
            "operation": "update_patch_party",
            "options": {"patchParty": self.patch_party(view, desired, self.label(desired))},
        }

    def update(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> Any:
        path = cluster_path(current.resource["id"])
        action = self.api.submit("PATCH", path, self.operation(current, changes, desired))
        # Any operation may change the nodes: a later nodes step lists them again.
        self._planned_nodes = None
        return self.follow(current, action, lambda: self.get(path))

    def preview(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> None:
        if current is None:
            self.api.submit("POST", CLUSTERS, self.create_body(desired), dry_run=True)
            return
        path = cluster_path(current.resource["id"])
        self.api.submit("PATCH", path, self.operation(current, changes, desired), dry_run=True)

    def delete(self, current: Any) -> Any:
        reference = current.options.get("change_reference")
        body = {"changeReference": reference} if reference else None
        try:
            action = self.api.submit("DELETE", cluster_path(current.resource["id"]), body)
        except ApiError as error:
            if error.not_found:
                return None  # deleted meanwhile: the goal is reached
            raise
        return self.follow(current, action)

    def kubeconfig(self, current: Any) -> str:
        raise ValidationError(
            f"ITCare's API has no kubeconfig endpoint (its API reference documents none), so cluster "
            f"{current.resource.get('name')!r} cannot give one here; download it from the ITCare portal "
            f"({current.resource.get('managementUrl') or 'the cluster page'})"
        )
