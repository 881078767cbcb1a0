"""What real OpenStack clients rely on, for NKS and ECNS, and the API guide's two readings.

Keystone and Magnum version documents, trailing slashes, ``req-<uuid>`` ids, Magnum's
error ``title``, bodiless 204s, Magnum's standard create fields; then each place where
the NKS API guide's table and its example disagree, both readings accepted.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient
from nks_helpers import NODEGROUP_EXAMPLE, Nks, create_body

from kaas_emulator.core.clock import ManualClock

REQUEST_ID = re.compile(r"^req-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")


@pytest.fixture
def nks(client: FlaskClient, clock: ManualClock) -> Nks:
    return Nks(client, clock)


@pytest.mark.parametrize(
    ("root", "segment", "version_id"),
    [("/nks/identity", "v2.0", "v2.0"), ("/ecns/identity", "v3", "v3.14")],
)
def test_keystone_version_documents_need_no_token(
    client: FlaskClient, root: str, segment: str, version_id: str
) -> None:
    for path in (root, root + "/"):
        answer = client.get(path)
        assert answer.status_code == 300, path
        (value,) = answer.json["versions"]["values"]
        assert value["id"] == version_id
        assert {"rel": "self", "href": f"http://localhost{root}/{segment}/"} in value["links"]
    for path in (f"{root}/{segment}", f"{root}/{segment}/"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.json["version"]["id"] == version_id


def test_magnum_version_documents_need_no_token(client: FlaskClient) -> None:
    for path in ("/nks", "/nks/"):
        answer = client.get(path)
        assert answer.status_code == 200
        (version,) = answer.json["versions"]
        assert (version["id"], version["min_version"], version["max_version"]) == (
            "v1",
            "1.1",
            "1.14",
        )
        assert version["links"] == [{"href": "http://localhost/nks/v1/", "rel": "self"}]
    for path in ("/nks/v1", "/nks/v1/"):
        answer = client.get(path)
        assert answer.status_code == 200
        assert answer.json["id"] == "v1"
    # /v1 negotiates the microversion like every v1 path.
    bad = client.get("/nks/v1", headers={"OpenStack-API-Version": "container-infra 9.9"})
    assert bad.status_code == 406


def test_every_nks_path_takes_a_trailing_slash(nks: Nks) -> None:
    cluster = nks.create()
    group = nks.worker(cluster)["uuid"]
    paths = [
        "/v1/clusters",
        "/v1/clusters/detail",
        f"/v1/clusters/{cluster}",
        f"/v1/clusters/{cluster}/events",
        f"/v1/clusters/{cluster}/api_ep_ipacl",
        f"/v1/clusters/{cluster}/config",
        f"/v1/clusters/{cluster}/nodegroups",
        f"/v1/clusters/{cluster}/nodegroups/{group}",
        f"/v1/clusters/{cluster}/nodegroups/{group}/autoscale",
        "/v1/supports",
    ]
    for path in paths:
        plain, slashed = nks.get(path), nks.get(path + "/")
        assert plain.status_code == slashed.status_code == 200, path
    created = nks.post("/v1/clusters/", json=create_body(name="slashed"))
    assert created.status_code == 202


def test_request_ids_are_openstack_ones_in_header_and_body(client: FlaskClient, nks: Nks) -> None:
    answers = [
        nks.get("/v1/clusters"),
        nks.get("/v1/clusters/nope"),  # 404 from a view
        nks.get("/v1/nothing-here"),  # 404 from routing
        nks.patch("/v1/clusters/nope", json={}),  # 405 from routing
        client.get("/nks/v1/clusters"),  # 401 before any view
        client.post("/nks/identity/v2.0/tokens", json={}),  # Keystone's 400
        client.get("/nks/identity"),
    ]
    for answer in answers:
        header = answer.headers["X-OpenStack-Request-Id"]
        assert REQUEST_ID.match(header), (answer.status_code, header)
        if "errors" in answer.json:
            assert Nks.error(answer)["request_id"] == header


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("/v1/clusters/a.b.c", "Cluster a.b.c could not be found"),
        ("/v1/clusters/x/nodegroups/y", "Cluster x could not be found"),
    ],
)
def test_error_title_is_the_first_sentence(nks: Nks, path: str, title: str) -> None:
    error = Nks.error(nks.get(path))
    assert error["title"] == title
    assert error["detail"].startswith(title)


def test_validation_title_keeps_dotted_field_names(nks: Nks) -> None:
    body = create_body(labels={"kube_tag": "v0.0.1"})
    error = Nks.error(nks.post("/v1/clusters", json=body))
    assert error["title"].startswith("labels.kube_tag: ")


def test_deletes_answer_204_without_body_or_content_type(nks: Nks) -> None:
    cluster = nks.create()
    assert nks.post(f"/v1/clusters/{cluster}/nodegroups", json=NODEGROUP_EXAMPLE).status_code == 202
    nks.clock.advance(600)
    answers = [
        nks.delete(f"/v1/clusters/{cluster}/nodegroups/added-nodegroup"),
        nks.delete(f"/v1/clusters/{cluster}"),
        nks.delete(f"/v1/clusters/{cluster}"),  # repeated while deleting
    ]
    for answer in answers:
        assert answer.status_code == 204
        assert answer.data == b""
        assert "Content-Type" not in answer.headers


MAGNUM_CLUSTER_FIELDS = {
    "discovery_url": None,
    "master_count": 1,
    "docker_volume_size": 50,
    "master_flavor_id": None,
    "floating_ip_enabled": False,
    "master_lb_enabled": True,
    "merge_labels": "false",
    "create_timeout": None,
}


@pytest.mark.parametrize(("field", "value"), sorted(MAGNUM_CLUSTER_FIELDS.items()))
def test_magnum_cluster_fields_are_accepted(nks: Nks, field: str, value: object) -> None:
    answer = nks.post("/v1/clusters", json=create_body(**{field: value}))
    assert answer.status_code == 202, answer.json


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("discovery_url", ""),
        ("master_count", 0),
        ("master_count", "1"),
        ("docker_volume_size", 0),
        ("master_flavor_id", 5),
        ("floating_ip_enabled", "maybe"),
        ("master_lb_enabled", 1),
        ("merge_labels", []),
        ("node_labels", {}),  # not a Magnum cluster field
    ],
)
def test_magnum_cluster_fields_are_typed(nks: Nks, field: str, value: object) -> None:
    answer = nks.post("/v1/clusters", json=create_body(**{field: value}))
    assert answer.status_code == 400
    assert Nks.error(answer)["detail"].startswith(f"{field}: ")


@pytest.mark.parametrize(
    "extra",
    [
        {"role": "worker"},
        {"min_node_count": 0, "max_node_count": None},
        {"min_node_count": 1, "max_node_count": 3, "node_count": 2},
        {"docker_volume_size": None, "merge_labels": True},
    ],
)
def test_magnum_nodegroup_fields_are_accepted(nks: Nks, extra: dict[str, Any]) -> None:
    cluster = nks.create()
    answer = nks.post(f"/v1/clusters/{cluster}/nodegroups", json={**NODEGROUP_EXAMPLE, **extra})
    assert answer.status_code == 202, answer.json
    # NHN derives the bounds from the autoscaler, whatever the request said.
    assert (answer.json["min_node_count"], answer.json["max_node_count"]) == (1, None)


# -- the API guide's table and example disagree: both readings work -------------------


@pytest.mark.parametrize("count", [2, "2"])
def test_cluster_node_count_as_the_tables_string_or_the_examples_integer(
    nks: Nks, count: object
) -> None:
    cluster = nks.create(create_body(node_count=count))
    assert nks.cluster(cluster)["node_count"] == 2


@pytest.mark.parametrize("size", [24, "24"])
def test_pods_network_subnet_as_the_tables_integer_or_the_responses_string(
    nks: Nks, size: object
) -> None:
    cluster = nks.create(create_body(labels={"pods_network_subnet": size}))
    assert nks.cluster(cluster)["labels"]["pods_network_subnet"] == "24"


@pytest.mark.parametrize(
    "values",
    [
        {"ca_enable": "True", "ca_max_node_count": "5", "ca_min_node_count": "2"},  # table
        {"ca_enable": True, "ca_max_node_count": 5, "ca_min_node_count": 2},  # example
    ],
)
def test_autoscale_as_the_tables_strings_or_the_examples_json_types(
    nks: Nks, values: dict[str, Any]
) -> None:
    cluster = nks.create()
    answer = nks.post(f"/v1/clusters/{cluster}/nodegroups/default-worker/autoscale", json=values)
    assert answer.status_code == 202, answer.json
    nks.clock.advance(60)
    shown = nks.get(f"/v1/clusters/{cluster}/nodegroups/default-worker/autoscale").json
    assert (shown["ca_enable"], shown["ca_min_node_count"], shown["ca_max_node_count"]) == (
        True,
        2,
        5,
    )


@pytest.mark.parametrize("key", ["description", "descripion"])
def test_ipacl_target_description_in_either_spelling(nks: Nks, key: str) -> None:
    """The request table says ``descripion``, the example ``description``."""
    cluster = nks.create()
    body = {
        "enable": "True",
        "action": "ALLOW",
        "ipacl_targets": [{"cidr_address": "10.10.22.3/24", key: "Your Friends"}],
    }
    assert nks.post(f"/v1/clusters/{cluster}/api_ep_ipacl", json=body).status_code == 202
    nks.clock.advance(60)
    targets = nks.get(f"/v1/clusters/{cluster}/api_ep_ipacl").json["ipacl_targets"]
    assert targets == [{"cidr_address": "10.10.22.3/24", "description": "Your Friends"}]


def test_ipacl_target_with_both_spellings_must_agree(nks: Nks) -> None:
    cluster = nks.create()
    target = {"cidr_address": "10.0.0.1", "description": "a", "descripion": "b"}
    body = {"enable": "true", "action": "DENY", "ipacl_targets": [target]}
    answer = nks.post(f"/v1/clusters/{cluster}/api_ep_ipacl", json=body)
    assert answer.status_code == 400
    assert "ipacl_targets[0].description" in Nks.error(answer)["detail"]


@pytest.mark.parametrize("size", [100, "100"])
def test_extra_volume_size_as_integer_or_string(nks: Nks, size: object) -> None:
    body = create_body()
    body["labels"]["extra_volumes"] = [{"volume_type": "General HDD", "volume_size": size}]
    assert nks.post("/v1/clusters", json=body).status_code == 202


@pytest.mark.parametrize("extra", [{}, {"pod_subnet": 24}, {"pod_subnet": "24"}])
def test_cni_pod_subnet_is_optional_though_the_table_marks_it_required(
    nks: Nks, extra: dict[str, Any]
) -> None:
    """The table says required (``O``) and "Default: 24"; its example leaves it out."""
    cluster = nks.create(create_body(labels={"cni_driver": "flannel"}))
    body = {"cni": "calico", "pod_cidr": "10.200.0.0/16", **extra}
    answer = nks.post(f"/v1/clusters/{cluster}/actions/cni_update", json=body)
    assert answer.status_code == 202, answer.json
