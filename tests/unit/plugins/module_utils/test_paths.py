"""fill_path and check_path: every value one percent-encoded segment, dot segments never sent."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.transport import Transport, check_path, fill_path

from .fakes import FakeResponse, FakeSession


@pytest.mark.parametrize(
    ("value", "segment"),
    [
        ("cls_abc123", "cls_abc123"),
        ("../cls_other", "..%2Fcls_other"),
        ("a/b", "a%2Fb"),
        ("?x=y", "%3Fx%3Dy"),
        ("#x", "%23x"),
        ("%2F", "%252F"),
        ("x%2e%2e", "x%252e%252e"),
        ("a;b", "a%3Bb"),
        ("a\\b", "a%5Cb"),
        ("é", "%C3%A9"),
        (42, "42"),
        ("...", "..."),
    ],
)
def test_each_value_is_one_encoded_segment(value, segment):
    assert fill_path("/v1/clusters/{id}/kubeconfig", id=value) == f"/v1/clusters/{segment}/kubeconfig"


@pytest.mark.parametrize("value", ["", ".", ".."])
def test_values_no_encoding_keeps_in_place_are_refused_naming_the_placeholder(value):
    with pytest.raises(ValidationError, match=r"^namespace '\.{0,2}' cannot name a resource"):
        fill_path("ns/{namespace}/", namespace=value)


def test_unused_values_are_not_checked_and_missing_ones_are_a_bug():
    assert fill_path("clusters/", name="") == "clusters/"
    with pytest.raises(KeyError):
        fill_path("clusters/{name}/")


def test_a_placeholder_used_twice_is_encoded_once():
    assert fill_path("{a}/{a}", a="x/y") == "x%2Fy/x%2Fy"


@pytest.mark.parametrize(
    "path",
    ["/v1/clusters/../x", "/v1/./clusters", "/v1//clusters", "http://host/a/../b", "/v1/clusters/..?x=1"],
)
def test_check_path_refuses_dot_and_empty_segments(path):
    with pytest.raises(ValidationError, match="refused to send"):
        check_path(path)


@pytest.mark.parametrize("path", ["/v1/clusters/", "/", "", "/v1/clusters/a..b", "/v1/clusters?x=..", "http://host/"])
def test_check_path_lets_ordinary_paths_through(path):
    check_path(path)


def test_transport_sends_nothing_for_a_dot_segment():
    session = FakeSession(FakeResponse(200, {}))
    transport = Transport(base_url="https://api.example.com", provider="test", session=session)
    with pytest.raises(ValidationError):
        transport.request("DELETE", "/v1/clusters/../other")
    assert session.calls == [] and transport.history == []
