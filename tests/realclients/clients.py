"""What the real-client tests send: NHN's documented bodies and the clients' settings."""

from __future__ import annotations

from typing import Any

from kaas_emulator.providers.nks.examples import (
    CLUSTER_EXAMPLE,
    NODEGROUP_EXAMPLE,
    cluster_example,
    nodegroup_example,
)

__all__ = ["CLUSTER_EXAMPLE", "NODEGROUP_EXAMPLE"]

USER = PASSWORD = PROJECT = "demo"
REGION = "KR1"
# The example's own flavor, network and subnet, for the CLI's options.
FLAVOR = CLUSTER_EXAMPLE["flavor_id"]
NETWORK = CLUSTER_EXAMPLE["fixed_network"]
SUBNET = CLUSTER_EXAMPLE["fixed_subnet"]


def cluster_body(name: str, **changes: Any) -> dict[str, Any]:
    """The guide's cluster example under another name, with top-level ``changes``."""
    return cluster_example(name=name, **changes)


def nodegroup_body(name: str, **changes: Any) -> dict[str, Any]:
    """The guide's node group example under another name, with ``changes``."""
    return nodegroup_example(name=name, **changes)


def nks_identity(url: str) -> str:
    """NKS's Keystone v2.0 (versioned) identity URL."""
    return f"{url}/nks/identity/v2.0"


def ecns_identity(url: str) -> str:
    """ECNS's Keystone v3 (versioned) identity URL."""
    return f"{url}/ecns/identity/v3"
