"""k8s_cluster against the emulator: idempotency, check mode, diff, faults, waiting, refusals."""

from __future__ import annotations

import time

import pytest

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster

from .conftest import TIME_SCALE, run_module

CREATE = {"name": "prod", "node_count": 2, "node_size": "medium", "deployme": {"control_planes": 1}}


def converge(args, **kw):
    return run_module(k8s_cluster.main, args, **kw)


def test_create_then_second_run_sends_no_write(cloud, deployme_args):
    first = converge({**deployme_args, **CREATE})
    assert first["changed"] and first["cluster"]["status"] == "running"
    assert first["cluster"]["node_count"] == 2 and first["cluster"]["deployme"]["control_planes"] == 1
    cloud.clear_log()
    second = converge({**deployme_args, **CREATE})
    assert second["changed"] is False
    assert cloud.writes() == []
    assert [r["method"] for r in cloud.requests()] == ["GET"]


def test_check_mode_predicts_and_sends_no_write(cloud, deployme_args):
    predicted = converge({**deployme_args, **CREATE}, check=True, diff=True)
    assert predicted["changed"] is True and cloud.writes() == []
    assert predicted["diff"]["before"] == {} and predicted["diff"]["after"]["node_count"] == 2
    real = converge({**deployme_args, **CREATE})
    assert real["changed"] is True

    scale = {**deployme_args, **CREATE, "node_count": 4}
    cloud.clear_log()
    predicted = converge(scale, check=True, diff=True)
    assert predicted["changed"] and cloud.writes() == []
    assert predicted["diff"]["before"]["node_count"] == 2 and predicted["diff"]["after"]["node_count"] == 4
    done = converge(scale, diff=True)
    assert done["changed"] and done["cluster"]["node_count"] == 4 and done["cluster"]["status"] == "running"
    assert [(w["method"], w["path"]) for w in cloud.writes()] == [("PATCH", f"/v1/clusters/{done['cluster']['id']}")]
    assert converge(scale, check=True)["changed"] is False


def test_changing_control_planes_fails_naming_the_field_without_writing(cloud, deployme_args):
    converge({**deployme_args, **CREATE})
    cloud.clear_log()
    result = converge({**deployme_args, **CREATE, "node_count": 3, "deployme": {"control_planes": 3}})
    assert result["failed"]
    assert (
        "deployme.control_planes cannot be changed in place (deployme.control_planes is 1, requested 3)"
        in (result["msg"])
    )
    assert cloud.writes() == []


def test_invalid_node_size_fails_before_any_request(cloud, deployme_args):
    result = converge({**deployme_args, **CREATE, "node_size": "huge"})
    assert result["failed"] and "node_size 'huge' is not a deployme size" in result["msg"]
    assert cloud.requests() == []


def test_block_of_another_provider_fails_before_any_request(cloud, deployme_args):
    result = converge({**deployme_args, "name": "x", "version": "1.31"})
    assert result["failed"] and "'version' is not supported by provider deployme" in result["msg"]
    assert cloud.requests() == []


def test_two_503_on_get_are_survived(cloud, deployme_args):
    cloud.faults({"provider": "deployme", "method": "GET", "path": "^/v1/clusters$", "status": 503, "times": 2})
    result = converge({**deployme_args, **CREATE})
    assert result["changed"] and result["cluster"]["status"] == "running"
    statuses = [r["status"] for r in cloud.requests() if r["method"] == "GET" and r["path"] == "/v1/clusters"]
    assert statuses[:3] == [503, 503, 200]


def test_503_on_create_does_not_make_two_clusters(cloud, deployme_args):
    cloud.faults({"provider": "deployme", "method": "POST", "path": "^/v1/clusters$", "status": 503, "times": 1})
    result = converge({**deployme_args, **CREATE})
    assert result["changed"]
    listed = cloud.deployme("GET", "/v1/clusters").json()
    assert [c["name"] for c in listed["items"]] == ["prod"]


def test_connection_reset_on_create_does_not_make_two_clusters(cloud, deployme_args):
    # A reset may follow a create the provider made: it is never sent again in the run.
    cloud.faults({"provider": "deployme", "method": "POST", "path": "^/v1/clusters$", "reset": True, "times": 1})
    result = converge({**deployme_args, **CREATE, "timeout": 2})
    assert result["failed"] and result["changed"] and "not sent again" in result["msg"], result
    assert cloud.deployme("GET", "/v1/clusters").json()["total"] == 0
    # This reset came before the provider acted: the re-run creates the one cluster.
    again = converge({**deployme_args, **CREATE, "timeout": 2})
    assert not again.get("failed") and again["changed"], again
    assert cloud.deployme("GET", "/v1/clusters").json()["total"] == 1


