"""Clusters added through ``POST /_emulator/preload/ecns``, beside the catalog's fixed ones.

ECNS clusters are built in the ECNS console, not through the container-service API
its API reference documents, so the emulator's API cannot create one. Tests and the
inventory benchmark still need many clusters of many nodes: they preload them here. A
preloaded cluster is listed (三级联动全量列举) and its nodes are served (1.3); it has one
namespace, ``default``, and no workload may be put in it (workloads need the
catalog's clusters, whose nodes the rollout model knows).

Body: ``{"clusters": [{"name": "c1", "nodes": 10}, ...]}``: each cluster gets one
controller node and ``nodes - 1`` ``Normal`` workers, all ``Ready``.
"""

from __future__ import annotations

from typing import Any

from kaas_emulator.core.errors import ApiError
from kaas_emulator.providers.ecns import catalog

PRELOADED_KEY = "preloaded_clusters"
MAX_NODES = 200


def all_clusters(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The catalog's clusters, then the preloaded ones."""
    return {**catalog.CLUSTERS, **state.get(PRELOADED_KEY, {})}


def preload(state: dict[str, Any], body: Any) -> dict[str, Any]:
    """Add the body's clusters; answer their names and API addresses."""
    wanted = body.get("clusters") if isinstance(body, dict) else None
    if not isinstance(wanted, list) or not wanted:
        raise ApiError(400, 'body must be {"clusters": [{"name": ..., "nodes": ...}, ...]}')
    preloaded = state.setdefault(PRELOADED_KEY, {})
    added = {}
    for item in wanted:
        name, count = (
            (item.get("name"), item.get("nodes")) if isinstance(item, dict) else (None, None)
        )
        if not isinstance(name, str) or not name:
            raise ApiError(400, f"clusters[].name must be a non-empty string, got {name!r}")
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_NODES:
            raise ApiError(
                400, f"clusters[].nodes must be a number from 1 to {MAX_NODES}, got {count!r}"
            )
        if name in catalog.CLUSTERS or name in preloaded or name in added:
            raise ApiError(409, f"cluster {name!r} already exists")
        added[name] = _cluster(name, len(preloaded) + len(added), count)
    preloaded.update(added)
    return {"clusters": [{"name": n, "cluster_addr": c["cluster_addr"]} for n, c in added.items()]}


def _cluster(name: str, number: int, count: int) -> dict[str, Any]:
    """Cluster ``number`` (0, 1, ...) lives in 10.<128 + number // 256>.<number % 256>.0/24."""
    prefix = f"10.{128 + number // 256}.{number % 256}"
    nodes = [catalog.node(f"{name}-master-0", f"{prefix}.10", "Controller", (), master=True)]
    nodes += [
        catalog.node(f"{name}-worker-{i}", f"{prefix}.{21 + i}", "Normal", ())
        for i in range(count - 1)
    ]
    return {
        "cluster_addr": f"https://{prefix}.10:6443",
        "cluster_type": "EKS",
        "namespaces": [catalog.DEFAULT_NAMESPACE],
        "nodes": nodes,
    }
