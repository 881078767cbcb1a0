"""One kaas-emulator for every docs test of a pytest process.

The tests that change its state reset it first (``/_emulator/reset``); the others only
read it or look at its request log, so they can share one server instead of each test
module starting its own.
"""

from __future__ import annotations

import pytest

from kaas_emulator.server import EmulatorServer


@pytest.fixture(scope="session")
def emulator():
    with EmulatorServer(time_scale=1000) as server:
        yield server
