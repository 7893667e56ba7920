"""Hostile input: every response is bounded, every trap contained, every post sanitised, no page half-written."""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from click.testing import CliRunner

import crawler.crawl.run
import parsers.page
from crawler.archive.frontier import FrontierEntry
from crawler.archive.store import Archive
from crawler.cli import cli
from crawler.config import Timeouts
from crawler.crawl.scope import Scope
from crawler.crawl.traps import MAX_BARREN_CHAIN
from parsers.urls import canonical_url
from tests.hostile_site import (
    CALENDAR_PATH,
    CALENDAR_START,
    CANARIES,
    CASES,
    FORBIDDEN_IN_BODY_HTML,
    GOOD_LISTINGS,
    GOOD_POSTS,
    HOLD_TIMEOUT,
    HTTP_EQUIV_TEXT,
    HTTP_EQUIV_TITLE,
    LOOP_B,
    MALFORMED_TEXT,
    MALFORMED_TITLE,
    OFFSITE_TARGET,
    SCRIPTED_TEXT,
    SCRIPTED_TITLE,
    WINDOWS_1252_TEXT,
    WINDOWS_1252_TITLE,
    HostileSite,
    calendar_month,
    tracking_variants,
)
from tests.support import FAST_TIMEOUTS, crawl

MAX_BYTES = 1_000_000  # well under the 30 MB page and the bomb's 10 GB, to keep the tests quick
# The calendar's cap. The start page links one month; its page links both neighbours, so the crawl fetches it and
# both, then the cap's other months go to whichever side answers first. Under this cap, no order lets one side fetch
# the month MAX_BARREN_CHAIN barren hops deep, whose links the barren-chain rule would cut: the cap always binds first.
PER_PATTERN = MAX_BARREN_CHAIN + 1
DEPTH = 3
FAILING_CASES = ("gzip_bomb", "huge_page", "binary_as_html")  # the only pages of the hostile run that fail
NON_HTML = {"png": "image/png", "pdf": "application/pdf", "octet_stream": "application/octet-stream"}
SKIP_REASONS = {"out_of_scope", "query", "not_content", "asset", "robots", "limit", "duplicate"}
CONTENT_TABLES = (
    "posts", "post_categories", "post_tags", "archive_months", "related_links", "exercises", "exercise_steps",
    "links", "images", "listings",
)  # fmt: skip
# Where a page's or post's rows live: (table, the column naming the page or post).
PAGE_ROWS = [
    ("posts", "url"), ("links", "source_url"), ("images", "page_url"), ("post_categories", "post_url"),
    ("post_tags", "post_url"), ("related_links", "source_url"), ("listings", "page_url"),
]  # fmt: skip
RUN_COLUMNS = {"last_seen_run"}  # what a later run may legitimately change on an unchanged row
PAGE_COLUMNS = "url, final_url, status, kind, title, content_type, content_hash, error"


def rows(db_path: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    """The rows of a query on the archive, as dicts."""
    with closing(sqlite3.connect(db_path)) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(sql, params or [])]


def snapshot(db_path: Path, start_url: str) -> dict[str, set[tuple[tuple[str, Any], ...]]]:
    """Every row of every content table, and every pages row but the start page's, as comparable sets."""
    tables = {}
    for table in CONTENT_TABLES:
        tables[table] = {
            tuple(sorted((key, value) for key, value in row.items() if key not in RUN_COLUMNS))
            for row in rows(db_path, f"SELECT * FROM {table}")
        }
    pages = rows(db_path, f"SELECT {PAGE_COLUMNS} FROM pages WHERE url != ?", [start_url])  # its links grow
    tables["pages"] = {tuple(sorted(row.items())) for row in pages}
    return tables


