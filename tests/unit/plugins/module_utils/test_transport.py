"""Retries, re-authentication and error mapping of the shared transport."""

from __future__ import annotations

import email.utils
import time

import pytest
import requests

from ansible_collections.kaas.cloud.plugins.module_utils.auth import IssuedToken, StaticToken
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, TransportError
from ansible_collections.kaas.cloud.plugins.module_utils.transport import (
    RetryPolicy,
    Transport,
    parse_retry_after,
)

from .fakes import FakeResponse, FakeSession


def make(session, auth=None, **kw):
    """A transport on ``session``; the pauses it took are in ``transport.slept``."""
    slept = []
    transport = Transport(
        base_url="https://api.example/",
        provider="deployme",
        auth=auth if auth is not None else StaticToken("s3cr3t-token"),
        session=session,
        sleep=slept.append,
        retry=RetryPolicy(attempts=4, base=0.5, cap=4),
        **kw,
    )
    transport.slept = slept
    return transport


def refused():
    class NewConnectionError(Exception):
        pass

    return requests.exceptions.ConnectionError(NewConnectionError("refused"))


def reset():
    return requests.exceptions.ConnectionError(ConnectionResetError("reset by peer"))


def test_get_survives_two_503_and_backs_off():
    session = FakeSession(FakeResponse(503, {}), FakeResponse(503, {}), FakeResponse(200, {"ok": 1}))
    transport = make(session)
    assert transport.request("GET", "/v1/clusters") == {"ok": 1}
    assert len(session.calls) == 3
    assert len(transport.slept) == 2
    assert 0.25 <= transport.slept[0] <= 0.5 and 0.5 <= transport.slept[1] <= 1.0


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_read_survives_a_500(method):
    session = FakeSession(FakeResponse(500, {"message": "conductor restarting"}), FakeResponse(200, {"ok": 1}))
    assert make(session).request(method, "/v1/clusters/x") == {"ok": 1}
    assert len(session.calls) == 2


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "POST"])
@pytest.mark.parametrize("failure", ["500", "502", "504", "reset", "read timeout"])
def test_a_write_whose_answer_may_be_lost_is_never_sent_twice(method, failure):
    if failure == "reset":
        first = reset()
    elif failure == "read timeout":
        first = requests.exceptions.ReadTimeout("no answer")
    else:
        first = FakeResponse(int(failure), {"message": "gateway"})
    session = FakeSession(first, FakeResponse(200, {"ok": 1}))
    with pytest.raises((ApiError, TransportError)):
        make(session).request(method, "/v1/clusters/x", json={})
    assert len(session.calls) == 1


@pytest.mark.parametrize("method", ["PUT", "DELETE"])
@pytest.mark.parametrize("first", ["503", "429", "refused"])
def test_an_idempotent_write_that_was_not_processed_is_sent_again(method, first):
    answer = refused() if first == "refused" else FakeResponse(int(first), {}, {"Retry-After": "0"})
    session = FakeSession(answer, FakeResponse(200, {"ok": 1}))
    assert make(session).request(method, "/v1/clusters/x", json={}) == {"ok": 1}
    assert len(session.calls) == 2


def test_post_is_not_retried_on_500():
    session = FakeSession(FakeResponse(500, {"message": "boom"}))
    with pytest.raises(ApiError):
        make(session).request("POST", "/v1/clusters", json={"name": "a"})
    assert len(session.calls) == 1


def test_post_is_not_retried_on_503():
    session = FakeSession(FakeResponse(503, {"message": "busy"}))
    transport = make(session)
    with pytest.raises(ApiError) as caught:
        transport.request("POST", "/v1/clusters", json={"name": "a"})
    assert caught.value.status == 503
    assert len(session.calls) == 1
    assert "POST /v1/clusters" in caught.value.message


def test_post_is_retried_on_429_honouring_retry_after():
    session = FakeSession(FakeResponse(429, {}, {"Retry-After": "3"}), FakeResponse(201, {"id": "x"}))
    transport = make(session)
    assert transport.request("POST", "/v1/clusters", json={}) == {"id": "x"}
    assert transport.slept == [3.0]


def test_retry_after_as_http_date():
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= parse_retry_after(when) <= 31
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_gives_up_after_the_attempts():
    session = FakeSession(*[FakeResponse(502, {}) for attempt in range(4)])
    transport = make(session)
    with pytest.raises(ApiError):
        transport.request("GET", "/x")
    assert len(session.calls) == 4 and len(transport.slept) == 3


