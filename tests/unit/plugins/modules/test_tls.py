"""validate_certs defaults to true: a self-signed endpoint is refused unless told otherwise."""

from __future__ import annotations

import pytest
from werkzeug.serving import make_ssl_devcert

from ansible_collections.kaas.cloud.plugins.modules import k8s_cluster_info
from kaas_emulator.server import EmulatorServer
from support.harness import run_module


@pytest.fixture(scope="module")
def tls_emulator(tmp_path_factory):
    base = tmp_path_factory.mktemp("tls") / "emulator"
    cert, key = make_ssl_devcert(str(base), host="localhost")
    with EmulatorServer(tls=(cert, key), url_host="localhost") as server:
        server.cert = cert
        yield server


def info(server, **options):
    args = {"provider": "deployme", "api_url": f"{server.url}/deployme", "auth": {"token": "demo"}, **options}
    return run_module(k8s_cluster_info.main, args)


def test_self_signed_endpoint_is_refused_by_default(tls_emulator):
    result = info(tls_emulator)
    assert result.get("failed")
    assert "TLS verification failed (certificate verify failed: self-signed certificate)" in result["msg"]
    assert "ca_path" in result["msg"] and "validate_certs" in result["msg"]
    assert "Traceback" not in str(result)


def test_ca_path_makes_the_endpoint_trusted(tls_emulator, monkeypatch):
    # requests would let this variable replace the session's CA file: ca_path must still win.
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    result = info(tls_emulator, ca_path=tls_emulator.cert)
    assert not result.get("failed"), result
    assert result["clusters"] == []


def test_validate_certs_false_accepts_it(tls_emulator):
    result = info(tls_emulator, validate_certs=False)
    assert not result.get("failed"), result
