"""A crawl of a blog whose uploads a CDN serves: the CDN's robots.txt read once, obeyed, every picture a row."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.crawl.host_robots import ROBOTS_REFUSAL
from crawler.replica import ReplicaServer, build_site
from crawler.replica.media_host import MediaHostServer, media_host_robots
from crawler.replica.model import UPLOADS
from crawler.replica.pictures import upload
from tests.support import SMALL_SITE_POSTS, crawl, query

DISALLOWED = UPLOADS + "2019/"  # the upload folder the CDN's robots.txt closes


@dataclass(frozen=True)
class Blog:
    """The blog on one port, its uploads on a CDN on another; the pictures its posts show, on the CDN."""

    server: ReplicaServer
    cdn: MediaHostServer
    pictures: frozenset[str]

    @property
    def cdn_host(self) -> str:
        return f"127.0.0.1:{self.cdn.port}"


@pytest.fixture
def blog() -> Iterator[Blog]:
    """A 10-post blog whose pages name their uploads on its CDN, whose robots.txt closes DISALLOWED."""
    site = build_site(posts=SMALL_SITE_POSTS)
    with (
        MediaHostServer(site, robots_txt=media_host_robots([DISALLOWED])) as cdn,
        ReplicaServer(site, crawl_delay=0.0, uploads_base=cdn.base_url) as server,
    ):
        truth = site.expected(server.base_url)
        shown = {url.replace(server.base_url, cdn.base_url, 1) for urls in truth.pictures.values() for url in urls}
        yield Blog(server, cdn, frozenset(shown))


def media_rows(db_path: Path) -> dict[str, dict[str, object]]:
    return {str(row["url"]): row for row in query(db_path, "select url, status, error, sha256 from media")}


def test_pictures_on_the_cdn_obey_its_robots_txt_and_the_disallowed_are_never_asked(blog: Blog, tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    closed = {url for url in blog.pictures if urlsplit(url).path.startswith(DISALLOWED)}
    open_ = blog.pictures - closed
    assert closed and open_ and all(url.startswith(blog.cdn.base_url) for url in blog.pictures)
    summary = crawl(blog.server.start_url, db_path, media_hosts=(blog.cdn_host,))
    rows = media_rows(db_path)
    asked = [request.path for request in blog.cdn.requests]
    assert summary.status == "ok"
    assert set(rows) == blog.pictures
    for url in closed:
        assert (rows[url]["status"], rows[url]["error"], rows[url]["sha256"]) == (None, ROBOTS_REFUSAL, None), url
    for url in open_:
        picture = upload(urlsplit(url).path)
        assert picture is not None
        assert (rows[url]["status"], rows[url]["error"]) == (200, None), url
        assert rows[url]["sha256"] == hashlib.sha256(picture.body).hexdigest(), url
    assert asked[0] == "/robots.txt" and asked.count("/robots.txt") == 1
    assert not [path for path in asked if path.startswith(DISALLOWED)]
    assert sorted(asked[1:]) == sorted(urlsplit(url).path for url in open_)
    assert not [request.path for request in blog.server.requests if request.path.startswith(UPLOADS)]
    run = query(db_path, "select media_requests, media_kept, media_errors from crawl_runs")[0]
    assert run == {"media_requests": len(open_) + 1, "media_kept": len(open_), "media_errors": len(closed)}
    missing = query(db_path, "select distinct media_url, problem from missing_images")
    assert {(row["media_url"], row["problem"]) for row in missing} == {(url, ROBOTS_REFUSAL) for url in closed}


def test_an_unchanged_re_crawl_asks_the_cdn_only_again_for_what_its_robots_txt_refused(
    blog: Blog, tmp_path: Path
) -> None:
    db_path = tmp_path / "archive.db"
    crawl(blog.server.start_url, db_path, media_hosts=(blog.cdn_host,))
    blog.cdn.clear_log()
    crawl(blog.server.start_url, db_path, media_hosts=(blog.cdn_host,))
    assert [request.path for request in blog.cdn.requests] == ["/robots.txt"]  # the refused pictures: still closed
    blog.cdn.robots_txt = media_host_robots([UPLOADS + "1999/"])  # the CDN opens the folder
    blog.cdn.clear_log()
    crawl(blog.server.start_url, db_path, media_hosts=(blog.cdn_host,))
    closed = {urlsplit(url).path for url in blog.pictures if urlsplit(url).path.startswith(DISALLOWED)}
    asked = [request.path for request in blog.cdn.requests]
    assert asked[0] == "/robots.txt" and sorted(asked[1:]) == sorted(closed)
    assert all(row["sha256"] and row["error"] is None for row in media_rows(db_path).values())


def test_a_cdn_whose_robots_txt_answers_503_has_its_pictures_refused_and_the_posts_kept(
    blog: Blog, tmp_path: Path
) -> None:
    db_path = tmp_path / "archive.db"
    blog.cdn.faults.fail("/robots.txt", status=503, times=100)
    summary = crawl(blog.server.start_url, db_path, media_hosts=(blog.cdn_host,))
    rows = media_rows(db_path)
    reason = f"refused: {blog.cdn.url('/robots.txt')} could not be fetched (HTTP 503), so its host is not asked"
    assert summary.status == "ok"
    assert set(rows) == blog.pictures
    assert {(row["status"], row["error"]) for row in rows.values()} == {(None, reason)}
    assert {request.path for request in blog.cdn.requests} == {"/robots.txt"}
    assert query(db_path, "select count(*) as n from posts") == [{"n": SMALL_SITE_POSTS}]


def test_the_crawl_command_takes_the_cdn_as_a_media_host(blog: Blog, tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    command = ["crawl", "-q", blog.server.start_url, "--db", str(db_path), "--delay", "0"]
    without = CliRunner().invoke(cli, command)
    kept_without = query(db_path, "select count(*) as n from media where sha256 is not null")[0]["n"]
    with_cdn = CliRunner().invoke(cli, [*command, "--media-host", blog.cdn_host, "--full"])
    assert (without.exit_code, with_cdn.exit_code) == (0, 0), with_cdn.stderr
    assert kept_without == 0  # another host's pictures are third-party until the crawl is told otherwise
    kept = {str(row["url"]) for row in query(db_path, "select url from media where sha256 is not null")}
    assert kept and kept == {url for url in blog.pictures if not urlsplit(url).path.startswith(DISALLOWED)}
