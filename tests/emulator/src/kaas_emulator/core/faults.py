"""Fault injection rules, matched in order against provider requests.

The collection must survive what real clouds do: 5xx bursts, 429 with Retry-After,
dropped connections, answers slower than the client timeout, and operations that are
accepted but fail later. Tests describe such a fault as a rule through the control
API; the request pipeline asks :meth:`FaultBook.match` before handling each request.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from typing import Any

EFFECTS = ("status", "reset", "delay_ms", "async_error", "revoke")
#: Name of each effect as reported in the request log's ``fault`` field.
LOG_NAMES = {
    "status": "status",
    "reset": "reset",
    "delay_ms": "delay",
    "async_error": "async_error",
    "revoke": "revoke",
}
_RULE_KEYS = {"provider", "method", "path", "times", "skip", "retry_after", "after", "id", *EFFECTS}
#: Effects that can strike after the request was handled: the change is made, then the answer
#: is lost (reset, an error status) or comes later than the client waits (delay_ms).
AFTER_EFFECTS = ("status", "reset", "delay_ms")


class FaultRuleError(ValueError):
    """A rule posted to the control API is malformed; the message says why."""


@dataclass
class FaultRule:
    """One rule: which requests it matches, what it does, how many more times."""

    id: int
    effect: str
    value: Any
    provider: str | None = None
    method: str | None = None
    path: str | None = None
    times: int | None = 1  # None = forever
    #: Matching requests to let through untouched before the rule strikes (the Nth write of a task).
    skip: int = 0
    #: Seconds for a 429/503 ``Retry-After``; ``-1`` sends a 429 without the header.
    retry_after: int | None = None
    #: Handle the request first, then answer with the fault: the ambiguous failure a
    #: client must resolve by reading back before it repeats a write.
    after: bool = False
    _regex: re.Pattern[str] | None = field(default=None, repr=False)

    def matches(self, provider: str, method: str, path: str) -> bool:
        """True when the rule applies to this request (path is after the prefix)."""
        if self.provider is not None and self.provider != provider:
            return False
        if self.method is not None and self.method != method.upper():
            return False
        return self._regex is None or self._regex.search(path) is not None

    @property
    def log_name(self) -> str:
        """The value written to the request log's ``fault`` field."""
        return LOG_NAMES[self.effect]

    def to_dict(self) -> dict[str, Any]:
        """JSON view for ``GET /_emulator/faults``."""
        view: dict[str, Any] = {
            "id": self.id,
            "provider": self.provider,
            "method": self.method,
            "path": self.path,
            "times": self.times,
            self.effect: self.value,
        }
        if self.skip:
            view["skip"] = self.skip
        if self.retry_after is not None:
            view["retry_after"] = self.retry_after
        if self.after:
            view["after"] = True
        if self.skip:
            view["skip"] = self.skip
        return view


def _int_field(raw: dict[str, Any], key: str, minimum: int) -> int | None:
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise FaultRuleError(f"'{key}' must be an integer >= {minimum} or null")
    return value


def parse_rule(raw: object, rule_id: int, providers: set[str]) -> FaultRule:
    """Validate one JSON rule and build it; raises :class:`FaultRuleError`."""
    if not isinstance(raw, dict):
        raise FaultRuleError("a fault rule must be a JSON object")
    unknown = sorted(set(raw) - _RULE_KEYS)
    if unknown:
        raise FaultRuleError(f"unknown key(s) in fault rule: {', '.join(unknown)}")
    effects = [key for key in EFFECTS if key in raw and raw[key] is not None]
    if len(effects) != 1:
        raise FaultRuleError(f"a fault rule needs exactly one of: {', '.join(EFFECTS)}")
    effect = effects[0]
    value = raw[effect]
    if effect == "status":
        if isinstance(value, bool) or not isinstance(value, int) or not 400 <= value <= 599:
            raise FaultRuleError("'status' must be an HTTP error status (400-599)")
    elif effect in ("reset", "revoke"):
        if value is not True:
            raise FaultRuleError(f"'{effect}' must be true")
    elif effect == "delay_ms":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise FaultRuleError("'delay_ms' must be a number >= 0")
    elif not isinstance(value, str) or not value:
        raise FaultRuleError("'async_error' must be a non-empty message string")

    provider = raw.get("provider")
    if provider is not None and provider not in providers:
        raise FaultRuleError(f"unknown provider {provider!r}; known: {sorted(providers)}")
    method = raw.get("method")
    if method is not None and (not isinstance(method, str) or not method.isalpha()):
        raise FaultRuleError("'method' must be an HTTP method name or null")
    path = raw.get("path")
    regex = None
    if path is not None:
        if not isinstance(path, str):
            raise FaultRuleError("'path' must be a regular expression string or null")
        try:
            regex = re.compile(path)
        except re.error as exc:
            raise FaultRuleError(f"'path' is not a valid regular expression: {exc}") from exc
    times = _int_field(raw, "times", 1) if "times" in raw else 1
    skip = _int_field(raw, "skip", 0) or 0
    retry_after = _int_field(raw, "retry_after", -1)
    if retry_after is not None and effect != "status":
        raise FaultRuleError("'retry_after' only applies to a 'status' rule")
    after = raw.get("after", False)
    if not isinstance(after, bool):
        raise FaultRuleError("'after' must be true or false")
    if after and effect not in AFTER_EFFECTS:
        raise FaultRuleError(f"'after' only applies to a {' or '.join(AFTER_EFFECTS)} rule")
    return FaultRule(
        id=rule_id,
        effect=effect,
        value=value,
        provider=provider,
        method=method.upper() if method else None,
        path=path,
        times=times,
        skip=skip,
        retry_after=retry_after,
        after=after,
        _regex=regex,
    )


class FaultBook:
    """The ordered list of active rules; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._rules: list[FaultRule] = []
        self._ids = itertools.count(1)

    def add(self, raw: object, providers: set[str]) -> list[FaultRule]:
        """Validate and append a rule or a list of rules (all or nothing)."""
        items = raw if isinstance(raw, list) else [raw]
        with self._lock:
            rules = [parse_rule(item, next(self._ids), providers) for item in items]
            self._rules.extend(rules)
        return rules

    def match(self, provider: str, method: str, path: str) -> FaultRule | None:
        """First matching rule, consumed once (removed when its count reaches 0).

        A rule still skipping lets the request through to the rules after it.
        """
        with self._lock:
            for rule in self._rules:
                if rule.matches(provider, method, path):
                    if rule.skip > 0:
                        rule.skip -= 1
                        continue
                    if rule.times is not None:
                        rule.times -= 1
                        if rule.times <= 0:
                            self._rules.remove(rule)
                    return rule
        return None

    def list(self) -> list[dict[str, Any]]:
        """JSON view of the active rules, ``times`` being what remains."""
        with self._lock:
            return [rule.to_dict() for rule in self._rules]

    def clear(self) -> None:
        """Remove every rule."""
        with self._lock:
            self._rules.clear()
