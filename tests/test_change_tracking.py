"""Change tracking over resumed, refused, re-parsed and re-crawled runs: what counts as removed, added, changed, and by whom."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import Any, get_args

import pytest
from click.testing import CliRunner

import crawler.archive.reread
import crawler.archive.runs
import crawler.crawl.run
from crawler.archive.files import connect_readonly
from crawler.archive.store import Archive
from crawler.cli import cli
from crawler.crawl.fetch import new_client
from crawler.crawl.pictures import MediaHosts
from crawler.crawl.run import Crawl
from crawler.crawl.traps import MAX_BARREN_IN_FAMILY, family
from crawler.export.reparse import reparse_archive
from crawler.media import KeptPicture
from crawler.pages import parse_html_response, parse_with_pictures
from crawler.records import SkipReason
from crawler.replica import ReplicaServer, build_site, views
from crawler.web.metadata import load_metadata
from parsers.models import ParsedPage
from tests.support import (
    COMMAND,
    MARK,
    Crawled,
    OnceCrawled,
    changes,
    copy_archive,
    crawl,
    fast_config,
    path_of,
    query,
    retitled,
    site_changed_fields,
    use_parser,
)

Row = dict[str, Any]
NEXT_PARSER_VERSION = "next-parsers"


def versions(db_path: Path) -> list[Row]:
    return query(db_path, "select * from post_versions order by post_url, version")


def run_changes(db_path: Path, run_id: int) -> dict[str, tuple[object, object, object]]:
    rows = query(db_path, "select post_url, change, fields, cause from post_changes where run_id = ?", [run_id])
    return {str(row["post_url"]): (row["change"], row["fields"], row["cause"]) for row in rows}


def upgrade_parsers(monkeypatch: pytest.MonkeyPatch, change: Callable[[ParsedPage], ParsedPage]) -> None:
    """A new parser version that reads pages differently, in crawls (parsed in this process) and in the store."""

    def parse(body: bytes, content_type: str | None, url: str) -> ParsedPage:
        return change(parse_html_response(body, content_type, url))

    def parse_in_crawl(
        body: bytes, content_type: str | None, url: str, hosts: MediaHosts
    ) -> tuple[ParsedPage, tuple[KeptPicture, ...]]:
        page, pictures = parse_with_pictures(body, content_type, url, hosts)
        return change(page), pictures

    monkeypatch.setattr(crawler.crawl.run, "parse_with_pictures", parse_in_crawl)
    monkeypatch.setattr(crawler.archive.reread, "parse_html_response", parse)
    monkeypatch.setattr(crawler.archive.runs, "PARSER_VERSION", NEXT_PARSER_VERSION)


# 1. Resuming after SIGKILL


def wait_for_error(db_path: Path, url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    """Until the running crawl has committed a failure for `url` (and is still running)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
                row = conn.execute("select error from pages where url = ? and run_id = 2", [url]).fetchone()
            if row and row[0]:
                return
        except sqlite3.OperationalError:
            pass
        time.sleep(0.02)
    raise AssertionError(f"the crawl did not record a failure for {url} while running")


