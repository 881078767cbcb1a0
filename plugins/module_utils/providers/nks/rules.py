# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""NKS values and rules without HTTP: label normalisation and the input rules of the NKS API v2 guide.

NKS keeps most cluster settings as Magnum *labels*, which are strings
(``"True"``, ``"20"``, ``"id1:id2"``); users write booleans, numbers and lists.
Both sides go through the same normalisers so that they compare equal, and the
rules the API document states for names, counts and CIDRs are checked here,
before any request, so that a bad value fails with a message instead of a 400
after a token round trip.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError

NODE_COUNT_MIN = 1
NODE_COUNT_MAX = 10
POD_SUBNET_MIN = 20
POD_SUBNET_MAX = 28
# "You cannot enter a CIDR block greater than /24 (/26, /30 are not available)": the
# prefix *number* may not exceed 24.
CIDR_MAX_PREFIX = 24
LINK_LOCAL = ipaddress.ip_network("169.254.0.0/16")
NKS_INTERNAL = ipaddress.ip_network("198.18.0.0/19")
DOCKER_BRIDGE = ipaddress.ip_network("172.17.0.0/16")
# Clusters of this version or older run a Docker bridge on 172.17.0.0/16.
DOCKER_BRIDGE_UNTIL = (1, 23, 3)
CNI_DRIVERS = ("calico", "calico-ebpf", "flannel")
CNI_AT_CREATE = ("calico", "calico-ebpf")
VERSION_PATTERN = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")
DEFAULT_POD_SUBNET = 24
CNI_PATHS = ("nks.cni_driver", "nks.pods_network_cidr", "nks.pods_network_subnet")

# Block options the create request sends as labels (the others are top-level fields).
LABELS = (
    "availability_zone",
    "node_image",
    "boot_volume_type",
    "boot_volume_size",
    "boot_volume_key_id",
    "boot_volume_appkey",
    "external_network_id",
    "external_subnet_id_list",
    "master_lb_floating_ip_enabled",
    "strict_sg_rules",
    "additional_network_id_list",
    "additional_subnet_id_list",
    "service_cluster_ip_range",
    "pods_network_cidr",
    "pods_network_subnet",
    "cni_driver",
    "ncr_sgw",
    "obs_sgw",
    "term_of_validity",
)
TOP_LEVEL = ("keypair", "fixed_network", "fixed_subnet")
REQUIRED_AT_CREATE = (
    "version",
    "node_count",
    "node_size",
    "nks.keypair",
    "nks.fixed_network",
    "nks.fixed_subnet",
    "nks.availability_zone",
    "nks.node_image",
    "nks.boot_volume_type",
    "nks.boot_volume_size",
)


# -- normalisers (used on the desired value and on the API's value alike) -----------------


def empty_to_none(value: Any) -> Any:
    return None if value in ("", [], {}) else value


def to_bool(value: Any) -> Any:
    """``"True"``/``"true"``/``True`` -> ``True``; other values unchanged."""
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return empty_to_none(value)


