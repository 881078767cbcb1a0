# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the NKS blocks; their documentation is the ``kaas.cloud.nks_cluster`` fragment."""

from __future__ import annotations

from typing import Any

SECRET_STR = {"type": "str", "no_log": True}


def nks_cluster_options() -> dict[str, Any]:
    """The ``nks`` block: the create request's own names, typed for users (bools, ints, lists)."""
    text = {"type": "str"}
    ids = {"type": "list", "elements": "str"}
    return {
        "keypair": {"type": "str", "no_log": False},
        "fixed_network": text,
        "fixed_subnet": text,
        "availability_zone": text,
        "node_image": text,
        "boot_volume_type": text,
        "boot_volume_size": {"type": "int"},
        "boot_volume_key_id": SECRET_STR,
        "boot_volume_appkey": SECRET_STR,
        "external_network_id": text,
        "external_subnet_id_list": ids,
        "master_lb_floating_ip_enabled": {"type": "bool"},
        "strict_sg_rules": {"type": "bool"},
        "additional_network_id_list": ids,
        "additional_subnet_id_list": ids,
        "service_cluster_ip_range": text,
        "pods_network_cidr": text,
        "pods_network_subnet": {"type": "int"},
        "cni_driver": {"type": "str", "choices": ["calico", "calico-ebpf", "flannel"]},
        "ncr_sgw": text,
        "obs_sgw": text,
        "user_script": SECRET_STR,
        "term_of_validity": {"type": "int"},
        "certificate_valid_days": {"type": "int"},
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
    }
