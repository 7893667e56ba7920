"""Issue 20's edges: a move found in either order, a resumed run's inventory, a site moved after a removal, and a
post moved twice or moved back: one identity each time, sensible rows."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from datasette.utils import tilde_encode

from crawler.archive.identity import Move, on_origin
from crawler.archive.store import Archive
from crawler.cli import cli
from crawler.crawl.run import Crawl
from crawler.replica import ReplicaServer, build_site
from tests.served import render
from tests.support import COMMAND, Crawled, copy_archive, crawl, path_of, query

RENAMED = "pt-month-cross-training-ideas"  # the catalogue's post that edition 2 renames
BEFORE_PATH = f"/2023/10/25/{RENAMED}/"


def hold_until_visited(monkeypatch: pytest.MonkeyPatch, first: str, then: str) -> None:
    """Crawls visit `then` only once `first` is visited, whichever the crawl met first (a minute at most)."""
    original = Crawl.visit_now
    visited: dict[int, asyncio.Event] = {}

    async def visit_now(self: Crawl, url: str, depth: int, source: str | None) -> None:
        done = visited.setdefault(self.run_id, asyncio.Event())
        if url == then:
            await asyncio.wait_for(done.wait(), timeout=60)
        try:
            await original(self, url, depth, source)
        finally:
            if url == first:
                done.set()

    monkeypatch.setattr(Crawl, "visit_now", visit_now)


def post_rows(db_path: Path) -> dict[str, list[dict[str, Any]]]:
    """What the archive says of its posts: rows, versions, changes, earlier addresses, exercises."""
    return {
        "posts": query(
            db_path,
            "select url, wp_id, title, content_hash, first_seen_run, last_seen_run, removed_in_run from posts order by url",
        ),
        "versions": query(
            db_path,
            "select post_url, version, content_hash, first_seen_run, last_seen_run, body_hash from post_versions"
            " order by post_url, version",
        ),
        "changes": query(
            db_path,
            "select run_id, post_url, change, old_url, fields, cause from post_changes order by run_id, post_url, change",
        ),
        "addresses": query(db_path, "select * from post_urls order by url"),
        "exercises": query(db_path, "select post_url, position, name from exercises order by post_url, position"),
        "pictures": query(db_path, "select * from post_version_media order by post_url, version, position"),
    }


# 1. A post without an id is followed through its old address's redirect, whichever the crawl meets first


@pytest.fixture(scope="module")
def idless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplicaServer, Path]]:
    """A theme that names no post id, without the REST API, crawled once; the server then serves edition 2."""
    db_path = tmp_path_factory.mktemp("idless") / "archive.db"
    with ReplicaServer(build_site(post_ids=False, rest_api=False), crawl_delay=0.0) as server:
        crawl(server.start_url, db_path)
        server.site = build_site(edition=2, post_ids=False, rest_api=False)
        yield server, db_path


def test_a_post_without_an_id_moves_whichever_address_the_crawl_meets_first(
    idless: tuple[ReplicaServer, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, first_run = idless
    truth = server.site.expected(server.base_url)
    ((old, new),) = truth.moved.items()
    assert query(first_run, "select count(*) as n from posts where wp_id is not null") == [{"n": 0}]
    archives = {}
    for order in ((old, new), (new, old)):
        db_path = copy_archive(first_run, tmp_path / f"{path_of(order[0]).split('/')[-2]}-first.db")
        server.clear_log()
        with monkeypatch.context() as patch:
            hold_until_visited(patch, *order)
            summary = crawl(server.start_url, db_path)
        paths = [record.path for record in server.requests]
        assert paths.index(path_of(order[0])) < paths.index(path_of(order[1]))  # the order asked for, met
        assert (summary.status, summary.moved_posts) == ("ok", 1)
        assert (summary.new_posts, summary.removed_posts) == (len(truth.added), len(truth.removed))
        changes = query(
            db_path, "select change, old_url from post_changes where run_id = 2 and post_url = ? order by id", [new]
        )
        assert changes == [{"change": "moved", "old_url": old}, {"change": "changed", "old_url": None}]
        assert query(db_path, "select count(*) as n from post_changes where post_url = ?", [old]) == [{"n": 0}]
        versions = query(
            db_path, "select version, first_seen_run, last_seen_run from post_versions where post_url = ?", [new]
        )
        assert versions == [
            {"version": 1, "first_seen_run": 1, "last_seen_run": 1},
            {"version": 2, "first_seen_run": 2, "last_seen_run": 2},
        ]
        with closing(sqlite3.connect(db_path)) as conn:
            assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        archives[order] = post_rows(db_path)
    assert archives[(old, new)] == archives[(new, old)]


def test_the_inventory_names_a_move_whose_old_address_answers_404(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with ReplicaServer(build_site(post_ids=False), crawl_delay=0.0) as server:
        crawl(server.start_url, db_path)
        server.site = build_site(edition=2, post_ids=False)
        ((old, new),) = server.site.expected(server.base_url).moved.items()
        server.faults.fail(path_of(old), status=404, times=100)  # a site that keeps no redirect for the old slug
        summary = crawl(server.start_url, db_path)
        assert any(record.path == path_of(old) and record.status == 404 for record in server.requests)
    assert summary.moved_posts == 1
    assert query(db_path, "select count(*) as n from posts where url = ?", [old]) == [{"n": 0}]  # a 404 is no post
    assert query(
        db_path,
        "select change, old_url from post_changes where run_id = 2 and post_url in (?, ?) order by id",
        [old, new],
    ) == [
        {"change": "moved", "old_url": old},
        {"change": "changed", "old_url": None},
    ]


# 2. A resumed run uses the inventory of the run it resumes


def wait_for_request(server: ReplicaServer, path: str, timeout: float = 30) -> None:
    """Until the replica has received a request for `path`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(record.path == path for record in server.requests):
            return
        time.sleep(0.02)
    raise AssertionError(f"the crawl never asked for {path}")