def test_wait_returns_within_one_poll_interval_of_running(cloud, deployme_args):
    interval = 0.3
    started = time.time()
    result = converge({**deployme_args, **CREATE, "poll_interval": interval})
    returned = time.time()
    running_at = started + 240 / TIME_SCALE
    assert result["cluster"]["status"] == "running"
    assert returned - running_at <= interval + 0.25


def test_cluster_ending_in_error_fails_with_the_reason(cloud, deployme_args):
    cloud.faults(
        {
            "provider": "deployme",
            "method": "POST",
            "path": "^/v1/clusters$",
            "async_error": "no capacity left in zone b",
            "times": 1,
        }
    )
    result = converge({**deployme_args, **CREATE})
    assert result["failed"] and "create failed: no capacity left in zone b" in result["msg"]


def test_wait_false_returns_the_pending_cluster(cloud, deployme_args):
    with cloud.time_scaled(1.0):
        result = converge({**deployme_args, **CREATE, "wait": False})
    assert result["changed"] and result["cluster"]["status"] == "provisioning"


def test_delete_is_idempotent_and_check_mode_safe(cloud, deployme_args):
    converge({**deployme_args, **CREATE})
    absent = {**deployme_args, "name": "prod", "state": "absent"}
    cloud.clear_log()
    assert converge(absent, check=True)["changed"] and cloud.writes() == []
    gone = converge(absent)
    assert gone["changed"] and gone["cluster"] == {}
    assert cloud.deployme("GET", "/v1/clusters").json()["total"] == 0
    assert converge(absent)["changed"] is False


def test_name_lookup_follows_every_page_and_refuses_ambiguity(cloud, deployme_args):
    for index in range(105):
        body = {"name": f"c{index}", "control_planes": 1, "workers": 1, "node_size": "small"}
        assert cloud.deployme("POST", "/v1/clusters", json=body).status_code == 201
    result = converge({**deployme_args, "name": "c104", "node_size": "small"}, check=True)
    assert result["changed"] is False and result["cluster"]["name"] == "c104"
    pages = [r["query"] for r in cloud.requests() if r["method"] == "GET" and r["path"] == "/v1/clusters"]
    assert len(pages) == 2

    twin = cloud.deployme(
        "POST", "/v1/clusters", json={"name": "c7", "control_planes": 1, "workers": 1, "node_size": "small"}
    ).json()
    result = converge({**deployme_args, "name": "c7", "node_count": 1})
    assert result["failed"] and "2 deployme clusters are named 'c7'" in result["msg"] and twin["id"] in result["msg"]


def test_token_is_never_returned(cloud, deployme_args):
    result = converge({**deployme_args, "auth": {"token": "wrong-token-123"}, **CREATE})
    assert result["failed"] and "401" in result["msg"]
    assert "wrong-token-123" not in str(result)


@pytest.mark.parametrize("token_env", ["demo"])
def test_connection_options_come_from_the_environment(cloud, monkeypatch, token_env):
    monkeypatch.setenv("KAAS_PROVIDER", "deployme")
    monkeypatch.setenv("KAAS_API_URL", f"{cloud.url}/deployme")
    monkeypatch.setenv("KAAS_AUTH_TOKEN", token_env)
    result = converge({**CREATE, "poll_interval": 0.2})
    assert result["changed"] and result["cluster"]["status"] == "running"


def test_a_credential_set_for_another_provider_is_not_sent(cloud, monkeypatch):
    """An AWX credential for NKS (KAAS_PROVIDER=nks) leaves a deployme task without a token: it fails, sends nothing."""
    monkeypatch.setenv("KAAS_PROVIDER", "nks")
    monkeypatch.setenv("KAAS_API_URL", f"{cloud.url}/nks")
    monkeypatch.setenv("KAAS_AUTH_TOKEN", "nks-token-not-for-deployme")
    cloud.clear_log()
    result = converge({"provider": "deployme", "api_url": f"{cloud.url}/deployme", **CREATE})
    assert result["failed"] and "token" in result["msg"]
    assert cloud.requests() == []
