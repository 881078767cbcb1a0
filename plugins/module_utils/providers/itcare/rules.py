# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""ITCare's documented rules, checked before any request, and the request bodies.

Only what the ITCare API reference (or ITCare's public documentation) states is checked here:
values that depend on the account's catalog (networks, services, sizings, support
levels) are left to ITCare, and check mode asks ITCare about them with a dry run.
"""

from __future__ import annotations

import re
from typing import Any

from ansible_collections.kaas.cloud.plugins.module_utils.errors import PlanError, ValidationError

NAME_PATTERN = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?")
# The name prefixes the nodes' host names, so it must fit in one DNS label.
NAME_MAX = 63
INSTANCES_MIN, INSTANCES_MAX = 2, 12
NODES_PER_REQUEST = 12
CLUSTER_NODES_MAX = 100
CHANGE_REFERENCE_MAX = 10
REASON_MAX = 255
REGULATIONS = ("HDS", "STANDARD")
PATCH_GROUPS = ("1", "2", "3")
VERSION_PATTERN = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?$")
# The API reference's own pattern; ``{2,63}+`` is a possessive quantifier, the same as greedy here.
URL_PATTERN = re.compile(r"^(https?://)?(www\.)?[a-zA-Z][a-zA-Z0-9.-]{2,63}$")
LB_PROFILES = ("http", "https", "tcp")
#: A network's technical id (``EB_1125_DMZ8``): the API reference's create example sends
#: ``"networkId": "ED145"`` where its table types the field integer (int64).
NETWORK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")

# snake_case option -> ITCare field, for the settings clusters and load balancers share.
SERVICE_FIELDS = {
    "region": "region",
    "area": "area",
    "regulation": "regulation",
    "network_id": "networkId",
    "service_id": "serviceId",
    "cloud_id": "cloudId",
    "backup_enabled": "backupEnabled",
    "replication_enabled": "replicationEnabled",
    "support_level": "supportLevel",
    "server_backup_policy_id": "serverBackupPolicyId",
    "db_backup_policy_id": "dbBackupPolicyId",
    "no_backup_prod_reason": "noBackupProdReason",
    "no_replication_prod_reason": "noReplicationProdReason",
    "no_monitoring_prod_reason": "noMonitoringProdReason",
}
CLUSTER_FIELDS = {**SERVICE_FIELDS, "az": "az", "ingress_provider": "ingressProvider"}
LB_FIELDS = {
    **SERVICE_FIELDS,
    "profile_name": "profileName",
    "healthcheck": "healthcheck",
    "port_members": "portMembers",
    "vs_port": "vsPort",
    "certificate_name": "certificateName",
    "ssl_profile": "sslProfile",
    "redirect_to_https": "redirectToHttps",
    "persistence": "persistence",
    "set_up_dns_enabled": "setUpDNSEnabled",
}
WRITE_ONLY = (
    "server_backup_policy_id",
    "db_backup_policy_id",
    "no_backup_prod_reason",
    "no_replication_prod_reason",
    "no_monitoring_prod_reason",
)


def version_key(version: Any) -> tuple[int, int] | None:
    """``(1, 29)`` for ``v1.29.10``, ``1.29`` …; ``None`` when it is not a version."""
    match = VERSION_PATTERN.match(str(version or "").strip())
    return (int(match.group(1)), int(match.group(2))) if match else None


def to_minor(version: Any) -> str | None:
    """The product version (``1.29``) a version names: ITCare upgrades by product, one per minor."""
    key = version_key(version)
    return f"{key[0]}.{key[1]}" if key else (None if version is None else str(version))


def check_name(name: Any, what: str = "cluster") -> None:
    if name is None:
        return
    if not NAME_PATTERN.fullmatch(str(name)) or len(str(name)) > NAME_MAX:
        raise ValidationError(
            f"ITCare {what} name {name!r} is invalid: use lower-case letters, digits and dashes "
            f"([a-z0-9-]+, neither first nor last a dash), at most {NAME_MAX} characters"
        )


def check_cluster(desired: dict[str, Any]) -> None:
    """Rules of the k8s_cluster options that need no request."""
    check_name(desired.get("name"))
    block = desired.get("itcare") or {}
    if desired.get("version") is not None and version_key(desired["version"]) is None:
        raise ValidationError(f"version {desired['version']!r} is not a Kubernetes version (like v1.29.10 or 1.29)")
    check_regulation(block)
    check_ids(block, "itcare")
    check_length(block, "change_reference", CHANGE_REFERENCE_MAX)
    for reason in ("no_backup_prod_reason", "no_replication_prod_reason", "no_monitoring_prod_reason"):
        check_length(block, reason, REASON_MAX)
    check_length(block, "patch_exclusion_reason", REASON_MAX)
    if block.get("patch_group") is not None and str(block["patch_group"]) not in PATCH_GROUPS:
        raise ValidationError(
            f"itcare.patch_group must be one of {', '.join(PATCH_GROUPS)}, got {block['patch_group']}"
        )
    if block.get("ha") is False:
        raise ValidationError(
            "itcare.ha cannot be false: enabling HA on ITCare is irreversible, so the collection never asks to "
            "turn it off; leave itcare.ha unset on a standard cluster"
        )
    check_service_settings("itcare", block)


def check_regulation(block: dict[str, Any]) -> None:
    regulation = block.get("regulation")
    if regulation is not None and regulation not in REGULATIONS:
        raise ValidationError(f"itcare.regulation must be HDS or STANDARD, got {regulation!r}")


def network_ref(value: Any) -> Any:
    """``networkId`` as sent and compared: a number for an id (``1125``, ``"1125"``), else the text.

    The API reference disagrees with itself: its table types ``networkId`` integer
    (int64), its create example sends ``"ED145"``. Both readings are taken: a number is
    the network's id, any other text its technical id (docs/providers/itcare.md).
    """
    if value is None or isinstance(value, (bool, int)):
        return value
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else text


def check_ids(block: dict[str, Any], prefix: str) -> None:
    """ITCare's service and cloud ids are positive numbers; a network is one too, or its technical id."""
    given = block.get("network_id")
    network = network_ref(given)
    wrong_type = given is not None and (isinstance(given, bool) or not isinstance(given, (int, str)))
    if wrong_type or (isinstance(network, str) and not NETWORK_NAME.fullmatch(network)):
        raise ValidationError(
            f"{prefix}.network_id must be an ITCare network id (a number from 1) or its technical id "
            f"(letters, digits, '_', '.', '-', like EB_1125_DMZ8), got {block['network_id']!r}"
        )
    for key, value in (
        ("network_id", network),
        ("service_id", block.get("service_id")),
        ("cloud_id", block.get("cloud_id")),
    ):
        if isinstance(value, int) and value < 1:
            raise ValidationError(f"{prefix}.{key} must be an ITCare id (a number from 1), got {value}")


