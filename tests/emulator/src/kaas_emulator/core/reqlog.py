"""In-memory log of provider requests, for tests to assert what the collection sent.

Idempotency is the collection's main promise ("a second run sends no write"), and the
only way to prove it is to look at the requests that reached the cloud. Only method,
path (decoded, and ``raw_path`` as sent, still percent-encoded, when the server
keeps it), query, status and injected fault are kept: bodies and headers carry secrets.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Any

from kaas_emulator.core.clock import iso8601_ms

#: Oldest entries are dropped past this many, so a long-running emulator stays small.
MAX_ENTRIES = 10_000


class RequestLog:
    """Sequenced, bounded, thread-safe list of request entries."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._lock = threading.Lock()
        self._entries: deque[dict[str, Any]] = deque(maxlen=max_entries)
        self._last_seq = 0

    def start(
        self, now: float, provider: str, method: str, path: str, query: str
    ) -> dict[str, Any]:
        """Record a request as it arrives; the caller fills status/fault later."""
        with self._lock:
            self._last_seq += 1
            entry: dict[str, Any] = {
                "seq": self._last_seq,
                "time": iso8601_ms(now),
                "provider": provider,
                "method": method,
                "path": path,
                "query": query,
                "status": None,
                "fault": None,
            }
            self._entries.append(entry)
        return entry

    def entries(
        self, provider: str | None = None, method: str | None = None
    ) -> list[dict[str, Any]]:
        """Copies of the entries, optionally filtered by provider and/or method."""
        return self.page(provider, method)[0]

    def page(
        self, provider: str | None = None, method: str | None = None, after: int = 0
    ) -> tuple[list[dict[str, Any]], int]:
        """The entries sequenced after ``after`` (filtered as ``entries``), and the newest ``seq``.

        Both are read under one lock, so a reader that passes the second back as
        ``after`` next time sees every later request exactly once, without clearing
        the log for other readers. The newest number is 0 before the first request
        and survives ``clear``.
        """
        with self._lock:
            return [
                dict(entry)
                for entry in self._entries
                if entry["seq"] > after
                and (provider is None or entry["provider"] == provider)
                and (method is None or entry["method"] == method.upper())
            ], self._last_seq

    def clear(self) -> None:
        """Forget every entry (sequence numbers keep increasing)."""
        with self._lock:
            self._entries.clear()
