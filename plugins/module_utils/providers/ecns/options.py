# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the ECNS modules' own options; the modules only assemble them.

Where an ECNS object lives (``cluster``, ``namespace``, ``product_type``) is documented by
the ``kaas.cloud.ecns_scope`` fragment; the other options by their module. The workload
template (containers, volumes, access modes) and the job template built on it are in
``options_workload.py``. The enums of the ECNS API reference are ``choices`` here, so
Ansible refuses a bad value before the module sends anything.
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import (
    resource_argument_spec,
    state_spec,
    wait_argument_spec,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.namespace import QUOTA_ITEMS

PRODUCT_TYPES = ["eks", "hybrid", "security"]
WORKLOAD_TYPES = ["Deployment", "StatefulSet", "DaemonSet"]
APPLICATION_TYPES = ["Normal", "Hybrid"]
SECRET_TYPES = ["Opaque", "Tls", "Dockerconfigjson"]
ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany"]
CRON_FIELDS = ("minute", "hour", "day_of_month", "month", "day_of_week")
#: The options :func:`ecns_scope_spec` declares, as the reconciler and the info lookup take them.
ECNS_SCOPE_OPTIONS = ("cluster", "namespace", "product_type")


def str_option(**extra: Any) -> dict[str, Any]:
    """A ``str`` option with ``extra`` keys (required, choices, default, no_log)."""
    return {"type": "str", **extra}


def dict_list_option(options: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """A list of dicts, with ``options`` checking each entry when given."""
    spec: dict[str, Any] = {"type": "list", "elements": "dict", **extra}
    if options is not None:
        spec["options"] = options
    return spec


def ecns_scope_spec(*, namespaced: bool = True) -> dict[str, Any]:
    """``cluster``, ``namespace`` (namespaced objects only) and ``product_type``."""
    spec: dict[str, Any] = {"product_type": str_option(choices=PRODUCT_TYPES, default="eks")}
    if namespaced:
        spec["cluster"] = str_option(required=True)
        spec["namespace"] = str_option(default="default")
    return spec


def ecns_optional_scope_spec() -> dict[str, Any]:
    """``namespace`` and ``product_type`` of a module that other providers share (load balancers).

    No defaults, so that a task for another provider never carries them.
    """
    return {"namespace": str_option(), "product_type": str_option(choices=PRODUCT_TYPES)}


def ecns_object_spec(options: dict[str, Any], *states: str, wait: bool = False) -> dict[str, Any]:
    """A module of one namespaced object: ``name``, ``state`` (present, absent, ``states``), ``options``, scope.

    ``wait`` adds the wait options, for objects that take time to become ready.
    """
    spec = resource_argument_spec(
        name=str_option(required=True), state=state_spec(*states), **options, **ecns_scope_spec()
    )
    if wait:
        spec.update(wait_argument_spec())
    return spec


def ecns_object_options(options: dict[str, Any]) -> tuple[str, ...]:
    """What the reconciler compares of such an object: its scope and ``options``."""
    return (*ECNS_SCOPE_OPTIONS, *options)


def ecns_info_spec(**options: Any) -> dict[str, Any]:
    """An ``*_info`` module of namespaced objects: ``name`` (one object, or every one), its filters, the scope."""
    return resource_argument_spec(name=str_option(), **options, **ecns_scope_spec())


# --- networking: services and the ``ecns`` block of load_balancer -----------------------------------------

#: One port of a service (the ECNS API reference's access Type), as ``service`` and ``load_balancer`` take it.
PORT_OPTIONS: dict[str, Any] = {
    "port": {"type": "int", "required": True},
    "target_port": {"type": "int"},
    "protocol": str_option(choices=["TCP", "UDP"]),
    "node_port": {"type": "int"},
}


def ports_spec() -> dict[str, Any]:
    return dict_list_option(dict(PORT_OPTIONS))


def service_options() -> dict[str, Any]:
    """The options of ``service`` besides its name, state and scope."""
    return {
        "type": str_option(choices=["ClusterIP", "NodePort", "ExternalName"]),
        "target_workload": str_option(),
        "workload_type": str_option(choices=WORKLOAD_TYPES),
        "ports": ports_spec(),
        "external_name": str_option(),
        "cluster_ip": str_option(),
        "annotations": {"type": "dict"},
        "labels": {"type": "dict"},
    }


def lb_options() -> dict[str, Any]:
    """The ``ecns`` block of load_balancer: the LoadBalancer service and its Octavia load balancer."""
    return {
        "type": "dict",
        "options": {
            "target_workload": str_option(),
            "workload_type": str_option(choices=WORKLOAD_TYPES),
            "ports": ports_spec(),
            "lb_name": str_option(),
            "subnet": str_option(),
            "availability_zone": str_option(),
            "cpu_arch": str_option(choices=["x86_64", "aarch64"]),
            "flavor": str_option(),
            "topology": str_option(choices=["SINGLE", "ACTIVE_STANDBY", "ACTIVE_ACTIVE"]),
            "replicas": {"type": "int"},
            "amp_volume_type": str_option(),
            "labels": {"type": "dict"},
            "annotations": {"type": "dict"},
        },
    }


def ingress_options() -> dict[str, Any]:
    """The options of ``ingress`` besides its name, state and scope."""
    routers = {
        "domain": str_option(),
        "path": str_option(),
        "target_service": str_option(required=True),
        "service_port": {"type": "int", "required": True},
    }
    return {"routers": dict_list_option(routers), "annotations": {"type": "dict"}, "labels": {"type": "dict"}}


# --- configuration -------------------------------------------------------------------------------------------


def secret_options() -> dict[str, Any]:
    """The options of ``secret`` besides its name, state and scope; each content block is a secret."""
    return {
        "type": str_option(choices=SECRET_TYPES),
        "data": {"type": "dict", "no_log": True},
        "tls": {"type": "dict", "options": {key: str_option(no_log=True) for key in ("cert", "key", "ca")}},
        "docker_registry": {
            "type": "dict",
            "options": {
                "server": str_option(),
                "username": str_option(),
                "password": str_option(no_log=True),
                "email": str_option(),
            },
        },
    }


# --- namespaces and storage ----------------------------------------------------------------------------------


def namespace_options() -> dict[str, Any]:
    """The options of ``namespace`` besides its name, cluster, state and product type."""
    return {
        "psp": str_option(choices=["Limited", "Unlimited"]),
        # no_log False: quota.secrets is a number of secrets, not a secret.
        "quota": {"type": "dict", "options": {item: {"type": "int", "no_log": False} for item in QUOTA_ITEMS}},
        "users": dict_list_option({"id": str_option(required=True), "name": str_option(), "email": str_option()}),
        "roles": {"type": "list", "elements": "str", "choices": ["Developer", "Visitor"]},
        "business_type": str_option(choices=["SecurityContainer", "HybridOrchestration", "Normal"]),
    }


def pvc_options() -> dict[str, Any]:
    """The options of ``pvc`` besides its name, state and scope."""
    return {
        "storage_class": str_option(),
        "capacity": str_option(),
        "access_modes": {"type": "list", "elements": "str", "choices": ACCESS_MODES},
    }


# --- jobs ----------------------------------------------------------------------------------------------------


def cronjob_options() -> dict[str, Any]:
    """The schedule of ``cronjob`` (its job template is :func:`options_workload.job_template_spec`)."""
    return {
        "schedule": str_option(),
        "cron_rule": {"type": "dict", "options": {field: str_option() for field in CRON_FIELDS}},
        "concurrency_policy": str_option(choices=["Allow", "Forbid", "Replace"]),
    }


# --- applications --------------------------------------------------------------------------------------------


def virtual_machine_options() -> dict[str, Any]:
    """One entry of an application's ``virtual_machines``."""
    port = {"port": {"type": "int", "required": True}, "protocol": str_option(choices=["TCP", "UDP"])}
    disk_types = ["hdd", "high-performance"]
    return {
        "name": str_option(required=True),
        "replicas": {"type": "int", "required": True},
        "availability_zone": str_option(required=True),
        "flavor_name": str_option(required=True),
        "boot_manager": {
            "type": "dict",
            "required": True,
            "options": {
                "type": str_option(required=True, choices=["image", "snapshot", "volume"]),
                "image": str_option(),
                "snapshot": str_option(),
                "bootable_volume": str_option(),
            },
        },
        "system_disk": {
            "type": "dict",
            "required": True,
            "options": {"size": {"type": "int", "required": True}, "type": str_option(choices=disk_types)},
        },
        "data_disk": dict_list_option(
            {
                "type": str_option(required=True, choices=disk_types),
                "size": {"type": "int", "required": True},
                "amount": {"type": "int"},
                "cascade_deletion": {"type": "bool"},
            }
        ),
        "security_groups": {"type": "list", "elements": "str", "default": ["default"]},
        "loadbalancer": {
            "type": "dict",
            "required": True,
            "options": {
                "name": str_option(),
                "internal_ip": str_option(required=True),
                "access": dict_list_option(port, required=True),
            },
        },
        "authentication": {
            "type": "dict",
            "required": True,
            # The key pair is a name of the cloud's key pairs, not key material.
            "options": {"keypair": str_option(no_log=False), "password": str_option(no_log=True)},
        },
        "user_data": str_option(no_log=True),
    }


def application_options() -> dict[str, Any]:
    """The options of ``application`` besides its name, state and scope."""
    network = {key: str_option(required=True) for key in ("network_name", "network_id", "subnet_name", "subnet_id")}
    return {
        "type": str_option(choices=APPLICATION_TYPES, default="Normal"),
        "description": str_option(),
        "workloads": {"type": "list", "elements": "dict"},
        "vm_network": {"type": "dict", "options": network},
        "configmaps": dict_list_option(
            {"name": str_option(required=True), "config": {"type": "dict", "required": True}}
        ),
        "virtual_machines": dict_list_option(virtual_machine_options()),
        "cascade": str_option(choices=["none", "workloads", "workloads_and_services", "all"], default="none"),
    }