@dataclass(frozen=True)
class HostileCrawl:
    """The good blog crawled into an archive, then the hostile blog crawled into the same archive."""

    db_path: Path
    site_url: str
    good: crawler.crawl.run.CrawlSummary
    hostile: crawler.crawl.run.CrawlSummary
    before: dict[str, set[tuple[tuple[str, Any], ...]]]
    requests: list[Any]  # the hostile run's requests, as the site logged them
    contacted: list[str]  # every URL the crawler's HTTP client was asked to send

    def url(self, path: str) -> str:
        return self.site_url + path

    def page(self, path: str) -> dict[str, Any]:
        found = rows(self.db_path, "SELECT * FROM pages WHERE url = ?", [self.url(path)])
        assert found, f"no pages row for {path}"
        return found[0]

    def post(self, path: str) -> dict[str, Any]:
        found = rows(self.db_path, "SELECT * FROM posts WHERE url = ?", [self.url(path)])
        assert found, f"no posts row for {path}"
        return found[0]

    def skipped(self, reason: str) -> list[dict[str, Any]]:
        sql = "SELECT * FROM skipped_urls WHERE run_id = ? AND reason = ?"
        return rows(self.db_path, sql, [self.hostile.run_id, reason])

    def requested(self, path: str) -> int:
        """How many times the hostile run asked for exactly this path (and query)."""
        return sum(1 for request in self.requests if request.path == path)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileCrawl]:
    """One archive: the good blog crawled first, snapshotted, then the hostile blog crawled into it."""
    db_path = tmp_path_factory.mktemp("hostile") / "archive.db"
    contacted: list[str] = []
    send = httpx.AsyncClient.send

    async def logged_send(client: httpx.AsyncClient, request: httpx.Request, **kwargs: Any) -> httpx.Response:
        contacted.append(str(request.url))
        return await send(client, request, **kwargs)

    with HostileSite(hostile=False) as site, pytest.MonkeyPatch.context() as patch:
        good = crawl(site.start_url, db_path, max_bytes=MAX_BYTES, max_per_pattern=PER_PATTERN)
        before = snapshot(db_path, site.start_url)
        site.hostile = True
        site.clear_log()
        patch.setattr(httpx.AsyncClient, "send", logged_send)
        summary = crawl(site.start_url, db_path, max_bytes=MAX_BYTES, max_per_pattern=PER_PATTERN)
        yield HostileCrawl(db_path, site.base_url, good, summary, before, site.requests, contacted)


# --- the run as a whole ----------------------------------------------------------------------


def test_the_good_blog_alone_crawls_ok(hostile: HostileCrawl) -> None:
    assert hostile.good.status == "ok"
    posts = {row["url"] for row in rows(hostile.db_path, "SELECT url FROM posts")}
    assert posts >= {hostile.url(path) for path in GOOD_POSTS}


def test_the_hostile_run_finishes_partial_with_exactly_the_failing_pages_as_errors(hostile: HostileCrawl) -> None:
    run = rows(hostile.db_path, "SELECT * FROM crawl_runs WHERE id = ?", [hostile.hostile.run_id])[0]
    assert (hostile.hostile.status, run["status"], run["finished_at"] is not None) == ("partial", "partial", True)
    sql = "SELECT url FROM pages WHERE run_id = ? AND error IS NOT NULL"
    failed = rows(hostile.db_path, sql, [hostile.hostile.run_id])
    assert {row["url"] for row in failed} == {hostile.url(CASES[name]) for name in FAILING_CASES}
    assert run["errors"] == len(FAILING_CASES), "redirects, off-host links, skips and non-HTML types are not failures"


def test_every_canonical_url_is_requested_at_most_once(hostile: HostileCrawl) -> None:
    counts = Counter(request.path for request in hostile.requests)
    assert [path for path, count in counts.items() if count > 1] == []


def test_nothing_off_host_is_ever_requested(hostile: HostileCrawl) -> None:
    host = urlsplit(hostile.site_url).netloc
    assert {request.host for request in hostile.requests} == {host}, "the site under its other name was asked"
    assert hostile.contacted, "the spy on the HTTP client saw the crawl's requests"
    assert [url for url in hostile.contacted if urlsplit(url).netloc != host] == []
    stored = rows(hostile.db_path, "SELECT url FROM pages UNION ALL SELECT url FROM responses")
    assert [row["url"] for row in stored if not row["url"].startswith(hostile.site_url + "/")] == []


