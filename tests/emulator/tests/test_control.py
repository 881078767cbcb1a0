"""The /_emulator control API: health, config, reset and request log."""

from __future__ import annotations

import pkgutil
import re

from emulator_helpers import SEED_CREATE, Deployme
from flask.testing import FlaskClient

import kaas_emulator.providers
from kaas_emulator.core.runtime import Emulator

PROVIDER_PACKAGES = sorted(m.name for m in pkgutil.iter_modules(kaas_emulator.providers.__path__))


def test_health(client: FlaskClient) -> None:
    """Every provider package under kaas_emulator.providers is discovered and served."""
    assert "deployme" in PROVIDER_PACKAGES
    assert client.get("/_emulator/health").json == {
        "status": "ok",
        "providers": PROVIDER_PACKAGES,
        "time_scale": 1.0,
    }


AS_DOCUMENTED = {"responses": "as-documented", "mutation_key": 0, "html_statuses": [502, 503, 504]}


def test_config_time_scale(client: FlaskClient, emu: Emulator) -> None:
    assert client.get("/_emulator/config").json == {
        "time_scale": 1.0,
        "planted_credentials": 0,
        **AS_DOCUMENTED,
    }
    answer = client.post("/_emulator/config", json={"time_scale": 500})
    assert answer.json == {"time_scale": 500.0, "planted_credentials": 0, **AS_DOCUMENTED}
    assert emu.time_scale == 500.0
    assert client.get("/_emulator/health").json["time_scale"] == 500.0
    bad_configs = ({"time_scale": 0}, {"time_scale": "fast"}, {"time_scale": True}, {"x": 1}, [1])
    for bad in (*bad_configs, {"credentials": "x"}, {"credentials": [""]}):
        assert client.post("/_emulator/config", json=bad).status_code == 400
    assert emu.time_scale == 500.0


def test_reset_wipes_everything_but_time_scale(client: FlaskClient, dm: Deployme) -> None:
    client.post("/_emulator/config", json={"time_scale": 50})
    dm.create()
    client.post("/_emulator/faults", json={"status": 503, "path": "^/nothing$"})
    assert client.post("/_emulator/reset").status_code == 204
    assert dm.get("/v1/clusters").json["total"] == 0
    assert client.get("/_emulator/faults").json["faults"] == []
    assert len(client.get("/_emulator/requests").json["requests"]) == 1  # the GET above
    assert client.get("/_emulator/config").json["time_scale"] == 50.0


def test_request_log(client: FlaskClient, dm: Deployme) -> None:
    dm.get("/v1/clusters?page=1&per_page=5")
    dm.post("/v1/clusters", json=SEED_CREATE)
    client.get("/deployme/v1/clusters")  # 401 is logged too
    client.post("/_emulator/faults", json={"status": 503})
    dm.delete("/v1/clusters/cls_nope00")
    client.get("/_emulator/health")  # control paths are not logged
    log = client.get("/_emulator/requests").json["requests"]
    summary = [(e["seq"], e["method"], e["path"], e["query"], e["status"], e["fault"]) for e in log]
    assert summary == [
        (1, "GET", "/v1/clusters", "page=1&per_page=5", 200, None),
        (2, "POST", "/v1/clusters", "", 201, None),
        (3, "GET", "/v1/clusters", "", 401, None),
        (4, "DELETE", "/v1/clusters/cls_nope00", "", 503, "status"),
    ]
    assert all(e["provider"] == "deployme" for e in log)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", e["time"]) for e in log)
    keys = {"seq", "time", "provider", "method", "path", "raw_path", "query", "status", "fault"}
    assert set(log[0]) == keys


def test_request_log_filters_and_clear(client: FlaskClient, dm: Deployme) -> None:
    dm.get("/v1/clusters")
    dm.post("/v1/clusters", json=SEED_CREATE)
    posts = client.get("/_emulator/requests?method=post").json["requests"]
    assert [e["method"] for e in posts] == ["POST"]
    assert len(client.get("/_emulator/requests?provider=deployme").json["requests"]) == 2
    assert client.get("/_emulator/requests?provider=nks").json["requests"] == []
    assert client.delete("/_emulator/requests").status_code == 204
    assert client.get("/_emulator/requests").json["requests"] == []
    dm.get("/v1/clusters")
    assert client.get("/_emulator/requests").json["requests"][0]["seq"] == 3


def test_request_log_reads_after_a_sequence_number(client: FlaskClient, dm: Deployme) -> None:
    """Passing ``last_seq`` back shows each later request once; clearing never rewinds it."""
    assert client.get("/_emulator/requests").json == {"requests": [], "last_seq": 0}
    dm.get("/v1/clusters")
    first = client.get("/_emulator/requests").json
    assert [e["seq"] for e in first["requests"]] == [1] and first["last_seq"] == 1
    dm.post("/v1/clusters", json=SEED_CREATE)
    dm.get("/v1/clusters")
    later = client.get(f"/_emulator/requests?after={first['last_seq']}").json
    assert [(e["seq"], e["method"]) for e in later["requests"]] == [(2, "POST"), (3, "GET")]
    assert later["last_seq"] == 3
    posts = client.get("/_emulator/requests?after=1&method=GET").json
    assert [e["seq"] for e in posts["requests"]] == [3] and posts["last_seq"] == 3
    assert client.delete("/_emulator/requests").status_code == 204
    assert client.get("/_emulator/requests?after=3").json == {"requests": [], "last_seq": 3}
    dm.get("/v1/clusters")
    assert [e["seq"] for e in client.get("/_emulator/requests?after=3").json["requests"]] == [4]


def test_request_log_refuses_an_after_that_is_no_number(client: FlaskClient) -> None:
    answer = client.get("/_emulator/requests?after=last")
    assert answer.status_code == 400
    assert "after" in answer.get_data(as_text=True)


def test_request_log_never_keeps_secrets(client: FlaskClient, dm: Deployme) -> None:
    dm.post("/v1/clusters", json={**SEED_CREATE, "name": "secretname"})
    text = client.get("/_emulator/requests").get_data(as_text=True)
    assert "secretname" not in text
    assert "demo" not in text


def test_unknown_path_outside_providers(client: FlaskClient) -> None:
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert response.json["error"] == "not_found"
    assert client.get("/_emulator/requests").json["requests"] == []
