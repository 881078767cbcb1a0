"""k8s_cluster, k8s_cluster_info and kubeconfig on NKS, against the emulator, signing in through Keystone v2."""

from __future__ import annotations

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster, k8s_cluster_info, kubeconfig
from support.harness import WRITE_METHODS, run_module

FLAVOR = "6ef27f21-c774-4c0e-84ff-7dd4a762571f"
BIGGER = "1d0d6983-8e9d-44dc-810e-d7689afa372c"
CREATE = {
    "name": "it-nks",
    "version": "v1.28.3",
    "node_count": 1,
    "node_size": FLAVOR,
    "nks": {
        "keypair": "test-keypair",
        "fixed_network": "eb212079-b6ec-430c-ba57-14280a457bcb",
        "fixed_subnet": "4fdf5b80-3d35-43f5-a5c1-010a3b6c8e90",
        "availability_zone": "kr2-pub-b",
        "node_image": "f462a2a5-ba24-46d6-b7a1-9a9febcd3cfc",
        "boot_volume_type": "General HDD",
        "boot_volume_size": 20,
        "pods_network_cidr": "10.100.0.0/16",
        "pods_network_subnet": 24,
        "strict_sg_rules": True,
        "user_script": "echo s3cr3t-script",
    },
}


def converge(args, **kw):
    return run_module(k8s_cluster.main, args, **kw)


#: A second cluster named it-nks, created through the NKS API directly (kaas.cloud would refuse to).
TWIN = {
    "name": "it-nks",
    "cluster_template_id": "iaas_console",
    "keypair": "test-keypair",
    "node_count": 1,
    "flavor_id": FLAVOR,
    "fixed_network": CREATE["nks"]["fixed_network"],
    "fixed_subnet": CREATE["nks"]["fixed_subnet"],
    "labels": {
        "kube_tag": "v1.28.3",
        "availability_zone": "kr2-pub-b",
        "node_image": CREATE["nks"]["node_image"],
        "boot_volume_type": "General HDD",
        "boot_volume_size": "20",
        "cert_manager_api": "True",
        "ca_enable": "False",
        "master_lb_floating_ip_enabled": "False",
    },
}


def api_writes(cloud):
    """Writes to the NKS API itself; signing in (POST /identity/.../tokens) changes nothing."""
    return [
        (r["method"], r["path"])
        for r in cloud.requests("nks")
        if r["method"] in WRITE_METHODS and not r["path"].startswith("/identity")
    ]


def with_nks(**changes):
    return {**CREATE, "nks": {**CREATE["nks"], **changes}}


def test_lifecycle_create_rerun_resize_upgrade_flavor_delete(cloud, nks_args):
    created = converge({**nks_args, **CREATE})
    assert created["changed"], created
    cluster = created["cluster"]
    assert cluster["status"] == "CREATE_COMPLETE" and cluster["version"] == "v1.28.3"
    assert cluster["node_count"] == 1 and cluster["node_size"] == FLAVOR
    assert cluster["nks"]["strict_sg_rules"] is True and cluster["nks"]["pods_network_subnet"] == 24
    assert api_writes(cloud) == [("POST", "/v1/clusters")]
    assert "s3cr3t" not in str(created) and "user_script" not in cluster["nks"]

    cloud.clear_log()
    again = converge({**nks_args, **CREATE})
    assert again["changed"] is False and api_writes(cloud) == []

    cloud.clear_log()
    resized = converge({**nks_args, "name": "it-nks", "node_count": 3}, diff=True)
    assert resized["changed"] and resized["cluster"]["node_count"] == 3
    assert resized["diff"]["before"]["node_count"] == 1
    assert api_writes(cloud) == [("POST", f"/v1/clusters/{cluster['id']}/actions/resize")]

    cloud.clear_log()
    upgraded = converge({**nks_args, "name": "it-nks", "version": "1.29.3"})
    assert upgraded["changed"] and upgraded["cluster"]["version"] == "v1.29.3"
    assert upgraded["cluster"]["status"].endswith("_COMPLETE")
    assert api_writes(cloud) == [("POST", f"/v1/clusters/{cluster['id']}/nodegroups/default-master/upgrade")]

    cloud.clear_log()
    bigger = converge({**nks_args, "name": "it-nks", "node_size": BIGGER})
    assert bigger["changed"] and bigger["cluster"]["node_size"] == BIGGER
    assert api_writes(cloud) == [("PATCH", f"/v1/clusters/{cluster['id']}/nodegroups/default-worker")]

    absent = {**nks_args, "name": "it-nks", "state": "absent"}
    gone = converge(absent)
    assert gone["changed"] and gone["cluster"] == {}
    assert cloud.nks("GET", f"/v1/clusters/{cluster['id']}").status_code == 404
    assert converge(absent)["changed"] is False


