"""deployme.cloud status transitions, pagination, kubeconfig and rate limiting."""

from __future__ import annotations

import time

import pytest
from emulator_helpers import Deployme
from flask.testing import FlaskClient

from kaas_emulator.app import create_app
from kaas_emulator.core.clock import ManualClock
from kaas_emulator.core.runtime import Emulator


def test_provisioning_lasts_240_nominal_seconds(dm: Deployme, clock: ManualClock) -> None:
    cluster = dm.create()
    clock.advance(239)
    assert dm.status(cluster["id"]) == "provisioning"
    clock.advance(1)
    assert dm.status(cluster["id"]) == "running"


def test_time_scale_divides_durations(dm: Deployme, clock: ManualClock, emu: Emulator) -> None:
    emu.time_scale = 60.0
    cluster = dm.create()
    clock.advance(3.9)
    assert dm.status(cluster["id"]) == "provisioning"
    clock.advance(0.1)
    assert dm.status(cluster["id"]) == "running"


def test_real_clock_with_large_time_scale() -> None:
    fast = Deployme(create_app(time_scale=2400.0).test_client())  # 240 s -> 0.1 s
    cluster = fast.create()
    assert fast.status(cluster["id"]) == "provisioning"
    time.sleep(0.15)
    assert fast.status(cluster["id"]) == "running"


def test_scaling_then_running(dm: Deployme, clock: ManualClock) -> None:
    cluster = dm.create(workers=2)
    clock.advance(240)
    response = dm.patch(f"/v1/clusters/{cluster['id']}", json={"workers": 4, "node_size": "small"})
    assert response.json["status"] == "scaling"
    assert (response.json["workers"], response.json["node_size"]) == (4, "small")
    assert response.json["node_count"] == 7
    assert response.json["updated_at"] != response.json["created_at"]
    clock.advance(119)
    assert dm.status(cluster["id"]) == "scaling"
    clock.advance(1)
    assert dm.get(f"/v1/clusters/{cluster['id']}").json["workers"] == 4
    assert dm.status(cluster["id"]) == "running"


def test_patch_with_current_values_changes_nothing(dm: Deployme, clock: ManualClock) -> None:
    cluster = dm.create()
    clock.advance(240)
    before = dm.get(f"/v1/clusters/{cluster['id']}").json
    clock.advance(10)
    response = dm.patch(f"/v1/clusters/{cluster['id']}", json={"workers": 5})
    assert response.status_code == 200
    assert response.json == before


@pytest.mark.parametrize("status", ["provisioning", "scaling", "deleting", "error"])
def test_patch_conflicts_unless_running(
    dm: Deployme, clock: ManualClock, client: FlaskClient, status: str
) -> None:
    if status == "error":
        client.post("/_emulator/faults", json={"async_error": "boom", "method": "POST"})
    cluster = dm.create()
    path = f"/v1/clusters/{cluster['id']}"
    if status in ("scaling", "deleting", "error"):
        clock.advance(240)
    if status == "scaling":
        dm.patch(path, json={"workers": 6})
    if status == "deleting":
        dm.delete(path)
    assert dm.status(cluster["id"]) == status
    response = dm.patch(path, json={"workers": 7})
    assert response.status_code == 409
    assert response.json["error"] == "conflict"


def test_deletion_removes_the_cluster(dm: Deployme, clock: ManualClock) -> None:
    cluster = dm.create()
    clock.advance(240)
    path = f"/v1/clusters/{cluster['id']}"
    assert dm.delete(path).status_code == 204
    assert dm.status(cluster["id"]) == "deleting"
    clock.advance(30)
    assert dm.delete(path).status_code == 204  # idempotent, does not restart the timer
    clock.advance(30)
    assert dm.get(path).status_code == 404
    assert dm.get("/v1/clusters").json["total"] == 0
    assert dm.delete(path).status_code == 404


def test_delete_while_provisioning(dm: Deployme, clock: ManualClock) -> None:
    cluster = dm.create()
    assert dm.delete(f"/v1/clusters/{cluster['id']}").status_code == 204
    clock.advance(60)
    assert dm.status(cluster["id"]) == "gone"


def test_kubeconfig_availability(dm: Deployme, clock: ManualClock) -> None:
    cluster = dm.create()
    path = f"/v1/clusters/{cluster['id']}/kubeconfig"
    response = dm.get(path)
    assert response.status_code == 409
    assert response.json["error"] == "conflict"
    clock.advance(240)
    first = dm.get(path)
    assert first.status_code == 200
    dm.patch(f"/v1/clusters/{cluster['id']}", json={"workers": 9})
    assert dm.get(path).data == first.data  # stable, available while scaling
    dm.delete(f"/v1/clusters/{cluster['id']}")
    assert dm.get(path).status_code == 409


def test_kubeconfig_content(dm: Deployme, clock: ManualClock) -> None:
    one, two = dm.create(name="true"), dm.create(name="other")
    clock.advance(240)
    texts = [
        dm.get(f"/v1/clusters/{c['id']}/kubeconfig").get_data(as_text=True) for c in (one, two)
    ]
    lines = texts[0].splitlines()
    assert "kind: Config" in lines
    assert '- name: "true"' in lines
    assert f"    server: {one['endpoint']}" in lines
    assert any(line.startswith("    certificate-authority-data: ") for line in lines)
    assert 'current-context: "true"' in lines
    tokens = [next(line for line in text.splitlines() if "token:" in line) for text in texts]
    assert tokens[0] != tokens[1]


def test_list_pagination_order_and_filter(dm: Deployme, clock: ManualClock) -> None:
    ids = []
    for index in range(5):
        ids.append(dm.create(name=f"c{index}")["id"])
        clock.advance(100)
    # c0, c1, c2 are running by now (>= 240 s old); c3, c4 still provisioning.
    page = dm.get("/v1/clusters?page=2&per_page=2").json
    assert (page["total"], page["page"], page["per_page"]) == (5, 2, 2)
    assert [item["id"] for item in page["items"]] == ids[2:4]
    assert dm.get("/v1/clusters?page=9").json["items"] == []
    running = dm.get("/v1/clusters?status=running").json
    assert [item["name"] for item in running["items"]] == ["c0", "c1", "c2"]
    assert running["total"] == 3
    assert dm.get("/v1/clusters?status=upgrading").json["total"] == 0
    assert dm.get("/v1/clusters?per_page=500").json["per_page"] == 100


def test_rate_limit_headers_and_429(dm: Deployme, clock: ManualClock) -> None:
    clock.set(1_772_359_230)  # 30 s into a 60 s window
    first = dm.get("/v1/clusters")
    assert first.headers["X-RateLimit-Limit"] == "600"
    assert first.headers["X-RateLimit-Remaining"] == "599"
    assert first.headers["X-RateLimit-Reset"] == "1772359260"
    for _ in range(599):
        last = dm.get("/v1/clusters")
    assert last.status_code == 200
    assert last.headers["X-RateLimit-Remaining"] == "0"
    limited = dm.get("/v1/clusters")
    assert limited.status_code == 429
    assert limited.json["error"] == "rate_limited"
    assert limited.headers["Retry-After"] == "30"
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    clock.advance(30)
    assert dm.get("/v1/clusters").headers["X-RateLimit-Remaining"] == "599"


def test_rate_limit_headers_on_errors(dm: Deployme, client: FlaskClient) -> None:
    assert "X-RateLimit-Limit" in dm.get("/v1/clusters/cls_nope00").headers
    assert "X-RateLimit-Limit" in client.get("/deployme/v1/clusters").headers
    assert dm.get("/v1/clusters").headers["X-Request-Id"].startswith("req_")
