"""ECNS namespaces (1.12: list, create, delete, PSP, users, quota) and organisation (1.17)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ecns_helpers import API, Ecns, workload
from flask.testing import FlaskClient

from kaas_emulator.core.clock import ManualClock

ONE = f"{API}/namespace/cluster/ecns-east/ns/team-a"
BASE: dict[str, Any] = {
    "name": "team-a",
    "cluster_name": "ecns-east",
    "cluster_type": "EKS",
    "domain": "Default",
    "project": "demo",
    "project_id": "demo",
    "role": ["Developer"],
    "user_ids": [{"id": "u1", "name": "alice", "email": "alice@example.com"}],
}


@pytest.fixture
def ecns(client: FlaskClient, clock: ManualClock) -> Ecns:
    return Ecns(client, clock)


def create(ecns: Ecns, **namespace: Any) -> Any:
    body = {"namespace_base": copy.deepcopy(BASE), **namespace}
    return ecns.post(f"{API}/namespace/", json={"namespace": body})


def names(ecns: Ecns, cluster_type: str = "EKS", query: str = "") -> list[str]:
    answer = ecns.get(f"{API}/namespace/clustertype/{cluster_type}/{query}")
    assert answer.status_code == 200, answer.json
    return [
        f"{n['namespace_base']['cluster_name']}/{n['namespace_base']['name']}"
        for n in answer.json["namespaces"]
    ]


def test_the_fixed_namespaces_are_listed_by_cluster_type(ecns: Ecns) -> None:
    expected = ["ecns-east/default", "ecns-east/kube-system", "ecns-east/apps", "ecns-west/default"]
    assert names(ecns) == expected
    assert names(ecns, "PROJECT_ALL") == names(ecns, "CLOUD_ALL") == expected
    assert names(ecns, "EOS") == []
    assert names(ecns, "EKS", "?business_type=SecurityContainer")[0] == "ecns-east/default"
    assert "ecns-west/default" not in names(ecns, "EKS", "?business_type=SecurityContainer")
    (first, *_) = ecns.get(f"{API}/namespace/clustertype/EKS/").json["namespaces"]
    assert first["psp"] == "Unlimited" and first["quota"] == {}
    assert first["namespace_status"]["status"] == "Active"


def test_a_bad_cluster_type_or_business_type_is_refused(ecns: Ecns) -> None:
    answer = ecns.get(f"{API}/namespace/clustertype/K8S/")
    assert answer.status_code == 400 and "EOS, EKS, EHOS" in ecns.error(answer)["message"]
    answer = ecns.get(f"{API}/namespace/clustertype/EKS/?business_type=Gpu")
    assert answer.status_code == 400


def test_a_created_namespace_is_listed_everywhere_and_can_be_switched_to(ecns: Ecns) -> None:
    answer = create(ecns, psp="Unlimited", quota={"pods": 10, "secrets": 2})
    assert answer.status_code == 200, answer.json
    created = answer.json["namespace"]
    assert created["namespace_base"]["role"] == ["Developer"]
    assert created["quota"] == {"pods": 10, "secrets": 2} and created["psp"] == "Unlimited"
    assert "ecns-east/team-a" in names(ecns)
    (project,) = ecns.get(f"{API}/namespace/").json
    assert "team-a" in project["clusters"][0]["namespaces"]
    assert ecns.get(f"{API}/resources/Namespace/team-a/").json == {"existence": True}
    switched = ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/team-a/")
    assert switched.json["ecns_current_ns"] == ["team-a"]


def test_a_namespace_created_without_psp_is_limited_and_has_no_quota(ecns: Ecns) -> None:
    created = create(ecns).json["namespace"]
    assert created["psp"] == "Limited" and created["quota"] == {}


def test_creating_a_namespace_twice_is_a_conflict(ecns: Ecns) -> None:
    assert create(ecns).status_code == 200
    answer = create(ecns)
    assert answer.status_code == 409 and "already exists" in ecns.error(answer)["message"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Team_A"}, "namespace.namespace_base.name"),
        ({"cluster_name": "nowhere"}, "cluster 'nowhere' not found"),
        ({"cluster_type": "EOS"}, "is of type EKS, not 'EOS'"),
        ({"business_type": "Normal"}, "only given for an EOS"),
        ({"project_id": "other"}, "project_id: 'other' is not 'demo'"),
        ({"domain": None}, "domain: is required"),
        ({"role": ["Owner"]}, "role[0]: 'Owner' is not one of Developer, Visitor"),
        ({"user_ids": [{"name": "x"}]}, "user_ids[0].id: is required"),
        ({"user_ids": [{"id": "a"}, {"id": "a"}]}, "user 'a' is listed twice"),
    ],
)
def test_a_bad_namespace_base_is_refused_naming_the_field(
    ecns: Ecns, change: dict[str, Any], message: str
) -> None:
    base = {**BASE, **change}
    answer = ecns.post(f"{API}/namespace/", json={"namespace": {"namespace_base": base}})
    assert answer.status_code == 400 and message in ecns.error(answer)["message"]
    assert "ecns-east/team-a" not in names(ecns)


@pytest.mark.parametrize(
    ("namespace", "message"),
    [
        ({"psp": "Open"}, "namespace.psp: 'Open' is not one of Limited, Unlimited"),
        ({"quota": {"pods": -2}}, "namespace.quota.pods: must be an integer >= 0 or -1"),
        ({"quota": {"gpus": 1}}, "namespace.quota.gpus: unknown quota item"),
        ({"labels": {}}, "namespace.labels: unknown field"),
    ],
)
def test_a_bad_psp_or_quota_is_refused(ecns: Ecns, namespace: dict[str, Any], message: str) -> None:
    answer = create(ecns, **namespace)
    assert answer.status_code == 400 and message in ecns.error(answer)["message"]


def test_psp_users_and_quota_can_be_changed(ecns: Ecns) -> None:
    create(ecns, quota={"pods": 10})
    answer = ecns.patch(f"{ONE}/psp/?cluster_type=EKS", json={"psp": "Unlimited"})
    assert answer.status_code == 200 and answer.json["namespace"]["psp"] == "Unlimited"
    answer = ecns.patch(f"{ONE}/user_ids/?cluster_type=EKS", json={"user_ids": [{"id": "u2"}]})
    assert answer.json["namespace"]["namespace_base"]["user_ids"] == [{"id": "u2"}]
    answer = ecns.patch(f"{ONE}/quota/?cluster_type=EKS", json={"quota": {"secrets": 3, "cpu": -1}})
    # The quota is replaced: pods no longer limited, -1 is "no limit" and not kept.
    assert answer.json["namespace"]["quota"] == {"secrets": 3}
    (listed,) = [
        n
        for n in ecns.get(f"{API}/namespace/clustertype/EKS/").json["namespaces"]
        if n["namespace_base"]["name"] == "team-a"
    ]
    assert listed["psp"] == "Unlimited" and listed["quota"] == {"secrets": 3}


@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        ("psp/?cluster_type=EKS", {"psp": "open"}, "psp: 'open' is not one of"),
        ("psp/", {"psp": "Limited"}, "cluster_type: is required"),
        ("psp/?cluster_type=EOS", {"psp": "Limited"}, "is of type EKS, not 'EOS'"),
        ("user_ids/?cluster_type=EKS", {}, "request body must be a non-empty JSON object"),
        ("user_ids/?cluster_type=EKS", {"user_ids": "u1"}, "user_ids: must be a list"),
        ("quota/?cluster_type=EKS", {"quota": {"pods": "ten"}}, "quota.pods: must be an integer"),
        ("quota/?cluster_type=EKS", {"limits": {}}, "limits: unknown field"),
    ],
)
def test_bad_psp_user_or_quota_changes_are_refused(
    ecns: Ecns, path: str, body: dict[str, Any], message: str
) -> None:
    create(ecns)
    answer = ecns.patch(f"{ONE}/{path}", json=body)
    assert answer.status_code == 400 and message in ecns.error(answer)["message"]


def test_changes_to_a_missing_namespace_are_not_found(ecns: Ecns) -> None:
    answer = ecns.patch(f"{ONE}/psp/?cluster_type=EKS", json={"psp": "Limited"})
    assert answer.status_code == 404 and "team-a" in ecns.error(answer)["message"]
    assert ecns.get(f"{ONE}/quota/").status_code == 404
    assert ecns.get(f"{API}/namespace/cluster/nowhere/ns/x/quota/").status_code == 404


def test_the_quota_reports_limits_and_what_the_namespace_uses(ecns: Ecns) -> None:
    create(ecns, quota={"secrets": 1, "deployments": 5})
    ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/team-a/")
    ecns.create(workload())
    secret = {"name": "s1", "type": "Opaque", "opaque": {"k": "v"}}
    assert ecns.post(f"{API}/kubernetes/secret/", json={"secret": secret}).status_code == 200
    configmap = {"configmap": {"name": "cfg", "config": {"a": "b"}}}
    assert ecns.post(f"{API}/kubernetes/configmap/cfg/", json=configmap).status_code == 201
    quota = ecns.get(f"{ONE}/quota/").json["quota"]
    assert quota["used"]["configmaps"] == 1 and quota["used"]["services"] == 0
    assert quota["hard"]["secrets"] == 1 and quota["hard"]["pods"] == -1
    assert quota["used"]["secrets"] == 1 and quota["used"]["deployments"] == 1
    # The seed workload: 2 replicas requesting 0.1 cpu and 1024 MiB each.
    assert quota["used"]["pods"] == 2 and quota["used"]["cpu"] == 1
    assert quota["used"]["memory"] == 2048
    over = ecns.post(f"{API}/kubernetes/secret/", json={"secret": {**secret, "name": "s2"}})
    assert over.status_code == 403 and "exceeded quota" in ecns.error(over)["message"]


def test_deleting_a_namespace_removes_what_it_holds(ecns: Ecns) -> None:
    create(ecns)
    ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/team-a/")
    ecns.create(workload())
    secret = {"name": "s1", "type": "Opaque", "opaque": {"k": "v"}}
    ecns.post(f"{API}/kubernetes/secret/", json={"secret": secret})
    assert ecns.delete(f"{ONE}/").status_code == 204
    assert "ecns-east/team-a" not in names(ecns)
    # The session that was in team-a falls back to default, where nothing of team-a is.
    assert ecns.get(f"{API}/kubernetes/secret/").json == {"secrets": []}
    create(ecns)
    ecns.get(f"{API}/namespace/demo/cluster/ecns-east/ns/team-a/")
    assert ecns.get(f"{API}/kubernetes/secret/").json == {"secrets": []}
    assert ecns.delete(f"{ONE}/").status_code == 204
    assert ecns.delete(f"{ONE}/").status_code == 404


def test_system_namespaces_cannot_be_deleted(ecns: Ecns) -> None:
    answer = ecns.delete(f"{API}/namespace/cluster/ecns-east/ns/kube-system/")
    assert answer.status_code == 403 and "system namespace" in ecns.error(answer)["message"]


def test_a_batch_delete_is_all_or_nothing(ecns: Ecns) -> None:
    create(ecns)
    create(ecns, namespace_base={**BASE, "name": "team-b"})
    missing = [
        {"name": "team-a", "cluster_name": "ecns-east"},
        {"name": "gone", "cluster_name": "ecns-east"},
    ]
    answer = ecns.delete(f"{API}/namespace/", json={"namespaces": missing})
    assert answer.status_code == 404 and "gone" in ecns.error(answer)["message"]
    with_system = [
        {"name": "team-a", "cluster_name": "ecns-east"},
        {"name": "default", "cluster_name": "ecns-east"},
    ]
    assert ecns.delete(f"{API}/namespace/", json={"namespaces": with_system}).status_code == 403
    assert {"ecns-east/team-a", "ecns-east/team-b"} <= set(names(ecns))
    both = [
        {"name": "team-a", "cluster_name": "ecns-east", "cluster_type": "EKS"},
        {"name": "team-b", "cluster_name": "ecns-east"},
    ]
    assert ecns.delete(f"{API}/namespace/", json={"namespaces": both}).status_code == 204
    assert not {"ecns-east/team-a", "ecns-east/team-b"} & set(names(ecns))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"namespaces": []}, "at least one namespace is required"),
        ({"namespaces": [{"name": "x"}]}, "namespaces[0].cluster_name: is required"),
        (
            {"namespaces": [{"name": "x", "cluster_name": "ecns-east", "cluster_type": "EOS"}]},
            "not 'EOS'",
        ),
    ],
)
def test_a_bad_batch_delete_is_refused(ecns: Ecns, body: dict[str, Any], message: str) -> None:
    answer = ecns.delete(f"{API}/namespace/", json=body)
    assert answer.status_code == 400 and message in ecns.error(answer)["message"]


def test_the_organisation_lists_the_department_and_its_projects(ecns: Ecns) -> None:
    answer = ecns.get(f"{API}/organization/").json
    assert answer == {
        "domains_selector": [
            {
                "domain_name": "Default",
                "domain_id": "default",
                "projects": [{"project_name": "demo", "project_id": "demo"}],
            }
        ]
    }
    assert ecns.get(f"{API}/projects/").json == {
        "projects": [{"project_name": "demo", "project_id": "demo"}]
    }
    assert ecns.get("/api/ecns/paas/organization/").status_code == 404


def test_namespaces_of_a_seeded_cluster_can_be_created(ecns: Ecns, client: FlaskClient) -> None:
    client.post("/_emulator/preload/ecns", json={"clusters": [{"name": "big", "nodes": 2}]})
    assert "big/default" in names(ecns)
    answer = create(ecns, namespace_base={**BASE, "cluster_name": "big"})
    assert answer.status_code == 200, answer.json
    assert "big/team-a" in names(ecns)
