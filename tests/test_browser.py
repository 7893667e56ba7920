"""The archive in a real browser: Chromium, driven by Playwright, against `blog-archive serve` on 127.0.0.1.

Screenshots of each page land in tests/artifacts/. Needs the Debian packages chromium and chromium-driver
(`make test` installs them); CHROMIUM overrides the browser's path.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest
from datasette.utils import tilde_encode
from playwright.sync_api import BrowserContext

from crawler.web.audit import AUDITS
from crawler.web.datasette_plugin import LEFT_OUT_COLUMNS
from crawler.web.labels import column_label
from crawler.web.metadata import load_metadata
from tests.browsing import Tab
from tests.served import HOSTILE_POST_URL, add_hostile_post, served_archive
from tests.support import Crawled, copy_archive

pytestmark = pytest.mark.browser

POST_TITLE = "Strong Hips are Crucial!"  # the seed post: headings, images and five Clamshell levels
READABLE_COLUMN_PX = 560  # the narrowest a post's text may be
READABLE_DATE = re.compile(r"^\d{1,2} [A-Z][a-z]+ \d{4}$")  # 15 May 2019
NO_HORIZONTAL_SCROLL = """() => document.documentElement.scrollWidth <= window.innerWidth
    && [...document.querySelectorAll(".table-wrapper")].every(wrapper => wrapper.scrollWidth <= wrapper.clientWidth)"""
SEARCHED_POSTS = 5  # the searched word is in the title of one post and in the text of at least this many


@dataclass
class Site:
    """The served archive: base URL, database name, and how many live posts it holds."""

    base_url: str
    database: str
    posts: int


@pytest.fixture(scope="module")
def site(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The crawled archive plus a post with hostile HTML, served as users run it."""
    db_path = copy_archive(crawled.db_path, tmp_path_factory.mktemp("browser") / "archive.db")
    add_hostile_post(db_path)
    with served_archive(db_path) as base_url:
        yield Site(base_url, db_path.stem, len(crawled.truth.posts) + 1)


