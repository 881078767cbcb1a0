# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ECNS API reference's types that results carry, as :data:`~..shapes.Shape` values.

The pod template (containers, volumes, strategies, network) holds what the options of
the same name hold; the rest is what the API reference's types name: the pod status
(1.16 容器组), the condition, event and revision Types (1.21 负载) and the job Type
(1.10 工作任务).
"""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options_workload
from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import Shape, fields, option_shape

#: The container Type: what ``containers`` takes, and the state the back end adds.
CONTAINER: Shape = {**option_shape(options_workload.container_options()), "container_statuses": None}
#: A workload a claim is mounted by (the attached_workload Type).
ATTACHED_WORKLOAD: Shape = fields("name", "type", "attached_time")
#: The pvc Type (1.20 存储管理).
PVC: Shape = fields(
    "name",
    "domain",
    "project",
    "cluster",
    "cluster_addr",
    "storage_class_name",
    "capacity",
    "access_modes",
    "status",
    "creation_time",
    attached_workloads=ATTACHED_WORKLOAD,
)
#: The volume Type; ``storage_class`` is ``{"class_name", "capacity"}``, ``configmap`` and
#: ``secret`` are the config Type, ``pvc`` is the claim as the storage API lists it (pvc Type).
VOLUME: Shape = {
    **option_shape(options_workload.volume_options()),
    "storage_class": fields("class_name", "capacity"),
    "pvc": PVC,
    "configmap": fields("type", "name", "path", items=fields("key", "path")),
    "secret": fields("type", "name", "path", items=fields("key", "path")),
}
#: The access_mode Type as read back: the request plus the service it became.
ACCESS_MODE: Shape = {
    **option_shape(options_workload.access_mode_options()),
    "name": None,
    "public_ips": None,
    "private_ips": None,
    "access": fields(
        "port",
        "protocol",
        "node_port",
        "target_port",
        routers=fields("domain", "path", "target_service", "service_port"),
    ),
}
_WORKLOAD_OPTIONS = options_workload.workload_options()
#: The pod template and strategies of a workload, by option name.
WORKLOAD_TEMPLATE: dict[str, Shape] = {
    "containers": CONTAINER,
    "volumes": VOLUME,
    "update_strategy": option_shape(_WORKLOAD_OPTIONS["update_strategy"]["options"]),
    "scale_strategy": option_shape(_WORKLOAD_OPTIONS["scale_strategy"]["options"]),
    "scheduler_strategy": option_shape(_WORKLOAD_OPTIONS["scheduler_strategy"]["options"]),
    "network": option_shape(_WORKLOAD_OPTIONS["network"]["options"]),
    "access_modes": ACCESS_MODE,
}
#: A pod as a listing (and a workload's ``Pods_status``, a job's ``pod_status``) gives it.
POD_STATUS: Shape = fields("name", "creation_time", "pod_ip", "host_ip", "images", "labels", "restart_count", "status")
CONDITION: Shape = fields("type", "status", "reason", "message", "update_time")
EVENT: Shape = fields("type", "reason", "message", "update_time")
#: A revision: its number, the image blocks of its containers, its time.
REVISION: Shape = fields("version", "creation_time", image=CONTAINER["image"])
#: The job Type, as a cronjob's run history lists it.
JOB: Shape = fields(
    *options_workload.JOB_TEMPLATE_OPTIONS,
    "name",
    containers=CONTAINER,
    volumes=VOLUME,
    job_status=fields("status", "scale", "creation_time", "images"),
    pod_status=POD_STATUS,
)
#: The vm_network Type (1.8 混合编排).
VM_NETWORK: Shape = fields("network_name", "network_id", "subnet_name", "subnet_id")
#: The flavor Type of a VM workload: amounts with their units.
VM_FLAVOR: Shape = fields("cpu", "memory", "disk")
#: The loadbalancer Type of a VM workload; its ports are the access Type's port and protocol.
VM_LOADBALANCER: Shape = fields("name", "internal_ip", "status", access=fields("port", "protocol"))
#: The vm_instance Type.
VM_INSTANCE: Shape = fields("name", "id", "status", "image", "internal_ip", "creation_time", flavor=VM_FLAVOR)
#: The look-ups of 1.23 独享型负载均衡, as ``load_balancer_info`` includes them.
LOOKUP_ZONE: Shape = fields("name", state=fields("available"))
LOOKUP_FLAVOR: Shape = fields("description", "id", "is_disabled", "is_public", "is_recommend", "name", "ram", "vcpus")
LOOKUP_SUBNET: Shape = fields(
    "updated_at",
    "revision_number",
    "project_id",
    "network_id",
    "name",
    "is_dhcp_enabled",
    "ip_version",
    "id",
    "gateway_ip",
    "description",
    "created_at",
    "cidr",
    allocation_pools=fields("start", "end"),
)
LICENSE_USAGE: Shape = fields("available", "delta", "hard_limit", "resource")
#: The image registry's login (images/loginfo/).
REGISTRY_LOGIN: Shape = fields("username", "password", "harbor_domain", "public_vip")
#: A cluster of the project/cluster/namespace tree (1.12 三级联动全量列举: cluster_selector).
CLUSTER_SELECTOR: Shape = fields("cluster_name", "cluster_addr", "cluster_type", "namespaces")
