"""deployme.cloud cluster model: validation, rendering, lifecycle and kubeconfig.

Everything here is plain data manipulation on the provider's JSON state, kept apart
from the HTTP views so the rules (and the choices made where the API documentation document is
silent, see docs/emulator.md "deployme") are readable in one place.
"""

from __future__ import annotations

import base64
import re
import secrets
import string
from typing import Any

from kaas_emulator.core import operations
from kaas_emulator.core.clock import iso8601
from kaas_emulator.core.validation import is_int, unknown_fields

NAME_PATTERN = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")
NAME_MAX_LENGTH = 63  # a DNS label: the name ends up in host names and kubeconfig entries
INFRA_ID_MAX_LENGTH = 64
CONTROL_PLANES = (1, 3)
WORKERS_MIN = 1
WORKERS_MAX = 100
NODE_SIZES = ("small", "medium", "large", "xlarge")
PHASES = ("managed", "onpremise", "baremetal")
STATUSES = ("provisioning", "running", "scaling", "upgrading", "error", "deleting")
KUBERNETES_VERSION = "v1.31.0"
ENDPOINT_TEMPLATE = "https://cls-{suffix}.k8s.deployme.cloud:6443"
ERROR_FIELD = "status_message"

#: Nominal durations in provider seconds, divided by the time scale.
DURATIONS = {"create": 240.0, "scale": 120.0, "delete": 60.0}

CREATE_FIELDS = frozenset({"name", "control_planes", "workers", "node_size", "phase", "infra_id"})
MUTABLE_FIELDS = ("workers", "node_size")
_READ_ONLY = frozenset(
    {"id", "status", "node_count", "endpoint", "kubernetes_version", "created_at", "updated_at"}
) | {ERROR_FIELD}
_ID_ALPHABET = string.ascii_lowercase + string.digits


def new_state() -> dict[str, Any]:
    """Empty deployme cloud: clusters keyed by id."""
    return {"clusters": {}}


def _check_workers(value: object) -> str | None:
    if not is_int(value) or not WORKERS_MIN <= value <= WORKERS_MAX:  # type: ignore[operator]
        return f"workers: must be an integer between {WORKERS_MIN} and {WORKERS_MAX}"
    return None


def _check_node_size(value: object) -> str | None:
    if not isinstance(value, str) or value not in NODE_SIZES:
        return f"node_size: must be one of {', '.join(NODE_SIZES)}"
    return None


def validate_create(body: dict[str, Any]) -> list[str]:
    """Every problem of a create body, each message starting with the field name."""
    problems = [f"{key}: unknown field" for key in unknown_fields(body, CREATE_FIELDS)]
    name = body.get("name")
    if "name" not in body:
        problems.append("name: is required")
    elif not isinstance(name, str):
        problems.append("name: must be a string")
    elif not NAME_PATTERN.match(name):
        problems.append("name: must be letters, digits and single inner hyphens")
    elif len(name) > NAME_MAX_LENGTH:
        problems.append(f"name: must be at most {NAME_MAX_LENGTH} characters")
    if "control_planes" not in body:
        problems.append("control_planes: is required")
    elif not is_int(body["control_planes"]) or body["control_planes"] not in CONTROL_PLANES:
        problems.append("control_planes: must be 1 or 3")
    for field, check in (("workers", _check_workers), ("node_size", _check_node_size)):
        if field not in body:
            problems.append(f"{field}: is required")
        elif (problem := check(body[field])) is not None:
            problems.append(problem)
    phase = body.get("phase", "managed")
    if not isinstance(phase, str) or phase not in PHASES:
        problems.append(f"phase: must be one of {', '.join(PHASES)}")
        phase = None
    infra_id = body.get("infra_id")
    if infra_id is not None and (
        not isinstance(infra_id, str) or not infra_id.strip() or len(infra_id) > INFRA_ID_MAX_LENGTH
    ):
        problems.append(f"infra_id: must be a non-empty string of at most {INFRA_ID_MAX_LENGTH}")
    elif phase == "managed" and infra_id is not None:
        problems.append("infra_id: only allowed when phase is onpremise or baremetal")
    elif phase in ("onpremise", "baremetal") and infra_id is None:
        problems.append(f"infra_id: is required when phase is {phase}")
    return problems


