"""Scheduled crawls: incremental re-crawls, change history, faults, resume, locking."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from datasette.app import Datasette

from crawler.config import RetryPolicy, Timeouts
from crawler.replica import ReplicaServer, build_site
from crawler.replica.server import RequestRecord
from tests.support import COMMAND, SMALL_SITE_POSTS, Crawled, changes, crawl, path_of, query


@pytest.mark.parametrize("validators", ["all", "wordpress"])
def test_unchanged_recrawl_is_cheap_and_changes_nothing(validators: str, tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    site = build_site(posts=SMALL_SITE_POSTS)
    with ReplicaServer(site, crawl_delay=0.0, validators=validators) as server:
        crawl(server.start_url, db_path)
        first_requests = len(server.requests)
        server.clear_log()
        second = crawl(server.start_url, db_path)
        log = server.requests
        truth = site.expected(server.base_url)
    assert (second.status, second.new_posts, second.changed_posts, second.removed_posts) == ("ok", 0, 0, 0)
    assert changes(db_path, second.run_id) == {"added": set(), "changed": set(), "removed": set(), "moved": set()}
    post_paths = {path_of(post["url"]) for post in truth.posts}
    inventory = [request for request in log if request.path.startswith("/wp-json/")]
    assert len(inventory) == 4  # posts, pages, categories and tags: the REST API answers no conditional GET
    if validators == "all":
        answered = [request for request in log if request.status != 404 and request not in inventory]
        assert all("if-none-match" in request.headers for request in answered)
        assert {request.status for request in answered} == {304}
    else:
        assert not post_paths & {request.path for request in log}, "posts the sitemap dates unchanged are not refetched"
    assert len(log) < first_requests


def test_an_unchanged_blogs_listings_are_kept_not_refetched(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    site = build_site(posts=SMALL_SITE_POSTS)
    with ReplicaServer(site, crawl_delay=0.0, validators="wordpress") as server:
        crawl(server.start_url, db_path)
        listings_before = query(db_path, "select * from listings order by page_url, position")
        server.clear_log()
        again = crawl(server.start_url, db_path)
        requested = {request.path for request in server.requests}
        listing_paths = {
            listing.page_path(number) for listing in site.listings() for number in range(1, listing.page_count + 1)
        }
    assert again.status == "ok" and requested & listing_paths == set()
    assert query(db_path, "select * from listings order by page_url, position") == listings_before
    seen = query(db_path, "select count(*) as n from posts where last_seen_run = ?", [again.run_id])
    assert seen[0]["n"] == SMALL_SITE_POSTS


def test_a_recrawl_asks_for_the_sitemaps_it_knows_beside_the_index(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    latency = 1.0  # each answer takes this long, so a sitemap asked after the index's answer is asked this much later
    patient = Timeouts(connect=2.0, read=5.0, total=10.0)
    # without the REST API: an unchanged inventory would spare the sitemaps altogether
    with ReplicaServer(build_site(posts=SMALL_SITE_POSTS), crawl_delay=0.0, api="404") as server:
        crawl(server.start_url, db_path, concurrency=8)
        sitemaps = [request.path for request in server.requests if request.path.startswith("/wp-sitemap")]
        server.clear_log()
        server.latency = latency
        again = crawl(server.start_url, db_path, concurrency=8, timeouts=patient)  # room for every sitemap at once
        log = server.requests
    asked = {request.path: request.time for request in log if request.path.startswith("/wp-sitemap")}
    assert again.status == "ok" and log[0].path == "/robots.txt"
    assert sorted(asked) == sorted(sitemaps) and len(sitemaps) > 1
    assert max(asked.values()) - asked["/wp-sitemap.xml"] < latency, "none waits for the index's answer"


def test_a_first_crawl_reads_the_inventory_alongside_the_sitemaps_and_a_recrawl_before_them(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    latency = 0.5  # each answer takes this long: a request sent after another's answer is sent this much later
    patient = Timeouts(connect=2.0, read=5.0, total=10.0)
    with ReplicaServer(build_site(posts=SMALL_SITE_POSTS), crawl_delay=0.0, latency=latency) as server:
        first = crawl(server.start_url, db_path, concurrency=8, timeouts=patient)
        first_log = server.settled_requests()
        server.site = build_site(posts=SMALL_SITE_POSTS, edition=2)  # a change, so the inventory spares no sitemap
        server.clear_log()
        again = crawl(server.start_url, db_path, concurrency=8, timeouts=patient)
        again_log = server.settled_requests()
    assert first.status == again.status == "ok"

    def asked(log: list[RequestRecord], prefix: str) -> float:  # the crawl's first request for a path so begun
        started = next(request.time for request in log if request.path == "/robots.txt")
        return min(request.time for request in log if request.path.startswith(prefix) and request.time >= started)

    def answered(log: list[RequestRecord], prefix: str) -> float:
        return max(request.finished or 0.0 for request in log if request.path.startswith(prefix))

    # robots.txt, then the start page (which announces the API) and the sitemap index at once
    assert abs(asked(first_log, "/wp-sitemap.xml") - asked(first_log, "/blog/")) < latency
    assert asked(first_log, "/wp-sitemap.xml") < answered(first_log, "/wp-json/"), "the sitemaps wait for no API"
    assert asked(first_log, "/wp-json/") < answered(first_log, "/wp-sitemap"), "the API waits for no sitemap"
    # an incremental run over an archive with pages: the inventory decides which sitemaps to ask for, so it comes first
    assert answered(again_log, "/wp-json/") <= asked(again_log, "/wp-sitemap")


def test_a_week_later_gives_exactly_the_sites_changes(week_later: Crawled) -> None:
    """The session's crawl of edition 1 then, on the same replica, of edition 2 (the `week_later` fixture)."""
    db_path, later, truth = week_later.db_path, week_later.summary, week_later.truth
    assert later.status == "ok"
    moved = set(truth.moved.values())  # the renamed post, whose rename WordPress dates as an edit
    expected = {
        "added": set(truth.added) | {post["url"] for post in truth.unlisted},  # and the post only the API lists
        "changed": set(truth.changed) | moved,
        "removed": set(truth.removed),
        "moved": moved,
    }
    assert changes(db_path, later.run_id) == expected
    removed = query(db_path, "select removed_in_run, title from posts where url = ?", [truth.removed[0]])
    assert removed[0]["removed_in_run"] == later.run_id and removed[0]["title"]
    for url in truth.retitled:
        expected_title = next(post["title"] for post in truth.posts if post["url"] == url)
        assert query(db_path, "select title from posts where url = ?", [url])[0]["title"] == expected_title
    latest = query(db_path, "select change, post_url from latest_changes")
    assert len(latest) == sum(len(urls) for urls in expected.values())


