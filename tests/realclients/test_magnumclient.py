"""python-magnumclient 5 (the library behind ``openstack coe``) against the NKS emulator.

The client finds the API through the service catalog, sends NHN's documented bodies
and Magnum's own fields, pages with ``limit``/``marker``, sorts, and reads Magnum's
errors (the ``title`` it prints, the ``req-<uuid>`` request id).
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v3
from magnumclient import exceptions as mc_exceptions
from magnumclient.v1 import client as magnum_client

from kaas_emulator.server import EmulatorServer
from realclients import clients

pytestmark = pytest.mark.xdist_group("realclients_magnumclient")

REQUEST_ID = re.compile(r"Request-ID: req-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\)")


def wait(magnum: magnum_client.Client, ident: str, timeout: float = 30.0) -> Any:
    """The cluster once no operation runs (the emulator's time scale keeps this short)."""
    deadline = time.monotonic() + timeout
    while True:
        cluster = magnum.clusters.get(ident)
        if not cluster.status.endswith("_IN_PROGRESS") or time.monotonic() > deadline:
            return cluster
        time.sleep(0.05)


@pytest.fixture(scope="module")
def cluster(magnum: magnum_client.Client) -> str:
    """A cluster created from the API guide's example, once complete: its uuid."""
    created = magnum.clusters.create(**clients.cluster_body("mc-main"))
    assert wait(magnum, created.uuid).status == "CREATE_COMPLETE"
    return str(created.uuid)


def test_create_with_the_guides_example_then_get_by_id_and_name(magnum: magnum_client.Client, cluster: str) -> None:
    by_id = magnum.clusters.get(cluster)
    by_name = magnum.clusters.get("mc-main")
    assert by_id.uuid == by_name.uuid == cluster
    assert by_id.status == "CREATE_COMPLETE"
    assert by_id.labels["kube_tag"] == "v1.23.3"
    assert by_id.node_count == 1


def test_list_pages_with_limit_and_marker_and_sorts(magnum: magnum_client.Client) -> None:
    names = [f"mc-page-{index}" for index in range(5)]
    for name in names:
        magnum.clusters.create(**clients.cluster_body(name))
    everything = [c.name for c in magnum.clusters.list()]
    assert [n for n in everything if n.startswith("mc-page-")] == names
    # limit: the client stops after as many; marker: the page after that cluster.
    assert [c.name for c in magnum.clusters.list(limit=2)] == everything[:2]
    marker = magnum.clusters.list()[1].uuid
    assert [c.name for c in magnum.clusters.list(marker=marker, limit=2)] == everything[2:4]
    descending = [c.name for c in magnum.clusters.list(sort_key="name", sort_dir="desc")]
    assert descending == sorted(everything, reverse=True)


def test_limit_zero_is_refused_as_magnum_does(magnum: magnum_client.Client) -> None:
    """magnumclient documents ``limit=0`` as "everything" and sends it; Magnum refuses it."""
    with pytest.raises(mc_exceptions.BadRequest) as raised:
        magnum.clusters.list(limit=0)
    assert "limit" in str(raised.value)


def test_detailed_list_carries_full_clusters(magnum: magnum_client.Client, cluster: str) -> None:
    detailed = {c.uuid: c for c in magnum.clusters.list(detail=True)}
    assert detailed[cluster].api_address.startswith("https://")


def test_nodegroups_list_get_sort_and_role_filter(magnum: magnum_client.Client, cluster: str) -> None:
    groups = magnum.nodegroups.list(cluster)
    assert [g.name for g in groups] == ["default-worker"]
    assert magnum.nodegroups.get(cluster, "default-worker").role == "worker"
    assert magnum.nodegroups.get(cluster, groups[0].uuid).name == "default-worker"
    assert magnum.nodegroups.list(cluster, role="master") == []
    assert [g.name for g in magnum.nodegroups.list(cluster, role="worker", limit=1)] == ["default-worker"]
    ordered = magnum.nodegroups.list(cluster, sort_key="name", sort_dir="desc")
    assert [g.name for g in ordered] == sorted((g.name for g in ordered), reverse=True)


def test_nodegroup_create_with_magnum_fields_then_delete(magnum: magnum_client.Client) -> None:
    created = magnum.clusters.create(**clients.cluster_body("mc-groups"))
    wait(magnum, created.uuid)
    # The guide's example, then what ``openstack coe nodegroup create`` adds to it.
    group = magnum.nodegroups.create(created.uuid, **clients.NODEGROUP_EXAMPLE)
    assert group.name == "added-nodegroup"
    wait(magnum, created.uuid)
    magnum.nodegroups.create(
        created.uuid,
        **clients.nodegroup_body("cli-like", role="worker", min_node_count=0, max_node_count=None),
    )
    wait(magnum, created.uuid)
    everything = [g.name for g in magnum.nodegroups.list(created.uuid)]
    assert sorted(everything) == ["added-nodegroup", "cli-like", "default-worker"]
    # Paging node groups: limit, then the page after a marker.
    first = magnum.nodegroups.list(created.uuid, limit=1)
    assert [g.name for g in first] == everything[:1]
    after = magnum.nodegroups.list(created.uuid, marker=first[0].uuid, limit=2)
    assert [g.name for g in after] == everything[1:]
    magnum.nodegroups.delete(created.uuid, "cli-like")
    assert wait(magnum, created.uuid).status == "UPDATE_COMPLETE"
    names = sorted(g.name for g in magnum.nodegroups.list(created.uuid))
    assert names == ["added-nodegroup", "default-worker"]


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"role": "master"}, "Creating master nodegroups is currently not supported"),
        ({"role": "infra"}, "role:"),
        ({"min_node_count": 2, "node_count": 1}, "node_count: should be >= min_node_count"),
        ({"max_node_count": 1, "node_count": 2}, "node_count: should be <= max_node_count"),
        ({"min_node_count": 3, "max_node_count": 2}, "max_node_count: should be >= min_node_count"),
        ({"min_node_count": "two"}, "min_node_count: must be an integer"),
    ],
)
def test_nodegroup_magnum_rules(
    magnum: magnum_client.Client, cluster: str, changes: dict[str, Any], problem: str
) -> None:
    with pytest.raises(mc_exceptions.BadRequest) as raised:
        magnum.nodegroups.create(cluster, **clients.nodegroup_body("refused", **changes))
    assert problem in str(raised.value)