# --- bounded bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["gzip_bomb", "huge_page"])
def test_a_body_over_the_limit_is_recorded_not_parsed_not_stored(hostile: HostileCrawl, case: str) -> None:
    page = hostile.page(CASES[case])
    assert page["status"] == 200
    assert page["error"] is not None and page["error"].startswith("body larger than"), page["error"]
    assert page["content_hash"] is None, "no body is stored for a page over the limit"
    assert rows(hostile.db_path, "SELECT * FROM links WHERE source_url = ?", [page["url"]]) == []
    assert hostile.requested(CASES[case]) == 1, "a body over the limit is not retried"


def test_binary_served_as_html_is_recorded_not_parsed(hostile: HostileCrawl) -> None:
    page = hostile.page(CASES["binary_as_html"])
    assert page["status"] == 200
    assert page["error"] is not None and page["error"].startswith("binary content"), page["error"]
    assert rows(hostile.db_path, "SELECT * FROM links WHERE source_url = ?", [page["url"]]) == []
    assert rows(hostile.db_path, "SELECT * FROM posts WHERE url = ?", [page["url"]]) == []


def test_links_inside_unparsed_bodies_are_never_followed(hostile: HostileCrawl) -> None:
    assert [path for path in CANARIES if hostile.requested(path)] == []


@pytest.mark.parametrize("case", sorted(NON_HTML))
def test_non_html_types_are_recorded_without_parsing(hostile: HostileCrawl, case: str) -> None:
    page = hostile.page(CASES[case])
    assert (page["status"], page["error"]) == (200, None)
    assert (page["content_type"] or "").startswith(NON_HTML[case])
    assert page["kind"] in ("asset", "other")
    assert rows(hostile.db_path, "SELECT * FROM links WHERE source_url = ?", [page["url"]]) == []


# --- encodings and malformed markup ------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "title", "text"),
    [
        ("windows_1252_meta_charset", WINDOWS_1252_TITLE, WINDOWS_1252_TEXT),
        ("windows_1252_http_equiv", HTTP_EQUIV_TITLE, HTTP_EQUIV_TEXT),
    ],
)
def test_windows_1252_declared_only_in_the_markup_is_stored_as_the_right_text(
    hostile: HostileCrawl, case: str, title: str, text: str
) -> None:
    post = hostile.post(CASES[case])
    assert post["title"] == title
    assert text in post["body_text"]
    assert "\ufffd" not in post["body_text"] + post["body_html"]
    assert hostile.page(CASES[case])["error"] is None


def test_malformed_html_still_gives_its_post(hostile: HostileCrawl) -> None:
    page = hostile.page(CASES["malformed_html"])
    assert (page["status"], page["error"], page["kind"]) == (200, None, "post")
    post = hostile.post(CASES["malformed_html"])
    assert post["title"] == MALFORMED_TITLE
    assert MALFORMED_TEXT in post["body_text"]


# --- redirects ---------------------------------------------------------------------------------


def test_a_redirect_loop_ends_after_one_request_each(hostile: HostileCrawl) -> None:
    loop_a, loop_b = CASES["redirect_loop"], LOOP_B
    assert (hostile.requested(loop_a), hostile.requested(loop_b)) == (1, 1)
    first, second = hostile.page(loop_a), hostile.page(loop_b)
    assert (first["status"], first["final_url"], first["error"]) == (301, hostile.url(loop_b), None)
    assert (second["status"], second["final_url"], second["error"]) == (302, hostile.url(loop_a), None)


def test_a_redirect_to_a_variant_of_itself_is_fetched_once(hostile: HostileCrawl) -> None:
    path = CASES["redirect_to_self"]
    page = hostile.page(path)
    assert hostile.requested(path) == 1
    assert (page["status"], page["final_url"], page["error"]) == (302, hostile.url(path), None)


