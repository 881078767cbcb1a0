"""Provider entries of a ``*.kaas.yml``: validation before any request, and the modules' environment variables."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_config import provider_entries
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_sources import Selection


def test_without_providers_the_one_entry_comes_from_the_environment():
    env = {"KAAS_PROVIDER": "deployme", "KAAS_API_URL": "http://emu/deployme", "KAAS_AUTH_TOKEN": "t0k"}
    (entry,) = provider_entries([], env)
    assert entry.connection.provider == "deployme"
    assert entry.connection.api_url == "http://emu/deployme"
    assert entry.connection.auth == {"token": "t0k"}
    assert entry.label == "providers[0] (deployme, http://emu/deployme)"


def test_without_providers_nor_kaas_provider_it_says_what_to_set():
    with pytest.raises(ValidationError, match=r"set providers .* or KAAS_PROVIDER"):
        provider_entries(None, {})


def test_environment_fills_only_the_entry_of_kaas_provider():
    env = {"KAAS_PROVIDER": "deployme", "KAAS_AUTH_TOKEN": "dm-token", "KAAS_API_URL": "http://emu/deployme"}
    nks, deployme = provider_entries(
        [{"provider": "nks", "auth": {"username": "u", "password": "p", "tenant_id": "t"}}, {"provider": "deployme"}],
        env,
    )
    assert nks.connection.auth == {"username": "u", "password": "p", "project_id": "t"}
    assert nks.connection.api_url is None
    assert deployme.connection.auth == {"token": "dm-token"}
    assert deployme.connection.api_url == "http://emu/deployme"


def test_the_environment_never_overrides_what_an_entry_says():
    env = {"KAAS_AUTH_TOKEN": "from-env", "KAAS_REGION": "kr2", "KAAS_VALIDATE_CERTS": "false", "KAAS_TIMEOUT": "5"}
    (entry,) = provider_entries([{"provider": "nks", "auth": {"token": "mine"}, "region": "kr1"}], env)
    assert entry.connection.auth == {"token": "mine"}
    assert entry.connection.region == "kr1"
    assert entry.connection.validate_certs is False
    assert entry.connection.timeout == 5.0


@pytest.mark.parametrize(
    ("providers", "message"),
    [
        ("nks", "must be a list of mappings"),
        ([{"provider": "aws"}], r"providers\[0\].provider must be one of nks, itcare, deployme, ecns"),
        ([{"provider": "nks", "url": "x"}], r"providers\[0\]: unknown key\(s\) url"),
        ([{"provider": "nks", "auth": {"passwd": "x"}}], r"providers\[0\].auth: unknown key 'passwd'"),
        ([{"provider": "nks", "auth": "token"}], r"providers\[0\].auth must be a mapping"),
        ([{"provider": "nks", "filters": {"state": "x"}}], r"providers\[0\].filters: unknown key\(s\) state"),
        ([{"provider": "nks", "filters": {"name": [1]}}], r"filters.name must be a string or a list of strings"),
        ([{"provider": "nks", "timeout": "soon"}], r"timeout a number"),
        ([{"provider": "nks", "validate_certs": "maybe"}], r"validate_certs must be a boolean"),
    ],
)
def test_bad_entries_are_refused_with_the_entry_named(providers, message):
    with pytest.raises(ValidationError, match=message):
        provider_entries(providers, {})


def test_filters_accept_a_string_or_a_list_and_statuses_ignore_case():
    (entry,) = provider_entries(
        [
            {
                "provider": "nks",
                "filters": {"status": "CREATE_COMPLETE", "name": ["prod-*", "web"], "exclude_name": "*-old"},
            }
        ],
        {},
    )
    assert entry.selection == Selection(("create_complete",), ("prod-*", "web"), ("*-old",))


@pytest.mark.parametrize(
    ("name", "status", "kept"),
    [
        ("prod-eu", "CREATE_COMPLETE", True),
        ("prod-eu", "UPDATE_COMPLETE", False),
        ("web", "create_complete", True),
        ("prod-old", "CREATE_COMPLETE", False),
        ("test", "CREATE_COMPLETE", False),
    ],
)
def test_selection_keeps_a_cluster_only_when_every_filter_matches(name, status, kept):
    selection = Selection(("create_complete",), ("prod-*", "web"), ("*-old",))
    assert selection.accepts(name, status) is kept


def test_an_empty_selection_keeps_everything():
    assert Selection().accepts(None, None)
