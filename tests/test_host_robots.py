"""A media host's robots.txt: read once per run through the crawl's fetcher, obeyed, its Crawl-delay its own throttle."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from crawler.archive.runs import Tally
from crawler.config import CrawlConfig
from crawler.crawl.fetch import new_client
from crawler.crawl.host_robots import (
    MAX_REDIRECTS,
    ROBOTS_REFUSAL,
    HostRobots,
    HostRules,
    read_answer,
    robots_origin,
)
from crawler.crawl.robots import RobotsRules
from crawler.crawl.throttle import Throttle
from crawler.records import FetchResult
from crawler.replica import build_site
from crawler.replica.media_host import MediaHostServer, media_host_robots
from crawler.replica.routes import HTML, Resource
from tests.support import SMALL_SITE_POSTS, fast_config

SITE_URL = "https://backinsteppt.com/blog/"
CDN_PICTURE = "/wp-content/uploads/2019/05/clamshell-level-1.jpg"
OTHER_PICTURE = "/wp-content/uploads/2020/03/bridge.jpg"
ROBOTS_URL = "https://cdn.example.com/robots.txt"


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://CDN.example.com/wp-content/uploads/a.jpg", "https://cdn.example.com"),
        ("http://cdn.example.com:80/a.jpg", "http://cdn.example.com"),
        ("https://cdn.example.com:443/a.jpg", "https://cdn.example.com"),
        ("http://127.0.0.1:8003/wp-content/uploads/a.jpg", "http://127.0.0.1:8003"),
        ("https://i0.wp.com/backinsteppt.com/wp-content/uploads/a.jpg?w=300", "https://i0.wp.com"),
    ],
)
def test_one_robots_txt_governs_one_scheme_host_and_port(url: str, origin: str) -> None:
    assert robots_origin(url) == origin


@pytest.mark.parametrize(
    ("status", "error", "body", "meaning"),
    [
        (200, None, b"User-agent: *\nDisallow: /private/\n", "rules"),
        (404, None, b"<h1>Not Found</h1>", "allow all"),
        (410, None, b"", "allow all"),
        (401, None, b"", "allow all"),
        (403, None, b"", "allow all"),
        (301, None, b"", "allow all"),  # still a redirect after MAX_REDIRECTS hops
        (429, None, b"", "unreachable"),
        (500, None, b"", "unreachable"),
        (503, None, b"", "unreachable"),
        (599, None, b"", "unreachable"),
        (None, "ConnectError: All connection attempts failed", None, "unreachable"),
        (200, "body larger than 10 bytes", None, "unreachable"),
    ],
)
def test_what_a_media_hosts_robots_txt_answer_means(
    status: int | None, error: str | None, body: bytes | None, meaning: str
) -> None:
    answer = read_answer(FetchResult(ROBOTS_URL, status, body, error), ROBOTS_URL)
    if meaning == "unreachable":
        assert answer.text is None and answer.unreachable is not None
        assert answer.unreachable.startswith(f"refused: {ROBOTS_URL} could not be fetched (")
        assert (error or f"HTTP {status}") in answer.unreachable
    elif meaning == "allow all":
        assert (answer.text, answer.unreachable) == (None, None)
    else:
        assert (answer.text, answer.unreachable) == (body.decode() if body else None, None)


def test_host_rules_refuse_what_robots_txt_disallows_and_everything_of_an_unreachable_host() -> None:
    rules = RobotsRules.parse("User-agent: *\nDisallow: /wp-content/uploads/2019/\n", "blog-archive")
    host = HostRules(rules, Throttle(0.0))
    assert host.refusal("https://cdn.example.com" + CDN_PICTURE) == ROBOTS_REFUSAL
    assert host.refusal("https://cdn.example.com" + OTHER_PICTURE) is None
    down = replace(host, unreachable="refused: https://cdn.example.com/robots.txt could not be fetched (HTTP 503)")
    assert down.refusal("https://cdn.example.com" + OTHER_PICTURE) == down.unreachable


@pytest.fixture
def media_host() -> Iterator[MediaHostServer]:
    """A CDN of its own, serving a small site's uploads; each test sets its robots.txt."""
    with MediaHostServer(build_site(posts=SMALL_SITE_POSTS)) as server:
        yield server


def config_for(delay: float | None = 0.0) -> CrawlConfig:
    """A crawl of a blog elsewhere, its throttle spaced by `delay` (None: by each host's Crawl-delay)."""
    return replace(fast_config(SITE_URL, Path("unused.db")), delay=delay)


async def rules_for(config: CrawlConfig, urls: list[str], tally: Tally) -> tuple[list[HostRules], Throttle]:
    """Each URL's host rules, asked all at once, as the picture workers ask; and the blog's own throttle."""
    site_throttle = Throttle(0.0)
    site_rules = RobotsRules.parse("User-agent: *\nDisallow: /wp-content/uploads/2020/\n", config.user_agent)
    async with new_client(config) as client:
        hosts = HostRobots(config, client, lambda: site_rules, site_throttle, asyncio.Semaphore(4), tally)
        found = await asyncio.gather(*(hosts.of(url) for url in urls))
    return list(found), site_throttle


def robots_requests(server: MediaHostServer) -> list[str]:
    return [request.path for request in server.requests if request.path == "/robots.txt"]


