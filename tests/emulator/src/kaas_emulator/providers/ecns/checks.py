"""Validation of workload bodies against the enums and rules of the ECNS API reference, 1.21 负载.

Each checker appends ``"<path>: <problem>"`` strings to a list, so one 400 names
every problem of a request at once, each with its place in the body
(``workloads[0].containers[1].health[0].protocol``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from kaas_emulator.core.validation import is_int

WORKLOAD_TYPES = ("Deployment", "StatefulSet", "DaemonSet")
APPLICATION_TYPES = ("Normal", "Hybrid")
CONTAINER_TYPES = ("worker", "init")
IMAGE_SOURCES = ("ecns", "third_party")
PULL_POLICIES = ("Always", "IfNotPresent")
ENV_TYPES = ("Normal", "ConfigMap", "Secret")
VOLUME_TYPES = ("StorageClass", "PVC", "LocalStorage", "EmptyDir", "ConfigMap", "Secret")
HEALTH_TYPES = ("liveness", "readiness", "startup")
HEALTH_PROTOCOLS = ("http", "https", "tcp", "cmd")
HOOK_TYPES = ("PreStop", "PostStart")
CAPABILITY_ACTIONS = ("add", "drop")
UPDATE_TYPES = ("first_up", "first_down", "recreate", "custom", "rolling_update", "on_delete")
SCHEDULER_TYPES = ("podAffinity", "podAntiAffinity", "nodeSelector", "nodeSelectorTerms")
SCHEDULER_RULES = ("node_selector", "pod_affinity", "pod_anti_affinity", "node_terms")
OPERATORS = ("In", "NotIn", "Gt", "Lt", "Exists", "DoesNotExist")
DNS_POLICIES = ("ClusterFirst", "ClusterFirstWithHostNet")
ACCESS_TYPES = ("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")
PROTOCOLS = ("TCP", "UDP")
CONFIG_TYPES = ("ConfigMap", "Secret")
# Kubernetes object names (RFC 1123 label), which ECNS workloads are.
#: Pods the emulator models per workload (it lists each one).
MAX_EMULATED_REPLICAS = 1000
_NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")

Problems = list[str]


def enum(
    problems: Problems, where: str, value: Any, allowed: Iterable[str], required: bool = True
) -> None:
    """``value`` must be one of ``allowed`` (or absent when not ``required``)."""
    allowed = tuple(allowed)
    if value is None:
        if required:
            problems.append(f"{where}: is required (one of {', '.join(allowed)})")
        return
    if value not in allowed:
        problems.append(f"{where}: {value!r} is not one of {', '.join(allowed)}")


def integer(problems: Problems, where: str, value: Any, minimum: int = 0) -> None:
    """An optional integer >= ``minimum``."""
    if value is not None and (not is_int(value) or value < minimum):
        problems.append(f"{where}: must be an integer >= {minimum}, got {value!r}")


def boolean(problems: Problems, where: str, value: Any) -> None:
    """An optional JSON boolean."""
    if value is not None and not isinstance(value, bool):
        problems.append(f"{where}: must be true or false, got {value!r}")


def text(problems: Problems, where: str, value: Any, required: bool = False) -> None:
    """A string, non-empty when ``required``."""
    if value is None:
        if required:
            problems.append(f"{where}: is required")
    elif not isinstance(value, str) or (required and not value):
        problems.append(f"{where}: must be a non-empty string, got {value!r}")


def items(problems: Problems, where: str, value: Any, kind: type = dict) -> list[Any]:
    """An optional list whose elements are of ``kind``; returns it ([] when absent/bad)."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, kind) for v in value):
        problems.append(
            f"{where}: must be a list of {'objects' if kind is dict else kind.__name__}"
        )
        return []
    return value


