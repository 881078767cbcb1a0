"""The request pipeline every provider request goes through, in this order.

1. log the request (method, path after the prefix, query; never bodies or headers),
   and answer 404 to a path with an encoded slash (see :func:`encoded_slash`);
2. apply the first matching fault rule (status, reset, delay, async_error, revoke); a
   rule with ``after`` lets the request be handled and replaces (status, reset) or
   holds back (delay) its answer in step 6;
3. check credentials with the provider's authenticator (401 in its own format);
4. count the request against the provider's rate limit (429 with Retry-After);
5. run the provider's view;
6. finally record the status, add request-id and rate-limit headers, persist the
   state after a successful write, and reshape the answer when the emulator serves
   ``responses: tolerant-reader`` (see :mod:`kaas_emulator.core.mutate`).

Control paths (``/_emulator``) never enter this pipeline.
"""

from __future__ import annotations

import logging
import secrets
import socket
import struct
import time
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, g, jsonify, request
from werkzeug.exceptions import HTTPException

from kaas_emulator.core.auth import revoke_presented
from kaas_emulator.core.errors import ApiError, default_code, default_message
from kaas_emulator.core.faults import FaultRule
from kaas_emulator.core.registry import Provider
from kaas_emulator.core.runtime import emulator

#: WSGI environ flag set by a ``reset`` fault; honoured by :class:`DropConnectionMiddleware`.
DROP_KEY = "kaas_emulator.drop_connection"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
INJECTED = "injected by kaas-emulator"

logger = logging.getLogger(__name__)

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class DropConnectionMiddleware:
    """Drops the TCP connection of requests flagged by a ``reset`` fault.

    Flask turns any exception raised in a view into a 500, so the drop cannot happen
    inside Flask. The view only flags the environ; here, outside Flask, the socket that
    werkzeug's server exposes as ``werkzeug.socket`` is shut down with SO_LINGER 0 (the
    peer sees a reset or EOF, never an HTTP answer) and ``ConnectionAbortedError`` is
    raised, which werkzeug's server treats as a dropped connection. Under Flask's test
    client (no socket) that exception reaches the test instead.
    """

    def __init__(self, wsgi_app: WsgiApp) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        result = self.wsgi_app(environ, start_response)
        if not environ.get(DROP_KEY):
            return result
        close = getattr(result, "close", None)
        if close is not None:
            close()
        sock = environ.get("werkzeug.socket")
        if isinstance(sock, socket.socket):
            try:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        raise ConnectionAbortedError(f"connection reset ({INJECTED})")


def _error_response(provider: Provider | None, error: ApiError) -> Response:
    if provider is None:
        response = jsonify({"error": error.code, "message": error.message})
        response.status_code = error.status
    else:
        response = provider.format_error(error.status, error.code, error.message)
    for name, value in error.headers.items():
        response.headers[name] = value
    return response