@pytest.mark.parametrize("case", ["redirect_offsite", "redirect_other_host"])
def test_an_off_host_redirect_is_recorded_and_skipped(hostile: HostileCrawl, case: str) -> None:
    other_host = hostile.site_url.replace("localhost", "127.0.0.1")
    target = OFFSITE_TARGET if case == "redirect_offsite" else f"{other_host}/blog/"
    page = hostile.page(CASES[case])
    assert (page["status"], page["final_url"], page["error"]) == (302, canonical_url(target), None)
    skipped = [row for row in hostile.skipped("out_of_scope") if canonical_url(row["url"]) == canonical_url(target)]
    assert [(row["source_url"]) for row in skipped] == [page["url"]]


# --- traps -------------------------------------------------------------------------------------


def calendar_paths(requests: list[Any]) -> list[str]:
    return [request.path for request in requests if CALENDAR_PATH.match(request.path)]


def calendar_path(delta: int) -> str:
    """The calendar month `delta` months from the one the start page links to."""
    year, month = calendar_month(*CALENDAR_START, delta)
    return f"/calendar/{year}/{month:02d}/"


def test_the_endless_calendar_stops_at_max_per_pattern(hostile: HostileCrawl) -> None:
    assert len(calendar_paths(hostile.requests)) == PER_PATTERN
    limited = [row for row in hostile.skipped("limit") if CALENDAR_PATH.match(urlsplit(row["url"]).path)]
    assert limited, "calendar months past the bound are recorded as skipped for the limit"
    assert all(row["source_url"] and CALENDAR_PATH.match(urlsplit(row["source_url"]).path) for row in limited)


def test_query_string_urls_are_never_followed(hostile: HostileCrawl) -> None:
    assert [request.path for request in hostile.requests if "?" in request.path] == []
    skipped = {row["url"]: row["source_url"] for row in hostile.skipped("query")}
    assert skipped.get(canonical_url(hostile.url(CASES["query_trap"]))) == hostile.url("/blog/")
    assert canonical_url(hostile.url(f"{calendar_path(0)}?view=week")) in skipped


def test_tracking_variants_of_seen_urls_are_recorded_as_duplicates(hostile: HostileCrawl) -> None:
    for path in GOOD_POSTS:
        assert hostile.requested(path) == 1
    duplicates = hostile.skipped("duplicate")
    assert all(row["source_url"] for row in duplicates)
    page = hostile.url(CASES["tracking_variants"])
    targets = {canonical_url(variant, page) for variant in tracking_variants(hostile.site_url)}
    assert targets == {hostile.url(path) for path in [*GOOD_POSTS, "/blog/"]}
    assert {canonical_url(row["url"]) for row in duplicates} >= targets


def test_every_stored_url_is_canonical(hostile: HostileCrawl) -> None:
    urls = rows(hostile.db_path, "SELECT url FROM pages UNION SELECT url FROM posts UNION SELECT target_url FROM links")
    assert [row["url"] for row in urls if canonical_url(row["url"]) != row["url"]] == []


def test_every_skipped_url_says_why_and_where_it_was_found(hostile: HostileCrawl) -> None:
    skipped = rows(hostile.db_path, "SELECT * FROM skipped_urls WHERE run_id = ?", [hostile.hostile.run_id])
    assert {row["reason"] for row in skipped} >= {"query", "limit", "duplicate", "out_of_scope"}
    assert {row["reason"] for row in skipped} <= SKIP_REASONS
    assert [row for row in skipped if not (row["url"] and row["source_url"])] == []


# --- sanitised, and nothing else changed --------------------------------------------------------


def test_no_post_body_html_can_run_script_or_restyle(hostile: HostileCrawl) -> None:
    for post in rows(hostile.db_path, "SELECT url, body_html FROM posts"):
        html = (post["body_html"] or "").lower()
        assert [word for word in FORBIDDEN_IN_BODY_HTML if word in html] == [], post["url"]


