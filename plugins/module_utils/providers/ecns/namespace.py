# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS namespaces (ECNS API reference, 1.12 命名空间), declared on :class:`EcnsObject`.

A namespace belongs to a cluster, not to the session's namespace, so it switches
nothing. ECNS has no detail call: a namespace is found in the list of every
cluster's namespaces (``PROJECT_ALL``), which carries its PSP, quota limits, users
and roles. The create body needs the cluster's type and the department (Keystone
domain) and project names: they come from the project/cluster/namespace tree and from
the organisation call (1.17), read once per run. ECNS changes a namespace through
three calls (PSP, visible users, quota), one per changed part; roles and the business
type are set at creation only. See docs/providers/ecns-config.md.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, get_path
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import (
    Call,
    EcnsObject,
    ObjectState,
    Scope,
)

EVERY_CLUSTER = "PROJECT_ALL"
CLUSTER_TYPES = ("EOS", "EKS", "EHOS", "PROJECT_ALL", "CLOUD_ALL")
#: Namespaces Kubernetes refuses to delete.
PROTECTED = ("default", "kube-system", "kube-public")
QUOTA_ITEMS = (
    "pods",
    "cpu",
    "memory",
    "statefulsets",
    "deployments",
    "jobs",
    "cronjobs",
    "storage",
    "persistentvolumeclaims",
    "configmaps",
    "services",
    "loadbalancers",
    "secrets",
    "ingress",
)
UNLIMITED = -1
ONE = "namespace/cluster/{cluster}/ns/{name}/"


def limits(quota: Any) -> dict[str, int] | None:
    """The quota items that have a limit (ECNS drops unset ones and -1, "no limit")."""
    if quota is None:
        return None
    return {key: int(value) for key, value in quota.items() if value is not None and value != UNLIMITED}


USER_FIELDS = ("id", "name", "email")


def user_list(users: Any) -> list[dict[str, str]] | None:
    """Users as ECNS stores them: the fields given, ordered by id (the order means nothing)."""
    if users is None:
        return None
    # Only the fields a task can give: ECNS may add others, which name no difference.
    cleaned = [{key: user.get(key) for key in USER_FIELDS if user.get(key) is not None} for user in users]
    return sorted(cleaned, key=lambda user: str(user.get("id")))


def sorted_roles(roles: Any) -> list[str] | None:
    return None if roles is None else sorted(roles)


