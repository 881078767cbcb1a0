# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Listing helpers every provider shares: paged lists and picking one resource by name."""

from __future__ import annotations

from dataclasses import dataclass
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


#: A provider that keeps answering "more pages" must not keep a task or the inventory forever.
MAX_PAGES = 10000


@dataclass(frozen=True)
class Page:
    """One page of a list, as a provider's page method answers it.

    The same page methods serve the modules (:func:`every_page` reads a list page after
    page) and the inventory (which reads the pages of many lists side by side).

    ``next`` is what asks for the following page (a cursor, or the next page number),
    ``None`` after the last page. ``pages`` is how many pages the whole list has, when the
    provider says so (page-numbered lists): a reader may then ask for all of them at once.
    """

    items: list[Any]
    next: Any = None
    pages: int | None = None


def check_next_page(cursor: Any, seen: frozenset[Any] | set[Any], what: str, *, limit: int = MAX_PAGES) -> None:
    """Refuse to follow a list that loops (a cursor seen before) or never ends (``limit`` pages).

    ``seen`` holds the cursors already followed; ``what`` names the list in the error.
    """
    if cursor in seen:
        raise ValidationError(f"the provider sent the page marker {cursor!r} of {what} twice; gave up listing")
    if len(seen) >= limit:
        raise ValidationError(f"the provider kept sending pages of {what} after {limit}; gave up listing")


def every_page(
    fetch: Callable[[Any], Page], first: Any = None, *, what: str = "a list", limit: int = MAX_PAGES
) -> list[Any]:
    """Every item of a list, one page after the other: ``fetch(first)``, then ``fetch(page.next)``...

    ``first`` is ``None`` for cursor-paged lists, the first page number for numbered ones.
    An empty page ends the list too, whatever ``next`` says; a cursor seen twice or more
    than ``limit`` pages end it with an error instead of looping forever.
    """
    items: list[Any] = []
    cursor = first
    seen: set[Any] = set()
    while True:
        page = fetch(cursor)
        items.extend(page.items)
        if page.next is None or not page.items:
            return items
        check_next_page(page.next, seen, what, limit=limit)
        seen.add(page.next)
        cursor = page.next


def numbered_page(items: list[Any], number: int, *, more: bool, pages: Any = None) -> Page:
    """The :class:`Page` of a page-numbered list: page ``number``, with ``pages`` kept only when it is a count."""
    count = pages if isinstance(pages, int) and not isinstance(pages, bool) and pages >= 0 else None
    return Page(items, number + 1 if more else None, count)