def test_resize_and_wait(magnum: magnum_client.Client) -> None:
    created = magnum.clusters.create(**clients.cluster_body("mc-resize"))
    wait(magnum, created.uuid)
    magnum.clusters.resize(created.uuid, 3, nodegroup="default-worker")
    resized = wait(magnum, created.uuid)
    assert (resized.status, resized.node_count) == ("UPDATE_COMPLETE", 3)
    nodes = magnum.nodegroups.get(created.uuid, "default-worker").nodes
    magnum.clusters.resize(created.uuid, 2, nodegroup="default-worker", nodes_to_remove=[nodes[0]["uuid"]])
    assert wait(magnum, created.uuid).node_count == 2


def test_resize_without_nodegroup_is_refused(magnum: magnum_client.Client, cluster: str) -> None:
    """NHN's guide makes ``nodegroup`` required; Magnum's default to the default worker
    group does not apply."""
    with pytest.raises(mc_exceptions.BadRequest) as raised:
        magnum.clusters.resize(cluster, 2)
    assert "nodegroup: is required" in str(raised.value)


def test_delete_by_name_and_wait_until_gone(magnum: magnum_client.Client) -> None:
    created = magnum.clusters.create(**clients.cluster_body("mc-delete"))
    wait(magnum, created.uuid)
    assert magnum.clusters.delete("mc-delete") is None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            magnum.clusters.get(created.uuid)
        except mc_exceptions.NotFound:
            return
        time.sleep(0.05)
    pytest.fail("the cluster was never deleted")


