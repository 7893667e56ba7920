"""A post is one post: a renamed post is moved, a moved site refused or moved whole, and WordPress's inventory finds
what nothing links, audits the crawl and spares an unchanged re-crawl its requests; without the API, HTML alone."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from datasette.utils import tilde_encode

from crawler.archive.store import Archive
from crawler.cli import cli
from crawler.crawl.inventoried import InventoryUse
from crawler.pages import parse_html_response
from crawler.records import FetchResult
from crawler.replica import ReplicaServer, Site, build_site
from crawler.replica.rest_api import ApiMode
from parsers.wp_rest import Inventory, InventoryItem
from tests.served import render
from tests.support import Crawled, OnceCrawled, copy_archive, crawl


def query(db_path: Path, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params or [])]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# 1. A renamed post is moved


def test_the_renamed_post_is_one_move_with_its_versions_continuous(week_later: Crawled) -> None:
    db_path, truth, run_id = week_later.db_path, week_later.truth, week_later.summary.run_id
    ((old, new),) = truth.moved.items()
    changes = query(
        db_path, "select post_url, change, old_url from post_changes where run_id = ? order by id", [run_id]
    )
    assert [row for row in changes if row["change"] == "moved"] == [
        {"post_url": new, "change": "moved", "old_url": old}
    ]
    assert not [row for row in changes if row["change"] in ("added", "removed") and row["post_url"] in (old, new)]
    versions = query(db_path, "select version, first_seen_run, title from post_versions where post_url = ?", [new])
    assert [(row["version"], row["first_seen_run"]) for row in versions] == [(1, 1), (2, run_id)]
    assert query(db_path, "select count(*) as n from post_versions where post_url = ?", [old]) == [{"n": 0}]
    assert query(db_path, "select url, post_url, moved_in_run from post_urls") == [
        {"url": old, "post_url": new, "moved_in_run": run_id}
    ]
    assert query(db_path, "select first_seen_run, removed_in_run from posts where url = ?", [new]) == [
        {"first_seen_run": 1, "removed_in_run": None}
    ]
    assert week_later.summary.moved_posts == 1 and week_later.summary.line().endswith(", 1 moved")
    digest = json.loads(CliRunner().invoke(cli, ["changes", "--db", str(db_path), "--json"]).stdout)
    assert digest["moved"] == [{"from": old, "to": new}]
    assert old not in digest["removed"] and new not in digest["added"]


def test_a_post_without_an_id_is_followed_through_the_redirect_from_its_old_address(
    crawled: Crawled, tmp_path: Path
) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    archive = Archive(db_path)
    try:
        old = next(row["url"] for row in archive.db.query("select url from posts order by url limit 1"))
        body = archive.bodies.stored_body(old)
        assert body is not None
        parsed = parse_html_response(body, "text/html; charset=utf-8", old)
        assert parsed.post is not None
        new = old.rstrip("/") + "-renamed/"
        moved = replace(parsed, url=new, post=replace(parsed.post, url=new, wp_id=None))
        run_id = archive.runs.start(crawled.truth.start_url, "incremental", 0, None)
        answered = FetchResult(new, 200, body, None, final_url=new, content_type="text/html; charset=utf-8")
        assert archive.identity.earlier_address(new, None, run_id) is None  # an id-less page at a new address is new...
        archive.identity.note_redirect(old, new)  # ...unless its old address answered this run with a redirect to it
        assert archive.identity.earlier_address(new, None, run_id) == old
        archive.save_page(answered, "post", moved, run_id)
        rows = archive.db.execute("select change, old_url from post_changes where run_id = ?", [run_id]).fetchall()
        assert rows == [("moved", old)]
        assert archive.posts.get(old) is None and archive.posts.get(new) is not None
        assert archive.db.execute("select count(*) from post_versions where post_url = ?", [new]).fetchone()[0] == 1
        assert archive.db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        archive.close()


# 2. A moved site is refused, or moved whole


@pytest.fixture
def elsewhere() -> Iterator[ReplicaServer]:
    """The same site served from another origin (another port)."""
    with ReplicaServer(build_site(), crawl_delay=0.0) as server:
        yield server


def test_a_crawl_from_another_origin_is_refused_and_changes_nothing(
    crawled: Crawled, elsewhere: ReplicaServer, tmp_path: Path
) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    before = sha256(db_path)
    result = CliRunner().invoke(cli, ["crawl", elsewhere.start_url, "--db", str(db_path), "--delay", "0", "-q"])
    assert result.exit_code == 2, result.output
    assert crawled.base_url in result.stderr and elsewhere.base_url in result.stderr and "--site-moved" in result.stderr
    assert sha256(db_path) == before
    wal = db_path.with_name(db_path.name + "-wal")  # a read-only reader's WAL index, as `inspect_file` leaves it
    assert not wal.exists() or wal.stat().st_size == 0
    assert elsewhere.requests == []


def test_with_site_moved_every_post_moves_with_its_history(
    crawled: Crawled, elsewhere: ReplicaServer, tmp_path: Path
) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    before = query(db_path, "select url, wp_id, first_seen_run from posts order by wp_id")
    versions_before = query(db_path, "select count(*) as n from post_versions")

    summary = crawl(elsewhere.start_url, db_path, site_moved=True)

    assert (summary.status, summary.new_posts, summary.removed_posts) == ("ok", 0, 0)
    assert summary.moved_posts == len(before)
    after = query(db_path, "select url, wp_id, first_seen_run from posts order by wp_id")
    assert [row["url"] for row in after] == [
        row["url"].replace(crawled.base_url, elsewhere.base_url, 1) for row in before
    ]
    assert [(row["wp_id"], row["first_seen_run"]) for row in after] == [
        (row["wp_id"], row["first_seen_run"]) for row in before
    ]
    assert query(db_path, "select count(*) as n from post_versions") == versions_before
    assert query(db_path, "select count(*) as n from post_urls") == [{"n": len(before)}]
    assert query(
        db_path, "select count(*) as n from post_versions where post_url not like ?", [elsewhere.base_url + "%"]
    ) == [{"n": 0}]
    assert query(db_path, "select count(*) as n from responses where url like ?", [crawled.base_url + "%"])[0]["n"] > 0
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    again = crawl(elsewhere.start_url, db_path)  # the archive's origin is the new one now
    assert (again.status, again.new_posts, again.removed_posts, again.moved_posts) == ("ok", 0, 0, 0)


def test_a_site_moved_after_a_removal_moves_the_live_posts_and_leaves_the_removed_where_they_lived(
    week_later: Crawled, tmp_path: Path
) -> None:
    db_path = copy_archive(week_later.db_path, tmp_path / "archive.db")
    live = query(db_path, "select count(*) as n from posts where removed_in_run is null")[0]["n"]
    removed = query(db_path, "select url, removed_in_run from posts where removed_in_run is not null order by url")
    assert [row["url"] for row in removed] == sorted(week_later.truth.removed)
    with ReplicaServer(build_site(edition=2), crawl_delay=0.0) as server:
        summary = crawl(server.start_url, db_path, site_moved=True)
        base_url = server.base_url
    digest = json.loads(CliRunner().invoke(cli, ["changes", "--db", str(db_path), "--json"]).stdout)
    assert (summary.new_posts, summary.changed_posts, summary.removed_posts) == (0, 0, 0)
    assert (digest["added"], digest["removed"], digest["changed"]) == ([], [], [])
    assert len(digest["moved"]) == summary.moved_posts == live
    assert all(move["to"].startswith(base_url + "/") for move in digest["moved"])
    # a post removed before the move never lived at the new origin: it keeps its address, its removal and no move
    assert (
        query(db_path, "select url, removed_in_run from posts where url not like ? order by url", [base_url + "/%"])
        == removed
    )
    assert query(db_path, "select count(*) as n from post_urls where post_url not like ?", [base_url + "/%"]) == [
        {"n": 0}
    ]
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


# 3. WordPress's inventory


def test_the_post_only_the_api_lists_is_archived_and_the_audit_is_empty(week_later: Crawled) -> None:
    (unlisted,) = week_later.truth.unlisted
    rows = query(week_later.db_path, "select wp_id, removed_in_run from posts where url = ?", [unlisted["url"]])
    assert rows == [{"wp_id": unlisted["wp_id"], "removed_in_run": None}]
    assert query(week_later.db_path, "select * from inventory_audit") == []
    runs = query(week_later.db_path, "select inventory, inventory_detail from crawl_runs order by id")
    assert runs == [{"inventory": "used", "inventory_detail": None}] * 2
    assert query(week_later.db_path, "select * from inventory_disagreements") == []


def test_the_audit_names_an_inventory_post_the_crawl_could_not_archive(
    fresh_replica: ReplicaServer, tmp_path: Path
) -> None:
    fresh_replica.site = build_site(edition=2)
    (unlisted,) = fresh_replica.site.expected(fresh_replica.base_url).unlisted
    path = unlisted["url"].removeprefix(fresh_replica.base_url)
    fresh_replica.faults.fail(path, status=503, times=100)
    summary = crawl(fresh_replica.start_url, tmp_path / "archive.db")
    assert summary.status == "partial"
    rows = query(tmp_path / "archive.db", "select problem, wp_id, url, why from inventory_audit")
    assert rows == [
        {"problem": "not archived", "wp_id": unlisted["wp_id"], "url": unlisted["url"], "why": rows[0]["why"]}
    ]
    assert "503" in rows[0]["why"]


def test_an_unchanged_recrawl_without_validators_asks_only_the_inventory_and_the_site_maps(
    once_crawled: OnceCrawled,
) -> None:
    replica, db_path = once_crawled.server, once_crawled.db_path
    replica.clear_log()
    summary = crawl(replica.start_url, db_path)
    paths = [record.path for record in replica.requests]
    assert summary.status == "ok" and (summary.new_posts, summary.changed_posts, summary.removed_posts) == (0, 0, 0)
    assert len(paths) <= 15
    assert [path for path in paths if "/wp-json/" in path] == [
        path
        for path in paths
        if path.startswith(
            ("/wp-json/wp/v2/posts?", "/wp-json/wp/v2/pages?", "/wp-json/wp/v2/categories?", "/wp-json/wp/v2/tags?")
        )
    ]
    assert len([path for path in paths if "/wp-json/" in path]) == 4
    html = [path for path in paths if not path.endswith((".xml", ".txt", "/feed/")) and "/wp-json/" not in path]
    assert html == []  # no post, page, listing, redirect or missing page asked again


def test_an_edited_post_is_fetched_again_by_its_modified_date(once_crawled: OnceCrawled) -> None:
    replica, db_path = once_crawled.server, once_crawled.db_path
    replica.site = build_site(edition=2)
    truth = replica.site.expected(replica.base_url)
    replica.clear_log()
    summary = crawl(replica.start_url, db_path)
    fetched = {replica.base_url + record.path for record in replica.requests}
    assert set(truth.changed) <= fetched and set(truth.moved.values()) <= fetched
    assert summary.changed_posts == len(truth.changed) + len(truth.moved)


API_BLOCKS: list[tuple[ApiMode, str]] = [
    ("404", "absent"),
    ("401", "401"),
    ("403", "403"),
    ("robots", "robots"),
    ("malformed", "malformed"),
    ("huge", "too large"),
]


@pytest.fixture(scope="module")
def open_api_archive(first_crawl: tuple[OnceCrawled, Site]) -> list[dict[str, Any]]:
    """The posts a crawl of edition 1 archives with the API answering (URLs relative to the site): the session's."""
    crawled, _site = first_crawl
    return relative_posts(crawled.db_path, crawled.server.base_url)


