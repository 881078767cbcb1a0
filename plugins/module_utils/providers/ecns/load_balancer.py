# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ECNS exclusive load balancers: LoadBalancer services with their Octavia options.

ECNS API reference, 1.19 服务 (services), 1.21 负载 (workloads) and 1.23 独享型负载均衡 (exclusive load balancers).

Module ``load_balancer`` with ``provider: ecns`` manages a service of type LoadBalancer, found
by name in the namespace's services. Before anything is written (in check mode too)
a new load balancer is checked against the 1.23 look-ups: Octavia is installed,
the subnet is one the look-up offers, the zone is available, the flavor exists
and is enabled, the replicas are within the limit, and the license has room.
Octavia fixes the subnet, zone, CPU architecture, flavor, topology, replicas and
volume type when it builds the load balancer: those fields are immutable, and the
reconciler refuses a change to them before any request.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Field, get_path, named
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.objects import ObjectState, Scope
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.service import (
    EcnsServiceObject,
    check_ports,
    completed_ports,
    fail_on,
    port_list,
    ports_view,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.shapes import (
    LICENSE_USAGE,
    LOOKUP_FLAVOR,
    LOOKUP_SUBNET,
    LOOKUP_ZONE,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload_rules import covers, strip_unset
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import pick

LOOKUPS = "ecns/kubernetes"
#: Query of the subnet look-up, as the API reference gives it: subnets of routers, not external networks.
SUBNET_QUERY = {"is_router_external": "false", "is_connect_router": "true", "all_projects": "true"}
REQUIRED_AT_CREATE = ("ecns.target_workload", "ecns.ports", "ecns.subnet")
ZONE_KEYS = {"availability_zone": "compute_zone", "cpu_arch": "cpu_arch"}
FLAVOR_KEYS = ("flavor", "topology", "replicas", "amp_volume_type")


class EcnsLoadBalancer(EcnsServiceObject):
    """A LoadBalancer service and its Octavia load balancer."""

    resource = "load_balancer"
    kind = "load balancer service"
    fields = (
        Field("cluster"),
        Field("namespace"),
        Field("product_type"),
        Field("ecns.target_workload", mutable=True),
        Field("ecns.workload_type", mutable=True),
        Field(
            "ecns.ports",
            mutable=True,
            normalize=port_list,
            matches=covers,
            api_name="access",
            # A LoadBalancer service has a node port behind each port.
            complete=lambda current, wanted, after: completed_ports(current, wanted, node_ports=True),
        ),
        Field("ecns.lb_name", mutable=True, api_name="loadbalancer.name"),
        Field("ecns.labels", mutable=True),
        Field("ecns.annotations", mutable=True),
        Field("ecns.subnet", api_name="vip_subnet_id"),
        Field("ecns.availability_zone", api_name="compute_zone"),
        Field("ecns.cpu_arch"),
        Field("ecns.flavor", api_name="compute_flavor"),
        Field("ecns.topology", api_name="loadbalancer_topology"),
        Field("ecns.replicas"),
        Field("ecns.amp_volume_type"),
    )
    details_offered = ("look_ups",)

    def __init__(self, api: Any) -> None:
        super().__init__(api)
        # One run reads each look-up once (a view names the flavor; a plan checks it again).
        self._lookups: dict[tuple[str, str], Any] = {}

    # -- look-ups (1.23 独享型负载均衡) --------------------------------------------------------

    def lookup(self, scope: Scope, rest: str, params: dict[str, str] | None = None) -> Any:
        """A look-up under ``ecns/kubernetes/``, read once per run and product."""
        key = (scope.product_type, rest)
        if key not in self._lookups:
            self.enter(scope)
            url = self.api.path(scope.product_type, f"{LOOKUPS}/{rest}")
            self._lookups[key] = self.transport.request("GET", url, params=params)
        return self._lookups[key]

    def flavors(self, scope: Scope) -> list[dict[str, Any]]:
        return [f for f in self.lookup(scope, "server/flavors/") or [] if isinstance(f, dict)]

    def flavor_name(self, scope: Scope, flavor_id: Any) -> Any:
        if flavor_id is None:
            return None
        return next((f.get("name") for f in self.flavors(scope) if f.get("id") == flavor_id), flavor_id)

    def flavor_id(self, scope: Scope, name: str) -> str:
        found = next((f for f in self.flavors(scope) if f.get("name") == name), None)
        if found is None or found.get("is_disabled"):
            usable = sorted(str(f.get("name")) for f in self.flavors(scope) if not f.get("is_disabled"))
            state = "is disabled" if found is not None else "does not exist"
            raise PlanError(f"load balancer flavor {name!r} {state}; enabled flavors: {', '.join(usable) or 'none'}")
        return str(found["id"])

    def look_ups(self, scope: Scope) -> dict[str, Any]:
        """Every 1.23 look-up, as ``load_balancer_info`` includes them (the fields the API reference names)."""
        return {
            "availability_zones": pick(self.lookup(scope, "server/availabilityzones/"), LOOKUP_ZONE),
            "flavors": pick(self.flavors(scope), LOOKUP_FLAVOR),
            "subnets": pick(self.lookup(scope, "network/subnets/", SUBNET_QUERY), LOOKUP_SUBNET),
            "replicas_limit": (self.lookup(scope, "lbaas/flavorprofile_replicas_limit/") or {}).get("REPLCAS_LIMIT"),
            "octavia_installed": bool(get_path(self.lookup(scope, "lb/type/"), "octavia.is_installed")),
            "license": pick(self.lookup(scope, "lb/license_usage/"), LICENSE_USAGE),
        }

    # -- checks ------------------------------------------------------------------------------

    def validate(self, desired: dict[str, Any]) -> None:
        super().validate(desired)
        block = desired.get("ecns") or {}
        problems: list[str] = []
        check_ports(problems, "ecns.ports", block.get("ports"), "LoadBalancer")
        topology, replicas = block.get("topology"), block.get("replicas")
        if replicas is not None and topology != "ACTIVE_ACTIVE":
            problems.append("ecns.replicas is for ecns.topology ACTIVE_ACTIVE (a multi-active load balancer)")
        elif replicas is not None and replicas < 2:
            problems.append(f"ecns.replicas must be at least 2, got {replicas}")
        if block.get("lb_name") is not None and not str(block["lb_name"]).strip():
            problems.append("ecns.lb_name must not be empty")
        for key in ("labels", "annotations"):
            for name, value in (block.get(key) or {}).items():
                if not isinstance(value, str):
                    problems.append(f"ecns.{key}.{name} must be text, got {type(value).__name__}; quote it")
        fail_on(problems, "ECNS load balancer")

    def check_plan(self, view: dict[str, Any] | None, changes: dict[str, tuple], desired: dict[str, Any]) -> None:
        scope, block = Scope.of(desired), desired.get("ecns") or {}
        if view is None:
            missing = [path for path in REQUIRED_AT_CREATE if get_path(desired, path) in (None, "", [])]
            if missing:
                raise ValidationError(f"creating {self.label(desired)} needs {', '.join(missing)}")
            other = super().find(desired)
            if other is not None:
                kind = get_path(other.item, "access_mode.type")
                raise PlanError(
                    f"service {desired['name']!r} of namespace {scope.namespace} exists as a {kind} service; "
                    "kaas.cloud.load_balancer manages LoadBalancer services: change it with kaas.cloud.service, "
                    "or choose another name"
                )
            self.check_new_load_balancer(scope, block, desired)
        if "ecns.ports" in changes:
            current = self.find(desired) if view is not None else None
            self.check_free_node_ports(block.get("ports"), current, scope)

    def check_new_load_balancer(self, scope: Scope, block: dict[str, Any], desired: dict[str, Any]) -> None:
        """What Octavia and the license need for a new load balancer, from the look-ups."""
        label = self.label(desired)
        if not get_path(self.lookup(scope, "lb/type/"), "octavia.is_installed"):
            raise PlanError(
                f"{label}: Octavia is not installed for cluster {scope.cluster}; no exclusive load balancer"
            )
        subnets = [s for s in self.lookup(scope, "network/subnets/", SUBNET_QUERY) or [] if isinstance(s, dict)]
        if block["subnet"] not in [s.get("id") for s in subnets]:
            offered = ", ".join(f"{s.get('id')} ({s.get('name')}, {s.get('cidr')})" for s in subnets) or "none"
            raise PlanError(f"{label}: ecns.subnet {block['subnet']!r} is not a subnet the look-up offers: {offered}")
        zone_name = block.get("availability_zone")
        if zone_name is not None:
            zones = [z for z in self.lookup(scope, "server/availabilityzones/") or [] if isinstance(z, dict)]
            usable = [z.get("name") for z in zones if get_path(z, "state.available")]
            if zone_name not in usable:
                raise PlanError(
                    f"{label}: ecns.availability_zone {zone_name!r} is not available; available: "
                    f"{', '.join(map(str, usable)) or 'none'}"
                )
        if block.get("flavor") is not None:
            self.flavor_id(scope, block["flavor"])
        if block.get("replicas") is not None:
            limit = (self.lookup(scope, "lbaas/flavorprofile_replicas_limit/") or {}).get("REPLCAS_LIMIT")
            if isinstance(limit, int) and block["replicas"] > limit:
                raise PlanError(f"{label}: ecns.replicas {block['replicas']} is above ECNS's limit of {limit}")
        license_usage = self.lookup(scope, "lb/license_usage/") or {}
        if isinstance(license_usage.get("available"), int) and license_usage["available"] < 1:
            raise PlanError(
                f"{label}: the license has no room for another load balancer ({license_usage.get('delta')} of "
                f"{license_usage.get('hard_limit')} used)"
            )

    # -- finding -----------------------------------------------------------------------------

    def _load_balancers(self, scope: Scope) -> list[ObjectState]:
        listed = [ObjectState(item, scope) for item in self._list(scope, {})]
        return [s for s in listed if get_path(s.item, "access_mode.type") == "LoadBalancer"]

    def find(self, desired: dict[str, Any]) -> ObjectState | None:
        scope = Scope.of(desired)
        if desired.get("id"):
            found = [
                s for s in self._load_balancers(scope) if get_path(s.item, "access_mode.external.id") == desired["id"]
            ]
            return ObjectState(found[0].item, scope, desired) if found else None
        current = super().find(desired)
        # Another type of service is no load balancer: absent has nothing to do, load_balancer_info lists nothing,
        # and present refuses to take it over (check_plan).
        if current is None or get_path(current.item, "access_mode.type") != "LoadBalancer":
            return None
        return current

    def list(self, filters: dict[str, Any]) -> list[ObjectState]:
        return self._load_balancers(Scope.of(filters))

    def account_details(self, wanted: set[str]) -> dict[str, Any]:
        scope = self.last_scope
        return {"look_ups": self.look_ups(scope)} if "look_ups" in wanted and scope is not None else {}

    # -- writing -----------------------------------------------------------------------------

    def apply(self, request: dict[str, Any], desired: dict[str, Any]) -> None:
        block = desired.get("ecns") or {}
        mode = request["access_mode"]
        self.set_type(mode, "LoadBalancer")
        for key in ("target_workload", "workload_type"):
            if block.get(key):
                request[key] = block[key]
        request.setdefault("workload_type", "Deployment")
        if block.get("labels") is not None:
            request["labels"] = dict(block["labels"])
        if block.get("annotations") is not None:
            mode["annotations"] = dict(block["annotations"])
        if block.get("ports") is not None:
            mode["access"] = [strip_unset(port) or {} for port in block["ports"]]
        external = mode.setdefault("external", {})
        balancer = external.setdefault("loadbalancer", {})
        balancer["name"] = block.get("lb_name") or balancer.get("name") or desired["name"]
        if block.get("subnet"):
            balancer["vip_subnet_id"] = block["subnet"]
        mode["subnet"] = balancer.get("vip_subnet_id")
        zone = {api: block[key] for key, api in ZONE_KEYS.items() if block.get(key) is not None}
        if zone:
            profile = external.setdefault("availability_zone_profile", {})
            profile["availability_zone_data"] = {**(profile.get("availability_zone_data") or {}), **zone}
        if any(block.get(key) is not None for key in FLAVOR_KEYS):
            profile = external.setdefault("flavor_profile", {})
            data = dict(profile.get("flavor_data") or {})
            if block.get("flavor") is not None:
                data["compute_flavor"] = self.flavor_id(Scope.of(desired), block["flavor"])
            # Octavia needs a topology in a flavor profile; SINGLE is its own default.
            data["loadbalancer_topology"] = block.get("topology") or data.get("loadbalancer_topology") or "SINGLE"
            for key in ("replicas", "amp_volume_type"):
                if block.get(key) is not None:
                    data[key] = block[key]
            profile["flavor_data"] = data

    # -- the view ----------------------------------------------------------------------------

    def label(self, desired: dict[str, Any]) -> str:
        return f"{named('load balancer service', desired.get('name'))} of cluster '{desired.get('cluster')}' (ecns)"

    def view(self, current: ObjectState) -> dict[str, Any]:
        item, scope = current.item, current.scope
        mode = item.get("access_mode") or {}
        external = mode.get("external") if isinstance(mode.get("external"), dict) else {}
        flavor = get_path(external, "flavor_profile.flavor_data") or {}
        zone = get_path(external, "availability_zone_profile.availability_zone_data") or {}
        return {
            "provider": "ecns",
            "id": external.get("id"),
            "name": self.name_of(item),
            "cluster": scope.cluster,
            "namespace": scope.namespace,
            "product_type": scope.product_type,
            "status": external.get("provisioning_status"),
            "created_at": item.get("creation_time"),
            "ecns": {
                "target_workload": item.get("target_workload"),
                "workload_type": item.get("workload_type"),
                "ports": ports_view(mode),
                "lb_name": external.get("name"),
                "subnet": external.get("vip_subnet_id"),
                "availability_zone": zone.get("compute_zone"),
                "cpu_arch": zone.get("cpu_arch"),
                "flavor": self.flavor_name(scope, flavor.get("compute_flavor")),
                "flavor_id": flavor.get("compute_flavor"),
                "topology": flavor.get("loadbalancer_topology"),
                "replicas": flavor.get("replicas"),
                "amp_volume_type": flavor.get("amp_volume_type"),
                "vip_address": external.get("vip_address"),
                "public_ips": list(mode.get("public_ips") or []),
                "cluster_ip": mode.get("cluster_ip"),
                "provisioning_status": external.get("provisioning_status"),
                "operating_status": external.get("operating_status"),
                "labels": dict(item.get("labels") or {}),
                "annotations": dict(mode.get("annotations") or {}),
            },
        }