def obj(problems: Problems, where: str, value: Any) -> dict[str, Any]:
    """An optional JSON object; returns it ({} when absent/bad)."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(f"{where}: must be an object")
        return {}
    return value


def name(problems: Problems, where: str, value: Any) -> None:
    """A Kubernetes object name: lower-case letters, digits and dashes, at most 63."""
    if not isinstance(value, str) or not value:
        problems.append(f"{where}: is required")
    elif len(value) > 63 or not _NAME.match(value):
        problems.append(
            f"{where}: {value!r} must be at most 63 lower-case letters, digits or '-', "
            "starting and ending with a letter or digit"
        )


def workload_base(problems: Problems, where: str, base: Any, with_replicas: bool) -> None:
    """``workload_base``: name, type, and replicas (never for a DaemonSet)."""
    block = obj(problems, where, base)
    if not block:
        problems.append(f"{where}: is required")
        return
    name(problems, f"{where}.name", block.get("name"))
    enum(problems, f"{where}.type", block.get("type"), WORKLOAD_TYPES)
    replicas = block.get("replicas")
    if not with_replicas:
        return
    if block.get("type") == "DaemonSet":
        if replicas is not None:
            problems.append(
                f"{where}.replicas: must not be given for a DaemonSet (one pod per node)"
            )
    elif replicas is None:
        problems.append(f"{where}.replicas: is required for a {block.get('type') or 'workload'}")
    else:
        integer(problems, f"{where}.replicas", replicas)
        too_many(problems, f"{where}.replicas", replicas)


def too_many(problems: Problems, where: str, replicas: Any) -> None:
    """Refuse more than ``MAX_EMULATED_REPLICAS``: the emulator draws each pod."""
    if is_int(replicas) and replicas > MAX_EMULATED_REPLICAS:
        problems.append(
            f"{where}: the emulator runs at most {MAX_EMULATED_REPLICAS} replicas, got {replicas!r}"
        )


def containers(problems: Problems, where: str, value: Any) -> None:
    """A pod template's containers: at least one worker, unique names, each checked."""
    listed = items(problems, where, value)
    if value is None or (isinstance(value, list) and not value):
        problems.append(f"{where}: at least one container is required")
        return
    names = [c.get("name") for c in listed]
    for duplicate in sorted({n for n in names if isinstance(n, str) and names.count(n) > 1}):
        problems.append(f"{where}: container name {duplicate!r} is used twice")
    if listed and not any(c.get("type") == "worker" for c in listed):
        problems.append(f"{where}: at least one container must be of type worker")
    for index, container in enumerate(listed):
        _container(problems, f"{where}[{index}]", container)


def _container(problems: Problems, where: str, container: dict[str, Any]) -> None:
    name(problems, f"{where}.name", container.get("name"))
    enum(problems, f"{where}.type", container.get("type"), CONTAINER_TYPES)
    enum(
        problems,
        f"{where}.image_source",
        container.get("image_source"),
        IMAGE_SOURCES,
        required=False,
    )
    image = obj(problems, f"{where}.image", container.get("image"))
    if not image:
        problems.append(f"{where}.image: is required")
    else:
        text(problems, f"{where}.image.image", image.get("image"), required=True)
        text(problems, f"{where}.image.image_version", image.get("image_version"), required=True)
        enum(
            problems,
            f"{where}.image.image_pull_policy",
            image.get("image_pull_policy"),
            PULL_POLICIES,
            False,
        )
        boolean(problems, f"{where}.image.image_auth", image.get("image_auth"))
        if container.get("image_source") == "ecns" and not image.get("harbor_project_name"):
            problems.append(
                f"{where}.image.harbor_project_name: is required when image_source is ecns"
            )
    resources = obj(problems, f"{where}.resources", container.get("resources"))
    for part in ("requests", "limits"):
        amounts = obj(problems, f"{where}.resources.{part}", resources.get(part))
        cpu, memory = amounts.get("cpu"), amounts.get("memory")
        if cpu is not None and (
            isinstance(cpu, bool) or not isinstance(cpu, int | float) or cpu < 0
        ):
            problems.append(
                f"{where}.resources.{part}.cpu: must be a number of cores >= 0, got {cpu!r}"
            )
        integer(problems, f"{where}.resources.{part}.memory", memory)
    for index, env in enumerate(items(problems, f"{where}.env", container.get("env"))):
        _env(problems, f"{where}.env[{index}]", env)
    for index, mount in enumerate(
        items(problems, f"{where}.volume_mounts", container.get("volume_mounts"))
    ):
        text(
            problems,
            f"{where}.volume_mounts[{index}].volume_name",
            mount.get("volume_name"),
            required=True,
        )
        text(
            problems,
            f"{where}.volume_mounts[{index}].mount_path",
            mount.get("mount_path"),
            required=True,
        )
        boolean(problems, f"{where}.volume_mounts[{index}].read_only", mount.get("read_only"))
    kinds = []
    for index, health in enumerate(items(problems, f"{where}.health", container.get("health"))):
        kinds.append(health.get("type"))
        _health(problems, f"{where}.health[{index}]", health)
    for duplicate in sorted({k for k in kinds if isinstance(k, str) and kinds.count(k) > 1}):
        problems.append(f"{where}.health: only one {duplicate} check per container")
    _security(problems, f"{where}.security", container.get("security"))
    commands = obj(problems, f"{where}.commands", container.get("commands"))
    for part in ("cmd", "args"):
        items(problems, f"{where}.commands.{part}", commands.get(part), str)
    for index, hook in enumerate(items(problems, f"{where}.hooks", container.get("hooks"))):
        enum(problems, f"{where}.hooks[{index}].type", hook.get("type"), HOOK_TYPES)
        items(problems, f"{where}.hooks[{index}].cmd", hook.get("cmd"), str)
    items(problems, f"{where}.logsidecar_injector", container.get("logsidecar_injector"), str)


