"""User-facing text names what a user can look up, and links only into the repository.

Users read the plugins (module docs, messages, and the code when they debug), the docs,
the README, the roles, the playbooks and the kaas-emulator package they install. None of
it may call the providers' API documents by the project's internal word for them
("seed", with file numbers and section numbers only the project has) or point at files
beside the checkout (``../shared/...``): a user has neither. The providers' documents are
cited by their own titles instead ("the ECNS API reference, 1.11 调用方式").
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from collection_docs import REPO

#: What a user reads, relative to the repository root: folders are scanned whole.
USER_FACING = (
    "plugins",
    "docs",
    "README.md",
    "roles",
    "playbooks",
    "meta",
    "galaxy.yml",
    "CHANGELOG.rst",
    "changelogs",
    "tests/emulator/src",
    "tests/emulator/README.md",
    "tests/emulator/pyproject.toml",
)
SKIPPED_PARTS = {"__pycache__", ".pytest_cache", ".ruff_cache"}
SKIPPED_SUFFIXES = {".pyc", ".png", ".jpg", ".gif", ".ico", ".gz", ".whl"}

INTERNAL_WORD = re.compile(r"seed", re.IGNORECASE)
OUTSIDE_PATH = re.compile(r"\.\./shared\b")
#: The project's own file names for the providers' documents (``004_781b3b7d56151605.txt``).
INTERNAL_FILE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
#: Link targets: Markdown ``[text](target)`` and ``[label]: target``, reST ``<target>`_``, HTML href/src.
LINK = re.compile(
    r"\]\((?P<md>[^)\s]+)(?:\s+\"[^\"]*\")?\)"
    r"|^\s*\[[^\]]+\]:\s*(?P<ref>\S+)"
    r"|<(?P<rst>[^<>\s]+)>`_"
    r"|(?:href|src)=\"(?P<html>[^\"]+)\"",
    re.MULTILINE,
)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|#|//)", re.IGNORECASE)


def user_facing_files(root: Path) -> list[Path]:
    """Every text file of the user-facing parts of ``root`` (a repository checkout)."""
    found = []
    for name in USER_FACING:
        top = root / name
        candidates = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        for path in candidates:
            parts = path.relative_to(root).parts
            # Build metadata (pip's egg-info) lists test file names; it is made on install, never shipped.
            built = any(part.endswith(".egg-info") for part in parts)
            if built or SKIPPED_PARTS.intersection(parts) or path.suffix in SKIPPED_SUFFIXES:
                continue
            found.append(path)
    return found


def problems(root: Path, path: Path) -> list[str]:
    """What in ``path`` a user cannot follow: the internal word, a path or link outside ``root``."""
    relative = path.relative_to(root)
    found = []
    if INTERNAL_WORD.search(str(relative)):
        found.append(f"{relative}: the file name says 'seed'")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return found
    for number, line in enumerate(text.splitlines(), 1):
        if INTERNAL_WORD.search(line):
            found.append(f"{relative}:{number}: says 'seed': {line.strip()[:100]}")
        if OUTSIDE_PATH.search(line):
            found.append(f"{relative}:{number}: points at ../shared: {line.strip()[:100]}")
        if INTERNAL_FILE.search(line):
            found.append(f"{relative}:{number}: names an internal file: {line.strip()[:100]}")
    for match in LINK.finditer(text):
        target = next(group for group in match.groups() if group is not None)
        if EXTERNAL.match(target):
            continue
        file_part = target.split("#", 1)[0]
        if not file_part:
            continue
        resolved = (root / file_part.lstrip("/")) if file_part.startswith("/") else (path.parent / file_part)
        if not resolved.resolve().is_relative_to(root.resolve()):
            number = text.count("\n", 0, match.start()) + 1
            found.append(f"{relative}:{number}: links outside the repository: {target}")
    return found


def test_the_user_facing_parts_exist():
    # A renamed folder would silently drop out of the scan below.
    missing = [name for name in USER_FACING if not (REPO / name).exists()]
    assert missing == []
    assert len(user_facing_files(REPO)) > 200


@pytest.mark.parametrize("part", USER_FACING)
def test_user_facing_text_names_what_a_user_can_look_up(part):
    found = [p for path in user_facing_files(REPO) if path.is_relative_to(REPO / part) for p in problems(REPO, path)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("plugins/modules/m.py", "# as the Seed says\n"),
        ("docs/a.md", "The seed's example.\n"),
        ("docs/b.md", "See `../shared/design/ARCHITECTURE.md`.\n"),
        ("docs/providers/nks.md", "Specification: `004_781b3b7d56151605.txt` (English).\n"),
        ("docs/providers/c.md", "See [the design](../../../design.md).\n"),
        ("README.md", "[ref]: ../elsewhere/notes.md\n"),
        ("docs/docsite/rst/d.rst", "`design <../../../../outside.rst>`_\n"),
        ("tests/emulator/README.md", '<a href="../../../x.html">x</a>\n'),
        ("tests/emulator/src/kaas_emulator/seeding.py", "x = 1\n"),
    ],
)
def test_the_check_finds_each_kind_of_problem(tmp_path, name, text):
    root = tmp_path / "repo"
    path = root / name
    path.parent.mkdir(parents=True)
    path.write_text(text)
    assert path in user_facing_files(root)
    assert problems(root, path) != []


def test_the_check_accepts_links_inside_the_repository_and_to_the_web(tmp_path):
    root = tmp_path / "repo"
    path = root / "docs" / "providers" / "nks.md"
    path.parent.mkdir(parents=True)
    path.write_text(
        "See [inventory](../inventory.md#performance), [top](#top), [README](/README.md),\n"
        "[NHN](https://docs.nhncloud.com/en/Container/NKS/en/public-api/) and the ECNS API reference.\n"
    )
    assert problems(root, path) == []
