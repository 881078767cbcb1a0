"""JSON views of ITCare records, with every field the API reference lists for them.

Records keep only what cannot be derived; labels, product dates, service names and
the like are looked up in the catalog here, when rendering. A few fields the API reference's
objects lack but the collection needs (region, area, network, patch-party settings,
node sizing) are added and listed in docs/providers/itcare-api.md.
"""

from __future__ import annotations

from typing import Any

from kaas_emulator.providers.itcare import catalog, model

PRODUCT_NAME = "Kubernetes"
CLUSTER_TYPE = "KUBERNETES"
RKE2_SUFFIX = "+rke2r1"
CREATION_USER = "demo"
OS_NAME = "Ubuntu 22.04 LTS"
NODE_IMAGE = "UBUNTU-22.04-K8S"


def _common(record: dict[str, Any]) -> dict[str, Any]:
    """Fields every ITCare resource shares (service, cloud, placement labels)."""
    service = catalog.SERVICES[record["serviceId"]]
    region = catalog.REGIONS[record["region"]]
    area = catalog.AREAS[record["area"]]
    zone = catalog.ZONES.get(record.get("az") or "")
    return {
        "backupStatus": record["backupEnabled"],
        "cloudId": record["cloudId"],
        "cloudName": catalog.CLOUDS[record["cloudId"]],
        "environment": service.environment,
        "labelArea": area.label,
        "labelAvailabilityZone": zone.label if zone else None,
        "labelDataCenter": zone.dc_label if zone else None,
        "labelRegion": region.label,
        "monitoringRequested": record["supportLevel"] != "BRONZE",
        "replicationStatus": record["replicationEnabled"],
        "serviceId": service.id,
        "serviceKey": service.key,
        "serviceName": service.name,
        "supportLevel": record["supportLevel"],
    }


def _product_dates(product: catalog.Product) -> dict[str, Any]:
    return {
        "endOfSalesAt": product.end_of_sales_at,
        "endOfSupportAt": product.end_of_support_at,
        "extendedSupportAt": product.extended_support_at,
        "releasedAt": product.released_at,
        "supportPhase": product.support_phase,
    }


def cluster(record: dict[str, Any]) -> dict[str, Any]:
    """The K8s Container object of the detail (and of each list item)."""
    product = catalog.PRODUCTS_BY_CODE[record["productCode"]]
    region = catalog.REGIONS[record["region"]]
    name = record["name"]
    common = _common(record)
    service = catalog.SERVICES[record["serviceId"]]
    return {
        "allowMonitoringDisplay": True,
        "availableAZs": list(region.azs),
        "availableDCs": catalog.region_dcs(region.code),
        "backupStatus": common["backupStatus"],
        "category": "CONTAINER",
        "cloudId": common["cloudId"],
        "cloudName": common["cloudName"],
        "comment": record["comment"],
        "creationTime": record["creationTime"],
        "creationUser": CREATION_USER,
        **_product_dates(product),
        "environment": common["environment"],
        "family": "CONTAINERS",
        "id": record["id"],
        "ingressProvider": record["ingressProvider"],
        "internalResourceId": record["id"] + 900_000,
        "internalType": "K8S_CLUSTER",
        "ipAddress": record["ipAddress"],
        "label": name,
        "labelArea": common["labelArea"],
        "labelAreaList": [catalog.AREAS[code].label for code in region.areas],
        "labelAvailabilityZone": common["labelAvailabilityZone"],
        "labelDataCenter": common["labelDataCenter"],
        "labelRegion": common["labelRegion"],
        "lastKubeVersion": catalog.LATEST.version_detailed,
        "managementUrl": f"https://{name}.k8s.{region.code.lower()}.cegedim.cloud",
        "metrologyUrl": f"https://metrology.cegedim.cloud/d/k8s?var-cluster={name}",
        "monitoringRequested": common["monitoringRequested"],
        "name": name,
        "nodeCount": len(record["_nodes"]),
        "path": f"/{common['cloudName']}/{service.key}/{name}",
        "prettyLabel": f"{name} ({product.version_detailed})",
        "productCode": product.code,
        "productName": PRODUCT_NAME,
        "productVersion": product.version,
        "replicationStatus": common["replicationStatus"],
        "resourceType": CLUSTER_TYPE,
        "serviceId": common["serviceId"],
        "serviceKey": common["serviceKey"],
        "serviceName": common["serviceName"],
        "status": record["status"],
        "supportLevel": common["supportLevel"],
        "supportsHAMode": len(region.azs) >= 3,
        "technicalId": record["technicalId"],
        "technology": PRODUCT_NAME,
        "topology": record["topology"],
        "type": CLUSTER_TYPE,
        "version": product.version_detailed,
        "versionDetailed": product.version_detailed + RKE2_SUFFIX,
        # Emulator additions (not in the API reference's object), needed by the collection:
        "region": record["region"],
        "area": record["area"],
        "regulation": record["regulation"],
        "az": record["az"],
        "networkId": record["networkId"],
        "nodeSizing": record["nodeSizing"],
        "includedInPatchParty": not record["patchParty"]["excluded"],
        "patchParty": dict(record["patchParty"]),
    }


