"""The NKS API guide's request examples, word for word: what a client following the guide sends.

The emulator's own tests and the real-client tests (python-magnumclient, openstacksdk,
the ``openstack`` CLI) send these bodies; the emulator must accept them as printed.
Callers get copies (:func:`cluster_example`, :func:`nodegroup_example`), so no test
can change what another one sends.
"""

from __future__ import annotations

import copy
from typing import Any

#: The guide's "Create a cluster" example.
CLUSTER_EXAMPLE: dict[str, Any] = {
    "cluster_template_id": "iaas_console",
    "create_timeout": 60,
    "fixed_network": "eb212079-b6ec-430c-ba57-14280a457bcb",
    "fixed_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
    "flavor_id": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
    "keypair": "test-keypair",
    "labels": {
        "availability_zone": "kr2-pub-b",
        "boot_volume_size": "20",
        "boot_volume_type": "General HDD",
        "ca_enable": "false",
        "ca_max_node_count": "10",
        "ca_min_node_count": "1",
        "ca_scale_down_delay_after_add": "3",
        "ca_scale_down_enable": "true",
        "ca_scale_down_unneeded_time": "3",
        "ca_scale_down_util_thresh": "50",
        "cert_manager_api": "True",
        "clusterautoscale": "nodegroupfeature",
        "external_network_id": "751b8227-7b45-440a-9349-dbf829d0aba5",
        "external_subnet_id_list": "59ddc195-76b1-431d-9693-f09880747dc6",
        "kube_tag": "v1.23.3",
        "master_lb_floating_ip_enabled": "true",
        "strict_sg_rules": "True",
        "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
        "user_script_v2": "",
        "extra_security_groups": [
            {
                "target_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
                "security_group_ids": "8669cca4-7904-4dc6-b1be-db49661cedb6,"
                "fa69d78d-bd04-4ab0-9ce6-c92a84b899c2",
            }
        ],
        "extra_volumes": [{"volume_type": "General HDD", "volume_size": 100}],
    },
    "name": "test-k8s",
    "node_count": 1,
}

#: The guide's "Create a node group" example.
NODEGROUP_EXAMPLE: dict[str, Any] = {
    "name": "added-nodegroup",
    "node_count": 1,
    "flavor_id": "6ef27f21-c774-4c0e-84ff-7dd4a762571f",
    "image_id": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
    "labels": {
        "availability_zone": "kr2-pub-b",
        "boot_volume_size": "20",
        "boot_volume_type": "General HDD",
        "ca_enable": "false",
    },
}


def cluster_example(**changes: Any) -> dict[str, Any]:
    """A copy of :data:`CLUSTER_EXAMPLE` with top-level ``changes``."""
    body = copy.deepcopy(CLUSTER_EXAMPLE)
    body.update(changes)
    return body


def nodegroup_example(**changes: Any) -> dict[str, Any]:
    """A copy of :data:`NODEGROUP_EXAMPLE` with top-level ``changes``."""
    body = copy.deepcopy(NODEGROUP_EXAMPLE)
    body.update(changes)
    return body