def check_length(block: dict[str, Any], key: str, most: int) -> None:
    value = block.get(key)
    if value is not None and len(str(value)) > most:
        raise ValidationError(f"itcare.{key} has {len(str(value))} characters; ITCare takes at most {most}")


def check_service_settings(prefix: str, block: dict[str, Any]) -> None:
    """Backup policies only go with backup (ITCare refuses them when backup is off)."""
    if block.get("backup_enabled") is False:
        given = [k for k in ("server_backup_policy_id", "db_backup_policy_id") if block.get(k)]
        if given:
            raise ValidationError(f"{prefix}.{given[0]} only applies with backup; {prefix}.backup_enabled is false")
    if block.get("backup_enabled") is True and not block.get("server_backup_policy_id"):
        raise ValidationError(
            f"{prefix}.backup_enabled true needs {prefix}.server_backup_policy_id (the backup policy of the nodes)"
        )


def check_instance_count(count: Any) -> None:
    if count is not None and not INSTANCES_MIN <= count <= INSTANCES_MAX:
        raise ValidationError(
            f"node_count of a new ITCare cluster (instanceCount) must be between {INSTANCES_MIN} and "
            f"{INSTANCES_MAX}, got {count}; add more nodes after creation"
        )


def upgrade_path(products: list[dict[str, Any]], current: Any, wanted: Any, label: str) -> list[str]:
    """The product versions to go through, one step at a time, from ``current`` to ``wanted``.

    ITCare upgrades only to the next product of its list and never down.
    """
    listed = [p for p in products if version_key(p.get("version") or p.get("versionDetailed"))]
    listed.sort(key=lambda p: version_key(p.get("version") or p.get("versionDetailed")))
    versions = [to_minor(p.get("version") or p.get("versionDetailed")) for p in listed]
    start, goal = to_minor(current), to_minor(wanted)
    if version_key(goal) < version_key(start):
        raise PlanError(
            f"{label}: version cannot go down from {current} to {wanted}; ITCare never downgrades a cluster. "
            "Keep version at or above the current one."
        )
    if goal not in versions:
        raise PlanError(f"{label}: ITCare offers no Kubernetes {wanted}; versions it lists: {', '.join(versions)}")
    check_patch(listed, wanted, label)
    if start not in versions:
        raise PlanError(f"{label}: the cluster's version {current} is not in ITCare's list; upgrade it in ITCare")
    return versions[versions.index(start) + 1 : versions.index(goal) + 1]


