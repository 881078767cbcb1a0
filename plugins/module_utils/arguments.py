# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument-spec pieces shared by every module, matching the doc fragments.

Where argument specs live: the connection, wait and portable pieces every provider
takes are here; each provider's blocks and provider-only options are in
``providers/<provider>/options.py`` (ECNS adds ``options_<family>.py`` files); a
module only assembles them, declaring inline none but its own flat options.

``plugins/doc_fragments/connection.py`` and ``wait.py`` document exactly the
connection and wait options; a unit test keeps the two in step.
"""

from __future__ import annotations

from typing import Any, Mapping

from ansible.module_utils.basic import env_fallback

PROVIDER_CHOICES = ["nks", "itcare", "deployme", "ecns"]

# auth key -> (no_log, aliases)
AUTH_KEYS: dict[str, tuple[bool, list[str]]] = {
    "token": (True, []),
    "username": (False, []),
    "password": (True, []),
    "project_id": (False, ["tenant_id"]),
    "domain_name": (False, []),
    "client_id": (False, []),
    "client_secret": (True, []),
    "auth_url": (False, []),
}


def _env(name: str) -> tuple[Any, str]:
    return (env_fallback, [name])


def auth_env_var(key: str) -> str:
    return f"KAAS_AUTH_{key.upper()}"


#: Options that say where requests go and who sends them, filled in from these variables only
#: for the provider they were set for (``credential_environment``), not by the argument spec.
ROUTING_ENV_VARS = {"api_url": "KAAS_API_URL", "region": "KAAS_REGION"}


def credential_environment(provider: str | None, environ: Mapping[str, str]) -> Mapping[str, str]:
    """The variables that may fill in a connection to ``provider``: all, or none.

    An AWX credential sets ``KAAS_PROVIDER`` with the endpoint and secrets of one provider;
    a task or inventory entry for another provider must not send them to its own endpoint.
    Without ``KAAS_PROVIDER`` the variables are the user's own, for whatever provider.
    """
    named = environ.get("KAAS_PROVIDER")
    return environ if not named or named == provider else {}


def environment_auth(environ: Mapping[str, str]) -> dict[str, str]:
    """The ``auth`` keys that ``KAAS_AUTH_<KEY>`` variables set (empty ones set nothing)."""
    return {key: environ[auth_env_var(key)] for key in AUTH_KEYS if environ.get(auth_env_var(key))}


def with_environment(params: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    """A task's connection options with ``api_url``, ``region`` and the ``auth`` keys it leaves unset
    taken from ``KAAS_API_URL``, ``KAAS_REGION`` and ``KAAS_AUTH_<KEY>``, when the variables are for
    its provider (``credential_environment``).
    """
    environ = credential_environment(params.get("provider"), environ)
    routing = {key: environ[name] for key, name in ROUTING_ENV_VARS.items() if environ.get(name)}
    given_auth = {key: value for key, value in (params.get("auth") or {}).items() if value not in (None, "")}
    return {
        **params,
        **{key: value for key, value in routing.items() if not params.get(key)},
        "auth": {**environment_auth(environ), **given_auth},
    }


def connection_argument_spec() -> dict[str, Any]:
    """``provider``, ``auth``, ``api_url``, ``region``, ``validate_certs``, ``ca_path``, ``timeout``, token cache."""
    auth_options: dict[str, Any] = {}
    for key, (secret, aliases) in AUTH_KEYS.items():
        option: dict[str, Any] = {"type": "str"}
        if secret:
            option["no_log"] = True
        if aliases:
            option["aliases"] = aliases
        auth_options[key] = option
    return {
        "provider": {"type": "str", "required": True, "choices": PROVIDER_CHOICES, "fallback": _env("KAAS_PROVIDER")},
        "auth": {"type": "dict", "options": auth_options, "apply_defaults": True},
        "api_url": {"type": "str"},
        # No choices here: regions are provider words (NKS kr1/kr2); the adapter checks them.
        "region": {"type": "str"},
        "validate_certs": {"type": "bool", "default": True, "fallback": _env("KAAS_VALIDATE_CERTS")},
        "ca_path": {"type": "path", "fallback": _env("KAAS_CA_PATH")},
        "timeout": {"type": "float", "default": 30.0, "fallback": _env("KAAS_TIMEOUT")},
        "token_cache": {"type": "bool", "default": True, "fallback": _env("KAAS_TOKEN_CACHE")},
        "token_cache_dir": {"type": "path", "fallback": _env("KAAS_TOKEN_CACHE_DIR")},
    }


def wait_argument_spec() -> dict[str, Any]:
    """``wait``, ``wait_timeout``, ``poll_interval``."""
    return {
        "wait": {"type": "bool", "default": True},
        "wait_timeout": {"type": "int", "default": 1800},
        "poll_interval": {"type": "float", "default": 10.0},
    }


def resource_argument_spec(**options: Any) -> dict[str, Any]:
    """A module's own options plus the connection options."""
    spec = connection_argument_spec()
    spec.update(options)
    return spec


def state_spec(*more: str) -> dict[str, Any]:
    """``state``: V(present) (the default), V(absent) and the module's ``more`` states."""
    return {"type": "str", "choices": ["present", "absent", *more], "default": "present"}


#: The size of a cluster's default node group or of a node group, in every provider's terms.
NODE_POOL_OPTIONS = ("version", "node_count", "node_size")


def node_pool_spec(**options: Any) -> dict[str, Any]:
    """A cluster or node group module: found by ``name`` or ``id``, its ``state``, its portable size.

    ``options`` are the module's own (the provider blocks); the connection and wait options
    come with them.
    """
    return resource_argument_spec(
        name={"type": "str"},
        id={"type": "str"},
        state=state_spec(),
        version={"type": "str"},
        node_count={"type": "int"},
        node_size={"type": "str"},
        **options,
        **wait_argument_spec(),
    )


def cidr_targets_spec() -> dict[str, Any]:
    """``targets`` of an IP access control: address blocks with a free-text note each."""
    return {
        "type": "list",
        "elements": "dict",
        "options": {"cidr": {"type": "str", "required": True}, "description": {"type": "str"}},
    }
