# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which provider implements which resource.

Each provider declares its API class and its adapters in one table,
``providers/<provider>/adapters.py`` (``api`` and ``RESOURCES``, each a loader that
imports its class when called). This module reads those tables. Ansible ships a module
with the module_utils it imports, and finds them by reading import statements, not by
running code: the imports here and in the tables stay literal, inside functions, so
that a task imports only its own provider's table and the classes it uses.
"""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection, ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import Capabilities, ResourceAdapter


def _nks() -> Any:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import adapters

    return adapters


def _itcare() -> Any:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.itcare import adapters

    return adapters


def _deployme() -> Any:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.deployme import adapters

    return adapters


def _ecns() -> Any:
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import adapters

    return adapters


#: Each provider's table (its ``adapters`` module), imported when first called.
TABLES: dict[str, Callable[[], Any]] = {"nks": _nks, "itcare": _itcare, "deployme": _deployme, "ecns": _ecns}

PROVIDER_NAMES = tuple(TABLES)

PROVIDER_LOADERS: dict[str, Callable[[], type[ProviderApi]]] = {
    name: (lambda table=table: table().api()) for name, table in TABLES.items()
}


def adapter_loaders(resource: str) -> dict[str, Callable[[], type[ResourceAdapter]]]:
    """The providers that implement ``resource``, each with the loader of its adapter class.

    Reads every provider's table (not the adapters themselves): for error messages
    that name the providers that could do what a task asked.
    """
    found = {name: table().RESOURCES.get(resource) for name, table in TABLES.items()}
    return {name: loader for name, loader in found.items() if loader is not None}


class AdapterLoaders(Mapping[str, Callable[[], type[ResourceAdapter]]]):
    """A resource's adapter loaders by provider; asking for one provider reads only its table.

    A task looks up its own provider, so it imports no other provider's table; listing
    the providers (an error message) reads them all.
    """

    def __init__(self, resource: str) -> None:
        self.resource = resource

    def __getitem__(self, provider: str) -> Callable[[], type[ResourceAdapter]]:
        table = TABLES.get(provider)
        load = table().RESOURCES.get(self.resource) if table is not None else None
        if load is None:
            raise KeyError(provider)
        return load

    def __iter__(self) -> Iterator[str]:
        return iter(adapter_loaders(self.resource))

    def __len__(self) -> int:
        return len(adapter_loaders(self.resource))


def provider_class(provider: str) -> type[ProviderApi] | None:
    """The API class of ``provider`` (imported now), or ``None`` when there is none."""
    loader = PROVIDER_LOADERS.get(provider)
    return loader() if loader is not None else None


def capabilities(resource: str) -> Capabilities:
    return Capabilities(resource, AdapterLoaders(resource))


def provider_api(connection: Connection) -> ProviderApi:
    api_class = provider_class(connection.provider)
    if api_class is None:
        able = ", ".join(sorted(PROVIDER_LOADERS))
        raise ValidationError(f"provider {connection.provider} is not implemented yet (available: {able})")
    return api_class(connection)


def adapter(resource: str, api: ProviderApi) -> ResourceAdapter:
    load = AdapterLoaders(resource).get(api.name)
    if load is None:
        able = ", ".join(sorted(adapter_loaders(resource))) or "none"
        raise ValidationError(f"provider {api.name} has no {resource} resource (providers that do: {able})")
    return load()(api)
