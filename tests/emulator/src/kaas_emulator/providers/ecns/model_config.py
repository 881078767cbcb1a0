"""Namespaces (1.12), their quota and what counts against it, and secrets (1.6).

The catalog's clusters come with fixed namespaces; the emulator copies them into the
state the first time namespaces are read, so that a namespace created or deleted
through the API (1.12) is seen by every endpoint that lists or checks namespaces:
the project/cluster/namespace tree, the switch and the uniqueness check.

Every namespaced record of the ECNS state lives under a key that starts with
``<cluster>/<namespace>/`` (workloads: :meth:`.web.Scope.key`, other objects:
:mod:`.objects`): namespace deletion relies on that convention instead of knowing every
other group's state keys.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from kaas_emulator.core.clock import iso8601
from kaas_emulator.providers.ecns import catalog, model, preloaded

NAMESPACES_KEY = "namespaces"
#: Clusters whose fixed namespaces were already copied into :data:`NAMESPACES_KEY`.
KNOWN_CLUSTERS_KEY = "namespace_clusters"

DOMAIN_ID = "default"
DOMAIN_NAME = "Default"
CLUSTER_TYPES = ("EOS", "EKS", "EHOS")
LIST_CLUSTER_TYPES = (*CLUSTER_TYPES, "PROJECT_ALL", "CLOUD_ALL")
NAMESPACE_BUSINESS_TYPES = ("SecurityContainer", "HybridOrchestration", "Normal")
PSP_VALUES = ("Limited", "Unlimited")
ROLES = ("Developer", "Visitor")
#: Namespaces Kubernetes itself refuses to delete.
PROTECTED_NAMESPACES = ("default", "kube-system", "kube-public")
#: PSP of a namespace created without one: the restrictive policy, as a portal would default.
DEFAULT_PSP = "Limited"
#: Quota items of the API reference's quota Type, in its order; -1 is "no limit".
QUOTA_KEYS = (
    "pods",
    "cpu",
    "memory",
    "statefulsets",
    "deployments",
    "jobs",
    "cronjobs",
    "storage",
    "persistentvolumeclaims",
    "configmaps",
    "services",
    "loadbalancers",
    "secrets",
    "ingress",
)
UNLIMITED = -1
SECRETS_KEY = "secrets"
#: Quota items that count namespaced objects, and the state keys of the stores that may
#: hold them (``state[<key>]["<cluster>/<namespace>/<name>"]``, see :mod:`.objects`);
#: a store no group keeps yet counts 0.
COUNTED_STORES = {
    "jobs": ("jobs",),
    "cronjobs": ("cronjobs",),
    "persistentvolumeclaims": ("pvcs", "persistentvolumeclaims"),
    "configmaps": ("configmaps",),
    "services": ("services",),
    "secrets": (SECRETS_KEY,),
    "ingress": ("ingresses", "ingress"),
}
#: Quota items that count workloads, kept as ``workloads["<cluster>/<ns>/<Kind>/<name>"]``.
COUNTED_WORKLOADS = {"deployments": "Deployment", "statefulsets": "StatefulSet"}


def _fixed_namespace(cluster_name: str, cluster: dict[str, Any], name: str) -> dict[str, Any]:
    """A namespace that exists with its cluster: no quota, open to every user."""
    return new_namespace(
        {
            "name": name,
            "cluster_name": cluster_name,
            "cluster_type": cluster["cluster_type"],
            "domain": DOMAIN_NAME,
            "project": catalog.PROJECT_NAME,
            "project_id": catalog.PROJECT_ID,
        },
        psp="Unlimited",
        quota={},
        created_at=0.0,
    )


def new_namespace(
    base: dict[str, Any], psp: str | None, quota: dict[str, int], created_at: float
) -> dict[str, Any]:
    """A namespace record from a validated ``namespace_base``."""
    return {
        "base": {
            "name": base["name"],
            "cluster_name": base["cluster_name"],
            "cluster_type": base["cluster_type"],
            "business_type": base.get("business_type"),
            "domain": base["domain"],
            "project": base["project"],
            "project_id": base["project_id"],
            "role": list(base.get("role") or []),
            "user_ids": [dict(user) for user in base.get("user_ids") or []],
        },
        "psp": psp or DEFAULT_PSP,
        "quota": dict(quota),
        "created_at": created_at,
    }


def namespaces_of(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every namespace record, keyed ``<cluster>/<namespace>``."""
    records: dict[str, dict[str, Any]] = state.setdefault(NAMESPACES_KEY, {})
    known: list[str] = state.setdefault(KNOWN_CLUSTERS_KEY, [])
    for cluster_name, cluster in preloaded.all_clusters(state).items():
        if cluster_name in known:
            continue
        known.append(cluster_name)
        for name in cluster["namespaces"]:
            records[f"{cluster_name}/{name}"] = _fixed_namespace(cluster_name, cluster, name)
    return records