def test_two_changes_run_one_after_the_other(cloud, nks_args):
    converge({**nks_args, **CREATE})
    cloud.clear_log()
    both = converge({**nks_args, "name": "it-nks", "version": "v1.29.3", "node_count": 2})
    assert both["changed"] and both["cluster"]["version"] == "v1.29.3" and both["cluster"]["node_count"] == 2
    paths = [path.rsplit("/", 1)[-1] for dummy, path in api_writes(cloud)]
    assert paths == ["upgrade", "resize"]


def test_check_mode_predicts_create_and_update_without_writing(cloud, nks_args):
    predicted = converge({**nks_args, **CREATE}, check=True, diff=True)
    assert predicted["changed"] and predicted["diff"]["before"] == {}
    assert predicted["diff"]["after"]["node_count"] == 1 and api_writes(cloud) == []
    assert "user_script" not in predicted["diff"]["after"]["nks"] and "s3cr3t" not in str(predicted)
    converge({**nks_args, **CREATE})
    cloud.clear_log()
    scale = converge({**nks_args, "name": "it-nks", "node_count": 2}, check=True, diff=True)
    assert scale["changed"] and scale["diff"]["after"]["node_count"] == 2 and api_writes(cloud) == []
    downgrade = converge({**nks_args, "name": "it-nks", "version": "v1.27.3"}, check=True)
    assert downgrade["failed"] and "cannot go down from v1.28.3 to v1.27.3" in downgrade["msg"]


def test_immutable_and_refused_changes_fail_without_writing(cloud, nks_args):
    converge({**nks_args, **CREATE})
    cloud.clear_log()
    zone = converge({**nks_args, **with_nks(availability_zone="kr2-pub-a")})
    assert zone["failed"]
    assert "nks.availability_zone cannot be changed in place (nks.availability_zone is 'kr2-pub-b'" in zone["msg"]
    old = converge({**nks_args, "name": "it-nks", "version": "v1.26.3"})
    assert old["failed"] and "from v1.28.3 to v1.26.3" in old["msg"]
    unknown = converge({**nks_args, "name": "it-nks", "version": "v1.31.0"})
    assert unknown["failed"] and "v1.31.0 is unknown at NKS" in unknown["msg"] and "v1.30.3" in unknown["msg"]
    cni = converge({**nks_args, "name": "it-nks", "nks": {"cni_driver": "calico-ebpf"}})
    assert cni["failed"] and "only change from flannel to calico" in cni["msg"]
    assert api_writes(cloud) == []


def test_client_side_rules_fail_before_any_request(cloud, nks_args):
    overlap = converge({**nks_args, **with_nks(service_cluster_ip_range="10.100.128.0/17")})
    assert overlap["failed"] and "overlap" in overlap["msg"] and "10.100.0.0/16" in overlap["msg"]
    small = converge({**nks_args, **with_nks(pods_network_subnet=19)})
    assert small["failed"] and "from 20 to 28, got 19" in small["msg"]
    many = converge({**nks_args, **CREATE, "node_count": 11})
    assert many["failed"] and "between 1 and 10" in many["msg"]
    assert cloud.requests("nks") == []


def test_missing_create_settings_are_named_in_check_mode_too(cloud, nks_args):
    for check in (True, False):
        result = converge({**nks_args, "name": "it-nks", "node_count": 1}, check=check)
        assert result["failed"] and "needs version, node_size, nks.keypair" in result["msg"]
    assert api_writes(cloud) == []


def test_an_asynchronous_failure_fails_with_the_status_reason(cloud, nks_args):
    fault = {"provider": "nks", "method": "POST", "path": "^/v1/clusters$", "async_error": "no capacity", "times": 1}
    cloud.faults(fault)
    result = converge({**nks_args, **CREATE})
    assert result["failed"] and "create failed: no capacity" in result["msg"]
    assert result["resource"]["status"] == "CREATE_FAILED" and result["resource"]["provider"] == "nks"


def test_info_and_kubeconfig(cloud, nks_args, tmp_path):
    converge({**nks_args, **CREATE})
    connection = {k: v for k, v in nks_args.items() if k not in ("poll_interval", "wait_timeout")}
    listed = run_module(k8s_cluster_info.main, {**connection, "status": "create_complete"})
    assert [c["name"] for c in listed["clusters"]] == ["it-nks"] and listed["clusters"][0]["endpoint"]
    none = run_module(k8s_cluster_info.main, {**connection, "status": "DELETE_IN_PROGRESS"})
    assert none["clusters"] == []
    dest = tmp_path / "kubeconfig"
    got = run_module(kubeconfig.main, {**nks_args, "cluster": "it-nks", "dest": str(dest)})
    assert got["changed"] and dest.read_text().startswith("apiVersion: v1")
    assert run_module(kubeconfig.main, {**nks_args, "cluster": "it-nks", "dest": str(dest)})["changed"] is False


