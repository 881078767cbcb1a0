"""What the real-client tests send: NHN's documented bodies and the clients' settings."""

from __future__ import annotations

import copy
from typing import Any

USER = PASSWORD = PROJECT = "demo"
REGION = "KR1"
FLAVOR = "6ef27f21-c774-4c0e-84ff-7dd4a762571f"
IMAGE = "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc"
NETWORK = "eb212079-b6ec-430c-ba57-14280a457bcb"
SUBNET = "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90"

#: The NKS API guide's "Create a cluster" example, word for word.
CLUSTER_EXAMPLE: dict[str, Any] = {
    "cluster_template_id": "iaas_console",
    "create_timeout": 60,
    "fixed_network": NETWORK,
    "fixed_subnet": SUBNET,
    "flavor_id": FLAVOR,
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
        "node_image": IMAGE,
        "user_script_v2": "",
        "extra_security_groups": [
            {
                "target_subnet": SUBNET,
                "security_group_ids": "8669cca4-7904-4dc6-b1be-db49661cedb6,fa69d78d-bd04-4ab0-9ce6-c92a84b899c2",
            }
        ],
        "extra_volumes": [{"volume_type": "General HDD", "volume_size": 100}],
    },
    "name": "test-k8s",
    "node_count": 1,
}

#: The API guide's "Create a node group" example.
NODEGROUP_EXAMPLE: dict[str, Any] = {
    "name": "added-nodegroup",
    "node_count": 1,
    "flavor_id": FLAVOR,
    "image_id": IMAGE,
    "labels": {
        "availability_zone": "kr2-pub-b",
        "boot_volume_size": "20",
        "boot_volume_type": "General HDD",
        "ca_enable": "false",
    },
}


def cluster_body(name: str, **changes: Any) -> dict[str, Any]:
    """The guide's cluster example under another name, with top-level ``changes``."""
    body = copy.deepcopy(CLUSTER_EXAMPLE)
    body.update(name=name, **changes)
    return body


def nodegroup_body(name: str, **changes: Any) -> dict[str, Any]:
    """The guide's node group example under another name, with ``changes``."""
    body = copy.deepcopy(NODEGROUP_EXAMPLE)
    body.update(name=name, **changes)
    return body


def nks_identity(url: str) -> str:
    """NKS's Keystone v2.0 (versioned) identity URL."""
    return f"{url}/nks/identity/v2.0"


def ecns_identity(url: str) -> str:
    """ECNS's Keystone v3 (versioned) identity URL."""
    return f"{url}/ecns/identity/v3"