@pytest.mark.parametrize(
    ("schedule", "requests_for_path"),
    [
        (lambda faults, path: faults.fail(path, status=503, times=2), 3),
        (lambda faults, path: faults.fail(path, status=500, times=1), 2),
        (lambda faults, path: faults.fail(path, status=429, times=1, retry_after=0), 2),
        (lambda faults, path: faults.stall(path, seconds=1.5), 2),
        (lambda faults, path: faults.reset(path), 2),
        (lambda faults, path: faults.truncate(path), 2),
    ],
    ids=["503-twice", "500", "429", "read-timeout", "reset-mid-body", "truncated-body"],
)
def test_transient_faults_are_retried(
    schedule, requests_for_path: int, small_replica: ReplicaServer, tmp_path: Path
) -> None:
    post = small_replica.site.expected(small_replica.base_url).posts[0]
    schedule(small_replica.faults, path_of(post["url"]))
    summary = crawl(small_replica.start_url, tmp_path / "archive.db")
    assert summary.status == "ok"
    assert [request.path for request in small_replica.requests].count(path_of(post["url"])) == requests_for_path
    stored = query(tmp_path / "archive.db", "select title, word_count from posts where url = ?", [post["url"]])
    assert stored == [{"title": post["title"], "word_count": post["word_count"]}]


@pytest.mark.parametrize("retry_after", ["1", "http-date"])
def test_retry_after_is_honoured(retry_after: str, small_replica: ReplicaServer, tmp_path: Path) -> None:
    """Seconds are waited as given; a date far ahead is waited up to the policy's cap (1 s here)."""
    path = "/about/"
    far_ahead = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 3600))
    small_replica.faults.fail(
        path, status=429, times=1, retry_after=far_ahead if retry_after == "http-date" else retry_after
    )
    policy = RetryPolicy(retries=3, backoff=0.01, max_wait=1.0, jitter=0.0)
    summary = crawl(small_replica.start_url, tmp_path / "archive.db", retry=policy)
    times = [request.time for request in small_replica.requests if request.path == path]
    assert summary.status == "ok" and len(times) == 2
    assert times[1] - times[0] >= 0.9  # not the 0.01 s backoff


def test_a_page_that_keeps_failing_is_recorded_and_the_run_goes_on(
    small_replica: ReplicaServer, tmp_path: Path
) -> None:
    small_replica.faults.fail("/about/", status=503, times=10)
    summary = crawl(small_replica.start_url, tmp_path / "archive.db")
    assert summary.status == "partial" and summary.errors == 1
    page = query(tmp_path / "archive.db", "select status, error from pages where url like '%/about/'")
    assert page == [{"status": 503, "error": "HTTP 503"}]
    assert summary.posts == len(small_replica.site.expected(small_replica.base_url).posts)


