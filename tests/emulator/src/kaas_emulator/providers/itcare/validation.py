"""Validation of the ITCare request bodies: cluster creation, deletion, load balancers.

Each function returns the problems found and the *resolved* values (defaults applied,
ids turned into catalog entries), so the views never re-derive a default. Rules that
need the current state (unique names and URLs, the cluster's region) are passed in
or checked by the views.
"""

from __future__ import annotations

import re
from typing import Any

from kaas_emulator.providers.itcare import catalog
from kaas_emulator.providers.itcare.checks import Checker, placement, service_settings
from kaas_emulator.providers.itcare.web import Problem

NAME_PATTERN = re.compile(r"[a-z0-9\-]+")
NAME_MAX = 63  # the name becomes a host-name prefix of the nodes (a DNS label)
INSTANCES_MIN, INSTANCES_MAX = 2, 12
CHANGE_REFERENCE_MAX = 10
# The API reference's pattern, possessive quantifier included (Python >= 3.11 supports it).
URL_PATTERN = re.compile(r"^(https?:\/\/)?(www\.)?[a-zA-Z][a-zA-Z0-9.-]{2,63}+$")
LB_PROFILES = ("http", "https", "tcp")
LB_HEALTHCHECKS = ("http", "https", "tcp")
_SERVICE_FIELDS = frozenset(
    {
        "area",
        "backupEnabled",
        "cloudId",
        "dbBackupPolicyId",
        "networkId",
        "noBackupProdReason",
        "noMonitoringProdReason",
        "noReplicationProdReason",
        "region",
        "regulation",
        "replicationEnabled",
        "serverBackupPolicyId",
        "serviceId",
        "supportLevel",
    }
)
CREATE_FIELDS = _SERVICE_FIELDS | {
    "az",
    "ingressProvider",
    "instanceCount",
    "name",
    "nodeSizing",
    "productCode",
}
LB_FIELDS = _SERVICE_FIELDS | {
    "certificateName",
    "healthcheck",
    "persistence",
    "portMembers",
    "profileName",
    "redirectToHttps",
    "setUpDNSEnabled",
    "sslProfile",
    "url",
    "vsPort",
}


def _network(check: Checker, area: catalog.Area | None, required: bool) -> Any:
    """The network ``networkId`` names: its id, an integer, or text.

    The API reference types ``networkId`` integer but its create example sends text
    (``"ED145"``): text is taken as the id in digits or as the network's technical id.
    """
    given = check.body.get("networkId")
    if isinstance(given, str) and given.strip():
        text = given.strip()
        named = [n for n in catalog.NETWORKS.values() if text in (str(n.id), n.technical_id)]
        if not named:
            check.fail("networkId", f"unknown network {text!r} (neither an id nor a technical id)")
            return None
        network = named[0]
    else:
        network = check.known("networkId", catalog.NETWORKS, required)
    if network is not None and area is not None and network.area != area.code:
        check.fail("networkId", f"network {network.id} is not in area {area.code}")
        return None
    return network


def validate_create(body: dict[str, Any]) -> tuple[list[Problem], dict[str, Any]]:
    """Problems of a cluster creation body and its resolved settings."""
    check = Checker(body)
    check.only(CREATE_FIELDS)
    name = check.string("name", True, pattern=NAME_PATTERN, max_length=NAME_MAX)
    count = check.integer("instanceCount", True, INSTANCES_MIN, INSTANCES_MAX)
    sizing = check.string("nodeSizing", True, catalog.NODE_SIZINGS)
    ingress = check.string("ingressProvider", True, catalog.INGRESS_PROVIDERS)
    region, area = placement(check)
    az = check.string("az")
    if az is not None and region is not None and az not in region.azs:
        check.fail("az", f"must be a zone of region {region.code}: {', '.join(region.azs)}")
    network = _network(check, area, True)
    service = check.known("serviceId", catalog.SERVICES, True)
    cloud_id = check.integer("cloudId")
    if cloud_id is not None and cloud_id not in catalog.CLOUDS:
        check.fail("cloudId", f"unknown id {cloud_id}")
    product = catalog.LATEST
    code = check.string("productCode", choices=tuple(catalog.PRODUCTS_BY_CODE))
    if code is not None:
        product = catalog.PRODUCTS_BY_CODE[code]
        if not product.orderable:
            check.fail("productCode", f"{code} is no longer on sale; it can only be upgraded")
    settings = service_settings(check, service)
    resolved = {
        "name": name,
        "instanceCount": count,
        "nodeSizing": sizing,
        "ingressProvider": ingress,
        "region": region.code if region else None,
        "area": area.code if area else None,
        "regulation": area.regulation if area else None,
        "az": az,
        "networkId": network.id if network else None,
        "serviceId": service.id if service else None,
        "cloudId": cloud_id or catalog.DEFAULT_CLOUD,
        "productCode": product.code,
        **settings,
    }
    return check.problems, resolved


