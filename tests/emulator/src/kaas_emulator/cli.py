"""Command line: ``kaas-emulator serve``.

Scripts (Makefile targets, CI jobs, integration tests) start the emulator in the
background and need its port: it prints exactly one ``listening on`` line on stdout,
flushed, and can also write the port to a file.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from kaas_emulator import __version__
from kaas_emulator.app import create_app
from kaas_emulator.core.mutate import ENVIRONMENT, MODES, Mutation, from_environment
from kaas_emulator.core.state import StateFileError
from kaas_emulator.server import build_server


def _positive_float(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be > 0")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and documentation)."""
    parser = argparse.ArgumentParser(prog="kaas-emulator", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the emulated provider APIs")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8480, help="port, 0 = any free (8480)")
    serve.add_argument("--port-file", type=Path, help="write the bound port to this file")
    serve.add_argument("--state-file", type=Path, help="JSON file the cloud state persists to")
    serve.add_argument(
        "--time-scale", type=_positive_float, default=1.0, help="speed-up of async operations"
    )
    serve.add_argument("--quiet", action="store_true", help="no per-request access log")
    serve.add_argument(
        "--responses",
        choices=MODES,
        default=None,
        help="answer shape: as-documented, or tolerant-reader (unknown fields, optional fields "
        f"left out, lists reordered...); default from {ENVIRONMENT}",
    )
    serve.add_argument("--mutation-key", type=int, default=None, help="key of tolerant-reader")
    return parser


def _mutation(args: argparse.Namespace) -> Mutation:
    """The answer shape the options ask for, the environment filling what they leave out."""
    found = from_environment(os.environ.get(ENVIRONMENT))
    mode = args.responses or found.mode
    key = found.key if args.mutation_key is None else args.mutation_key
    return Mutation(mode=mode, key=key)


def serve(args: argparse.Namespace) -> int:
    """Bind, announce the port, serve until SIGTERM/SIGINT."""
    try:
        app = create_app(
            time_scale=args.time_scale, state_file=args.state_file, mutation=_mutation(args)
        )
    except StateFileError as exc:
        print(f"kaas-emulator: {exc}", file=sys.stderr)
        return 2
    try:
        server = build_server(app, args.host, args.port, quiet=args.quiet)
    except OSError as exc:
        print(f"kaas-emulator: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1

    # Installed before the port is announced, so a script that signals as soon as it reads the
    # port still gets a clean stop. The handler asks serve_forever to return at its next poll
    # rather than raising into whatever the main thread is doing (accepting, starting a thread);
    # shutdown() waits for the loop, so it runs beside it. SIGINT too: a background job of a
    # non-interactive shell inherits it ignored.
    def request_stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, request_stop)
    port = server.server_port
    if args.port_file is not None:
        tmp = args.port_file.with_name(args.port_file.name + ".tmp")
        tmp.write_text(f"{port}\n", encoding="utf-8")
        tmp.replace(args.port_file)
    display_host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"kaas-emulator listening on http://{display_host}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    print("kaas-emulator stopped", file=sys.stderr, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point."""
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return 2  # pragma: no cover - argparse rejects unknown commands
