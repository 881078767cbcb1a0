"""Run the emulator in a background thread of the current process, for tests.

Starting a real HTTP server (rather than Flask's test client) is what lets tests use
``requests`` exactly like the collection does, and observe timeouts and dropped
connections.
"""

from __future__ import annotations

import os
import threading
from os import PathLike
from types import TracebackType

from flask import Flask
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server

from kaas_emulator.app import create_app
from kaas_emulator.core.clock import Clock
from kaas_emulator.core.mutate import ENVIRONMENT, Mutation, from_environment


class QuietRequestHandler(WSGIRequestHandler):
    """Request handler that does not print one access-log line per request."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Skip the access log; the emulator keeps its own request log."""


def build_server(
    app: Flask,
    host: str = "127.0.0.1",
    port: int = 0,
    quiet: bool = False,
    tls: tuple[str, str] | None = None,
) -> BaseWSGIServer:
    """Bind a threaded werkzeug server for ``app`` (port 0 picks a free port).

    ``tls`` is a (certificate file, key file) pair to serve HTTPS instead of HTTP.
    """
    handler = QuietRequestHandler if quiet else None
    return make_server(host, port, app, threaded=True, request_handler=handler, ssl_context=tls)


class EmulatorServer:
    """An emulator listening on 127.0.0.1 in a daemon thread; a context manager.

    ``tls=(cert, key)`` serves HTTPS, for tests of certificate checking. ``mutation``
    defaults to what ``KAAS_EMULATOR_MUTATE`` asks for (see
    :func:`kaas_emulator.core.mutate.from_environment`), so every test fixture runs
    under the tolerant-reader answers when that variable is set.

    The socket is bound and the thread started by the constructor, so ``url`` is valid
    at once; :meth:`stop` (or leaving the ``with`` block) shuts it down.
    """

    def __init__(
        self,
        time_scale: float = 1.0,
        state_file: str | PathLike[str] | None = None,
        clock: Clock | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        tls: tuple[str, str] | None = None,
        url_host: str | None = None,
        mutation: Mutation | None = None,
    ) -> None:
        if mutation is None:
            mutation = from_environment(os.environ.get(ENVIRONMENT))
        self.app: Flask = create_app(
            time_scale=time_scale, state_file=state_file, clock=clock, mutation=mutation
        )
        self._server = build_server(self.app, host, port, quiet=True, tls=tls)
        self.host = host
        self.port: int = self._server.server_port
        # With TLS, clients must use the name the certificate is for (``url_host``).
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://{url_host or host}:{self.port}"
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # stop() returns within ~50 ms
            name="kaas-emulator",
            daemon=True,
        )
        self._thread.start()
        self._stopped = False

    def stop(self) -> None:
        """Stop serving and close the socket; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> EmulatorServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
