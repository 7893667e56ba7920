"""CrawlConfig: every setting of one crawl, built once and passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from crawler.media import DEFAULT_MAX_MEDIA_BYTES
from crawler.records import CrawlMode

DEFAULT_START_URL = "https://backinsteppt.com/blog/"
DEFAULT_DB = Path("data/archive.db")
DEFAULT_DELAY = 0.5
DEFAULT_USER_AGENT = "blog-archive/0.1 (+https://backinsteppt.com/contact/; archive of the clinic blog)"
DEFAULT_MEDIA_BUDGET = 2 * 1024 * 1024 * 1024  # bytes of pictures one run may download


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When and how long to wait before trying a request again."""

    retries: int = 3  # extra attempts after the first
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    max_wait: float = 60.0  # cap on any wait, Retry-After included
    jitter: float = 0.25  # +/- fraction of randomness on each backoff


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Per-request limits, in seconds."""

    connect: float = 10.0
    read: float = 30.0
    total: float = 120.0


@dataclass(frozen=True, slots=True)
class CrawlConfig:
    """What to crawl, into which archive, and how politely."""

    start_url: str = DEFAULT_START_URL
    db_path: Path = DEFAULT_DB
    mode: CrawlMode = "incremental"
    concurrency: int = 4
    delay: float | None = None  # None: robots.txt Crawl-delay, else DEFAULT_DELAY
    max_pages: int | None = None
    user_agent: str = DEFAULT_USER_AGENT
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeouts: Timeouts = field(default_factory=Timeouts)
    max_bytes: int = 10 * 1024 * 1024  # per body, after decompression
    max_depth: int | None = None  # links followed from a seed URL
    max_per_pattern: int = 1000  # URLs per path pattern (digits as N): bounds calendars and the like
    max_outside_blog: int = 100  # URLs neither listed by the site nor shaped like the blog (crawl.traps)
    parse_workers: int | None = None  # None: every core but one (at least one); 0: parse in-process
    slowdown_floor: float = 0.25  # seconds between requests to a host that answered 429/503, even with delay 0
    max_penalty: float = 16.0  # the most a slowed-down host's spacing is multiplied by
    site_moved: bool = False  # the start URL's origin is the archive's new one: move its posts there
    max_media_bytes: int = DEFAULT_MAX_MEDIA_BYTES  # per picture, after decompression (`--max-media-bytes`)
    media_budget: int = DEFAULT_MEDIA_BUDGET  # bytes of pictures per run (`--media-budget`)
    media_hosts: tuple[str, ...] = ()  # hosts besides the blog's that serve its uploads (its CDN)
    keep_pictures: bool = True  # fetch and keep the pictures post pages show

    def request_delay(self, robots_crawl_delay: float | None) -> float:
        """Seconds between requests to the host: --delay, else Crawl-delay, else the default."""
        if self.delay is not None:
            return self.delay
        if robots_crawl_delay is not None:
            return robots_crawl_delay
        return DEFAULT_DELAY
