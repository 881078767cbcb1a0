# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Listing helpers every provider shares: paged lists and picking one resource by name."""

from __future__ import annotations

from typing import Any, Callable
from urllib.parse import parse_qs, urlsplit

from ansible_collections.kaas.cloud.plugins.module_utils.errors import AmbiguousError, ValidationError


def unique_by_name(items: list[Any], name: str, *, provider: str, resource: str, id_key: str = "id") -> Any:
    """The one item named ``name``, ``None`` if none is; never a pick among several.

    Providers that accept duplicate names leave the choice to the user: the error
    lists every id so the task can be pointed at one with option ``id``.
    """
    matches = [item for item in items if item.get("name") == name]
    if len(matches) > 1:
        ids = ", ".join(sorted(str(item.get(id_key)) for item in matches))
        raise AmbiguousError(
            f"{len(matches)} {provider} {resource}s are named {name!r} ({ids}); give the id of the one "
            "to manage (option id) and delete the others"
        )
    return matches[0] if matches else None


def marker_from_link(link: Any, key: str = "marker") -> str | None:
    """The paging cursor in a ``next`` link (``...?limit=50&marker=<id>``), or ``None``.

    Only the cursor is taken from the link, never its host: a proxy or an emulator
    may answer with an address the client cannot use.
    """
    if not isinstance(link, str) or not link:
        return None
    values = parse_qs(urlsplit(link).query).get(key)
    return values[0] if values else None


def cursor_pages(fetch: Callable[[Any], tuple[list[Any], Any]], *, limit: int = 10000) -> list[Any]:
    """Every item of a cursor-paged list; ``fetch(cursor)`` returns (items, next cursor or None).

    The first call gets ``None``. A cursor seen twice ends the listing with an
    error instead of looping forever.
    """
    items: list[Any] = []
    cursor: Any = None
    seen: set[Any] = set()
    for _page in range(limit):
        batch, cursor = fetch(cursor)
        items.extend(batch)
        if cursor is None or not batch:
            return items
        if cursor in seen:
            raise ValidationError(f"the provider sent the same page marker {cursor!r} twice; gave up listing")
        seen.add(cursor)
    raise ValidationError(f"gave up listing after {limit} pages")


def numbered_pages(fetch: Callable[[int], tuple[list[Any], bool]], *, limit: int = 10000) -> list[Any]:
    """Every item of a page-numbered list; ``fetch(page)`` returns (items, more pages follow).

    ``limit`` bounds the number of pages so a provider that always claims more
    cannot loop a task forever.
    """
    items: list[Any] = []
    for page in range(1, limit + 1):
        batch, more = fetch(page)
        items.extend(batch)
        if not more or not batch:
            return items
    raise ValidationError(f"gave up listing after {limit} pages")