def test_connection_errors_retried_for_get_not_for_patch():
    session = FakeSession(reset(), FakeResponse(200, {"ok": True}))
    transport = make(session)
    assert transport.request("GET", "/x") == {"ok": True}
    session = FakeSession(reset())
    transport = make(session)
    with pytest.raises(TransportError) as caught:
        transport.request("PATCH", "/x", json={})
    assert caught.value.sent is True


def test_refused_connection_is_known_not_sent():
    session = FakeSession(refused())
    transport = make(session)
    with pytest.raises(TransportError) as caught:
        transport.request("POST", "/x", json={})
    assert caught.value.sent is False


class CountingToken(IssuedToken):
    def __init__(self):
        super().__init__()
        self.issued = 0

    def issue(self, transport):
        self.issued += 1
        return f"token-{self.issued}", None

    def credential_secrets(self):
        return ["pw"]


def test_401_reauthenticates_once_and_resends():
    auth = CountingToken()
    session = FakeSession(FakeResponse(401, {}), FakeResponse(200, {"ok": 1}))
    transport = make(session, auth=auth)
    assert transport.request("POST", "/x", json={}) == {"ok": 1}
    assert auth.issued == 2
    assert session.calls[1][2]["headers"]["X-Auth-Token"] == "token-2"


def test_second_401_is_an_error():
    auth = CountingToken()
    session = FakeSession(FakeResponse(401, {"message": "bad"}), FakeResponse(401, {"message": "bad"}))
    transport = make(session, auth=auth)
    with pytest.raises(ApiError) as caught:
        transport.request("GET", "/x")
    assert caught.value.status == 401 and len(session.calls) == 2


def test_secrets_are_redacted_from_provider_messages():
    session = FakeSession(FakeResponse(400, {"message": "token s3cr3t-token is malformed"}))
    transport = make(session)
    with pytest.raises(ApiError) as caught:
        transport.request("GET", "/x")
    assert "s3cr3t-token" not in caught.value.message
    assert "********" in caught.value.message


def test_plain_text_and_empty_bodies():
    session = FakeSession(FakeResponse(200, text="apiVersion: v1\n"), FakeResponse(204))
    transport = make(session)
    assert transport.request("GET", "/k") == "apiVersion: v1\n"
    assert transport.request("DELETE", "/k") is None
    assert transport.request_count == 2


def test_tls_options_reach_the_session():
    session = FakeSession()
    make(session, validate_certs=False)
    assert session.verify is False
    session = FakeSession()
    make(session, ca_path="/etc/ca.pem")
    assert session.verify == "/etc/ca.pem"


def test_timeouts_split_connect_and_read():
    session = FakeSession(FakeResponse(200, {}))
    transport = make(session, timeout=45)
    transport.request("GET", "/x")
    assert session.calls[0][2]["timeout"] == (10.0, 45)


class ClockedToken(IssuedToken):
    """Tokens of a fixed lifetime on a clock the test moves."""

    def __init__(self, now, lifetime):
        super().__init__(clock=lambda: now[0])
        self.now = now
        self.lifetime = lifetime
        self.issued = 0

    def issue(self, transport):
        self.issued += 1
        return f"token-{self.issued}", self.now[0] + self.lifetime

    def credential_secrets(self):
        return ["pw"]


def restoring(transport, path="/scope"):
    """Register a hook that sends ``GET path`` (what ECNS's scope switch does); return its calls."""
    seen = []

    def hook():
        seen.append(transport.auth.generation)
        transport.request("GET", path)

    transport.on_new_token(hook)
    return seen


def sent(session):
    """(method, path, token) of every request the session saw."""
    return [(m, url.split("api.example")[-1], kw["headers"].get("X-Auth-Token")) for m, url, kw in session.calls]


def ok(body=None):
    return FakeResponse(200, body if body is not None else {})


def test_generation_counts_the_tokens_obtained():
    auth = CountingToken()
    assert auth.generation == 0 and StaticToken("t").generation == 0
    auth.token(None)
    auth.token(None)
    assert auth.generation == 1
    auth.invalidate()
    auth.token(None)
    assert auth.generation == 2


