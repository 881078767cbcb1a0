"""Core pieces in isolation, and a throw-away provider proving the core is generic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests
from flask import Blueprint, Request, Response, jsonify

from kaas_emulator.app import create_app, get_emulator
from kaas_emulator.core import auth, operations
from kaas_emulator.core.clock import ManualClock, iso8601
from kaas_emulator.core.errors import ApiError, default_code
from kaas_emulator.core.ratelimit import RateLimiter, RateLimitPolicy
from kaas_emulator.core.registry import Provider, discover
from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.state import StateFileError, StateStore


def test_operation_settles_on_scaled_time() -> None:
    resource: dict = {"status": "creating"}
    operations.begin(resource, "create", 100, now=1000.0)
    done: list = []

    def on_done(res: dict, op: operations.Operation, finished: float) -> bool:
        done.append((op.kind, finished))
        res["status"] = "ready"
        return False

    assert not operations.settle(resource, 1009.9, 10.0, on_done)
    assert operations.current(resource).progress(1005.0, 10.0) == 0.5
    assert operations.settle(resource, 1010.0, 10.0, on_done) is False
    assert done == [("create", 1010.0)]
    assert resource == {"status": "ready"}
    assert operations.current(resource) is None


def test_settle_all_removes_finished_deletions() -> None:
    items = {"a": {"id": "a"}, "b": {"id": "b", "_x": 1}}
    operations.begin(items["a"], "delete", 5, now=0.0)
    operations.settle_all(items, 5.0, 1.0, lambda res, op, at: op.kind == "delete")
    assert list(items) == ["b"]
    assert operations.public_view(items["b"]) == {"id": "b"}


def test_rate_limiter_windows() -> None:
    limiter = RateLimiter(RateLimitPolicy(limit=2, window_seconds=10, remaining_header=None))
    assert limiter.hit("k", 101.0).remaining == 1
    assert limiter.hit("k", 102.0).allowed
    refused = limiter.hit("k", 103.0)
    assert not refused.allowed
    assert refused.retry_after(103.0) == 7
    assert limiter.hit("other", 103.0).allowed
    assert limiter.peek("k", 110.0).remaining == 2
    assert limiter.headers(refused) == {"X-RateLimit-Limit": "2", "X-RateLimit-Reset": "110"}


def test_tokens() -> None:
    state: dict = {}
    token, expires = auth.issue_token(state, now=100.0, ttl_seconds=10, prefix="t-")
    assert token.startswith("t-") and expires == 110.0
    assert auth.token_valid(state, token, 109.0)
    assert not auth.token_valid(state, token, 110.0)
    assert auth.token_valid(state, "demo", 1e12)
    assert not auth.token_valid(state, None, 0)
    assert auth.is_demo("demo", "demo") and not auth.is_demo("demo", "x") and not auth.is_demo()


def test_state_store_is_atomic_and_reloads(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "state.json"
    store = StateStore({"p": lambda: {"items": {}}}, path)
    with store.transaction("p") as state:
        state["items"]["x"] = 1
    store.save()
    assert json.loads(path.read_text())["providers"]["p"] == {"items": {"x": 1}}
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temp file left
    again = StateStore({"p": dict, "q": lambda: {"new": True}}, path)
    assert again.snapshot() == {"p": {"items": {"x": 1}}, "q": {"new": True}}


@pytest.mark.parametrize("content", ["{broken", '{"format": 99}', '{"format": 1}'])
def test_state_store_refuses_bad_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content)
    with pytest.raises(StateFileError):
        StateStore({"p": dict}, path)


def test_error_codes() -> None:
    assert default_code(503) == "service_unavailable"
    assert default_code(418) == "i'm_a_teapot"
    assert ApiError(404).message == "Not Found"
    assert iso8601(0) == "1970-01-01T00:00:00Z"


def test_discover_finds_deployme() -> None:
    assert "deployme" in [provider.name for provider in discover()]


def _toy_provider() -> Provider:
    """A provider as a future NKS/ITCare/ECNS module would declare it."""
    blueprint = Blueprint("toy", __name__)

    @blueprint.post("/token")
    def token() -> Response:
        with provider_state() as state:
            value, _ = auth.issue_token(state, now(), 3600)
        return jsonify({"token": value})

    @blueprint.post("/things")
    def make_thing() -> tuple[Response, int]:
        with provider_state() as state:
            thing = {"id": str(len(state["things"]) + 1), "status": "building"}
            operations.begin(thing, "build", 10, now(), take_async_error())
            state["things"][thing["id"]] = thing
        return jsonify(operations.public_view(thing)), 202

    @blueprint.get("/things/<thing_id>")
    def get_thing(thing_id: str) -> Response:
        def done(res: dict, op: operations.Operation, at: float) -> bool:
            res["status"] = "failed: " + op.error if op.error else "ready"
            return False

        with provider_state() as state:
            operations.settle_all(state["things"], now(), time_scale(), done)
            if thing_id not in state["things"]:
                raise ApiError(404, "no such thing")
            return jsonify(operations.public_view(state["things"][thing_id]))

    def format_error(status: int, code: str, message: str) -> Response:
        response = jsonify({"fault": {"code": status, "title": code, "detail": message}})
        response.status_code = status
        return response

    def authenticate(request: Request) -> str | None:
        token = request.headers.get("X-Auth-Token")
        with provider_state() as state:
            return token if auth.token_valid(state, token, now()) else None

    return Provider(
        name="toy",
        blueprint=blueprint,
        format_error=format_error,
        authenticate=authenticate,
        public_paths=(r"^/token$",),
        rate_limit=RateLimitPolicy(
            limit=3,
            window_seconds=60,
            limit_header="X-Toy-Limit",
            remaining_header=None,
            reset_header=None,
        ),
        initial_state=lambda: {"things": {}},
        request_id_header=None,
    )


def test_a_new_provider_needs_no_core_change() -> None:
    clock = ManualClock()
    app = create_app(clock=clock, providers=[_toy_provider()])
    client = app.test_client()
    assert client.get("/_emulator/health").json["providers"] == ["toy"]
    denied = client.post("/toy/things")
    assert denied.status_code == 401
    assert denied.json == {
        "fault": {"code": 401, "title": "unauthorized", "detail": "missing or invalid credentials"}
    }
    token = client.post("/toy/token").json["token"]
    headers = {"X-Auth-Token": token}
    client.post("/_emulator/faults", json={"provider": "toy", "async_error": "melted"})
    made = client.post("/toy/things", headers=headers)
    assert made.status_code == 202
    assert made.headers["X-Toy-Limit"] == "3"
    assert "X-Request-Id" not in made.headers
    clock.advance(10)
    assert client.get("/toy/things/1", headers=headers).json["status"] == "failed: melted"
    assert client.get("/toy/things/9", headers=headers).json["fault"]["code"] == 404
    assert client.get("/toy/things/1", headers=headers).json["fault"]["code"] == 429
    assert get_emulator(app).log.entries(provider="toy")[-1]["status"] == 429


def test_duplicate_provider_names_are_refused() -> None:
    with pytest.raises(ValueError, match="twice"):
        create_app(providers=[_toy_provider(), _toy_provider()])


# -- encoded slashes -------------------------------------------------------------------------

#: provider -> (headers, a path under the provider whose '%2F' decodes to a route that exists)
ENCODED_SLASH_PATHS = {
    "deployme": ({"Authorization": "Bearer demo"}, "/v1/clusters/{id}%2Fkubeconfig"),
    "nks": ({"X-Auth-Token": "demo"}, "/v1/clusters%2F{id}"),
    "itcare": ({"Authorization": "Bearer demo"}, "/compute/containers/kubernetes%2F1"),
    "ecns": ({"X-Auth-Token": "demo", "X-Project-Id": "demo"}, "/api/ecns/eks/namespace%2F"),
}


@pytest.mark.parametrize("provider", sorted(ENCODED_SLASH_PATHS))
def test_an_encoded_slash_is_never_a_separator(server, provider: str) -> None:
    """``a%2Fb`` is one segment: the emulator answers 404 instead of routing the decoded ``a/b``.

    werkzeug decodes ``%2F`` before routing, so without the check a value holding a
    slash reached another resource (``cls_x%2Fkubeconfig`` was the kubeconfig of cls_x).
    """
    headers, template = ENCODED_SLASH_PATHS[provider]
    http = requests.Session()
    created = http.post(
        f"{server.url}/deployme/v1/clusters",
        json={"name": "slash", "control_planes": 1, "workers": 1, "node_size": "small"},
        headers={"Authorization": "Bearer demo"},
    ).json()
    path = template.format(id=created["id"])
    decoded = http.get(f"{server.url}/{provider}{path.replace('%2F', '/')}", headers=headers)
    answer = http.get(f"{server.url}/{provider}{path}", headers=headers)
    lower = http.get(f"{server.url}/{provider}{path.replace('%2F', '%2f')}", headers=headers)
    assert answer.status_code == 404, answer.text
    assert lower.status_code == 404, lower.text
    if provider == "deployme":
        assert decoded.status_code != 404, "the decoded path must route, or the test means nothing"
    log = http.get(f"{server.url}/_emulator/requests").json()["requests"]
    raw = [entry.get("raw_path") for entry in log if entry["provider"] == provider]
    assert path in raw, raw
