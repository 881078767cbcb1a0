# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which classes implement EasyStack ECNS: its API and one adapter per resource, read by ``registry.py``.

Each loader imports its class when called, so a task imports only the resource it
manages. The imports stay literal statements because Ansible finds the module_utils
to ship with a module by reading import statements, wherever they are.
"""

from __future__ import annotations

from typing import Callable

from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import ResourceAdapter


def api() -> type[ProviderApi]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.api import EcnsApi

    return EcnsApi


def _workload() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.workload import EcnsWorkload

    return EcnsWorkload


def _configmap() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.configmap import EcnsConfigMap

    return EcnsConfigMap


def _storage_class() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.storage_class import EcnsStorageClass

    return EcnsStorageClass


def _pvc() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.pvc import EcnsPvc

    return EcnsPvc


def _job() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.job import EcnsJob

    return EcnsJob


def _cronjob() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.cronjob import EcnsCronJob

    return EcnsCronJob


def _application() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.application import EcnsApplication

    return EcnsApplication


def _virtual_machine() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.virtual_machine import EcnsVirtualMachine

    return EcnsVirtualMachine


def _image_workspace() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.image_workspace import EcnsImageWorkspace

    return EcnsImageWorkspace


def _image() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.image import EcnsImage

    return EcnsImage


def _image_tag() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.image_tag import EcnsImageTag

    return EcnsImageTag


def _namespace() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.namespace import EcnsNamespace

    return EcnsNamespace


def _secret() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.secret import EcnsSecret

    return EcnsSecret


def _service() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.service import EcnsService

    return EcnsService


def _load_balancer() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.load_balancer import EcnsLoadBalancer

    return EcnsLoadBalancer


def _ingress() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.ingress import EcnsIngress

    return EcnsIngress


def _pod() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.pod import EcnsPod

    return EcnsPod


RESOURCES: dict[str, Callable[[], type[ResourceAdapter]]] = {
    "workload": _workload,
    "configmap": _configmap,
    "storage_class": _storage_class,
    "pvc": _pvc,
    "job": _job,
    "cronjob": _cronjob,
    "application": _application,
    "virtual_machine": _virtual_machine,
    "image_workspace": _image_workspace,
    "image": _image,
    "image_tag": _image_tag,
    "namespace": _namespace,
    "secret": _secret,
    "service": _service,
    "load_balancer": _load_balancer,
    "ingress": _ingress,
    "pod": _pod,
}
