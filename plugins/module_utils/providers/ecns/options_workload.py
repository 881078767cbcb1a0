# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Argument specs of the ECNS workload template: the ``workload`` module and the job template.

The workload is the ECNS workload Type (ECNS API reference, 1.21 负载) in snake_case options;
``plugins/modules/workload.py`` documents every option. The job template of ``job`` and
``cronjob`` is the job Type (1.10 工作任务), documented by the ``kaas.cloud.ecns_job`` fragment
(numbers and policy) and the ``kaas.cloud.workload_template`` fragment (containers and volumes).
"""

from __future__ import annotations

from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options import WORKLOAD_TYPES, ecns_scope_spec
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options import dict_list_option as _list
from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns.options import str_option as _str


def _int() -> dict[str, Any]:
    return {"type": "int"}


def _bool(**extra: Any) -> dict[str, Any]:
    return {"type": "bool", **extra}


def _words() -> dict[str, Any]:
    return {"type": "list", "elements": "str"}


def _dict(options: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {"type": "dict", **extra}
    if options is not None:
        spec["options"] = options
    return spec


def _amounts() -> dict[str, Any]:
    return _dict({"cpu": {"type": "float"}, "memory": _int()})


def container_options() -> dict[str, Any]:
    """One entry of ``containers`` (the ECNS API reference's container Type)."""
    return {
        "name": _str(required=True),
        "type": _str(choices=["worker", "init"], default="worker"),
        "image_source": _str(choices=["ecns", "third_party"]),
        "image": _dict(
            {
                "image": _str(required=True),
                "image_version": _str(required=True),
                "harbor_project_name": _str(),
                "image_pull_policy": _str(choices=["Always", "IfNotPresent"]),
                "image_auth": _bool(),
                # The name of a pull secret, not a secret value.
                "image_secret": _str(no_log=False),
            },
            required=True,
        ),
        "resources": _dict({"requests": _amounts(), "limits": _amounts()}),
        "env": _list(
            {
                "type": _str(choices=["Normal", "ConfigMap", "Secret"], default="Normal"),
                "name": _str(required=True),
                "key": _str(no_log=False),
                "value": _str(),
            }
        ),
        "volume_mounts": _list(
            {
                "volume_name": _str(required=True),
                "mount_path": _str(required=True),
                "read_only": _bool(default=False),
                "sub_path": _str(),
            }
        ),
        "logsidecar_injector": _words(),
        "health": _list(
            {
                "type": _str(choices=["liveness", "readiness", "startup"], required=True),
                "protocol": _str(choices=["http", "https", "tcp", "cmd"], required=True),
                "host": _str(),
                "path": _str(),
                "cmd": _str(),
                "port": _int(),
                "initial_delay": _int(),
                "period": _int(),
                "timeout": _int(),
                "success_threshold": _int(),
                "failure_threshold": _int(),
            },
            aliases=["probes"],
        ),
        "security": _dict(
            {
                "run_as_nonroot": _bool(),
                "rootfs_readonly": _bool(),
                "host_pid": _bool(),
                "host_ipc": _bool(),
                "run_as_user": _int(),
                "run_as_group": _int(),
                "privileged": _bool(),
                "capabilities": _dict(
                    {
                        "action": _str(choices=["add", "drop"], required=True),
                        "caps": {"type": "list", "elements": "str", "required": True},
                    }
                ),
            }
        ),
        "commands": _dict({"cmd": _words(), "args": _words()}),
        "hooks": _list({"type": _str(choices=["PreStop", "PostStart"], required=True), "cmd": _words()}),
    }


def volume_options() -> dict[str, Any]:
    """One entry of ``volumes`` (the ECNS API reference's volume Type)."""
    return {
        "name": _str(required=True),
        "type": _str(choices=["StorageClass", "PVC", "LocalStorage", "EmptyDir", "ConfigMap", "Secret"], required=True),
        "storage_class": _dict(),
        "pvc": {"type": "raw"},
        "local_storage": _str(),
        "emptydir": _str(),
        "configmap": _dict(),
        "secret": _dict(no_log=False),
    }


def access_mode_options() -> dict[str, Any]:
    """One entry of ``access_modes`` (the ECNS API reference's access_mode Type, as a request)."""
    return {
        "type": _str(choices=["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"], required=True),
        "external_name": _str(),
        "cluster_ip": _str(),
        "annotations": _dict(),
        "access": _list(
            {
                "port": _int(),
                "protocol": _str(choices=["TCP", "UDP"]),
                "node_port": _int(),
                "target_port": _int(),
                "routers": _list(),
            }
        ),
        "external": _dict(),
        "subnet": _str(),
    }


def workload_options() -> dict[str, Any]:
    """Every option of the ``workload`` module except the connection and wait ones."""
    return {
        "name": _str(required=True),
        **ecns_scope_spec(),
        "type": _str(choices=WORKLOAD_TYPES, default="Deployment"),
        "state": _str(choices=["present", "absent", "started", "stopped", "restarted"], default="present"),
        "replicas": _int(),
        "containers": _list(container_options()),
        "volumes": _list(volume_options()),
        "update_strategy": _dict(
            {
                "type": _str(choices=["first_up", "first_down", "recreate", "custom", "rolling_update", "on_delete"]),
                "batch_size": _int(),
                "max_surge": _int(),
                "max_unavailable": _int(),
                "period": _int(),
            }
        ),
        "scale_strategy": _dict(
            {
                "min_replicas": _int(),
                "max_replicas": _int(),
                "resource": _dict({"cpu": _int(), "memory": _int()}),
            }
        ),
        "scheduler_strategy": _list(
            {
                "type": _str(
                    choices=["podAffinity", "podAntiAffinity", "nodeSelector", "nodeSelectorTerms"], required=True
                ),
                "node_selector": _dict(),
                "pod_affinity": _dict(),
                "pod_anti_affinity": _dict(),
                "node_terms": _dict(),
            }
        ),
        "network": _dict(
            {
                "host_network": _bool(),
                "dns_policy": _str(choices=["ClusterFirst", "ClusterFirstWithHostNet"]),
                "host_aliases": _list({"ip": _str(required=True), "hostnames": _str()}),
            }
        ),
        "labels": _dict(),
        "access_modes": _list(access_mode_options()),
        "application": _str(),
        "application_type": _str(choices=["Normal", "Hybrid"]),
        "rollback_to": _int(),
        "delete_service": _bool(default=False),
        "force_delete": _bool(default=False),
    }


JOB_TEMPLATE_OPTIONS = (
    "completions",
    "parallelism",
    "active_deadline_seconds",
    "backoff_limit",
    "restart_policy",
    "labels",
    "runtime_class_name",
    "containers",
    "volumes",
)


def job_template_spec() -> dict[str, Any]:
    """The job Type's options of ``job`` and ``cronjob``; none has a default, so an omitted one is never compared."""
    return {
        "completions": _int(),
        "parallelism": _int(),
        "active_deadline_seconds": _int(),
        "backoff_limit": _int(),
        "restart_policy": _str(choices=["Never", "OnFailure"]),
        "labels": _dict(),
        "runtime_class_name": _str(),
        "containers": _list(container_options()),
        "volumes": _list(volume_options()),
    }
