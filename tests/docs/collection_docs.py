"""What the collection documents, found in the tree and read through ``ansible-doc``.

Every docs check discovers its subjects here (``plugins/modules/*.py``,
``plugins/<type>/*.py``, ``roles/*``) instead of naming today's modules, so a
module, plugin or role added later is checked without touching the tests.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
from pathlib import Path

from support.playbooks import ansible_env, run_ansible

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COLLECTION = "kaas.cloud"

# plugins/<directory> -> the ``ansible-doc -t`` type of the plugins in it. Doc
# fragments and module_utils are not plugins of their own.
PLUGIN_DIRECTORIES = {
    "modules": "module",
    "inventory": "inventory",
    "lookup": "lookup",
    "filter": "filter",
    "test": "test",
    "callback": "callback",
    "connection": "connection",
    "action": "action",
}


def discover_plugins() -> list[tuple[str, str]]:
    """``(ansible-doc type, fully qualified name)`` of every documented plugin in the tree.

    An action plugin that only backs a module of the same name is the module's, not a plugin of its own.
    """
    found = []
    for directory, plugin_type in PLUGIN_DIRECTORIES.items():
        for path in sorted((REPO / "plugins" / directory).glob("*.py")):
            if path.name == "__init__.py":
                continue
            if plugin_type == "action" and (REPO / "plugins" / "modules" / path.name).exists():
                continue
            found.append((plugin_type, f"{COLLECTION}.{path.stem}"))
    return found


def discover_modules() -> list[str]:
    return [name for plugin_type, name in discover_plugins() if plugin_type == "module"]


def discover_roles() -> list[str]:
    roles = REPO / "roles"
    if not roles.is_dir():
        return []
    return [f"{COLLECTION}.{path.name}" for path in sorted(roles.iterdir()) if (path / "tasks").is_dir()]


def run_ansible_doc(plugin_type: str, names: list[str], *options: str) -> subprocess.CompletedProcess:
    env = ansible_env(ANSIBLE_PAGER="cat", PAGER="cat")
    return run_ansible("ansible-doc", "-t", plugin_type, *options, *names, env=env, timeout=300)


@functools.cache
def rendered_json(plugin_type: str) -> dict:
    """``ansible-doc --json`` of every discovered plugin of a type, in one call.

    One ansible-doc process costs about a second (more on a busy machine); the docs tests
    read every plugin's documentation, in each xdist worker, so they share one rendering.
    A rendering that fails or misses a plugin is not used: ``ansible_doc`` then renders
    that plugin alone, for an error that names it.
    """
    names = [name for found_type, name in discover_plugins() if found_type == plugin_type]
    if not names:
        return {}
    proc = run_ansible_doc(plugin_type, names, "--json")
    return json.loads(proc.stdout) if proc.returncode == 0 else {}


@functools.cache
def ansible_doc(plugin_type: str, name: str) -> dict:
    """``ansible-doc --json`` of one plugin or role, as a user's ``ansible-doc`` would render it."""
    batch = rendered_json(plugin_type) if plugin_type in PLUGIN_DIRECTORIES.values() else {}
    if name in batch:
        return batch[name]
    proc = run_ansible_doc(plugin_type, [name], "--json")
    assert proc.returncode == 0, f"ansible-doc -t {plugin_type} {name} failed:\n{proc.stderr}"
    rendered = json.loads(proc.stdout)
    assert name in rendered, f"ansible-doc -t {plugin_type} {name} rendered nothing:\n{proc.stderr}"
    return rendered[name]


@functools.cache
def rendered_text(plugin_type: str) -> tuple[dict[str, str], str, int]:
    """``ansible-doc`` text of every discovered plugin of a type in one call: (text per plugin, stderr, rc)."""
    names = [name for found_type, name in discover_plugins() if found_type == plugin_type]
    proc = run_ansible_doc(plugin_type, names)
    # Each plugin's text starts with a line like ``> MODULE kaas.cloud.load_balancer (/path/load_balancer.py)``.
    sections = re.split(r"^(?=> [A-Z]+ kaas\.cloud\.\w+ )", proc.stdout, flags=re.MULTILINE)
    texts = {}
    for section in sections:
        match = re.match(r"> [A-Z]+ (kaas\.cloud\.\w+) ", section)
        if match:
            texts[match[1]] = section
    return texts, proc.stderr, proc.returncode


def ansible_doc_text(plugin_type: str, name: str) -> tuple[str, str, int]:
    """What ``ansible-doc -t TYPE NAME`` prints for a user: (stdout, stderr, rc).

    Taken from one rendering of every plugin of the type when that rendering is clean;
    otherwise (a warning or an error somewhere) the plugin is rendered alone, so that
    what went wrong is reported for the plugin it belongs to.
    """
    texts, stderr, returncode = rendered_text(plugin_type)
    if returncode == 0 and not stderr.strip() and name in texts:
        return texts[name], stderr, returncode
    proc = run_ansible_doc(plugin_type, [name])
    return proc.stdout, proc.stderr, proc.returncode


def incomplete_options(options: dict, where: str = "") -> list[str]:
    """Options (and suboptions, at any depth) that lack a description or a type.

    Plugins nest options under ``suboptions``, role argument specs under ``options``.
    """
    problems = []
    for option_name, option in (options or {}).items():
        nested = option.get("suboptions") or option.get("options")
        path = f"{where}{option_name}"
        if not option.get("description"):
            problems.append(f"{path}: no description")
        if not option.get("type"):
            problems.append(f"{path}: no type")
        if option.get("type") == "list" and nested and option.get("elements") != "dict":
            problems.append(f"{path}: a list with suboptions needs elements: dict")
        problems.extend(incomplete_options(nested, f"{path}."))
    return problems


def incomplete_returns(returns: dict, where: str = "") -> list[str]:
    """Return values (and their ``contains``) that lack a description or a type."""
    problems = []
    for key, value in (returns or {}).items():
        path = f"{where}{key}"
        if not value.get("description"):
            problems.append(f"{path}: no description")
        if not value.get("type"):
            problems.append(f"{path}: no type")
        problems.extend(incomplete_returns(value.get("contains"), f"{path}."))
    return problems
