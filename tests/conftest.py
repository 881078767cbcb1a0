"""Make the checkout importable as ``ansible_collections.kaas.cloud`` for every test."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COLLECTIONS = REPO / ".build" / "collections"
LINK = COLLECTIONS / "ansible_collections" / "kaas" / "cloud"

if not LINK.exists():
    LINK.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(REPO, LINK)
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))


@pytest.fixture(autouse=True)
def private_token_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A token cache of the test's own: the developer's is never read or written, no token outlives its test.

    ``KAAS_TOKEN_CACHE_DIR`` is for modules run in this process; ``XDG_CACHE_HOME``
    reaches ansible-playbook runs too, whose environment is built without KAAS_* variables.
    """
    base = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(base))
    monkeypatch.setenv("KAAS_TOKEN_CACHE_DIR", str(base / "kaas.cloud" / "tokens"))
    return base / "kaas.cloud" / "tokens"


#: Tests that take minutes, longest first (from the durations of `make test`). pytest-xdist
#: hands tests out in collection order: started last, one of these would run alone at the
#: end of the run while the other workers sit idle.
LONGEST_FIRST = (
    "tests/integration/test_roles.py::test_molecule_scenario[upgrade]",
    "tests/integration/test_roles.py::test_molecule_scenario[cluster]",
    "tests/integration/test_roles.py::test_molecule_scenario[teardown]",
    "tests/integration/test_roles.py::test_interrupted_upgrade",
    "tests/docs/test_action_group.py::test_group_defaults_reach_every_module",
    "tests/docs/test_awx.py::test_demo_job_template",
    "tests/integration/test_targets.py::",
    "tests/integration/test_roles.py::test_molecule_scenario",
    "tests/integration/test_sign_ins.py::",
    "tests/docs/test_examples.py::",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first, then the ones marked slow, then the rest, each in collection order."""

    def rank(item: pytest.Item) -> int:
        for position, prefix in enumerate(LONGEST_FIRST):
            if item.nodeid.startswith(prefix):
                return position
        return len(LONGEST_FIRST) if item.get_closest_marker("slow") else len(LONGEST_FIRST) + 1

    items.sort(key=rank)


#: Grouped tests that pytest-xdist could not keep together (see pytest_collection_finish).
UNGROUPED = pytest.StashKey[str]()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Under ``--dist loadgroup``, a test marked ``xdist_group`` must carry its group in its id.

    pytest-xdist sends a group to one worker by that suffix. When a pytest release stops
    honouring it (9.2 with xdist 3.8), every group is spread over the workers: nothing
    fails, but each worker builds the group's module fixtures again (the fleet report's
    fleet and browser, the payload walks), minutes of CPU. Each such test then fails,
    saying why (an error raised here would be lost in xdist's crash report).
    """
    if not getattr(session.config.option, "loadgroup", False):
        return
    lost = [item.nodeid for item in session.items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid]
    if lost:
        session.config.stash[UNGROUPED] = (
            f"--dist loadgroup does not group with this pytest and pytest-xdist: {len(lost)} grouped tests"
            " carry no @group suffix; see the pytest pin in requirements-dev.txt"
        )


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("xdist_group") and UNGROUPED in item.config.stash:
        pytest.fail(item.config.stash[UNGROUPED], pytrace=False)