def _env(problems: Problems, where: str, env: dict[str, Any]) -> None:
    enum(problems, f"{where}.type", env.get("type"), ENV_TYPES)
    text(problems, f"{where}.name", env.get("name"), required=True)
    # Normal: ``key`` holds the value. ConfigMap/Secret: ``key`` names the object and
    # ``value`` the entry in it (the API reference's own, inverted-looking, convention).
    text(
        problems,
        f"{where}.key",
        env.get("key"),
        required=env.get("type") in ("ConfigMap", "Secret"),
    )
    if env.get("type") in ("ConfigMap", "Secret"):
        text(problems, f"{where}.value", env.get("value"), required=True)


def _health(problems: Problems, where: str, health: dict[str, Any]) -> None:
    enum(problems, f"{where}.type", health.get("type"), HEALTH_TYPES)
    protocol = health.get("protocol")
    enum(problems, f"{where}.protocol", protocol, HEALTH_PROTOCOLS)
    if protocol in ("http", "https") and not health.get("path"):
        problems.append(f"{where}.path: is required for an {protocol} check")
    if protocol == "cmd" and not health.get("cmd"):
        problems.append(f"{where}.cmd: is required for a cmd check")
    if protocol in ("http", "https", "tcp") and health.get("port") is None:
        problems.append(f"{where}.port: is required for a {protocol} check")
    integer(problems, f"{where}.port", health.get("port"), 1)
    for key in ("initial_delay", "period", "timeout", "success_threshold", "failure_threshold"):
        integer(problems, f"{where}.{key}", health.get(key), 0 if key == "initial_delay" else 1)
    threshold = health.get("success_threshold")
    if health.get("type") == "liveness" and threshold is not None and threshold != 1:
        problems.append(
            f"{where}.success_threshold: must be 1 for a liveness check, got {threshold!r}"
        )


def _security(problems: Problems, where: str, value: Any) -> None:
    security = obj(problems, where, value)
    for key in ("run_as_nonroot", "rootfs_readonly", "host_pid", "host_ipc", "privileged"):
        boolean(problems, f"{where}.{key}", security.get(key))
    for key in ("run_as_user", "run_as_group"):
        integer(problems, f"{where}.{key}", security.get(key))
    capabilities = security.get("capabilities")
    entries = (
        capabilities if isinstance(capabilities, list) else [capabilities] if capabilities else []
    )
    for index, entry in enumerate(entries):
        at = (
            f"{where}.capabilities[{index}]"
            if isinstance(capabilities, list)
            else f"{where}.capabilities"
        )
        block = obj(problems, at, entry)
        enum(problems, f"{at}.action", block.get("action"), CAPABILITY_ACTIONS)
        items(problems, f"{at}.caps", block.get("caps"), str)


def volumes(problems: Problems, where: str, value: Any) -> None:
    """Pod volumes: unique names, a known type, the block its type needs."""
    listed = items(problems, where, value)
    names = [v.get("name") for v in listed]
    for duplicate in sorted({n for n in names if isinstance(n, str) and names.count(n) > 1}):
        problems.append(f"{where}: volume name {duplicate!r} is used twice")
    needs = {
        "StorageClass": "storage_class",
        "PVC": "pvc",
        "LocalStorage": "local_storage",
        "ConfigMap": "configmap",
        "Secret": "secret",
    }
    for index, volume in enumerate(listed):
        at = f"{where}[{index}]"
        text(problems, f"{at}.name", volume.get("name"), required=True)
        kind = volume.get("type")
        enum(problems, f"{at}.type", kind, VOLUME_TYPES)
        block = needs.get(kind)
        if block and volume.get(block) in (None, "", {}):
            problems.append(f"{at}.{block}: is required for a {kind} volume")
        for config_key in ("configmap", "secret"):
            config = obj(problems, f"{at}.{config_key}", volume.get(config_key))
            if config:
                enum(problems, f"{at}.{config_key}.type", config.get("type"), CONFIG_TYPES)