def validate_delete(body: dict[str, Any]) -> tuple[list[Problem], str | None]:
    """The optional deletion body: only ``changeReference`` (at most 10 characters)."""
    check = Checker(body)
    check.only(frozenset({"changeReference"}))
    reference = check.string("changeReference", max_length=CHANGE_REFERENCE_MAX)
    return check.problems, reference


def _ports(check: Checker) -> list[int] | None:
    text = check.string("portMembers", True)
    if text is None:
        return None
    parts = [part.strip() for part in text.split(",")]
    if not all(part.isdigit() and 1 <= int(part) <= 65535 for part in parts):
        check.fail("portMembers", f"must be comma-separated ports 1-65535, got {text!r}")
        return None
    ports = [int(part) for part in parts]
    if len(set(ports)) != len(ports):
        check.fail("portMembers", "must not repeat a port")
        return None
    return ports


def _profile_rules(check: Checker, profile: str | None) -> None:
    """TCP needs ``vsPort``; certificates and HTTPS redirection are for ``https`` only."""
    vs_port = check.integer("vsPort", low=1, high=65535)
    if profile == "tcp" and vs_port is None and not check.flagged("vsPort"):
        check.fail("vsPort", "is required with profileName tcp")
    if profile in ("http", "https") and vs_port is not None:
        check.fail("vsPort", "is only allowed with profileName tcp")
    certificate = check.string("certificateName")
    ssl_profile = check.string("sslProfile")
    redirect = check.boolean("redirectToHttps")
    if profile == "https" and certificate is None and not check.flagged("certificateName"):
        check.fail("certificateName", "is required with profileName https")
    if profile in ("http", "tcp"):
        for field, value in (("certificateName", certificate), ("sslProfile", ssl_profile)):
            if value is not None:
                check.fail(field, "is only allowed with profileName https")
        if redirect:
            check.fail("redirectToHttps", "is only allowed with profileName https")


def validate_loadbalancer(
    body: dict[str, Any], cluster_region: str
) -> tuple[list[Problem], dict[str, Any]]:
    """Problems of a load-balancer body; the LB must be in the cluster's region."""
    check = Checker(body)
    check.only(LB_FIELDS)
    url = check.string("url", True, pattern=URL_PATTERN)
    profile = check.string("profileName", True, LB_PROFILES)
    healthcheck = check.string("healthcheck", True, LB_HEALTHCHECKS)
    ports = _ports(check)
    _profile_rules(check, profile)
    region, area = placement(check)
    if region is not None and region.code != cluster_region:
        check.fail("region", f"must be the cluster's region {cluster_region}")
    network = _network(check, area, False)
    service = check.known("serviceId", catalog.SERVICES, True)
    cloud_id = check.integer("cloudId")
    if cloud_id is not None and cloud_id not in catalog.CLOUDS:
        check.fail("cloudId", f"unknown id {cloud_id}")
    settings = service_settings(check, service)
    resolved = {
        "url": url,
        "profileName": profile,
        "healthcheck": healthcheck,
        "ports": ports,
        "vsPort": body.get("vsPort"),
        "certificateName": body.get("certificateName"),
        "sslProfile": body.get("sslProfile"),
        "redirectToHttps": bool(body.get("redirectToHttps")),
        "persistence": check.boolean("persistence") or False,
        "setUpDNSEnabled": check.boolean("setUpDNSEnabled") or False,
        "region": region.code if region else None,
        "area": area.code if area else None,
        "networkId": network.id if network else None,
        "serviceId": service.id if service else None,
        "cloudId": cloud_id or catalog.DEFAULT_CLOUD,
        **settings,
    }
    return check.problems, resolved
