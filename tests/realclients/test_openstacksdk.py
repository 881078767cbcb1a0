"""openstacksdk 4 (``openstack.connect`` with an auth dict) against NKS and ECNS.

The sdk finds Magnum through the catalog (its ``container-infrastructure-management``
service, alias ``container-infra``) and drives clusters with its
``container_infrastructure_management`` proxy.
"""

from __future__ import annotations

from typing import Any

import openstack
import pytest
from openstack import exceptions as sdk_exceptions

from kaas_emulator.server import EmulatorServer
from realclients import clients

pytestmark = pytest.mark.xdist_group("realclients_openstacksdk")


def connect(auth_url: str, **settings: Any) -> openstack.connection.Connection:
    """A connection built from arguments only (no clouds.yaml, no OS_* variables)."""
    auth = {"auth_url": auth_url, "username": "demo", "password": "demo", "project_name": "demo"}
    auth.update(settings.pop("auth", {}))
    return openstack.connect(
        auth_type="password",
        auth=auth,
        load_yaml_config=False,
        load_envvars=False,
        api_timeout=10,
        **settings,
    )


@pytest.fixture(scope="module")
def nks(emulator: EmulatorServer) -> openstack.connection.Connection:
    return connect(clients.nks_identity(emulator.url), region_name=clients.REGION)


def test_clusters_create_list_get_find_wait_delete(nks: openstack.connection.Connection) -> None:
    cim = nks.container_infrastructure_management
    created = cim.create_cluster(**clients.cluster_body("sdk-main"))
    assert created.id
    cluster = cim.wait_for_status(
        cim.get_cluster(created.id), "CREATE_COMPLETE", failures=["CREATE_FAILED"], interval=0.05, wait=30
    )
    assert cluster.name == "sdk-main"
    assert created.id in {c.id for c in cim.clusters()}
    assert cim.find_cluster("sdk-main").name == "sdk-main"
    assert cim.find_cluster("no-such-cluster") is None
    cim.delete_cluster(created.id)
    cim.wait_for_delete(cim.get_cluster(created.id), interval=0.05, wait=30)
    with pytest.raises(sdk_exceptions.NotFoundException):
        cim.get_cluster(created.id)


def test_clusters_paging_follows_next_links(nks: openstack.connection.Connection) -> None:
    cim = nks.container_infrastructure_management
    for index in range(3):
        cim.create_cluster(**clients.cluster_body(f"sdk-page-{index}"))
    everything = [c.name for c in cim.clusters()]
    # A page size of one makes the sdk follow Magnum's ``next`` links to the end.
    assert [c.name for c in cim.clusters(limit=1)] == everything
    # The sdk's cluster resource offers no server-side sorting (``sort_key`` would be a
    # client-side filter); magnumclient and the CLI cover Magnum's sorting.


def test_cluster_templates_are_refused(nks: openstack.connection.Connection) -> None:
    """NHN has no cluster template API (only the fixed ``iaas_console``)."""
    with pytest.raises(sdk_exceptions.NotFoundException):
        list(nks.container_infrastructure_management.cluster_templates())


def test_nks_catalog_type_override(emulator: EmulatorServer) -> None:
    """A cloud configured with NHN's own ``kubernetes`` catalog type."""
    conn = connect(
        clients.nks_identity(emulator.url),
        region_name=clients.REGION,
        container_infrastructure_management_service_type="kubernetes",
    )
    assert isinstance(list(conn.container_infrastructure_management.clusters()), list)


def test_ecns_token_and_catalog(emulator: EmulatorServer) -> None:
    conn = connect(
        clients.ecns_identity(emulator.url),
        auth={"user_domain_id": "default", "project_domain_id": "default"},
    )
    assert conn.auth_token
    assert conn.current_project_id == "demo"
    endpoint = conn.session.get_endpoint(service_type="container", interface="public")
    assert endpoint == emulator.url + "/ecns"
    # ECNS is not a Magnum service: the sdk finds no container-infra endpoint in its catalog.
    with pytest.raises(sdk_exceptions.ServiceDisabledException, match="not present in the service catalog"):
        list(conn.container_infrastructure_management.clusters())
