"""ECNS refuses bad workload bodies with a 400 naming each field (the seed's enums)."""

from __future__ import annotations

from typing import Any

import pytest
from ecns_helpers import API, Ecns, workload
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def _container(**changes: Any) -> dict[str, Any]:
    body = workload()
    body["containers"][0].update(changes)
    return body


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            workload(workload_base={"type": "ReplicaSet"}),
            "workloads[0].workload_base.type: 'ReplicaSet' is not one of",
        ),
        (
            workload(workload_base={"type": "DaemonSet"}),
            "workloads[0].workload_base.replicas: must not be given for a DaemonSet",
        ),
        (
            workload(workload_base={"name": "Web_1"}),
            "workloads[0].workload_base.name: 'Web_1' must be",
        ),
        (
            _container(type="sidecar"),
            "workloads[0].containers[0].type: 'sidecar' is not one of worker, init",
        ),
        (
            _container(
                image={"image": "nginx", "image_version": "1", "image_pull_policy": "Never"}
            ),
            "image_pull_policy: 'Never' is not one of Always, IfNotPresent",
        ),
        (
            _container(env=[{"type": "File", "name": "A", "key": "b"}]),
            "env[0].type: 'File' is not one of",
        ),
        (
            _container(
                health=[{"type": "liveness", "protocol": "tcp", "port": 80, "success_threshold": 2}]
            ),
            "health[0].success_threshold: must be 1 for a liveness check, got 2",
        ),
        (
            _container(health=[{"type": "liveness", "protocol": "udp", "port": 80}]),
            "protocol: 'udp' is not one of",
        ),
        (
            _container(hooks=[{"type": "PreStart", "cmd": ["x"]}]),
            "hooks[0].type: 'PreStart' is not one of",
        ),
        (
            workload(volumes=[{"name": "cache", "type": "NFS"}]),
            "volumes[0].type: 'NFS' is not one of",
        ),
        (workload(volumes=[]), "volume_mounts[0].volume_name: no volume named 'cache'"),
        (
            workload(update_strategy={"type": "blue_green"}),
            "update_strategy.type: 'blue_green' is not one of",
        ),
        (
            workload(update_strategy={"type": "on_delete"}),
            "on_delete is for StatefulSets and DaemonSets",
        ),
        (
            workload(
                scheduler_strategy=[
                    {"type": "nodeSelector", "node_selector": {"expression": [{"operator": "Is"}]}}
                ]
            ),
            "expression[0].operator: 'Is' is not one of In, NotIn, Gt, Lt, Exists, DoesNotExist",
        ),
        (
            workload(scheduler_strategy=[{"type": "nodeAffinity"}]),
            "scheduler_strategy[0].type: 'nodeAffinity'",
        ),
        (
            workload(network={"dns_policy": "Default"}),
            "network.dns_policy: 'Default' is not one of",
        ),
        (
            workload(access_mode=[{"type": "Ingress", "access": [{"port": 1}]}]),
            "access_mode[0].type: 'Ingress'",
        ),
        (
            workload(scale_strategy={"min_replicas": 5, "max_replicas": 2}),
            "min_replicas 5 is above max_replicas 2",
        ),
        (
            workload(application_type="Mixed"),
            "application_type: 'Mixed' is not one of Normal, Hybrid",
        ),
        (workload(replicas_total=3), "workloads[0].replicas_total: unknown field"),
    ],
)
def test_create_refuses_with_the_field_named(
    ecns: Ecns, body: dict[str, Any], message: str
) -> None:
    response = ecns.post(f"{API}/workloads/", json={"workloads": [body]})
    assert response.status_code == 400
    error = ecns.error(response)
    assert (error["code"], error["title"]) == (400, "Bad Request")
    assert message in error["message"]
    assert ecns.get(f"{API}/workloads/").json["workloads"] == []


def test_every_problem_is_reported_at_once(ecns: Ecns) -> None:
    body = workload(workload_base={"type": "Job"}, network={"dns_policy": "None"})
    message = ecns.error(ecns.post(f"{API}/workloads/", json={"workloads": [body]}))["message"]
    assert "workload_base.type" in message and "network.dns_policy" in message


def test_patch_actions_validate_their_body(ecns: Ecns) -> None:
    ecns.create()
    assert ecns.action("scale", {"replicas": -1}).status_code == 400
    assert ecns.action("labels", {"labels": {"a": 1}}).status_code == 400
    assert ecns.action("network", {}).status_code == 400
    assert ecns.action("rollback", {"target_version": "9"}).status_code == 400
    assert ecns.action("teleport", {"x": 1}).status_code == 400
    bad = workload()["containers"]
    bad[0]["health"][0]["success_threshold"] = 3
    assert (
        "success_threshold" in ecns.error(ecns.action("containers", {"containers": bad}))["message"]
    )
    assert [r["version"] for r in ecns.detail()["revisions"]] == [1]


def test_workload_type_is_required_on_one_workload(ecns: Ecns) -> None:
    ecns.create()
    response = ecns.get(f"{API}/workloads/workload/web/")
    assert response.status_code == 400
    assert "workload_type" in ecns.error(response)["message"]
    assert ecns.get(f"{API}/workloads/?workload_type=Pod").status_code == 400


def test_batch_requests_need_workloads_base(ecns: Ecns) -> None:
    assert ecns.put(f"{API}/workloads/?action=stop", json={"x": 1}).status_code == 400
    assert ecns.put(f"{API}/workloads/?action=fly", json={"workloads_base": []}).status_code == 400
    missing = {"workloads_base": [{"name": "ghost", "type": "Deployment"}]}
    assert ecns.delete(f"{API}/workloads/", json=missing).status_code == 404
