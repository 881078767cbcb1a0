"""Changelog fragments: valid for antsibull-changelog, and all of them in the next release notes."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from collection_docs import BIN, REPO, ansible_env, discover_modules

FRAGMENTS = sorted((REPO / "changelogs" / "fragments").glob("*.y*ml"))


def lint(*paths: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "antsibull-changelog"), "lint", *paths],
        capture_output=True,
        text=True,
        env=ansible_env(),
        cwd=REPO,
        timeout=120,
        check=False,
    )


def test_changelog_and_fragments_lint_clean():
    proc = lint()
    assert proc.returncode == 0 and proc.stdout.strip() == "", proc.stdout + proc.stderr


def test_lint_rejects_a_fragment_with_an_unknown_section(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("new_things:\n  - k8s_cluster - something.\n")
    proc = lint(str(broken))
    assert "new_things" in proc.stdout + proc.stderr


@pytest.mark.slow
def test_release_notes_preview_holds_every_fragment_and_module(tmp_path):
    out = tmp_path / "CHANGELOG.rst"
    proc = subprocess.run(
        [str(REPO / "hack" / "changelog.sh"), str(out)],
        capture_output=True,
        text=True,
        env=ansible_env(VENV=str(BIN.parent)),
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    notes = " ".join(out.read_text().split())
    for fragment in FRAGMENTS:
        for section, entries in (yaml.safe_load(fragment.read_text()) or {}).items():
            for entry in entries if isinstance(entries, list) else [entries]:
                assert " ".join(entry.split())[:60] in notes, f"{fragment.name} {section} missing from the notes"
    for module in discover_modules():
        assert module in notes, f"{module} is not in the release notes: does it document version_added?"
    assert all(f.exists() for f in FRAGMENTS), "the preview must not consume the fragments"
