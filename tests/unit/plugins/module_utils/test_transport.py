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
