"""keystoneauth1 against NKS's Keystone v2.0 and ECNS's Keystone v3.

The generic ``password`` plugin (the default of the CLI and of openstacksdk) discovers
the identity version from the ``auth_url`` it is given, versioned or not; the versioned
plugins go straight to the token request. Each must yield a token, the project and the
service's endpoint from the catalog.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
import requests
from keystoneauth1 import exceptions as ks_exceptions
from keystoneauth1 import plugin
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import generic, v2, v3

from kaas_emulator.server import EmulatorServer

pytestmark = pytest.mark.xdist_group("realclients_keystone")

V3_SCOPE = {"user_domain_id": "default", "project_domain_id": "default"}

#: name -> (identity path below the emulator, plugin factory, catalog type, endpoint path)
PLUGINS: dict[str, tuple[str, Callable[[str, str], plugin.BaseAuthPlugin], str, str]] = {
    "nks-generic-v2.0": (
        "/nks/identity/v2.0",
        lambda url, password: generic.Password(auth_url=url, username="demo", password=password, project_name="demo"),
        "kubernetes",
        "/nks/v1",
    ),
    "nks-generic-unversioned": (
        "/nks/identity",
        lambda url, password: generic.Password(auth_url=url, username="demo", password=password, project_name="demo"),
        "container-infra",
        "/nks/v1",
    ),
    "nks-v2password": (
        "/nks/identity/v2.0",
        lambda url, password: v2.Password(auth_url=url, username="demo", password=password, tenant_name="demo"),
        "container-infra",
        "/nks/v1",
    ),
    "ecns-generic-v3": (
        "/ecns/identity/v3",
        lambda url, password: generic.Password(
            auth_url=url, username="demo", password=password, project_name="demo", **V3_SCOPE
        ),
        "container",
        "/ecns",
    ),
    "ecns-generic-unversioned": (
        "/ecns/identity",
        lambda url, password: generic.Password(
            auth_url=url, username="demo", password=password, project_name="demo", **V3_SCOPE
        ),
        "container",
        "/ecns",
    ),
    "ecns-v3password": (
        "/ecns/identity/v3",
        lambda url, password: v3.Password(
            auth_url=url, username="demo", password=password, project_name="demo", **V3_SCOPE
        ),
        "container",
        "/ecns",
    ),
}


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_password_plugins_token_project_and_catalog(emulator: EmulatorServer, name: str) -> None:
    path, factory, service_type, endpoint = PLUGINS[name]
    # A timeout, so that a discovery failure (which makes keystoneauth re-enter its own
    # lock and wait forever) fails the test instead of hanging it.
    session = ks_session.Session(auth=factory(emulator.url + path, "demo"), timeout=10)
    token = session.get_token()
    assert token and token != "demo"
    assert session.get_project_id() == "demo"
    found = session.get_endpoint(service_type=service_type, interface="public")
    assert found == emulator.url + endpoint
    # The token works on the API it was issued for.
    probe = "/v1/clusters" if path.startswith("/nks") else "/api/ecns/eks/namespace/"
    answer = requests.get(
        emulator.url + endpoint.removesuffix("/v1") + probe,
        headers={"X-Auth-Token": token},
        timeout=10,
    )
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("name", sorted(PLUGINS))
def test_wrong_password_is_keystones_401(emulator: EmulatorServer, name: str) -> None:
    path, factory, _type, _endpoint = PLUGINS[name]
    session = ks_session.Session(auth=factory(emulator.url + path, "wrong"), timeout=10)
    with pytest.raises(ks_exceptions.Unauthorized) as raised:
        session.get_token()
    assert raised.value.http_status == 401


@pytest.mark.parametrize(
    ("path", "versions"),
    [("/nks/identity", ["v2.0"]), ("/ecns/identity", ["v3.14"])],
)
def test_version_documents(emulator: EmulatorServer, path: str, versions: list[str]) -> None:
    """Keystone's discovery answers: 300 at the root, 200 at each versioned root."""
    for suffix in ("", "/"):
        root = requests.get(emulator.url + path + suffix, timeout=10)
        assert root.status_code == 300
        values = root.json()["versions"]["values"]
        assert [value["id"] for value in values] == versions
        for value in values:
            self_link = next(link["href"] for link in value["links"] if link["rel"] == "self")
            for spelling in (self_link, self_link.rstrip("/")):
                one = requests.get(spelling, timeout=10)
                assert one.status_code == 200
                assert one.json()["version"]["id"] == value["id"]