def test_new_token_hooks_run_before_the_first_request_and_before_the_resend_after_a_401():
    auth = CountingToken()
    session = FakeSession(ok(), ok(), ok(), FakeResponse(401, {}), ok(), ok({"done": 1}))
    transport = make(session, auth=auth)
    seen = restoring(transport)
    transport.request("GET", "/a")
    transport.request("POST", "/b", json={})
    assert transport.request("PUT", "/c", json={}) == {"done": 1}
    assert sent(session) == [
        ("GET", "/scope", "token-1"),  # the first token: the hook runs once
        ("GET", "/a", "token-1"),
        ("POST", "/b", "token-1"),
        ("PUT", "/c", "token-1"),  # 401: token revoked
        ("GET", "/scope", "token-2"),  # the session of the new token is restored first
        ("PUT", "/c", "token-2"),
    ]
    assert seen == [1, 2]


def test_a_token_renewed_near_expiry_is_restored_before_its_first_request():
    now = [1000.0]
    auth = ClockedToken(now, lifetime=600)
    session = FakeSession(ok(), ok(), ok(), ok(), ok())
    transport = make(session, auth=auth)
    seen = restoring(transport)
    transport.request("GET", "/a")
    now[0] += 500  # still 100 s left: the token is kept
    transport.request("GET", "/b")
    now[0] += 50  # within the 60 s margin: renewed before this request leaves
    transport.request("DELETE", "/c")
    assert sent(session) == [
        ("GET", "/scope", "token-1"),
        ("GET", "/a", "token-1"),
        ("GET", "/b", "token-1"),
        ("GET", "/scope", "token-2"),
        ("DELETE", "/c", "token-2"),
    ]
    assert seen == [1, 2]


def test_a_401_on_the_hooks_own_request_reauthenticates_and_restores_for_the_newest_token():
    auth = CountingToken()
    session = FakeSession(
        ok(),  # first token's hook
        FakeResponse(401, {}),  # /a with token-1: revoked
        FakeResponse(401, {}),  # the hook's GET with token-2: revoked too
        ok(),  # the hook's GET resent with token-3
        ok(),  # the hooks again, for token-3
        ok({"a": 1}),
    )
    transport = make(session, auth=auth)
    seen = restoring(transport)
    assert transport.request("GET", "/a") == {"a": 1}
    assert sent(session) == [
        ("GET", "/scope", "token-1"),
        ("GET", "/a", "token-1"),
        ("GET", "/scope", "token-2"),
        ("GET", "/scope", "token-3"),
        ("GET", "/scope", "token-3"),
        ("GET", "/a", "token-3"),
    ]
    assert seen == [1, 2, 3]


def test_a_hook_refused_twice_fails_the_request_clearly_and_is_retried_on_the_next():
    auth = CountingToken()
    session = FakeSession(
        ok(), FakeResponse(401, {}), FakeResponse(401, {"message": "no"}), FakeResponse(401, {"message": "no"})
    )
    transport = make(session, auth=auth)
    restoring(transport)
    with pytest.raises(ApiError) as caught:
        transport.request("POST", "/a", json={})
    assert caught.value.status == 401 and caught.value.path == "/scope"
    # /a was not resent without its session: the write never left with the wrong scope.
    assert [call for call in sent(session) if call[1] == "/a"] == [("POST", "/a", "token-1")]
    session.script = [ok(), ok({"a": 2})]
    assert transport.request("POST", "/a", json={}) == {"a": 2}
    assert sent(session)[-2:] == [("GET", "/scope", "token-3"), ("POST", "/a", "token-3")]


def test_tokens_refused_round_after_round_end_in_a_clear_error():
    auth = CountingToken()
    # Every round: the hook's GET is refused, then its resend with a newer token succeeds.
    script = [ok(), FakeResponse(401, {})]
    script += [FakeResponse(401, {}), ok()] * 3
    session = FakeSession(*script)
    transport = make(session, auth=auth)
    restoring(transport)
    with pytest.raises(TransportError, match="3 new tokens in a row were refused"):
        transport.request("GET", "/a")
    assert [call for call in sent(session) if call[1] == "/a"] == [("GET", "/a", "token-1")]


def test_a_static_token_never_runs_the_hooks_and_a_401_stays_an_error():
    session = FakeSession(ok(), FakeResponse(401, {"message": "token revoked"}))
    transport = make(session, auth=StaticToken("static", header="X-Auth-Token", scheme=None))
    seen = restoring(transport)
    transport.request("GET", "/a")
    with pytest.raises(ApiError) as caught:
        transport.request("GET", "/b")
    assert caught.value.status == 401 and "token revoked" in caught.value.message
    assert seen == [] and [call[1] for call in sent(session)] == ["/a", "/b"]
