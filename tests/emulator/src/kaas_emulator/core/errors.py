"""The one exception providers raise to answer with an error.

Views raise :class:`ApiError`; the application turns it into the *provider's own*
error body via the formatter the provider registered, so a provider never builds
error responses by hand and injected fault statuses look exactly like real errors.
"""

from __future__ import annotations

from http import HTTPStatus

#: Default machine-readable code per HTTP status, used when a caller gives none.
DEFAULT_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable_entity",
    429: "rate_limited",
    500: "internal_error",
    501: "not_implemented",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}


def default_code(status: int) -> str:
    """Code for ``status``: the table above, else the snake-cased reason phrase."""
    if status in DEFAULT_CODES:
        return DEFAULT_CODES[status]
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "internal_error" if status >= 500 else "error"


def default_message(status: int) -> str:
    """Human text for ``status`` when nothing more specific is known."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


class ApiError(Exception):
    """An HTTP error answer, formatted later by the current provider."""

    def __init__(
        self,
        status: int,
        message: str | None = None,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.message = message or default_message(status)
        self.code = code or default_code(status)
        self.headers = dict(headers or {})
        super().__init__(f"{status} {self.code}: {self.message}")
