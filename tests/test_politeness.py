"""Pure politeness decisions: spacing, retries, Retry-After, robots, scope."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from crawler.config import CrawlConfig, RetryPolicy
from crawler.crawl.fetch import Fetcher, new_client, parse_retry_after, retry_delay
from crawler.crawl.robots import RobotsRules
from crawler.crawl.throttle import Throttle
from crawler.crawl.urls import skip_reason
from crawler.records import FetchResult
from parsers.urls import archive_month_id

ROBOTS = """User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php
Disallow: /wp-login.php
Disallow: /*?replytocom=
Crawl-delay: 1

User-agent: GPTBot
Disallow: /
"""
SITE = "https://backinsteppt.com"


class FakeClock:
    """A clock that only moves when the throttle sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_throttle_spaces_requests_by_the_delay() -> None:
    clock = FakeClock()
    throttle = Throttle(1.5, clock=clock, sleep=clock.sleep)

    async def three_requests() -> None:
        for _ in range(3):
            await throttle.wait()

    asyncio.run(three_requests())
    assert clock.sleeps == [1.5, 1.5]


def test_throttle_slows_down_on_overload_and_recovers() -> None:
    clock = FakeClock()
    throttle = Throttle(0.0, floor=0.25, clock=clock, sleep=clock.sleep)
    throttle.slow_down(retry_after=5)
    assert throttle.spacing() == 0.25 * 2
    asyncio.run(throttle.wait())
    assert clock.sleeps == [5]
    for _ in range(20):
        throttle.recover()
    assert throttle.spacing() == 0.0


@pytest.mark.parametrize(
    ("status", "error", "attempt", "expected"),
    [
        (503, None, 1, 0.5),
        (503, None, 2, 1.0),
        (429, None, 3, 2.0),
        (None, "ReadTimeout", 1, 0.5),
        (503, None, 4, None),  # retries used up
        (404, None, 1, None),
        (200, None, 1, None),
    ],
)
def test_retry_delay(status: int | None, error: str | None, attempt: int, expected: float | None) -> None:
    result = FetchResult("https://backinsteppt.com/blog/", status, None, error)
    policy = RetryPolicy(retries=3, backoff=0.5, jitter=0.0)
    assert retry_delay(result, attempt, policy) == expected


def test_retry_delay_honours_retry_after_within_the_cap() -> None:
    policy = RetryPolicy(max_wait=60)
    asked = FetchResult("u", 429, None, None, retry_after=7.0)
    greedy = FetchResult("u", 503, None, None, retry_after=3600.0)
    assert retry_delay(asked, 1, policy) == 7.0
    assert retry_delay(greedy, 1, policy) == 60


def test_retry_delay_jitter_stays_within_its_band() -> None:
    policy = RetryPolicy(backoff=1.0, jitter=0.25)
    result = FetchResult("u", 502, None, None)
    assert retry_delay(result, 1, policy, rand=lambda: 0.0) == 0.75
    assert retry_delay(result, 1, policy, rand=lambda: 1.0) == 1.25


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("Wed, 21 Oct 2026 07:28:30 GMT", 30.0),
        ("Wed, 21 Oct 2026 07:27:00 GMT", 0.0),  # in the past
        ("soon", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = datetime(2026, 10, 21, 7, 28, 0, tzinfo=UTC)
    assert parse_retry_after(value, now) == expected


def test_robots_rules_follow_precedence_wildcards_and_agents() -> None:
    rules = RobotsRules.parse(ROBOTS, "blog-archive/0.1")
    assert rules.allowed(f"{SITE}/blog/")
    assert not rules.allowed(f"{SITE}/wp-admin/options.php")
    assert rules.allowed(f"{SITE}/wp-admin/admin-ajax.php")
    assert not rules.allowed(f"{SITE}/2019/05/15/strong-hips-are-crucial/?replytocom=12")
    assert rules.crawl_delay() == 1.0
    assert not RobotsRules.parse(ROBOTS, "GPTBot").allowed(f"{SITE}/blog/")


def test_delay_comes_from_the_option_then_crawl_delay_then_default() -> None:
    assert CrawlConfig(delay=0.2).request_delay(1.0) == 0.2
    assert CrawlConfig(delay=0.0).request_delay(1.0) == 0.0
    assert CrawlConfig().request_delay(1.0) == 1.0
    assert CrawlConfig().request_delay(None) == 0.5


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"{SITE}/2019/05/15/strong-hips-are-crucial/", None),
        (f"{SITE}/blog/page/2/", None),
        ("https://www.facebook.com/backinsteppt", "out_of_scope"),
        ("http://backinsteppt.com/blog/", "out_of_scope"),
        (f"{SITE}/?s=hips", "query"),
        (f"{SITE}/wp-content/uploads/2019/05/clamshell-1.jpg", "asset"),
        (f"{SITE}/wp-json/wp/v2/posts", "not_content"),
        (f"{SITE}/2019/05/15/strong-hips-are-crucial/feed/", "not_content"),
        (f"{SITE}/feed/", None),
    ],
)
def test_skip_reason(url: str, reason: str | None) -> None:
    assert skip_reason(url, f"{SITE}/blog/") == reason


@pytest.mark.parametrize(
    ("url", "month"),
    [
        (f"{SITE}/2019/05/", "2019-05"),
        (f"{SITE}/2021/09/page/2/", "2021-09"),
        (f"{SITE}/2019/05/15/strong-hips-are-crucial/", None),
        (f"{SITE}/blog/", None),
    ],
)
def test_archive_month_id(url: str, month: str | None) -> None:
    assert archive_month_id(url) == month


def test_a_failure_no_retry_can_mend_is_not_retried() -> None:
    result = FetchResult("ftp://backinsteppt.com/", None, None, "UnsupportedProtocol", retryable=False)
    assert retry_delay(result, 1, RetryPolicy(retries=3)) is None


def test_the_fetcher_tries_an_unsupported_scheme_once() -> None:
    config = CrawlConfig(delay=0.0, retry=RetryPolicy(retries=3, backoff=0.01))

    async def fetch() -> tuple[FetchResult, int]:
        async with new_client(config) as client:
            fetcher = Fetcher(config, Throttle(0.0), client)
            return await fetcher.fetch("ftp://127.0.0.1/robots.txt"), fetcher.requests

    result, requests = asyncio.run(fetch())
    assert (result.status, result.retryable, requests) == (None, False, 1)
    assert result.error is not None and result.error.startswith("UnsupportedProtocol")
