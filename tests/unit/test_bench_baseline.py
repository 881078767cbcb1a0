"""What ``tests/bench/bench_baseline.py`` counts as a wait's polls, on request logs written by hand.

The bench's comparison with the ``uri`` playbooks rests on that count and on the gaps
between polls (which set kaas.cloud's ``poll_interval``), so both are checked here
rather than trusted from the printed tables.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import bench_baseline


def entry(second: float, method: str, path: str) -> dict[str, str]:
    return {"time": f"2026-12-03T10:00:{second:06.3f}Z", "method": method, "path": path}


def test_a_wait_is_the_reads_of_one_path_after_a_write_and_sign_ins_are_skipped():
    log = [
        entry(0.0, "POST", "/identity/v2.0/tokens"),
        entry(0.1, "GET", "/v1/clusters"),  # a look-up, before any write
        entry(0.2, "POST", "/v1/clusters"),
        entry(1.2, "GET", "/v1/clusters/u1"),
        entry(1.5, "POST", "/identity/v2.0/tokens"),  # a token refresh inside the wait
        entry(2.7, "GET", "/v1/clusters/u1"),
        entry(2.8, "GET", "/v1/clusters/u1/nodegroups/default-worker"),  # read-back, not a poll
        entry(2.9, "POST", "/v1/clusters/u1/actions/resize"),
        entry(3.0, "DELETE", "/v1/clusters/u1"),
        entry(4.0, "GET", "/v1/clusters/u1"),
    ]
    waits = bench_baseline.waits(log)
    assert [[e["time"][-7:-1] for e in wait] for wait in waits] == [["01.200", "02.700"], ["04.000"]]
    assert bench_baseline.gaps(waits[0]) == pytest.approx([1.5])
    assert bench_baseline.gaps(waits[1]) == []


def test_the_interval_given_to_kaas_cloud_is_the_uri_median_gap_or_everyone_s():
    assert bench_baseline.uri_interval([1.2, 1.9, 1.5], [9.0]) == 1.5
    assert bench_baseline.uri_interval([], [1.0, 2.0, 1.6]) == 1.6
    assert bench_baseline.uri_interval([], []) == bench_baseline.POLL
