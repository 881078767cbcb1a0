"""The ECNS blueprint, the product type of the path and the session scope.

Every API path is ``/api/ecns/<product_type>/...``. The API reference's portal keeps the
current cluster and namespace in the user's session, set by "切换命名空间"
(switch namespace); the emulator keeps that session per token, defaulting to the
cluster ``ecns-east`` and namespace ``default`` for a token that never switched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, request

from kaas_emulator.core import auth
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.pipeline import note_request
from kaas_emulator.providers.ecns import catalog, preloaded

blueprint = Blueprint("ecns", __name__)

API = "/api/ecns/<product_type>"
SESSIONS_KEY = "sessions"


@dataclass(frozen=True)
class Scope:
    """Where a request acts: product, cluster and namespace."""

    product_type: str
    cluster: str
    namespace: str

    def key(self, kind: str, name: str) -> str:
        """State key of a workload of this scope."""
        return f"{self.cluster}/{self.namespace}/{kind}/{name}"

    def prefix(self) -> str:
        """State-key prefix of every workload of this scope's namespace."""
        return f"{self.cluster}/{self.namespace}/"


def check_product(product_type: str) -> None:
    """404 for a product type outside eks / hybrid / security."""
    if product_type not in catalog.PRODUCT_TYPES:
        raise ApiError(
            404, f"product type {product_type!r} is not one of {', '.join(catalog.PRODUCT_TYPES)}"
        )


def session_of(state: dict[str, Any]) -> dict[str, Any]:
    """The session of the calling token (created with the default scope)."""
    token = auth.header_token(request, "X-Auth-Token") or ""
    sessions = state.setdefault(SESSIONS_KEY, {})
    # A session lives as long as its token: drop those of expired tokens so that a
    # long-running emulator (one token per module run) does not grow without bound.
    issued = state.get(auth.TOKENS_KEY, {})
    for old in [t for t in sessions if t != auth.DEMO and t not in issued]:
        del sessions[old]
    return sessions.setdefault(
        token, {"cluster": catalog.DEFAULT_CLUSTER, "namespace": catalog.DEFAULT_NAMESPACE}
    )


def scope(state: dict[str, Any], product_type: str) -> Scope:
    """The scope of the current request (product from the path, the rest from the session)."""
    check_product(product_type)
    session = session_of(state)
    # Logged, so that a test can tell which namespace a write landed in.
    note_request("scope", f"{session['cluster']}/{session['namespace']}")
    return Scope(product_type, session["cluster"], session["namespace"])


def cluster_by_addr(addr: str | None, state: dict[str, Any]) -> str:
    """Cluster name for an ``apiserver_host`` parameter, else the session's cluster."""
    if not addr:
        return str(session_of(state)["cluster"])
    for name, cluster in preloaded.all_clusters(state).items():
        if cluster["cluster_addr"] == addr or name == addr:
            return name
    raise ApiError(404, f"cluster with apiserver address {addr!r} not found")
