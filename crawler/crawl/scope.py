"""Which discovered URLs a run fetches: each once, in scope, allowed by robots.txt, cut by no trap rule, within
the limits; refusals are recorded in skipped_urls with their reason."""

from __future__ import annotations

import logging
from collections import Counter

from crawler.archive.frontier import Frontier, FrontierEntry
from crawler.config import CrawlConfig
from crawler.crawl.robots import RobotsRules
from crawler.crawl.skips import StoredPages
from crawler.crawl.traps import TrapGuard, content_fingerprint
from crawler.crawl.urls import path_pattern, skip_reason
from parsers.models import ParsedPage
from parsers.urls import canonical_url

logger = logging.getLogger(__name__)


class Scope:
    """One run's record of the URLs it has met, and its judgement of each new one."""

    def __init__(
        self, config: CrawlConfig, frontier: Frontier, pages: StoredPages, run_id: int, traps: TrapGuard
    ) -> None:
        self.config = config
        self.frontier = frontier
        self.pages = pages
        self.run_id = run_id
        self.start_url = canonical_url(config.start_url)
        self.traps = traps
        self.robots = RobotsRules.allow_all(config.user_agent)
        self.seen: set[str] = set()
        self.accepted = 1  # URLs this run fetches, robots.txt included
        self.per_pattern: Counter[str] = Counter()  # URLs accepted per path pattern
        self.hit_limit = False

    def accept(
        self,
        url: str,
        depth: int,
        source: str | None,
        fruitful: bool = True,
        listed: bool = False,
        canonical: bool = False,
    ) -> FrontierEntry | None:
        """A discovered URL to fetch, once, if it is in scope, allowed, no trap and within the limits.

        `fruitful` says whether the page it was found on added something new; `listed`, whether the site's
        own inventories (robots.txt, sitemaps, feed) or the seeds name it; `canonical`, that the URL is in the
        archive's canonical form already (read from the archive, as every URL it stores is).
        """
        if not canonical and url not in self.seen:  # a URL met before is canonical (canonical_url is idempotent)
            url = canonical_url(url)
        if url in self.seen:
            if listed:
                self.traps.inventory.add(url)
            return None
        self.seen.add(url)
        reason = skip_reason(url, self.start_url)
        if reason != "out_of_scope" and not self.robots.allowed(url):
            reason = "robots"
        if reason is None and (trap := self.traps.admit(url, source, fruitful, listed)):
            logger.info("trap rule %s refused %s", trap.rule, url)
            self.frontier.skip_trap(self.run_id, url, source, (trap.rule, trap.pattern, trap.requests))
            return None
        if reason is None and self.is_over_a_limit(url, depth):
            reason = "limit"
            self.hit_limit = True
        if reason is not None:
            self.frontier.skip(self.run_id, url, reason, source)
            return None
        self.accepted += 1
        return (url, depth, source)

    def is_over_a_limit(self, url: str, depth: int) -> bool:
        """Whether fetching this URL would pass --max-pages, --max-depth or the per-pattern cap."""
        config = self.config
        if config.max_pages is not None and self.accepted >= config.max_pages:
            return True
        if config.max_depth is not None and depth > config.max_depth:
            return True
        pattern = path_pattern(url)
        if self.per_pattern[pattern] >= config.max_per_pattern:
            return True
        self.per_pattern[pattern] += 1
        return False

    def accept_all(
        self,
        entries: list[FrontierEntry],
        record: bool = False,
        fruitful: bool = True,
        listed: bool = False,
        canonical: bool = False,
    ) -> list[FrontierEntry]:
        """The entries worth fetching; with record, written to the frontier now."""
        accepted = [
            entry
            for url, depth, source in entries
            if (entry := self.accept(url, depth, source, fruitful, listed, canonical))
        ]
        if record:
            self.frontier.add(self.run_id, accepted)
        return accepted

    def discover(
        self,
        urls: list[str],
        depth: int,
        source: str,
        fruitful: bool = True,
        listed: bool = False,
        canonical: bool = False,
    ) -> list[FrontierEntry]:
        """The URLs a page led to that this run has yet to fetch; `canonical`: as accept's."""
        entries: list[FrontierEntry] = [(target, depth + 1, source) for target in urls]
        return self.accept_all(entries, fruitful=fruitful, listed=listed, canonical=canonical)

    def was_fruitful(self, url: str) -> bool:
        """For a page not fetched again: whether it added to the archive, judged from what is stored of it."""
        if url in self.traps.inventory:
            return True
        post, listed = self.pages.stored_content(url)
        return self.traps.judged_by(url, content_fingerprint(post, listed))

    def take_over(self, rows: list[tuple[str, int, str | None, str]]) -> list[FrontierEntry]:
        """On resume, the interrupted run's frontier (url, depth, source, state): its done URLs are not fetched
        again; the queued ones are returned to fetch."""
        pending = []
        for url, depth, source, state in rows:
            self.seen.add(url)
            self.accepted += 1
            if state == "queued":
                pending.append((url, depth, source))
        return pending


def discovered_links(parsed: ParsedPage) -> list[str]:
    """Every URL a parsed HTML page leads to, in page order."""
    urls = [link.target_url for link in parsed.links if link.is_internal]
    urls += list(parsed.listed_posts) + list(parsed.pagination)
    urls += [month.url for month in parsed.archive_months]
    urls += [link.target_url for link in parsed.related_links]
    return list(dict.fromkeys(urls))
