"""A post's history in Chromium: open a changed post's versions, compare the two, screenshot (tests/artifacts/)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.browsing import Tab
from tests.served import DESK_POSTURE_UPDATE, served_archive
from tests.support import Crawled, copy_archive

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(week_later: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The two-edition archive served as users run it; yields the database's base URL."""
    db_path = copy_archive(week_later.db_path, tmp_path_factory.mktemp("browser-history") / "archive.db")
    with served_archive(db_path) as base_url:
        yield f"{base_url}/{db_path.stem}"


def test_a_changed_posts_two_versions_compared(tab: Tab, served: str, week_later: Crawled) -> None:
    url = next(url for url in week_later.truth.changed if "desk-posture" in url)
    tab.open(f"{served}/-/history?url={quote(url, safe='')}")
    rows = tab.page.locator("table.history-versions tbody tr")
    assert rows.count() == 2
    assert rows.first.locator("td.changed-fields").inner_text() == "modified, body text"
    tab.screenshot("post_history_page.png")  # the README's post_history.png is test_browser_pages's
    with tab.page.expect_navigation(wait_until="load"):
        rows.first.locator("a.compare-previous").click()
    assert tab.page.locator("h1").inner_text().endswith("version 1 and version 2")
    assert tab.page.locator(".body-diff ins").all_inner_texts() == [DESK_POSTURE_UPDATE]
    assert tab.page.locator(".body-diff del").count() == 0
    assert tab.page.locator(".body-diff span.fold").count() >= 1
    assert tab.page.locator("tr.field-modified.changed td.old").inner_text() == "none"
    tab.screenshot("post_compare.png")


def test_the_compare_form_picks_any_two_versions(tab: Tab, served: str, week_later: Crawled) -> None:
    (url,) = week_later.truth.retitled
    tab.open(f"{served}/-/history?url={quote(url, safe='')}")
    tab.page.select_option("form.history-compare-form select[name=from]", "2")
    tab.page.select_option("form.history-compare-form select[name=to]", "1")
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.click("form.history-compare-form input[type=submit]")
    title = tab.page.locator("tr.field-title")
    assert (title.locator("td.old").inner_text(), title.locator("td.new").inner_text()) == (
        "January 2025 – Goals You Can Keep",
        "January 2025 – Goals That Stick",
    )
