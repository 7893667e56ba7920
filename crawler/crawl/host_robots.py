"""The politeness of each host a crawl's pictures come from: robots.txt and a throttle, the blog's own and its media
hosts' (its CDN, Jetpack's image hosts), each media host's robots.txt read once per run when its first picture is due.

A media host's robots.txt is asked through the crawl's fetcher (its user agent, retries and backoff), spaced by a
throttle of the host's own, which then spaces its pictures by its `Crawl-delay` (`--delay` overrides it, 0.5 s when
there is none, as for pages). What its answer means follows RFC 9309, section 2.3.1:

- 200: its rules (Protego, as the blog's own robots.txt);
- a redirect: followed, up to five hops, to any host; more than five counts as no robots.txt;
- 4xx other than 429 (404, 401, 403, 410): no robots.txt, every picture of the host may be fetched;
- 5xx or 429 after the crawl's retries, or no answer at all: the host is unreachable, every picture on it is refused
  for the run, with the reason in its `media` row (the blog's own robots.txt unreachable stops the whole crawl
  instead: crawler.crawl.start).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from crawler.archive.runs import Tally
from crawler.config import CrawlConfig
from crawler.crawl.fetch import Fetcher, describe
from crawler.crawl.robots import RobotsRules
from crawler.crawl.throttle import Throttle
from crawler.records import FetchResult
from parsers.urls import host_and_port

logger = logging.getLogger(__name__)

ROBOTS_REFUSAL = "refused: robots.txt disallows it"
MAX_REDIRECTS = 5  # RFC 9309: follow at least five consecutive redirects


@dataclass(frozen=True, slots=True)
class HostRules:
    """How one host's pictures are asked for: its robots.txt rules (or why none are asked for) and its throttle."""

    rules: RobotsRules
    throttle: Throttle
    unreachable: str | None = None  # set when robots.txt gave no usable answer: the host's pictures are refused

    def refusal(self, url: str) -> str | None:
        """Why this picture is not fetched, or None when it may be."""
        if self.unreachable is not None:
            return self.unreachable
        return None if self.rules.allowed(url) else ROBOTS_REFUSAL


@dataclass(frozen=True, slots=True)
class RobotsAnswer:
    """What a media host's robots.txt answer means: rules to obey (text), none (allow all), or an unreachable host."""

    text: str | None  # the rules; None with `unreachable` None: no robots.txt, everything allowed
    unreachable: str | None = None


def robots_origin(url: str) -> str:
    """scheme://host[:port] of a URL, lower-case, default ports dropped: what one robots.txt governs."""
    host, port = host_and_port(url)
    scheme = urlsplit(url).scheme.lower()
    return f"{scheme}://{host}" if port is None else f"{scheme}://{host}:{port}"


def is_unreachable(result: FetchResult) -> bool:
    """Whether a robots.txt answer counts as the host unreachable (RFC 9309): no answer, a 5xx or 429, a cut body."""
    return result.status is None or result.status >= 500 or result.status == 429 or result.error is not None


def read_answer(result: FetchResult, robots_url: str) -> RobotsAnswer:
    """The meaning of the last answer (after redirects) to a media host's robots.txt."""
    if is_unreachable(result):
        return RobotsAnswer(
            None, f"refused: {robots_url} could not be fetched ({describe(result)}), so its host is not asked"
        )
    if result.status == 200:
        return RobotsAnswer((result.body or b"").decode("utf-8", "replace"))
    return RobotsAnswer(None)  # 4xx, or a redirect past MAX_REDIRECTS: no robots.txt


class HostRobots:
    """Each picture host's rules and throttle: the blog's as the crawl keeps them, every other host's read once."""

    def __init__(
        self,
        config: CrawlConfig,
        client: httpx.AsyncClient,
        site_robots: Callable[[], RobotsRules],
        site_throttle: Throttle,
        in_flight: asyncio.Semaphore,
        tally: Tally,
    ) -> None:
        self.config = config
        self.client = client
        self.site_robots = site_robots
        self.site_throttle = site_throttle
        self.in_flight = in_flight
        self.tally = tally
        self.site_host = host_and_port(config.start_url)
        self.hosts: dict[str, HostRules] = {}  # by robots_origin
        self.reading: dict[str, asyncio.Lock] = {}  # one robots.txt request per host, however many pictures wait

    async def of(self, url: str) -> HostRules:
        """The rules and throttle for this picture's host, reading its robots.txt first if this run has not."""
        if host_and_port(url) == self.site_host:
            return HostRules(self.site_robots(), self.site_throttle)
        origin = robots_origin(url)
        async with self.reading.setdefault(origin, asyncio.Lock()):
            if origin not in self.hosts:
                self.hosts[origin] = await self.read(origin)
        return self.hosts[origin]

    async def read(self, origin: str) -> HostRules:
        """Fetch and obey one media host's robots.txt (redirects followed); count its requests as picture requests."""
        throttle = Throttle(self.config.request_delay(None), self.config.slowdown_floor, self.config.max_penalty)
        fetcher = Fetcher(self.config, throttle, self.client, self.in_flight)
        robots_url = url = f"{origin}/robots.txt"
        result = await fetcher.fetch(url)
        for _hop in range(MAX_REDIRECTS):
            if not result.is_redirect or result.final_url is None:
                break
            url = result.final_url
            result = await fetcher.fetch(url)
        self.tally.count(media_requests=fetcher.requests)
        answer = read_answer(result, robots_url)
        rules = RobotsRules.parse(answer.text or "", self.config.user_agent)
        throttle.delay = self.config.request_delay(rules.crawl_delay())
        if answer.unreachable is not None:
            logger.warning("pictures on %s not fetched: %s", origin, answer.unreachable)
        else:
            logger.info("pictures on %s: robots.txt %s, spaced %.2f s", origin, describe(result), throttle.delay)
        return HostRules(rules, throttle, answer.unreachable)