@pytest.mark.slow  # a spaced-out crawl in a subprocess, killed, then resumed
def test_a_post_that_failed_before_sigkill_is_not_removed_by_the_resumed_run(once_crawled: OnceCrawled) -> None:
    replica, db_path, first = once_crawled.server, once_crawled.db_path, once_crawled.first
    truth = replica.site.expected(replica.base_url)
    url = truth.posts[0]["url"]
    replica.faults.fail(path_of(url), status=500, times=1000)
    process = subprocess.Popen(
        [
            COMMAND,
            "crawl",
            replica.start_url,
            "--db",
            str(db_path),
            "--full",
            "--delay",
            "0.03",
            "--retries",
            "0",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_for_error(db_path, url, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    replica.faults.clear()

    resumed = crawl(replica.start_url, db_path)

    runs = query(db_path, "select id, status, errors, resumed_run from crawl_runs order by id")
    assert [(run["status"], run["resumed_run"]) for run in runs] == [("ok", None), ("interrupted", None), ("ok", 2)]
    assert runs[1]["errors"] == 1, "the killed run never wrote its counts: its failures are counted from pages"
    assert changes(db_path, resumed.run_id)["removed"] == set()
    assert query(db_path, "select removed_in_run from posts where url = ?", [url]) == [{"removed_in_run": None}]
    assert query(db_path, "select count(*) as n from posts where removed_in_run is null")[0]["n"] == first.posts


def test_a_limit_hit_by_a_killed_run_keeps_its_resumed_run_from_removing_anything(
    crawled: Crawled, tmp_path: Path
) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    archive = Archive(db_path)
    try:
        killed = archive.runs.start(crawled.truth.start_url, "incremental", 0, None)
        archive.frontier.skip(
            killed, crawled.truth.start_url + "never-fetched/", "limit", None
        )  # its hit_limit died with it
        archive.runs.mark_interrupted()
        resumed = archive.runs.start(crawled.truth.start_url, "incremental", 0, None, resumed_run=killed)
        later = archive.runs.start(crawled.truth.start_url, "incremental", 0, None)
        assert archive.runs.missed_something(resumed) and not archive.runs.missed_something(later)
    finally:
        archive.close()


# 2. Fields outside the hash


def renamed_exercises(page: ParsedPage) -> ParsedPage:
    """A parser change outside the hashed fields: exercise names, word counts, field sources."""
    if page.post is None:
        return page
    post = replace(page.post, word_count=page.post.word_count + 1000, sources={**page.post.sources, "title": "next"})
    exercises = tuple(replace(exercise, name=f"{exercise.name} {MARK}") for exercise in page.exercises)
    return replace(page, post=post, exercises=exercises)


def unhashed(db_path: Path) -> tuple[set[int], set[str], set[str]]:
    posts = query(db_path, "select word_count, sources from posts")
    names = {str(row["name"]) for row in query(db_path, "select name from exercises")}
    return {int(str(row["word_count"])) for row in posts}, {str(row["sources"]) for row in posts}, names


def test_reparse_rewrites_fields_outside_the_hash(
    crawled: Crawled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    words_before, _sources, names_before = unhashed(db_path)
    exercise_ids = query(db_path, "select id, post_url, position from exercises order by id")
    use_parser(monkeypatch, {}, renamed_exercises)

    summary = reparse_archive(db_path, workers=0)

    words, sources, names = unhashed(db_path)
    assert names_before and names == {f"{name} {MARK}" for name in names_before}
    assert words == {count + 1000 for count in words_before}
    assert all(json.loads(text)["title"] == "next" for text in sources)
    assert query(db_path, "select id, post_url, position from exercises order by id") == exercise_ids
    assert summary.changed_posts == 0 and run_changes(db_path, summary.run_id) == {}


def test_a_recrawl_rewrites_fields_outside_the_hash(
    small_replica: ReplicaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "archive.db"
    crawl(small_replica.start_url, db_path)
    words_before, _sources, names_before = unhashed(db_path)
    upgrade_parsers(monkeypatch, renamed_exercises)

    again = crawl(small_replica.start_url, db_path, mode="full")

    words, _sources, names = unhashed(db_path)
    assert words == {count + 1000 for count in words_before}
    assert names == {f"{name} {MARK}" for name in names_before}
    assert (again.new_posts, again.changed_posts, again.removed_posts) == (0, 0, 0)


def test_a_different_related_block_is_no_edit(once_crawled: OnceCrawled, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site picks related posts (often at random per request): a new block updates related_links, not history."""
    replica, db_path = once_crawled.server, once_crawled.db_path
    before = related_blocks(db_path)
    shown = views.related_block
    monkeypatch.setattr(
        views, "related_block", lambda site, post, base: shown(site, replace(post, related=post.related[::-1]), base)
    )
    replica.site = build_site()  # the same site, rendered anew with every related block reversed

    again = crawl(replica.start_url, db_path, mode="full")

    after = related_blocks(db_path)
    changed = [url for url, targets in after.items() if targets != before[url]]
    assert len(changed) >= 3 and all(after[url] == before[url][::-1] for url in changed), "the blocks did change"
    assert (again.new_posts, again.changed_posts, again.removed_posts) == (0, 0, 0)
    assert run_changes(db_path, again.run_id) == {}
    rows = versions(db_path)
    assert len(rows) == len({row["post_url"] for row in rows}), "one version per post"
    for url in changed:
        (version,) = [row for row in rows if row["post_url"] == url]
        assert json.loads(version["related_links"]) == after[url], "a version keeps the block last seen"


def related_blocks(db_path: Path) -> dict[str, list[str]]:
    """Each post's related links, in page order."""
    blocks: dict[str, list[str]] = {}
    for row in query(db_path, "select source_url, target_url from related_links order by source_url, position"):
        blocks.setdefault(str(row["source_url"]), []).append(str(row["target_url"]))
    return blocks


# 3. Parser upgrades on pages whose bytes changed


def test_a_parser_upgrade_on_changed_bytes_is_no_site_change(
    once_crawled: OnceCrawled, monkeypatch: pytest.MonkeyPatch
) -> None:
    replica, db_path = once_crawled.server, once_crawled.db_path
    replica.site = build_site(edition=2)  # its sidebar lists a new post and month: every post page's bytes differ
    truth = replica.site.expected(replica.base_url)
    edited = {*truth.changed, *truth.added, *truth.moved.values()}  # the renamed post's edit is dated
    untouched = [post["url"] for post in truth.posts if post["url"] not in edited][:3]
    (retitled_url,) = truth.retitled
    upgrade_parsers(monkeypatch, retitled({*untouched, retitled_url}))

    later = crawl(replica.start_url, db_path, mode="full")

    bodies = query(db_path, "select url, count(distinct body_hash) as n from responses where status = 200 group by url")
    assert {row["url"]: row["n"] for row in bodies if row["url"] in untouched} == dict.fromkeys(untouched, 2)
    found = run_changes(db_path, later.run_id)
    assert {url: found[url] for url in untouched} == dict.fromkeys(untouched, ("changed", '["title"]', "parser"))
    assert {url: found[url] for url in truth.changed} == {
        url: ("changed", json.dumps(fields), "site") for url, fields in site_changed_fields(truth).items()
    }
    rows = versions(db_path)
    for url in untouched:
        (only,) = [row for row in rows if row["post_url"] == url]
        assert only["title"].endswith(MARK) and only["last_seen_run"] == later.run_id
    old, new = [row for row in rows if row["post_url"] == retitled_url]
    assert old["title"].endswith(MARK) and new["title"].endswith(MARK) and old["title"] != new["title"]
    digest = CliRunner().invoke(cli, ["changes", "--db", str(db_path), "--json"])
    assert {post["url"] for post in json.loads(digest.stdout)["changed"]} == set(truth.changed) | set(
        truth.moved.values()
    )


# 4. A post back after it was removed


def test_a_post_that_comes_back_is_added_again(once_crawled: OnceCrawled) -> None:
    replica, db_path = once_crawled.server, once_crawled.db_path
    replica.site = build_site(edition=2)
    truth = replica.site.expected(replica.base_url)
    gone = crawl(replica.start_url, db_path)
    (url,) = truth.removed
    assert changes(db_path, gone.run_id)["removed"] == {url}
    replica.site = build_site(edition=1)

    back = crawl(replica.start_url, db_path)

    assert run_changes(db_path, back.run_id)[url] == ("added", None, "site")
    assert query(db_path, "select removed_in_run, last_seen_run from posts where url = ?", [url]) == [
        {"removed_in_run": None, "last_seen_run": back.run_id}
    ]
    result = CliRunner().invoke(cli, ["changes", "--db", str(db_path), "--since", str(gone.run_id), "--json"])
    digest = json.loads(result.stdout)
    assert url in digest["added"] and url not in {post["url"] for post in digest["changed"]}
    assert url not in digest["removed"]


# 5. Re-parse keeps the runs that saw each version


def test_reparse_keeps_the_runs_that_saw_each_version(once_crawled: OnceCrawled) -> None:
    replica, db_path = once_crawled.server, once_crawled.db_path
    crawl(replica.start_url, db_path)  # unchanged: 304s and sitemap-dated pages store no body
    replica.site = build_site(edition=2)
    crawl(replica.start_url, db_path)
    before = versions(db_path)
    changed = replica.site.expected(replica.base_url).changed
    assert {(row["first_seen_run"], row["last_seen_run"]) for row in before if row["post_url"] in changed} == {
        (1, 2),
        (3, 3),
    }

    summary = reparse_archive(db_path, workers=0)

    assert summary.status == "ok"
    assert versions(db_path) == before


# 6. Trap rules never cut a stored live post


def test_the_trap_rules_never_cut_a_stored_live_post(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    post = crawled.truth.posts[0]["url"]
    archive = Archive(db_path)
    try:
        run_id = archive.runs.start(crawled.truth.start_url, "incremental", 0, None)

        async def judge() -> tuple[object, object]:
            async with new_client(fast_config(crawled.truth.start_url, db_path)) as client:
                run = Crawl(fast_config(crawled.truth.start_url, db_path), archive, client, run_id, None)
                run.scope.traps.barren[family(post)] = MAX_BARREN_IN_FAMILY * 2  # its family looks barren
                stranger = post.rstrip("/") + "-never-stored/"
                return run.scope.accept(post, 1, None, fruitful=False), run.scope.accept(
                    stranger, 1, None, fruitful=False
                )

        kept, cut = asyncio.run(judge())
        assert kept == (post, 1, None) and cut is None
        assert not archive.runs.missed_something(run_id)
        archive.frontier.skip_trap(
            run_id, post, None, ("no-new-content", "/", 9)
        )  # as a run before the inventory was seeded
        assert archive.runs.missed_something(run_id), "a run that refused a live post is incomplete"
    finally:
        archive.close()


# 7. The views read only finished runs


def test_latest_changes_and_stale_posts_ignore_runs_running_or_failed(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    latest, stale = query(db_path, "select * from latest_changes"), query(db_path, "select * from stale_posts")
    assert latest and stale
    with ReplicaServer(build_site(), crawl_delay=0.0) as server:
        server.faults.fail("/robots.txt", status=503, times=100)
        failed = crawl(server.start_url, db_path, site_moved=True)  # another port: another origin
    assert failed.status == "failed"
    archive = Archive(db_path)
    archive.runs.start(crawled.truth.start_url, "incremental", 0, None)  # a crawl still running
    archive.db.execute("update crawl_runs set started_at = '2031-06-01T00:00:00+00:00' where id > 1")
    archive.db.conn.commit()
    archive.close()
    assert query(db_path, "select * from latest_changes") == latest
    assert query(db_path, "select * from stale_posts") == stale


# 8. Skip reasons


def test_skip_reasons_are_schemas_and_each_is_described() -> None:
    reasons = set(get_args(SkipReason))
    assert {"out_of_scope", "robots", "query", "duplicate", "limit", "trap"} <= reasons
    described = load_metadata()["databases"]["archive"]["tables"]["skipped_urls"]["columns"]["reason"]
    assert all(reason in described for reason in reasons)


# 9. migrate leaves the .db file whole


def test_migrate_leaves_the_migrations_in_the_db_file(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "older.db")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("delete from _sqlite_migrations where name = 'm013_finished_run_views'")
    result = CliRunner().invoke(cli, ["migrate", "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    copied = tmp_path / "copy" / "archive.db"
    copied.parent.mkdir()
    shutil.copyfile(db_path, copied)  # the .db file alone, no -wal beside it

    conn = connect_readonly(copied)
    try:
        names = {row[0] for row in conn.execute("select name from _sqlite_migrations")}
    finally:
        conn.close()
    assert "m013_finished_run_views" in names


def test_a_crawl_leaves_its_run_in_the_db_file_while_a_reader_stays_connected(
    crawled: Crawled, replica: ReplicaServer, tmp_path: Path
) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as reader:  # as Datasette stays connected
        assert reader.execute("select count(*) from crawl_runs").fetchone() == (1,)
        again = crawl(replica.start_url, db_path, site_moved=True)  # the shared replica: another port, another origin
        copied = tmp_path / "copy" / "archive.db"
        copied.parent.mkdir()
        shutil.copyfile(db_path, copied)
    with closing(sqlite3.connect(f"file:{copied}?mode=ro", uri=True)) as conn:
        assert conn.execute("select max(id), status from crawl_runs").fetchone() == (again.run_id, again.status)
