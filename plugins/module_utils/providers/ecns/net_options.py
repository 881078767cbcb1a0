# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs shared by the ECNS networking modules: service ports and the ``ecns`` block of ``load_balancer``."""

from __future__ import annotations

from typing import Any

WORKLOAD_TYPES = ["Deployment", "StatefulSet", "DaemonSet"]
#: One port of a service (the ECNS API reference's access Type), as ``service`` and ``load_balancer`` take it.
PORT_OPTIONS: dict[str, Any] = {
    "port": {"type": "int", "required": True},
    "target_port": {"type": "int"},
    "protocol": {"type": "str", "choices": ["TCP", "UDP"]},
    "node_port": {"type": "int"},
}


def ports_spec() -> dict[str, Any]:
    return {"type": "list", "elements": "dict", "options": dict(PORT_OPTIONS)}


def lb_options() -> dict[str, Any]:
    """The ``ecns`` block of load_balancer: the LoadBalancer service and its Octavia load balancer."""
    return {
        "type": "dict",
        "options": {
            "target_workload": {"type": "str"},
            "workload_type": {"type": "str", "choices": WORKLOAD_TYPES},
            "ports": ports_spec(),
            "lb_name": {"type": "str"},
            "subnet": {"type": "str"},
            "availability_zone": {"type": "str"},
            "cpu_arch": {"type": "str", "choices": ["x86_64", "aarch64"]},
            "flavor": {"type": "str"},
            "topology": {"type": "str", "choices": ["SINGLE", "ACTIVE_STANDBY", "ACTIVE_ACTIVE"]},
            "replicas": {"type": "int"},
            "amp_volume_type": {"type": "str"},
            "labels": {"type": "dict"},
            "annotations": {"type": "dict"},
        },
    }