def test_home_page_leads_with_search_audits_and_dashboard(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/")
    assert "Back In Step Physical Therapy: blog archive" in tab.page.locator("h1").inner_text()
    assert tab.page.locator("form.archive-search label").inner_text() == "Search posts"
    queries = load_metadata()["databases"]["archive"]["queries"]
    audits = tab.page.locator("table.audits tbody tr")
    assert audits.locator("td:first-child a").all_inner_texts() == [queries[audit.view]["title"] for audit in AUDITS]
    assert all(count.replace(",", "").isdigit() for count in audits.locator("td.count").all_inner_texts())
    assert tab.page.locator("a", has_text="Exercise catalogue").count() == 1
    assert tab.page.locator("a", has_text="Blog overview").count() == 1
    crawl_tables = tab.page.locator("h3#crawl + p a").all_inner_texts()
    assert {"Pages fetched", "Links", "Responses received", "Skipped addresses"} <= set(crawl_tables)
    assert "Posts" not in crawl_tables
    tab.screenshot("home.png")
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.click(f"h3#crawl + p a[href='/{site.database}']")
    queries_listed = tab.page.locator("h2#queries + ul li a").all_inner_texts()
    assert {"Search posts", "Archive audit: months listed versus posts found"} <= set(queries_listed)
    views_listed = tab.page.locator("h2#views + ul li a").all_inner_texts()
    assert {"post_catalogue", "exercise_catalogue", "exercise_families", "exercise_steps_flat"} <= set(views_listed)
    tab.screenshot("database.png")


def matches(conn: sqlite3.Connection, query: str) -> int:
    """Posts the full-text index matches."""
    return int(conn.execute("select count(*) from posts_fts where posts_fts match ?", [query]).fetchone()[0])


def title_word_in_other_posts(db_path: Path) -> tuple[str, str]:
    """A word only one post's title has (as the index stems it) that other posts' text has too; and that title."""
    with closing(sqlite3.connect(db_path)) as conn:
        for (title,) in conn.execute("select title from posts order by published").fetchall():
            for word in sorted(set(re.findall(r"[a-z]{5,}", title.lower()))):
                if matches(conn, f"title: {word}") == 1 and matches(conn, word) >= SEARCHED_POSTS:
                    return word, title
    raise AssertionError("no title word is also in other posts")


def test_a_title_word_searched_from_the_home_page_reaches_the_post_in_two_clicks(
    tab: Tab, site: Site, crawled: Crawled
) -> None:
    word, title = title_word_in_other_posts(crawled.db_path)
    tab.open(f"{site.base_url}/")
    tab.page.get_by_label("Search posts").fill(word)
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.click("form.archive-search button[type=submit]")  # click 1
    results = tab.page.locator("ol.search-results li")
    assert results.count() >= SEARCHED_POSTS
    assert results.first.locator("h2.search-title a").inner_text() == title
    assert results.first.locator(".search-snippet mark").count() >= 1
    assert all(READABLE_DATE.match(date) for date in results.locator(".search-meta time").all_inner_texts())
    assert tab.page.locator(".export-links a", has_text="CSV").count() == 1
    tab.screenshot("search.png")
    with tab.page.expect_navigation(wait_until="load"):
        results.first.locator("h2.search-title a").click()  # click 2
    assert tab.page.locator("h1").inner_text() == title


def test_an_empty_search_says_what_to_type(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/{site.database}/search_posts")
    assert "Type a word or two" in tab.page.locator(".search-hint").inner_text()
    assert tab.page.locator("input[type=submit][value='Run SQL']").count() == 0
    tab.screenshot("search_empty.png")


def test_archive_audit_shows_every_month_ok(tab: Tab, site: Site, crawled: Crawled) -> None:
    tab.open(f"{site.base_url}/{site.database}/archive_audit")
    statuses = tab.page.locator("table.rows-and-columns td.col-status").all_inner_texts()
    assert len(statuses) == len(crawled.truth.archive_months)
    assert {status.strip() for status in statuses} == {"ok"}
    tab.screenshot("archive_audit.png")


def test_dashboard_draws_its_charts(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/-/dashboards/blog-overview")
    for chart in ("posts-per-month", "words-per-post", "changes-per-run"):
        tab.page.wait_for_selector(f"#chart-{chart} canvas, #chart-{chart} svg")
    tab.page.wait_for_function("document.querySelector('#chart-posts').innerText.trim() !== ''")
    assert tab.page.locator("#chart-posts").inner_text().strip() == str(site.posts)
    tab.screenshot("dashboard.png")


def test_an_exercise_links_to_its_ordered_steps(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/{site.database}/exercise_catalogue")
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator("td.col-exercise_id a").first.click()
    steps = tab.page.locator("table.rows-and-columns td.col-step").all_inner_texts()
    assert [int(step) for step in steps] == list(range(1, len(steps) + 1)) and steps
    tab.screenshot("exercise_steps.png")


def test_the_seed_post_reads_like_a_post(tab: Tab, site: Site, crawled: Crawled) -> None:
    post = next(post for post in crawled.truth.posts if post["title"] == POST_TITLE)
    url = post["url"]
    tab.open(f"{site.base_url}/{site.database}/posts/{tilde_encode(url)}")
    assert tab.page.locator("h1").inner_text() == POST_TITLE
    assert READABLE_DATE.match(tab.page.locator(".post-meta time").first.inner_text())
    body = tab.page.locator("section.post-body .archive-html")
    assert body.bounding_box()["width"] >= READABLE_COLUMN_PX  # type: ignore[index]
    assert body.locator("h2, h3").count() >= 1 and body.locator("p").count() >= 3
    tab.load_images()
    assert body.locator("img").first.evaluate("image => image.complete && image.naturalWidth > 0")
    assert tab.page.evaluate(NO_HORIZONTAL_SCROLL)
    levels = [exercise for exercise in crawled.truth.exercises if exercise["post_url"] == url]
    cards = tab.page.locator(".exercise-card")
    assert cards.count() == len(levels) == 5
    for index, level in enumerate(levels):
        card = cards.nth(index)
        assert card.locator("h3").inner_text() == f"Clamshell {level['label']}"
        steps = card.locator("ol.exercise-steps > li")
        assert steps.count() == len(level["steps"])
        assert level["steps"][0]["text"] in steps.first.inner_text()
    terms = tab.page.locator(".post-terms a.term").all_inner_texts()
    assert terms == sorted(post["categories"]) + sorted(post["tags"])
    assert tab.page.locator(".post-versions").inner_text().startswith("Versions")
    tab.screenshot("post.png")


def test_hostile_post_html_renders_without_running_anything(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/{site.database}/posts/{tilde_encode(HOSTILE_POST_URL)}")
    body = tab.page.locator("section.post-body .archive-html")
    assert "Harmless bold text." in body.inner_text()
    assert body.locator("strong").inner_text() == "bold"
    body.locator("text=click me").click()
    body.locator("text=styled").click()
    assert tab.page.evaluate("window.pwned") is None
    tab.screenshot("hostile_post.png")


def test_every_audit_page_fits_the_window(tab: Tab, site: Site) -> None:
    for audit in AUDITS:
        tab.open(f"{site.base_url}/{site.database}/{audit.view}")
        assert tab.page.evaluate(NO_HORIZONTAL_SCROLL), audit.view
        tab.screenshot(f"audit_{audit.view}.png")


def test_the_catalogue_reads_as_lists_dates_and_chronological_years(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/{site.database}/post_catalogue")
    years = [int(year) for year in tab.page.locator("#facet-year li a").all_inner_texts()]
    assert years and years == sorted(years)
    assert tab.page.locator("td.col-categories .term-list a").count() >= 1
    assert all(READABLE_DATE.match(date) for date in tab.page.locator("td.col-published time").all_inner_texts())
    assert tab.page.evaluate(NO_HORIZONTAL_SCROLL)
    heights = tab.page.locator("table.rows-and-columns tbody tr").evaluate_all(
        "rows => rows.map(row => row.offsetHeight)"
    )
    assert max(heights) < 200
    tab.screenshot("post_catalogue.png")


def test_the_posts_table_fits_the_window_and_names_what_it_leaves_out(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/{site.database}/posts")
    assert tab.page.evaluate(NO_HORIZONTAL_SCROLL)
    left_out = LEFT_OUT_COLUMNS["posts"]
    assert all(tab.page.locator(f"th.col-{column}").is_hidden() for column in left_out)
    note = tab.page.locator("p.left-out").inner_text()
    assert all(column_label(column) in note for column in left_out)
    tab.screenshot("posts.png")
    title = tab.page.locator("td.col-title a").first
    expected = title.inner_text()
    with tab.page.expect_navigation(wait_until="load"):
        title.click()
    assert tab.page.locator("h1").inner_text() == expected


def test_the_policy_refuses_script_that_reaches_a_page_anyway(browser: BrowserContext, site: Site) -> None:
    page = browser.new_page()  # not the tab fixture: this page is meant to report refusals
    page.goto(f"{site.base_url}/{site.database}/posts", wait_until="load")
    refused = page.evaluate(
        """() => new Promise(resolve => {
            const refused = [];
            document.addEventListener("securitypolicyviolation", event => {
                refused.push(event.violatedDirective);
                if (refused.length === 2) resolve(refused);
            });
            setTimeout(() => resolve(refused), 5000);  // what was refused, if not both
            const cell = document.querySelector("td.col-body_html .archive-html");
            cell.insertAdjacentHTML("beforeend", '<img src="x" onerror="window.pwned = 1">');
            const script = document.createElement("script");
            script.textContent = "window.pwned = 2";
            cell.appendChild(script);
        })"""
    )
    assert sorted(refused) == ["script-src-attr", "script-src-elem"]
    assert page.evaluate("window.pwned") is None
    page.close()