def check_patch(products: list[dict[str, Any]], wanted: Any, label: str) -> None:
    """A patch given (``1.29.9``) must be the product's own (``v1.29.10``)."""
    match = VERSION_PATTERN.match(str(wanted).strip())
    if not match or match.group(3) is None:
        return
    for product in products:
        if to_minor(product.get("version") or product.get("versionDetailed")) == to_minor(wanted):
            detailed = str(product.get("versionDetailed") or "")
            if detailed and detailed.lstrip("v") != str(wanted).strip().lstrip("v"):
                raise PlanError(f"{label}: ITCare's Kubernetes {to_minor(wanted)} is {detailed}, not {wanted}")


def product_for(products: list[dict[str, Any]], version: Any, label: str) -> dict[str, Any]:
    """The orderable product of ``version``, for a new cluster."""
    check_patch(products, version, label)
    for product in products:
        if to_minor(product.get("version") or product.get("versionDetailed")) == to_minor(version):
            if product.get("orderable") is False:
                break
            return product
    orderable = [str(p.get("versionDetailed") or p.get("version")) for p in products if p.get("orderable") is not False]
    raise PlanError(
        f"{label}: ITCare does not sell Kubernetes {version} for new clusters; choose one of {', '.join(orderable)}"
    )


def api_body(block: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """The ITCare fields of the options set in a block."""
    body = {api: block[key] for key, api in mapping.items() if block.get(key) is not None}
    if "networkId" in body:
        body["networkId"] = network_ref(body["networkId"])
    return body


def check_load_balancer(desired: dict[str, Any]) -> None:
    """The load-balancer rules the API reference documents, checked before any request."""
    url = desired.get("name")
    if url is not None and not URL_PATTERN.match(str(url)):
        raise ValidationError(
            f"name {url!r} (the load balancer's url) does not match ITCare's pattern: an optional http(s):// "
            "and www., then a letter and 2 to 63 letters, digits, dots or dashes"
        )
    block = desired.get("itcare") or {}
    check_regulation(block)
    check_ids(block, "itcare")
    check_service_settings("itcare", block)
    ports = block.get("port_members")
    if ports is not None:
        port_list(ports, "itcare.port_members")
    if block.get("vs_port") is not None and not 1 <= block["vs_port"] <= 65535:
        raise ValidationError(f"itcare.vs_port must be a port (1-65535), got {block['vs_port']}")
    profile = block.get("profile_name")
    if profile == "tcp" and block.get("vs_port") is None:
        raise ValidationError("itcare.profile_name tcp needs itcare.vs_port (the port of the virtual server)")
    if profile in ("http", "https") and block.get("vs_port") is not None:
        raise ValidationError("itcare.vs_port only applies with itcare.profile_name tcp")
    if profile == "https" and not block.get("certificate_name"):
        raise ValidationError("itcare.profile_name https needs itcare.certificate_name")
    if profile in ("http", "tcp"):
        given = [k for k in ("certificate_name", "ssl_profile") if block.get(k)]
        if block.get("redirect_to_https"):
            given.append("redirect_to_https")
        if given:
            raise ValidationError(f"itcare.{given[0]} only applies with itcare.profile_name https")


def port_list(value: Any, what: str) -> str:
    """``"80,443"`` from ``"80, 443"`` or ``[80, 443]``; each a port, none repeated."""
    parts = value if isinstance(value, list) else str(value).split(",")
    ports = []
    for part in parts:
        text = str(part).strip()
        if not text.isdigit() or not 1 <= int(text) <= 65535:
            raise ValidationError(f"{what}: {text!r} is not a port (1-65535)")
        if int(text) in ports:
            raise ValidationError(f"{what}: port {text} is listed twice")
        ports.append(int(text))
    if not ports:
        raise ValidationError(f"{what} needs at least one port")
    return ",".join(str(p) for p in ports)


def lb_name(url: Any) -> str:
    """ITCare names a load balancer after its URL without scheme and ``www.``."""
    text = re.sub(r"^https?://", "", str(url or "").strip(), flags=re.IGNORECASE)
    return re.sub(r"^www\.", "", text, flags=re.IGNORECASE)
