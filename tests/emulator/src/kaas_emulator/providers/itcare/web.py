"""ITCare HTTP conventions: media type, error body, dry-run header, Spring paging.

ITCare errors carry a field name (``errorDesc``) besides the code and the message,
but the core's :class:`ApiError` only has a code and a message. The field travels in
the code as ``"ERROR_CODE:field"`` and :func:`error_body` splits it again, so views
still just raise ``ApiError`` and injected faults get the same body shape.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from http import HTTPStatus
from math import ceil
from typing import Any

from flask import Blueprint, Response, json, request

from kaas_emulator.core.errors import ApiError

MEDIA_TYPE = "application/vnd.cegedim-it.v1+json"
DRY_RUN_HEADER = "ITCare-DryRun"
INVALID = "INVALID_FIELD_VALUE"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 2000  # Spring Data's default ceiling; larger sizes are clamped

Problem = tuple[str, str]


def respond(payload: Any, status: int = 200) -> Response:
    """JSON answer in ITCare's vendor media type (clients must not insist on JSON)."""
    return Response(json.dumps(payload), status=status, mimetype=MEDIA_TYPE)


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """``{"status", "errorCode", "errorDesc", "errorMessage"}`` from an ApiError."""
    error_code, _, desc = code.partition(":")
    try:
        name, phrase = HTTPStatus(status).name, HTTPStatus(status).phrase
    except ValueError:
        name, phrase = "INTERNAL_SERVER_ERROR", "Error"
    return {
        "status": name,
        "errorCode": error_code.upper(),
        "errorDesc": desc or phrase,
        "errorMessage": message,
    }


def invalid(field: str, message: str, status: int = 400, code: str = INVALID) -> ApiError:
    """An error naming ``field`` in ``errorDesc``."""
    return ApiError(status, message, f"{code}:{field}")


def reject(problems: Sequence[Problem]) -> ApiError:
    """One 400 for every problem found: ``errorDesc`` is the first field, all messages
    are joined in ``errorMessage`` so a caller fixes everything in one round."""
    return invalid(problems[0][0], "; ".join(message for _, message in problems))


def not_found(what: str, ident: object) -> ApiError:
    """404 for an unknown resource id."""
    return invalid("id", f"{what} {ident} not found", 404, "RESOURCE_NOT_FOUND")


def busy(message: str) -> ApiError:
    """409 for a resource that is not in a state allowing the request."""
    return invalid("status", message, 409, "INVALID_RESOURCE_STATUS")


def is_dry_run() -> bool:
    """True when the request asks for validation only (``ITCare-DryRun: true``)."""
    return request.headers.get(DRY_RUN_HEADER, "").strip().lower() == "true"


def list_arg(name: str) -> list[str]:
    """An array query parameter: repeated (``a=1&a=2``) and/or comma-separated."""
    values = []
    for raw in request.args.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


def bool_arg(name: str) -> bool | None:
    """A boolean query parameter (``true``/``false``, any case); 400 otherwise."""
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise invalid(name, f"{name}: must be true or false, got {raw!r}")


def int_args(name: str) -> list[int]:
    """An array of integers (``services=1,2``); 400 naming the parameter otherwise."""
    values = list_arg(name)
    if not all(value.lstrip("-").isdigit() for value in values):
        raise invalid(name, f"{name}: must be integers, got {','.join(values)!r}")
    return [int(value) for value in values]


def _lenient_int(name: str, default: int, minimum: int) -> int:
    # Spring's pageable resolver ignores unparsable values rather than failing.
    raw = request.args.get(name, "").strip()
    if not raw.lstrip("-").isdigit():
        return default
    value = int(raw)
    return value if value >= minimum else default


def page_request() -> tuple[int, int]:
    """``(page, size)`` the way Spring reads them: 0-based, invalid values ignored."""
    page = max(0, _lenient_int("page", 0, -(2**31)))
    size = min(_lenient_int("size", DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE)
    return page, size


def sort_request(default: str, allowed: Callable[[str], bool]) -> tuple[str, bool]:
    """``(property, descending)`` from ``sort=property(,asc|desc)``; one criterion only."""
    raws = request.args.getlist("sort")
    if len(raws) > 1:
        raise invalid("sort", "sort: multiple sort criteria are not supported")
    raw = raws[0] if raws and raws[0].strip() else default
    prop, _, direction = (part.strip() for part in raw.partition(","))
    if direction.lower() not in ("", "asc", "desc"):
        raise invalid("sort", f"sort: direction must be asc or desc, got {direction!r}")
    if not allowed(prop):
        raise invalid("sort", f"sort: unknown property {prop!r}")
    return prop, direction.lower() == "desc"


def sort_items(items: list[dict[str, Any]], prop: str, descending: bool) -> list[dict[str, Any]]:
    """Stable sort on one property; missing or null values always come last."""
    present = [item for item in items if item.get(prop) is not None]
    absent = [item for item in items if item.get(prop) is None]
    present.sort(key=lambda item: item[prop], reverse=descending)
    return present + absent


def spring_page(items: list[dict[str, Any]], page: int, size: int) -> dict[str, Any]:
    """Spring Data ``Page`` JSON of the already filtered and sorted ``items``."""
    total = len(items)
    content = items[page * size : (page + 1) * size]
    pages = ceil(total / size) if total else 0
    sort = {"sorted": True, "unsorted": False, "empty": False}
    return {
        "content": content,
        "pageable": {
            "sort": sort,
            "pageNumber": page,
            "pageSize": size,
            "offset": page * size,
            "paged": True,
            "unpaged": False,
        },
        "totalElements": total,
        "totalPages": pages,
        "last": page >= pages - 1,
        "size": size,
        "number": page,
        "sort": sort,
        "numberOfElements": len(content),
        "first": page == 0,
        "empty": not content,
    }


#: The one blueprint of the provider; the view modules register their routes on it.
blueprint = Blueprint("itcare", __name__)
