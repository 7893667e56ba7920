"""How a crawl starts: robots.txt first (fetched, or on resume the one stored), then the sitemaps it names."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.archive.store import Archive
from crawler.crawl.fetch import Fetcher, describe
from crawler.crawl.robots import RobotsRules
from crawler.records import Validators
from parsers.url_kind import kind_from_url


class RobotsUnavailable(Exception):
    """robots.txt answered neither a file nor a 4xx: the site must not be crawled blind."""


@dataclass(frozen=True, slots=True)
class RobotsFile:
    """What asking for robots.txt gave: the text to obey (None: nothing to obey, a 4xx), and whether it was a 304."""

    body: bytes | None
    not_modified: bool


async def fetch_robots(
    url: str, fetcher: Fetcher, archive: Archive, run_id: int, validators: Validators | None
) -> RobotsFile:
    """Fetch robots.txt and store the answer; raises RobotsUnavailable when no usable answer came."""
    result = await fetcher.fetch(url, validators)
    if result.is_failure:
        archive.save_failure(result, "robots", run_id)
        raise RobotsUnavailable(f"{url} could not be fetched ({describe(result)}); not crawling blind")
    if result.status == 304:
        archive.save_not_modified(result, run_id)
        return RobotsFile(archive.bodies.stored_body(url) or b"", not_modified=True)
    archive.save_page(result, "robots", None, run_id)
    return RobotsFile(result.body if result.status == 200 else None, not_modified=False)


def first_sitemaps(robots: RobotsRules, seeds: list[str], known: list[str]) -> list[str]:
    """The sitemaps a run reads first: those robots.txt names, the seeds that are sitemaps, then `known` (the
    sitemaps an earlier crawl found, asked at once beside the index that lists them)."""
    named = [*robots.sitemaps(), *(url for url in seeds if kind_from_url(url) == "sitemap")]
    return list(dict.fromkeys([*named, *(url for url in known if kind_from_url(url) == "sitemap")]))