def mounts_match_volumes(problems: Problems, where: str, listed: Any, volume_list: Any) -> None:
    """Every ``volume_mounts[].volume_name`` must name a volume of the pod."""
    known = {v.get("name") for v in volume_list or [] if isinstance(v, dict)}
    for c_index, container in enumerate(listed or []):
        if not isinstance(container, dict):
            continue
        for m_index, mount in enumerate(container.get("volume_mounts") or []):
            if isinstance(mount, dict) and mount.get("volume_name") not in known:
                problems.append(
                    f"{where}[{c_index}].volume_mounts[{m_index}].volume_name: "
                    f"no volume named {mount.get('volume_name')!r}"
                )


def update_strategy(problems: Problems, where: str, value: Any, kind: str | None) -> None:
    """Update strategy; ``on_delete`` has no meaning for a Deployment (Kubernetes rule)."""
    block = obj(problems, where, value)
    enum(problems, f"{where}.type", block.get("type"), UPDATE_TYPES, required=False)
    for key in ("batch_size", "max_surge", "max_unavailable", "period"):
        integer(problems, f"{where}.{key}", block.get(key))
    if kind == "Deployment" and block.get("type") == "on_delete":
        problems.append(
            f"{where}.type: on_delete is for StatefulSets and DaemonSets, not a Deployment"
        )


def scale_strategy(problems: Problems, where: str, value: Any) -> None:
    """Autoscaling bounds and CPU/memory targets in percent."""
    block = obj(problems, where, value)
    low, high = block.get("min_replicas"), block.get("max_replicas")
    integer(problems, f"{where}.min_replicas", low, 1)
    integer(problems, f"{where}.max_replicas", high, 1)
    if is_int(low) and is_int(high) and low > high:
        problems.append(f"{where}: min_replicas {low} is above max_replicas {high}")
    targets = obj(problems, f"{where}.resource", block.get("resource"))
    for key in ("cpu", "memory"):
        integer(problems, f"{where}.resource.{key}", targets.get(key), 1)


def scheduler_strategy(problems: Problems, where: str, value: Any) -> None:
    """Scheduling rules: a type, and expressions with a known operator."""
    for index, entry in enumerate(items(problems, where, value)):
        at = f"{where}[{index}]"
        enum(problems, f"{at}.type", entry.get("type"), SCHEDULER_TYPES)
        for rule_key in SCHEDULER_RULES:
            rule = obj(problems, f"{at}.{rule_key}", entry.get(rule_key))
            text(problems, f"{at}.{rule_key}.topology_key", rule.get("topology_key"))
            for e_index, expression in enumerate(
                items(problems, f"{at}.{rule_key}.expression", rule.get("expression"))
            ):
                e_at = f"{at}.{rule_key}.expression[{e_index}]"
                enum(
                    problems,
                    f"{e_at}.operator",
                    expression.get("operator"),
                    OPERATORS,
                    required=False,
                )
                integer(problems, f"{e_at}.weight", expression.get("weight"), 1)


def network(problems: Problems, where: str, value: Any) -> None:
    """Host network, DNS policy and host aliases."""
    block = obj(problems, where, value)
    boolean(problems, f"{where}.host_network", block.get("host_network"))
    enum(problems, f"{where}.dns_policy", block.get("dns_policy"), DNS_POLICIES, required=False)
    for index, alias in enumerate(
        items(problems, f"{where}.host_aliases", block.get("host_aliases"))
    ):
        text(problems, f"{where}.host_aliases[{index}].ip", alias.get("ip"), required=True)


def labels(problems: Problems, where: str, value: Any) -> None:
    """Labels: string keys and values."""
    if value is None:
        return
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        problems.append(f"{where}: must be an object of string values")


def access_modes(problems: Problems, where: str, value: Any) -> None:
    """Services of the workload: type, ports, protocol, and what each type needs."""
    for index, mode in enumerate(items(problems, where, value)):
        at = f"{where}[{index}]"
        kind = mode.get("type")
        enum(problems, f"{at}.type", kind, ACCESS_TYPES)
        if kind == "ExternalName":
            text(problems, f"{at}.external_name", mode.get("external_name"), required=True)
        elif not mode.get("access"):
            problems.append(f"{at}.access: at least one port is required for a {kind} access mode")
        for a_index, port in enumerate(items(problems, f"{at}.access", mode.get("access"))):
            a_at = f"{at}.access[{a_index}]"
            enum(problems, f"{a_at}.protocol", port.get("protocol"), PROTOCOLS, required=False)
            for key in ("port", "target_port"):
                integer(problems, f"{a_at}.{key}", port.get(key), 1)
            node_port = port.get("node_port")
            integer(problems, f"{a_at}.node_port", node_port, 1)
            if is_int(node_port) and not 30000 <= node_port <= 32767:
                problems.append(f"{a_at}.node_port: {node_port} is outside 30000-32767")
        labels(problems, f"{at}.annotations", mode.get("annotations"))
