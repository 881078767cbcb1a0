"""Real OpenStack clients against the emulator: one emulator per test module.

Each module's tests share its server (module scope), so they are grouped on one xdist
worker with ``pytest.mark.xdist_group``; the clients' own state (sessions, tokens)
is built per test.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from keystoneauth1 import session as ks_session
from keystoneauth1.identity import v2
from magnumclient.v1 import client as magnum_client

from kaas_emulator.server import EmulatorServer
from realclients import clients

#: NKS operations take 60..600 provider seconds: at this scale, at most 0.3 s.
TIME_SCALE = 2000


@pytest.fixture(scope="module")
def emulator() -> Iterator[EmulatorServer]:
    with EmulatorServer(time_scale=TIME_SCALE) as server:
        yield server


@pytest.fixture(scope="module")
def nks_session(emulator: EmulatorServer) -> ks_session.Session:
    """A keystoneauth session on NKS's Keystone v2.0 (the versioned plugin)."""
    auth = v2.Password(
        auth_url=clients.nks_identity(emulator.url),
        username=clients.USER,
        password=clients.PASSWORD,
        tenant_name=clients.PROJECT,
    )
    return ks_session.Session(auth=auth)


@pytest.fixture(scope="module")
def magnum(nks_session: ks_session.Session) -> magnum_client.Client:
    """magnumclient as the ``openstack coe`` commands build it (catalog lookup, latest)."""
    return magnum_client.Client(session=nks_session, region_name=clients.REGION, api_version="latest")