@pytest.mark.parametrize("fault", ["fail", "truncate"])
def test_a_good_post_that_later_fails_keeps_its_content(
    fault: str, small_replica: ReplicaServer, tmp_path: Path
) -> None:
    db_path = tmp_path / "archive.db"
    truth = small_replica.site.expected(small_replica.base_url)
    url = truth.posts[0]["url"]
    crawl(small_replica.start_url, db_path)
    before = query(db_path, "select * from posts where url = ?", [url])
    page_before = query(db_path, "select content_hash, kind from pages where url = ?", [url])
    getattr(small_replica.faults, fault)(path_of(url), times=10)
    later = crawl(small_replica.start_url, db_path, mode="full")
    assert later.status == "partial"
    assert query(db_path, "select * from posts where url = ?", [url]) == before
    assert query(db_path, "select content_hash, kind from pages where url = ?", [url]) == page_before
    assert query(db_path, "select error from pages where url = ?", [url])[0]["error"]
    assert changes(db_path, later.run_id)["removed"] == set(), "a partial run marks nothing removed"


def start_cli_crawl(server: ReplicaServer, db_path: Path, delay: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [COMMAND, "crawl", server.start_url, "--db", str(db_path), "--delay", delay],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_done_pages(db_path: Path, count: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db_path.exists():
            try:
                # closed, not just committed: a reader left open keeps the crawl from removing its -wal and -shm
                with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as connection:
                    done = connection.execute("select count(*) from frontier where state = 'done'").fetchone()[0]
                if done >= count:
                    return int(done)
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    raise AssertionError(f"the crawl did not reach {count} pages")


@pytest.mark.slow  # a spaced-out crawl in a subprocess, killed, then resumed
def test_sigkill_mid_run_then_resume(fresh_replica: ReplicaServer, tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    process = start_cli_crawl(fresh_replica, db_path, delay="0.03")
    wait_for_done_pages(db_path, 60)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    done_before = {path_of(row["url"]) for row in query(db_path, "select url from frontier where state = 'done'")}
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("pragma integrity_check").fetchone() == ("ok",)
    fresh_replica.clear_log()
    resumed = crawl(fresh_replica.start_url, db_path)
    refetched = {request.path for request in fresh_replica.requests} & done_before
    runs = query(db_path, "select id, status, resumed_run from crawl_runs order by id")
    truth = fresh_replica.site.expected(fresh_replica.base_url)
    assert [run["status"] for run in runs] == ["interrupted", "ok"]
    assert runs[1]["resumed_run"] == runs[0]["id"] == 1
    assert refetched == set()
    assert resumed.posts == len(truth.posts)
    assert query(db_path, "select count(*) as n from posts")[0]["n"] == len(truth.posts)
    assert changes(db_path, resumed.run_id)["removed"] == set()


def test_second_concurrent_crawl_exits_75_naming_the_holder(fresh_replica: ReplicaServer, tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    first = start_cli_crawl(fresh_replica, db_path, delay="0.02")
    try:
        wait_for_done_pages(db_path, 5)
        second = subprocess.run(
            [COMMAND, "crawl", fresh_replica.start_url, "--db", str(db_path)],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert second.returncode == 75
        assert f"pid {first.pid}" in second.stderr
    finally:
        first.send_signal(signal.SIGTERM)
        first.wait(timeout=30)
    runs = query(db_path, "select status, error from crawl_runs")
    assert runs == [{"status": "interrupted", "error": "stopped by a signal"}]


def test_datasette_reads_while_a_crawl_writes(small_replica: ReplicaServer, tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    crawl(small_replica.start_url, db_path, max_pages=5)
    failures: list[str] = []
    reads = 0
    reading, stop = threading.Event(), threading.Event()

    def read_continuously() -> None:
        nonlocal reads
        datasette = Datasette([str(db_path)])

        async def read() -> None:
            nonlocal reads
            while not stop.is_set():
                response = await datasette.client.get("/archive/posts.json?_size=5")
                if response.status_code != 200:
                    failures.append(response.text)
                reads += 1
                reading.set()  # Datasette has started: the crawl begins only now, so every later read overlaps it

        asyncio.run(read())

    reader = threading.Thread(target=read_continuously)
    reader.start()
    assert reading.wait(timeout=60)
    before = reads
    small_replica.latency = 0.02  # a crawl as long as a real one's few seconds, whatever the machine's speed
    try:
        summary = crawl(small_replica.start_url, db_path, mode="full")
    finally:
        small_replica.latency = 0.0
        stop.set()
        reader.join(timeout=30)
    assert summary.status == "ok"
    assert reads - before > 10 and failures == []


def test_sigterm_mid_run_exits_1_with_one_line_and_leaves_no_lock(fresh_replica: ReplicaServer, tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    process = subprocess.Popen(
        [COMMAND, "crawl", fresh_replica.start_url, "--db", str(db_path), "--delay", "0.02"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    wait_for_done_pages(db_path, 5)
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 1
    assert (out, err) == ("", "Error: interrupted; the next crawl resumes where this one stopped\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["archive.db"]
    assert query(db_path, "select status from crawl_runs") == [{"status": "interrupted"}]
