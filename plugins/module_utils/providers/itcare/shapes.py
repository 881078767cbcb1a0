# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ITCare API documentation's objects that ``k8s_cluster_info`` details carry (providers/shapes.py)."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.module_utils.providers.shapes import Shape, fields

#: The "Instance object" of ``GET …/kubernetes/{id}/nodes``.
NODE: Shape = fields(
    "authenticationDomain",
    "backupStatus",
    "category",
    "cloudId",
    "cloudName",
    "comment",
    "cpu",
    "creationTime",
    "creationUser",
    "endOfSalesAt",
    "endOfSupportAt",
    "environment",
    "extendedSupportAt",
    "family",
    "id",
    "imageCode",
    "internalResourceId",
    "internalType",
    "ipAddress",
    "isExternalIngressNode",
    "isInternalIngressNode",
    "isMemberOFLoadBalancer",
    "label",
    "labelArea",
    "labelAvailabilityZone",
    "labelDataCenter",
    "labelRegion",
    "metrologyUrl",
    "monitoringRequested",
    "name",
    "osName",
    "osType",
    "parentResourceType",
    "path",
    "prettyLabel",
    "productCode",
    "productName",
    "productVersion",
    "ram",
    "releasedAt",
    "replicationStatus",
    "resourceType",
    "serviceId",
    "serviceKey",
    "serviceName",
    "status",
    "storage",
    "storageMoveInProgress",
    "supportLevel",
    "supportPhase",
    "technology",
    "totalSizeDisks",
    "type",
)
#: A network of ``GET …/kubernetes/{id}/networks``.
NETWORK: Shape = fields(
    "area",
    "cidr",
    "cloud",
    "defaultNetwork",
    "description",
    "environment",
    "gateway",
    "id",
    "ipAddress",
    "ipFreeNumber",
    "isIpRangePublic",
    "mask",
    "networkShortDescription",
    "region",
    "scope",
    "shortDescription",
    "technicalId",
    "usedPercent",
)
#: ``GET …/kubernetes/{id}/metrics?type=``: the documentation gives no body; the reading
#: the collection relies on is in docs/providers/itcare-api.md (Nodes, load balancers, metrics).
METRIC: Shape = fields("type", "total", distribution=fields("name", "label", "count", "percentage"))
