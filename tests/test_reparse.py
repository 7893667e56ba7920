"""Re-parse: every content table re-derived from the stored bodies, with no network, in one transaction."""

from __future__ import annotations

import socket
import sqlite3
from contextlib import closing
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner

from crawler.archive.lock import ArchiveLock
from crawler.archive.store import (
    Archive,
    PostChange,
    RunTotals,
    decompress_body,
)
from crawler.cli import cli
from crawler.export.reparse import ReparseSummary, reparse_archive
from crawler.pages import parse_html_response
from crawler.records import FetchResult
from parsers.models import ParsedPage
from tests.support import MARK, Crawled, ParsedByBody, copy_archive, corrupt_two_bodies, retitled, use_parser

CONTENT_TABLES = (
    "posts",
    "post_categories",
    "post_tags",
    "archive_months",
    "related_links",
    "exercises",
    "exercise_steps",
    "links",
    "images",
    "listings",
)


def content(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every content table's rows (and what parsing sets on pages, and the FTS index), order-free."""
    queries = {table: f"SELECT * FROM {table}" for table in CONTENT_TABLES}
    queries["posts_fts"] = "SELECT rowid, title, body_text FROM posts_fts"
    queries["pages"] = "SELECT url, kind, title, missing FROM pages"
    with closing(sqlite3.connect(db_path)) as db:
        return {name: sorted(db.execute(sql).fetchall(), key=repr) for name, sql in queries.items()}


def block_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any HTTP request or IP connection from this process fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the re-parse tried to use the network")

    monkeypatch.setattr(httpx.AsyncClient, "send", refuse)
    monkeypatch.setattr(httpx.Client, "send", refuse)
    connect = socket.socket.connect

    def connect_locally(self: socket.socket, address: Any) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            refuse()
        connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", connect_locally)


@pytest.fixture
def archive_copy(crawled: Crawled, tmp_path: Path) -> Path:
    return copy_archive(crawled.db_path, tmp_path / "archive.db")


@dataclass(frozen=True)
class PoolReparse:
    """The crawled archive re-parsed once in the process pool: content before and after, and what was parsed."""

    summary: ReparseSummary
    db_path: Path
    before: dict[str, list[tuple[Any, ...]]]
    after: dict[str, list[tuple[Any, ...]]]
    parsed: ParsedByBody


@pytest.fixture(scope="module")
def pool_reparse(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> PoolReparse:
    """Re-parse a copy of the crawled archive in the pool, with the network blocked, keeping each ParsedPage."""
    db_path = copy_archive(crawled.db_path, tmp_path_factory.mktemp("pool") / "archive.db")
    archive = Archive(db_path)
    bodies = {source.url: source.body_hash for source in archive.bodies.page_sources()}
    archive.close()
    before = content(db_path)
    parsed: ParsedByBody = {}
    save_content = Archive.save_content

    def keep(
        archive: Archive, page_url: str, page: ParsedPage, run_id: int, reparse: bool = False
    ) -> PostChange | None:
        parsed[(page_url, bodies[page_url])] = page
        return save_content(archive, page_url, page, run_id, reparse)

    with pytest.MonkeyPatch.context() as monkeypatch:
        block_network(monkeypatch)
        monkeypatch.setattr(Archive, "save_content", keep)
        summary = reparse_archive(db_path, workers=2)
    return PoolReparse(summary, db_path, before, content(db_path), parsed)


@pytest.fixture
def parsed_by_body(pool_reparse: PoolReparse) -> ParsedByBody:
    return pool_reparse.parsed


def test_reparse_in_the_pool_without_network_changes_no_content(pool_reparse: PoolReparse) -> None:
    summary = pool_reparse.summary
    assert summary.status == "ok" and summary.skipped == ()
    assert (summary.new_posts, summary.changed_posts, summary.removed_posts) == (0, 0, 0)
    assert pool_reparse.after == pool_reparse.before
    archive = Archive(pool_reparse.db_path)
    html_pages = archive.count(
        "pages", "content_type LIKE 'text/html%' AND content_hash IS NOT NULL AND status NOT BETWEEN 300 AND 399"
    )  # redirects are not parsed
    assert summary.parsed == len(pool_reparse.parsed) == html_pages
    run = archive.runs.get(summary.run_id)
    assert (run["mode"], run["status"], run["requests"], run["pages_fetched"]) == ("reparse", "ok", 0, 0)
    assert archive.count("post_changes", "run_id = ?", [summary.run_id]) == 0


def test_a_parser_change_updates_exactly_the_posts_it_touches(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch, parsed_by_body: ParsedByBody
) -> None:
    archive = Archive(archive_copy)
    before_posts = {row["url"]: dict(row) for row in archive.db.query("SELECT * FROM posts")}
    archive.close()
    targets = set(sorted(before_posts)[:3])
    before = content(archive_copy)
    use_parser(monkeypatch, parsed_by_body, retitled(targets))

    summary = reparse_archive(archive_copy, workers=0)

    assert (summary.new_posts, summary.changed_posts, summary.removed_posts) == (0, 3, 0)
    after = content(archive_copy)
    assert {name for name in after if after[name] != before[name]} == {"posts", "posts_fts", "pages"}
    archive = Archive(archive_copy)
    after_posts = {row["url"]: dict(row) for row in archive.db.query("SELECT * FROM posts")}
    for url, row in after_posts.items():
        differences = {column for column in row if row[column] != before_posts[url][column]}
        assert differences == ({"title", "content_hash"} if url in targets else set()), url
    changes = archive.db.query("SELECT * FROM post_changes WHERE run_id = ?", [summary.run_id])
    assert {(row["post_url"], row["change"], row["old_hash"], row["new_hash"]) for row in changes} == {
        (url, "changed", before_posts[url]["content_hash"], after_posts[url]["content_hash"]) for url in targets
    }
    found = archive.db.query(
        "SELECT p.url FROM posts p JOIN posts_fts f ON f.rowid = p.rowid WHERE posts_fts MATCH ?", [MARK]
    )
    assert {row["url"] for row in found} == targets
    assert archive.runs.get(summary.run_id)["changed_posts"] == 3


def test_removed_posts_are_reparsed_from_their_last_page_and_vanished_posts_are_marked(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch, parsed_by_body: ParsedByBody
) -> None:
    archive = Archive(archive_copy)
    gone, vanishing = sorted(archive.posts.post_urls())[:2]
    later_run = archive.runs.start(archive.runs.latest_start_url() or "", "incremental", 0, "test")
    not_found = next(source for source in archive.bodies.page_sources() if source.status == 404)
    stored = archive.bodies.compressed_body(not_found.body_hash)
    assert stored is not None
    body = decompress_body(stored)
    answer = FetchResult(gone, 404, body, None, gone, not_found.header("content-type"), headers=not_found.headers)
    archive.save_page(answer, "other", parse_html_response(body, answer.content_type, gone), later_run)
    archive.posts.mark_gone(gone, later_run)
    archive.runs.finish(later_run, "ok", RunTotals(removed_posts=1), 0.1)
    archive.close()
    use_parser(monkeypatch, parsed_by_body)
    before = content(archive_copy)
    assert reparse_archive(archive_copy, workers=0).status == "ok"
    assert content(archive_copy) == before

    def change(page: ParsedPage) -> ParsedPage:
        if page.post is not None and page.post.url == vanishing:
            return replace(page, kind="page", post=None, related_links=(), exercises=(), images=())
        return retitled({gone})(page)

    use_parser(monkeypatch, parsed_by_body, change)
    summary = reparse_archive(archive_copy, workers=0)

    assert (summary.new_posts, summary.changed_posts, summary.removed_posts) == (0, 1, 1)
    archive = Archive(archive_copy)
    posts = {row["url"]: row for row in archive.db.query("SELECT url, title, removed_in_run FROM posts")}
    assert posts[gone]["title"].endswith(MARK) and posts[gone]["removed_in_run"] == later_run
    assert posts[vanishing]["removed_in_run"] == summary.run_id
    changes = archive.db.query("SELECT post_url, change FROM post_changes WHERE run_id = ?", [summary.run_id])
    assert {(row["post_url"], row["change"]) for row in changes} == {(gone, "changed"), (vanishing, "removed")}


def test_unreadable_bodies_are_named_skipped_and_exit_3(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch, parsed_by_body: ParsedByBody
) -> None:
    use_parser(monkeypatch, parsed_by_body)
    corrupted = corrupt_two_bodies(archive_copy)
    before = content(archive_copy)

    result = CliRunner().invoke(cli, ["reparse", "--db", str(archive_copy), "--workers", "0"])

    assert result.exit_code == 3, result.output
    for url, digest in corrupted:
        assert f"skipped {url}: stored body {digest} is unreadable" in result.stderr
    assert "bad zstd data" in result.stderr and "hash to" in result.stderr
    assert "0 posts added, 0 changed, 0 removed, 2 bodies skipped" in result.stdout
    assert content(archive_copy) == before
    archive = Archive(archive_copy)
    run = archive.db.execute("SELECT mode, status, errors FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert run == ("reparse", "partial", 2)


def test_a_page_the_parser_fails_on_costs_that_page_only(
    archive_copy: Path, monkeypatch: pytest.MonkeyPatch, parsed_by_body: ParsedByBody
) -> None:
    failing = min(Archive(archive_copy).posts.post_urls())

    def change(page: ParsedPage) -> ParsedPage:
        if page.url == failing:
            raise ValueError("parser bug")
        return page

    use_parser(monkeypatch, parsed_by_body, change)
    before = content(archive_copy)
    summary = reparse_archive(archive_copy, workers=0)
    assert summary.status == "partial"
    assert [(body.url, body.reason) for body in summary.skipped] == [
        (failing, "could not be parsed: ValueError: parser bug")
    ]
    assert content(archive_copy) == before


def test_reparse_waits_for_no_crawl_it_exits_75(archive_copy: Path) -> None:
    with ArchiveLock(archive_copy):
        result = CliRunner().invoke(cli, ["reparse", "--db", str(archive_copy)])
    assert result.exit_code == 75
    assert "another crawl holds" in result.stderr


def test_a_reparse_run_does_not_hide_an_interrupted_crawl_from_resuming(archive_copy: Path) -> None:
    archive = Archive(archive_copy)
    start_url = archive.runs.latest_start_url() or ""
    archive.db["crawl_runs"].update(1, {"status": "interrupted"})
    archive.frontier.add(1, [(start_url + "still-queued/", 1, None)])
    reparse_run = archive.runs.start(start_url, "reparse", 0, None)
    archive.runs.finish(reparse_run, "ok", RunTotals(), 0.1)
    assert archive.runs.resumable(start_url) == 1


def test_every_content_row_traces_to_stored_bytes(archive: Archive) -> None:
    for row in archive.db.query("SELECT hash, compression, data FROM bodies"):
        decompress_body(archive.bodies.compressed_body(row["hash"]) or pytest.fail(row["hash"]))
    untraced = {
        "posts": "SELECT url FROM posts WHERE url NOT IN (SELECT url FROM pages WHERE content_hash IS NOT NULL)",
        "links": "SELECT source_url FROM links WHERE source_url NOT IN (SELECT url FROM pages WHERE content_hash IS NOT NULL)",
        "listings": "SELECT page_url FROM listings WHERE page_url NOT IN (SELECT url FROM pages WHERE content_hash IS NOT NULL)",
        "related_links": "SELECT source_url FROM related_links WHERE source_url NOT IN (SELECT url FROM posts)",
        "exercises": "SELECT post_url FROM exercises WHERE post_url NOT IN (SELECT url FROM posts)",
        "images": "SELECT page_url FROM images WHERE page_url NOT IN (SELECT url FROM posts)",
        "pages": """SELECT url FROM pages p WHERE content_hash IS NOT NULL AND NOT EXISTS
                    (SELECT 1 FROM responses r WHERE r.url = p.url AND r.body_hash = p.content_hash)""",
    }
    assert {name: list(archive.db.query(sql)) for name, sql in untraced.items()} == {name: [] for name in untraced}