def validate_patch(body: dict[str, Any]) -> list[str]:
    """Every problem of a PATCH body (only workers and node_size may change)."""
    problems = []
    for key in sorted(body):
        if key in MUTABLE_FIELDS:
            continue
        if key in CREATE_FIELDS or key in _READ_ONLY:
            problems.append(f"{key}: cannot be modified (only workers and node_size can)")
        else:
            problems.append(f"{key}: unknown field")
    if "workers" in body and (problem := _check_workers(body["workers"])):
        problems.append(problem)
    if "node_size" in body and (problem := _check_node_size(body["node_size"])):
        problems.append(problem)
    return problems


def new_id(clusters: dict[str, Any]) -> str:
    """A fresh ``cls_`` + 6 lowercase alphanumerics id, unique in ``clusters``."""
    while True:
        candidate = "cls_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(6))
        if candidate not in clusters:
            return candidate


def _fake_ca() -> str:
    body = base64.encodebytes(secrets.token_bytes(384)).decode("ascii")
    pem = f"-----BEGIN CERTIFICATE-----\n{body}-----END CERTIFICATE-----\n"
    return base64.b64encode(pem.encode("ascii")).decode("ascii")


def build_cluster(body: dict[str, Any], cluster_id: str, now: float) -> dict[str, Any]:
    """A new cluster record (status provisioning) from a validated create body."""
    stamp = iso8601(now)
    cluster: dict[str, Any] = {
        "id": cluster_id,
        "name": body["name"],
        "status": "provisioning",
        "phase": body.get("phase", "managed"),
        "control_planes": body["control_planes"],
        "workers": body["workers"],
        "node_size": body["node_size"],
        "node_count": body["control_planes"] + body["workers"],
        "endpoint": ENDPOINT_TEMPLATE.format(suffix=cluster_id.removeprefix("cls_")),
        "kubernetes_version": KUBERNETES_VERSION,
        "created_at": stamp,
        "updated_at": stamp,
        "_created_ts": now,
        "_provisioned": False,
        "_token": "dmk_" + secrets.token_hex(24),
        "_ca_data": _fake_ca(),
    }
    if body.get("infra_id") is not None:
        cluster["infra_id"] = body["infra_id"]
    return cluster


def start(cluster: dict[str, Any], kind: str, status: str, now: float, error: str | None) -> None:
    """Put ``cluster`` in ``status`` and plan the ``kind`` operation (maybe failing)."""
    cluster["status"] = status
    cluster["updated_at"] = iso8601(now)
    cluster.pop(ERROR_FIELD, None)
    operations.begin(cluster, kind, DURATIONS[kind], now, error)


def on_done(cluster: Any, operation: operations.Operation, finished_at: float) -> bool:
    """Apply a completed operation; True means the cluster is gone (deletion)."""
    cluster["updated_at"] = iso8601(finished_at)
    if operation.error is not None:
        cluster["status"] = "error"
        cluster[ERROR_FIELD] = operation.error
        return False
    if operation.kind == "delete":
        return True
    if operation.kind == "create":
        cluster["_provisioned"] = True
    cluster["status"] = "running"
    return False


def settle(state: dict[str, Any], now: float, time_scale: float) -> dict[str, Any]:
    """Bring every cluster up to date and return the clusters dict."""
    clusters: dict[str, Any] = state["clusters"]
    operations.settle_all(clusters, now, time_scale, on_done)
    return clusters


def render(cluster: dict[str, Any]) -> dict[str, Any]:
    """Public JSON view of a cluster (internal ``_`` keys removed)."""
    return operations.public_view(cluster)


def sort_key(cluster: dict[str, Any]) -> tuple[float, str]:
    """List order: creation time, then id."""
    return (cluster["_created_ts"], cluster["id"])


def _quote(text: str) -> str:
    # Names such as "true", "null" or "1e3" are valid cluster names but YAML scalars.
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def kubeconfig(cluster: dict[str, Any]) -> str:
    """Plain YAML kubeconfig with a bearer token unique to the cluster."""
    name = _quote(cluster["name"])
    user = _quote(f"{cluster['name']}-admin")
    return (
        "apiVersion: v1\n"
        "kind: Config\n"
        "clusters:\n"
        f"- name: {name}\n"
        "  cluster:\n"
        f"    server: {cluster['endpoint']}\n"
        f"    certificate-authority-data: {cluster['_ca_data']}\n"
        "contexts:\n"
        f"- name: {name}\n"
        "  context:\n"
        f"    cluster: {name}\n"
        f"    user: {user}\n"
        f"current-context: {name}\n"
        "preferences: {}\n"
        "users:\n"
        f"- name: {user}\n"
        "  user:\n"
        f"    token: {cluster['_token']}\n"
    )
