"""The extra docs of the docs site: a page per provider, and every page reachable."""

from __future__ import annotations

import yaml
from collection_docs import REPO

from ansible_collections.kaas.cloud.plugins.module_utils.arguments import PROVIDER_CHOICES

DOCSITE = REPO / "docs" / "docsite"


def listed_pages() -> list[str]:
    sections = yaml.safe_load((DOCSITE / "extra-docs.yml").read_text())["sections"]
    return [page for section in sections for page in section["toctree"]]


def test_every_provider_has_a_page():
    assert sorted(f"provider_{p}" for p in PROVIDER_CHOICES if f"provider_{p}" not in listed_pages()) == []


def test_every_page_is_in_a_toctree_and_labelled():
    pages = sorted(p.stem for p in (DOCSITE / "rst").glob("*.rst"))
    assert pages == sorted(listed_pages())
    for page in pages:
        first = (DOCSITE / "rst" / f"{page}.rst").read_text().splitlines()[0]
        assert first == f".. _ansible_collections.kaas.cloud.docsite.{page}:", page


def test_provider_pages_cover_authentication_and_capabilities():
    for provider in PROVIDER_CHOICES:
        text = (DOCSITE / "rst" / f"provider_{provider}.rst").read_text()
        for heading in ("Capabilities", "Authentication", "Where the API description is silent"):
            assert f"\n{heading}\n" in text, f"provider_{provider}: no {heading} section"
