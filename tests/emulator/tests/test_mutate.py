"""The tolerant-reader response mode: each reshaping, its controls, and that it is deterministic."""

from __future__ import annotations

import email.utils
import json
import time
from typing import Any

import pytest
from emulator_helpers import Deployme
from flask import Response
from flask.testing import FlaskClient

from kaas_emulator.core.mutate import UNKNOWN_PREFIX, Mutation, Mutator, from_environment
from kaas_emulator.core.runtime import Emulator

NKS_TOKENS = "/nks/identity/v2.0/tokens"
ECNS_TOKENS = "/ecns/identity/v3/auth/tokens"
NKS_SIGN_IN = {
    "auth": {"tenantId": "demo", "passwordCredentials": {"username": "demo", "password": "demo"}}
}
ECNS_SIGN_IN = {
    "auth": {
        "identity": {
            "methods": ["password"],
            "password": {
                "user": {"name": "demo", "domain": {"name": "Default"}, "password": "demo"}
            },
        },
        "scope": {"project": {"id": "demo"}},
    }
}


def tolerant(client: FlaskClient, **settings: Any) -> dict[str, Any]:
    answer = client.post("/_emulator/config", json={"responses": "tolerant-reader", **settings})
    assert answer.status_code == 200, answer.json
    return answer.json


def unknown_keys(node: Any) -> int:
    """How many objects of a document carry an undocumented field."""
    if isinstance(node, dict):
        own = any(key.startswith(UNKNOWN_PREFIX) for key in node)
        return int(own) + sum(unknown_keys(value) for value in node.values())
    if isinstance(node, list):
        return sum(unknown_keys(item) for item in node)
    return 0


def test_off_by_default_and_switched_on_by_the_control_api(
    client: FlaskClient, dm: Deployme
) -> None:
    created = dm.create(name="plain")
    assert unknown_keys(created) == 0
    assert tolerant(client, mutation_key=7)["responses"] == "tolerant-reader"
    shown = dm.get(f"/v1/clusters/{created['id']}").json
    assert unknown_keys(shown) == 1 and shown["id"] == created["id"]
    # A reset keeps the mode: it is a setting, like the time scale.
    client.post("/_emulator/reset")
    assert client.get("/_emulator/config").json["responses"] == "tolerant-reader"


@pytest.mark.parametrize(
    "bad",
    [
        {"responses": "chaos"},
        {"mutation_key": "x"},
        {"mutation_key": True},
        {"html_statuses": [200]},
        {"html_statuses": "502"},
    ],
)
def test_bad_settings_are_refused(client: FlaskClient, bad: dict[str, Any]) -> None:
    assert client.post("/_emulator/config", json=bad).status_code == 400


def test_every_object_level_gets_an_unknown_field_and_data_maps_none(
    client: FlaskClient,
) -> None:
    tolerant(client)
    access = client.post(NKS_TOKENS, json=NKS_SIGN_IN).json["access"]
    # access, token, tenant, each catalog entry and endpoint, user, each role, metadata
    assert unknown_keys(access) >= 7


def test_catalog_urls_end_with_a_slash(client: FlaskClient) -> None:
    tolerant(client)
    v2 = client.post(NKS_TOKENS, json=NKS_SIGN_IN).json["access"]["serviceCatalog"]
    v3 = client.post(ECNS_TOKENS, json=ECNS_SIGN_IN).json["token"]["catalog"]
    urls = [e["publicURL"] for s in v2 for e in s["endpoints"]] + [
        e["url"] for s in v3 for e in s["endpoints"]
    ]
    assert urls and all(url.endswith("/") and not url.endswith("//") for url in urls)


def test_optional_fields_are_left_out_or_null_and_nulls_may_vanish(
    client: FlaskClient, dm: Deployme
) -> None:
    created = dm.create(name="opt")
    tolerant(client)
    seen = [dm.get(f"/v1/clusters/{created['id']}").json for _ in range(12)]
    # deployme's updated_at and node_count are optional: absent or null, never a value.
    for answer in seen:
        assert answer.get("updated_at") is None and answer.get("node_count") is None
    assert any("node_count" not in a for a in seen) and any("node_count" in a for a in seen)
    assert all(a["name"] == "opt" and a["status"] for a in seen)


def test_inner_lists_are_reordered_pages_and_command_lines_are_not() -> None:
    mutator = Mutator()
    mutator.configure(Mutation(mode="tolerant-reader", key=1))
    document = {
        "items": [{"id": n, "zones": list(range(8)), "args": list(range(8))} for n in range(8)],
        "events": [{"at": n} for n in range(8)],
    }
    seen = []
    for _ in range(4):
        response = Response(json.dumps(document), mimetype="application/json")
        answer = json.loads(mutator.mutate("deployme", "GET", "/v1/x", "", response).get_data())
        assert [item["id"] for item in answer["items"]] == list(range(8))
        assert [event["at"] for event in answer["events"]] == list(range(8))
        assert all(item["args"] == list(range(8)) for item in answer["items"])
        assert all(sorted(item["zones"]) == list(range(8)) for item in answer["items"])
        seen.extend(tuple(item["zones"]) for item in answer["items"])
    assert len(set(seen)) > 1


def mutated(document: dict[str, Any], times: int = 8) -> list[dict[str, Any]]:
    """``document`` as ``times`` successive answers of one request would show it."""
    mutator = Mutator()
    mutator.configure(Mutation(mode="tolerant-reader", key=3))
    answers = []
    for _ in range(times):
        response = Response(json.dumps(document), mimetype="application/json")
        answers.append(json.loads(mutator.mutate("nks", "GET", "/v1/x", "", response).get_data()))
    return answers


