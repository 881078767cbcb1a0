# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which provider implements which resource.

Imports are static on purpose: Ansible ships a module with the module_utils it
imports, and it finds them by reading import statements, not by running code.
"""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.base import (
    Capabilities,
    Connection,
    ProviderApi,
    ResourceAdapter,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme import DeploymeApi, DeploymeCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import EcnsApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns_configmap import EcnsConfigMap
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns_ingress import EcnsIngress, EcnsPod
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns_lb import EcnsLoadBalancer
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns_service import EcnsService
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns_workload import EcnsWorkload
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import ItcareApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare_cluster import ItcareCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare_lb import ItcareLoadBalancer
from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare_nodegroup import ItcareNodeGroup
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import NksApi, NksCluster
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks_autoscale import NksAutoscaler
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks_ipacl import NksIpAcl
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks_nodegroup import NksNodegroup

PROVIDERS: dict[str, type[ProviderApi]] = {
    "deployme": DeploymeApi,
    "ecns": EcnsApi,
    "nks": NksApi,
    "itcare": ItcareApi,
}

ADAPTERS: dict[str, dict[str, type[ResourceAdapter]]] = {
    "cluster": {"deployme": DeploymeCluster, "nks": NksCluster},
    "nodegroup": {"nks": NksNodegroup},
    "autoscaler": {"nks": NksAutoscaler},
    "ipacl": {"nks": NksIpAcl},
    "load_balancer": {"itcare": ItcareLoadBalancer},
    "workload": {"ecns": EcnsWorkload},
}
ADAPTERS["cluster"]["itcare"] = ItcareCluster
ADAPTERS["nodegroup"]["itcare"] = ItcareNodeGroup
ADAPTERS["load_balancer"]["ecns"] = EcnsLoadBalancer
ADAPTERS["service"] = {"ecns": EcnsService}
ADAPTERS["ingress"] = {"ecns": EcnsIngress}
ADAPTERS["pod"] = {"ecns": EcnsPod}
ADAPTERS["configmap"] = {"ecns": EcnsConfigMap}

PROVIDER_NAMES = ("nks", "itcare", "deployme", "ecns")


def capabilities(resource: str) -> Capabilities:
    return Capabilities(resource, dict(ADAPTERS.get(resource, {})))


def provider_api(connection: Connection) -> ProviderApi:
    api_class = PROVIDERS.get(connection.provider)
    if api_class is None:
        able = ", ".join(sorted(PROVIDERS))
        raise ValidationError(f"provider {connection.provider} is not implemented yet (available: {able})")
    return api_class(connection)


def adapter(resource: str, api: ProviderApi) -> ResourceAdapter:
    found = ADAPTERS.get(resource, {}).get(api.name)
    if found is None:
        able = ", ".join(sorted(ADAPTERS.get(resource, {}))) or "none"
        raise ValidationError(f"provider {api.name} has no {resource} resource (providers that do: {able})")
    return found(api)
