"""The built collection: what ships, and that it works once installed from the tarball.

Users install from Galaxy, not from a checkout, so the tarball is what must be
right: no emulator, tests, venvs or dev scripts inside, and a module run from
the installed copy must work with nothing but ansible-core and requests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from kaas_emulator.server import EmulatorServer

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FORBIDDEN_PREFIXES = ("tests/", "hack/", ".venv/", ".build/", ".ci/", "Makefile", "requirements-dev.txt")


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(out), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    (built,) = out.glob("kaas-cloud-*.tar.gz")
    return built


def test_tarball_ships_the_collection_and_nothing_else(tarball):
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    assert "plugins/modules/k8s_cluster.py" in names
    assert "meta/runtime.yml" in names
    leaked = [n for n in names if n.startswith(FORBIDDEN_PREFIXES) or "__pycache__" in n]
    assert leaked == []


def test_module_runs_from_the_installed_tarball(tarball, tmp_path):
    target = tmp_path / "collections"
    # Without ANSIBLE_* (make exports ANSIBLE_COLLECTIONS_PATH with the checkout in it),
    # galaxy would find kaas.cloud installed already and skip the install.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ANSIBLE_")}
    subprocess.run(
        [str(BIN / "ansible-galaxy"), "collection", "install", str(tarball), "-p", str(target)],
        check=True,
        capture_output=True,
        text=True,
        env=clean,
    )
    assert (target / "ansible_collections" / "kaas" / "cloud" / "plugins" / "modules" / "kubeconfig.py").exists()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAAS_", "ANSIBLE_"))}
    with EmulatorServer(time_scale=400) as emulator:
        env.update(
            ANSIBLE_COLLECTIONS_PATH=str(target),
            ANSIBLE_LOCALHOST_WARNING="false",
            ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
            ANSIBLE_STDOUT_CALLBACK="ansible.builtin.minimal",
            KAAS_PROVIDER="deployme",
            KAAS_API_URL=f"{emulator.url}/deployme",
            KAAS_AUTH_TOKEN="demo",
        )
        proc = subprocess.run(
            [
                str(BIN / "ansible"),
                "localhost",
                "-m",
                "kaas.cloud.k8s_cluster_info",
                "-e",
                f"ansible_python_interpreter={sys.executable}",
            ],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout.split("=>", 1)[1])
    assert result["clusters"] == [] and result["changed"] is False