def raw_path(environ: dict[str, Any]) -> str | None:
    """The request path as the client sent it (still percent-encoded), if the server kept it."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if not raw:
        return None
    path = urlsplit(raw).path if raw.startswith(("http://", "https://")) else raw.split("?", 1)[0]
    return path or "/"


def encoded_slash(path: str | None) -> bool:
    """Whether a raw path holds ``%2F``, which WSGI decodes into a separator that routes elsewhere.

    Magnum, Keycloak-fronted and Kubernetes-backed APIs never take an encoded slash as a
    separator: their front proxies refuse it (Apache's default ``AllowEncodedSlashes Off``
    answers 404) or keep it inside the segment, which names no resource. The emulator
    answers 404 rather than let werkzeug's decoded path reach another resource.
    """
    return path is not None and "%2f" in path.lower()


def _before_request() -> Response | None:
    emu = emulator()
    provider = emu.provider_for_path(request.path)
    if provider is None:
        return None
    g.kaas_provider = provider
    subpath = provider.subpath(request.path)
    query = request.query_string.decode("latin-1")
    sent = raw_path(request.environ)
    g.kaas_log = emu.log.start(emu.now(), provider.name, request.method, subpath, query)
    if sent is not None and sent.startswith(provider.prefix):
        g.kaas_log["raw_path"] = sent[len(provider.prefix) :] or "/"
    g.kaas_request_id = "req_" + secrets.token_hex(8)
    g.kaas_async_error = None
    if encoded_slash(sent):
        raise ApiError(404, "no resource at this path: an encoded '/' (%2F) is not a separator")

    rule = emu.faults.match(provider.name, request.method, subpath)
    g.kaas_fault_after = None
    if rule is not None:
        g.kaas_log["fault"] = rule.log_name
        if rule.after:
            g.kaas_fault_after = rule
        elif rule.effect == "reset":
            # Consume the body first: left in werkzeug's read buffer, it would be parsed
            # as the next request of the keep-alive connection once the socket is shut.
            request.get_data()
            request.environ[DROP_KEY] = True
            return Response(status=500)
        elif rule.effect == "status":
            raise _fault_error(rule)
        elif rule.effect == "revoke":
            # The token dies now (revoked, or expired early): this request and every
            # later one carrying it get the provider's 401.
            revoke_presented(request)
            raise ApiError(401, f"token revoked ({INJECTED})")
        elif rule.effect == "delay_ms":
            time.sleep(rule.value / 1000.0)
        elif rule.effect == "async_error":
            g.kaas_async_error = rule.value

    if provider.is_public(subpath):
        g.kaas_identity = f"anonymous:{request.remote_addr}"
    else:
        identity = provider.authenticate(request)
        if identity is None:
            g.kaas_identity = f"anonymous:{request.remote_addr}"
            raise ApiError(401, provider.unauthorized_message)
        g.kaas_identity = identity
        limiter = emu.limiters.get(provider.name)
        if limiter is not None:
            status = limiter.hit(identity, emu.now())
            g.kaas_rate = status
            if not status.allowed:
                retry = str(status.retry_after(emu.now()))
                raise ApiError(429, "rate limit exceeded", None, {"Retry-After": retry})
    return None


def note_request(key: str, value: Any) -> None:
    """Add ``key`` to the current request's log entry: what the provider made of it.

    ECNS notes the session scope a request acted in, which its path does not say.
    """
    entry = g.get("kaas_log")
    if entry is not None:
        entry[key] = value


def _fault_error(rule: FaultRule) -> ApiError:
    headers = {}
    if rule.retry_after is not None and rule.retry_after >= 0:
        headers["Retry-After"] = str(rule.retry_after)
    elif rule.retry_after is None and rule.value == 429:
        headers["Retry-After"] = "1"
    return ApiError(rule.value, f"{default_message(rule.value)} ({INJECTED})", None, headers)


def _strike_after(response: Response) -> Response:
    """Replace a handled request's answer by its ``after`` fault, keeping the change made."""
    rule: FaultRule | None = g.get("kaas_fault_after")
    if rule is None:
        return response
    g.kaas_fault_after = None
    if response.status_code < 400:
        emulator().store.save()
    if rule.effect == "reset":
        request.environ[DROP_KEY] = True
        return response
    if rule.effect == "delay_ms":
        # Accepted, then answered later than the client waits: it times out after the change.
        time.sleep(rule.value / 1000.0)
        return response
    return _error_response(g.get("kaas_provider"), _fault_error(rule))


def _after_request(response: Response) -> Response:
    provider: Provider | None = g.get("kaas_provider")
    if provider is None:
        return response
    emu = emulator()
    response = _strike_after(response)
    if not request.environ.get(DROP_KEY):
        g.kaas_log["status"] = response.status_code
    if provider.request_id_header:
        response.headers[provider.request_id_header] = g.kaas_request_id
    limiter = emu.limiters.get(provider.name)
    if limiter is not None:
        status = g.get("kaas_rate")
        if status is None:
            identity = g.get("kaas_identity") or f"anonymous:{request.remote_addr}"
            status = limiter.peek(identity, emu.now())
        for name, value in limiter.headers(status).items():
            response.headers[name] = value
    if request.method not in SAFE_METHODS and response.status_code < 400:
        emu.store.save()
    if request.environ.get(DROP_KEY):
        return response
    query = request.query_string.decode("latin-1")
    return emu.mutator.mutate(provider.name, request.method, request.path, query, response)


def _handle_api_error(error: ApiError) -> Response:
    return _error_response(g.get("kaas_provider"), error)


def _handle_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    api_error = ApiError(status, error.description, default_code(status))
    response = _error_response(g.get("kaas_provider"), api_error)
    if status == 405 and hasattr(error, "valid_methods") and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _handle_unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return _handle_http_exception(error)
    logger.exception("unhandled error in kaas-emulator")
    return _error_response(g.get("kaas_provider"), ApiError(500, f"internal error: {error}"))


def install(app: Flask) -> None:
    """Wire the pipeline hooks, error handlers and the drop middleware into ``app``."""
    app.before_request(_before_request)
    app.after_request(_after_request)
    app.register_error_handler(ApiError, _handle_api_error)
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(Exception, _handle_unexpected)
    app.wsgi_app = DropConnectionMiddleware(app.wsgi_app)  # type: ignore[method-assign]
