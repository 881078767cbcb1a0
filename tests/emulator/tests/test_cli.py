"""The console script starts, announces its port, serves and stops on SIGTERM."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from kaas_emulator.cli import build_parser


def test_parser_defaults() -> None:
    args = build_parser().parse_args(["serve"])
    assert (args.host, args.port, args.time_scale, args.state_file) == (
        "127.0.0.1",
        8480,
        1.0,
        None,
    )


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_serve_prints_port_and_stops_cleanly(tmp_path: Path, signum: int) -> None:
    port_file = tmp_path / "port"
    state_file = tmp_path / "state.json"
    command = [
        sys.executable,
        "-m",
        "kaas_emulator",
        "serve",
        "--port",
        "0",
        "--quiet",
        "--port-file",
        str(port_file),
        "--state-file",
        str(state_file),
        "--time-scale",
        "100",
    ]
    # start_new_session: like a background job, and Ctrl-C in pytest does not reach it
    process = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.fullmatch(r"kaas-emulator listening on http://127\.0\.0\.1:(\d+)\n", line)
        assert match, line
        port = int(match.group(1))
        assert int(port_file.read_text()) == port
        health = requests.get(f"http://127.0.0.1:{port}/_emulator/health", timeout=5).json()
        assert health["time_scale"] == 100.0
        assert "deployme" in health["providers"]
        process.send_signal(signum)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_bad_state_file_exits_with_message(tmp_path: Path) -> None:
    state_file = tmp_path / "state.json"
    state_file.write_text("{oops")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kaas_emulator",
            "serve",
            "--port",
            "0",
            "--state-file",
            str(state_file),
        ],
        capture_output=True,
        text=True,
        timeout=20,
        check=False,
    )
    assert result.returncode == 2
    assert "cannot read state file" in result.stderr
