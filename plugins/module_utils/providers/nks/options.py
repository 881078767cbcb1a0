# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the ``nks`` blocks, in the NKS request's own names typed for users (bools, ints, lists).

Documented by the ``kaas.cloud.nks_cluster`` fragment (k8s_cluster) and by the
``nodegroup`` and ``autoscaler`` modules.
"""

from __future__ import annotations

from typing import Any

SECRET_STR = {"type": "str", "no_log": True}
TEXT = {"type": "str"}
IDS = {"type": "list", "elements": "str"}


def node_options() -> dict[str, Any]:
    """What a cluster's default node group and any other node group share: image, disks, networks, script."""
    return {
        "node_image": TEXT,
        "availability_zone": TEXT,
        "boot_volume_type": TEXT,
        "boot_volume_size": {"type": "int"},
        "boot_volume_key_id": SECRET_STR,
        "boot_volume_appkey": SECRET_STR,
        "additional_network_id_list": IDS,
        "additional_subnet_id_list": IDS,
        "extra_security_groups": {
            "type": "list",
            "elements": "dict",
            "options": {
                "target_subnet": {"type": "str", "required": True},
                "security_group_ids": {"type": "list", "elements": "str", "required": True},
            },
        },
        "extra_volumes": {
            "type": "list",
            "elements": "dict",
            "options": {
                "volume_type": {"type": "str", "required": True},
                "volume_size": {"type": "int", "required": True},
                "volume_key_id": SECRET_STR,
                "volume_appkey": SECRET_STR,
                "volume_mount_path": {"type": "str"},
            },
        },
        "user_script": SECRET_STR,
    }


def _block(options: dict[str, Any]) -> dict[str, Any]:
    return {"type": "dict", "options": options}


def cluster_options() -> dict[str, Any]:
    """The ``nks`` block of ``k8s_cluster``: the node options plus the cluster's network and API endpoint."""
    return _block(
        {
            "keypair": {"type": "str", "no_log": False},
            "fixed_network": TEXT,
            "fixed_subnet": TEXT,
            **node_options(),
            "external_network_id": TEXT,
            "external_subnet_id_list": IDS,
            "master_lb_floating_ip_enabled": {"type": "bool"},
            "strict_sg_rules": {"type": "bool"},
            "service_cluster_ip_range": TEXT,
            "pods_network_cidr": TEXT,
            "pods_network_subnet": {"type": "int"},
            "cni_driver": {"type": "str", "choices": ["calico", "calico-ebpf", "flannel"]},
            "ncr_sgw": TEXT,
            "obs_sgw": TEXT,
            "term_of_validity": {"type": "int"},
            "certificate_valid_days": {"type": "int"},
        }
    )


def nodegroup_options() -> dict[str, Any]:
    """The ``nks`` block of ``nodegroup``: the node options plus NKS's options of the node group operations."""
    return _block(
        {
            **node_options(),
            "stopped_nodes": IDS,
            "nodes_to_remove": IDS,
            "num_buffer_nodes": {"type": "int"},
            "num_max_unavailable_nodes": {"type": "int"},
        }
    )


def autoscaler_options() -> dict[str, Any]:
    """The ``nks`` block of ``autoscaler``: NKS's scale-down tuning."""
    return _block(
        {
            "scale_down_enable": {"type": "bool"},
            "scale_down_unneeded_time": {"type": "int"},
            "scale_down_util_thresh": {"type": "int"},
            "scale_down_delay_after_add": {"type": "int"},
        }
    )