def to_int(value: Any) -> Any:
    """``"20"`` -> ``20``; values that are not numbers are left for validation to report."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return empty_to_none(value)


def to_version(value: Any) -> Any:
    """``1.29.3`` and ``v1.29.3`` are the same version; NKS writes the ``v``."""
    if isinstance(value, str) and VERSION_PATTERN.match(value.strip()):
        return "v" + value.strip().lstrip("v")
    return empty_to_none(value)


def version_key(value: str) -> tuple[int, ...]:
    match = VERSION_PATTERN.match(value.strip())
    if not match:
        raise ValidationError(f"version {value!r} is not a Kubernetes version such as v1.29.3")
    return tuple(int(part) for part in match.groups())


def to_cidr(value: Any) -> Any:
    """The canonical text of a network (``10.100.0.0/16``), or the value as given if it is none."""
    if not isinstance(value, str) or not value:
        return empty_to_none(value)
    try:
        return str(ipaddress.ip_network(value.strip(), strict=False))
    except ValueError:
        return value


def to_lower(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) and value.strip() else empty_to_none(value)


def to_id_list(value: Any) -> Any:
    """Colon-separated ids (the API) or a list (the user) -> a sorted list; order means nothing."""
    if isinstance(value, str):
        value = value.split(":")
    if isinstance(value, (list, tuple)):
        ids = sorted(str(item).strip() for item in value if str(item).strip())
        return ids or None
    return value


def to_security_groups(value: Any) -> Any:
    """``extra_security_groups`` with ids as sorted lists, sorted by target subnet."""
    if not isinstance(value, list) or not value:
        return empty_to_none(value)
    groups = []
    for item in value:
        if not isinstance(item, dict):
            return value
        ids = item.get("security_group_ids")
        if isinstance(ids, str):
            ids = ids.split(",")
        groups.append(
            {
                "target_subnet": item.get("target_subnet"),
                "security_group_ids": sorted(str(i).strip() for i in ids or [] if str(i).strip()),
            }
        )
    return sorted(groups, key=lambda group: str(group["target_subnet"]))


#: What ``extra_volumes`` are listed by, as compared and shown.
VOLUME_ORDER = ("volume_mount_path", "volume_type", "volume_size")


def to_volumes(value: Any) -> Any:
    """``extra_volumes`` without their appkeys (secrets are never compared or shown), sizes as ints.

    Sorted by mount path, then type and size: the volumes are a set (each has its own
    mount path), which NKS may list in any order.
    """
    if not isinstance(value, list) or not value:
        return empty_to_none(value)
    volumes = []
    for item in value:
        if not isinstance(item, dict):
            return value
        volume = {k: v for k, v in item.items() if v is not None and k not in ("volume_appkey", "volume_key_id")}
        if "volume_size" in volume:
            volume["volume_size"] = to_int(volume["volume_size"])
        volumes.append(volume)
    return sorted(volumes, key=lambda v: (*(str(v.get(k) or "") for k in VOLUME_ORDER), repr(v)))


# -- rendering for the API -----------------------------------------------------------------


def label_text(value: Any) -> Any:
    """A desired value as an NKS label: booleans ``"True"``/``"False"``, numbers and lists as text."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
        return ":".join(value)
    return value


def security_groups_body(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"target_subnet": g.get("target_subnet"), "security_group_ids": ",".join(g.get("security_group_ids") or [])}
        for g in groups
    ]


def volumes_body(volumes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in volume.items() if v is not None} for volume in volumes]


# -- rules from the API document -----------------------------------------------------------


def parse_network(option: str, value: str) -> ipaddress.IPv4Network:
    """An IPv4 network from ``value``, refusing host bits and the prefixes NKS does not take."""
    try:
        network = ipaddress.ip_network(value, strict=True)
    except ValueError as error:
        try:
            loose = ipaddress.ip_network(value, strict=False)
        except ValueError:
            loose = None
        hint = f"; did you mean {loose}?" if loose is not None else " (write it as 10.100.0.0/16)"
        raise ValidationError(f"{option} {value!r} is not a network address: {error}{hint}") from None
    if network.version != 4:
        raise ValidationError(f"{option} {value!r}: NKS takes IPv4 networks only")
    if network.prefixlen > CIDR_MAX_PREFIX:
        raise ValidationError(
            f"{option} {value!r} is too small: NKS refuses prefixes longer than /{CIDR_MAX_PREFIX} "
            f"(such as /26 or /30); use /{CIDR_MAX_PREFIX} or a larger block"
        )
    return network


def check_networks(block: dict[str, Any], version: str | None) -> None:
    """The API guide's CIDR rules for ``pods_network_cidr`` and ``service_cluster_ip_range``.

    ``fixed_subnet`` is a subnet *id* in the API, so its range is not known here;
    NKS checks the overlap with it.
    """
    networks = {}
    for option in ("pods_network_cidr", "service_cluster_ip_range"):
        if block.get(option) is not None:
            networks[f"nks.{option}"] = parse_network(f"nks.{option}", block[option])
    reserved = [
        (LINK_LOCAL, "the link-local range"),
        (NKS_INTERNAL, "the range NKS uses internally"),
    ]
    if version and VERSION_PATTERN.match(version) and version_key(version) <= DOCKER_BRIDGE_UNTIL:
        reserved.append(
            (DOCKER_BRIDGE, f"the Docker bridge of clusters up to v{'.'.join(map(str, DOCKER_BRIDGE_UNTIL))}")
        )
    for option, network in networks.items():
        for taken, what in reserved:
            if network.overlaps(taken):
                raise ValidationError(f"{option} {network} overlaps {taken}, {what}; choose another range")
    if len(networks) == 2:
        first, second = list(networks)
        one, other = networks[first], networks[second]
        if one.overlaps(other):
            raise ValidationError(f"{first} {one} and {second} {other} overlap; NKS needs separate ranges")
    subnet = block.get("pods_network_subnet")
    if subnet is not None:
        check_pod_subnet("nks.pods_network_subnet", subnet, networks.get("nks.pods_network_cidr"))


