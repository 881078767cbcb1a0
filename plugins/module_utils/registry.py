# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which provider implements which resource.

Ansible ships a module with the module_utils it imports, and it finds them by
reading import statements, not by running code: the loaders below keep literal
imports, inside functions so that only the classes a task uses are imported.
"""

from __future__ import annotations

from typing import Callable

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection, ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Capabilities, ResourceAdapter

# Each loader imports its classes when first called, so a task imports only its own
# provider and resource: importing all of them cost every task tens of milliseconds.
# The imports stay literal statements (inside functions) because Ansible finds the
# module_utils to ship by reading import statements wherever they are.


def _deployme_api() -> type[ProviderApi]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import DeploymeApi

    return DeploymeApi


def _ecns_api() -> type[ProviderApi]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi

    return EcnsApi


def _nks_api() -> type[ProviderApi]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksApi

    return NksApi


def _itcare_api() -> type[ProviderApi]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.api import ItcareApi

    return ItcareApi


def _deployme_cluster() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import DeploymeCluster

    return DeploymeCluster


def _nks_cluster() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksCluster

    return NksCluster


def _itcare_cluster() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.cluster import ItcareCluster

    return ItcareCluster


def _nks_nodegroup() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.nodegroup import NksNodegroup

    return NksNodegroup


def _itcare_nodegroup() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.nodegroup import ItcareNodeGroup

    return ItcareNodeGroup


def _nks_autoscaler() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.autoscaler import NksAutoscaler

    return NksAutoscaler


def _nks_ipacl() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.ipacl import NksIpAcl

    return NksIpAcl


def _itcare_load_balancer() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare.load_balancer import ItcareLoadBalancer

    return ItcareLoadBalancer


def _ecns_workload() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload import EcnsWorkload

    return EcnsWorkload


def _ecns_configmap() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.configmap import EcnsConfigMap

    return EcnsConfigMap


def _ecns_application() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.applications import EcnsApplication

    return EcnsApplication


def _ecns_virtual_machine() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.applications import EcnsVirtualMachine

    return EcnsVirtualMachine


def _ecns_image_workspace() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.images import EcnsImageWorkspace

    return EcnsImageWorkspace


def _ecns_image() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.images import EcnsImage

    return EcnsImage


def _ecns_image_tag() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.images import EcnsImageTag

    return EcnsImageTag


def _ecns_service() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.service import EcnsService

    return EcnsService


def _ecns_load_balancer() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.load_balancer import EcnsLoadBalancer

    return EcnsLoadBalancer


def _ecns_ingress() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.ingress import EcnsIngress

    return EcnsIngress


def _ecns_pod() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.ingress import EcnsPod

    return EcnsPod


def _ecns_namespace() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.namespace import EcnsNamespace

    return EcnsNamespace


def _ecns_secret() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.secret import EcnsSecret

    return EcnsSecret


def _ecns_storage_class() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage import EcnsStorageClass

    return EcnsStorageClass


def _ecns_pvc() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage import EcnsPvc

    return EcnsPvc


def _ecns_job() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.jobs import EcnsJob

    return EcnsJob


def _ecns_cronjob() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.jobs import EcnsCronJob

    return EcnsCronJob


PROVIDER_LOADERS: dict[str, Callable[[], type[ProviderApi]]] = {
    "deployme": _deployme_api,
    "ecns": _ecns_api,
    "nks": _nks_api,
    "itcare": _itcare_api,
}

ADAPTER_LOADERS: dict[str, dict[str, Callable[[], type[ResourceAdapter]]]] = {
    "cluster": {"deployme": _deployme_cluster, "nks": _nks_cluster, "itcare": _itcare_cluster},
    "nodegroup": {"nks": _nks_nodegroup, "itcare": _itcare_nodegroup},
    "autoscaler": {"nks": _nks_autoscaler},
    "ipacl": {"nks": _nks_ipacl},
    "load_balancer": {"itcare": _itcare_load_balancer, "ecns": _ecns_load_balancer},
    "workload": {"ecns": _ecns_workload},
    "configmap": {"ecns": _ecns_configmap},
    "storage_class": {"ecns": _ecns_storage_class},
    "pvc": {"ecns": _ecns_pvc},
    "job": {"ecns": _ecns_job},
    "cronjob": {"ecns": _ecns_cronjob},
    "application": {"ecns": _ecns_application},
    "virtual_machine": {"ecns": _ecns_virtual_machine},
    "image_workspace": {"ecns": _ecns_image_workspace},
    "image": {"ecns": _ecns_image},
    "image_tag": {"ecns": _ecns_image_tag},
    "namespace": {"ecns": _ecns_namespace},
    "secret": {"ecns": _ecns_secret},
    "service": {"ecns": _ecns_service},
    "ingress": {"ecns": _ecns_ingress},
    "pod": {"ecns": _ecns_pod},
}

PROVIDER_NAMES = ("nks", "itcare", "deployme", "ecns")


def provider_class(provider: str) -> type[ProviderApi] | None:
    """The API class of ``provider`` (imported now), or ``None`` when there is none."""
    loader = PROVIDER_LOADERS.get(provider)
    return loader() if loader is not None else None


def capabilities(resource: str) -> Capabilities:
    return Capabilities(resource, dict(ADAPTER_LOADERS.get(resource, {})))


def provider_api(connection: Connection) -> ProviderApi:
    api_class = provider_class(connection.provider)
    if api_class is None:
        able = ", ".join(sorted(PROVIDER_LOADERS))
        raise ValidationError(f"provider {connection.provider} is not implemented yet (available: {able})")
    return api_class(connection)


def adapter(resource: str, api: ProviderApi) -> ResourceAdapter:
    loaders = ADAPTER_LOADERS.get(resource, {})
    load = loaders.get(api.name)
    if load is None:
        able = ", ".join(sorted(loaders)) or "none"
        raise ValidationError(f"provider {api.name} has no {resource} resource (providers that do: {able})")
    return load()(api)
