"""A credential set for one provider (``KAAS_PROVIDER`` + ``KAAS_*``) never reaches another provider's endpoint.

How to talk to any endpoint (``KAAS_VALIDATE_CERTS``, ``KAAS_CA_PATH``, ``KAAS_TIMEOUT``)
is no credential: it applies to every task and every inventory entry alike.

Every pair of providers, for modules (``arguments.with_environment``, then ``Connection.from_params``) and the inventory
(``provider_entries``) alike: the variables fill in a connection only when ``KAAS_PROVIDER``
is unset or names its provider, and never override what the task or entry says.
"""

from __future__ import annotations

import itertools

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import (
    AUTH_KEYS,
    PROVIDER_CHOICES,
    auth_env_var,
    connection_argument_spec,
    with_environment,
)
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_config import TRANSPORT_ENV_VARS, provider_entries
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection

CREDENTIAL = {
    "KAAS_API_URL": "https://api.example.test/other",
    "KAAS_REGION": "kr2",
    **{auth_env_var(key): f"env-{key}" for key in AUTH_KEYS},
}
FROM_ENV = {"api_url": CREDENTIAL["KAAS_API_URL"], "region": "kr2"}
ENV_AUTH = {key: f"env-{key}" for key in AUTH_KEYS}


def task(provider: str, **options: object) -> dict[str, object]:
    """A task's connection options as the argument spec leaves them: every auth key present, unset ones None."""
    auth = dict.fromkeys(AUTH_KEYS)
    auth.update(options.pop("auth", {}))  # type: ignore[arg-type]
    return {"provider": provider, "auth": auth, "api_url": None, "region": None, **options}


@pytest.mark.parametrize(("credential_for", "provider"), list(itertools.permutations(PROVIDER_CHOICES, 2)))
def test_a_credential_for_another_provider_fills_in_nothing(credential_for, provider):
    environ = {**CREDENTIAL, "KAAS_PROVIDER": credential_for}
    connection = Connection.from_params(with_environment(task(provider), environ))
    assert connection.auth == {} and connection.api_url is None and connection.region is None

    (entry,) = provider_entries([{"provider": provider}], environ)
    assert entry.connection.auth == {} and entry.connection.api_url is None and entry.connection.region is None


@pytest.mark.parametrize("provider", PROVIDER_CHOICES)
@pytest.mark.parametrize("named", ["same", "unset"])
def test_the_credential_of_the_tasks_provider_or_of_no_named_provider_fills_in_what_is_unset(provider, named):
    environ = {**CREDENTIAL, **({"KAAS_PROVIDER": provider} if named == "same" else {})}
    connection = Connection.from_params(with_environment(task(provider), environ))
    assert connection.auth == ENV_AUTH
    assert (connection.api_url, connection.region) == (FROM_ENV["api_url"], FROM_ENV["region"])

    (entry,) = provider_entries([{"provider": provider}], environ)
    assert entry.connection.auth == ENV_AUTH
    assert (entry.connection.api_url, entry.connection.region) == (FROM_ENV["api_url"], FROM_ENV["region"])


@pytest.mark.parametrize("provider", PROVIDER_CHOICES)
def test_what_the_task_says_wins_over_the_credential(provider):
    environ = {**CREDENTIAL, "KAAS_PROVIDER": provider}
    given = task(provider, auth={"token": "mine"}, api_url="https://mine.example.test", region="kr1")
    connection = Connection.from_params(with_environment(given, environ))
    assert connection.auth == {**ENV_AUTH, "token": "mine"}
    assert (connection.api_url, connection.region) == ("https://mine.example.test", "kr1")


TRANSPORT = {"KAAS_VALIDATE_CERTS": "false", "KAAS_CA_PATH": "/etc/kaas/ca.pem", "KAAS_TIMEOUT": "7"}


@pytest.mark.parametrize("credential_for", [None, *PROVIDER_CHOICES])
@pytest.mark.parametrize("provider", PROVIDER_CHOICES)
def test_certificate_and_timeout_settings_apply_to_every_provider(credential_for, provider):
    environ = {**CREDENTIAL, **TRANSPORT, **({"KAAS_PROVIDER": credential_for} if credential_for else {})}
    (entry,) = provider_entries([{"provider": provider}], environ)
    connection = entry.connection
    assert (connection.validate_certs, connection.ca_path, connection.timeout) == (False, "/etc/kaas/ca.pem", 7.0)
    # The modules read the same variables through their argument spec, with no provider in it.
    spec = connection_argument_spec()
    for option, variable in TRANSPORT_ENV_VARS.items():
        _fallback, variables = spec[option]["fallback"]
        assert list(variables) == [variable], spec[option]