def check_pod_subnet(option: str, subnet: Any, pods: ipaddress.IPv4Network | None) -> None:
    value = to_int(subnet)
    if not isinstance(value, int) or isinstance(value, bool) or not POD_SUBNET_MIN <= value <= POD_SUBNET_MAX:
        raise ValidationError(
            f"{option} must be a prefix length from {POD_SUBNET_MIN} to {POD_SUBNET_MAX}, got {subnet!r}"
        )
    if pods is not None and value < pods.prefixlen + 2:
        raise ValidationError(
            f"{option} {value} must be at least 2 more than the prefix of the pod network {pods} "
            f"(at least {pods.prefixlen + 2}), so that the network holds several node subnets"
        )


# Magnum's rule for resource names, which NKS applies (the API guide states none of its own).
NAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,241}$")


# A cluster is named in API paths by its name or its uuid.
UUID_PATTERN = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def check_reference(option: str, value: Any) -> None:
    """A cluster or node group as NKS paths name it: a uuid, or a name of NKS's pattern.

    Either keeps the value one path segment; anything else (``../x``, ``a/b``, ``?x=y``)
    is refused before any request.
    """
    if value is not None and not UUID_PATTERN.match(str(value)):
        check_name(option, value)


def check_cluster_reference(value: Any) -> None:
    check_reference("cluster", value)


def check_name(option: str, name: Any) -> None:
    if name is not None and not NAME_PATTERN.match(str(name)):
        raise ValidationError(
            f"{option} {name!r} is not a valid NKS name: start with a letter, then letters, digits, '_', '.' "
            "or '-', at most 242 characters"
        )


CERTIFICATE_PATHS = ("nks.term_of_validity", "nks.certificate_valid_days")
TERM_YEARS = (1, 5)
DEFAULT_TERM_YEARS = 5


