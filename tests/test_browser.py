"""The archive in a real browser: Chromium, driven by Playwright, against `blog-archive serve` on 127.0.0.1.

Screenshots of each page land in tests/artifacts/. Needs the Debian packages chromium and chromium-driver
(`make test` installs them); CHROMIUM overrides the browser's path.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from datasette.utils import tilde_encode
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    sync_playwright,
)

from tests.served import HOSTILE_POST_URL, add_hostile_post, served_archive
from tests.support import Crawled, copy_archive

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
TIMEOUT_MS = 15_000
POST_TITLE = "Strong Hips are Crucial!"  # a post with headings and images
SEARCHED_POSTS = 5  # the searched word is in the title of one post and in the text of at least this many


@dataclass
class Site:
    """The served archive: base URL, database name, and how many live posts it holds."""

    base_url: str
    database: str
    posts: int


@dataclass
class Tab:
    """A browser page and the script errors and CSP violations it reported."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.ok, url

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(message.text)

    def on_error(self, error: Error) -> None:
        self.problems.append(str(error))


@pytest.fixture(scope="module")
def site(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The crawled archive plus a post with hostile HTML, served as users run it."""
    db_path = copy_archive(crawled.db_path, tmp_path_factory.mktemp("browser") / "archive.db")
    add_hostile_post(db_path)
    with served_archive(db_path) as base_url:
        yield Site(base_url, db_path.stem, len(crawled.truth.posts) + 1)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Headless Chromium with a fresh profile."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture
def tab(browser: BrowserContext) -> Iterator[Tab]:
    """A new page; the test fails if a script error or CSP violation occurred on it."""
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    tab = Tab(page)
    page.on("console", tab.on_console)
    page.on("pageerror", tab.on_error)
    page.on("dialog", lambda dialog: tab.problems.append(f"dialog: {dialog.message}"))
    yield tab
    page.close()
    assert tab.problems == []


def test_home_page_leads_to_the_searches_and_audits(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/")
    assert "Back In Step Physical Therapy: blog archive" in tab.page.locator("h1").inner_text()
    tab.screenshot("home.png")
    with tab.page.expect_navigation(wait_until="networkidle"):
        tab.page.click(f"h2 a[href='/{site.database}']")
    queries = tab.page.locator("h2#queries + ul li a").all_inner_texts()
    assert {"Search posts", "Exercise catalogue", "Archive audit: months listed versus posts found"} <= set(queries)
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


def test_searching_a_title_word_shows_that_post_first(tab: Tab, site: Site, crawled: Crawled) -> None:
    word, title = title_word_in_other_posts(crawled.db_path)
    tab.open(f"{site.base_url}/{site.database}/search_posts")
    tab.page.fill("input[name=q]", word)
    with tab.page.expect_navigation(wait_until="networkidle"):
        tab.page.click("form.sql input[type=submit]")
    results = tab.page.locator("table.rows-and-columns tbody tr")
    assert results.count() >= SEARCHED_POSTS
    assert results.first.locator("td.col-title").inner_text() == title
    assert results.first.locator("td.col-snippet mark").count() >= 1
    tab.screenshot("search.png")


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
    with tab.page.expect_navigation(wait_until="networkidle"):
        tab.page.locator("td.col-exercise_id a").first.click()
    steps = tab.page.locator("table.rows-and-columns td.col-step").all_inner_texts()
    assert [int(step) for step in steps] == list(range(1, len(steps) + 1)) and steps
    tab.screenshot("exercise_steps.png")


def test_a_post_body_is_rendered_as_html(tab: Tab, site: Site, crawled: Crawled) -> None:
    url = next(post["url"] for post in crawled.truth.posts if post["title"] == POST_TITLE)
    tab.open(f"{site.base_url}/{site.database}/posts/{tilde_encode(url)}")
    body = tab.page.locator("td.col-body_html .archive-html")
    assert body.locator("h2, h3").count() >= 1 and body.locator("p").count() >= 3
    assert body.locator("img").first.evaluate("image => image.complete && image.naturalWidth > 0")
    tab.screenshot("post.png")


def test_hostile_post_html_renders_without_running_anything(tab: Tab, site: Site) -> None:
    tab.open(f"{site.base_url}/{site.database}/posts/{tilde_encode(HOSTILE_POST_URL)}")
    body = tab.page.locator("td.col-body_html .archive-html")
    assert "Harmless bold text." in body.inner_text()
    assert body.locator("strong").inner_text() == "bold"
    body.locator("text=click me").click()
    body.locator("text=styled").click()
    assert tab.page.evaluate("window.pwned") is None
    tab.screenshot("hostile_post.png")


def test_the_policy_refuses_script_that_reaches_a_page_anyway(browser: BrowserContext, site: Site) -> None:
    page = browser.new_page()  # not the tab fixture: this page is meant to report refusals
    page.goto(f"{site.base_url}/{site.database}/posts", wait_until="networkidle")
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
