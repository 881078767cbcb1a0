"""Static ITCare reference data: regions, areas, zones, networks, services, products.

The API reference only names these things by example (``EB``, ``EB-A``, ``EB_1125_DMZ8``,
``10.59.13.29``, ``1cpu2gb``…); a create request must reference real ones, so the
emulator ships one small fixed world built from those examples. Every value here is
listed in docs/providers/itcare-api.md so the collection's tests can rely on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Ingress providers answered by ``GET …/ingress-providers`` (an enum in the API reference).
INGRESS_PROVIDERS = ("NGINX", "TRAEFIK")
SUPPORT_LEVELS = ("BRONZE", "SILVER", "GOLD")
REGULATIONS = ("HDS", "STANDARD")
NODE_SIZINGS = (
    "1cpu2gb",
    "2cpu4gb",
    "2cpu8gb",
    "4cpu8gb",
    "4cpu16gb",
    "8cpu16gb",
    "8cpu32gb",
    "16cpu32gb",
    "16cpu64gb",
)
_SIZING = re.compile(r"^(\d+)cpu(\d+)gb$")
PATCH_GROUPS = ("1", "2", "3")
NODE_STORAGE_GB = 50
PRODUCTION = "PRODUCTION"


@dataclass(frozen=True)
class Region:
    """A region: a group of low-latency data centres."""

    code: str
    label: str
    azs: tuple[str, ...]
    areas: tuple[str, ...]


@dataclass(frozen=True)
class Area:
    """A network area of a region, with the regulation it complies with."""

    code: str
    region: str
    label: str
    regulation: str


@dataclass(frozen=True)
class Zone:
    """An availability zone and the data centre that hosts it."""

    code: str
    region: str
    label: str
    dc: str
    dc_label: str


@dataclass(frozen=True)
class Network:
    """A VLAN usable by clusters; ``prefix`` is the first three octets of its /24."""

    id: int
    region: str
    area: str
    technical_id: str
    prefix: str
    environment: str
    description: str
    default: bool


@dataclass(frozen=True)
class Service:
    """An ITCare service (the customer's application); it fixes the environment."""

    id: int
    key: str
    name: str
    environment: str


@dataclass(frozen=True)
class Product:
    """A Kubernetes version sold by ITCare (``/compute/platform/products``)."""

    code: str
    version: str
    patch: str
    released_at: str
    end_of_sales_at: str | None
    end_of_support_at: str | None
    extended_support_at: str | None

    @property
    def version_detailed(self) -> str:
        """The full version, e.g. ``v1.28.13``."""
        return f"v{self.version}.{self.patch}"

    @property
    def orderable(self) -> bool:
        """New clusters may only be created on versions still on sale."""
        return self.end_of_sales_at is None

    @property
    def support_phase(self) -> str:
        """``STANDARD`` while on sale, ``EXTENDED`` afterwards."""
        return "STANDARD" if self.orderable else "EXTENDED"


REGIONS = {
    "EB": Region("EB", "Boulogne-Billancourt", ("EB-A", "EB-B", "EB-C"), ("EB", "EBH")),
    "ET": Region("ET", "Toulouse-Labege", ("ET-A", "ET-B"), ("ET", "ETH")),
}
AREAS = {
    "EB": Area("EB", "EB", "Boulogne Standard", "STANDARD"),
    "EBH": Area("EBH", "EB", "Boulogne HDS", "HDS"),
    "ET": Area("ET", "ET", "Toulouse Standard", "STANDARD"),
    "ETH": Area("ETH", "ET", "Toulouse HDS", "HDS"),
}
ZONES = {
    "EB-A": Zone("EB-A", "EB", "Boulogne A", "EB4", "Boulogne DC4"),
    "EB-B": Zone("EB-B", "EB", "Boulogne B", "EB4", "Boulogne DC4"),
    "EB-C": Zone("EB-C", "EB", "Boulogne C", "EB5", "Boulogne DC5"),
    "ET-A": Zone("ET-A", "ET", "Toulouse A", "ET1", "Toulouse DC1"),
    "ET-B": Zone("ET-B", "ET", "Toulouse B", "ET2", "Toulouse DC2"),
}
NETWORKS = {
    n.id: n
    for n in (
        Network(1125, "EB", "EB", "EB_1125_DMZ8", "10.59.13", PRODUCTION, "DMZ 8", True),
        Network(1126, "EB", "EB", "EB_1126_APP2", "10.59.14", "DEVELOPMENT", "Apps 2", False),
        Network(1301, "EB", "EBH", "EB_1301_HDS1", "10.59.30", PRODUCTION, "HDS 1", True),
        Network(2201, "ET", "ET", "ET_2201_APP1", "10.60.1", PRODUCTION, "Apps 1", True),
        Network(2301, "ET", "ETH", "ET_2301_HDS1", "10.60.30", PRODUCTION, "HDS 1", True),
        # Room for load tests (the inventory benchmark creates hundreds of clusters of 10 nodes).
        *(
            Network(
                3000 + n,
                "EB",
                "EB",
                f"EB_{3000 + n}_LOAD{n}",
                f"10.61.{n}",
                "DEVELOPMENT",
                f"Load {n}",
                False,
            )
            for n in range(1, 13)
        ),
    )
}
SERVICES = {
    s.id: s
    for s in (
        Service(123, "DEMO-PRD", "Demo production", PRODUCTION),
        Service(124, "DEMO-QA", "Demo qualification", "QUALIFICATION"),
        Service(125, "DEMO-DEV", "Demo development", "DEVELOPMENT"),
    )
}
CLOUDS = {1: "DEMO"}
DEFAULT_CLOUD = 1
PRODUCTS = (
    Product("KUBERNETES_1_26", "1.26", "15", "2024-03-15T00:00:00Z",
            "2025-03-01T00:00:00Z", "2025-06-28T00:00:00Z", "2025-12-31T00:00:00Z"),
    Product("KUBERNETES_1_27", "1.27", "16", "2024-06-15T00:00:00Z",
            "2025-06-01T00:00:00Z", "2025-10-28T00:00:00Z", "2026-04-30T00:00:00Z"),
    Product("KUBERNETES_1_28", "1.28", "13", "2024-09-15T00:00:00Z", None,
            "2026-06-30T00:00:00Z", "2026-12-31T00:00:00Z"),
    Product("KUBERNETES_1_29", "1.29", "10", "2024-12-15T00:00:00Z", None,
            "2026-09-30T00:00:00Z", "2027-03-31T00:00:00Z"),
    Product("KUBERNETES_1_30", "1.30", "6", "2025-03-15T00:00:00Z", None,
            "2026-12-31T00:00:00Z", "2027-06-30T00:00:00Z"),
    Product("KUBERNETES_1_31", "1.31", "2", "2025-06-15T00:00:00Z", None,
            "2027-03-31T00:00:00Z", "2027-09-30T00:00:00Z"),
)  # fmt: skip
PRODUCTS_BY_CODE = {p.code: p for p in PRODUCTS}
PRODUCTS_BY_VERSION = {p.version: p for p in PRODUCTS}
LATEST = PRODUCTS[-1]
_VERSION = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?$")


def sizing_resources(sizing: str) -> tuple[int, int]:
    """(CPU count, RAM in MB) of a node sizing such as ``4cpu8gb``."""
    match = _SIZING.match(sizing)
    if match is None:
        raise ValueError(f"not a node sizing: {sizing!r}")
    return int(match.group(1)), int(match.group(2)) * 1024


def product_for_version(text: str) -> Product | None:
    """The product of ``1.29``, ``v1.29`` or ``v1.29.10`` (the patch must then match)."""
    match = _VERSION.match(text.strip())
    if match is None:
        return None
    product = PRODUCTS_BY_VERSION.get(f"{match.group(1)}.{match.group(2)}")
    if product is None or (match.group(3) is not None and match.group(3) != product.patch):
        return None
    return product


def next_product(current: Product) -> Product | None:
    """The version right after ``current`` in the product list (one upgrade step)."""
    index = PRODUCTS.index(current)
    return PRODUCTS[index + 1] if index + 1 < len(PRODUCTS) else None


def default_area(region: str, regulation: str) -> Area:
    """The area of ``region`` complying with ``regulation`` (one of each per region)."""
    return next(
        AREAS[code] for code in REGIONS[region].areas if AREAS[code].regulation == regulation
    )


def region_dcs(region: str) -> list[str]:
    """Data-centre codes of a region, in zone order, without duplicates."""
    return list(dict.fromkeys(ZONES[az].dc for az in REGIONS[region].azs))