def test_a_pre_issued_token_and_a_wrong_password(cloud, nks_args):
    token_args = {**nks_args, "auth": {"token": "demo"}}
    assert converge({**token_args, **CREATE}, check=True)["changed"]
    assert not [r for r in cloud.requests("nks") if r["path"].startswith("/identity")]
    wrong = {**nks_args, "auth": {**nks_args["auth"], "password": "wrong-pass-42"}}
    result = converge({**wrong, **CREATE})
    assert result["failed"] and "401" in result["msg"] and "wrong-pass-42" not in str(result)


def test_name_lookup_reads_by_name_and_refuses_twins_paging_through_markers(cloud, nks_args, monkeypatch):
    from ansible_collections.kaas.cloud.plugins.module_utils.providers.nks import api as nks

    monkeypatch.setattr(nks, "PAGE_SIZE", 1)
    converge({**nks_args, **CREATE})
    cloud.clear_log()
    found = converge({**nks_args, "name": "it-nks", "node_count": 1}, check=True)
    assert found["changed"] is False
    reads = [r["path"] for r in cloud.requests("nks") if r["method"] == "GET"]
    assert reads[0] == "/v1/clusters/it-nks" and "/v1/clusters" not in reads, reads

    twin = cloud.nks("POST", "/v1/clusters", json=TWIN)
    assert twin.status_code == 202, twin.text
    result = converge({**nks_args, "name": "it-nks", "node_count": 1})
    assert result["failed"] and "2 nks clusters are named 'it-nks'" in result["msg"]
    assert twin.json()["uuid"] in result["msg"]
    pages = [r for r in cloud.requests("nks") if r["method"] == "GET" and r["path"] == "/v1/clusters"]
    assert len(pages) >= 2, "NKS's 409 for a shared name is followed by the list, a full page of one by its next link"


def test_certificate_renewed_only_when_it_expires_too_soon(cloud, nks_args):
    created = converge({**nks_args, **with_nks(term_of_validity=1)})
    assert created["cluster"]["nks"]["term_of_validity"] == 1
    days = created["cluster"]["nks"]["certificate_valid_days"]
    assert 360 <= days <= 366

    cloud.clear_log()
    kept = converge({**nks_args, "name": CREATE["name"], "nks": {"certificate_valid_days": 30}})
    assert kept["changed"] is False and api_writes(cloud) == []

    predicted = converge({**nks_args, "name": CREATE["name"], "nks": {"certificate_valid_days": 400}}, check=True)
    assert predicted["failed"] and "less than the 1-year term" in predicted["msg"] and api_writes(cloud) == []

    renewed = converge(
        {**nks_args, "name": CREATE["name"], "nks": {"term_of_validity": 3, "certificate_valid_days": 400}}
    )
    assert renewed["changed"], renewed
    assert api_writes(cloud) == [("PATCH", "/v1/certificates/" + created["cluster"]["id"])]
    assert renewed["cluster"]["nks"]["term_of_validity"] == 3
    assert renewed["cluster"]["nks"]["certificate_valid_days"] >= 3 * 365 - 2

    cloud.clear_log()
    again = converge(
        {**nks_args, "name": CREATE["name"], "nks": {"term_of_validity": 3, "certificate_valid_days": 400}}
    )
    assert again["changed"] is False and api_writes(cloud) == []


def test_certificate_term_out_of_range_is_refused_before_any_request(cloud, nks_args):
    refused = converge({**nks_args, **with_nks(term_of_validity=6)})
    assert refused["failed"] and "1 to 5 (years)" in refused["msg"]
    assert cloud.requests("nks") == []


def test_label_sets_read_back_in_any_order_are_no_change(cloud, nks_args):
    """Under ``make tolerant`` NKS answers these label lists reordered: a re-run must change nothing."""
    volumes = [
        {"volume_type": "General HDD", "volume_size": 100, "volume_mount_path": "/data"},
        {"volume_type": "General SSD", "volume_size": 20, "volume_mount_path": "/cache"},
        {"volume_type": "General HDD", "volume_size": 50, "volume_mount_path": "/backup"},
    ]
    task = {**nks_args, **with_nks(extra_volumes=volumes)}
    assert converge(task)["changed"]
    cloud.clear_log()
    for run in range(3):
        again = converge(task)
        assert not again.get("failed") and again["changed"] is False, (run, again)
    assert api_writes(cloud) == []
