"""Validation of namespace (1.12) and secret (1.6) bodies.

Same habit as :mod:`.checks`: every checker appends ``"<path>: <problem>"`` to a list
so that one 400 names every problem of a request at once.
"""

from __future__ import annotations

import re
from typing import Any

from kaas_emulator.core.validation import is_int, unknown_fields
from kaas_emulator.providers.ecns import catalog, checks, model_config

SECRET_TYPES = ("Opaque", "Dockerconfigjson", "Tls")
#: The body block that carries the values of each secret type.
SECRET_BLOCKS = {"Opaque": "opaque", "Dockerconfigjson": "dockerconfigjson", "Tls": "tls"}
TLS_FIELDS = {"cert": True, "key": True, "ca": False}
DOCKER_FIELDS = {"URI": True, "username": True, "password": True, "mail": False}
NAMESPACE_BASE_KEYS = frozenset(
    {
        "name",
        "cluster_name",
        "cluster_type",
        "business_type",
        "domain",
        "project",
        "project_id",
        "role",
        "user_ids",
    }
)
# A Secret is named like any Kubernetes object (DNS subdomain); its data keys may also
# hold upper-case letters, '_' and '.'.
_SUBDOMAIN = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
_DATA_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


def quota(problems: checks.Problems, where: str, value: Any) -> dict[str, int]:
    """A quota object: known items only, each an integer >= 0 or -1 (no limit)."""
    block = checks.obj(problems, where, value)
    for key in unknown_fields(block, frozenset(model_config.QUOTA_KEYS)):
        problems.append(f"{where}.{key}: unknown quota item")
    for key, limit in block.items():
        if key in model_config.QUOTA_KEYS and (not is_int(limit) or limit < -1):
            problems.append(f"{where}.{key}: must be an integer >= 0 or -1 (no limit)")
    return {key: limit for key, limit in block.items() if key in model_config.QUOTA_KEYS}


def users(problems: checks.Problems, where: str, value: Any) -> None:
    """``list[user]``: each with a non-empty ``id``, ids unique."""
    listed = checks.items(problems, where, value)
    for index, user in enumerate(listed):
        for key in unknown_fields(user, frozenset({"id", "name", "email"})):
            problems.append(f"{where}[{index}].{key}: unknown field")
        checks.text(problems, f"{where}[{index}].id", user.get("id"), required=True)
        checks.text(problems, f"{where}[{index}].name", user.get("name"))
        checks.text(problems, f"{where}[{index}].email", user.get("email"))
    ids = [user.get("id") for user in listed]
    for duplicate in sorted({i for i in ids if isinstance(i, str) and ids.count(i) > 1}):
        problems.append(f"{where}: user {duplicate!r} is listed twice")


def namespace_base(
    problems: checks.Problems, where: str, value: Any, clusters: dict[str, Any]
) -> dict[str, Any]:
    """A full ``namespace_base`` of a create request, checked against the cloud."""
    base = checks.obj(problems, where, value)
    if not base:
        problems.append(f"{where}: is required")
        return {}
    for key in unknown_fields(base, NAMESPACE_BASE_KEYS):
        problems.append(f"{where}.{key}: unknown field")
    checks.name(problems, f"{where}.name", base.get("name"))
    cluster_type = base.get("cluster_type")
    checks.enum(problems, f"{where}.cluster_type", cluster_type, model_config.CLUSTER_TYPES)
    cluster_reference(problems, where, base, clusters)
    if base.get("business_type") is not None:
        if cluster_type != "EOS":
            problems.append(f"{where}.business_type: only given for an EOS (主管) cluster")
        checks.enum(
            problems,
            f"{where}.business_type",
            base.get("business_type"),
            model_config.NAMESPACE_BUSINESS_TYPES,
        )
    expected = {
        "domain": model_config.DOMAIN_NAME,
        "project": catalog.PROJECT_NAME,
        "project_id": catalog.PROJECT_ID,
    }
    for key, wanted in expected.items():
        checks.text(problems, f"{where}.{key}", base.get(key), required=True)
        if isinstance(base.get(key), str) and base[key] and base[key] != wanted:
            problems.append(f"{where}.{key}: {base[key]!r} is not {wanted!r} (1.17 organization)")
    roles = checks.items(problems, f"{where}.role", base.get("role"), str)
    for index, role in enumerate(roles):
        checks.enum(problems, f"{where}.role[{index}]", role, model_config.ROLES)
    if len(set(roles)) != len(roles):
        problems.append(f"{where}.role: a role is listed twice")
    users(problems, f"{where}.user_ids", base.get("user_ids"))
    return base


