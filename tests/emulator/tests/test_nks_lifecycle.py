"""NKS status transitions, events, async failures, state guards, nodes and paging."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from nks_helpers import NODEGROUP_EXAMPLE, Nks, create_body

from kaas_emulator.app import create_app
from kaas_emulator.core.clock import ManualClock
from kaas_emulator.core.runtime import Emulator


@pytest.fixture
def nks(client: FlaskClient, clock: ManualClock) -> Nks:
    return Nks(client, clock)


def test_create_lasts_600_nominal_seconds(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create(ready=False)
    detail = nks.cluster(cluster)
    assert (detail["status"], detail["api_address"], detail["updated_at"]) == (
        "CREATE_IN_PROGRESS",
        None,
        None,
    )
    assert nks.events(cluster)[0]["state"] == "IN_PROGRESS"
    assert nks.events(cluster)[0]["updated_at"] is None
    clock.advance(599)
    assert nks.status(cluster) == "CREATE_IN_PROGRESS"
    clock.advance(1)
    assert nks.status(cluster) == "CREATE_COMPLETE"
    assert nks.events(cluster)[0]["state"] == "SUCCESS"


def test_time_scale_divides_durations(nks: Nks, clock: ManualClock, emu: Emulator) -> None:
    emu.time_scale = 600.0
    cluster = nks.create(ready=False)
    clock.advance(1)
    assert nks.status(cluster) == "CREATE_COMPLETE"


def test_kubeconfig_conflicts_until_created(nks: Nks) -> None:
    cluster = nks.create(ready=False)
    response = nks.get(f"/v1/clusters/{cluster}/config")
    assert response.status_code == 409
    assert nks.error(response)["detail"] == "Cluster API address is not available yet"


def test_create_failure_sets_reason_and_event(nks: Nks, clock: ManualClock) -> None:
    nks.fail_next("no capacity in kr1-pub-a", path="^/v1/clusters$")
    cluster = nks.create()
    detail = nks.cluster(cluster)
    assert (detail["status"], detail["status_reason"]) == (
        "CREATE_FAILED",
        "no capacity in kr1-pub-a",
    )
    event = nks.events(cluster)[0]
    assert (event["state"], event["contents"]) == ("FAIL", "no capacity in kr1-pub-a")
    assert nks.get(f"/v1/clusters/{cluster}/config").status_code == 409


def test_delete_then_404_and_repeated_delete_404(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create()
    assert nks.delete(f"/v1/clusters/{cluster}").status_code == 204
    assert nks.status(cluster) == "DELETE_IN_PROGRESS"
    assert nks.delete(f"/v1/clusters/{cluster}").status_code == 204  # no restart
    clock.advance(300)
    assert nks.get(f"/v1/clusters/{cluster}").status_code == 404
    response = nks.delete(f"/v1/clusters/{cluster}")
    assert response.status_code == 404
    assert nks.error(response)["detail"] == f"Cluster {cluster} could not be found."


def test_delete_failure_keeps_cluster(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create()
    nks.fail_next("stack delete failed", method="DELETE")
    nks.delete(f"/v1/clusters/{cluster}")
    clock.advance(300)
    assert (nks.status(cluster), nks.cluster(cluster)["status_reason"]) == (
        "DELETE_FAILED",
        "stack delete failed",
    )
    nks.delete(f"/v1/clusters/{cluster}")
    clock.advance(300)
    assert nks.status(cluster) == "gone"


def test_delete_during_create_fails_the_create_event(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create(ready=False)
    nks.delete(f"/v1/clusters/{cluster}")
    create, delete = nks.events(cluster)
    assert (create["state"], delete["type"]) == ("FAIL", "CLUSTER_DELETE")


def test_resize_transitions_and_nodes(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create()
    response = nks.post(
        f"/v1/clusters/{cluster}/actions/resize",
        json={"nodegroup": "default-worker", "node_count": 3},
    )
    assert response.status_code == 202
    assert nks.status(cluster) == "UPDATE_IN_PROGRESS"
    assert nks.worker(cluster)["status"] == "UPDATE_IN_PROGRESS"
    assert nks.worker(cluster)["node_count"] == 1  # applied when the operation succeeds
    clock.advance(300)
    worker = nks.worker(cluster)
    assert (worker["status"], worker["node_count"], len(worker["nodes"])) == (
        "UPDATE_COMPLETE",
        3,
        3,
    )
    assert nks.status(cluster) == "UPDATE_COMPLETE"
    assert len(set(worker["node_addresses"])) == 3
    assert nks.cluster(cluster)["node_count"] == 3
    keep, drop = worker["nodes"][0], worker["nodes"][1:]
    body = {
        "nodegroup": worker["uuid"],
        "node_count": 1,
        "nodes_to_remove": [n["uuid"] for n in drop],
    }
    nks.post(f"/v1/clusters/{cluster}/actions/resize", json=body)
    clock.advance(300)
    assert nks.worker(cluster)["nodes"] == [keep]
    resize_event = nks.events(cluster)[-1]
    assert (resize_event["type"], resize_event["resource_type"], resize_event["resource_name"]) == (
        "CLUSTER_RESIZE",
        "nodegroup",
        "default-worker",
    )


def test_scale_down_without_names_drops_newest(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create(create_body(node_count=3))
    first = nks.worker(cluster)["nodes"][0]
    nks.post(
        f"/v1/clusters/{cluster}/actions/resize",
        json={"nodegroup": "default-worker", "node_count": 1},
    )
    clock.advance(300)
    assert nks.worker(cluster)["nodes"] == [first]


@pytest.mark.parametrize(
    ("path", "body", "seconds"),
    [
        ("/actions/resize", {"nodegroup": "default-worker", "node_count": 2}, 300),
        ("/nodegroups", NODEGROUP_EXAMPLE, 300),
        ("/nodegroups/default-master/upgrade", {"version": "v1.28.3"}, 600),
        ("/nodegroups/default-worker/autoscale", {"ca_enable": "True"}, 60),
        ("/nodegroups/default-worker/userscript", {"contents": "#!/bin/sh"}, 60),
        ("/api_ep_ipacl", {"enable": "false"}, 60),
        ("/actions/update_sgw", {"ncr_sgw": "48f4ff38-d14b-4f34-a40c-705524e6a755"}, 120),
    ],
)
def test_async_error_fails_operation(
    nks: Nks, clock: ManualClock, path: str, body: dict, seconds: int
) -> None:
    cluster = nks.create(create_body({"ncr_sgw": "11111111-d14b-4f34-a40c-705524e6a755"}))
    nks.fail_next("quota exceeded")
    assert nks.post(f"/v1/clusters/{cluster}{path}", json=body).status_code == 202
    clock.advance(seconds)
    detail = nks.cluster(cluster)
    assert (detail["status"], detail["status_reason"]) == ("UPDATE_FAILED", "quota exceeded")
    event = nks.events(cluster)[-1]
    assert (event["state"], event["contents"]) == ("FAIL", "quota exceeded")


def test_failed_nodegroup_create_reason_and_cleanup(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create()
    nks.fail_next("flavor sold out")
    nks.post(f"/v1/clusters/{cluster}/nodegroups", json=NODEGROUP_EXAMPLE)
    clock.advance(300)
    group = nks.worker(cluster, "added-nodegroup")
    assert (group["status"], group["status_reason"]) == ("CREATE_FAILED", "flavor sold out")
    assert nks.status(cluster) == "UPDATE_FAILED"
    refused = nks.post(
        f"/v1/clusters/{cluster}/actions/resize",
        json={"nodegroup": "default-worker", "node_count": 2},
    )
    assert refused.status_code == 400
    assert nks.delete(f"/v1/clusters/{cluster}/nodegroups/added-nodegroup").status_code == 204
    clock.advance(180)
    assert nks.get(f"/v1/clusters/{cluster}/nodegroups/added-nodegroup").status_code == 404
    assert nks.status(cluster) == "UPDATE_COMPLETE"


def test_failed_resize_keeps_previous_values(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create()
    nks.fail_next("boom")
    nks.post(
        f"/v1/clusters/{cluster}/actions/resize",
        json={"nodegroup": "default-worker", "node_count": 4},
    )
    clock.advance(300)
    worker = nks.worker(cluster)
    assert (worker["status"], worker["node_count"], worker["status_reason"]) == (
        "UPDATE_FAILED",
        1,
        "boom",
    )


def test_updates_refused_while_in_progress(nks: Nks) -> None:
    cluster = nks.create(ready=False)
    response = nks.post(
        f"/v1/clusters/{cluster}/actions/resize",
        json={"nodegroup": "default-worker", "node_count": 2},
    )
    assert response.status_code == 400
    assert nks.error(response)["detail"] == "Cluster test-k8s already has an operation in progress."


def test_upgrade_control_plane_then_workers(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create()
    base = f"/v1/clusters/{cluster}/nodegroups"
    early = nks.post(f"{base}/default-worker/upgrade", json={"version": "v1.28.3"})
    assert early.status_code == 400 and "default-master" in nks.error(early)["detail"]
    assert (
        nks.post(f"{base}/default-master/upgrade", json={"version": "v1.28.3"}).status_code == 202
    )
    assert nks.status(cluster) == "UPDATE_IN_PROGRESS"
    clock.advance(600)
    detail = nks.cluster(cluster)
    assert (detail["labels"]["kube_tag"], detail["coe_version"]) == ("v1.28.3", "v1.28.3")
    again = nks.post(f"{base}/default-master/upgrade", json={"version": "v1.29.3"})
    assert again.status_code == 400 and "default-worker" in nks.error(again)["detail"]
    assert (
        nks.post(f"{base}/default-worker/upgrade", json={"version": "v1.28.3"}).status_code == 202
    )
    clock.advance(600)
    assert nks.worker(cluster)["labels"]["kube_tag"] == "v1.28.3"
    assert nks.events(cluster)[1]["resource_name"] == "default-master"


def test_stop_start_nodes_and_health(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create(create_body(node_count=2))
    nodes = nks.worker(cluster)["nodes"]
    path = f"/v1/clusters/{cluster}/nodegroups/default-worker"
    nks.post(f"{path}/stop_node", json={"node_list": nodes[0]["uuid"]})
    clock.advance(120)
    assert [n["status"] for n in nks.worker(cluster)["nodes"]] == ["SHUTOFF", "ACTIVE"]
    detail = nks.cluster(cluster)
    assert detail["health_status"] == "UNHEALTHY"
    assert detail["health_status_reason"][f"{nodes[0]['name']}.Ready"] == "False"
    nks.post(f"{path}/start_node", json={"node_list": nodes[0]["uuid"]})
    clock.advance(120)
    assert nks.cluster(cluster)["health_status"] == "HEALTHY"


def test_cni_change_applies_labels(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create(create_body({"cni_driver": "flannel"}))
    nks.post(
        f"/v1/clusters/{cluster}/actions/cni_update",
        json={"cni": "calico", "pod_cidr": "10.200.0.0/16"},
    )
    clock.advance(600)
    labels = nks.cluster(cluster)["labels"]
    assert (labels["cni_driver"], labels["pods_network_cidr"], labels["pods_network_subnet"]) == (
        "calico",
        "10.200.0.0/16",
        "24",
    )


def test_certificate_renewal_moves_expiry(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create()
    nks.patch(f"/v1/certificates/{cluster}", json={"term_of_validity": 2})
    clock.advance(300)
    labels = nks.cluster(cluster)["labels"]
    assert (labels["term_of_validity"], labels["certificate_expiry"]) == (
        "2",
        "2028-03-01T10:15:00+00:00",
    )


def test_default_master_is_hidden_and_forbidden(nks: Nks) -> None:
    cluster = nks.create()
    response = nks.get(f"/v1/clusters/{cluster}/nodegroups/default-master")
    assert response.status_code == 403
    assert nks.error(response)["title"] == "Access to the default-master node group is not allowed"


@pytest.mark.parametrize("name", ["default-worker", "default-master"])
def test_default_nodegroups_cannot_be_deleted(nks: Nks, name: str) -> None:
    cluster = nks.create()
    response = nks.delete(f"/v1/clusters/{cluster}/nodegroups/{name}")
    assert response.status_code == 400
    assert nks.error(response)["detail"] == "Deleting a default nodegroup is not supported."


@pytest.mark.parametrize("name", ["default-worker", "added-nodegroup"])
def test_duplicate_nodegroup_name_conflicts(nks: Nks, clock: ManualClock, name: str) -> None:
    cluster = nks.create()
    nks.post(f"/v1/clusters/{cluster}/nodegroups", json=NODEGROUP_EXAMPLE)
    clock.advance(300)
    body = {**NODEGROUP_EXAMPLE, "name": name}
    response = nks.post(f"/v1/clusters/{cluster}/nodegroups", json=body)
    assert response.status_code == 409


def test_duplicate_cluster_names_allowed_but_ambiguous(nks: Nks) -> None:
    first = nks.create()
    second = nks.create()
    response = nks.get("/v1/clusters/test-k8s")
    assert response.status_code == 409
    assert "use the cluster uuid" in nks.error(response)["detail"]
    assert nks.cluster(second)["uuid"] == second != first


def test_cluster_list_paging(nks: Nks) -> None:
    ids = [nks.create(create_body(name=f"c{i}"), ready=False) for i in range(3)]
    first = nks.get("/v1/clusters?limit=2").json
    assert [c["uuid"] for c in first["clusters"]] == ids[:2]
    assert first["next"] == (
        f"http://localhost/nks/v1/clusters?sort_key=id&sort_dir=asc&limit=2&marker={ids[1]}"
    )
    second = nks.get(first["next"].removeprefix("http://localhost/nks")).json
    assert [c["uuid"] for c in second["clusters"]] == ids[2:]
    assert "next" not in second
    assert "next" not in nks.get("/v1/clusters").json
    reverse = nks.get("/v1/clusters?sort_key=name&sort_dir=desc").json["clusters"]
    assert [c["name"] for c in reverse] == ["c2", "c1", "c0"]


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("limit=0", 400),
        ("limit=x", 400),
        ("sort_dir=up", 400),
        ("sort_key=keypair", 400),
        ("marker=00000000-0000-0000-0000-000000000000", 404),
    ],
)
def test_paging_errors(nks: Nks, query: str, status: int) -> None:
    assert nks.get(f"/v1/clusters?{query}").status_code == status


def test_events_and_nodegroups_are_paged(nks: Nks, clock: ManualClock) -> None:
    cluster = nks.create()
    nks.post(f"/v1/clusters/{cluster}/nodegroups", json=NODEGROUP_EXAMPLE)
    clock.advance(300)
    groups = nks.get(f"/v1/clusters/{cluster}/nodegroups?limit=1").json
    assert [g["name"] for g in groups["nodegroups"]] == ["default-worker"] and "next" in groups
    events = nks.get(f"/v1/clusters/{cluster}/events?limit=1&sort_dir=desc").json
    assert events["events"][0]["type"] == "NODEGROUP_CREATE" and "next" in events


def test_events_need_the_cluster_uuid(nks: Nks) -> None:
    nks.create()
    assert nks.get("/v1/clusters/test-k8s/events").status_code == 404


def test_state_file_keeps_clusters_operations_and_tokens(tmp_path, clock: ManualClock) -> None:
    state = tmp_path / "state.json"
    first = create_app(clock=clock, state_file=state).test_client()
    token = first.post(
        "/nks/identity/v2.0/tokens",
        json={
            "auth": {
                "tenantId": "demo",
                "passwordCredentials": {"username": "demo", "password": "demo"},
            }
        },
    ).json["access"]["token"]["id"]
    cluster = Nks(first, clock).create(ready=False)
    second = Nks(create_app(clock=clock, state_file=state).test_client(), clock)
    clock.advance(600)
    assert second.status(cluster) == "CREATE_COMPLETE"
    headers = {"X-Auth-Token": token}
    assert second.get("/v1/clusters", headers=headers).status_code == 200