def relative_posts(db_path: Path, base_url: str) -> list[dict[str, Any]]:
    rows = query(
        db_path, "select url, wp_id, title, published, modified, body_text, removed_in_run from posts order by url"
    )
    return [{**row, "url": row["url"].removeprefix(base_url)} for row in rows]


@pytest.mark.parametrize(("mode", "status"), API_BLOCKS)
def test_without_the_api_the_crawl_goes_on_from_html_and_says_why(
    mode: ApiMode, status: str, open_api_archive: list[dict[str, Any]], tmp_path: Path
) -> None:
    db_path = tmp_path / "archive.db"
    with ReplicaServer(build_site(), crawl_delay=0.0, api=mode) as server:
        summary = crawl(server.start_url, db_path)
        assert summary.status == "ok" and summary.inventory == status
        (run,) = query(db_path, "select inventory, inventory_detail from crawl_runs")
        assert run["inventory"] == status and run["inventory_detail"]
        assert relative_posts(db_path, server.base_url) == open_api_archive
        assert query(db_path, "select count(*) as n from wp_inventory") == [{"n": 0}]
        if mode == "robots":
            assert not [record for record in server.requests if "/wp-json/" in record.path]


# 4. Disagreements are recorded, not resolved


def test_a_disagreement_between_the_api_and_the_page_is_named_field_by_field(crawled: Crawled) -> None:
    archive = Archive(crawled.db_path, readonly=True)
    try:
        url = next(row["url"] for row in archive.db.query("select url from posts where wp_id is not null limit 1"))
        body = archive.bodies.stored_body(url)
    finally:
        archive.close()
    assert body is not None
    post = parse_html_response(body, "text/html; charset=utf-8", url).post
    assert post is not None and post.wp_id is not None
    item = InventoryItem(
        post.wp_id, "post", url + "x/", post.slug, None, "2001-01-01T00:00:00", "Another title", (), ()
    )
    use = InventoryUse.of(Inventory("http://127.0.0.1/wp-json/", (item,), (), ()), None)
    found = {(d.field, d.api_value, d.page_value) for d in use.disagreements(post)}
    assert ("url", url + "x/", url) in found and ("title", "Another title", post.title) in found
    if post.modified and "+" in post.modified:
        assert ("modified", "2001-01-01T00:00:00+00:00", post.modified) in found
    same = replace(item, url=url, title=post.title, modified_gmt=None)
    assert InventoryUse.of(Inventory("http://127.0.0.1/wp-json/", (same,), (), ()), None).disagreements(post) == []


# 5. Datasette shows a moved post's earlier addresses and follows it from them


def test_the_post_page_lists_earlier_addresses_and_the_history_follows_an_old_one(week_later: Crawled) -> None:
    ((old, new),) = week_later.truth.moved.items()
    db_path = week_later.db_path
    page = render(db_path, f"/{db_path.stem}/posts/{tilde_encode(new)}").text
    assert re.findall(r"<li><code>([^<]+)</code>, until it moved <time", page) == [old]
    history = render(db_path, f"/{db_path.stem}/-/history?url={quote(old, safe='')}")
    assert history.status_code == 200
    assert sorted(re.findall(r'<tr class="version-(\d+)">', history.text)) == ["1", "2"]  # newest first
    assert "PT Month: Cross-Training Ideas" in history.text and new in history.text
