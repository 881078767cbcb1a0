# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``providers:`` entries of a ``*.kaas.yml`` inventory, checked before any request.

Entries take the modules' connection options (``provider``, ``auth``, ``api_url``,
``region``, ``validate_certs``, ``ca_path``, ``timeout``) and the same environment
variables (``KAAS_PROVIDER``, ``KAAS_API_URL``, ``KAAS_AUTH_<KEY>``...), so one AWX
credential serves modules and inventory alike. A credential is for one provider: when
``KAAS_PROVIDER`` is set, the variables fill in only the entries of that provider
(``arguments.credential_environment``).
"""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import (
    AUTH_KEYS,
    PROVIDER_CHOICES,
    ROUTING_ENV_VARS,
    credential_environment,
    environment_auth,
)
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.inventory_sources import Selection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection

ENTRY_KEYS = (
    "provider",
    "auth",
    "api_url",
    "region",
    "validate_certs",
    "ca_path",
    "timeout",
    "token_cache",
    "token_cache_dir",
    "filters",
)
FILTER_KEYS = ("status", "name", "exclude_name")
# entry key -> environment variable, as the modules' argument spec falls back to them. How to
# talk to an endpoint (certificates, timeout) applies to every entry, as to every module task;
# where to connect (ROUTING_ENV_VARS) and the secrets only to KAAS_PROVIDER's provider.
TRANSPORT_ENV_VARS = {"validate_certs": "KAAS_VALIDATE_CERTS", "ca_path": "KAAS_CA_PATH", "timeout": "KAAS_TIMEOUT"}
ENV_VARS = {**ROUTING_ENV_VARS, **TRANSPORT_ENV_VARS}
AUTH_ALIASES = {alias: key for key, (_secret, aliases) in AUTH_KEYS.items() for alias in aliases}


@dataclasses.dataclass(frozen=True)
class Entry:
    """One provider entry: where to connect and which clusters to keep."""

    number: int
    connection: Connection
    selection: Selection

    @property
    def label(self) -> str:
        """How messages name the entry: ``providers[1] (nks, kr2)``."""
        where = self.connection.region or self.connection.api_url or "default endpoint"
        return f"providers[{self.number}] ({self.connection.provider}, {where})"


def provider_entries(raw: Any, environ: Mapping[str, str]) -> list[Entry]:
    """Validate ``providers`` (or build the one entry ``KAAS_PROVIDER`` names) into entries."""
    if raw in (None, []):
        if not environ.get("KAAS_PROVIDER"):
            raise ValidationError("set providers (a list of provider entries) or KAAS_PROVIDER")
        raw = [{"provider": environ["KAAS_PROVIDER"]}]
    if not isinstance(raw, list) or not all(isinstance(item, Mapping) for item in raw):
        raise ValidationError("providers must be a list of mappings, each with at least a provider key")
    env_provider = environ.get("KAAS_PROVIDER")
    entries = []
    for number, item in enumerate(raw):
        unknown = sorted(set(item) - set(ENTRY_KEYS))
        if unknown:
            raise ValidationError(
                f"providers[{number}]: unknown key(s) {', '.join(unknown)}; known: {', '.join(ENTRY_KEYS)}"
            )
        provider = item.get("provider") or (env_provider if len(raw) == 1 else None)
        if provider not in PROVIDER_CHOICES:
            raise ValidationError(f"providers[{number}].provider must be one of {', '.join(PROVIDER_CHOICES)}")
        connection = _connection(number, provider, item, environ)
        # The token cache is the run's, not a credential's: its variables apply to every entry.
        connection = dataclasses.replace(connection, **_token_cache(number, item, environ))
        entries.append(Entry(number, connection, _selection(number, item)))
    return entries


def _connection(number: int, provider: str, item: Mapping[str, Any], environ: Mapping[str, str]) -> Connection:
    credential = credential_environment(provider, environ)
    values = {key: item.get(key) for key in ENV_VARS}
    for key, variable in ENV_VARS.items():
        source = environ if key in TRANSPORT_ENV_VARS else credential
        if values[key] in (None, "") and source.get(variable):
            values[key] = source[variable]
    try:
        validate_certs = True if values["validate_certs"] is None else boolean(values["validate_certs"], strict=True)
        timeout = 30.0 if values["timeout"] is None else float(values["timeout"])
    except (TypeError, ValueError) as error:
        message = f"providers[{number}]: validate_certs must be a boolean, timeout a number ({error})"
        raise ValidationError(message) from None
    return Connection(
        provider=provider,
        auth=_auth(number, item.get("auth"), credential),
        api_url=values["api_url"] or None,
        validate_certs=validate_certs,
        ca_path=values["ca_path"] or None,
        timeout=timeout,
        region=values["region"] or None,
    )


def _token_cache(number: int, item: Mapping[str, Any], environ: Mapping[str, str]) -> dict[str, Any]:
    enabled = item.get("token_cache")
    if enabled in (None, "") and environ.get("KAAS_TOKEN_CACHE"):
        enabled = environ["KAAS_TOKEN_CACHE"]
    directory = item.get("token_cache_dir") or environ.get("KAAS_TOKEN_CACHE_DIR") or None
    try:
        flag = True if enabled in (None, "") else boolean(enabled, strict=True)
    except TypeError as error:
        raise ValidationError(f"providers[{number}]: token_cache must be a boolean ({error})") from None
    if directory is not None and not isinstance(directory, str):
        raise ValidationError(f"providers[{number}]: token_cache_dir must be a path")
    return {"token_cache": flag, "token_cache_dir": directory}


def _auth(number: int, given: Any, environ: Mapping[str, str]) -> dict[str, Any]:
    if given is None:
        given = {}
    if not isinstance(given, Mapping):
        raise ValidationError(f"providers[{number}].auth must be a mapping")
    auth: dict[str, Any] = {}
    for key, value in given.items():
        name = AUTH_ALIASES.get(key, key)
        if name not in AUTH_KEYS:
            raise ValidationError(f"providers[{number}].auth: unknown key {key!r}; known: {', '.join(AUTH_KEYS)}")
        auth[name] = value
    for key, value in environment_auth(environ).items():
        if auth.get(key) in (None, ""):
            auth[key] = value
    return auth


def _selection(number: int, item: Mapping[str, Any]) -> Selection:
    filters = item.get("filters") or {}
    if not isinstance(filters, Mapping):
        raise ValidationError(f"providers[{number}].filters must be a mapping")
    unknown = sorted(set(filters) - set(FILTER_KEYS))
    if unknown:
        raise ValidationError(
            f"providers[{number}].filters: unknown key(s) {', '.join(unknown)}; known: {', '.join(FILTER_KEYS)}"
        )

    def strings(key: str) -> tuple[str, ...]:
        value = filters.get(key)
        values = [value] if isinstance(value, str) else list(value or [])
        if not all(isinstance(v, str) and v for v in values):
            raise ValidationError(f"providers[{number}].filters.{key} must be a string or a list of strings")
        return tuple(values)

    return Selection(
        statuses=tuple(status.lower() for status in strings("status")),
        names=strings("name"),
        excluded_names=strings("exclude_name"),
    )
