"""The REST inventory client against the replica on 127.0.0.1: the whole inventory politely, or why not."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from crawler.config import CrawlConfig, RetryPolicy
from crawler.crawl.fetch import Fetcher, new_client
from crawler.crawl.inventory import InventoryLimits, InventoryResult, discover_api_root, fetch_inventory
from crawler.crawl.robots import RobotsRules
from crawler.crawl.throttle import Throttle
from crawler.records import FetchResult
from crawler.replica import ReplicaServer, Site, build_site
from crawler.replica.rest_api import ApiMode

FAST = RetryPolicy(retries=2, backoff=0.01, max_wait=0.05, jitter=0.0)


class RecordingSleep:
    """A throttle clock that never sleeps but remembers what it was asked to wait."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


async def take_inventory(
    server: ReplicaServer, throttle: Throttle | None = None, limits: InventoryLimits | None = None
) -> tuple[InventoryResult, str | None]:
    """Read robots.txt and the start page as a crawl does, then fetch the inventory the start page announces."""
    config = CrawlConfig(start_url=server.start_url, delay=0.0, retry=FAST)
    async with new_client(config) as client:
        fetcher = Fetcher(config, throttle or Throttle(0.0), client)
        robots = RobotsRules.parse((await fetcher.fetch(server.url("/robots.txt"))).body.decode(), config.user_agent)
        root = discover_api_root(await fetcher.fetch(server.start_url))
        return await fetch_inventory(fetcher, robots, root, server.start_url, limits), root


def api_requests(server: ReplicaServer) -> list[str]:
    return [record.path for record in server.requests if "/wp-json/" in record.path or "rest_route" in record.path]


@pytest.fixture
def edition_two() -> Iterator[ReplicaServer]:
    with ReplicaServer(build_site(edition=2, rename=True), crawl_delay=0.0) as server:
        yield server


def test_the_whole_inventory_in_four_polite_requests(edition_two: ReplicaServer) -> None:
    result, root = asyncio.run(take_inventory(edition_two))
    truth = edition_two.site.expected(edition_two.base_url)
    assert (result.status, result.detail, root) == ("used", None, edition_two.url("/wp-json/"))
    assert result.inventory is not None
    items = {item.url: item for item in result.inventory.items}
    published = truth.posts + truth.unlisted
    assert {url for url, item in items.items() if item.type == "post"} == {post["url"] for post in published}
    pages = {url for url, kind in truth.pages.items() if kind == "page"} | {truth.start_url}
    assert {url for url, item in items.items() if item.type == "page"} == pages
    for post in published:
        item = items[post["url"]]
        assert (item.wp_id, item.title) == (post["wp_id"], post["title"])
        assert (result.inventory.category_names(item), result.inventory.tag_names(item)) == (
            post["categories"],
            post["tags"],
        )
    ((old, new),) = truth.moved.items()
    assert new in items and old not in items
    requested = api_requests(edition_two)
    assert len(requested) == len(result.responses) == 4
    for path in requested:
        query = parse_qs(urlsplit(path).query)
        assert query["per_page"] == ["100"] and query["_fields"][0].split(",")[0] == "id"


def test_a_long_inventory_pages_through_and_waits_its_turn() -> None:
    timing = RecordingSleep()
    throttle = Throttle(1.5, clock=timing.clock, sleep=timing.sleep)
    with ReplicaServer(build_site(posts=250), crawl_delay=0.0) as server:
        result, _root = asyncio.run(take_inventory(server, throttle))
        requested = api_requests(server)
    assert result.status == "used" and result.inventory is not None
    assert len([item for item in result.inventory.items if item.type == "post"]) == 250
    posts = [path for path in requested if "/wp/v2/posts" in path]
    assert [parse_qs(urlsplit(path).query)["page"] for path in posts] == [["1"], ["2"], ["3"]]
    assert posts[0] == requested[0]  # the first page of posts alone, then the rest with the other collections
    assert len(requested) == 6  # three pages of posts, and pages, categories, tags
    assert len(timing.waits) == len(requested) + 1 and set(timing.waits) == {1.5}  # robots.txt's turn came first


