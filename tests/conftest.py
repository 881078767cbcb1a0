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
