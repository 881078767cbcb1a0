# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which classes implement deployme.cloud: its API and one adapter per resource, read by ``registry.py``.

Each loader imports its class when called, so a task imports only the resource it
manages. The imports stay literal statements because Ansible finds the module_utils
to ship with a module by reading import statements, wherever they are.
"""

from __future__ import annotations

from typing import Callable

from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import ResourceAdapter


def api() -> type[ProviderApi]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.api import DeploymeApi

    return DeploymeApi


def _cluster() -> type[ResourceAdapter]:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme.cluster import DeploymeCluster

    return DeploymeCluster


RESOURCES: dict[str, Callable[[], type[ResourceAdapter]]] = {
    "cluster": _cluster,
}