def test_the_script_laden_post_keeps_its_words_and_loses_its_scripts(hostile: HostileCrawl) -> None:
    post = hostile.post(CASES["script_laden_post"])
    assert post["title"] == SCRIPTED_TITLE
    assert SCRIPTED_TEXT in post["body_text"]
    assert not any(code in post["body_text"] for code in ("alert(", "document.cookie", "display: none"))
    targets = rows(hostile.db_path, "SELECT target_url FROM links WHERE source_url = ?", [post["url"]])
    assert [row["target_url"] for row in targets if not row["target_url"].startswith(("http://", "https://"))] == []


def test_the_hostile_run_leaves_every_good_row_as_it_was(hostile: HostileCrawl) -> None:
    after = snapshot(hostile.db_path, hostile.url("/blog/"))
    for table, before_rows in hostile.before.items():
        assert before_rows - after[table] == set(), f"{table}: rows of the good crawl changed or vanished"
    changes = rows(hostile.db_path, "SELECT * FROM post_changes WHERE run_id = ?", [hostile.hostile.run_id])
    assert {row["post_url"] for row in changes} & {hostile.url(path) for path in GOOD_POSTS} == set()
    good_pages = [hostile.page(path) for path in [*GOOD_POSTS, *GOOD_LISTINGS]]
    assert [(page["url"], page["run_id"], page["error"]) for page in good_pages] == [
        (page["url"], hostile.hostile.run_id, None) for page in good_pages
    ], "the good pages were fetched again by the hostile run, without error"


# --- bounds that need a crawl of their own ------------------------------------------------------


def test_the_endless_calendar_stops_at_max_depth(tmp_path: Path) -> None:
    with HostileSite() as site:
        summary = crawl(site.start_url, tmp_path / "archive.db", max_bytes=MAX_BYTES, max_depth=DEPTH)
        requests, site_url = site.requests, site.base_url
    reachable = {calendar_path(delta) for delta in range(1 - DEPTH, DEPTH)}  # the first month is at depth 1
    assert set(calendar_paths(requests)) == reachable
    assert len(calendar_paths(requests)) == 2 * DEPTH - 1
    assert summary.status == "partial"
    limited = rows(tmp_path / "archive.db", "SELECT url FROM skipped_urls WHERE reason = 'limit'")
    assert {site_url + calendar_path(-DEPTH), site_url + calendar_path(DEPTH)} <= {row["url"] for row in limited}


@pytest.mark.parametrize("held", [1, -1], ids=["next-month-answers-late", "previous-month-answers-late"])
def test_the_calendar_is_stopped_by_the_cap_whichever_side_answers_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int
) -> None:
    """Under load one side of the calendar can answer well ahead of the other: this forces that order by holding
    one month's answer until the crawl has judged the month MAX_BARREN_CHAIN hops away on the other side."""
    db_path, deepest = tmp_path / "archive.db", calendar_path(-held * MAX_BARREN_CHAIN)
    judged = threading.Event()
    accept = Scope.accept

    def accept_and_note(scope: Scope, url: str, *args: Any, **kwargs: Any) -> FrontierEntry | None:
        entry = accept(scope, url, *args, **kwargs)
        if urlsplit(url).path == deepest:
            judged.set()
        return entry

    monkeypatch.setattr(Scope, "accept", accept_and_note)
    patient = Timeouts(connect=FAST_TIMEOUTS.connect, read=HOLD_TIMEOUT * 2, total=HOLD_TIMEOUT * 2)
    with HostileSite() as site:
        site.hold(calendar_path(held), until=judged)
        crawl(site.start_url, db_path, max_bytes=MAX_BYTES, max_per_pattern=PER_PATTERN, timeouts=patient)
        requests, timeouts = site.requests, site.hold_timeouts
    assert timeouts == [], "the held month answered only after the other side went as deep as the cap let it"
    lopsided = [
        calendar_path(0),
        calendar_path(held),
        *(calendar_path(-held * hop) for hop in range(1, PER_PATTERN - 1)),
    ]
    assert sorted(calendar_paths(requests)) == sorted(lopsided), "one side went as deep as the cap let it"
    skipped = rows(db_path, "SELECT url, reason, rule FROM skipped_urls")
    assert [row for row in skipped if row["reason"] not in SKIP_REASONS] == [], "the cap, not a trap rule, stopped it"