def node(record: dict[str, Any], parent: dict[str, Any]) -> dict[str, Any]:
    """The Instance object of one node (sizing and AZ included for the inventory)."""
    cpu, ram = catalog.sizing_resources(record["nodeSizing"])
    zone = catalog.ZONES[record["az"]]
    common = _common({**parent, "az": record["az"]})
    product = catalog.PRODUCTS_BY_CODE[parent["productCode"]]
    return {
        "authenticationDomain": "cegedim.cloud",
        "backupStatus": common["backupStatus"],
        "category": "INSTANCE",
        "cloudId": common["cloudId"],
        "cloudName": common["cloudName"],
        "comment": None,
        "cpu": cpu,
        "creationTime": record["creationTime"],
        "creationUser": CREATION_USER,
        **_product_dates(product),
        "environment": common["environment"],
        "family": "COMPUTE",
        "id": record["id"],
        "imageCode": NODE_IMAGE,
        "internalResourceId": record["id"] + 900_000,
        "internalType": "VIRTUAL_MACHINE",
        "ipAddress": record["ipAddress"],
        "isExternalIngressNode": record["isExternalIngressNode"],
        "isInternalIngressNode": record["isInternalIngressNode"],
        "isMemberOFLoadBalancer": record["isInternalIngressNode"] and bool(parent["_lbs"]),
        "label": record["name"],
        "labelArea": common["labelArea"],
        "labelAvailabilityZone": zone.label,
        "labelDataCenter": zone.dc_label,
        "labelRegion": common["labelRegion"],
        "metrologyUrl": f"https://metrology.cegedim.cloud/d/vm?var-host={record['name']}",
        "monitoringRequested": common["monitoringRequested"],
        "name": record["name"],
        "osName": OS_NAME,
        "osType": "LINUX",
        "parentResourceType": CLUSTER_TYPE,
        "path": f"/{common['cloudName']}/{common['serviceKey']}/{parent['name']}/{record['name']}",
        "prettyLabel": f"{record['name']} ({record['ipAddress']})",
        "productCode": "UBUNTU",
        "productName": "Ubuntu",
        "productVersion": "22.04",
        "ram": ram,
        "replicationStatus": common["replicationStatus"],
        "resourceType": "INSTANCE",
        "serviceId": common["serviceId"],
        "serviceKey": common["serviceKey"],
        "serviceName": common["serviceName"],
        "status": record["status"],
        "storage": catalog.NODE_STORAGE_GB,
        "storageMoveInProgress": False,
        "supportLevel": common["supportLevel"],
        "technology": "VMware",
        "totalSizeDisks": f"{catalog.NODE_STORAGE_GB} GB",
        "type": "VIRTUAL_MACHINE",
        # Emulator additions:
        "az": record["az"],
        "nodeSizing": record["nodeSizing"],
    }


