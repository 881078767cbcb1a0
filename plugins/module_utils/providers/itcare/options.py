# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the ``itcare`` blocks, kept out of the module files.

Each function matches one doc fragment: ``itcare_cluster`` (k8s_cluster),
``itcare_cluster_info`` (k8s_cluster_info), ``itcare_lb`` (load_balancer) and
``itcare_nodegroup`` (nodegroup). Names are the
ITCare fields in snake_case.
"""

from __future__ import annotations

from typing import Any

TEXT = {"type": "str"}
NUMBER = {"type": "int"}
FLAG = {"type": "bool"}
TEXTS = {"type": "list", "elements": "str"}


def service_options() -> dict[str, Any]:
    """What clusters and load balancers share: placement, service, backup, replication, support."""
    return {
        "region": TEXT,
        "area": TEXT,
        "regulation": {"type": "str", "choices": ["HDS", "STANDARD"]},
        # A number (the id) or text (the technical id): the API reference's table and example disagree.
        "network_id": {"type": "raw"},
        "service_id": NUMBER,
        "cloud_id": NUMBER,
        "backup_enabled": FLAG,
        "replication_enabled": FLAG,
        "support_level": TEXT,
        "server_backup_policy_id": TEXT,
        "db_backup_policy_id": TEXT,
        "no_backup_prod_reason": TEXT,
        "no_replication_prod_reason": TEXT,
        "no_monitoring_prod_reason": TEXT,
    }


def cluster_options() -> dict[str, Any]:
    """The ``itcare`` block of k8s_cluster."""
    return {
        "type": "dict",
        "options": {
            **service_options(),
            "az": TEXT,
            "ingress_provider": TEXT,
            "ha": FLAG,
            "patch_party_excluded": FLAG,
            "patch_group": {"type": "str", "choices": ["1", "2", "3"]},
            "patch_exclusion_reason": TEXT,
            "change_reference": TEXT,
        },
    }


def cluster_info_options() -> dict[str, Any]:
    """The ``itcare`` block of k8s_cluster_info: the list filters."""
    return {
        "type": "dict",
        "options": {
            "names": TEXTS,
            "services": {"type": "list", "elements": "int"},
            "environments": TEXTS,
            "tags": TEXTS,
            "topologies": TEXTS,
            "versions": TEXTS,
            "regions": TEXTS,
            "az": TEXTS,
            "ip": TEXTS,
            "vlan": TEXTS,
            "clouds": NUMBER,
            "backup_status": FLAG,
            "recovery_status": FLAG,
            "included_in_patch_party": FLAG,
        },
    }


def lb_options() -> dict[str, Any]:
    """The ``itcare`` block of load_balancer."""
    return {
        "type": "dict",
        "options": {
            **service_options(),
            "profile_name": {"type": "str", "choices": ["http", "https", "tcp"]},
            "healthcheck": {"type": "str", "choices": ["http", "https", "tcp"]},
            "port_members": TEXT,
            "vs_port": NUMBER,
            "certificate_name": TEXT,
            "ssl_profile": TEXT,
            "redirect_to_https": FLAG,
            "persistence": FLAG,
            "set_up_dns_enabled": FLAG,
        },
    }


def nodegroup_options() -> dict[str, Any]:
    """The ``itcare`` block of nodegroup: what the group's name also says, and the nodes to remove first."""
    return {
        "type": "dict",
        "options": {
            "az": TEXT,
            "ingress": FLAG,
            "nodes_to_remove": TEXTS,
        },
    }
