"""Fault suite: an emulator per worker, and one table of outcomes for the whole run.

Each test records one row (operation, fault, outcome) through support.figures; the
controlling pytest process prints the table at the end, so the figures are there
with ``-n 2`` too.
"""

from __future__ import annotations

from collections import Counter

import pytest

from kaas_emulator.server import EmulatorServer
from support import figures
from support.harness import fresh_cloud

SUITE = "faults"
TIME_SCALE = 3000.0


def pytest_sessionstart(session: pytest.Session) -> None:
    if not figures.is_worker(session.config):
        figures.clear(SUITE)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if figures.is_worker(config):
        return
    rows = figures.rows(SUITE)
    if not rows:
        return
    write = terminalreporter.write_line
    counts = Counter(row["outcome"] for row in rows)
    write("")
    write("kaas.cloud fault suite")
    write(f"{'faults tried':>14} {'survived':>9} {'failed-cleanly':>15} {'wrong':>6}")
    write(f"{len(rows):>14} {counts['survived']:>9} {counts['failed-cleanly']:>15} {counts['wrong']:>6}")
    creates = [row for row in rows if row.get("creates")]
    if creates:
        write(
            f"fault-injected creates: {sum(r['creates'] for r in creates)}, "
            f"duplicate resources: {sum(r.get('duplicates', 0) for r in creates)}"
        )
    lost = Counter(row["lost_answer"] for row in rows if row.get("lost_answer"))
    if lost:
        per_provider = ", ".join(f"{name} {count}" for name, count in sorted(lost.items()))
        write(f"lost answers after an accepted write: {sum(lost.values())} ({per_provider})")
    for row in rows:
        if row["outcome"] == "wrong":
            write(f"  WRONG {row['case']}: {row['detail']}")


@pytest.fixture(scope="session")
def emulator():
    with EmulatorServer(time_scale=TIME_SCALE) as server:
        yield server


@pytest.fixture
def cloud(emulator, monkeypatch):
    return fresh_cloud(emulator.url, monkeypatch)


@pytest.fixture(scope="session")
def report(worker_id):
    """``report(row)`` appends one outcome to this worker's part of the table."""
    return figures.recorder(SUITE, worker_id)
