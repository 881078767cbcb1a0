"""Security suites: an emulator per worker (secrets, bad input)."""

from __future__ import annotations

import pytest

from kaas_emulator.server import EmulatorServer
from support import figures
from support.harness import fresh_cloud

SUITE = "security"


@pytest.fixture(scope="session")
def emulator():
    with EmulatorServer(time_scale=400) as server:
        yield server


@pytest.fixture
def cloud(emulator, monkeypatch):
    return fresh_cloud(emulator.url, monkeypatch)


@pytest.fixture(scope="session")
def report(worker_id):
    """``report(row)`` records one figure line, printed at the end of the run."""
    return figures.recorder(SUITE, worker_id)


def pytest_sessionstart(session: pytest.Session) -> None:
    if not figures.is_worker(session.config):
        figures.clear(SUITE)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if figures.is_worker(config):
        return
    rows = figures.rows(SUITE)
    if not rows:
        return
    terminalreporter.write_line("")
    terminalreporter.write_line("kaas.cloud security suites")
    for row in rows:
        terminalreporter.write_line(f"  {row['case']}: {row['detail']}")
    cases = sum(row.get("bad_input_cases", 0) for row in rows)
    if cases:
        terminalreporter.write_line(f"  bad input: {cases} cases, each refused before any request")
    paths = sum(row.get("path_value_cases", 0) for row in rows)
    if paths:
        terminalreporter.write_line(
            f"  path values: {paths} cases, each refused before any request or sent to the intended paths only"
        )
