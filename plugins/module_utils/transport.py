# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP for every provider: one place for timeouts, TLS, retries, re-authentication and errors.

Provider adapters never touch ``requests`` directly; they call :meth:`Transport.request`
with a path and get parsed JSON (or text) back, or a :class:`ApiError` /
:class:`TransportError` whose message is safe to show.
"""

from __future__ import annotations

import email.utils
import html
import random
import re
import string
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote, urlsplit

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ApiError, TransportError, ValidationError

try:
    import requests
    from requests.adapters import HTTPAdapter

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by ansible-test's import sanity test
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
IDEMPOTENT_METHODS = READ_METHODS | {"PUT", "DELETE"}
# 429 and 503 say the request was not processed: any idempotent request may be sent again.
NOT_PROCESSED = frozenset({429, 503})
# A 500, 502 or 504, a reset or a timeout may follow a write the provider applied. Reads
# are repeated; writes are not, even PUT and DELETE: provider actions behind them (an
# ECNS stop, a deletion that answers 404 the second time) are not idempotent in
# practice. The reconciler reads the resource back and decides what is still to send.
AMBIGUOUS_STATUSES = frozenset({500, 502, 504})
MAX_RETRY_AFTER = 120.0
REDACTED = "********"
# Rounds of new-token hooks before one request: a hook's own request may need a new token
# again (a 401 on it), after which the hooks run once more for that token; a token refused
# this many times in a row is not going to last.
MAX_TOKEN_HOOK_ROUNDS = 3

# (response) -> (provider message, request id or None, error code or None)
ErrorParser = Callable[[Any], "tuple[str, str | None, str | None]"]


#: Length of the excerpt of a page that is not JSON, shown in error messages.
EXCERPT_LENGTH = 160
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def is_html(response: Any) -> bool:
    """Whether an answer is an HTML page (a proxy's or a load balancer's), not the API's own."""
    content_type = response.headers.get("Content-Type", "").lower()
    if "html" in content_type:
        return True
    return "json" not in content_type and (response.text or "").lstrip()[:15].lower().startswith(("<!doctype", "<html"))