class EcnsNamespace(EcnsObject):
    resource = "namespace"
    kind = "namespace"
    namespaced = False
    list_call = Call("GET", f"namespace/clustertype/{EVERY_CLUSTER}/")
    list_key = "namespaces"
    name_key = "namespace_base.name"
    create_call = Call("POST", "namespace/")
    delete_call = Call("DELETE", ONE)
    psp_call = Call("PATCH", f"{ONE}psp/")
    users_call = Call("PATCH", f"{ONE}user_ids/")
    quota_call = Call("PATCH", f"{ONE}quota/")
    quota_usage_call = Call("GET", f"{ONE}quota/")
    details_offered = ("quota_usage",)
    fields = (
        Field("cluster"),
        Field("product_type"),
        Field("psp", mutable=True),
        Field("quota", mutable=True, normalize=limits),
        Field("users", mutable=True, api_name="user_ids", normalize=user_list),
        Field("roles", api_name="role", normalize=sorted_roles),
        Field("business_type"),
    )

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        self._clusters: dict[str, dict[str, Any]] | None = None

    # -- look-ups the create needs ---------------------------------------------------------

    def clusters(self, scope: Scope) -> dict[str, dict[str, Any]]:
        """The project's clusters by name, from the project/cluster/namespace tree (read once)."""
        if self._clusters is None:
            self._clusters = {
                str(cluster.get("cluster_name")): cluster for cluster in self.api.project_clusters(scope.product_type)
            }
        return self._clusters

    def cluster(self, scope: Scope, name: str) -> dict[str, Any]:
        found = self.clusters(scope).get(name)
        if found is None:
            known = ", ".join(sorted(self.clusters(scope))) or "none"
            raise ValidationError(f"ECNS project {self.api.project_id} has no cluster {name!r} (clusters: {known})")
        return found

    def organisation(self, scope: Scope) -> tuple[str, str]:
        """(department, project) names of the token's project (1.17 部门和项目)."""
        answer = self.transport.request("GET", self.api.path(scope.product_type, "organization/")) or {}
        for domain in answer.get("domains_selector") or []:
            for project in domain.get("projects") or []:
                if project.get("project_id") == self.api.project_id:
                    return str(domain.get("domain_name")), str(project.get("project_name"))
        raise ValidationError(f"ECNS does not list project {self.api.project_id} in any department (organization)")

    # -- hooks -----------------------------------------------------------------------------

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        if desired.get("name") is not None and not desired.get("cluster"):
            raise ValidationError("option cluster is required to find a namespace by name")
        for item, value in (desired.get("quota") or {}).items():
            if value is not None and value < UNLIMITED:
                raise ValidationError(f"quota.{item} must be a number >= 0, or -1 for no limit; got {value}")
        ids = [str(user.get("id")) for user in desired.get("users") or []]
        repeated = sorted({user_id for user_id in ids if ids.count(user_id) > 1})
        if repeated:
            raise ValidationError(f"users lists {', '.join(repeated)} more than once")

    def refuse_delete(self, desired: dict[str, Any]) -> None:
        if desired.get("name") in PROTECTED:
            raise ValidationError(
                f"namespace {desired['name']!r} is a Kubernetes system namespace; ECNS never deletes it"
            )

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        if view is not None:
            return
        cluster = self.cluster(Scope.of(desired, namespaced=False), desired["cluster"])
        if desired.get("business_type") and cluster.get("cluster_type") != "EOS":
            raise ValidationError(
                f"option business_type applies to namespaces of EOS clusters only; cluster {desired['cluster']!r} "
                f"is of type {cluster.get('cluster_type')}"
            )

    def create_body(self, desired: dict[str, Any]) -> dict[str, Any]:
        scope = Scope.of(desired, namespaced=False)
        domain, project = self.organisation(scope)
        base: dict[str, Any] = {
            "name": desired["name"],
            "cluster_name": desired["cluster"],
            "cluster_type": self.cluster(scope, desired["cluster"]).get("cluster_type"),
            "domain": domain,
            "project": project,
            "project_id": self.api.project_id,
        }
        optional = {
            "business_type": desired.get("business_type"),
            "role": sorted_roles(desired.get("roles")),
            "user_ids": user_list(desired.get("users")),
        }
        base.update({key: value for key, value in optional.items() if value is not None})
        namespace: dict[str, Any] = {"namespace_base": base}
        if desired.get("psp"):
            namespace["psp"] = desired["psp"]
        if desired.get("quota") is not None:
            namespace["quota"] = limits(desired["quota"])
        return {"namespace": namespace}

    def update(self, current: ObjectState, changes: dict[str, Any], desired: dict[str, Any]) -> ObjectState:
        name = self.name_of(current.item)
        # The three calls name the cluster type in their query, as the API reference's URIs do.
        params = {"cluster_type": get_path(current.item, "namespace_base.cluster_type")}
        bodies = (
            (self.psp_call, "psp", "psp", changes.get("psp")),
            (self.users_call, "users", "user_ids", user_list(changes.get("users"))),
            (self.quota_call, "quota", "quota", limits(changes.get("quota"))),
        )
        for call, option, key, value in bodies:
            if option in changes:
                self.send(call, current.scope, name, json={key: value}, params=params)
        fresh = self.read(current)
        if fresh is None:
            raise ValidationError(f"{self.label(desired)} disappeared during the update")
        return fresh

    def _list(self, scope: Scope, params: dict[str, Any]) -> list[dict[str, Any]]:
        query = dict(params)
        # The list is per cluster type (a path segment); the one cluster is picked here.
        cluster_type = query.pop("cluster_type", None) or EVERY_CLUSTER
        path = self.api.path(scope.product_type, "namespace/clustertype/{cluster_type}/", cluster_type=cluster_type)
        answer = self.transport.request("GET", path, params=query or None) or {}
        listed = [item for item in answer.get(self.list_key) or [] if isinstance(item, dict)]
        return [item for item in listed if not scope.cluster or self.cluster_of(item) == scope.cluster]

    def list_params(self, filters: dict[str, Any]) -> dict[str, Any]:
        return {key: filters[key] for key in ("cluster_type", "business_type") if filters.get(key)}

    @staticmethod
    def cluster_of(item: dict[str, Any]) -> str:
        return str(get_path(item, "namespace_base.cluster_name") or "")

    def item_view(self, item: dict[str, Any]) -> dict[str, Any]:
        base = item.get("namespace_base") or {}
        status = item.get("namespace_status") or {}
        return {
            "cluster": base.get("cluster_name"),
            "cluster_type": base.get("cluster_type"),
            "business_type": base.get("business_type"),
            "domain": base.get("domain"),
            "project": base.get("project"),
            "project_id": base.get("project_id"),
            "psp": item.get("psp"),
            "quota": limits(item.get("quota") or {}),
            "users": user_list(base.get("user_ids") or []),
            "roles": sorted_roles(base.get("role") or []),
            "status": status.get("status"),
            "creation_time": status.get("creation_time"),
        }

    def details(self, current: ObjectState, wanted: set[str]) -> dict[str, Any]:
        if "quota_usage" not in wanted:
            return {}
        # Listed across clusters, a namespace's own cluster goes in the path.
        scope = dataclasses.replace(current.scope, cluster=self.cluster_of(current.item))
        answer = self.send(self.quota_usage_call, scope, self.name_of(current.item)) or {}
        return {"quota_usage": answer.get("quota") or {}}
