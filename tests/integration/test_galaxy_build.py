"""The built collection and emulator: what ships, and that it works once installed.

Users install from Galaxy, not from a checkout, so the tarball is what must be
right: no emulator, tests, venvs, build output or dev scripts inside, and a module
run from the installed copy must work with nothing but ansible-core and requests.
The emulator ships separately, as the kaas-emulator wheel that ``make dist`` builds
beside the tarball.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from kaas_emulator.server import EmulatorServer
from support.playbooks import ansible_env, run_ansible

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
FORBIDDEN_PREFIXES = (
    "tests/",
    "hack/",
    ".venv/",
    ".build/",
    ".ci/",
    "dist/",
    "Makefile",
    "requirements-dev.txt",
)
EMULATOR_SOURCES = REPO / "tests" / "emulator" / "src"


def build(tree: Path, out: Path) -> Path:
    """The collection in ``tree`` built by ansible-galaxy into ``out``: the tarball."""
    proc = run_ansible("ansible-galaxy", "collection", "build", "--output-path", str(out), str(tree), env=ansible_env())
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("kaas-cloud-*.tar.gz")
    return built


@pytest.fixture(scope="module")
def tarball(tmp_path_factory):
    return build(REPO, tmp_path_factory.mktemp("dist"))


def test_tarball_ships_the_collection_and_nothing_else(tarball):
    with tarfile.open(tarball) as archive:
        names = archive.getnames()
    assert "meta/runtime.yml" in names
    leaked = [n for n in names if n.startswith(FORBIDDEN_PREFIXES) or "__pycache__" in n]
    assert leaked == []
    assert not [n for n in names if "emulator" in n.split("/")[0:2] or "kaas_emulator" in n]
    # ansible-builder reads these from the installed collection to build an execution environment.
    assert {"meta/execution-environment.yml", "requirements.txt", "bindep.txt"} <= set(names)
    modules = {f"plugins/modules/{p.name}" for p in (REPO / "plugins" / "modules").glob("*.py")}
    assert modules <= set(names)


def installed(tarball: Path, tmp_path: Path) -> dict[str, str]:
    """The tarball installed in ``tmp_path/collections``; the environment that finds kaas.cloud there only."""
    target = tmp_path / "collections"
    # Not the checkout's collection path (make exports ANSIBLE_COLLECTIONS_PATH with the checkout
    # in it): galaxy would find kaas.cloud installed already and skip the install.
    env = ansible_env(ANSIBLE_COLLECTIONS_PATH=str(target))
    proc = run_ansible("ansible-galaxy", "collection", "install", str(tarball), "-p", str(target), env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return env


def test_module_runs_from_the_installed_tarball(tarball, tmp_path):
    env = installed(tarball, tmp_path)
    target = tmp_path / "collections"
    assert (target / "ansible_collections" / "kaas" / "cloud" / "plugins" / "modules" / "kubeconfig.py").exists()
    with EmulatorServer(time_scale=400) as emulator:
        env.update(
            ANSIBLE_STDOUT_CALLBACK="ansible.builtin.minimal",
            KAAS_PROVIDER="deployme",
            KAAS_API_URL=f"{emulator.url}/deployme",
            KAAS_AUTH_TOKEN="demo",
        )
        interpreter = f"ansible_python_interpreter={sys.executable}"
        module = ("localhost", "-m", "kaas.cloud.k8s_cluster_info", "-e", interpreter)
        proc = run_ansible("ansible", *module, env=env, cwd=tmp_path, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    result = json.loads(proc.stdout.split("=>", 1)[1])
    assert result["clusters"] == [] and result["changed"] is False


PLAYBOOK = """
- name: A cluster through the installed collection
  hosts: localhost
  gather_facts: false
  module_defaults:
    group/kaas.cloud.all:
      provider: deployme
      api_url: "{url}/deployme"
      auth:
        token: demo
  tasks:
    - name: Create
      kaas.cloud.k8s_cluster:
        name: from-galaxy
        node_count: 1
        node_size: small
        poll_interval: 0.2
      register: created
    - name: Kubeconfig
      kaas.cloud.kubeconfig:
        cluster: from-galaxy
        dest: "{work}/from-galaxy.yaml"
    - name: Again, changing nothing
      kaas.cloud.k8s_cluster:
        name: from-galaxy
        node_count: 1
        node_size: small
      register: again
    - name: Check
      ansible.builtin.assert:
        that:
          - created is changed
          - again is not changed
          - created.cluster.status == 'running'
