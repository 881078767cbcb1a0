"""What a provider declares to be served by the emulator, and how providers are found.

Adding a provider must not touch the core: a module under ``kaas_emulator.providers``
exposes a module-level ``PROVIDER = Provider(...)`` and :func:`discover` picks it up.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Request, Response

from kaas_emulator.core.ratelimit import RateLimitPolicy

#: Builds the provider's error answer from (HTTP status, error code, human message).
ErrorFormatter = Callable[[int, str, str], Response]
#: Returns the caller's identity (used as rate-limit key) or None to answer 401.
Authenticator = Callable[[Request], str | None]
#: Adds to the provider's state what its API cannot create (``POST /_emulator/preload/<name>``);
#: called with the state (store locked) and the JSON body, returns what to answer.
Preloader = Callable[[dict[str, Any], Any], Any]


@dataclass(frozen=True)
class Provider:
    """Registration of one emulated provider API.

    ``public_paths`` are regular expressions (searched against the path after the
    prefix) that skip the auth check, e.g. a Keystone or OAuth2 token endpoint.
    ``initial_state`` builds the provider's empty JSON state.
    """

    name: str
    blueprint: Blueprint
    format_error: ErrorFormatter
    authenticate: Authenticator
    prefix: str = ""
    public_paths: tuple[str, ...] = ()
    rate_limit: RateLimitPolicy | None = None
    initial_state: Callable[[], dict[str, Any]] = dict
    unauthorized_message: str = "missing or invalid credentials"
    request_id_header: str | None = "X-Request-Id"
    preload: Preloader | None = None
    _public: tuple[re.Pattern[str], ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.prefix:
            object.__setattr__(self, "prefix", "/" + self.name)
        if not self.prefix.startswith("/") or self.prefix.endswith("/"):
            raise ValueError(f"provider prefix must look like '/name', got {self.prefix!r}")
        compiled = tuple(re.compile(pattern) for pattern in self.public_paths)
        object.__setattr__(self, "_public", compiled)

    def is_public(self, path: str) -> bool:
        """True when ``path`` (after the prefix) needs no credentials."""
        return any(pattern.search(path) for pattern in self._public)

    def owns(self, path: str) -> bool:
        """True when the full request ``path`` is under this provider's prefix."""
        return path == self.prefix or path.startswith(self.prefix + "/")

    def subpath(self, path: str) -> str:
        """The request path with the provider prefix removed (``/`` at least)."""
        return path[len(self.prefix) :] or "/"


def discover(package: str = "kaas_emulator.providers") -> list[Provider]:
    """Import every module of ``package`` and collect their ``PROVIDER`` objects."""
    root = importlib.import_module(package)
    found: list[Provider] = []
    for info in sorted(pkgutil.iter_modules(root.__path__), key=lambda item: item.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        provider = getattr(module, "PROVIDER", None)
        if isinstance(provider, Provider):
            found.append(provider)
    return found
