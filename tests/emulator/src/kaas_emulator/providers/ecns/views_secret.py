"""Secrets of the session's namespace (1.6): list, keys, create, update, delete, detail.

A record keeps the request's ``secret`` Type as given (name, type and the value block
of that type) in the shared store of namespaced objects (:mod:`.objects`). The
listing, the keys and every write's answer only ever show the data keys; the detail
shows the values, as the API reference's ``secret`` (密钥的内容) does.
"""

from __future__ import annotations

import copy
from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state
from kaas_emulator.core.validation import json_object_body, unknown_fields
from kaas_emulator.providers.ecns import checks, checks_config, model_config, objects
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, scope

SECRETS = f"{API}/kubernetes/secret"
LABEL = "Secret"


def secret_info(record: dict[str, Any]) -> dict[str, Any]:
    """The API reference's secret_info: name, type, data keys, creation time; never a value."""
    return {
        "name": record["secret"]["name"],
        "type": record["secret"]["type"],
        "keys": checks_config.secret_keys(record["secret"]),
        "creation_time": record["creation_time"],
    }


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
        found = objects.in_scope(state, model_config.SECRETS_KEY, scope(state, product_type))
        listed = [
            secret_info(record)
            for record in found.values()
            if kind in (None, record["secret"]["type"])
        ]
    return jsonify({"secrets": listed})


@blueprint.get(f"{SECRETS}/<name>/keys/", strict_slashes=False)
def secret_keys(product_type: str, name: str) -> Response:
    """The data keys of one secret."""
    with provider_state() as state:
        where = scope(state, product_type)
        record = objects.get(state, model_config.SECRETS_KEY, where, name, LABEL)
        return jsonify({"keys": checks_config.secret_keys(record["secret"])})


@blueprint.get(f"{SECRETS}/<name>/", strict_slashes=False)
def secret_detail(product_type: str, name: str) -> Response:
    """One secret: its content and its secret_info."""
    with provider_state() as state:
        where = scope(state, product_type)
        record = objects.get(state, model_config.SECRETS_KEY, where, name, LABEL)
        return jsonify(
            {"secret": copy.deepcopy(record["secret"]), "secret_info": secret_info(record)}
        )


@blueprint.post(f"{SECRETS}/", strict_slashes=False)
def create_secret(product_type: str) -> Response:
    """Create a secret in the session's namespace (409 when the name is taken)."""
    secret = _secret_body()
    with provider_state() as state:
        where = scope(state, product_type)
        if secret["name"] not in objects.in_scope(state, model_config.SECRETS_KEY, where):
            _check_quota(state, where)
        record = objects.add(
            state, model_config.SECRETS_KEY, where, secret["name"], LABEL, {"secret": secret}, now()
        )
        return jsonify(secret_info(record))


@blueprint.patch(f"{SECRETS}/", strict_slashes=False)
def update_secret(product_type: str) -> Response:
    """Replace a secret's values; its type cannot change (Kubernetes: type is immutable)."""
    secret = _secret_body()
    with provider_state() as state:
        where = scope(state, product_type)
        record = objects.get(state, model_config.SECRETS_KEY, where, secret["name"], LABEL)
        if secret["type"] != record["secret"]["type"]:
            raise bad_request(
                f"secret.type: a secret's type is immutable ({record['secret']['type']!r}, "
                f"not {secret['type']!r}); delete and create it again"
            )
        record["secret"] = secret
        return jsonify(secret_info(record))


@blueprint.delete(f"{SECRETS}/", strict_slashes=False)
def delete_secrets(product_type: str) -> Response:
    """Delete the listed secrets (by name, the type checked when given; all or none)."""
    body = json_object_body()
    problems: checks.Problems = [
        f"{key}: unknown field" for key in unknown_fields(body, {"secrets"})
    ]
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
        for item in listed:
            record = objects.get(state, model_config.SECRETS_KEY, where, item["name"], LABEL)
            if item.get("type") not in (None, record["secret"]["type"]):
                raise bad_request(
                    f'secrets: "{item["name"]}" is of type {record["secret"]["type"]}, '
                    f"not {item['type']}"
                )
        names = [item["name"] for item in listed]
        objects.remove_all(state, model_config.SECRETS_KEY, where, names, LABEL)
    return Response(status=204)