def page_excerpt(text: str) -> str:
    """The words of an HTML page (no tags, scripts or runs of blanks), cut to a short excerpt."""
    words = " ".join(html.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", text or ""))).split())
    return words if len(words) <= EXCERPT_LENGTH else words[: EXCERPT_LENGTH - 3].rstrip() + "..."


def not_json_message(response: Any) -> str:
    """What to tell a user whose request was answered by an HTML page instead of the provider's JSON."""
    content_type = response.headers.get("Content-Type", "").split(";")[0].strip() or "no content type"
    excerpt = page_excerpt(response.text or "") or response.reason or "empty page"
    return (
        f"the answer was not JSON from the provider but a {content_type} page, most likely from a proxy "
        f"or load balancer in front of it: {excerpt!r}"
    )


def default_error_parser(response: Any) -> tuple[str, str | None, str | None]:
    """Best effort for providers that answer ``{"message": ...}`` or plain text; an HTML page is named as such."""
    request_id = response.headers.get("X-Request-Id") or response.headers.get("X-Openstack-Request-Id")
    if is_html(response):
        return (not_json_message(response), request_id, None)
    try:
        body = response.json()
    except ValueError:
        text = (response.text or "").strip()
        return (text[:500] or response.reason or "no message", request_id, None)
    if isinstance(body, dict):
        for key in ("message", "error_description", "detail", "error"):
            value = body.get(key)
            if isinstance(value, str) and value:
                return (value, request_id, body.get("error") if key != "error" else None)
    return (str(body)[:500], request_id, None)


#: Segments a URL client or server resolves as "this level" or "the level above" (RFC 3986
#: section 5.2.4): urllib3 removes them before sending, so no encoding can carry them.
DOT_SEGMENTS = frozenset({"", ".", ".."})
_FORMATTER = string.Formatter()


def fill_path(template: str, **values: Any) -> str:
    """``template`` with each ``{placeholder}`` replaced by its value as exactly one path segment.

    Every value is percent-encoded with nothing left safe, so ``/``, ``?``, ``#`` and ``%``
    stay inside the segment instead of changing the resource or the query the request
    targets. A value that no encoding keeps in place (empty, ``.`` or ``..``) is refused
    with a ValidationError naming the placeholder, which callers name after the option
    the value came from. Values the provider answered (uuids) go through here too: one
    rule for every path, whoever supplied the value.
    """
    encoded: dict[str, str] = {}
    for _text, key, _spec, _conversion in _FORMATTER.parse(template):
        if key is None or key in encoded:
            continue
        if key not in values:
            raise KeyError(f"no value for path placeholder {key!r} of {template!r}")
        text = str(values[key])
        if text in DOT_SEGMENTS:
            raise ValidationError(
                f"{key} {text!r} cannot name a resource in a URL: an empty, '.' or '..' path segment "
                "would address another resource"
            )
        encoded[key] = quote(text, safe="")
    return template.format(**encoded)


def check_path(path: str) -> None:
    """Refuse a request path holding a dot or empty segment, which would reach another resource.

    A last line of defence behind :func:`fill_path`: nothing is sent for such a path.
    """
    route = urlsplit(path).path if path.startswith(("http://", "https://")) else path.split("?", 1)[0]
    inner = route.strip("/").split("/")
    if route.strip("/") and any(segment in DOT_SEGMENTS for segment in inner):
        raise ValidationError(f"refused to send a request to {route!r}: it has an empty, '.' or '..' segment")


@dataclass
class RetryPolicy:
    """Exponential backoff with jitter; ``Retry-After`` wins when the server sends it."""

    attempts: int = 5
    base: float = 0.5
    cap: float = 30.0

    def delay(self, attempt: int, retry_after: float | None = None) -> float:
        if retry_after is not None:
            return min(max(retry_after, 0.0), MAX_RETRY_AFTER)
        ceiling = min(self.cap, self.base * (2**attempt))
        return random.uniform(ceiling / 2, ceiling)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header given as seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return float(value)
    except ValueError:
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return max(0.0, parsed.timestamp() - (time.time() if now is None else now))


@dataclass
class RequestRecord:
    method: str
    path: str
    status: int | None
    attempt: int


@dataclass
class Transport:
    """A ``requests.Session`` bound to one provider endpoint and one authenticator.

    ``auth`` is any object with ``headers(transport) -> dict``, ``invalidate()`` and
    ``secrets() -> list[str]`` (see ``auth.py``). Retries follow the rules of the
    collection: reads are retried on 429, 5xx and connection errors; PUT and DELETE
    only on 429, 503 and refused connections, which say the request was not processed;
    POST and PATCH only on 429. A write whose answer was lost goes back to the caller.
    A 401 triggers one re-authentication and one resend, whatever the method.

    Some providers tie session state to the token (ECNS keeps the cluster and
    namespace scope in the session of the token), which a new token does not have.
    :meth:`on_new_token` registers a hook that restores it: whenever the
    authenticator's ``generation`` moved (a re-authentication after a 401, or a token
    renewed near its expiry), the hooks run before the request that would carry the
    new token is sent.
    """

    base_url: str
    provider: str
    auth: Any = None
    timeout: float = 30.0
    validate_certs: bool = True
    ca_path: str | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    error_parser: ErrorParser = default_error_parser
    default_headers: dict[str, str] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep
    session: Any = None
    history: list[RequestRecord] = field(default_factory=list)
    token_hooks: list[Callable[[], None]] = field(default_factory=list)
    # The token generation the hooks last completed for, and whether they are running
    # (their own requests must not start them again).
    _hooked_generation: int = field(default=0, init=False, repr=False)
    _in_token_hooks: bool = field(default=False, init=False, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        if self.session is None:
            self.session = new_session()
        if not self.validate_certs:
            self.session.verify = False
            try:
                import urllib3

                urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
            except ImportError:  # pragma: no cover
                pass
        elif self.ca_path:
            self.session.verify = self.ca_path

    @property
    def request_count(self) -> int:
        return len(self.history)

    def url(self, path: str) -> str:
        if path.startswith(("http://", "https://")):
            return path
        return f"{self.base_url}/{path.lstrip('/')}"

    def on_new_token(self, hook: Callable[[], None]) -> None:
        """Run ``hook`` before the first request that carries a new token (the first one included).

        The hook may send requests through this transport; they do not run the hooks
        again, but they do re-authenticate once after a 401 like any request, and the
        hooks then run once more for the token they ended with.
        """
        self.token_hooks.append(hook)

    def _auth_headers(self, method: str, path: str) -> dict[str, str]:
        """The authenticator's headers, once every new-token hook ran for the token they carry."""
        headers: dict[str, str] = self.auth.headers(self)
        rounds = 0
        while self.token_hooks and not self._in_token_hooks and self._generation() != self._hooked_generation:
            if rounds == MAX_TOKEN_HOOK_ROUNDS:
                raise TransportError(
                    f"{method} {path} to {self.provider} not sent: {rounds} new tokens in a row were refused "
                    "while restoring the session",
                    method=method,
                    path=path,
                    sent=False,
                )
            rounds += 1
            generation = self._generation()
            self._in_token_hooks = True
            try:
                for hook in self.token_hooks:
                    hook()
            finally:
                self._in_token_hooks = False
            self._hooked_generation = generation
            # A hook's request may have needed (and got) a newer token: loop until one held.
            headers = self.auth.headers(self)
        return headers

    def _generation(self) -> int:
        return int(getattr(self.auth, "generation", 0))

    def redact(self, text: str) -> str:
        """Remove every known secret from a text before it can reach a message."""
        secrets = self.auth.secrets() if self.auth is not None else []
        for secret in sorted((s for s in secrets if s), key=len, reverse=True):
            text = text.replace(secret, REDACTED)
        return text

    def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        data: Any = None,
        headers: dict[str, str] | None = None,
        authenticated: bool = True,
        raw: bool = False,
        idempotent: bool | None = None,
    ) -> Any:
        """Send a request and return its decoded body (JSON, text, or ``None`` when empty).

        With ``raw=True`` the ``requests.Response`` is returned instead (still only for
        a successful status), for callers that need headers. ``idempotent=True`` lets a
        POST that has no side effect (a token request) be retried like a GET.
        """
        method = method.upper()
        check_path(path)
        safe_to_repeat = method in IDEMPOTENT_METHODS if idempotent is None else idempotent
        repeat_if_ambiguous = method in READ_METHODS if idempotent is None else idempotent
        reauthenticated = False
        attempt = 0
        while True:
            send_headers = dict(self.default_headers)
            if authenticated and self.auth is not None:
                send_headers.update(self._auth_headers(method, path))
            if headers:
                send_headers.update(headers)
            try:
                response = self.session.request(
                    method,
                    self.url(path),
                    params=params,
                    json=json,
                    data=data,
                    headers=send_headers,
                    timeout=(min(10.0, self.timeout), self.timeout),
                    # Explicit, because requests lets REQUESTS_CA_BUNDLE override a session's
                    # CA file, which would silently ignore ca_path.
                    verify=self.session.verify,
                )
            except requests.exceptions.RequestException as exc:
                sent = _may_have_reached_server(exc)
                self.history.append(RequestRecord(method, path, None, attempt))
                if (repeat_if_ambiguous or (safe_to_repeat and not sent)) and attempt + 1 < self.retry.attempts:
                    self.sleep(self.retry.delay(attempt))
                    attempt += 1
                    continue
                raise TransportError(
                    self.redact(f"{method} {path} to {self.provider} failed: {_describe(exc)}"),
                    method=method,
                    path=path,
                    sent=sent,
                ) from None
            self.history.append(RequestRecord(method, path, response.status_code, attempt))
            status = response.status_code
            if status == 401 and authenticated and self.auth and not reauthenticated and self.auth.invalidate():
                # A token reused from the cache may only be stale (its identity service forgot it):
                # refusing it does not use up the one re-authentication a fresh token gets.
                reauthenticated = not getattr(self.auth, "refused_stale", False)
                continue
            retryable = (
                status == 429
                or (status in NOT_PROCESSED and safe_to_repeat)
                or (status in AMBIGUOUS_STATUSES and repeat_if_ambiguous)
            )
            if retryable and attempt + 1 < self.retry.attempts:
                self.sleep(self.retry.delay(attempt, parse_retry_after(response.headers.get("Retry-After"))))
                attempt += 1
                continue
            if status >= 400:
                raise self._api_error(method, path, response)
            if status != 204 and response.content and is_html(response):
                # A captive portal or a proxy's page with a 2xx: not the API's answer, whatever its status.
                raise ApiError(
                    status=status,
                    provider_message=self.redact(not_json_message(response)),
                    method=method,
                    path=path,
                    provider=self.provider,
                )
            if raw:
                return response
            return _decode(response)

    def _api_error(self, method: str, path: str, response: Any) -> ApiError:
        message, request_id, code = self.error_parser(response)
        return ApiError(
            status=response.status_code,
            provider_message=self.redact(message),
            method=method,
            path=path,
            provider=self.provider,
            request_id=request_id,
            code=code,
        )


def new_session() -> Any:
    """A ``requests.Session`` for one thread of work: retries are the transport's, urllib3's stay off.

    The transport's retries need the authentication and POST rules that urllib3 does not know.
    """
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=0))
    session.mount("https://", HTTPAdapter(max_retries=0))
    return session


