"""The roles: molecule scenarios and playbook syntax.

Each molecule scenario (extensions/molecule/<role>) starts its own kaas-emulator in
``create`` and stops it in ``destroy``, so the scenarios are independent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SCENARIOS = sorted(p.parent.name for p in (REPO / "extensions" / "molecule").glob("*/molecule.yml"))
PLAYBOOKS = sorted(p.name for p in (REPO / "playbooks").glob("*.yml"))


def ansible_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KAAS_", "MOLECULE_"))}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(REPO / ".build" / "collections"),
        ANSIBLE_NOCOLOR="1",
        NO_COLOR="1",
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        HOME=str(tmp),
    )
    return env


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_molecule_scenario(scenario, tmp_path):
    """converge, idempotence (zero changed), verify and destroy, against the emulator."""
    proc = subprocess.run(
        [str(BIN / "molecule"), "test", "-s", scenario],
        capture_output=True,
        text=True,
        env=ansible_env(tmp_path),
        cwd=REPO,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-8000:]


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_playbook_syntax(playbook, tmp_path):
    proc = subprocess.run(
        [str(BIN / "ansible-playbook"), "--syntax-check", "-i", "localhost,", f"playbooks/{playbook}"],
        capture_output=True,
        text=True,
        env=ansible_env(tmp_path),
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
