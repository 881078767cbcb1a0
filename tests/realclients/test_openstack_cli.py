"""The ``openstack`` CLI (python-openstackclient + the magnum plugin) against NKS and ECNS.

The CLI takes ~2 s or more to start, so each provider gets one CLI process in
interactive mode reading its commands from stdin (one start-up for all of them); both
processes run at once, and each test reads its command's answer.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kaas_emulator.server import EmulatorServer
from realclients import clients

pytestmark = pytest.mark.xdist_group("realclients_cli")

OPENSTACK = str(Path(sys.executable).with_name("openstack"))
REQUEST_ID = re.compile(r"\(Request-ID: req-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}\)")
# The interactive shell splits a line on every space, quoted or not: the guide's
# "General HDD" volume type becomes a type name without a space.
LABELS = ",".join(
    f"{key}={value.replace(' ', '_')}"
    for key, value in clients.CLUSTER_EXAMPLE["labels"].items()
    if isinstance(value, str) and value and "," not in value
)
CREATE = (
    "coe cluster create {name} --cluster-template iaas_console --keypair test-keypair "
    f"--flavor {clients.FLAVOR} --fixed-network {clients.NETWORK} "
    f"--fixed-subnet {clients.SUBNET} --node-count 2 --labels {LABELS}"
)
NKS_COMMANDS = [
    "token issue -f json",
    "catalog list -f json",
    CREATE.format(name="cli-b"),
    CREATE.format(name="cli-a"),
    "coe cluster list -f json --sort-key name --sort-dir desc",
    "coe cluster list -f json --limit 1",
    "coe cluster show cli-a -f json",
    "coe nodegroup list cli-a -f json",
    "coe cluster show no-such-cluster -f json",
    "coe cluster template list -f json",
]
ECNS_COMMANDS = ["token issue -f json", "catalog list -f json", "coe cluster list -f json"]


def _start(settings: dict[str, str]) -> subprocess.Popen[str]:
    """An interactive ``openstack`` configured by ``OS_*`` variables only.

    In interactive mode the CLI (cmd2) also runs its command-line words as commands, so
    ``--os-auth-url`` and friends are given as their ``OS_*`` variables, which the CLI
    reads the same way; no variable of the caller's shell is passed on. Both CLIs are
    started at once so that their slow start-ups overlap; they then read stdin.
    """
    env = {key: value for key, value in os.environ.items() if not key.startswith("OS_")}
    env.update(settings)
    return subprocess.Popen(
        [OPENSTACK],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _answers(text: str) -> Iterator[Any]:
    """The JSON documents and the other lines of ``text``, in order."""
    decoder = json.JSONDecoder()
    index = 0
    while index < len(text):
        if text[index].isspace():
            index += 1
        elif text[index] in "[{":
            value, index = decoder.raw_decode(text, index)
            yield value
        else:
            end = text.find("\n", index)
            end = len(text) if end < 0 else end
            yield text[index:end]
            index = end


@pytest.fixture(scope="module")
def cli(emulator: EmulatorServer) -> dict[str, tuple[list[Any], str]]:
    """Per provider, the CLI's answers (stdout) and its error lines (stderr)."""
    common = {"OS_USERNAME": "demo", "OS_PASSWORD": "demo", "OS_PROJECT_NAME": "demo"}
    nks = _start(
        {
            "OS_AUTH_URL": clients.nks_identity(emulator.url),
            "OS_IDENTITY_API_VERSION": "2",
            "OS_REGION_NAME": clients.REGION,
            **common,
        }
    )
    ecns = _start(
        {
            "OS_AUTH_URL": clients.ecns_identity(emulator.url),
            "OS_IDENTITY_API_VERSION": "3",
            "OS_USER_DOMAIN_ID": "default",
            "OS_PROJECT_DOMAIN_ID": "default",
            **common,
        }
    )
    found = {}
    for name, process, commands in (("nks", nks, NKS_COMMANDS), ("ecns", ecns, ECNS_COMMANDS)):
        out, err = process.communicate("\n".join(commands) + "\n", timeout=120)
        found[name] = (list(_answers(out)), err)
    return found


def test_nks_token_and_catalog(cli: dict[str, tuple[list[Any], str]], emulator: EmulatorServer) -> None:
    answers, _errors = cli["nks"]
    token, catalog = answers[0], answers[1]
    assert token["project_id"] == "demo" and token["id"]
    types = {entry["Type"]: entry for entry in catalog}
    assert set(types) == {"kubernetes", "container-infra"}
    assert types["container-infra"]["Endpoints"][0]["publicURL"] == emulator.url + "/nks/v1"


def test_nks_cluster_create_list_sort_limit_show(cli: dict[str, tuple[list[Any], str]]) -> None:
    answers, _errors = cli["nks"]
    created = [a for a in answers[2:4] if isinstance(a, str)]
    assert len(created) == 2 and all(re.fullmatch(r"Request to create cluster \S+ accepted", line) for line in created)
    listed, limited, shown, groups = answers[4:8]
    assert [c["name"] for c in listed] == ["cli-b", "cli-a"]
    assert len(limited) == 1
    assert shown["name"] == "cli-a" and shown["node_count"] == 2
    assert shown["labels"]["kube_tag"] == clients.CLUSTER_EXAMPLE["labels"]["kube_tag"]
    assert [g["name"] for g in groups] == ["default-worker"]


def test_nks_errors_print_magnums_title_and_request_id(cli: dict[str, tuple[list[Any], str]]) -> None:
    errors = cli["nks"][1]
    lines = [line for line in errors.splitlines() if "(HTTP " in line]
    assert len(lines) == 2, errors
    assert lines[0].startswith("Cluster no-such-cluster could not be found (HTTP 404)")
    # NHN has no cluster template API.
    assert "(HTTP 404)" in lines[1]
    assert all(REQUEST_ID.search(line) for line in lines), lines


def test_ecns_token_and_catalog(cli: dict[str, tuple[list[Any], str]], emulator: EmulatorServer) -> None:
    answers, errors = cli["ecns"]
    assert len(answers) == 2, errors
    token, catalog = answers
    assert token["project_id"] == "demo" and token["id"]
    assert [entry["Type"] for entry in catalog] == ["container"]
    assert catalog[0]["Endpoints"][0]["url"] == emulator.url + "/ecns"
    # ECNS is not a Magnum service: `openstack coe` finds no container-infra endpoint.
    assert "public endpoint for container-infra service not found" in errors, errors
