"""The environment and the call of ansible commands (ansible-playbook, ansible-inventory, molecule...) in tests.

Every run must see this checkout as kaas.cloud and nothing of the developer's or CI's own
settings: a KAAS_* variable would connect the modules elsewhere, an ANSIBLE_* one change
what Ansible does, a MOLECULE_* one what molecule does. One place builds that environment,
so each test states only what is particular to it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: The venv's bin directory: ansible-playbook and the other commands of this interpreter.
BIN = Path(sys.executable).parent
COLLECTIONS = REPO / ".build" / "collections"
#: Variables from outside that would change a run: none of them reaches it.
OUTSIDE = ("KAAS_", "ANSIBLE_", "MOLECULE_")


def ansible_env(home: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of an ansible command: this checkout as kaas.cloud, quiet, no setting from outside.

    ``home``, when given, becomes HOME (runs that overlap each get their own ~/.ansible, and
    whatever a run writes under ~ stays in the test's directory), with the token cache and
    the async job directory inside it. The async directory is absolute: ansible-core expands
    "~" with $HOME in the job but with the user's home directory in async_status, two places
    once HOME is moved. ``extra`` comes last, so a caller overrides any of these.
    """
    env = {name: value for name, value in os.environ.items() if not name.startswith(OUTSIDE)}
    env.update(
        ANSIBLE_COLLECTIONS_PATH=str(COLLECTIONS),
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_LOCALHOST_WARNING="false",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
        # Each module goes over stdin instead of being copied first: a fifth faster.
        ANSIBLE_PIPELINING="true",
        # Commands a run starts itself (molecule's ansible-playbook, the runner's ansible-inventory).
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    if home is not None:
        home = home.absolute()
        env.update(
            HOME=str(home),
            KAAS_TOKEN_CACHE_DIR=str(home / "tokens"),
            ANSIBLE_ASYNC_DIR=str(home / "async_jobs"),
        )
    env.update(extra)
    return env


def run_ansible(
    tool: str, *args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``tool args`` from this venv (``ansible-playbook``, ``ansible-inventory``, ``molecule``...), its output kept.

    It never raises on a failed run: the caller asserts on the return code with the output
    in the message, which says more than a CalledProcessError.
    """
    command = [str(BIN / tool), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False)
