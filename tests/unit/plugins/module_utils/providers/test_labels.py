"""How every adapter of every provider names its resource in messages.

An ``*_info`` task may name no resource (it reads them all) and still reach a message:
a missing cluster, a refused option. Its label must then say what was read, never
``'None'``; a task that names one must see that name.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils import registry

ADAPTERS = [
    (provider, resource, loader)
    for provider, table in registry.TABLES.items()
    for resource, loader in table().RESOURCES.items()
]
IDS = [f"{provider}-{resource}" for provider, resource, _loader in ADAPTERS]
#: What a child resource's task gives besides its own name: its cluster, node group, namespace.
PARENTS = {"cluster": "parent-cluster", "nodegroup": "default-worker", "namespace": "default"}
#: Settings of one cluster or node group, which have no name of their own.
UNNAMED = {"autoscaler", "ipacl"}


def label(provider, loader, desired):
    adapter = object.__new__(loader())
    # A label reads the task's options and the provider's name only: no connection is made.
    adapter.api = SimpleNamespace(name=provider)
    return adapter.label(desired)


@pytest.mark.parametrize(("provider", "resource", "loader"), ADAPTERS, ids=IDS)
def test_a_label_without_a_name_says_none_of_none(provider, resource, loader):
    text = label(provider, loader, dict(PARENTS))
    assert "None" not in text, text
    assert f"({provider})" in text, text


@pytest.mark.parametrize(("provider", "resource", "loader"), ADAPTERS, ids=IDS)
def test_a_label_names_the_resource_it_is_given(provider, resource, loader):
    text = label(provider, loader, {**PARENTS, "name": "named-one", "tag": "v1"})
    assert (
        "default-worker" if resource == "autoscaler" else "parent-cluster" if resource in UNNAMED else "named-one"
    ) in text, text
