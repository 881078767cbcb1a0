"""Small request-validation helpers shared by providers.

Every provider must refuse malformed input with a 400 that names the field, because
the collection relies on the cloud's answer being precise; these helpers keep the
JSON-type subtleties (``True`` is an ``int`` in Python) in one place.
"""

from __future__ import annotations

import re
from typing import Any

from flask import request

from kaas_emulator.core.errors import ApiError

_INTEGER = re.compile(r"^-?[0-9]+$")


def is_int(value: object) -> bool:
    """True for JSON integers; booleans are not integers here."""
    return isinstance(value, int) and not isinstance(value, bool)


def json_object_body(allow_empty: bool = False) -> dict[str, Any]:
    """The request body as a JSON object, whatever the Content-Type; else 400."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if allow_empty:
            return {}
        raise ApiError(400, "request body must be a non-empty JSON object")
    body = request.get_json(force=True, silent=True)
    if body is None:
        raise ApiError(400, "request body is not valid JSON")
    if not isinstance(body, dict):
        raise ApiError(400, "request body must be a JSON object")
    if not body and not allow_empty:
        raise ApiError(400, "request body must be a non-empty JSON object")
    return body


def query_int(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """Integer query parameter; 400 when not an integer or below ``minimum``.

    Values above ``maximum`` are clamped, as most list APIs do for page sizes.
    """
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    text = raw.strip()
    if not _INTEGER.match(text):
        raise ApiError(400, f"{name}: must be an integer >= {minimum}, got {raw!r}")
    value = int(text)
    if value < minimum:
        raise ApiError(400, f"{name}: must be an integer >= {minimum}, got {raw!r}")
    if maximum is not None and value > maximum:
        return maximum
    return value


def unknown_fields(body: dict[str, Any], allowed: set[str] | frozenset[str]) -> list[str]:
    """Sorted keys of ``body`` that are not in ``allowed``."""
    return sorted(key for key in body if key not in allowed)
