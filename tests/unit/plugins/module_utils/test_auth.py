"""Token handling shared by every provider."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.auth import (
    IssuedToken,
    KeystoneV2Password,
    KeystoneV3Password,
    OAuth2ClientCredentials,
    StaticToken,
    parse_expiry,
    require,
)
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.transport import Transport

from .fakes import FakeResponse, FakeSession


class Clocked(IssuedToken):
    def __init__(self, clock, lifetime):
        super().__init__(clock=clock)
        self.lifetime = lifetime
        self.count = 0

    def issue(self, transport):
        self.count += 1
        return f"t{self.count}", (None if self.lifetime is None else self.clock_now() + self.lifetime)

    def clock_now(self):
        return self._clock()

    def credential_secrets(self):
        return ["hunter2"]


def test_static_token_headers_and_secrets():
    auth = StaticToken("abc")
    assert auth.headers(None) == {"Authorization": "Bearer abc"}
    assert StaticToken("abc", header="X-Auth-Token", scheme=None).headers(None) == {"X-Auth-Token": "abc"}
    assert auth.secrets() == ["abc"] and auth.invalidate() is False
    with pytest.raises(ValidationError):
        StaticToken("")


def test_issued_token_is_cached_until_near_expiry():
    now = [1000.0]
    auth = Clocked(lambda: now[0], lifetime=600)
    assert auth.headers(None) == {"X-Auth-Token": "t1"}
    now[0] += 500
    assert auth.token(None) == "t1"
    now[0] += 50  # within the 60 s margin of expiry
    assert auth.token(None) == "t2"
    # The renewed token stays a secret too: an error may still quote it.
    assert set(auth.secrets()) == {"t1", "t2", "hunter2"}


def test_invalidate_forces_a_new_token():
    auth = Clocked(lambda: 0.0, lifetime=None)
    auth.token(None)
    assert auth.invalidate() is True
    assert auth.token(None) == "t2"


def test_require_names_missing_keys_and_their_environment_variables():
    with pytest.raises(ValidationError, match=r"auth.password, auth.project_id .*KAAS_AUTH_PASSWORD"):
        require({"username": "u"}, "nks", "username", "password", "project_id")
    require({"token": "x"}, "deployme", "token")


def transport_for(session, auth):
    return Transport(base_url="https://api.example", provider="nks", auth=auth, session=session, sleep=lambda s: None)


def test_keystone_v2_issues_and_sends_x_auth_token():
    auth = KeystoneV2Password("https://id.example/v2.0/", "tenant-1", "user", "pw-secret")
    access = {"access": {"token": {"id": "tok-v2", "expires": "2099-01-01T00:00:00Z"}}}
    session = FakeSession(FakeResponse(200, access), FakeResponse(200, {"clusters": []}))
    transport = transport_for(session, auth)
    assert transport.request("GET", "/v1/clusters") == {"clusters": []}
    method, url, kwargs = session.calls[0]
    assert (method, url) == ("POST", "https://id.example/v2.0/tokens")
    assert kwargs["json"]["auth"] == {
        "tenantId": "tenant-1",
        "passwordCredentials": {"username": "user", "password": "pw-secret"},
    }
    assert "X-Auth-Token" not in kwargs["headers"]
    assert session.calls[1][2]["headers"]["X-Auth-Token"] == "tok-v2"
    assert set(auth.secrets()) == {"tok-v2", "pw-secret"}


def test_token_request_is_retried_on_503_like_an_idempotent_call():
    auth = KeystoneV2Password("https://id.example/v2.0", "t", "u", "p")
    access = {"access": {"token": {"id": "tok", "expires": None}}}
    session = FakeSession(FakeResponse(503, {}), FakeResponse(200, access), FakeResponse(200, {}))
    transport_for(session, auth).request("GET", "/x")
    assert [c[0] for c in session.calls] == ["POST", "POST", "GET"]


def test_keystone_v3_reads_the_subject_token_header():
    auth = KeystoneV3Password("https://id.example/v3", "proj-1", "user", "pw", domain_name="Default")
    issued = FakeResponse(201, {"token": {"expires_at": "2099-01-01T00:00:00.000000Z"}}, {"X-Subject-Token": "tok-v3"})
    session = FakeSession(issued, FakeResponse(200, {}))
    transport_for(session, auth).request("GET", "/x")
    body = session.calls[0][2]["json"]["auth"]
    assert session.calls[0][1] == "https://id.example/v3/auth/tokens"
    assert body["scope"] == {"project": {"id": "proj-1"}}
    assert body["identity"]["password"]["user"] == {"name": "user", "domain": {"name": "Default"}, "password": "pw"}
    assert session.calls[1][2]["headers"]["X-Auth-Token"] == "tok-v3"
    assert auth._expires_at == pytest.approx(parse_expiry("2099-01-01T00:00:00Z"))


def test_oauth2_client_credentials_uses_basic_auth_and_bearer():
    now = [100.0]
    auth = OAuth2ClientCredentials("https://kc.example/token", "client", "cs-secret", clock=lambda: now[0])
    session = FakeSession(FakeResponse(200, {"access_token": "at-1", "expires_in": 1200}), FakeResponse(200, {}))
    transport_for(session, auth).request("GET", "/x")
    method, url, kwargs = session.calls[0]
    assert (method, url, kwargs["data"]) == ("POST", "https://kc.example/token", {"grant_type": "client_credentials"})
    assert kwargs["headers"]["Authorization"] == "Basic " + base64.b64encode(b"client:cs-secret").decode()
    assert session.calls[1][2]["headers"]["Authorization"] == "Bearer at-1"
    assert auth._expires_at == 1300.0
    assert "cs-secret" in auth.secrets()


def test_identity_answer_without_token_is_a_clear_error():
    auth = KeystoneV2Password("https://id.example/v2.0", "t", "u", "p")
    session = FakeSession(FakeResponse(200, {"access": {}}))
    with pytest.raises(ValidationError, match="answered without a token"):
        transport_for(session, auth).request("GET", "/x")


def test_parse_expiry():
    assert parse_expiry("1970-01-01T00:01:00Z") == 60.0
    assert parse_expiry("soon") is None and parse_expiry(None) is None
