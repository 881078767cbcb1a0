"""Shared fixtures: an app on a manual clock, a deployme client, a live server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from emulator_helpers import Deployme
from flask import Flask
from flask.testing import FlaskClient

from kaas_emulator.app import create_app, get_emulator
from kaas_emulator.core.clock import ManualClock
from kaas_emulator.core.runtime import Emulator
from kaas_emulator.server import EmulatorServer


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def app(clock: ManualClock) -> Flask:
    return create_app(clock=clock)


@pytest.fixture
def emu(app: Flask) -> Emulator:
    return get_emulator(app)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def dm(client: FlaskClient) -> Deployme:
    return Deployme(client)


@pytest.fixture
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(time_scale=1000.0) as running:
        yield running