def test_the_command_exits_3_on_the_hostile_site(tmp_path: Path) -> None:
    with HostileSite() as site:
        arguments = [site.start_url, "--db", str(tmp_path / "archive.db"), "--delay", "0", "-q"]
        arguments += ["--max-bytes", str(MAX_BYTES), "--max-per-pattern", str(PER_PATTERN)]
        result = CliRunner().invoke(cli, ["crawl", *arguments])
    assert result.exit_code == 3, result.output


# --- containment: a parser that raises, a write that fails ---------------------------------------


def test_a_parser_that_raises_fails_only_its_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db_path = tmp_path / "archive.db"
    original = parsers.page.parse_page

    def parse_page(markup: str | bytes, url: str) -> Any:
        if urlsplit(url).path == GOOD_POSTS[0]:
            raise AttributeError("'NoneType' object has no attribute 'text'")
        return original(markup, url)

    for module in list(sys.modules.values()):  # wherever the crawler holds a reference to it
        if getattr(module, "parse_page", None) is original:
            monkeypatch.setattr(module, "parse_page", parse_page)
    with HostileSite(hostile=False) as site:
        summary = crawl(site.start_url, db_path, parse_workers=0)
        broken, other = site.url(GOOD_POSTS[0]), site.url(GOOD_POSTS[1])
    assert summary.status == "partial"
    assert summary.errors == 1
    page = rows(db_path, "SELECT * FROM pages WHERE url = ?", [broken])[0]
    assert page["status"] == 200
    assert page["error"] is not None and page["error"].startswith("parse error"), page["error"]
    for table, column in PAGE_ROWS:
        assert rows(db_path, f"SELECT * FROM {table} WHERE {column} = ?", [broken]) == [], table
    assert rows(db_path, "SELECT title FROM posts WHERE url = ?", [other]) == [{"title": "Steady hips for the trail"}]
    assert rows(db_path, "SELECT count(*) AS n FROM links WHERE source_url = ?", [other])[0]["n"] > 0


def test_a_page_whose_write_fails_leaves_no_half_rows(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    Archive(db_path).close()  # the schema, so a trigger can refuse one post's images
    with closing(sqlite3.connect(db_path)) as db, db:
        db.execute(
            f"CREATE TRIGGER refuse_images BEFORE INSERT ON images WHEN NEW.page_url LIKE '%{GOOD_POSTS[1]}' "
            "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    outcome: object
    with HostileSite(hostile=False) as site:
        try:
            outcome = crawl(site.start_url, db_path).status
        except sqlite3.DatabaseError as exc:  # the run may fail with the write, or record it: either way, no half page
            outcome = exc
        refused, kept = site.url(GOOD_POSTS[1]), site.url(GOOD_POSTS[0])
    for table, column in PAGE_ROWS:  # its pages, links, posts, categories and tags rows were written before the images
        assert rows(db_path, f"SELECT * FROM {table} WHERE {column} = ?", [refused]) == [], (table, outcome)
    page = rows(db_path, "SELECT * FROM pages WHERE url = ?", [refused])
    assert page == [] or page[0]["error"] is not None, outcome
    if isinstance(outcome, sqlite3.DatabaseError):  # a run that fails says why in crawl_runs
        run = rows(db_path, "SELECT status, error FROM crawl_runs")
        assert [row["status"] for row in run] == ["failed"] and "refused by the test" in run[0]["error"]
    if rows(db_path, "SELECT * FROM posts WHERE url = ?", [kept]):  # a post stored before the failure is whole
        assert rows(db_path, "SELECT tag FROM post_tags WHERE post_url = ?", [kept]) == [{"tag": "knees"}]
        assert rows(db_path, "SELECT alt FROM images WHERE page_url = ?", [kept]) == [{"alt": "Exercise 1"}]
