"""Magnum-style list paging: ``limit``, ``marker``, ``sort_key``, ``sort_dir`` and ``next``.

Magnum adds a ``next`` link whenever a page is full (``len(page) == limit``), even if
no item follows; clients stop on a page without ``next``. The emulator does the same
so the collection's pager is exercised exactly as against the real API.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlencode

from flask import request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.validation import query_int
from kaas_emulator.providers.nks.errors import bad_request

MAX_LIMIT = 1000


def paginate(
    records: Iterable[dict[str, Any]],
    seq: Callable[[dict[str, Any]], int | float],
    sort_keys: frozenset[str],
    url: str,
) -> tuple[list[dict[str, Any]], str | None]:
    """One page of ``records`` (raw records, not rendered) and the ``next`` URL or None.

    ``seq`` gives the creation order (Magnum's default ``sort_key=id``); ``sort_keys``
    are the other public fields one may sort on; ``url`` is the list's absolute URL.
    """
    limit = query_int("limit", MAX_LIMIT, minimum=1, maximum=MAX_LIMIT)
    sort_key = request.args.get("sort_key", "id")
    sort_dir = request.args.get("sort_dir", "asc")
    if sort_dir not in ("asc", "desc"):
        raise bad_request(f"sort_dir: invalid sort direction {sort_dir!r}, use 'asc' or 'desc'")
    if sort_key != "id" and sort_key not in sort_keys:
        allowed = ", ".join(["id", *sorted(sort_keys)])
        raise bad_request(f"sort_key: {sort_key!r} is not one of {allowed}")

    def key(record: dict[str, Any]) -> tuple[Any, ...]:
        if sort_key == "id":
            return (seq(record),)
        value = record.get(sort_key)
        # None sorts first, then values of one type; creation order breaks ties.
        return (value is not None, value if value is not None else 0, seq(record))

    ordered = sorted(records, key=key, reverse=sort_dir == "desc")
    marker = request.args.get("marker")
    if marker:
        index = next((i for i, r in enumerate(ordered) if r["uuid"] == marker), None)
        if index is None:
            raise ApiError(404, f"Marker {marker} could not be found.", "not_found")
        ordered = ordered[index + 1 :]
    page = ordered[:limit]
    if not page or len(page) < limit:
        return page, None
    query = urlencode(
        {"sort_key": sort_key, "sort_dir": sort_dir, "limit": limit, "marker": page[-1]["uuid"]}
    )
    return page, f"{url}?{query}"