@pytest.fixture
def small_site() -> Site:
    return build_site(posts=10)


@pytest.mark.parametrize(
    ("mode", "status", "requests"),
    [
        ("404", "absent", 1),
        ("401", "401", 1),
        ("403", "403", 1),
        ("malformed", "malformed", 1),
        ("huge", "too large", 1),
    ],
)
def test_a_blocked_or_broken_api_is_a_reason_not_an_error(
    small_site: Site, mode: ApiMode, status: str, requests: int
) -> None:
    with ReplicaServer(small_site, crawl_delay=0.0, api=mode) as server:
        result, _root = asyncio.run(take_inventory(server))
        requested = api_requests(server)
        posts = server.url("/wp-json/wp/v2/posts")
    assert (result.status, result.inventory) == (status, None)
    assert result.detail and posts in result.detail
    assert len(requested) == len(result.responses) == requests


def test_robots_txt_keeps_the_client_away(small_site: Site) -> None:
    with ReplicaServer(small_site, crawl_delay=0.0, api="robots") as server:
        result, _root = asyncio.run(take_inventory(server))
        requested = api_requests(server)
    assert (result.status, requested, result.responses) == ("robots", [], ())
    assert result.detail and "robots.txt forbids" in result.detail


def test_a_site_that_announces_no_api_is_not_asked() -> None:
    with ReplicaServer(build_site(posts=10, rest_api=False), crawl_delay=0.0) as server:
        result, root = asyncio.run(take_inventory(server))
        requested = api_requests(server)
    assert (root, result.status, requested) == (None, "absent", [])


def test_a_transient_failure_is_retried(small_site: Site) -> None:
    with ReplicaServer(small_site, crawl_delay=0.0) as server:
        server.faults.fail("/wp-json/wp/v2/pages", status=503, times=1)
        result, _root = asyncio.run(take_inventory(server))
        statuses = [record.status for record in server.requests if record.path.startswith("/wp-json/wp/v2/pages")]
    assert result.status == "used" and statuses == [503, 200]


def test_a_failure_that_lasts_makes_the_api_unavailable(small_site: Site) -> None:
    with ReplicaServer(small_site, crawl_delay=0.0) as server:
        server.faults.fail("/wp-json/wp/v2/tags", status=500, times=10)
        result, _root = asyncio.run(take_inventory(server))
    assert result.status == "unavailable" and result.detail and "HTTP 500" in result.detail


def test_more_than_the_limit_is_too_large(small_site: Site) -> None:
    with ReplicaServer(small_site, crawl_delay=0.0) as server:
        result, _root = asyncio.run(take_inventory(server, limits=InventoryLimits(max_items=5)))
    assert result.status == "too large" and len(result.responses) == 1


def test_discovery_reads_the_link_header_then_the_head(replica: ReplicaServer) -> None:
    with httpx.Client(timeout=5) as client:
        response = client.get(replica.url("/about/"))
    headers = tuple(response.headers.multi_items())
    content_type = response.headers["content-type"]
    url = replica.url("/about/")
    root = replica.url("/wp-json/")
    by_header = FetchResult(url, 200, None, None, headers=headers, content_type=content_type)
    without_header = tuple((name, value) for name, value in headers if name.lower() != "link")
    by_head = FetchResult(url, 200, response.content, None, headers=without_header, content_type=content_type)
    neither = FetchResult(
        url, 200, b"<html><head></head></html>", None, headers=without_header, content_type=content_type
    )
    assert [discover_api_root(result) for result in (by_header, by_head, neither)] == [root, root, None]


def test_an_api_on_another_host_is_not_used() -> None:
    result = asyncio.run(
        fetch_inventory(None, RobotsRules.allow_all("x"), "https://cdn.example.com/wp-json/", "https://x.org/blog/")  # type: ignore[arg-type]
    )
    assert (result.status, result.responses) == ("absent", ())
