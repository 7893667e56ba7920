"""Every page a marketer opens, in Chromium: named once (home link, heading, tab title), no JSON list, SQL or snake_case.

The archive is the replica crawled as edition 1 and a week later as edition 2 (`week_later`), so the changes page
and the histories have something to show. Screenshots of an audit, the changes page and a history page land in
tests/artifacts/ (the README's docs/screenshots/ are copies of them).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
from datasette.utils import tilde_encode

from crawler.web.metadata import load_metadata
from tests.browsing import Tab
from tests.served import served_archive
from tests.support import Crawled, copy_archive

pytestmark = pytest.mark.browser

JSON_IN_A_CELL = re.compile(r'^\s*(\[".*"\]|\{".*\})\s*$', re.DOTALL)  # ["modified", "body_text"], {"title": ...}
SNAKE_CASE = re.compile(r"\b[a-z]+_[a-z_]+\b")
SQL = re.compile(r"\bselect\s+\*\s+from\b|\bSELECT\b|\bCREATE (TABLE|VIEW)\b|\bjson_group_array\b", re.IGNORECASE)
SQL_ELEMENTS = "pre.wrapped-sql, pre#sql-query, textarea#sql-editor, .show-hide-sql"
AUDIT_SCREENSHOT = "broken_links"
NAMES = "h1, h2, h3, th, .crumbs a, dt, label, summary, .facet-info-name strong, ul.destinations a, table.audits a"
WHAT_PEOPLE_READ = f"""() => ({{
    title: document.title,
    heading: document.querySelector("h1")?.innerText ?? null,
    cells: [...document.querySelectorAll("table.rows-and-columns td")].map(cell => cell.innerText),
    sql_elements: document.querySelectorAll("{SQL_ELEMENTS}").length,
    text: document.body.innerText,
    names: [...document.querySelectorAll("{NAMES}")].map(element => element.innerText),
}})"""  # read in one call: a page's every check costs one round trip to the browser


@dataclass(frozen=True)
class Served:
    """The two-edition archive served as users run it."""

    base_url: str
    database: str


@pytest.fixture(scope="module")
def served(week_later: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    db_path = copy_archive(week_later.db_path, tmp_path_factory.mktemp("browser-pages") / "archive.db")
    with served_archive(db_path) as base_url:
        yield Served(base_url, db_path.stem)


def desk_posture_url(week_later: Crawled) -> str:
    return next(url for url in week_later.truth.changed if "desk-posture" in url)


def assert_reads_for_people(tab: Tab, title: str) -> None:
    """One name (tab title and heading), no JSON list or object in a cell, no SQL, no snake_case in what names things."""
    url = tab.page.url
    shown = tab.page.evaluate(WHAT_PEOPLE_READ)
    assert shown["title"] == title, url
    assert shown["heading"] is not None and shown["heading"].strip() == title, url
    assert not [cell for cell in shown["cells"] if JSON_IN_A_CELL.match(cell)], url
    assert shown["sql_elements"] == 0, url
    assert not SQL.search(shown["text"]), url
    names = [name for name in shown["names"] if SNAKE_CASE.search(name)]
    assert names == [], url


def home_links(tab: Tab, served: Served) -> dict[str, str]:
    """The home page's links to the archive's pages: path -> link text."""
    tab.open(f"{served.base_url}/")
    links = tab.page.locator("main a, section.content a, .content a, body a").evaluate_all(
        "links => links.map(link => [link.getAttribute('href'), link.innerText])"
    )
    prefix = f"/{served.database}/"
    return {href: text for href, text in links if href and href.startswith(prefix) and "?" not in href}


def test_the_home_page_names_each_page_as_the_page_names_itself(tab: Tab, served: Served) -> None:
    metadata = load_metadata()
    tab.open(f"{served.base_url}/")
    assert_reads_for_people(tab, metadata["title"])
    links = home_links(tab, served)
    queries = metadata["databases"]["archive"]["queries"]
    assert {f"/{served.database}/{name}" for name in queries} - {
        f"/{served.database}/{name}"
        for name in ("search_posts", "exercise_steps_for", "crawl_traps", "inventory_audit")
    } <= set(links)
    assert f"/{served.database}/post_catalogue" in links and f"/{served.database}/posts" in links
    for path, text in links.items():
        tab.open(f"{served.base_url}{path}")
        assert_reads_for_people(tab, text)
        if path.endswith(f"/{AUDIT_SCREENSHOT}"):
            tab.screenshot("audit_page.png", full_page=False)


def test_every_canned_query_and_view_is_titled_by_its_human_title(tab: Tab, served: Served) -> None:
    archive = load_metadata()["databases"]["archive"]
    for name, query in archive["queries"].items():
        parameters = "?exercise_id=1" if name == "exercise_steps_for" else ""
        tab.open(f"{served.base_url}/{served.database}/{name}{parameters}")
        assert_reads_for_people(tab, query["title"])
    for name, table in archive["tables"].items():
        if table.get("hidden") or name in archive["queries"]:
            continue
        tab.open(f"{served.base_url}/{served.database}/{name}")
        assert_reads_for_people(tab, table["title"])


def test_what_changed_reads_as_words_linking_each_post_to_its_history(
    tab: Tab, served: Served, week_later: Crawled
) -> None:
    tab.open(f"{served.base_url}/{served.database}/latest_changes")
    assert_reads_for_people(tab, "What changed in the latest run")
    changed = tab.page.locator("td.col-fields a")
    texts = changed.all_inner_texts()
    assert "modified, body text" in texts and "title, modified" in texts and "new post" in texts
    hrefs = changed.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert all(urlsplit(href).path == f"/{served.database}/-/history" for href in hrefs)
    assert not tab.page.locator(f"td a[href^='{week_later.base_url}']").count()  # nothing leads to the live site
    assert re.fullmatch(
        r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC", tab.page.locator("td.col-run_started").first.inner_text()
    )
    tab.screenshot("latest_changes.png", full_page=False)
    url = desk_posture_url(week_later)
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator(f"td.col-fields a[href$='{quote(url, safe='')}']").click()
    assert tab.page.title() == "History of “PT Month: Desk Posture Myths”"


def test_a_history_and_its_comparison_lead_home_and_write_dates_out(
    tab: Tab, served: Served, week_later: Crawled
) -> None:
    url = desk_posture_url(week_later)
    title = "PT Month: Desk Posture Myths"
    tab.open(f"{served.base_url}/{served.database}/-/history?url={quote(url, safe='')}")
    assert_reads_for_people(tab, f"History of “{title}”")
    crumbs = tab.page.locator(".crumbs a")
    assert crumbs.all_inner_texts() == ["home", served.database, "Posts", title]
    assert crumbs.nth(3).get_attribute("href") == f"/{served.database}/posts/{tilde_encode(url)}"
    first_seen = tab.page.locator("table.history-versions tbody tr").first.locator("td").nth(1).inner_text()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC \(run 2\)", first_seen)
    tab.screenshot("post_history.png", full_page=False)
    with tab.page.expect_navigation(wait_until="load"):
        tab.page.locator("a.compare-previous").first.click()
    assert_reads_for_people(tab, f"“{title}”: version 1 and version 2")
    assert tab.page.locator(".crumbs a").all_inner_texts() == ["home", served.database, "Posts", title, "History"]
    assert tab.page.locator("tr.field-published td.old").inner_text() == "11 October 2023, 10:00"
    assert tab.page.locator("tr.field-meta_description th").inner_text() == "Meta description"


def test_a_post_page_is_named_by_its_title(tab: Tab, served: Served, week_later: Crawled) -> None:
    url = desk_posture_url(week_later)
    tab.open(f"{served.base_url}/{served.database}/posts/{tilde_encode(url)}")
    assert_reads_for_people(tab, "PT Month: Desk Posture Myths")
    assert tab.page.locator(".crumbs a").all_inner_texts() == ["home", served.database, "Posts"]


def test_one_post_matching_a_search_is_said_in_the_singular(tab: Tab, served: Served, week_later: Crawled) -> None:
    with closing(sqlite3.connect(week_later.db_path)) as conn:
        (matches,) = conn.execute("select count(*) from posts_fts where posts_fts match 'crucial'").fetchone()
    assert matches == 1  # only the seed post says it
    tab.open(f"{served.base_url}/{served.database}/search_posts?q=crucial")
    assert tab.page.locator(".search-count").inner_text().startswith("1 post matches crucial, best first.")
    tab.open(f"{served.base_url}/{served.database}/search_posts")
    assert_reads_for_people(tab, "Search posts")