def test_a_media_hosts_robots_txt_is_read_once_obeyed_and_its_crawl_delay_spaces_its_pictures(
    media_host: MediaHostServer,
) -> None:
    media_host.robots_txt = media_host_robots(["/wp-content/uploads/2019/"], crawl_delay=0.25)
    pictures = [media_host.url(CDN_PICTURE), media_host.url(OTHER_PICTURE)] * 4
    tally = Tally()
    found, site_throttle = asyncio.run(rules_for(config_for(delay=None), [*pictures, SITE_URL + "a.jpg"], tally))
    *cdn, site = found
    assert robots_requests(media_host) == ["/robots.txt"]  # eight pictures, one request
    assert media_host.requests[0].headers["user-agent"] == config_for().user_agent
    assert tally.totals.media_requests == 1
    assert all(host is cdn[0] for host in cdn)
    assert cdn[0].refusal(media_host.url(CDN_PICTURE)) == ROBOTS_REFUSAL
    assert cdn[0].refusal(media_host.url(OTHER_PICTURE)) is None
    assert cdn[0].throttle is not site_throttle and cdn[0].throttle.delay == 0.25
    assert site.throttle is site_throttle  # the blog's own pictures: its robots.txt and the crawl's throttle
    assert site.refusal("https://backinsteppt.com/wp-content/uploads/2020/03/x.jpg") == ROBOTS_REFUSAL


def test_delay_overrides_a_media_hosts_crawl_delay_as_it_does_the_blogs(media_host: MediaHostServer) -> None:
    media_host.robots_txt = media_host_robots(crawl_delay=0.25)
    (cdn,), _ = asyncio.run(rules_for(config_for(delay=0.0), [media_host.url(CDN_PICTURE)], Tally()))
    assert cdn.throttle.delay == 0.0


def test_a_media_host_without_robots_txt_allows_every_picture(media_host: MediaHostServer) -> None:
    media_host.robots_txt = None
    (cdn,), _ = asyncio.run(rules_for(config_for(), [media_host.url(CDN_PICTURE)], Tally()))
    assert [(request.path, request.status) for request in media_host.requests] == [("/robots.txt", 404)]
    assert cdn.unreachable is None and cdn.refusal(media_host.url(CDN_PICTURE)) is None


def test_a_media_host_whose_robots_txt_fails_after_retries_has_every_picture_refused(
    media_host: MediaHostServer,
) -> None:
    media_host.robots_txt = media_host_robots()
    config = config_for()
    media_host.faults.fail("/robots.txt", status=503, times=config.retry.retries + 1)
    tally = Tally()
    (cdn,), _ = asyncio.run(rules_for(config, [media_host.url(CDN_PICTURE)], tally))
    assert robots_requests(media_host) == ["/robots.txt"] * (config.retry.retries + 1)  # the crawl's retries
    assert tally.totals.media_requests == config.retry.retries + 1
    robots_url = media_host.url("/robots.txt")
    assert cdn.refusal(media_host.url(OTHER_PICTURE)) == (
        f"refused: {robots_url} could not be fetched (HTTP 503), so its host is not asked"
    )


def test_a_media_host_that_answers_nothing_has_every_picture_refused() -> None:
    with MediaHostServer(build_site(posts=SMALL_SITE_POSTS)) as gone:
        url = gone.url(CDN_PICTURE)  # the port is free again once the server stops
    (cdn,), _ = asyncio.run(rules_for(config_for(), [url], Tally()))
    refusal = cdn.refusal(url)
    assert refusal is not None and refusal.startswith("refused: ") and "ConnectError" in refusal


class RedirectingHost(MediaHostServer):
    """A media host whose robots.txt moved: a 301 to `robots_at`."""

    robots_at = ""

    def rendered(self, base: str, target: str) -> Resource:
        if target == "/robots.txt":
            return Resource(301, HTML, b"", self.site.updated, location=self.robots_at)
        return super().rendered(base, target)


def test_a_redirected_robots_txt_is_followed_to_the_rules(media_host: MediaHostServer) -> None:
    media_host.robots_txt = media_host_robots(["/wp-content/uploads/2019/"])
    with RedirectingHost(media_host.site) as moved:
        moved.robots_at = media_host.url("/robots.txt")
        disallowed, allowed = moved.url(CDN_PICTURE), moved.url(OTHER_PICTURE)
        (cdn,), _ = asyncio.run(rules_for(config_for(), [disallowed], Tally()))
        assert robots_requests(moved) == ["/robots.txt"]
    assert robots_requests(media_host) == ["/robots.txt"]
    assert cdn.refusal(disallowed) == ROBOTS_REFUSAL
    assert cdn.refusal(allowed) is None


def test_a_robots_txt_redirecting_in_a_loop_counts_as_none(media_host: MediaHostServer) -> None:
    with RedirectingHost(media_host.site) as looping:
        looping.robots_at = looping.url("/robots.txt")
        picture = looping.url(CDN_PICTURE)
        (cdn,), _ = asyncio.run(rules_for(config_for(), [picture], Tally()))
        assert robots_requests(looping) == ["/robots.txt"] * (MAX_REDIRECTS + 1)
    assert cdn.unreachable is None and cdn.refusal(picture) is None