"""


def test_playbook_runs_from_the_installed_tarball_only(tarball, tmp_path):
    """A write, a file and an idempotent re-run, with nothing of the checkout on any path."""
    env = installed(tarball, tmp_path)
    listed = run_ansible("ansible-galaxy", "collection", "list", "kaas.cloud", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert list(json.loads(listed.stdout)) == [str(tmp_path / "collections" / "ansible_collections")]
    with EmulatorServer(time_scale=1000) as emulator:
        playbook = tmp_path / "play.yml"
        playbook.write_text(PLAYBOOK.format(url=emulator.url, work=tmp_path))
        proc = run_ansible(
            "ansible-playbook",
            *("-i", "localhost,", "-c", "local", str(playbook)),
            env={**env, "ANSIBLE_PYTHON_INTERPRETER": sys.executable},
            cwd=tmp_path,
            timeout=300,
        )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr
    assert (tmp_path / "from-galaxy.yaml").stat().st_mode & 0o777 == 0o600


def gitignored_samples() -> list[str]:
    """One file for each pattern of .gitignore: what a checkout builds or caches, never source."""
    samples = []
    for line in (REPO / ".gitignore").read_text().splitlines():
        pattern = line.strip()
        if not pattern or pattern.startswith(("#", "!")):
            continue
        path = pattern.strip("/").replace("*", "sample")
        samples.append(f"{path}/file.txt" if pattern.endswith("/") else path)
    return samples


@pytest.mark.slow
def test_nothing_git_ignores_is_shipped(tmp_path):
    """Build output and caches (dist/, .hypothesis/, ...) stay out of the tarball, present or not."""
    tree = tmp_path / "checkout"
    tree.mkdir()
    for name in ("galaxy.yml", "README.md", "meta"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tree / name)
    (tree / "plugins" / "modules").mkdir(parents=True)
    (tree / "plugins" / "modules" / "sample.py").write_text("")
    samples = gitignored_samples()
    assert "dist/file.txt" in samples
    for sample in samples:
        (tree / sample).parent.mkdir(parents=True, exist_ok=True)
        (tree / sample).write_text("")
    with tarfile.open(build(tree, tmp_path)) as archive:
        names = set(archive.getnames())
    assert "plugins/modules/sample.py" in names
    assert sorted(names.intersection(samples)) == []


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """What ``make dist`` writes (hack/dist.sh, into a temporary directory)."""
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [str(REPO / "hack" / "dist.sh"), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "VENV": str(BIN.parent)},
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def galaxy_version() -> str:
    return next(
        line.split(":", 1)[1].strip()
        for line in (REPO / "galaxy.yml").read_text().splitlines()
        if line.startswith("version:")
    )


@pytest.mark.slow
def test_dist_holds_the_collection_and_the_emulator_wheel(dist):
    version = galaxy_version()
    assert sorted(p.name for p in dist.iterdir()) == [
        f"kaas-cloud-{version}.tar.gz",
        f"kaas_emulator-{version}-py3-none-any.whl",
    ]
    with tarfile.open(dist / f"kaas-cloud-{version}.tar.gz") as archive:
        names = archive.getnames()
    assert "meta/runtime.yml" in names
    assert not [n for n in names if n.startswith(FORBIDDEN_PREFIXES) or n.endswith(".whl")]


@pytest.mark.slow
def test_the_wheel_holds_every_emulator_module_and_the_console_command(dist):
    (wheel,) = dist.glob("kaas_emulator-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        (entry_points,) = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        scripts = archive.read(entry_points).decode()
    sources = {
        p.relative_to(EMULATOR_SOURCES).as_posix()
        for p in EMULATOR_SOURCES.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and ".egg-info" not in str(p)
    }
    assert sources <= names, sorted(sources - names)
    assert not [n for n in names if "__pycache__" in n or n.startswith(("tests/", "src/"))]
    assert "kaas-emulator = kaas_emulator.cli:main" in scripts


@pytest.mark.slow
def test_the_console_command_runs_from_the_wheel_alone(dist, tmp_path):
    """``kaas-emulator`` from the wheel's files, not from the checkout (nor the venv's editable copy)."""
    (wheel,) = dist.glob("kaas_emulator-*.whl")
    code = (
        "import sys; sys.path.insert(0, sys.argv.pop(1)); import kaas_emulator;"
        "print(kaas_emulator.__file__, flush=True); from kaas_emulator.cli import main; main()"
    )
    proc = subprocess.run(
        [sys.executable, "-I", "-c", code, str(wheel), "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    where, version = proc.stdout.splitlines()
    assert where.startswith(str(wheel))
    assert version == f"kaas-emulator {galaxy_version()}"
