"""Per-provider JSON state with one lock and optional atomic persistence.

Every provider keeps its whole cloud in one JSON-serialisable dict. Keeping it plain
JSON is what lets ``--state-file`` make the emulated cloud survive a restart: the file
is written atomically (temporary file + ``os.replace``) after each mutating request,
so a crash mid-write never leaves a truncated file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1

StateFactory = Callable[[], dict[str, Any]]


class StateFileError(RuntimeError):
    """The state file exists but cannot be used; raised at start-up, never mid-request."""


class StateStore:
    """Holds one state dict per provider; every access goes through :attr:`lock`."""

    def __init__(
        self, factories: dict[str, StateFactory], path: str | os.PathLike[str] | None = None
    ) -> None:
        self.lock = threading.RLock()
        self.path = Path(path) if path is not None else None
        self._factories = dict(factories)
        self._states: dict[str, dict[str, Any]] = {n: f() for n, f in self._factories.items()}
        if self.path is not None and self.path.exists():
            self._load(self.path)

    @contextmanager
    def transaction(self, provider: str) -> Iterator[dict[str, Any]]:
        """Lock the store and yield the provider's state for reading or mutation."""
        with self.lock:
            yield self._states[provider]

    def snapshot(self) -> dict[str, Any]:
        """Deep copy of every provider's state (as written to the state file)."""
        with self.lock:
            copy: dict[str, Any] = json.loads(json.dumps(self._states))
            return copy

    def reset(self) -> None:
        """Replace every provider's state with a fresh one and persist it."""
        with self.lock:
            self._states = {name: factory() for name, factory in self._factories.items()}
            self.save()

    def save(self) -> None:
        """Write the state file atomically; no-op without a state file."""
        if self.path is None:
            return
        with self.lock:
            document = {"format": FORMAT_VERSION, "providers": self._states}
            payload = json.dumps(document, indent=2, sort_keys=True)
            directory = self.path.parent
            directory.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=directory)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(payload)
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp_name, self.path)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise

    def _load(self, path: Path) -> None:
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StateFileError(f"cannot read state file {path}: {exc}") from exc
        if not isinstance(document, dict) or document.get("format") != FORMAT_VERSION:
            raise StateFileError(f"state file {path} has an unknown format")
        providers = document.get("providers")
        if not isinstance(providers, dict):
            raise StateFileError(f"state file {path} has no 'providers' object")
        for name, state in providers.items():
            # State of a provider that is not loaded any more is dropped, not an error.
            if name in self._states and isinstance(state, dict):
                self._states[name] = state
