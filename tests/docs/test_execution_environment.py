"""The execution environment: ansible-builder makes a build context, and finds kaas.cloud's requirements.

No container runtime here, so ``create`` (the context a ``build`` would use) rather than
``build``; ``introspect`` is what ansible-builder runs inside the image to collect the
requirements of the installed collections, run here on this checkout.
"""

from __future__ import annotations

import subprocess

import yaml
from collection_docs import REPO

from support.playbooks import ansible_env, run_ansible

EE_DEFINITION = REPO / "docs" / "ee" / "execution-environment.yml"


def requirement_lines(path) -> list[str]:
    return [line.split("#", 1)[0].strip() for line in path.read_text().splitlines() if line.split("#", 1)[0].strip()]


def builder(*args: str, cwd=REPO) -> subprocess.CompletedProcess:
    return run_ansible("ansible-builder", *args, env=ansible_env(), cwd=cwd, timeout=120)


def test_collection_declares_its_requirements_for_ansible_builder():
    meta = yaml.safe_load((REPO / "meta" / "execution-environment.yml").read_text())
    assert meta["dependencies"] == {"python": "requirements.txt", "system": "bindep.txt"}
    assert requirement_lines(REPO / "requirements.txt"), "requirements.txt lists nothing"


def test_introspection_finds_the_python_and_system_requirements():
    proc = builder("introspect", str(REPO / ".build" / "collections"))
    assert proc.returncode == 0, proc.stderr
    found = yaml.safe_load(proc.stdout.split("\n", 1)[1])
    python = [line.split("#", 1)[0].strip() for line in found["python"]]
    system = [line.split("#", 1)[0].strip() for line in found["system"]]
    assert requirement_lines(REPO / "requirements.txt") == python
    assert requirement_lines(REPO / "bindep.txt") == system


def test_builder_creates_the_build_context(tmp_path):
    context = tmp_path / "context"
    proc = builder("create", "-f", str(EE_DEFINITION), "-c", str(context), "--output-filename", "Containerfile")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    containerfile = (context / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile
    assert "introspect" in containerfile, "the image must collect the collections' requirements"
    galaxy = yaml.safe_load((context / "_build" / "requirements.yml").read_text())
    assert "kaas.cloud" in [c["name"] for c in galaxy["collections"]]
