"""The API guide's CIDR rules for ``fixed_subnet``, ``pods_network_cidr``,
``service_cluster_ip_range`` (create) and ``pod_cidr``/``pod_subnet`` (CNI change).

They are NKS rules the collection must reproduce client-side, so each problem message
names the field and the rule it breaks.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

from kaas_emulator.core.validation import is_int

Network = ipaddress.IPv4Network

LINK_LOCAL = ipaddress.IPv4Network("169.254.0.0/16")
NKS_INTERNAL = ipaddress.IPv4Network("198.18.0.0/19")
DOCKER_BIP = ipaddress.IPv4Network("172.17.0.0/16")
MAX_PREFIX = 24  # "You cannot enter a CIDR block greater than /24" (/26, /30 refused)
POD_SUBNET_MIN = 20
POD_SUBNET_MAX = 28
#: Last version whose nodes still use docker's bridge (BIP) range.
BIP_LAST_VERSION = (1, 23, 3)


def parse_cidr(field: str, value: object, problems: list[str]) -> Network | None:
    """An IPv4 network in canonical form (host bits zero) and at most /24, else a problem."""
    if not isinstance(value, str) or "/" not in value:
        problems.append(f"{field}: must be an IPv4 CIDR such as 10.100.0.0/16")
        return None
    try:
        network = ipaddress.IPv4Network(value, strict=True)
    except ValueError:
        problems.append(f"{field}: {value!r} is not a valid IPv4 network address")
        return None
    if network.prefixlen > MAX_PREFIX:
        problems.append(f"{field}: the block must be /{MAX_PREFIX} or larger, got {value}")
        return None
    return network


def check_reserved(
    field: str, network: Network, version: tuple[int, ...], problems: list[str]
) -> None:
    """Refuse overlaps with link-local, NKS-internal and (old clusters) docker's BIP."""
    reserved = [("the link-local range", LINK_LOCAL), ("the NKS internal range", NKS_INTERNAL)]
    if version and version <= BIP_LAST_VERSION:
        reserved.append(("the docker bridge range (v1.23.3 or earlier)", DOCKER_BIP))
    for label, other in reserved:
        if network.overlaps(other):
            problems.append(f"{field}: {network} overlaps {label} {other}")


def check_disjoint(named: Iterable[tuple[str, Network | None]], problems: list[str]) -> None:
    """Refuse any two of the named networks overlapping (``None`` entries are skipped)."""
    items = [(name, net) for name, net in named if net is not None]
    for index, (name, net) in enumerate(items):
        for other_name, other in items[index + 1 :]:
            if net.overlaps(other):
                problems.append(f"{name}: {net} overlaps {other_name} {other}")


def check_pod_subnet(
    field: str, value: object, pods: Network | None, problems: list[str]
) -> int | None:
    """Pod subnet size 20..28 and at least the pod network's prefix + 2; the int or None.

    NKS sends it as a string label; an integer or a string of digits is accepted.
    """
    size: int | None = None
    if is_int(value):
        size = int(value)  # type: ignore[arg-type]
    elif isinstance(value, str) and value.strip().isdigit():
        size = int(value.strip())
    if size is None or not POD_SUBNET_MIN <= size <= POD_SUBNET_MAX:
        problems.append(
            f"{field}: must be an integer between {POD_SUBNET_MIN} and {POD_SUBNET_MAX}"
        )
        return None
    if pods is not None and size < pods.prefixlen + 2:
        problems.append(
            f"{field}: must be at least the pod network prefix + 2 "
            f"(/{pods.prefixlen} + 2 = {pods.prefixlen + 2}), got {size}"
        )
        return None
    return size


def check_acl_target(value: object) -> bool:
    """True for an IPv4 address or CIDR (host bits allowed, as in ``10.10.22.3/24``)."""
    if not isinstance(value, str):
        return False
    try:
        ipaddress.IPv4Network(value, strict=False)
    except ValueError:
        return False
    return True
