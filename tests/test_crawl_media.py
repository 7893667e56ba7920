"""A crawl keeps every picture its post pages show, in the archive file: the served bytes, once, with what went wrong."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import crawler.replica.feeds
from crawler.crawl.host_robots import ROBOTS_REFUSAL
from crawler.crawl.keep_pictures import spool_path
from crawler.export.reparse import reparse_archive
from crawler.replica import ReplicaServer, build_site
from crawler.replica.pictures import HOSTILE_DIR, HOSTILE_POST_SLUG, upload
from tests.support import SMALL_SITE_POSTS, Crawled, crawl, query

UPLOADS_PATH = "/wp-content/uploads/"


def served(url: str, replaced: frozenset[str] = frozenset()) -> bytes:
    """The bytes the replica serves for a picture URL, from its model."""
    picture = upload(urlsplit(url).path, replaced)
    assert picture is not None and picture.status == 200, url
    return picture.body


def picture_requests(server: ReplicaServer) -> list[str]:
    return [request.path for request in server.requests if request.path.startswith(UPLOADS_PATH)]


def test_every_picture_a_post_page_shows_is_kept_with_the_served_bytes(crawled: Crawled) -> None:
    expected = {url for pictures in crawled.truth.pictures.values() for url in pictures}
    media = {row["url"]: row for row in query(crawled.db_path, "select * from media")}
    assert len(expected) > 250 and set(media) == expected
    for url in expected:
        body = served(url)
        row = media[url]
        assert (row["status"], row["error"], row["size"]) == (200, None, len(body)), url
        assert row["sha256"] == hashlib.sha256(body).hexdigest(), url
        assert row["width"] and row["height"] and row["content_type"].startswith("image/"), url
    blobs = {
        row["sha256"]: row["size"]
        for row in query(crawled.db_path, "select sha256, length(data) as size from media_blobs")
    }
    assert blobs == {row["sha256"]: row["size"] for row in media.values()}
    run = query(crawled.db_path, "select media_requests, media_kept, media_errors, media_bytes from crawl_runs")[0]
    assert run == {
        "media_requests": len(expected),
        "media_kept": len(expected),
        "media_errors": 0,
        "media_bytes": sum(row["size"] for row in media.values()),
    }
    assert not spool_path(crawled.db_path).exists()


def test_each_post_version_records_the_pictures_it_showed_in_page_order(crawled: Crawled) -> None:
    shown = query(
        crawled.db_path,
        "select post_url, media_url from post_version_media order by post_url, version, position",
    )
    by_post: dict[str, list[str]] = {}
    for row in shown:
        by_post.setdefault(str(row["post_url"]), []).append(str(row["media_url"]))
    assert by_post == {url: pictures for url, pictures in crawled.truth.pictures.items() if pictures}
    assert query(crawled.db_path, "select count(*) as n from missing_images") == [{"n": 0}]


def test_heavy_images_lists_the_pictures_over_300_kb_with_the_posts_showing_them(crawled: Crawled) -> None:
    heavy = query(crawled.db_path, "select url, size, post_count, posts from heavy_images")
    over = {url for pictures in crawled.truth.pictures.values() for url in pictures if len(served(url)) > 300 * 1024}
    assert over and {row["url"] for row in heavy} == over
    for row in heavy:
        showing = [post for post, pictures in crawled.truth.pictures.items() if row["url"] in pictures]
        assert row["post_count"] == len(showing) and sorted(json.loads(str(row["posts"]))) == sorted(showing)


@pytest.mark.parametrize("validators", ["all", "wordpress"])
def test_an_unchanged_recrawl_asks_for_no_picture_and_costs_a_tenth_of_the_bytes(
    validators: str, tmp_path: Path
) -> None:
    db_path = tmp_path / "archive.db"
    with ReplicaServer(build_site(posts=SMALL_SITE_POSTS), crawl_delay=0.0, validators=validators) as server:
        crawl(server.start_url, db_path)
        first = server.requests
        server.clear_log()
        second = crawl(server.start_url, db_path)
        again = server.requests
    assert any(request.path.startswith(UPLOADS_PATH) for request in first)
    assert [request.path for request in again if request.path.startswith(UPLOADS_PATH)] == []
    assert sum(request.bytes_sent for request in again) <= 0.10 * sum(request.bytes_sent for request in first)
    run = query(db_path, "select media_requests, media_bytes from crawl_runs where id = ?", [second.run_id])
    assert run == [{"media_requests": 0, "media_bytes": 0}]


def test_a_full_recrawl_revalidates_each_picture_once_with_its_validators(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with ReplicaServer(build_site(posts=SMALL_SITE_POSTS), crawl_delay=0.0) as server:
        crawl(server.start_url, db_path)
        kept = {row["url"]: row for row in query(db_path, "select url, etag, sha256 from media")}
        server.clear_log()
        second = crawl(server.start_url, db_path, mode="full")
        asked = [request for request in server.requests if request.path.startswith(UPLOADS_PATH)]
    assert sorted(request.path for request in asked) == sorted(urlsplit(url).path for url in kept)
    assert all(request.headers.get("if-none-match") for request in asked)
    assert {request.status for request in asked} == {304}
    versions = query(db_path, "select url, version, sha256, first_seen_run, last_seen_run from media_versions")
    assert len(versions) == len(kept)
    assert all((row["version"], row["last_seen_run"]) == (1, second.run_id) for row in versions)
    run = query(db_path, "select media_requests, media_kept, media_bytes from crawl_runs where id = ?", [second.run_id])
    assert run == [{"media_requests": len(kept), "media_kept": len(kept), "media_bytes": 0}]


def test_new_bytes_at_the_same_url_are_a_new_version_and_the_old_ones_stay(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with ReplicaServer(build_site(posts=SMALL_SITE_POSTS), crawl_delay=0.0) as server:
        first = crawl(server.start_url, db_path)
        server.site = build_site(posts=SMALL_SITE_POSTS, edition=2)
        replaced = server.site.replaced_uploads
        second = crawl(server.start_url, db_path, mode="full")
    (file,) = replaced
    stem = file.rsplit(".", 1)[0]
    changed = query(
        db_path,
        "select url, version, sha256, first_seen_run, last_seen_run from media_versions"
        " where url in (select url from media_versions where version = 2) order by url, version",
    )
    urls = {str(row["url"]) for row in changed}
    assert urls and all(stem in urlsplit(url).path for url in urls)
    for url in urls:
        old, new = [row for row in changed if row["url"] == url]
        assert old["sha256"] == hashlib.sha256(served(url)).hexdigest()
        assert new["sha256"] == hashlib.sha256(served(url, replaced)).hexdigest() != old["sha256"]
        assert (old["first_seen_run"], old["last_seen_run"]) == (first.run_id, first.run_id)
        assert (new["first_seen_run"], new["last_seen_run"]) == (second.run_id, second.run_id)
        assert query(db_path, "select sha256 from media where url = ?", [url]) == [{"sha256": new["sha256"]}]
    both = query(db_path, "select count(*) as n from media_blobs where sha256 in (select sha256 from media_versions"
                 " where url in (select url from media_versions where version = 2))")  # fmt: skip
    assert both == [{"n": 2 * len(urls)}]


HOSTILE_REASONS = {  # file -> (status, the start of the reason)
    "missing": (404, "HTTP 404"),
    "over-the-cap": (200, "too large"),
    "error-page": (200, "not an image: an HTML page"),
    "bomb": (200, "too many pixels"),
}


def test_the_hostile_pictures_each_leave_a_row_with_the_reason_and_nothing_else_is_lost(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    site = build_site(posts=SMALL_SITE_POSTS, hostile_pictures=True)
    with ReplicaServer(site, crawl_delay=0.0) as server:
        summary = crawl(server.start_url, db_path)
        truth = site.expected(server.base_url)
    assert summary.status == "ok" and summary.errors == 0  # a bad picture is no failed page
    (hostile_post,) = [url for url in truth.pictures if HOSTILE_POST_SLUG in url]
    rows = {str(row["url"]): row for row in query(db_path, "select * from media")}
    for url in truth.pictures[hostile_post]:
        name = urlsplit(url).path.removeprefix(HOSTILE_DIR).rsplit(".", 1)[0].removesuffix("-300x200")
        row = rows[url]
        if name == "scripted":  # SVG is kept: the archive serves it sandboxed (crawler/web)
            assert (row["content_type"], row["error"], row["width"], row["height"]) == ("image/svg+xml", None, 120, 80)
            continue
        status, reason = HOSTILE_REASONS[name]
        assert row["status"] == status and str(row["error"]).startswith(reason), (url, row["error"])
        assert row["sha256"] is None, url
    assert query(db_path, "select title from posts where url = ?", [hostile_post])[0]["title"]
    missing = query(db_path, "select media_url, problem from missing_images")
    assert {row["media_url"] for row in missing} == {
        url for url in truth.pictures[hostile_post] if "scripted" not in url
    }
    others = {url for post, pictures in truth.pictures.items() if post != hostile_post for url in pictures}
    assert all(rows[url]["sha256"] is not None for url in others)
    run = query(db_path, "select media_errors from crawl_runs where id = ?", [summary.run_id])
    assert run == [{"media_errors": 8}]
    blobs = query(db_path, "select max(length(data)) as largest from media_blobs")
    assert blobs[0]["largest"] < 1024 * 1024  # nothing over the cap, no bomb, no HTML page was stored


def test_a_picture_robots_txt_disallows_is_refused_and_never_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "archive.db"
    site = build_site(posts=SMALL_SITE_POSTS)
    with ReplicaServer(site, crawl_delay=0.0) as server:
        truth = site.expected(server.base_url)
        picture = next(url for pictures in truth.pictures.values() for url in pictures)
        robots_txt = crawler.replica.feeds.robots_txt
        monkeypatch.setattr(
            crawler.replica.feeds,
            "robots_txt",
            lambda base, delay, api_disallowed=False: robots_txt(base, delay, api_disallowed).replace(
                "Disallow:", f"Disallow: {urlsplit(picture).path}\nDisallow:", 1
            ),
        )
        crawl(server.start_url, db_path)
        asked = picture_requests(server)
    assert urlsplit(picture).path not in asked
    assert query(db_path, "select status, error from media where url = ?", [picture]) == [
        {"status": None, "error": ROBOTS_REFUSAL}
    ]


def test_a_picture_that_times_out_or_fails_is_a_row_and_the_next_crawl_asks_again(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    site = build_site(posts=SMALL_SITE_POSTS)
    with ReplicaServer(site, crawl_delay=0.0) as server:
        truth = site.expected(server.base_url)
        stalled, failing = [url for pictures in truth.pictures.values() for url in pictures][:2]
        server.faults.stall(urlsplit(stalled).path, seconds=3.0, times=10)
        server.faults.fail(urlsplit(failing).path, status=500, times=10)
        summary = crawl(server.start_url, db_path)
        server.faults.clear()
        rows = {row["url"]: row for row in query(db_path, "select url, status, error, sha256 from media")}
        server.clear_log()
        crawl(server.start_url, db_path)
        asked = picture_requests(server)
    assert summary.status == "ok"
    assert rows[stalled]["status"] is None and "timeout" in str(rows[stalled]["error"]).lower()
    assert (rows[failing]["status"], rows[failing]["error"]) == (500, "HTTP 500")
    assert sorted(asked) == sorted(urlsplit(url).path for url in (stalled, failing))
    kept = query(db_path, "select url from media where url in (?, ?) and sha256 is not null", [stalled, failing])
    assert len(kept) == 2


def test_the_run_budget_refuses_pictures_past_it_with_the_reason(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with ReplicaServer(build_site(posts=SMALL_SITE_POSTS), crawl_delay=0.0) as server:
        crawl(server.start_url, db_path, media_budget=200_000, concurrency=1)
    rows = query(db_path, "select error, sha256, size from media")
    kept = [row for row in rows if row["sha256"]]
    refused = [row for row in rows if row["error"] == "refused: the run's media budget is spent"]
    assert kept and refused and len(kept) + len(refused) == len(rows)
    assert sum(int(str(row["size"])) for row in kept) <= 200_000


def test_reparse_links_each_version_to_its_pictures_without_the_network(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    site = build_site(posts=SMALL_SITE_POSTS)
    with ReplicaServer(site, crawl_delay=0.0) as server:
        crawl(server.start_url, db_path)
        truth = site.expected(server.base_url)
    linked = query(db_path, "select * from post_version_media order by post_url, version, position")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("delete from post_version_media")
    summary = reparse_archive(db_path, workers=0)  # the replica is gone: nothing can be fetched
    assert summary.status == "ok"
    assert query(db_path, "select * from post_version_media order by post_url, version, position") == linked
    assert {str(row["post_url"]) for row in linked} == {url for url, pictures in truth.pictures.items() if pictures}
    assert query(db_path, "select count(*) as n from missing_images") == [{"n": 0}]