def wait_for_inventory(db_path: Path, run_id: int, timeout: float = 30) -> None:
    """Until the archive records how the run's inventory read went."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as reader:
            sql = "select 1 from crawl_runs where id = ? and inventory is not null"
            if reader.execute(sql, [run_id]).fetchall():
                return
        time.sleep(0.02)
    raise AssertionError(f"run {run_id} never recorded its inventory")


@pytest.mark.slow  # a crawl in a subprocess, killed while it reads the sitemaps, then resumed
def test_a_run_killed_before_it_queued_the_inventory_is_resumed_with_it(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with ReplicaServer(build_site(edition=2), crawl_delay=0.0) as server:
        crawl(server.start_url, db_path)
        (unlisted,) = server.site.expected(server.base_url).unlisted
        server.clear_log()
        server.faults.stall("/wp-sitemap.xml", seconds=5)  # the sitemaps phase, before the inventory's URLs are queued
        process = subprocess.Popen(
            [COMMAND, "crawl", server.start_url, "--db", str(db_path), "--full", "--delay", "0"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_request(server, "/wp-sitemap.xml")
        wait_for_inventory(db_path, run_id=2)  # a full run reads it alongside the sitemaps
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        server.faults.clear()
        assert query(db_path, "select inventory from crawl_runs where id = 2") == [{"inventory": "used"}]
        resumed = crawl(server.start_url, db_path)

    runs = query(db_path, "select id, status, resumed_run, inventory, inventory_detail from crawl_runs order by id")
    assert [(run["status"], run["resumed_run"], run["inventory"]) for run in runs] == [
        ("ok", None, "used"),
        ("interrupted", None, "used"),
        ("ok", 2, "used"),
    ]
    assert "taken over from run 2" in runs[2]["inventory_detail"]
    assert resumed.removed_posts == 0
    assert query(db_path, "select removed_in_run, last_seen_run from posts where url = ?", [unlisted["url"]]) == [
        {"removed_in_run": None, "last_seen_run": resumed.run_id}
    ]
    assert query(db_path, "select count(*) as n from post_changes where change = 'removed'") == [{"n": 0}]
    assert query(db_path, "select * from inventory_audit") == []
    assert query(db_path, "select count(*) as n from wp_inventory where last_seen_run != ?", [resumed.run_id]) == [
        {"n": 0}
    ]


# 4. A post moved twice, or moved back: one identity, sensible rows in `changes` and on its page


@pytest.fixture(scope="module")
def renamed_once(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ReplicaServer, Path]]:
    """Edition 1, then edition 2 (one post renamed), crawled into one archive; the server is the tests' to change."""
    db_path = tmp_path_factory.mktemp("renamed-once") / "archive.db"
    with ReplicaServer(build_site(), crawl_delay=0.0) as server:
        crawl(server.start_url, db_path)
        server.site = build_site(edition=2)
        crawl(server.start_url, db_path)
        yield server, db_path


def digest(db_path: Path, *since: str) -> tuple[dict[str, Any], str]:
    """`changes` as JSON and in words."""
    args = ["changes", "--db", str(db_path), *since]
    as_json = CliRunner().invoke(cli, [*args, "--json"])
    words = CliRunner().invoke(cli, args)
    assert as_json.exit_code == words.exit_code == 0, as_json.output + words.output
    return json.loads(as_json.stdout), words.stdout


def earlier_addresses(db_path: Path, url: str) -> list[str]:
    """The earlier addresses the post's page in Datasette lists, in order."""
    page = render(db_path, f"/{db_path.stem}/posts/{tilde_encode(url)}").text
    return re.findall(r"<li><code>([^<]+)</code>, until it moved <time", page)


