"""Changelog fragments: valid for antsibull-changelog, and all of them in the next release notes."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from collection_docs import BIN, PLUGIN_DIRECTORIES, REPO, discover_modules

from support.playbooks import ansible_env, run_ansible

FRAGMENTS = sorted((REPO / "changelogs" / "fragments").glob("*.y*ml"))


def lint(*paths: str) -> subprocess.CompletedProcess:
    return run_ansible("antsibull-changelog", "lint", *paths, env=ansible_env(), cwd=REPO, timeout=120)


def test_changelog_and_fragments_lint_clean():
    proc = lint()
    assert proc.returncode == 0 and proc.stdout.strip() == "", proc.stdout + proc.stderr


def test_lint_rejects_a_fragment_with_an_unknown_section(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("new_things:\n  - k8s_cluster - something.\n")
    proc = lint(str(broken))
    assert "new_things" in proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """The release notes ``make changelog`` writes (hack/changelog.sh, into a temporary file)."""
    out = tmp_path_factory.mktemp("changelog") / "CHANGELOG.rst"
    proc = subprocess.run(
        [str(REPO / "hack" / "changelog.sh"), str(out)],
        capture_output=True,
        text=True,
        env=ansible_env(VENV=str(BIN.parent)),
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stderr == "", proc.stderr
    return out.read_text()


@pytest.mark.slow
def test_release_notes_preview_holds_every_fragment_and_module(preview):
    notes = " ".join(preview.split())
    for fragment in FRAGMENTS:
        for section, entries in (yaml.safe_load(fragment.read_text()) or {}).items():
            for entry in entries if isinstance(entries, list) else [entries]:
                assert " ".join(entry.split())[:60] in notes, f"{fragment.name} {section} missing from the notes"
    for module in discover_modules():
        assert module in notes, f"{module} is not in the release notes: does it document version_added?"
    assert all(f.exists() for f in FRAGMENTS), "the preview must not consume the fragments"


@pytest.mark.slow
def test_release_notes_list_every_plugin_and_role(preview):
    notes = " ".join(preview.split())
    plugins = [
        f"kaas.cloud.{path.stem}"
        for directory in sorted((REPO / "plugins").iterdir())
        if directory.name in PLUGIN_DIRECTORIES and directory.name != "modules"
        for path in sorted(directory.glob("*.py"))
        if not path.name.startswith("_")
    ]
    roles = [f"kaas.cloud.{path.name}" for path in sorted((REPO / "roles").iterdir()) if path.is_dir()]
    assert plugins and roles
    for name in plugins + roles:
        assert f"- {name} - " in notes, f"{name} is not listed in the release notes"
    assert "kaas-emulator" in notes


@pytest.mark.slow
def test_committed_changelog_is_what_make_changelog_writes(preview):
    """``make changelog`` on a clean checkout leaves ``git status`` clean."""
    assert (REPO / "CHANGELOG.rst").read_text() == preview, "run `make changelog` and commit CHANGELOG.rst"


def test_the_release_date_is_recorded_not_taken_from_the_clock():
    version = yaml.safe_load((REPO / "galaxy.yml").read_text())["version"]
    releases = yaml.safe_load((REPO / "changelogs" / "changelog.yaml").read_text())["releases"]
    assert str(releases[version]["release_date"])
    assert "date +" not in (REPO / "hack" / "changelog.sh").read_text()
