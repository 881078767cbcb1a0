"""Token handling shared by every provider."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.auth import IssuedToken, StaticToken, require
from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError


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
    assert set(auth.secrets()) == {"t2", "hunter2"}


def test_invalidate_forces_a_new_token():
    auth = Clocked(lambda: 0.0, lifetime=None)
    auth.token(None)
    assert auth.invalidate() is True
    assert auth.token(None) == "t2"


def test_require_names_missing_keys_and_their_environment_variables():
    with pytest.raises(ValidationError, match=r"auth.password, auth.project_id .*KAAS_AUTH_PASSWORD"):
        require({"username": "u"}, "nks", "username", "password", "project_id")
    require({"token": "x"}, "deployme", "token")
