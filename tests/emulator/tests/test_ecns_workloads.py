"""ECNS workloads: create, list, detail, rollout over time, every PATCH/PUT action,
revisions and rollback, batch operations and deletion (seed 1.21)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ecns_helpers import API, Ecns, workload
from flask.testing import FlaskClient

from kaas_emulator.app import create_app
from kaas_emulator.core.clock import ManualClock
from kaas_emulator.core.runtime import Emulator


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def test_create_returns_the_workload_type_with_status(ecns: Ecns) -> None:
    created = ecns.create()[0]
    assert created["workload_base"] == {"name": "web", "type": "Deployment", "replicas": 2}
    assert created["labels"] == {"k1": "v1", "k2": "v2"}
    status = created["workload_status"]
    assert (status["status"], status["ready_replicas"], status["unavailable_replicas"]) == (
        "Pending",
        1,
        1,
    )
    assert status["images"] == ["nginx:1.25"]
    mode = created["access_mode"][0]
    assert mode["name"] == "web-nodeport" and mode["access"][0]["node_port"] >= 30000
    assert mode["public_ips"] and mode["private_ips"]
    assert [p["status"] for p in created["Pods_status"]] == ["Running", "Pending"]


def test_rollout_reaches_running_with_the_clock(ecns: Ecns) -> None:
    ecns.create(workload(workload_base={"replicas": 3}, update_strategy={"type": "recreate"}))
    assert ecns.status()["ready_replicas"] == 0
    ecns.settle(10)
    assert (ecns.status()["status"], ecns.status()["ready_replicas"]) == ("Pending", 1)
    ecns.settle(20)
    status = ecns.status()
    assert (status["status"], status["ready_replicas"], status["available_replicas"]) == (
        "Running",
        3,
        3,
    )
    detail = ecns.detail()
    assert detail["conditions"][0] == {
        **detail["conditions"][0],
        "type": "Available",
        "status": "True",
    }
    assert detail["events"][0]["reason"] == "RolloutComplete"


def test_daemonset_runs_one_pod_per_worker_and_refuses_scale(ecns: Ecns) -> None:
    body = workload(
        workload_base={"name": "agent", "type": "DaemonSet"}, update_strategy={"type": "on_delete"}
    )
    del body["workload_base"]["replicas"]
    created = ecns.create(body)[0]
    assert "replicas" not in created["workload_base"]
    ecns.settle()
    assert ecns.status("agent", "DaemonSet")["ready_replicas"] == 3
    response = ecns.action("scale", {"replicas": 4}, "agent", "DaemonSet")
    assert response.status_code == 400
    assert "DaemonSet" in ecns.error(response)["message"]


def test_duplicate_name_conflicts_and_nothing_is_created(ecns: Ecns) -> None:
    ecns.create()
    response = ecns.post(
        f"{API}/workloads/",
        json={"workloads": [workload(workload_base={"name": "other"}), workload()]},
    )
    assert response.status_code == 409
    assert ecns.error(response) == {
        "message": 'Deployment "web" already exists in namespace "default"',
        "code": 409,
        "title": "Conflict",
    }
    assert ecns.get(ecns.one("other")).status_code == 404


def test_list_pages_and_filters_by_type(ecns: Ecns) -> None:
    ecns.create(*[workload(workload_base={"name": f"w{i}"}) for i in range(5)])
    ecns.create(workload(workload_base={"name": "db", "type": "StatefulSet"}))
    page = ecns.get(f"{API}/workloads/?page=2&page_size=2").json
    assert [w["workload_base"]["name"] for w in page["workloads"]] == ["w2", "w3"]
    assert (page["count"], page["page"], page["page_size"]) == (6, 2, 2)
    only = ecns.get(f"{API}/workloads/?workload_type=StatefulSet").json["workloads"]
    assert [w["workload_base"]["name"] for w in only] == ["db"]
    assert only[0]["Pods_status"][0]["name"] == "db-0"


def test_scale_changes_replicas_without_a_revision(ecns: Ecns) -> None:
    ecns.create()
    ecns.settle()
    response = ecns.action("scale", {"replicas": 4})
    assert response.status_code == 200
    assert response.json["workload"]["workload_base"]["replicas"] == 4
    assert response.json["workload"]["workload_status"]["status"] == "Pending"
    ecns.settle()
    assert ecns.status()["ready_replicas"] == 4
    assert [r["version"] for r in ecns.detail()["revisions"]] == [1]


def test_containers_change_makes_a_revision_and_rollback_restores_it(ecns: Ecns) -> None:
    ecns.create()
    ecns.settle()
    containers = ecns.get(
        f"{API}/workloads/workload/web/containers/?workload_type=Deployment"
    ).json["containers"]
    assert containers[0]["container_statuses"] == "Running"
    changed = [{k: v for k, v in c.items() if k != "container_statuses"} for c in containers]
    changed[0]["image"]["image_version"] = "1.26"
    assert ecns.action("containers", {"containers": changed}).status_code == 200
    assert ecns.status()["status"] == "Pending"
    revisions = ecns.get(f"{API}/workloads/workload/web/revisions/?workload_type=Deployment").json[
        "revisions"
    ]
    assert [(r["version"], r["image"][0]["image_version"]) for r in revisions] == [
        (1, "1.25"),
        (2, "1.26"),
    ]
    # The same template again is no new revision.
    assert ecns.action("containers", {"containers": changed}).status_code == 200
    assert len(ecns.detail()["revisions"]) == 2
    yaml = ecns.get(f"{API}/workloads/workload/web/revision/1/yaml/?workload_type=Deployment")
    assert yaml.status_code == 200 and '"image": "nginx:1.25"' in yaml.get_data(as_text=True)
    ecns.settle()
    response = ecns.action("rollback", {"target_version": "1"})
    assert response.status_code == 200
    assert response.json["workload"]["workload_status"]["current_revision"] == 1
    assert response.json["workload"]["workload_status"]["images"] == ["nginx:1.25"]
    assert ecns.detail()["events"][0]["reason"] == "Rollback"


def test_revision_delete_single_and_batch_but_never_the_current(ecns: Ecns) -> None:
    ecns.create()
    for version in ("1.26", "1.27", "1.28"):
        containers = ecns.detail()["workload"]["containers"]
        for c in containers:
            c.pop("container_statuses")
            c["image"]["image_version"] = version
        ecns.action("containers", {"containers": containers})
    base = f"{API}/workloads/workload/web/revisions/?workload_type=Deployment"
    assert ecns.delete(base + "&history_version=4").status_code == 409
    assert ecns.delete(base + "&history_version=1").status_code == 200
    assert (
        ecns.delete(base, json={"revisions": [{"version": 2}, {"version": 3}]}).status_code == 200
    )
    assert [r["version"] for r in ecns.detail()["revisions"]] == [4]
    assert ecns.delete(base + "&history_version=1").status_code == 404


@pytest.mark.parametrize(
    ("action", "body", "read"),
    [
        ("labels", {"labels": {"tier": "web"}}, "labels"),
        (
            "network",
            {"network": {"host_network": True, "dns_policy": "ClusterFirstWithHostNet"}},
            "network",
        ),
        (
            "scale_strategy",
            {"scale_strategy": {"min_replicas": 1, "max_replicas": 3}},
            "scale_strategy",
        ),
        ("update_strategy", {"update_strategy": {"type": "recreate"}}, "update_strategy"),
        (
            "scheduler_strategy",
            {"scheduler_strategy": [{"type": "nodeSelector", "node_selector": {"expression": []}}]},
            "scheduler_strategy",
        ),
    ],
)
def test_each_patch_action_changes_only_its_part(
    ecns: Ecns, action: str, body: dict, read: str
) -> None:
    ecns.create()
    before = ecns.detail()["workload"]
    response = ecns.action(action, body)
    assert response.status_code == 200, response.json
    after = response.json["workload"]
    assert after[read] == body[action]
    for key in (
        "labels",
        "network",
        "scale_strategy",
        "update_strategy",
        "scheduler_strategy",
        "containers",
    ):
        if key != read:
            assert after[key] == before[key], key
    assert [r["version"] for r in ecns.detail()["revisions"]] == [1]


def test_get_strategy_and_network_endpoints(ecns: Ecns) -> None:
    ecns.create()
    for key in ("scale_strategy", "scheduler_strategy", "network"):
        answer = ecns.get(f"{API}/workloads/workload/web/{key}?workload_type=Deployment")
        assert answer.status_code == 200
        assert answer.json == {key: workload()[key]}


def test_access_modes_replace_the_services(ecns: Ecns) -> None:
    ecns.create()
    modes = [{"type": "ClusterIP", "access": [{"port": 8080}]}]
    assert ecns.action("access_modes", {"access_modes": modes}).status_code == 200
    access = ecns.get(f"{API}/workloads/workload/web/access/?workload_type=Deployment").json[
        "access_mod"
    ]
    assert [(m["type"], m["name"], m["access"][0]["target_port"]) for m in access] == [
        ("ClusterIP", "web-clusterip", 8080)
    ]


def test_stop_start_recreate_single(ecns: Ecns) -> None:
    ecns.create()
    ecns.settle()
    one = f"{API}/workloads/workload/web/?workload_type=Deployment&action="
    assert ecns.put(one + "stop").status_code == 200
    status = ecns.status()
    assert (status["status"], status["ready_replicas"]) == ("Stopped", 0)
    assert ecns.detail()["workload"]["workload_base"]["replicas"] == 2
    assert ecns.put(one + "start").status_code == 200
    assert ecns.status()["status"] == "Pending"
    ecns.settle()
    assert ecns.status()["status"] == "Running"
    assert ecns.put(one + "recreate").status_code == 200
    assert ecns.status()["status"] == "Pending"
    assert len(ecns.detail()["revisions"]) == 1
    assert ecns.put(one + "explode").status_code == 400


def test_batch_start_stop_attach_detach(ecns: Ecns) -> None:
    ecns.create(workload(), workload(workload_base={"name": "api"}))
    bases = {
        "workloads_base": [
            {"name": "web", "type": "Deployment"},
            {"name": "api", "type": "Deployment"},
        ]
    }
    assert ecns.put(f"{API}/workloads/?action=stop", json=bases).status_code == 200
    assert {ecns.status(n)["status"] for n in ("web", "api")} == {"Stopped"}
    assert (
        ecns.put(
            f"{API}/workloads/?action=attach", json={**bases, "application_name": "shop"}
        ).status_code
        == 200
    )
    assert ecns.status("api")["owner"] == "shop"
    refused = ecns.put(
        f"{API}/workloads/?action=detach", json={**bases, "application_name": "other"}
    )
    assert refused.status_code == 409
    assert (
        ecns.put(
            f"{API}/workloads/?action=detach", json={**bases, "application_name": "shop"}
        ).status_code
        == 200
    )
    assert ecns.status("api")["owner"] == ""
    assert ecns.put(f"{API}/workloads/?action=recreate", json=bases).status_code == 200
    assert ecns.put(f"{API}/workloads/?action=start", json=bases).status_code == 200
    ecns.settle()
    assert {ecns.status(n)["status"] for n in ("web", "api")} == {"Running"}


def test_batch_delete_is_removing_then_gone_and_force_is_immediate(ecns: Ecns) -> None:
    ecns.create(workload(), workload(workload_base={"name": "api"}))
    body = {"workloads_base": [{"name": "web", "type": "Deployment"}], "delete_service": True}
    assert ecns.delete(f"{API}/workloads/", json=body).status_code == 200
    assert ecns.status()["status"] == "Removing"
    assert ecns.detail()["workload"]["access_mode"] == []
    assert ecns.action("scale", {"replicas": 1}).status_code == 409
    ecns.settle(15)
    assert ecns.get(ecns.one()).status_code == 404
    forced = {"workloads_base": [{"name": "api", "type": "Deployment"}], "force_delete": True}
    assert ecns.delete(f"{API}/workloads/", json=forced).status_code == 200
    assert ecns.get(ecns.one("api")).status_code == 404


def test_async_failure_marks_the_workload_failed(ecns: Ecns, client: FlaskClient) -> None:
    client.post(
        "/_emulator/faults",
        json={"provider": "ecns", "method": "POST", "async_error": "image pull failed"},
    )
    ecns.create()
    ecns.settle()
    detail = ecns.detail()
    assert detail["workload"]["workload_status"]["status"] == "Failed"
    assert detail["conditions"][1]["message"] == "image pull failed"
    assert detail["events"][0]["type"] == "Warning"


def test_namespace_switch_scopes_the_workloads(ecns: Ecns) -> None:
    ecns.create()
    switched = ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/apps/")
    assert switched.json == {
        "ecns_cluster_addr": "https://10.0.0.10:6443",
        "ecns_cluster_type": "EKS",
        "ecns_project_id": "demo",
        "ecns_current_ns": ["apps"],
        "ecns_cluster_name": "ecns-east",
    }
    assert ecns.get(f"{API}/workloads/").json["workloads"] == []
    assert ecns.get(ecns.one()).status_code == 404
    assert ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/nope/").status_code == 404
    ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/default/")
    assert ecns.get(ecns.one()).status_code == 200


def test_security_product_defaults_the_runtime_class(ecns: Ecns) -> None:
    response = ecns.post("/api/ecns/security/workloads/", json={"workloads": [workload()]})
    assert response.json["workloads"][0]["runtime_class_name"] == "rune"
    assert ecns.get("/api/ecns/other/workloads/").status_code == 404


def test_workloads_and_rollouts_survive_a_restart(tmp_path: Path, clock: ManualClock) -> None:
    path = tmp_path / "cloud.json"
    first = Ecns(create_app(clock=clock, state_file=path).test_client(), clock)
    first.create(workload(workload_base={"replicas": 3}))
    containers = [
        {k: v for k, v in c.items() if k != "container_statuses"}
        for c in first.detail()["workload"]["containers"]
    ]
    containers[0]["image"]["image_version"] = "1.26"
    first.action("containers", {"containers": containers})
    second = Ecns(create_app(clock=clock, state_file=path).test_client(), clock)
    assert second.status()["status"] == "Pending"
    second.settle()
    assert second.status()["status"] == "Running"
    assert [r["version"] for r in second.detail()["revisions"]] == [1, 2]


def test_sessions_of_expired_tokens_are_dropped(
    client: FlaskClient, clock: ManualClock, emu: Emulator
) -> None:
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"name": "demo", "password": "demo"}},
            },
            "scope": {"project": {"id": "demo"}},
        }
    }
    token = client.post("/ecns/identity/v3/auth/tokens", json=body).headers["X-Subject-Token"]
    client.get(
        f"/ecns{API}/namespace/demo/cluster/ecns-east/ns/apps/", headers={"X-Auth-Token": token}
    )
    assert token in emu.store.snapshot()["ecns"]["sessions"]
    clock.advance(13 * 3600)  # past the token's 12 h lifetime
    client.post("/ecns/identity/v3/auth/tokens", json=body)  # issuing prunes expired tokens
    client.get(f"/ecns{API}/workloads/", headers={"X-Auth-Token": "demo"})
    assert token not in emu.store.snapshot()["ecns"]["sessions"]


def test_the_log_notes_the_scope_and_a_new_token_starts_in_default(client: FlaskClient) -> None:
    body = {
        "auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {"name": "demo", "password": "demo"}},
            },
            "scope": {"project": {"id": "demo"}},
        }
    }

    def token() -> dict[str, str]:
        issued = client.post("/ecns/identity/v3/auth/tokens", json=body)
        return {"X-Auth-Token": issued.headers["X-Subject-Token"]}

    first = token()
    client.get(f"/ecns{API}/namespace/demo/cluster/ecns-east/ns/apps/", headers=first)
    client.post(
        "/_emulator/faults", json={"provider": "ecns", "path": "/workloads/$", "revoke": True}
    )
    assert client.get(f"/ecns{API}/workloads/", headers=first).status_code == 401
    assert client.get(f"/ecns{API}/workloads/", headers=first).status_code == 401
    assert client.get(f"/ecns{API}/workloads/", headers=token()).status_code == 200
    logged = [
        (entry["fault"], entry["status"], entry.get("scope"))
        for entry in client.get("/_emulator/requests").json["requests"]
        if entry["path"].endswith("/workloads/")
    ]
    # Refused requests reach no view (no scope); the new token's session is the default one.
    assert logged == [("revoke", 401, None), (None, 401, None), (None, 200, "ecns-east/default")]
