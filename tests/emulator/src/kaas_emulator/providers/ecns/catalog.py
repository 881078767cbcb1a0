"""The fixed part of the emulated ECNS cloud: project, clusters, nodes, versions, rules.

The API reference reads the current cluster and namespace from the portal session; the
emulator serves one project (``demo``) with two clusters so that a wrong cluster or
namespace is a visible error. Durations are nominal seconds (divided by the time scale).
"""

from __future__ import annotations

from typing import Any

PROJECT_ID = "demo"
PROJECT_NAME = "demo"
USER_ID = "858634b407e845f14b02bcf369225dcd0"
TOKEN_TTL_SECONDS = 12 * 3600
PRODUCT_TYPES = ("eks", "hybrid", "security")
#: The security-container product runs workloads with this runtime class by default.
SECURE_RUNTIME_CLASS = "rune"

DEFAULT_CLUSTER = "ecns-east"
DEFAULT_NAMESPACE = "default"

#: Nominal seconds for one pod to become ready during a rollout.
POD_READY_SECONDS = 10.0
#: Nominal seconds a batch delete keeps a workload in status ``Removing``.
DELETE_SECONDS = 15.0
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def node(
    name: str, ip: str, btype: str, roles: tuple[str, ...], master: bool = False
) -> dict[str, Any]:
    addresses = [{"address": name, "type": "Hostname"}, {"address": ip, "type": "InternalIP"}]
    if master:
        addresses.append({"address": "172.24.0." + ip.rsplit(".", 1)[1], "type": "ExternalIP"})
    return {
        "name": name,
        "addresses": addresses,
        "allocatable": {"cpu": "7800m", "memory": "15Gi", "pods": "110"},
        "capacity": {"cpu": "8", "memory": "16Gi", "pods": "110"},
        "phase": "Ready",
        "_btype": btype,
        "_roles": roles,
        "_master": master,
    }


CLUSTERS: dict[str, dict[str, Any]] = {
    "ecns-east": {
        "cluster_addr": "https://10.0.0.10:6443",
        "cluster_type": "EKS",
        "namespaces": ["default", "kube-system", "apps"],
        "nodes": [
            node("ecns-east-master-0", "10.0.0.10", "Controller", (), master=True),
            node("ecns-east-worker-0", "10.0.0.21", "Normal", ()),
            node(
                "ecns-east-worker-1", "10.0.0.22", "HybridOrchestration", ("hybrid-orchestration",)
            ),
            node("ecns-east-worker-2", "10.0.0.23", "SecurityContainer", ("secure-container",)),
        ],
    },
    "ecns-west": {
        "cluster_addr": "https://10.1.0.10:6443",
        "cluster_type": "EKS",
        "namespaces": ["default"],
        "nodes": [
            node("ecns-west-master-0", "10.1.0.10", "Controller", (), master=True),
            node("ecns-west-worker-0", "10.1.0.21", "Normal", ()),
        ],
    },
}

BUSINESS_TYPES = ("SecurityContainer", "HybridOrchestration", "Normal", "User", "Controller")
NODE_ROLES = ("hybrid-orchestration", "secure-container")

K8S_VERSIONS: list[dict[str, Any]] = [
    {
        "k8s_version": "v1.21.5-es",
        "runtime_version": [
            {"container_runtime": "docker", "available": True},
            {"container_runtime": "containerd", "available": False},
        ],
    },
    {
        "k8s_version": "v1.25.3-es",
        "runtime_version": [
            {"container_runtime": "docker", "available": False},
            {"container_runtime": "containerd", "available": True},
        ],
    },
]

DEFAULT_CAPABILITIES = [
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_RAW",
    "CAP_SYS_CHROOT",
    "CAP_MKNOD",
    "CAP_AUDIT_WRITE",
    "CAP_SETFCAP",
]
ALL_CAPABILITIES = sorted(
    {
        *DEFAULT_CAPABILITIES,
        "CAP_AUDIT_CONTROL",
        "CAP_AUDIT_READ",
        "CAP_BLOCK_SUSPEND",
        "CAP_DAC_READ_SEARCH",
        "CAP_IPC_LOCK",
        "CAP_IPC_OWNER",
        "CAP_LEASE",
        "CAP_LINUX_IMMUTABLE",
        "CAP_NET_ADMIN",
        "CAP_NET_BROADCAST",
        "CAP_SYS_ADMIN",
        "CAP_SYS_BOOT",
        "CAP_SYS_MODULE",
        "CAP_SYS_NICE",
        "CAP_SYS_PACCT",
        "CAP_SYS_PTRACE",
        "CAP_SYS_RAWIO",
        "CAP_SYS_RESOURCE",
        "CAP_SYS_TIME",
        "CAP_SYS_TTY_CONFIG",
        "CAP_SYSLOG",
        "CAP_WAKE_ALARM",
    }
)

#: Resource types the uniqueness check accepts (1.13), as the API reference spells them.
UNIQUE_TYPES = (
    "Application",
    "HarborProject",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "Cronjob",
    "PVC",
    "Configmap",
    "Secret",
    "Service",
    "Ingress",
    "VirtualMachine",
    "Namespace",
)


def public_node(node: dict[str, Any]) -> dict[str, Any]:
    """A node as the API shows it (internal ``_`` keys removed)."""
    return {key: value for key, value in node.items() if not key.startswith("_")}


def schedulable_workers(cluster: str) -> list[dict[str, Any]]:
    """Nodes a DaemonSet runs one pod on: every Ready node that is not a controller."""
    return [n for n in CLUSTERS[cluster]["nodes"] if not n["_master"] and n["phase"] == "Ready"]