class ThreadSessions:
    """What :class:`Transport` takes as ``session`` when several threads share it: one session per thread.

    The inventory lists many pages and clusters at once on a pool of worker threads, all
    through one transport per provider entry (so one authenticator, one token, one request
    history and one redaction for them all). requests does not promise that a ``Session``
    is thread-safe: urllib3's connection pools are, but the session around them is shared
    mutable state with no lock (its cookie jar is iterated to prepare each request while a
    response on another thread updates it, and its adapters and settings can be changed
    under a request). So each worker thread gets its own session, made on its first
    request and kept for the run, which keeps its connections alive from one task to the
    next. The open connections stay bounded by the number of workers, as they would with
    one shared pool sized to the workers, without relying on an unpromised guarantee.

    ``verify`` is kept here because the transport sets it on its session and sends it
    with every request.
    """

    def __init__(self) -> None:
        self.verify: Any = True
        self._local = threading.local()
        self._lock = threading.Lock()
        self._sessions: list[Any] = []

    def current(self) -> Any:
        """This thread's session, made on its first request."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = new_session()
            session.verify = self.verify
            with self._lock:
                self._sessions.append(session)
            self._local.session = session
        return session

    def request(self, method: str, url: str, **options: Any) -> Any:
        return self.current().request(method, url, **options)

    def close(self) -> None:
        """Close every thread's session (their connections); a later request opens a new one."""
        with self._lock:
            sessions, self._sessions = self._sessions, []
        # New thread-local storage, so that no thread finds its closed session there again.
        self._local = threading.local()
        for session in sessions:
            session.close()