def cluster_namespaces(state: dict[str, Any], cluster_name: str) -> list[str]:
    """Names of the namespaces of one cluster, oldest first."""
    return [
        record["base"]["name"]
        for record in namespaces_of(state).values()
        if record["base"]["cluster_name"] == cluster_name
    ]


def has_namespace(state: dict[str, Any], cluster_name: str, name: str) -> bool:
    """True when ``cluster_name`` has a namespace ``name``."""
    return f"{cluster_name}/{name}" in namespaces_of(state)


def records_in(state: dict[str, Any], cluster_name: str, name: str) -> Iterator[tuple[str, str]]:
    """(state key, record key) of every namespaced record of one namespace, in any group."""
    prefix = f"{cluster_name}/{name}/"
    for state_key, value in state.items():
        if isinstance(value, dict) and state_key != NAMESPACES_KEY:
            for record_key in list(value):
                if isinstance(record_key, str) and record_key.startswith(prefix):
                    yield state_key, record_key


def quota_used(state: dict[str, Any], cluster_name: str, name: str) -> dict[str, int]:
    """What the namespace's objects use of each quota item.

    Objects are counted per store; pods, cpu (cores, rounded up) and memory (MiB) are
    the sums over the workloads' replicas of their containers' requests; storage is
    the sum of the ``storage`` (GiB) of the namespace's records that state one.
    """
    prefix = f"{cluster_name}/{name}/"
    used = dict.fromkeys(QUOTA_KEYS, 0)
    for item, stores in COUNTED_STORES.items():
        for store in stores:
            used[item] += sum(1 for key in state.get(store, {}) if key.startswith(prefix))
    cpu = 0.0
    for key, record in state.get(model.WORKLOADS_KEY, {}).items():
        if not key.startswith(prefix):
            continue
        for item, kind in COUNTED_WORKLOADS.items():
            used[item] += record.get("type") == kind
        replicas = model.target_replicas(record)
        used["pods"] += replicas
        for container in record["spec"].get("containers") or []:
            requests = (container.get("resources") or {}).get("requests") or {}
            cpu += float(requests.get("cpu") or 0) * replicas
            used["memory"] += int(float(requests.get("memory") or 0) * replicas)
    for state_key, record_key in records_in(state, cluster_name, name):
        record = state[state_key][record_key]
        storage = record.get("storage") if isinstance(record, dict) else None
        if isinstance(storage, int | float) and not isinstance(storage, bool):
            used["storage"] += int(storage)
    used["cpu"] = int(-(-cpu // 1))
    return used


def quota_hard(record: dict[str, Any]) -> dict[str, int]:
    """Every quota item's limit, :data:`UNLIMITED` where none is set."""
    return {key: int(record["quota"].get(key, UNLIMITED)) for key in QUOTA_KEYS}


def namespace_view(record: dict[str, Any]) -> dict[str, Any]:
    """The API reference's namespace Type (quota lists only the items that have a limit)."""
    return {
        "namespace_base": {
            key: copy.deepcopy(value) for key, value in record["base"].items() if value is not None
        },
        "psp": record["psp"],
        "quota": dict(record["quota"]),
        "namespace_status": {"status": "Active", "creation_time": iso8601(record["created_at"])},
    }