def test_sets_are_reordered_where_pages_and_data_maps_are_not() -> None:
    """ACL targets atop an answer, NKS labels' volume and group lists, ITCare ports: all move."""
    labels = {
        "extra_volumes": [{"volume_mount_path": f"/data{n}"} for n in range(6)],
        "extra_security_groups": [{"security_group_ids": [f"sg{n}" for n in range(6)]}],
        "availability_zone": "kr-pub-a",
    }
    document = {
        "ipacl_targets": [{"cidr_address": f"10.0.0.{n}"} for n in range(6)],
        "labels": labels,
        "portMembers": "80,443,8080,8443",
    }
    answers = mutated(document)
    ports = [a["portMembers"] for a in answers]
    assert all(sorted(p.split(",")) == ["443", "80", "8080", "8443"] for p in ports)
    assert len(set(ports)) > 1
    targets = [tuple(t["cidr_address"] for t in a["ipacl_targets"]) for a in answers]
    assert all(sorted(t) == sorted(targets[0]) for t in targets) and len(set(targets)) > 1
    volumes = [tuple(v["volume_mount_path"] for v in a["labels"]["extra_volumes"]) for a in answers]
    assert len(set(volumes)) > 1
    groups = [tuple(a["labels"]["extra_security_groups"][0]["security_group_ids"]) for a in answers]
    assert len(set(groups)) > 1
    # The data map gains no unknown key and keeps its plain values.
    assert all(
        set(a["labels"]) == set(labels) and a["labels"]["availability_zone"] == "kr-pub-a"
        for a in answers
    )


def test_env_and_init_containers_keep_their_order_other_containers_move() -> None:
    containers = [{"name": f"init-{n}", "type": "init"} for n in range(3)]
    containers += [
        {"name": f"app-{n}", "type": "worker", "env": [{"name": f"E{k}"} for k in range(6)]}
        for n in range(5)
    ]
    answers = mutated({"workload": {"containers": containers}})
    orders = []
    for answer in answers:
        listed = answer["workload"]["containers"]
        assert [c["name"] for c in listed if c["type"] == "init"] == ["init-0", "init-1", "init-2"]
        assert all(
            [e["name"] for e in c["env"]] == [f"E{k}" for k in range(6)]
            for c in listed
            if "env" in c
        )
        orders.append(tuple(c["name"] for c in listed))
    assert len(set(orders)) > 1
    assert any(order.index("init-0") > 0 for order in orders)


def test_pages_keep_their_order(client: FlaskClient) -> None:
    client.post("/_emulator/config", json={"responses": "as-documented"})
    dm = Deployme(client)
    for index in range(6):
        dm.create(name=f"page-{index}")
    documented = [item["name"] for item in dm.get("/v1/clusters?per_page=50").json["items"]]
    tolerant(client)
    for _ in range(3):
        names = [item["name"] for item in dm.get("/v1/clusters?per_page=50").json["items"]]
        assert names == documented


def test_error_bodies_keep_their_message_and_proxy_statuses_become_html(
    client: FlaskClient, emu: Emulator, dm: Deployme
) -> None:
    tolerant(client)
    missing = dm.get("/v1/clusters/cls_nope")
    assert missing.status_code == 404 and missing.json["message"]
    client.post(
        "/_emulator/faults", json={"provider": "deployme", "status": 503, "retry_after": 30}
    )
    page = dm.get("/v1/clusters")
    assert page.status_code == 503 and page.mimetype == "text/html"
    assert "<h1>503 Service Unavailable</h1>" in page.get_data(as_text=True)
    moment = email.utils.parsedate_to_datetime(page.headers["Retry-After"]).timestamp()
    assert 29 <= moment - time.time() <= 32
    # html_statuses chooses which statuses a proxy answers: a 403 too.
    tolerant(client, html_statuses=[403])
    client.post("/_emulator/faults", json={"provider": "deployme", "status": 403})
    assert dm.get("/v1/clusters").mimetype == "text/html"
    client.post("/_emulator/faults", json={"provider": "deployme", "status": 503})
    assert dm.get("/v1/clusters").is_json


def test_the_same_key_gives_the_same_answers_another_key_others(client: FlaskClient) -> None:
    def run(key: int) -> list[bytes]:
        client.post("/_emulator/reset")
        tolerant(client, mutation_key=key)
        answers = []
        for _ in range(3):
            answer = client.post(NKS_TOKENS, json=NKS_SIGN_IN)
            # Token ids and times differ per call; the shape is what the key decides.
            access = answer.json["access"]
            answers.append(repr(sorted(access)).encode() + repr(sorted(access["token"])).encode())
        return answers

    first = run(3)
    assert run(3) == first
    assert run(4) != first


@pytest.mark.parametrize(
    ("value", "mode", "key"),
    [
        (None, "as-documented", 0),
        ("", "as-documented", 0),
        ("0", "as-documented", 0),
        ("1", "tolerant-reader", 0),
        ("yes", "tolerant-reader", 0),
        ("42", "tolerant-reader", 42),
    ],
)
def test_the_environment_variable(value: str | None, mode: str, key: int) -> None:
    found = from_environment(value)
    assert (found.mode, found.key) == (mode, key)


def test_each_request_draws_its_own_changes() -> None:
    """The draws are keyed by the request too: two paths answered once each differ."""
    mutator = Mutator()
    mutator.configure(Mutation(mode="tolerant-reader", key=1))

    def unknown_field(path: str) -> str:
        response = Response(json.dumps({"id": 1}), mimetype="application/json")
        answer = json.loads(mutator.mutate("deployme", "GET", path, "", response).get_data())
        return next(name for name in answer if name.startswith(UNKNOWN_PREFIX))

    assert len({unknown_field(f"/v1/clusters/{n}") for n in range(4)}) == 4
