"""Run modules in-process against an in-process kaas-emulator.

``run_module`` executes a module's ``main()`` exactly as Ansible would (arguments
through ``patch_module_args``, result from the JSON it prints), so these tests
exercise argument validation, no_log handling and the full HTTP path.
"""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster
from kaas_emulator.server import EmulatorServer
from support.harness import WRITE_METHODS, Cloud, fresh_cloud, run_module

__all__ = ["ITCARE_CLUSTER_NAME", "TIME_SCALE", "Cloud", "itcare_writes", "run_module"]

TIME_SCALE = 400.0
ITCARE_TOKEN_PATH = "/auth/realms/cloud/protocol/openid-connect/token"
#: The ITCare cluster the node group and load balancer tests start from (``itcare_cluster``).
ITCARE_CLUSTER_NAME = "it-kube"
ITCARE_CLUSTER = {
    "name": ITCARE_CLUSTER_NAME,
    "node_count": 3,
    "node_size": "2cpu4gb",
    "itcare": {"region": "EB", "network_id": 1125, "service_id": 124, "ingress_provider": "NGINX"},
}


@pytest.fixture(scope="session")
def emulator():
    with EmulatorServer(time_scale=TIME_SCALE) as server:
        yield server


@pytest.fixture
def cloud(emulator, monkeypatch):
    return fresh_cloud(emulator.url, monkeypatch)


@pytest.fixture
def deployme_args(cloud):
    return {
        "provider": "deployme",
        "api_url": f"{cloud.url}/deployme",
        "auth": {"token": "demo"},
        "poll_interval": 0.2,
        "wait_timeout": 30,
    }


@pytest.fixture
def nks_args(cloud):
    """NKS through Keystone v2 with the emulator's demo credentials, so every test also signs in."""
    return {
        "provider": "nks",
        "api_url": f"{cloud.url}/nks",
        "auth": {
            "username": "demo",
            "password": "demo",
            "project_id": "demo",
            "auth_url": f"{cloud.url}/nks/identity/v2.0",
        },
        "poll_interval": 0.2,
        "wait_timeout": 30,
    }


@pytest.fixture
def itcare_args(cloud):
    """ITCare through OAuth2 client credentials with the emulator's demo client, so every test also signs in."""
    return {
        "provider": "itcare",
        "api_url": f"{cloud.url}/itcare",
        "auth": {
            "client_id": "demo",
            "client_secret": "demo",
            "auth_url": f"{cloud.url}/itcare/auth/realms/cloud/protocol/openid-connect/token",
        },
        "poll_interval": 0.2,
        "wait_timeout": 30,
    }


@pytest.fixture
def ecns_args(cloud):
    """ECNS through Keystone v3 (project scope) with the emulator's demo credentials."""
    return {
        "provider": "ecns",
        "api_url": f"{cloud.url}/ecns",
        "auth": {
            "username": "demo",
            "password": "demo",
            "project_id": "demo",
            "auth_url": f"{cloud.url}/ecns/identity/v3",
        },
        "cluster": "ecns-east",
        "poll_interval": 0.2,
        "wait_timeout": 30,
    }


@pytest.fixture
def ecns_object_args(ecns_args):
    """ECNS connection and cluster for the modules of objects ECNS creates at once (no wait options)."""
    return {k: v for k, v in ecns_args.items() if k not in ("poll_interval", "wait_timeout")}


@pytest.fixture
def itcare_cluster(cloud, itcare_args):
    """The ITCare cluster :data:`ITCARE_CLUSTER` made through ``k8s_cluster``, the request log cleared after."""
    result = run_module(k8s_cluster.main, {**itcare_args, **ITCARE_CLUSTER})
    assert result["changed"], result
    cloud.clear_log()
    return result["cluster"]


def itcare_writes(cloud):
    """(method, path, status) of the writes sent to ITCare's API; signing in is no write."""
    return [
        (r["method"], r["path"], r["status"])
        for r in cloud.requests("itcare")
        if r["method"] in WRITE_METHODS and r["path"] != ITCARE_TOKEN_PATH
    ]