def _may_have_reached_server(exc: Exception) -> bool:
    """False only when the connection was never established, so the request was not sent."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return False
    if isinstance(exc, requests.exceptions.ConnectionError):
        reason = exc.args[0] if exc.args else None
        inner = getattr(reason, "reason", reason)
        return type(inner).__name__ not in ("NewConnectionError", "NameResolutionError")
    return True


def _ssl_reason(exc: Exception) -> str:
    """OpenSSL's own words (``certificate verify failed: self-signed certificate``), if any."""
    text = str(exc)
    marker = "certificate verify failed"
    start = text.find(marker)
    if start < 0:
        return ""
    return text[start:].split(" (_ssl.c", 1)[0].rstrip("')\"")


def _describe(exc: Exception) -> str:
    if HAS_REQUESTS:
        if isinstance(exc, requests.exceptions.SSLError):
            detail = _ssl_reason(exc)
            return (
                f"TLS verification failed{f' ({detail})' if detail else ''}; give ca_path for a private CA, "
                "or set validate_certs=false for a test endpoint"
            )
        if isinstance(exc, requests.exceptions.ConnectTimeout):
            return "connection timed out"
        if isinstance(exc, requests.exceptions.ReadTimeout):
            return "no answer within the timeout"
        if isinstance(exc, requests.exceptions.ConnectionError):
            return "connection failed or was reset"
    return type(exc).__name__


def _decode(response: Any) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    content_type = response.headers.get("Content-Type", "")
    if "json" in content_type:
        try:
            return response.json()
        except ValueError:
            return response.text
    return response.text
