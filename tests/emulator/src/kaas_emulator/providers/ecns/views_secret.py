"""Secrets of the session's namespace (1.6): list, keys, create, update, delete, detail.

A record keeps the request's ``secret`` Type as given (name, type and the value block
of that type); the listing and the keys only ever show the data keys, the detail
shows the values, as the seed's ``secret`` (密钥的内容) does.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.clock import iso8601
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state
from kaas_emulator.core.validation import json_object_body, unknown_fields
from kaas_emulator.providers.ecns import checks, checks_config, model_config
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, scope

SECRETS = f"{API}/kubernetes/secret"


def secret_info(record: dict[str, Any]) -> dict[str, Any]:
    """The seed's secret_info: name, type, data keys, creation time; never a value."""
    return {
        "name": record["name"],
        "type": record["type"],
        "keys": checks_config.secret_keys(record["secret"]),
        "creation_time": iso8601(record["created_at"]),
    }


def _lookup(state: dict[str, Any], where: Scope, name: str) -> dict[str, Any]:
    record = model_config.secrets_of(state).get(where.key(model_config.SECRETS_KIND, name))
    if record is None:
        raise ApiError(404, f'Secret "{name}" not found in namespace "{where.namespace}"')
    return record


def _secret_body() -> dict[str, Any]:
    """The validated ``secret`` of a create or update body."""
    body = json_object_body()
    problems: checks.Problems = [
        f"{key}: unknown field" for key in unknown_fields(body, {"secret"})
    ]
    secret = checks_config.secret(problems, "secret", body.get("secret"))
    if problems:
        raise bad_request(problems)
    return copy.deepcopy(secret)


def _check_quota(state: dict[str, Any], where: Scope) -> None:
    """403 when the namespace's ``secrets`` quota is used up, as Kubernetes answers."""
    record = model_config.namespaces_of(state).get(f"{where.cluster}/{where.namespace}")
    limit = model_config.quota_hard(record)["secrets"] if record else model_config.UNLIMITED
    used = model_config.quota_used(state, where.cluster, where.namespace)["secrets"]
    if limit != model_config.UNLIMITED and used >= limit:
        raise ApiError(
            403,
            f'exceeded quota: namespace "{where.namespace}" may hold {limit} secrets, '
            f"it holds {used}",
        )


@blueprint.get(f"{SECRETS}/", strict_slashes=False)
def list_secrets(product_type: str) -> Response:
    """Secrets of the session's namespace, maybe of one type."""
    kind = request.args.get("type") or None
    if kind is not None and kind not in checks_config.SECRET_TYPES:
        raise bad_request(f"type: {kind!r} is not one of {', '.join(checks_config.SECRET_TYPES)}")
    with provider_state() as state:
        prefix = scope(state, product_type).prefix()
        listed = [
            secret_info(record)
            for key, record in model_config.secrets_of(state).items()
            if key.startswith(prefix) and kind in (None, record["type"])
        ]
    return jsonify({"secrets": listed})


@blueprint.get(f"{SECRETS}/<name>/keys/", strict_slashes=False)
def secret_keys(product_type: str, name: str) -> Response:
    """The data keys of one secret."""
    with provider_state() as state:
        record = _lookup(state, scope(state, product_type), name)
        return jsonify({"keys": checks_config.secret_keys(record["secret"])})


@blueprint.get(f"{SECRETS}/<name>/", strict_slashes=False)
def secret_detail(product_type: str, name: str) -> Response:
    """One secret: its content and its secret_info."""
    with provider_state() as state:
        record = _lookup(state, scope(state, product_type), name)
        return jsonify(
            {"secret": copy.deepcopy(record["secret"]), "secret_info": secret_info(record)}
        )


@blueprint.post(f"{SECRETS}/", strict_slashes=False)
def create_secret(product_type: str) -> Response:
    """Create a secret in the session's namespace (409 when the name is taken)."""
    with provider_state() as state:
        where = scope(state, product_type)
        secret = _secret_body()
        secrets = model_config.secrets_of(state)
        key = where.key(model_config.SECRETS_KIND, secret["name"])
        if key in secrets:
            raise ApiError(
                409, f'Secret "{secret["name"]}" already exists in namespace "{where.namespace}"'
            )
        _check_quota(state, where)
        secrets[key] = {
            "name": secret["name"],
            "type": secret["type"],
            "secret": secret,
            "created_at": now(),
        }
        return jsonify(secret_info(secrets[key]))


@blueprint.patch(f"{SECRETS}/", strict_slashes=False)
def update_secret(product_type: str) -> Response:
    """Replace a secret's values; its type cannot change (Kubernetes: type is immutable)."""
    with provider_state() as state:
        where = scope(state, product_type)
        secret = _secret_body()
        record = _lookup(state, where, secret["name"])
        if secret["type"] != record["type"]:
            raise bad_request(
                f"secret.type: a secret's type is immutable ({record['type']!r}, "
                f"not {secret['type']!r}); delete and create it again"
            )
        record["secret"] = secret
        return jsonify(secret_info(record))


@blueprint.delete(f"{SECRETS}/", strict_slashes=False)
def delete_secrets(product_type: str) -> Response:
    """Delete the listed secrets (by name; all or none)."""
    body = json_object_body()
    problems: checks.Problems = []
    listed = checks.items(problems, "secrets", body.get("secrets"))
    if body.get("secrets") is None or (not listed and not problems):
        problems.append("secrets: at least one secret is required")
    for index, item in enumerate(listed):
        checks.text(problems, f"secrets[{index}].name", item.get("name"), required=True)
        checks.enum(
            problems, f"secrets[{index}].type", item.get("type"), checks_config.SECRET_TYPES, False
        )
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        where = scope(state, product_type)
        records = [_lookup(state, where, item["name"]) for item in listed]
        for item, record in zip(listed, records, strict=True):
            if item.get("type") not in (None, record["type"]):
                raise bad_request(
                    f'secrets: "{record["name"]}" is of type {record["type"]}, not {item["type"]}'
                )
        secrets = model_config.secrets_of(state)
        for record in records:
            secrets.pop(where.key(model_config.SECRETS_KIND, record["name"]), None)
    return Response(status=204)
