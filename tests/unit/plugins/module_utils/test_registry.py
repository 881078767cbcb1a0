"""The registry reads one table per provider: complete, consistent, and loaded one provider at a time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils import registry
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection, ProviderApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import ResourceAdapter

COLLECTIONS = Path(__file__).resolve().parents[4] / ".build" / "collections"
PACKAGE = "ansible_collections.kaas.cloud.plugins.module_utils.providers."

# What a task does with the registry, in a fresh interpreter: which provider packages it imported.
PROBE = """
import json, sys
from ansible_collections.kaas.cloud.plugins.module_utils import registry
provider = sys.argv[1]
api_class = registry.provider_class(provider)
for resource in registry.TABLES[provider]().RESOURCES:
    registry.capabilities(resource).adapter(provider)
    registry.AdapterLoaders(resource)[provider]()
prefix = "ansible_collections.kaas.cloud.plugins.module_utils.providers."
print(json.dumps(sorted({m[len(prefix):].split(".")[0] for m in sys.modules if m.startswith(prefix)})))
"""


@pytest.mark.parametrize("provider", registry.PROVIDER_NAMES)
def test_a_task_imports_only_its_own_provider(provider):
    loaded = subprocess.run(
        [sys.executable, "-c", PROBE, provider],
        check=True,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(COLLECTIONS)},
    )
    packages = set(json.loads(loaded.stdout))
    assert packages & set(registry.PROVIDER_NAMES) == {provider}
    # Only the shared modules besides: no provider code outside its own folder.
    assert packages - {provider} <= {"connection", "contract", "paging", "shapes"}


@pytest.mark.parametrize("provider", registry.PROVIDER_NAMES)
def test_each_table_names_classes_of_its_own_provider(provider):
    table = registry.TABLES[provider]()
    api_class = table.api()
    assert issubclass(api_class, ProviderApi) and api_class.name == provider
    assert api_class.__module__.startswith(f"{PACKAGE}{provider}.")
    assert table.RESOURCES, f"{provider} declares no resource"
    for resource, load in table.RESOURCES.items():
        adapter_class = load()
        assert issubclass(adapter_class, ResourceAdapter)
        assert adapter_class.resource == resource
        assert adapter_class.__module__.startswith(f"{PACKAGE}{provider}.")


def test_capabilities_list_exactly_the_providers_whose_table_has_the_resource():
    resources = {resource for table in registry.TABLES.values() for resource in table().RESOURCES}
    for resource in resources:
        expected = sorted(p for p, table in registry.TABLES.items() if resource in table().RESOURCES)
        assert registry.capabilities(resource).providers() == expected
        assert sorted(registry.capabilities(resource).by_provider) == expected
    assert registry.capabilities("no_such_resource").providers() == []


def test_a_provider_without_the_resource_is_refused_naming_those_that_have_it():
    api = registry.provider_api(Connection(provider="deployme", auth={"token": "t"}, api_url="http://emu/deployme"))
    with pytest.raises(ValidationError, match=r"provider deployme has no nodegroup resource .*: itcare, nks\)"):
        registry.adapter("nodegroup", api)
    with pytest.raises(ValidationError, match=r"not implemented yet \(available: deployme, ecns, itcare, nks\)"):
        registry.provider_api(Connection(provider="other", auth={}))
