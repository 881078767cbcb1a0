"""The emulator instance attached to a Flask app, and accessors for provider views.

Provider views never import the app: they call :func:`now`, :func:`time_scale`,
:func:`provider_state` and :func:`take_async_error` which resolve the emulator of the
current request. That keeps provider modules free of plumbing and lets several
independent emulators live in one test process.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from os import PathLike
from typing import Any

from flask import current_app, g

from kaas_emulator.core.clock import Clock, SystemClock
from kaas_emulator.core.faults import FaultBook
from kaas_emulator.core.mutate import Mutation, Mutator
from kaas_emulator.core.ratelimit import RateLimiter
from kaas_emulator.core.registry import Provider
from kaas_emulator.core.reqlog import RequestLog
from kaas_emulator.core.state import StateStore

EXTENSION_KEY = "kaas_emulator"


def check_time_scale(value: object) -> float:
    """Validate a time scale (a number > 0) and return it as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise ValueError("time_scale must be a number > 0")
    return float(value)


class Emulator:
    """Everything one emulator process knows: providers, clock, state, faults, log."""

    def __init__(
        self,
        providers: Iterable[Provider],
        clock: Clock | None = None,
        time_scale: float = 1.0,
        state_file: str | PathLike[str] | None = None,
        mutation: Mutation | None = None,
    ) -> None:
        self.providers: dict[str, Provider] = {}
        for provider in providers:
            if provider.name in self.providers:
                raise ValueError(f"provider {provider.name!r} registered twice")
            self.providers[provider.name] = provider
        self.clock: Clock = clock or SystemClock()
        self._time_scale = check_time_scale(time_scale)
        self._lock = threading.Lock()
        self.store = StateStore(
            {name: p.initial_state for name, p in self.providers.items()}, state_file
        )
        self.faults = FaultBook()
        self.log = RequestLog()
        #: How answers are reshaped (``responses: tolerant-reader``); a setting, kept by reset.
        self.mutator = Mutator()
        if mutation is not None:
            self.mutator.configure(mutation)
        #: Credential values accepted besides ``demo`` (see core/auth.py); reset clears them.
        self.planted_credentials: frozenset[str] = frozenset()
        #: Tokens a ``revoke`` fault struck: refused from then on, even ``demo``; reset clears them.
        self.revoked_tokens: set[str] = set()
        self.limiters = {
            name: RateLimiter(p.rate_limit) for name, p in self.providers.items() if p.rate_limit
        }

    @property
    def time_scale(self) -> float:
        """Factor applied to elapsed wall time when settling operations."""
        with self._lock:
            return self._time_scale

    @time_scale.setter
    def time_scale(self, value: float) -> None:
        checked = check_time_scale(value)
        with self._lock:
            self._time_scale = checked

    def now(self) -> float:
        """Current wall time from the injected clock."""
        return self.clock.now()

    def provider_for_path(self, path: str) -> Provider | None:
        """The provider whose prefix ``path`` is under, if any."""
        for provider in self.providers.values():
            if provider.owns(path):
                return provider
        return None

    def reset(self) -> None:
        """Wipe provider state, faults, request log, rate-limit and mutation counters."""
        self.store.reset()
        self.faults.clear()
        self.log.clear()
        self.planted_credentials = frozenset()
        self.revoked_tokens.clear()
        self.mutator.reset()
        for limiter in self.limiters.values():
            limiter.reset()


def emulator() -> Emulator:
    """The emulator of the current Flask app."""
    found: Emulator = current_app.extensions[EXTENSION_KEY]
    return found


def now() -> float:
    """Current wall time (epoch seconds) of the current emulator's clock."""
    return emulator().now()


def time_scale() -> float:
    """Current time scale of the current emulator."""
    return emulator().time_scale


def current_provider() -> Provider:
    """The provider serving the current request."""
    provider: Provider = g.kaas_provider
    return provider


@contextmanager
def provider_state() -> Iterator[dict[str, Any]]:
    """Lock the store and yield the current provider's state dict."""
    with emulator().store.transaction(current_provider().name) as state:
        yield state


def take_async_error() -> str | None:
    """Message of an ``async_error`` fault matched by this request, consumed once.

    A provider calls it when the request starts an asynchronous operation; the
    operation is then planned to end failed with that message.
    """
    message: str | None = g.get("kaas_async_error")
    g.kaas_async_error = None
    return message
