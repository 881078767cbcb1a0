"""Figures that suites print at the end of a pytest run, also under xdist.

Workers append rows to ``.build/figures/<suite>/<worker>.jsonl``; the controlling
process (the one without ``workerinput``) clears the folder at the start and reads
it back in ``pytest_terminal_summary``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2] / ".build" / "figures"


def is_worker(config: Any) -> bool:
    return hasattr(config, "workerinput")


def clear(suite: str) -> None:
    folder = ROOT / suite
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.jsonl"):
        old.unlink()


def recorder(suite: str, worker_id: str) -> Callable[[dict[str, Any]], None]:
    folder = ROOT / suite
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{worker_id}.jsonl"

    def add(row: dict[str, Any]) -> None:
        with path.open("a") as handle:
            handle.write(json.dumps(row) + "\n")

    return add


def rows(suite: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for path in sorted((ROOT / suite).glob("*.jsonl")):
        found.extend(json.loads(line) for line in path.read_text().splitlines() if line)
    return found