@pytest.mark.parametrize("third", ["cross-training-tips", None], ids=["moved twice", "moved back"])
def test_a_post_moved_twice_or_back_is_one_post(
    third: str | None, renamed_once: tuple[ReplicaServer, Path], tmp_path: Path
) -> None:
    server, renamed = renamed_once
    db_path = copy_archive(renamed, tmp_path / "archive.db")
    ((first, second),) = server.site.expected(server.base_url).moved.items()
    server.site = build_site(edition=2, rename={RENAMED: third} if third else False)
    now = first.replace(RENAMED, third) if third else first
    wp_id = query(db_path, "select wp_id from posts where url = ?", [second])[0]["wp_id"]

    summary = crawl(server.start_url, db_path)
    server.site = build_site(edition=2)  # as the fixture left it, for the next test

    assert (summary.status, summary.moved_posts, summary.new_posts, summary.removed_posts) == ("ok", 1, 0, 0)
    assert query(db_path, "select url, first_seen_run, removed_in_run from posts where wp_id = ?", [wp_id]) == [
        {"url": now, "first_seen_run": 1, "removed_in_run": None}
    ]
    versions = query(db_path, "select version, first_seen_run from post_versions where post_url = ?", [now])
    assert [row["first_seen_run"] for row in versions] == list(range(1, len(versions) + 1))  # one line of history
    assert query(
        db_path,
        "select count(*) as n from post_versions where post_url != ? and post_url in (?, ?, ?)",
        [now, first, second, now],
    ) == [{"n": 0}]
    moves = query(db_path, "select run_id, post_url, old_url from post_changes where change = 'moved' order by run_id")
    assert moves == [
        {"run_id": 2, "post_url": now, "old_url": first},
        {"run_id": 3, "post_url": now, "old_url": second},
    ]
    assert query(
        db_path,
        "select count(*) as n from post_changes where change in ('added', 'removed') and run_id > 1 and post_url = ?",
        [now],
    ) == [{"n": 0}]
    with closing(sqlite3.connect(db_path)) as conn:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []

    latest, words = digest(db_path)  # since run 2
    assert latest["moved"] == [{"from": second, "to": now}]
    assert (latest["added"], latest["removed"]) == ([], [])
    assert f"  {second}  →  {now}  " in words and ", 1 moved;" in words
    whole, words = digest(db_path, "--since", "1")
    if third:  # A → B → C: from where it was to where it is
        assert whole["moved"] == [{"from": first, "to": now}]
        assert f"  {first}  →  {now}  " in words
        assert earlier_addresses(db_path, now) == [first, second]
    else:  # A → B → A: back where it was, so no move over the two runs; its page names the address it left
        assert whole["moved"] == [] and ", 0 moved;" in words
        assert earlier_addresses(db_path, now) == [second]
    assert now not in whole["added"] and first not in whole["removed"] and second not in whole["removed"]


def test_a_post_without_an_id_moved_twice_is_followed_from_its_first_address(
    idless: tuple[ReplicaServer, Path], tmp_path: Path
) -> None:
    server, first_run = idless
    db_path = copy_archive(first_run, tmp_path / "archive.db")
    ((first, second),) = server.site.expected(server.base_url).moved.items()
    crawl(server.start_url, db_path)
    server.site = build_site(edition=2, post_ids=False, rest_api=False, rename={RENAMED: "cross-training-tips"})
    try:
        ((_, now),) = server.site.expected(server.base_url).moved.items()  # the first address redirects here now
        server.clear_log()
        summary = crawl(server.start_url, db_path)
        statuses = {record.path: record.status for record in server.requests}
    finally:
        server.site = build_site(edition=2, post_ids=False, rest_api=False)
    assert statuses.get(path_of(first)) == 301
    assert (summary.moved_posts, summary.new_posts, summary.removed_posts) == (1, 0, 0)
    moves = query(db_path, "select run_id, old_url from post_changes where change = 'moved' and post_url = ?", [now])
    assert moves == [{"run_id": 2, "old_url": first}, {"run_id": 3, "old_url": second}]
    assert earlier_addresses(db_path, now) == [first, second]


# 3. --site-moved leaves a post removed before the move where it lived


def test_a_removed_post_moves_with_the_site_only_when_the_new_site_lists_it(
    week_later: Crawled, tmp_path: Path
) -> None:
    db_path = copy_archive(week_later.db_path, tmp_path / "archive.db")
    new_origin = "https://blog.example.org"
    archive = Archive(db_path)
    try:
        removed = [
            dict(row) for row in archive.db.query("select url, wp_id from posts where removed_in_run is not null")
        ]
        live = archive.count("posts", "removed_in_run is null")
        assert removed and all(row["wp_id"] for row in removed)
        moves = archive.identity.relocation(new_origin, {})
        assert len(moves) == live and not {row["url"] for row in removed} & {move.old_url for move in moves}
        restored = removed[0]  # the new site's inventory lists it: it is back, and moves with the site
        listed = {restored["wp_id"]: f"{new_origin}/2025/01/01/restored/"}
        assert Move(restored["url"], listed[restored["wp_id"]]) in archive.identity.relocation(new_origin, listed)
        run_id = archive.runs.start(new_origin + "/blog/", "incremental", 0, None)
        archive.identity.relocate(moves, run_id, new_origin)
        assert archive.identity.site_move == (week_later.base_url, new_origin)
        back = on_origin(removed[1]["url"] if len(removed) > 1 else restored["url"], new_origin)
        assert archive.identity.earlier_address(back, None, run_id) == on_origin(back, week_later.base_url)  # by path
        assert archive.identity.earlier_address(f"{new_origin}/2025/01/01/never-seen/", None, run_id) is None
    finally:
        archive.close()