def test_errors_print_magnums_title_and_request_id(magnum: magnum_client.Client) -> None:
    with pytest.raises(mc_exceptions.NotFound) as raised:
        magnum.clusters.get("no-such-cluster")
    text = str(raised.value)
    assert text.startswith("Cluster no-such-cluster could not be found (HTTP 404)")
    assert REQUEST_ID.search(text), text


@pytest.mark.parametrize(
    ("call", "error"),
    [
        # NHN has no cluster template, quota, statistics or service API.
        (lambda m, c: m.cluster_templates.list(), mc_exceptions.NotFound),
        (lambda m, c: m.cluster_templates.get("iaas_console"), mc_exceptions.NotFound),
        (lambda m, c: m.quotas.list(), mc_exceptions.NotFound),
        (lambda m, c: m.stats.list(), mc_exceptions.NotFound),
        (lambda m, c: m.mservices.list(), mc_exceptions.NotFound),
        # Certificates: renewal (PATCH) only; clusters: no Magnum PATCH update.
        (lambda m, c: m.certificates.get(c), mc_exceptions.MethodNotAllowed),
        (
            lambda m, c: m.clusters.update(c, [{"op": "replace", "path": "/node_count", "value": 2}]),
            mc_exceptions.MethodNotAllowed,
        ),
    ],
)
def test_magnum_endpoints_nhn_lacks_are_refused(
    magnum: magnum_client.Client, cluster: str, call: Any, error: type[Exception]
) -> None:
    with pytest.raises(error) as raised:
        call(magnum, cluster)
    assert REQUEST_ID.search(str(raised.value)), raised.value


def test_nhns_catalog_type_works_too(nks_session: ks_session.Session, cluster: str) -> None:
    client = magnum_client.Client(session=nks_session, service_type="kubernetes", region_name=clients.REGION)
    assert cluster in {c.uuid for c in client.clusters.list()}


def test_raw_answers_trailing_slashes_versions_and_204(
    emulator: EmulatorServer, nks_session: ks_session.Session, cluster: str
) -> None:
    """What the clients rely on below their API: Magnum's URL and response conventions."""
    base = emulator.url + "/nks"
    headers = {"OpenStack-API-Version": "container-infra latest"}

    def get(path: str, **kwargs: Any) -> Any:
        return nks_session.get(base + path, headers=headers, raise_exc=False, **kwargs)

    for path in ("/v1/clusters/", f"/v1/clusters/{cluster}/", f"/v1/clusters/{cluster}/nodegroups/"):
        assert get(path).status_code == 200, path
    for path in ("", "/", "/v1", "/v1/"):
        answer = get(path, authenticated=False)
        assert answer.status_code == 200, path
    assert get("", authenticated=False).json()["versions"][0]["id"] == "v1"
    created = nks_session.post(base + "/v1/clusters", json=clients.cluster_body("raw-204"), headers=headers).json()[
        "uuid"
    ]
    deleted = nks_session.delete(base + f"/v1/clusters/{created}", headers=headers)
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert "Content-Type" not in deleted.headers


def test_ecns_has_no_magnum_endpoint(emulator: EmulatorServer) -> None:
    """ECNS is not a Magnum service: its catalog lists none, so magnumclient finds no endpoint."""
    auth = v3.Password(
        auth_url=clients.ecns_identity(emulator.url),
        username=clients.USER,
        password=clients.PASSWORD,
        project_name=clients.PROJECT,
        user_domain_id="default",
        project_domain_id="default",
    )
    session = ks_session.Session(auth=auth)
    with pytest.raises(RuntimeError, match="public endpoint for container-infra service not found"):
        magnum_client.Client(session=session, api_version="latest").clusters.list()
