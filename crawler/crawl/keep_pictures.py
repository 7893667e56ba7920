"""The pictures a crawl keeps: which to ask for, each fetched politely (robots.txt, the throttle, retries) into the
spool, stored in the archive and counted; every failure is a `media` row, never an exception."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Self

import httpx

from crawler.archive.runs import Tally
from crawler.archive.store import Archive
from crawler.config import CrawlConfig
from crawler.crawl.fetch import SLOW_DOWN_STATUSES, parse_retry_after, retry_delay
from crawler.crawl.fetch_media import BUDGET_SPENT, MediaBudget, MediaDownload, fetch_media
from crawler.crawl.host_robots import HostRobots
from crawler.crawl.pictures import MediaHosts
from crawler.crawl.robots import RobotsRules
from crawler.crawl.throttle import Throttle
from crawler.media import MediaLimits, MediaResult
from crawler.records import FetchResult, Validators

logger = logging.getLogger(__name__)

SPOOL_SUFFIX = ".media-spool"  # beside the archive file: pictures stream there, then into the archive


def spool_path(db_path: Path) -> Path:
    """The spool directory of an archive: next to the .db file, so a picture is copied within one file system."""
    return db_path.with_name(db_path.name + SPOOL_SUFFIX)


def is_retried(result: MediaResult) -> bool:
    """Whether a failed picture fetch may be tried again: not for a spent budget or a full spool."""
    return not (result.error == BUDGET_SPENT or (result.error or "").startswith("spool:"))


def as_fetch_result(result: MediaResult) -> FetchResult:
    """What the page fetcher's retry rule reads of a picture fetch."""
    retry_after = next((value for name, value in result.headers if name.lower() == "retry-after"), None)
    return FetchResult(
        result.url,
        result.status,
        None,
        result.error,
        retry_after=parse_retry_after(retry_after),
        retryable=is_retried(result),
    )


class PictureKeeper:
    """Fetches and stores the pictures a run's post pages show, each once per run.

    An incremental run asks for no picture whose bytes the archive keeps (WordPress never rewrites an upload in
    place); a full run asks again with the stored validators, so an unchanged picture costs a 304.
    """

    def __init__(
        self,
        config: CrawlConfig,
        archive: Archive,
        run_id: int,
        client: httpx.AsyncClient,
        throttle: Throttle,
        in_flight: asyncio.Semaphore,
        robots: Callable[[], RobotsRules],
        tally: Tally,
    ) -> None:
        self.config = config
        self.archive = archive
        self.run_id = run_id
        self.client = client
        self.throttle = throttle
        self.in_flight = in_flight
        self.robots = robots
        self.tally = tally
        self.hosts = MediaHosts.of(config.start_url, config.media_hosts)
        self.limits = MediaLimits(max_bytes=config.max_media_bytes)
        self.budget = MediaBudget(remaining=config.media_budget)
        self.known = archive.media.known_media() if config.mode == "incremental" else set()
        self.asked: set[str] = set()  # this run's pictures, fetched or on their way
        self.spool = spool_path(config.db_path)
        self.host_robots = HostRobots(config, client, robots, throttle, in_flight, tally)  # robots.txt per host

    def __enter__(self) -> Self:
        self.spool.mkdir(exist_ok=True)
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.spool, ignore_errors=True)

    @property
    def bytes_downloaded(self) -> int:
        """Picture bytes this run downloaded (decoded), kept or not."""
        return self.config.media_budget - self.budget.remaining

    def wanted(self, urls: Iterable[str]) -> list[str]:
        """Of these pictures, those this run fetches: not asked yet, and (incremental) not kept already."""
        if not self.config.keep_pictures:
            return []
        chosen = [url for url in dict.fromkeys(urls) if url not in self.asked and url not in self.known]
        self.asked.update(chosen)
        return chosen

    def validators(self, url: str) -> Validators | None:
        """What asking again for a picture sends back: its stored validators, on a full run (reads the archive)."""
        return self.archive.media.validators(url) if self.config.mode == "full" else None

    async def fetch(self, url: str, validators: Validators | None) -> MediaDownload:
        """Fetch one picture, robots.txt and the budget permitting, into the spool (`record` stores it)."""
        host = await self.host_robots.of(url)
        refusal = host.refusal(url)
        if refusal is not None:
            return MediaDownload(MediaResult(url, None, refusal))
        if not self.budget.allows(1):
            return MediaDownload(MediaResult(url, None, BUDGET_SPENT))
        attempt = 1
        while True:
            await host.throttle.wait()
            async with self.in_flight:
                download = await fetch_media(
                    self.client,
                    url,
                    self.spool,
                    validators=validators,
                    limits=self.limits,
                    budget=self.budget,
                    total_timeout=self.config.timeouts.total,
                )
            self.tally.count(media_requests=1)
            result = download.result
            if result.status in SLOW_DOWN_STATUSES:
                asked = as_fetch_result(result).retry_after
                host.throttle.slow_down(None if asked is None else min(asked, self.config.retry.max_wait))
            elif result.status is not None:
                host.throttle.recover()
            wait = retry_delay(as_fetch_result(result), attempt, self.config.retry)
            if wait is None:
                break
            download.discard()
            logger.info("retrying picture %s in %.1f s (%s)", url, wait, result.error or f"HTTP {result.status}")
            await asyncio.sleep(wait)
            attempt += 1
        return download

    def record(self, download: MediaDownload) -> bool:
        """Store a picture fetch's outcome in the archive (the spooled file is removed); whether it is kept.

        It touches no asyncio object and no count, so that it may run in the crawl's archive thread.
        """
        result = download.result
        try:
            self.archive.media.save_media(result, download.path, self.run_id)
        finally:
            download.discard()
        if result.is_kept or result.is_not_modified:
            return True
        logger.warning("picture not kept: %s: %s", result.url, result.error)
        return False

    def count(self, kept: bool) -> None:
        """Count a recorded picture, kept or not."""
        self.tally.count(**{"media_kept" if kept else "media_errors": 1})
