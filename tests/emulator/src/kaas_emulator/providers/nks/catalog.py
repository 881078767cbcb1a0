"""Fixed facts of the emulated NKS region: versions, task types, durations, defaults.

Kept in one module so the choices documented in ``docs/providers/nks-api.md`` have a
single source: the views and validators only refer to these names.
"""

from __future__ import annotations

#: ``GET /v1/supports`` ``supported_k8s`` of the English guide (004). ``true`` versions
#: are the upgrade targets; every listed version may still be used at creation.
SUPPORTED_K8S: dict[str, bool] = {
    "v1.17.6": False,
    "v1.18.19": False,
    "v1.19.13": False,
    "v1.20.12": False,
    "v1.21.6": False,
    "v1.22.3": False,
    "v1.23.3": False,
    "v1.24.3": False,
    "v1.25.4": False,
    "v1.26.3": False,
    "v1.27.3": True,
    "v1.28.3": True,
    "v1.29.3": True,
    "v1.30.3": True,
}

CLUSTER_EVENTS: dict[str, str] = {
    "CLUSTER_CREATE": "Create a cluster",
    "CLUSTER_DELETE": "Delete a cluster",
    "CLUSTER_HANDOVER": "Cluster OWNER change",
    "CLUSTER_CNI_UPDATE": "Change CNI",
    # Not in the API guide's list, which has no task type for these three operations; the
    # emulator records an event for every operation, so it names them.
    "CLUSTER_API_EP_IPACL_UPDATE": "Change API endpoint IP access control",
    "CLUSTER_CERTIFICATE_RENEW": "Renew the cluster certificate",
    "CLUSTER_SGW_UPDATE": "Change service gateway",
}

NODEGROUP_EVENTS: dict[str, str] = {
    "NODEGROUP_CREATE": "Node group creation",
    "NODEGROUP_DELETE": "Delete a node group",
    "CLUSTER_RESIZE": "Resize the cluster",
    "NODEGROUP_UPDATE_FLAVOR": "Change instance type",
    "NODEGROUP_UPGRADE": "Upgrade a node group",
    "NODEGROUP_USERSCRIPT_UPDATE": "Change userscript",
    "NODEGROUP_SET_CLUSTER_AUTOSCALER": "Change Auto Scaler settings",
    "NODEGROUP_NODE_ACTION_NODE_START": "Start worker node",
    "NODEGROUP_NODE_ACTION_NODE_STOP": "Stop worker node",
}

#: Nominal durations (provider seconds, divided by the time scale) per event type.
DURATIONS: dict[str, float] = {
    "CLUSTER_CREATE": 600.0,
    "CLUSTER_DELETE": 300.0,
    "CLUSTER_CNI_UPDATE": 600.0,
    "CLUSTER_API_EP_IPACL_UPDATE": 60.0,
    "CLUSTER_CERTIFICATE_RENEW": 300.0,
    "CLUSTER_SGW_UPDATE": 120.0,
    "NODEGROUP_CREATE": 300.0,
    "NODEGROUP_DELETE": 180.0,
    "CLUSTER_RESIZE": 300.0,
    "NODEGROUP_UPDATE_FLAVOR": 480.0,
    "NODEGROUP_UPGRADE": 600.0,
    "NODEGROUP_USERSCRIPT_UPDATE": 60.0,
    "NODEGROUP_SET_CLUSTER_AUTOSCALER": 60.0,
    "NODEGROUP_NODE_ACTION_NODE_START": 120.0,
    "NODEGROUP_NODE_ACTION_NODE_STOP": 120.0,
}

API_MIN_VERSION = (1, 1)
API_MAX_VERSION = (1, 14)
#: Lifetime of an identity token, in wall seconds (not scaled by the time scale).
TOKEN_TTL_SECONDS = 12 * 3600.0

DEFAULT_MASTER = "default-master"
DEFAULT_WORKER = "default-worker"
#: The emulator's single project and user (every credential is ``demo``).
PROJECT_ID = "demo"
USER_ID = "demo"
REGION = "KR1"

NODE_COUNT_MIN = 1
NODE_COUNT_MAX = 10  # per node group ("the max value can be adjusted with quota")
#: CIDR every VPC subnet is assumed to have: the emulator has no VPC service.
FIXED_SUBNET_CIDR = "192.168.0.0/24"
DEFAULT_SERVICE_RANGE = "10.254.0.0/16"
DEFAULT_PODS_CIDR = "10.100.0.0/16"
DEFAULT_PODS_SUBNET = 24
DEFAULT_TERM_OF_VALIDITY = 5
CNI_DRIVERS = ("calico", "calico-ebpf", "flannel")
DEFAULT_CNI = "calico"

#: Autoscaler settings of a node group that never had any, as strings like NKS labels.
AUTOSCALER_DEFAULTS: dict[str, str] = {
    "ca_enable": "False",
    "ca_max_node_count": "10",
    "ca_min_node_count": "1",
    "ca_scale_down_enable": "True",
    "ca_scale_down_unneeded_time": "10",
    "ca_scale_down_util_thresh": "50",
    "ca_scale_down_delay_after_add": "10",
}
CA_IMAGE = "k8s.gcr.io/autoscaling/cluster-autoscaler:v1.19.0"


def version_key(version: str) -> tuple[int, ...]:
    """Sortable key of ``v1.27.3``; unparsable versions sort first."""
    try:
        return tuple(int(part) for part in version.lstrip("v").split("."))
    except ValueError:
        return ()


def latest_version() -> str:
    """Highest supported version (``kube_version_status`` is ``LATEST`` there)."""
    return max((v for v, ok in SUPPORTED_K8S.items() if ok), key=version_key)
