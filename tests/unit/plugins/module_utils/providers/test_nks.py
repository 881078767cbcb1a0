"""The NKS adapter on a scripted transport: the seed's rules, payloads, paging, statuses and plans."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import (
    AmbiguousError,
    ApiError,
    PlanError,
    ValidationError,
)
from ansible_collections.kaas.cloud.plugins.module_utils.providers.connection import Connection
from ansible_collections.kaas.cloud.plugins.module_utils.providers.contract import FAILED, PENDING, READY
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import rules as nks_rules
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.api import NksApi
from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks.cluster import NksCluster, NksState

from ..fakes import FakeResponse, FakeSession

URL = "http://emu/nks"
UUID = "2b778d83-8b67-45b1-920e-b0c5ad5c2f30"
SUPPORTS = {"supported_k8s": {"v1.23.3": False, "v1.28.3": True, "v1.29.3": True, "v1.30.3": True}}
CREATE = {
    "name": "prod",
    "version": "v1.29.3",
    "node_count": 2,
    "node_size": "flavor-m",
    "nks": {
        "keypair": "kp",
        "fixed_network": "net",
        "fixed_subnet": "sub",
        "availability_zone": "kr-pub-a",
        "node_image": "img",
        "boot_volume_type": "General HDD",
        "boot_volume_size": 20,
    },
}


def cluster(**overrides):
    labels = {
        "kube_tag": "v1.29.3",
        "availability_zone": "kr-pub-a",
        "node_image": "img",
        "master_lb_floating_ip_enabled": "true",
        "strict_sg_rules": "False",
        "external_subnet_id_list": "s2:s1",
        "pods_network_cidr": "10.100.0.0/16",
        "pods_network_subnet": "24",
        "service_cluster_ip_range": "10.254.0.0/16",
        "cni_driver": "calico",
        "ncr_sgw": "",
        **overrides.pop("labels", {}),
    }
    body = {
        "uuid": UUID,
        "name": "prod",
        "status": "CREATE_COMPLETE",
        "status_reason": None,
        "api_address": "https://prod.k8s:6443",
        "keypair": "kp",
        "fixed_network": "net",
        "fixed_subnet": "sub",
        "flavor_id": "flavor-m",
        "node_count": 3,
        "labels": labels,
    }
    body.update(overrides)
    return body


def worker(**overrides):
    body = {
        "name": "default-worker",
        "node_count": 2,
        "flavor_id": "flavor-m",
        "status": "CREATE_COMPLETE",
        "labels": {"boot_volume_type": "General HDD", "boot_volume_size": "20"},
    }
    body.update(overrides)
    return body


def ok(body=None, status=200):
    return FakeResponse(status, body)


def make(*script, **connection):
    session = FakeSession(*script)
    options = {"provider": "nks", "auth": {"token": "tok"}, "api_url": URL, **connection}
    api = NksApi(Connection(**options), session=session, sleep=lambda seconds: None)
    return NksCluster(api), session


def calls(session):
    return [(method, url.replace(URL, ""), kwargs.get("json")) for method, url, kwargs in session.calls]


# -- client-side rules ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("desired", "message"),
    [
        ({"node_count": 0}, "between 1 and 10"),
        ({"node_count": 11}, "between 1 and 10"),
        ({"version": "latest"}, "not a Kubernetes version"),
        ({"nks": {"pods_network_subnet": 19}}, "from 20 to 28, got 19"),
        ({"nks": {"pods_network_subnet": 29}}, "from 20 to 28"),
        ({"nks": {"pods_network_cidr": "10.100.0.0/23", "pods_network_subnet": 24}}, "at least 25"),
        ({"nks": {"pods_network_cidr": "169.254.0.0/20"}}, "overlaps 169.254.0.0/16, the link-local range"),
        ({"nks": {"service_cluster_ip_range": "198.18.0.0/24"}}, "198.18.0.0/19, the range NKS uses internally"),
        ({"nks": {"pods_network_cidr": "10.0.0.0/8", "service_cluster_ip_range": "10.254.0.0/16"}}, "overlap"),
        ({"nks": {"pods_network_cidr": "10.100.0.0/26"}}, "longer than /24"),
        ({"nks": {"pods_network_cidr": "10.100.0.1/16"}}, "did you mean 10.100.0.0/16"),
        ({"nks": {"pods_network_cidr": "fd00::/64"}}, "IPv4"),
        ({"version": "v1.23.3", "nks": {"pods_network_cidr": "172.17.0.0/20"}}, "Docker bridge"),
        ({"nks": {"cni_driver": "weave"}}, "not an NKS CNI"),
    ],
)
def test_rules_refuse_before_any_request(desired, message):
    adapter, session = make()
    with pytest.raises(ValidationError, match=message):
        adapter.validate({"name": "prod", **desired})
    assert session.calls == []


def test_valid_networks_pass_and_the_docker_bridge_is_free_after_1_23_3():
    adapter = make()[0]
    adapter.validate({**CREATE, "nks": {"pods_network_cidr": "10.100.0.0/22", "pods_network_subnet": 24}})
    adapter.validate({"name": "x", "version": "v1.24.3", "nks": {"service_cluster_ip_range": "172.17.0.0/16"}})


def test_labels_normalise_to_what_users_write():
    assert nks_rules.to_bool("true") is True and nks_rules.to_bool("False") is False
    assert nks_rules.to_int("20") == 20 and nks_rules.to_version("1.29.3") == "v1.29.3"
    assert nks_rules.to_id_list("b:a") == nks_rules.to_id_list(["a", "b"]) == ["a", "b"]
    assert nks_rules.label_text(True) == "True" and nks_rules.label_text(24) == "24"
    assert nks_rules.to_security_groups([{"target_subnet": "s", "security_group_ids": "b,a"}]) == [
        {"target_subnet": "s", "security_group_ids": ["a", "b"]}
    ]


# -- connection ---------------------------------------------------------------------------


def test_region_chooses_the_endpoint_and_api_url_wins():
    assert NksApi.base_url(Connection("nks", {}, region="kr2")).startswith("https://kr2-api-kubernetes")
    assert NksApi.base_url(Connection("nks", {})).startswith("https://kr1-api-kubernetes")
    assert NksApi.base_url(Connection("nks", {}, api_url="http://x", region="zz")) == "http://x"
    with pytest.raises(ValidationError, match="region 'jp9' is unknown; choose kr1 or kr2"):
        NksApi.base_url(Connection("nks", {}, region="jp9"))


def test_token_is_sent_as_x_auth_token_with_the_api_version_header():
    adapter, session = make(ok({"config": "apiVersion: v1\n"}))
    assert adapter.kubeconfig(NksState(cluster())) == "apiVersion: v1\n"
    headers = session.calls[0][2]["headers"]
    assert headers["X-Auth-Token"] == "tok" and headers["OpenStack-API-Version"] == "container-infra latest"
    assert session.calls[0][1] == f"{URL}/v1/clusters/{UUID}/config"


def test_password_obtains_a_keystone_v2_token_from_the_default_identity_service():
    token = {"access": {"token": {"id": "issued", "expires": "2099-01-01T00:00:00Z"}}}
    adapter, session = make(ok(token), ok(None, 204), auth={"username": "u", "password": "p", "project_id": "t"})
    adapter.delete(NksState(cluster()))
    method, url, kwargs = session.calls[0]
    assert (method, url) == ("POST", "https://api-identity-infrastructure.nhncloudservice.com/v2.0/tokens")
    assert kwargs["json"]["auth"] == {"tenantId": "t", "passwordCredentials": {"username": "u", "password": "p"}}
    assert session.calls[1][2]["headers"]["X-Auth-Token"] == "issued"


def test_missing_credentials_name_both_ways():
    with pytest.raises(ValidationError, match=r"auth.token .*missing: auth.password, auth.project_id"):
        make(auth={"username": "u"})


def test_magnum_errors_give_detail_and_request_id():
    body = {"errors": [{"request_id": "req-1", "code": "client", "status": 400, "title": "Bad", "detail": "no quota"}]}
    adapter = make(FakeResponse(400, body))[0]
    with pytest.raises(ApiError) as caught:
        adapter.delete(NksState(cluster()))
    assert "nks answered 400 to DELETE" in caught.value.message
    assert "no quota, request id req-1" in caught.value.message


# -- reading ------------------------------------------------------------------------------


def test_a_name_is_read_in_one_request_then_the_worker_group():
    adapter, session = make(ok(cluster()), ok(worker()))
    state = adapter.find({"name": "prod", "node_count": 2})
    assert [c[1] for c in calls(session)] == ["/v1/clusters/prod", f"/v1/clusters/{UUID}/nodegroups/default-worker"]
    view = adapter.view(state)
    assert view["node_count"] == 2 and view["nks"]["total_node_count"] == 3
    assert view["nks"]["boot_volume_size"] == 20 and view["nks"]["master_lb_floating_ip_enabled"] is True
    assert view["nks"]["external_subnet_id_list"] == ["s1", "s2"] and view["nks"]["ncr_sgw"] is None
    assert view["version"] == "v1.29.3" and view["endpoint"] == "https://prod.k8s:6443"


def test_a_uuid_shaped_name_is_looked_up_in_the_list_following_next_links():
    # NKS would read a uuid-shaped path segment as a uuid, not as a name.
    name = "abcdef12-3456-7890-abcd-ef1234567890"
    page1 = {"clusters": [{"uuid": "u1", "name": "a"}], "next": "http://elsewhere/v1/clusters?limit=100&marker=u1"}
    page2 = {"clusters": [{"uuid": UUID, "name": name}]}
    adapter, session = make(ok(page1), ok(page2), ok(cluster(name=name)))
    state = adapter.find({"name": name})
    assert [c[1] for c in calls(session)] == ["/v1/clusters", "/v1/clusters", f"/v1/clusters/{UUID}"]
    assert session.calls[1][2]["params"] == {"limit": 100, "marker": "u1"}
    assert state.cluster["name"] == name


def test_without_worker_options_there_is_no_node_group_read():
    adapter, session = make(ok(cluster()))
    state = adapter.find({"id": UUID, "version": "v1.29.3"})
    assert len(session.calls) == 1 and adapter.view(state)["node_count"] == 3


def test_a_shared_name_fails_naming_the_uuids():
    shared = FakeResponse(409, {"errors": [{"detail": "Multiple clusters exist with same name."}]})
    page = {"clusters": [{"uuid": "u1", "name": "prod"}, {"uuid": "u2", "name": "prod"}]}
    adapter, session = make(shared, ok(page))
    with pytest.raises(AmbiguousError, match=r"2 nks clusters are named 'prod' \(u1, u2\)"):
        adapter.find({"name": "prod"})
    assert [c[1] for c in calls(session)] == ["/v1/clusters/prod", "/v1/clusters"]


def test_an_answer_of_another_name_is_checked_against_the_list():
    # A store that compares names without case answers "Prod" for "prod": the list decides.
    page = {"clusters": [{"uuid": UUID, "name": "Prod"}]}
    adapter, session = make(ok(cluster(name="Prod")), ok(page))
    assert adapter.find({"name": "prod"}) is None
    assert [c[1] for c in calls(session)] == ["/v1/clusters/prod", "/v1/clusters"]


def test_other_errors_of_the_name_read_are_not_taken_for_a_missing_cluster():
    adapter = make(FakeResponse(403, {"errors": [{"detail": "forbidden"}]}))[0]
    with pytest.raises(ApiError, match="403"):
        adapter.find({"name": "prod"})


def test_a_missing_cluster_is_none_and_a_404_on_delete_is_done():
    gone = FakeResponse(404, {"errors": [{"detail": "gone"}]})
    adapter, session = make(gone, gone)
    assert adapter.find({"name": "prod"}) is None
    assert [c[1] for c in calls(session)] == ["/v1/clusters/prod"]
    adapter.delete(NksState(cluster()))


def test_status_filter_is_applied_client_side():
    page = {"clusters": [{"uuid": "u1", "name": "a", "status": "CREATE_COMPLETE"}, {"uuid": "u2", "status": "X"}]}
    adapter, session = make(ok(page), ok(cluster(uuid="u1")))
    found = adapter.list({"status": "create_complete"})
    assert [s.cluster["uuid"] for s in found] == ["u1"] and len(session.calls) == 2


@pytest.mark.parametrize(
    ("status", "state"),
    [
        ("CREATE_COMPLETE", READY),
        ("UPDATE_COMPLETE", READY),
        ("CREATE_IN_PROGRESS", PENDING),
        ("DELETE_IN_PROGRESS", PENDING),
        ("UPDATE_FAILED", FAILED),
        ("WHATEVER", FAILED),
    ],
)
def test_status_mapping(status, state):
    adapter = make()[0]
    assert adapter.status(NksState(cluster(status=status, status_reason="why"))).state == state


def test_worker_group_status_and_expected_values_keep_the_cluster_pending():
    adapter = make()[0]
    busy = NksState(cluster(), worker(status="UPDATE_IN_PROGRESS"), True)
    assert adapter.status(busy).state == PENDING and "default-worker" in adapter.status(busy).raw
    failed = NksState(cluster(), worker(status="UPDATE_FAILED", status_reason="no flavor"), True)
    assert adapter.status(failed).reason == "no flavor"
    stale = NksState(cluster(), worker(), True, expect={"node_count": 5})
    assert adapter.status(stale).state == PENDING
    assert adapter.status(NksState(cluster(), worker(node_count=5), True, expect={"node_count": 5})).state == READY


# -- planning and writing -----------------------------------------------------------------


def test_create_checks_required_fields_and_the_supported_version():
    adapter, session = make(ok(SUPPORTS))
    with pytest.raises(ValidationError, match=r"needs node_size, nks.keypair"):
        adapter.check_plan(None, {}, {**CREATE, "node_size": None, "nks": {}})
    with pytest.raises(ValidationError, match=r"v1.23.3 is no longer supported .* v1.28.3, v1.29.3, v1.30.3"):
        adapter.check_plan(None, {}, {**CREATE, "version": "1.23.3"})
    with pytest.raises(ValidationError, match="flannel' cannot be chosen for a new NKS cluster"):
        adapter.check_plan(None, {}, {**CREATE, "nks": {**CREATE["nks"], "cni_driver": "flannel"}})
    adapter.check_plan(None, {}, CREATE)
    assert len(session.calls) == 1, "the supported versions are read once per run"


def test_create_sends_the_seed_body_and_reads_the_new_cluster():
    desired = {**CREATE, "nks": {**CREATE["nks"], "strict_sg_rules": True, "user_script": "echo hi"}}
    desired["nks"]["external_subnet_id_list"] = ["s1", "s2"]
    adapter, session = make(ok({"uuid": UUID}, 202), ok(cluster(status="CREATE_IN_PROGRESS")), ok(worker()))
    state = adapter.create(desired)
    method, path, body = calls(session)[0]
    assert (method, path) == ("POST", "/v1/clusters")
    assert body["cluster_template_id"] == "iaas_console" and body["flavor_id"] == "flavor-m"
    assert body["keypair"] == "kp" and body["fixed_subnet"] == "sub" and body["node_count"] == 2
    labels = body["labels"]
    assert labels["cert_manager_api"] == "True" and labels["kube_tag"] == "v1.29.3"
    assert labels["boot_volume_size"] == "20" and labels["strict_sg_rules"] == "True"
    assert labels["external_subnet_id_list"] == "s1:s2" and labels["user_script_v2"] == "echo hi"
    assert "user_script" not in labels
    assert adapter.status(state).state == PENDING


def test_a_downgrade_fails_naming_both_versions():
    adapter, session = make()
    with pytest.raises(PlanError, match=r"cannot go down from v1.29.3 to v1.28.3"):
        adapter.check_plan({}, {"version": ("v1.29.3", "v1.28.3")}, {"name": "prod"})
    assert session.calls == []


def test_cni_change_rules():
    adapter = make()[0]
    view = {"nks": {"cni_driver": "flannel", "pods_network_cidr": "10.100.0.0/16", "service_cluster_ip_range": None}}
    with pytest.raises(PlanError, match="only change from flannel to calico; the cluster uses 'calico'"):
        adapter.check_plan(view, {"nks.cni_driver": ("calico", "calico-ebpf")}, {"name": "p"})
    with pytest.raises(PlanError, match=r"nks.pods_network_cidr cannot be changed in place except together"):
        adapter.check_plan(view, {"nks.pods_network_cidr": ("10.100.0.0/16", "10.200.0.0/16")}, {"name": "p"})
    with pytest.raises(ValidationError, match=r"needs a new nks.pods_network_cidr"):
        adapter.check_plan(view, {"nks.cni_driver": ("flannel", "calico")}, {"name": "p"})
    changes = {"nks.cni_driver": ("flannel", "calico"), "nks.pods_network_cidr": ("10.100.0.0/16", "10.200.0.0/16")}
    adapter.check_plan(
        view, changes, {"name": "p", "nks": {"cni_driver": "calico", "pods_network_cidr": "10.200.0.0/16"}}
    )


def test_a_service_gateway_can_change_but_not_be_added():
    adapter = make()[0]
    with pytest.raises(PlanError, match=r"nks.ncr_sgw was not set when the cluster was created"):
        adapter.check_plan({}, {"nks.ncr_sgw": (None, "sgw-1")}, {"name": "p"})
    adapter.check_plan({}, {"nks.obs_sgw": ("sgw-1", "sgw-2")}, {"name": "p"})


def test_updates_run_one_operation_per_step_in_a_fixed_order():
    adapter = make()[0]
    steps = adapter.split_update({"node_size": "f2", "node_count": 4, "version": "v1.30.3", "nks.obs_sgw": "o2"})
    assert steps == [{"version": "v1.30.3"}, {"node_count": 4}, {"node_size": "f2"}, {"nks.obs_sgw": "o2"}]


@pytest.mark.parametrize(
    ("changes", "method", "path", "body"),
    [
        (
            {"version": "v1.30.3"},
            "POST",
            f"/v1/clusters/{UUID}/nodegroups/default-master/upgrade",
            {"version": "v1.30.3"},
        ),
        (
            {"node_count": 4},
            "POST",
            f"/v1/clusters/{UUID}/actions/resize",
            {"nodegroup": "default-worker", "node_count": 4},
        ),
        (
            {"node_size": "f2"},
            "PATCH",
            f"/v1/clusters/{UUID}/nodegroups/default-worker",
            {"type": "flavor_id", "flavor_id": "f2"},
        ),
        ({"nks.obs_sgw": "o2"}, "POST", f"/v1/clusters/{UUID}/actions/update_sgw", {"ncr_sgw": "n1", "obs_sgw": "o2"}),
    ],
)
def test_each_change_uses_its_endpoint_and_then_expects_the_new_value(changes, method, path, body):
    current = NksState(cluster(labels={"ncr_sgw": "n1", "obs_sgw": "o1"}), worker(), True)
    adapter, session = make(ok({"uuid": UUID}, 202), ok(cluster()), ok(worker()))
    state = adapter.update(current, changes, {"name": "prod"})
    assert calls(session)[0] == (method, path, body)
    assert adapter.status(state).state == PENDING, "the old value is still shown, so the step is not done"


def test_cni_change_sends_the_new_pod_network():
    current = NksState(cluster(labels={"cni_driver": "flannel"}))
    adapter, session = make(ok({"uuid": UUID}, 202), ok(cluster()))
    desired = {"name": "p", "nks": {"cni_driver": "calico", "pods_network_cidr": "10.200.0.0/16"}}
    adapter.update(current, {"nks.cni_driver": "calico", "nks.pods_network_cidr": "10.200.0.0/16"}, desired)
    assert calls(session)[0] == (
        "POST",
        f"/v1/clusters/{UUID}/actions/cni_update",
        {"cni": "calico", "pod_cidr": "10.200.0.0/16", "pod_subnet": "24"},
    )
