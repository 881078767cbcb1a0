# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The custom load balancers of an ITCare cluster (``…/kubernetes/{id}/loadbalancers``).

ITCare documents listing and creating them, nothing else: every setting is fixed
at creation, and a deletion is refused before any request instead of pretending.
A load balancer is named after its URL without scheme and ``www.``; the module's
``name`` is that URL.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, get_path, named, unchanged
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import (
    Tracked,
    check_number,
    cluster_path,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.resource import ItcareResource
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import unique_by_name

REQUIRED_AT_CREATE = (
    "itcare.profile_name",
    "itcare.healthcheck",
    "itcare.port_members",
    "itcare.region",
    "itcare.service_id",
)
# view key -> ITCare field, for what a load balancer reports.
REPORTED = {
    "url": "url",
    **{key: api for key, api in rules.LB_FIELDS.items() if key not in rules.WRITE_ONLY},
    "backup_enabled": "backupStatus",
    "replication_enabled": "replicationStatus",
}


def _ports(value: Any) -> Any:
    """``80,443`` whatever the spacing and order, so ``443, 80`` compares equal; other text as is.

    The members' ports are a set (the API reference: "port member of load balancer,
    example: 80, 443"): ITCare may answer them in another order than they were sent.
    """
    if value is None:
        return None
    try:
        listed = rules.port_list(value, "port_members")
    except ValidationError:
        return str(value)
    return ",".join(sorted(listed.split(","), key=int))


def _int(value: Any) -> Any:
    return int(value) if isinstance(value, (int, str)) and str(value).isdigit() else value


# Of the create fields, the API reference's load-balancer object reports only these; the others are
# compared only when ITCare echoes them.
API_REPORTED = frozenset({"service_id", "cloud_id", "support_level"})
NORMALIZE = {
    "port_members": _ports,
    "network_id": rules.network_ref,
    "service_id": _int,
    "cloud_id": _int,
    "vs_port": _int,
}


class ItcareLoadBalancer(ItcareResource):
    """A custom load balancer of an ITCare cluster, found by its URL in the cluster's list."""

    resource = "load_balancer"
    fields = (
        # The cluster is where the load balancer is looked for, by name or id: never a difference.
        Field("cluster", compare=False),
        *(
            Field(f"itcare.{key}", normalize=NORMALIZE.get(key, unchanged), api_name=api, reported=key in API_REPORTED)
            for key, api in rules.LB_FIELDS.items()
            if key not in rules.WRITE_ONLY and key not in ("backup_enabled", "replication_enabled")
        ),
        Field("itcare.backup_enabled", api_name="backupStatus"),
        Field("itcare.replication_enabled", api_name="replicationStatus"),
        *(Field(f"itcare.{key}", compare=False) for key in rules.WRITE_ONLY),
    )

    def label(self, desired: dict[str, Any]) -> str:
        return f"{named('load balancer', desired.get('name'))} of cluster '{desired.get('cluster')}' (itcare)"

    def validate(self, desired: dict[str, Any]) -> None:
        rules.check_load_balancer(desired)
        check_number("id", desired.get("id"), "ITCare load balancer ids")

    # -- reading -------------------------------------------------------------------------

    def _listed(self, cluster_id: Any) -> list[dict[str, Any]]:
        return self.transport.request("GET", cluster_path(cluster_id, "/loadbalancers")) or []

    def find(self, desired: dict[str, Any]) -> Any:
        cluster = self.cluster(desired.get("cluster"))
        listed = self._listed(cluster["id"])
        if desired.get("id"):
            matches = [lb for lb in listed if str(lb.get("id")) == str(desired["id"])]
            found = matches[0] if matches else None
        else:
            wanted = rules.lb_name(desired["name"])
            named = [dict(lb, name=rules.lb_name(lb.get("name") or lb.get("url"))) for lb in listed]
            match = unique_by_name(named, wanted, provider=self.provider, resource=self.resource)
            found = next((lb for lb in listed if match is not None and lb.get("id") == match.get("id")), None)
        if found is None:
            return None
        self.resolve_network(desired, cluster["id"])
        return Tracked(found, options={"cluster": cluster})

    def list(self, filters: dict[str, Any]) -> list[Any]:
        cluster = self.cluster(filters.get("cluster"))
        return [Tracked(lb, options={"cluster": cluster}) for lb in self._listed(cluster["id"])]

    def fetch(self, current: Tracked) -> Any:
        cluster_id = current.options["cluster"]["id"]
        wanted = current.resource.get("id")
        if wanted is None:
            # Created but not yet listed with an id: look it up by its name.
            return next((lb for lb in self._listed(cluster_id) if lb.get("name") == current.resource["name"]), None)
        return next((lb for lb in self._listed(cluster_id) if lb.get("id") == wanted), None)

    def view(self, current: Any) -> dict[str, Any]:
        lb, cluster = current.resource, current.options.get("cluster") or {}
        block = {key: lb.get(api) for key, api in REPORTED.items()}
        # The ports are a set: shown in port order, whatever order ITCare answers them in.
        block["port_members"] = _ports(block.get("port_members"))
        block.update(
            ip_address=lb.get("ipAddress"),
            node_count=lb.get("nodeCount"),
            environment=lb.get("environment"),
            monitoring_requested=lb.get("monitoringRequested"),
        )
        if current.action is not None:
            block["action"] = {k: current.action.get(k) for k in ("id", "process", "status", "message")}
        return {
            "provider": "itcare",
            "id": None if lb.get("id") is None else str(lb["id"]),
            "name": lb.get("name"),
            "cluster": cluster.get("name"),
            "status": lb.get("status"),
            "created_at": lb.get("creationTime"),
            "itcare": block,
        }

    # -- planning and writing ------------------------------------------------------------

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is not None:
            return
        missing = [path for path in REQUIRED_AT_CREATE if get_path(desired, path) in (None, "")]
        if missing:
            raise ValidationError(f"creating {self.label(desired)} needs {', '.join(missing)}")
        cluster = self.cluster(desired["cluster"])
        region = desired["itcare"]["region"]
        if cluster.get("region") and region != cluster["region"]:
            raise PlanError(
                f"{self.label(desired)}: itcare.region is {region} but the cluster is in {cluster['region']}; "
                "a load balancer lives in its cluster's region"
            )

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        body = {"url": desired["name"], **rules.api_body(desired["itcare"], rules.LB_FIELDS)}
        body["portMembers"] = rules.port_list(body["portMembers"], "itcare.port_members")
        return body

    def create(self, desired: dict[str, Any]) -> Any:
        cluster = self.cluster(desired["cluster"])
        action = self.api.submit("POST", cluster_path(cluster["id"], "/loadbalancers"), self.create_body(desired))
        placeholder = {"id": action.get("resourceId"), "name": rules.lb_name(desired["name"]), "status": "CREATING"}
        tracked = Tracked(placeholder, action=action, options={"cluster": cluster})
        return self.follow(tracked, action, lambda: self.fetch(tracked))

    def preview(self, current: Any, changes: dict[str, Any], desired: dict[str, Any]) -> None:
        if current is None:
            cluster = self.cluster(desired["cluster"])
            path = cluster_path(cluster["id"], "/loadbalancers")
            self.api.submit("POST", path, self.create_body(desired), dry_run=True)

    def check_delete(self, current: Any, desired: dict[str, Any]) -> None:
        raise PlanError(
            f"{self.label(desired)} exists, and ITCare's API offers no way to delete a load balancer (its "
            "documentation lists and creates them only); delete it in the ITCare portal, or drop state=absent"
        )
