"""The paging every provider's lists share: one page method, read page after page or side by side."""

from __future__ import annotations

import pytest

from ansible_collections.kaas.cloud.plugins.module_utils.errors import ValidationError
from ansible_collections.kaas.cloud.plugins.module_utils.providers.paging import Page, every_page, numbered_page


def test_every_page_follows_next_from_the_first_until_there_is_none():
    pages = {1: Page(["a", "b"], 2), 2: Page(["c"], 3), 3: Page(["d"])}
    asked = []

    def fetch(number):
        asked.append(number)
        return pages[number]

    assert every_page(fetch, 1) == ["a", "b", "c", "d"] and asked == [1, 2, 3]


def test_an_empty_page_ends_the_list_whatever_next_says():
    assert every_page(lambda cursor: Page([], "more") if cursor else Page(["a"], "x"), what="/things") == ["a"]


def test_a_cursor_sent_twice_ends_the_list_with_an_error_naming_it():
    with pytest.raises(ValidationError, match="page marker 'm' of /v1/things twice"):
        every_page(lambda cursor: Page(["a"], "m"), what="/v1/things")


def test_a_list_that_never_ends_is_given_up_after_the_limit():
    with pytest.raises(ValidationError, match="kept sending pages of /things after 5"):
        every_page(lambda number: Page(["a"], number + 1), 1, what="/things", limit=5)


@pytest.mark.parametrize(("pages", "kept"), [(3, 3), (0, 0), (None, None), ("3", None), (True, None), (-1, None)])
def test_a_numbered_page_keeps_only_a_real_page_count(pages, kept):
    assert numbered_page(["a"], 4, more=True, pages=pages) == Page(["a"], 5, kept)
    assert numbered_page(["a"], 4, more=False).next is None