def cluster_reference(
    problems: checks.Problems, where: str, base: dict[str, Any], clusters: dict[str, Any]
) -> None:
    """``cluster_name`` names a cluster; ``cluster_type``, when given, is its type."""
    cluster_name = base.get("cluster_name")
    checks.text(problems, f"{where}.cluster_name", cluster_name, required=True)
    cluster = clusters.get(cluster_name) if isinstance(cluster_name, str) else None
    if isinstance(cluster_name, str) and cluster_name and cluster is None:
        problems.append(f"{where}.cluster_name: cluster {cluster_name!r} not found")
    cluster_type = base.get("cluster_type")
    if cluster is not None and cluster_type is not None and cluster_type != cluster["cluster_type"]:
        problems.append(
            f"{where}.cluster_type: cluster {cluster_name!r} is of type "
            f"{cluster['cluster_type']}, not {cluster_type!r}"
        )


def secret(problems: checks.Problems, where: str, value: Any) -> dict[str, Any]:
    """A ``secret`` Type: name, type, and exactly the value block of that type."""
    body = checks.obj(problems, where, value)
    if not body:
        problems.append(f"{where}: is required")
        return {}
    for key in unknown_fields(body, frozenset({"name", "type", *SECRET_BLOCKS.values()})):
        problems.append(f"{where}.{key}: unknown field")
    secret_name = body.get("name")
    if not isinstance(secret_name, str) or not secret_name:
        problems.append(f"{where}.name: is required")
    elif len(secret_name) > 253 or not _SUBDOMAIN.match(secret_name):
        problems.append(
            f"{where}.name: {secret_name!r} must be at most 253 lower-case letters, digits, "
            "'-' or '.', starting and ending with a letter or digit"
        )
    kind = body.get("type")
    checks.enum(problems, f"{where}.type", kind, SECRET_TYPES)
    for other_kind, block in SECRET_BLOCKS.items():
        if other_kind != kind and body.get(block) is not None:
            problems.append(f"{where}.{block}: only given for a secret of type {other_kind}")
    if kind == "Opaque":
        opaque(problems, f"{where}.opaque", body.get("opaque"))
    elif kind == "Tls":
        fields(problems, f"{where}.tls", body.get("tls"), TLS_FIELDS)
    elif kind == "Dockerconfigjson":
        fields(problems, f"{where}.dockerconfigjson", body.get("dockerconfigjson"), DOCKER_FIELDS)
    return body


def opaque(problems: checks.Problems, where: str, value: Any) -> None:
    """``dict(str:str)`` with at least one key, each a valid Secret data key."""
    block = checks.obj(problems, where, value)
    if not block:
        problems.append(f"{where}: at least one key is required")
    for key, data in block.items():
        if len(key) > 253 or not _DATA_KEY.match(key):
            problems.append(f"{where}: key {key!r} must be letters, digits, '-', '_' or '.'")
        if not isinstance(data, str):
            problems.append(f"{where}.{key}: must be a string")


def fields(problems: checks.Problems, where: str, value: Any, spec: dict[str, bool]) -> None:
    """A block of string fields, ``spec`` telling which are required."""
    block = checks.obj(problems, where, value)
    if value is None:
        problems.append(f"{where}: is required")
        return
    for key in unknown_fields(block, frozenset(spec)):
        problems.append(f"{where}.{key}: unknown field")
    for key, required in spec.items():
        checks.text(problems, f"{where}.{key}", block.get(key), required=required)


def secret_keys(body: dict[str, Any]) -> list[str]:
    """The data keys a validated secret gets, as Kubernetes names them."""
    if body["type"] == "Opaque":
        return sorted(body["opaque"])
    if body["type"] == "Tls":
        return ["tls.crt", "tls.key", *(["ca.crt"] if body["tls"].get("ca") else [])]
    return [".dockerconfigjson"]
