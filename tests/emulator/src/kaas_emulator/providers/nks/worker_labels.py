"""Validation of the labels a worker node group is built from.

Cluster creation (for ``default-worker``) and node group creation share these labels
(availability zone, boot volume, autoscaler, user script, additional networks, extra
volumes and security groups), so their rules live once here.
"""

from __future__ import annotations

from typing import Any

from kaas_emulator.providers.nks import catalog, fields

#: Keys of the cluster's labels that describe the cluster, not its worker groups.
CLUSTER_ONLY = frozenset(
    {
        "service_cluster_ip_range",
        "pods_network_cidr",
        "pods_network_subnet",
        "cni_driver",
        "ncr_sgw",
        "obs_sgw",
        "term_of_validity",
        "certificate_expiry",
    }
)
_VOLUME_KEYS = frozenset(
    {"volume_type", "volume_size", "volume_key_id", "volume_appkey", "volume_mount_path"}
)
_SG_KEYS = frozenset({"target_subnet", "security_group_ids"})


def _check_extra_volumes(value: object, problems: list[str]) -> None:
    field = "labels.extra_volumes"
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problems.append(f"{field}: must be a list of objects")
        return
    for index, item in enumerate(value):
        name = f"{field}[{index}]"
        problems.extend(f"{name}.{key}: unknown field" for key in sorted(set(item) - _VOLUME_KEYS))
        fields.check_nonempty(f"{name}.volume_type", item.get("volume_type"), problems)
        size = fields.as_int(item.get("volume_size"))
        if size is None or size < 1:
            problems.append(f"{name}.volume_size: must be a positive integer (GB)")
        path = item.get("volume_mount_path")
        if path is not None and (not isinstance(path, str) or not path.startswith("/")):
            problems.append(f"{name}.volume_mount_path: must be an absolute path")


def _check_security_groups(value: object, problems: list[str]) -> None:
    field = "labels.extra_security_groups"
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problems.append(f"{field}: must be a list of objects")
        return
    for index, item in enumerate(value):
        name = f"{field}[{index}]"
        problems.extend(f"{name}.{key}: unknown field" for key in sorted(set(item) - _SG_KEYS))
        fields.check_uuid(f"{name}.target_subnet", item.get("target_subnet"), problems)
        fields.check_uuid_list(
            f"{name}.security_group_ids", item.get("security_group_ids"), ",", problems
        )


def check(labels: dict[str, Any], problems: list[str]) -> dict[str, Any]:
    """Validate worker labels; return them normalised (``ca_*`` as label strings)."""
    for key in ("availability_zone", "boot_volume_type"):
        if key not in labels:
            problems.append(f"labels.{key}: is required")
        else:
            fields.check_nonempty(f"labels.{key}", labels[key], problems)
    if "boot_volume_size" not in labels:
        problems.append("labels.boot_volume_size: is required")
    else:
        size = fields.as_int(labels["boot_volume_size"])
        if size is None or size < 1:
            problems.append("labels.boot_volume_size: must be a positive integer (GB)")
    autoscaler = fields.check_autoscaler(labels, "labels.", True, problems)
    for key in ("user_script", "user_script_v2", "boot_volume_key_id", "boot_volume_appkey"):
        if key in labels and not isinstance(labels[key], str):
            problems.append(f"labels.{key}: must be a string")
    networks = subnets = None
    if "additional_network_id_list" in labels:
        networks = fields.check_uuid_list(
            "labels.additional_network_id_list", labels["additional_network_id_list"], ":", problems
        )
    if "additional_subnet_id_list" in labels:
        subnets = fields.check_uuid_list(
            "labels.additional_subnet_id_list", labels["additional_subnet_id_list"], ":", problems
        )
    if (networks is None) != (subnets is None) or (
        networks and subnets and len(networks) != len(subnets)
    ):
        problems.append(
            "labels.additional_subnet_id_list: must name one subnet per additional network"
        )
    if "extra_volumes" in labels:
        _check_extra_volumes(labels["extra_volumes"], problems)
    if "extra_security_groups" in labels:
        _check_security_groups(labels["extra_security_groups"], problems)
    normalised = {**labels, **autoscaler}
    if isinstance(labels.get("boot_volume_size"), int):
        normalised["boot_volume_size"] = str(labels["boot_volume_size"])
    return normalised


def for_group(labels: dict[str, Any], kube_tag: str) -> dict[str, Any]:
    """Labels stored on a worker group: defaults for unset autoscaler keys, its version."""
    group = {key: value for key, value in labels.items() if key not in CLUSTER_ONLY}
    for key, value in catalog.AUTOSCALER_DEFAULTS.items():
        group.setdefault(key, value)
    group.setdefault("user_script_v2", "")
    group.update(
        {"kube_tag": kube_tag, "ca_image": catalog.CA_IMAGE, "clusterautoscale": "nodegroupfeature"}
    )
    return group