def days_left(expiry: Any, now: float) -> int | None:
    """Whole days until ``labels.certificate_expiry`` (ISO 8601), ``None`` when unknown."""
    if not isinstance(expiry, str) or not expiry:
        return None
    try:
        moment = datetime.datetime.fromisoformat(expiry.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return int((moment.timestamp() - now) // 86400)


def lasts_long_enough(current: Any, wanted: Any) -> bool:
    """``nks.certificate_valid_days``: at least the days asked for remain (unknown never does)."""
    return current is not None and wanted is not None and current >= wanted


def check_certificate(block: dict[str, Any], current_term: Any = None) -> None:
    """The API guide's 1..5 years, and a renewal that can satisfy the days asked for."""
    term = block.get("term_of_validity")
    if term is not None and not TERM_YEARS[0] <= to_int(term) <= TERM_YEARS[1]:
        raise ValidationError(f"nks.term_of_validity must be 1 to 5 (years), got {term!r}")
    days = block.get("certificate_valid_days")
    if days is None:
        return
    years = to_int(term if term is not None else current_term) or DEFAULT_TERM_YEARS
    if not 1 <= days < years * 365:
        raise ValidationError(
            f"nks.certificate_valid_days must be from 1 to less than the {years}-year term of a renewed "
            f"certificate ({years * 365} days), got {days}"
        )


def check_cluster(desired: dict[str, Any]) -> None:
    """Every rule of the desired cluster that can be checked without the API."""
    check_name("name", desired.get("name"))
    check_reference("id", desired.get("id"))
    check_certificate(desired.get("nks") or {})
    count = desired.get("node_count")
    if count is not None and not NODE_COUNT_MIN <= count <= NODE_COUNT_MAX:
        raise ValidationError(
            f"node_count must be between {NODE_COUNT_MIN} and {NODE_COUNT_MAX} for NKS, got {count} "
            "(NHN can raise the maximum through a quota request)"
        )
    version = desired.get("version")
    if version is not None:
        version_key(version)
    block = desired.get("nks") or {}
    cni = block.get("cni_driver")
    if cni is not None and to_lower(cni) not in CNI_DRIVERS:
        raise ValidationError(f"nks.cni_driver {cni!r} is not an NKS CNI; choose one of {', '.join(CNI_DRIVERS)}")
    size = block.get("boot_volume_size")
    if size is not None and (not isinstance(to_int(size), int) or to_int(size) < 1):
        raise ValidationError(f"nks.boot_volume_size must be a size in GB, got {size!r}")
    check_networks(block, to_version(version) if version else None)


def check_no_downgrade(label: str, current: Any, wanted: str) -> None:
    if current and version_key(wanted) < version_key(current):
        raise PlanError(
            f"{label}: version cannot go down from {current} to {wanted}; NKS only "
            "upgrades. Keep version at or above the current one."
        )


def autoscaler_keeps_count(label: str, group: dict[str, Any], wanted: Any) -> str | None:
    """A warning when the group's autoscaler owns its node count; None when it is off.

    While the autoscaler is on, NKS moves ``node_count`` itself, so a task that
    sets one must not resize it back on every run. A count outside the
    autoscaler's range is a real disagreement and fails.
    """
    labels = group.get("labels") or {}
    if to_bool(labels.get("ca_enable")) is not True:
        return None
    low, high = to_int(labels.get("ca_min_node_count")), to_int(labels.get("ca_max_node_count"))
    if isinstance(low, int) and isinstance(high, int) and not low <= wanted <= high:
        raise PlanError(
            f"{label}: node_count {wanted} is outside the autoscaler's range {low}..{high} of node group "
            f"{group.get('name')!r}; change the range with kaas.cloud.autoscaler, or disable the autoscaler "
            "to set the count yourself"
        )
    return (
        f"{label}: node_count {wanted} left to the autoscaler of node group {group.get('name')!r}, which is on "
        f"(range {low}..{high}, now {group.get('node_count')} nodes); the count was not changed"
    )


def check_cni_change(label: str, view: dict[str, Any], changes: dict[str, tuple], desired: dict[str, Any]) -> None:
    """A CNI change as the API guide allows it: flannel to calico, with a new pod network for calico.

    ``pods_network_cidr``/``pods_network_subnet`` are fixed otherwise, so a change
    to them alone is refused like any immutable option.
    """
    block, current = desired.get("nks") or {}, view.get("nks") or {}
    if "nks.cni_driver" not in changes:
        moved = ", ".join(p for p in CNI_PATHS if p in changes)
        raise PlanError(
            f"{label}: {moved} cannot be changed in place except together with a CNI change from flannel "
            f"to calico (nks.cni_driver stays {current.get('cni_driver')!r}). Recreate the cluster to change it."
        )
    old, new = changes["nks.cni_driver"]
    if old != "flannel" or new != "calico":
        raise PlanError(
            f"{label}: nks.cni_driver can only change from flannel to calico; the cluster uses {old!r}, "
            f"requested {new!r}. Recreate the cluster to use another CNI."
        )
    if not block.get("pods_network_cidr") or "nks.pods_network_cidr" not in changes:
        raise ValidationError(
            f"{label}: changing the CNI to calico needs a new nks.pods_network_cidr for calico's pods, "
            f"different from the flannel network {current.get('pods_network_cidr')!r}"
        )
    pods = parse_network("nks.pods_network_cidr", block["pods_network_cidr"])
    services = current.get("service_cluster_ip_range")
    if services and pods.overlaps(ipaddress.ip_network(services, strict=False)):
        raise ValidationError(f"{label}: nks.pods_network_cidr {pods} overlaps the service network {services}")
    check_pod_subnet("nks.pods_network_subnet", block.get("pods_network_subnet", DEFAULT_POD_SUBNET), pods)


def create_body(desired: dict[str, Any]) -> dict[str, Any]:
    """``POST /v1/clusters`` from a desired state that passed ``check_cluster`` and the create checks.

    ``cluster_template_id`` and ``cert_manager_api`` take the only values the API guide
    allows; the autoscaler of the default worker group starts off (the label is
    required) and the API endpoint stays private unless asked otherwise.
    """
    block = desired.get("nks") or {}
    labels: dict[str, Any] = {
        "kube_tag": to_version(desired["version"]),
        "cert_manager_api": "True",
        "ca_enable": "False",
        "master_lb_floating_ip_enabled": "False",
    }
    for name in LABELS:
        if block.get(name) is not None:
            labels[name] = label_text(block[name])
    if block.get("user_script") is not None:
        labels["user_script_v2"] = block["user_script"]
    if block.get("extra_security_groups"):
        labels["extra_security_groups"] = security_groups_body(block["extra_security_groups"])
    if block.get("extra_volumes"):
        labels["extra_volumes"] = volumes_body(block["extra_volumes"])
    return {
        "name": desired["name"],
        "cluster_template_id": "iaas_console",
        "node_count": desired["node_count"],
        "flavor_id": desired["node_size"],
        **{name: block[name] for name in TOP_LEVEL},
        "labels": labels,
    }
