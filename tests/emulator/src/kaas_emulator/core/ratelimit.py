"""Fixed-window request counting, reusable by any provider that advertises limits.

deployme.cloud sends ``X-RateLimit-*`` headers on every response and answers 429 past
its quota; other providers may declare their own header names or none at all. The
collection's transport must honour ``Retry-After``, so the emulator has to be able to
produce the real thing.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass


@dataclass(frozen=True)
class RateLimitPolicy:
    """How many requests one identity may send per window, and how it is advertised."""

    limit: int = 600
    window_seconds: int = 60
    limit_header: str | None = "X-RateLimit-Limit"
    remaining_header: str | None = "X-RateLimit-Remaining"
    reset_header: str | None = "X-RateLimit-Reset"


@dataclass(frozen=True)
class RateLimitStatus:
    """Outcome of one count: whether the request is allowed and what to advertise."""

    allowed: bool
    limit: int
    remaining: int
    reset_at: int  # epoch seconds at which the current window ends

    def retry_after(self, now: float) -> int:
        """Seconds (at least 1) a throttled client should wait."""
        return max(1, math.ceil(self.reset_at - now))


class RateLimiter:
    """Counts requests per key in windows aligned on multiples of the window length."""

    def __init__(self, policy: RateLimitPolicy) -> None:
        self.policy = policy
        self._lock = threading.Lock()
        self._windows: dict[str, tuple[int, int]] = {}  # key -> (window start, count)

    def _window_start(self, now: float) -> int:
        size = self.policy.window_seconds
        return int(now // size) * size

    def hit(self, key: str, now: float) -> RateLimitStatus:
        """Count one request for ``key``; past the limit it is refused (and not counted)."""
        start = self._window_start(now)
        with self._lock:
            window, count = self._windows.get(key, (start, 0))
            if window != start:
                window, count = start, 0
            allowed = count < self.policy.limit
            if allowed:
                count += 1
            self._windows[key] = (window, count)
        return self._status(allowed, count, start)

    def peek(self, key: str, now: float) -> RateLimitStatus:
        """Current status for ``key`` without counting (for answers that were not counted)."""
        start = self._window_start(now)
        with self._lock:
            window, count = self._windows.get(key, (start, 0))
        if window != start:
            count = 0
        return self._status(True, count, start)

    def reset(self) -> None:
        """Forget every counter (control API reset)."""
        with self._lock:
            self._windows.clear()

    def _status(self, allowed: bool, count: int, start: int) -> RateLimitStatus:
        limit = self.policy.limit
        return RateLimitStatus(
            allowed=allowed,
            limit=limit,
            remaining=max(0, limit - count),
            reset_at=start + self.policy.window_seconds,
        )

    def headers(self, status: RateLimitStatus) -> dict[str, str]:
        """The advertisement headers the policy names, for ``status``."""
        policy = self.policy
        pairs = (
            (policy.limit_header, status.limit),
            (policy.remaining_header, status.remaining),
            (policy.reset_header, status.reset_at),
        )
        return {name: str(value) for name, value in pairs if name}
