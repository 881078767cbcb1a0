"""Injectable wall clocks.

Operations are derived from timestamps rather than background threads, so the only
source of time is a clock object. Tests inject :class:`ManualClock` to move time
deterministically instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current wall time as epoch seconds."""

    def now(self) -> float:
        """Return the current time in seconds since the epoch."""
        ...


class SystemClock:
    """The real wall clock, used by the CLI and by default."""

    def now(self) -> float:
        """Return ``time.time()``."""
        return time.time()


class ManualClock:
    """A clock that only moves when told to, for deterministic tests."""

    def __init__(self, start: float = 1_772_359_200.0) -> None:
        # Default start: 2026-03-01T10:00:00Z, the date of the API documents' examples.
        self._now = float(start)
        self._lock = threading.Lock()

    def now(self) -> float:
        """Return the frozen current time."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move time forward by ``seconds`` (wall seconds, before time scaling)."""
        with self._lock:
            self._now += float(seconds)
            return self._now

    def set(self, epoch_seconds: float) -> None:
        """Jump to an absolute time."""
        with self._lock:
            self._now = float(epoch_seconds)


def iso8601(epoch_seconds: float) -> str:
    """Format epoch seconds as ISO 8601 UTC with a ``Z`` suffix, second precision."""
    return datetime.fromtimestamp(epoch_seconds, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso8601_ms(epoch_seconds: float) -> str:
    """Like :func:`iso8601` with milliseconds, for the request log ordering by humans."""
    moment = datetime.fromtimestamp(epoch_seconds, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