def loadbalancer(record: dict[str, Any], parent: dict[str, Any]) -> dict[str, Any]:
    """The LoadBalancer object; its members are the cluster's ingress nodes."""
    common = _common(record)
    ingress = [n for n in parent["_nodes"].values() if n["isInternalIngressNode"]]
    persistence = record["persistence"]
    return {
        "backupStatus": common["backupStatus"],
        "botDefenseEnabled": False,
        "botDefenseUpdating": False,
        "category": "NETWORK",
        "cloudId": common["cloudId"],
        "cloudName": common["cloudName"],
        "comment": None,
        "creationTime": record["creationTime"],
        "creationUser": CREATION_USER,
        "defaultPersistence": "cookie" if persistence else None,
        "endOfSalesAt": None,
        "endOfSupportAt": None,
        "environment": common["environment"],
        "extendedSupportAt": None,
        "fallbackPersistence": "source_addr" if persistence else None,
        "family": "NETWORK",
        "id": record["id"],
        "internalResourceId": record["id"] + 900_000,
        "internalType": "F5_VIRTUAL_SERVER",
        "ipAddress": record["ipAddress"],
        "label": record["name"],
        "labelArea": common["labelArea"],
        "labelAvailabilityZone": None,
        "labelDataCenter": None,
        "labelRegion": common["labelRegion"],
        "loadBalancingMode": "round-robin",
        "metrologyUrl": None,
        "monitoringRequested": common["monitoringRequested"],
        "name": record["name"],
        "nodeCount": len(ingress),
        "path": f"/{common['cloudName']}/{common['serviceKey']}/{record['name']}",
        "prettyLabel": f"{record['name']} ({record['ipAddress']})",
        "productCode": "F5",
        "productName": "Load balancer",
        "productVersion": None,
        "releasedAt": None,
        "replicationStatus": common["replicationStatus"],
        "resourceType": "LOADBALANCER",
        "serviceId": common["serviceId"],
        "serviceKey": common["serviceKey"],
        "serviceName": common["serviceName"],
        "snatAutomap": True,
        "status": record["status"],
        "supportLevel": common["supportLevel"],
        "supportPhase": None,
        "technology": "F5",
        "type": "LOADBALANCER",
        # Emulator additions: what was asked at creation.
        "url": record["url"],
        "profileName": record["profileName"],
        "healthcheck": record["healthcheck"],
        "portMembers": record["portMembers"],
        "vsPort": record["vsPort"],
        "certificateName": record["certificateName"],
        "sslProfile": record["sslProfile"],
        "redirectToHttps": record["redirectToHttps"],
        "persistence": persistence,
        "setUpDNSEnabled": record["setUpDNSEnabled"],
        "networkId": record["networkId"],
    }


def network(state: dict[str, Any], network_id: int) -> dict[str, Any]:
    """A network object, with its free addresses as the emulator counts them."""
    net = catalog.NETWORKS[network_id]
    free = model.free_addresses(state, network_id)
    total = model.LAST_HOST - model.FIRST_HOST + 1
    return {
        "area": net.area,
        "cidr": f"{net.prefix}.0/24",
        "cloud": catalog.CLOUDS[catalog.DEFAULT_CLOUD],
        "defaultNetwork": net.default,
        "description": f"{net.description} ({net.technical_id})",
        "environment": net.environment,
        "gateway": f"{net.prefix}.1",
        "id": net.id,
        "ipAddress": f"{net.prefix}.0",
        "ipFreeNumber": free,
        "isIpRangePublic": False,
        "mask": "255.255.255.0",
        "networkShortDescription": net.description,
        "region": net.region,
        "scope": "PRIVATE",
        "shortDescription": net.description,
        "technicalId": net.technical_id,
        "usedPercent": round(100 * (total - free) / total),
    }


def product(item: catalog.Product) -> dict[str, Any]:
    """One entry of ``/compute/platform/products?type=KUBERNETES``."""
    return {
        "code": item.code,
        "name": PRODUCT_NAME,
        "type": CLUSTER_TYPE,
        "version": item.version,
        "versionDetailed": item.version_detailed,
        "orderable": item.orderable,
        **_product_dates(item),
    }


def distribution(record: dict[str, Any], kind: str) -> dict[str, Any]:
    """Nodes per AZ (``az-distribution``) or per data centre (``dc-distribution``)."""
    region = catalog.REGIONS[record["region"]]
    by_dc = kind == "dc-distribution"
    keys = catalog.region_dcs(region.code) if by_dc else list(region.azs)
    counts = dict.fromkeys(keys, 0)
    for item in record["_nodes"].values():
        zone = catalog.ZONES[item["az"]]
        counts[zone.dc if by_dc else zone.code] += 1
    labels = {
        z.dc if by_dc else z.code: z.dc_label if by_dc else z.label for z in catalog.ZONES.values()
    }
    total = sum(counts.values())
    return {
        "type": kind,
        "total": total,
        "distribution": [
            {
                "name": key,
                "label": labels[key],
                "count": count,
                "percentage": round(100 * count / total, 1) if total else 0.0,
            }
            for key, count in counts.items()
        ],
    }
