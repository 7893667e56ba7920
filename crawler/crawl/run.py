"""The crawl loop: frontier -> fetch -> parsers -> store; the only place with tasks."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime, timedelta

import httpx

from crawler.archive.files import inspect_file
from crawler.archive.lock import ArchiveLock
from crawler.archive.store import Archive, FrontierEntry, PostChange, RunTotals
from crawler.config import CrawlConfig
from crawler.crawl.fetch import Fetcher, describe, new_client
from crawler.crawl.robots import RobotsRules
from crawler.crawl.throttle import Throttle
from crawler.crawl.traps import (
    TrapGuard,
    TrapRule,
    content_fingerprint,
    family,
    is_blog_shaped,
)
from crawler.crawl.urls import path_pattern, seed_urls, skip_reason
from crawler.pages import (
    BinaryBody,
    is_html,
    is_text,
    parse_html_response,
    parse_pool,
)
from crawler.records import FetchResult, RunStatus
from parsers.feeds import parse_feed, parse_sitemap
from parsers.kind import kind_from_url
from parsers.models import PageKind, ParsedPage
from parsers.page import LISTING_KINDS
from parsers.urls import canonical_url

logger = logging.getLogger(__name__)

GONE_STATUSES = frozenset({404, 410})
WORKERS_PER_REQUEST = 3  # worker tasks per request in flight, so that parsing and storing never idle a connection
COMMIT_EVERY = 0.25  # seconds of stored pages per commit (each page is a savepoint of its own)
UNJUDGED_PER_FAMILY = 4  # pages outside the blog of one URL family fetched before the first of them is judged
TRAP_PAGES_KEPT_FOR = timedelta(days=30)  # incremental runs walk a trap's stored pages this long, then ask again
CONTENT_RULES: frozenset[TrapRule] = frozenset(
    {"calendar", "empty-pagination", "barren-chain", "no-new-content", "hops-outside-blog"}
)
ProgressCallback = Callable[[int, int], None]  # (pages handled, pages known)


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    """How a run went, for the summary line, --json and the exit code."""

    run_id: int
    status: RunStatus
    pages: int
    posts: int
    months: int
    related_links: int
    exercises: int
    errors: int
    seconds: float
    requests: int
    not_modified: int
    new_posts: int
    changed_posts: int
    removed_posts: int
    error: str | None = None  # why the run failed, when it did

    def line(self) -> str:
        """The one-line summary a crawl prints, ending with the reason when the run failed."""
        return (
            f"run {self.run_id} {self.status}: {self.pages} pages, {self.posts} posts, "
            f"{self.months} months, {self.related_links} related links, {self.exercises} exercises, "
            f"{self.errors} errors, {self.seconds:.1f} s"
        ) + (f"; {self.error}" if self.error else "")

    def as_dict(self) -> dict[str, object]:
        """The summary as a JSON-ready dict."""
        return asdict(self)


class Crawl:
    """One run over one site into one archive."""

    def __init__(
        self,
        config: CrawlConfig,
        archive: Archive,
        client: httpx.AsyncClient,
        run_id: int,
        parse_executor: Executor | None,
        progress: ProgressCallback | None = None,
    ) -> None:
        self.config = config
        self.archive = archive
        self.run_id = run_id
        self.start_url = canonical_url(config.start_url)
        self.parse_executor = parse_executor
        self.progress = progress
        self.throttle = Throttle(0.0, config.slowdown_floor, config.max_penalty)
        self.fetcher = Fetcher(config, self.throttle, client)
        self.robots = RobotsRules.allow_all(config.user_agent)
        self.queue: asyncio.PriorityQueue[tuple[bool, int, FrontierEntry]] = asyncio.PriorityQueue()
        self.queued = 0  # URLs put on the queue: their order within a priority
        self.in_flight = asyncio.Semaphore(
            config.concurrency
        )  # requests out at once; workers parse and store meanwhile
        self.seen: set[str] = set()
        self.deferred: list[FrontierEntry] | None = None  # pages found while reading sitemaps
        self.lastmod: dict[str, str] = {}  # sitemap lastmod per page URL
        self.blog_unchanged = False  # incremental, and the sitemaps date every post as stored: listings are too
        self.per_pattern: Counter[str] = Counter()  # URLs accepted per path pattern
        self.traps = TrapGuard(config.max_outside_blog)
        self.traps.inventory.update(url for url, removed_in in archive.post_urls().items() if removed_in is None)
        self.trapped_families = (
            trapped_families(archive.trap_cuts_before(run_id)) if config.mode == "incremental" else set()
        )
        self.family_gates: dict[str, asyncio.Semaphore] = {}
        self.walking = asyncio.Lock()  # pages the archive answers: one per turn of the event loop
        self.totals = RunTotals()
        self.hit_limit = False
        self.accepted = 1  # URLs this run fetches, robots.txt included
        self.handled = 0

    async def run(self, resume_from: int | None = None) -> None:
        """Crawl until the frontier is empty: sitemaps first, then everything they and the pages lead to."""
        robots_url, start_url, *seeds = seed_urls(self.start_url)
        if resume_from is not None and self.load_stored_robots(robots_url):
            pending = self.resume_frontier()
            logger.info("resuming run %d: %d URLs still queued", resume_from, len(pending))
            await self.crawl(pending)
        else:
            await self.load_robots(robots_url)
            self.archive.reset_frontier(self.run_id, [])
            sitemaps = list(
                dict.fromkeys([*self.robots.sitemaps(), *(url for url in seeds if kind_from_url(url) == "sitemap")])
            )
            if self.config.mode == "incremental":  # the sitemaps an index listed before, asked at once beside it
                known = [url for url in self.archive.fetched_urls() if kind_from_url(url) == "sitemap"]
                sitemaps = list(dict.fromkeys([*sitemaps, *known]))
            self.deferred = []
            sitemap_entries: list[FrontierEntry] = [(url, 0, None) for url in sitemaps]
            await self.crawl(self.accept_all(sitemap_entries, record=True, listed=True))
            pages, self.deferred = self.deferred, None
            self.blog_unchanged = self.is_blog_unchanged()
            others: list[FrontierEntry] = [(url, 0, None) for url in [start_url, *seeds] if url not in sitemaps]
            entries = self.accept_all(others, record=True, listed=True) + pages
            await self.crawl(sorted(entries, key=lambda entry: entry[0] != start_url))  # the start page leads furthest
        if self.is_complete():
            for change in self.archive.mark_unseen_removed(self.run_id, self.archive.run_chain_start(self.run_id)):
                self.count_change(change)

    def is_complete(self) -> bool:
        """Whether this run and every run it resumes saw the whole site, so that absence means removal.

        An interrupted run's counts were never written, so its failures and refusals are read from what it stored.
        """
        return self.totals.errors == 0 and not self.hit_limit and not self.archive.missed_something(self.run_id)

    async def crawl(self, entries: list[FrontierEntry]) -> None:
        """Visit the given URLs and everything they lead to, with `concurrency` workers."""
        for entry in entries:
            self.enqueue(entry)
        workers = [asyncio.create_task(self.worker()) for _ in range(self.config.concurrency * WORKERS_PER_REQUEST)]
        drained = asyncio.create_task(self.queue.join())
        with self.archive.commits_batched(COMMIT_EVERY):
            try:
                await asyncio.wait([drained, *workers], return_when=asyncio.FIRST_COMPLETED)
                for task in workers:
                    if task.done():
                        task.result()  # a worker only ends by raising: let the run fail with it
            finally:
                for task in [drained, *workers]:
                    task.cancel()
                await asyncio.gather(drained, *workers, return_exceptions=True)

    async def load_robots(self, url: str) -> None:
        """Fetch robots.txt first: it decides what may be fetched and how fast."""
        self.seen.add(url)
        validators = self.archive.validators(url) if self.config.mode == "incremental" else None
        result = await self.fetcher.fetch(url, validators)
        if result.is_failure:
            self.archive.save_failure(result, "robots", self.run_id)
            raise RobotsUnavailable(f"{url} could not be fetched ({describe(result)}); not crawling blind")
        if result.status == 304:
            self.archive.save_not_modified(result, self.run_id)
            self.count(pages_fetched=1, not_modified=1)
            self.use_robots(self.archive.stored_body(url) or b"")
            return
        if result.status == 200 and result.body is not None:
            self.use_robots(result.body)
        self.archive.save_page(result, "robots", None, self.run_id)
        self.count(pages_fetched=1)

    def load_stored_robots(self, url: str) -> bool:
        """On resume, the robots.txt the interrupted run fetched; False when there is none."""
        body = self.archive.stored_body(url)
        if body is None:
            return False
        self.seen.add(url)
        self.use_robots(body)
        return True

    def use_robots(self, body: bytes) -> None:
        """Obey these robots.txt rules and their Crawl-delay (unless --delay says otherwise)."""
        self.robots = RobotsRules.parse(body.decode("utf-8", "replace"), self.config.user_agent)
        self.throttle.delay = self.config.request_delay(self.robots.crawl_delay())
        logger.info("spacing requests %.2f s apart", self.throttle.delay)

    def resume_frontier(self) -> list[FrontierEntry]:
        """Take over the interrupted run's frontier: its done URLs are not fetched again."""
        pending = []
        for row in self.archive.frontier():
            self.seen.add(row["url"])
            self.accepted += 1
            if row["state"] == "queued":
                pending.append((row["url"], row["depth"], row["source_url"]))
        return pending

    def accept(
        self, url: str, depth: int, source: str | None, fruitful: bool = True, listed: bool = False
    ) -> FrontierEntry | None:
        """A discovered URL to fetch, once, if it is in scope, allowed, no trap and within the limits.

        `fruitful` says whether the page it was found on added something new; `listed`, whether the site's
        own inventories (robots.txt, sitemaps, feed) or the seeds name it.
        """
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
            self.archive.skip_trap(self.run_id, url, source, (trap.rule, trap.pattern, trap.requests))
            return None
        if reason is None and self.is_over_a_limit(url, depth):
            reason = "limit"
            self.hit_limit = True
        if reason is not None:
            self.archive.skip(self.run_id, url, reason, source)
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
        self, entries: list[FrontierEntry], record: bool = False, fruitful: bool = True, listed: bool = False
    ) -> list[FrontierEntry]:
        """The entries worth fetching; with record, written to the frontier now."""
        accepted = [
            entry for url, depth, source in entries if (entry := self.accept(url, depth, source, fruitful, listed))
        ]
        if record:
            self.archive.add_to_frontier(self.run_id, accepted)
        return accepted

    def schedule(self, entries: list[FrontierEntry]) -> None:
        """Put stored frontier entries on the queue (or hold page URLs while sitemaps are read)."""
        for entry in entries:
            if self.deferred is not None and kind_from_url(entry[0]) != "sitemap":
                self.deferred.append(entry)
            else:
                self.enqueue(entry)

    def enqueue(self, entry: FrontierEntry) -> None:
        """Queue a URL: those to fetch before those the archive answers, so that requests go out first."""
        self.queued += 1
        self.queue.put_nowait((self.is_kept(entry[0]), self.queued, entry))

    async def worker(self) -> None:
        """Take URLs off the queue until cancelled."""
        while True:
            _kept, _order, (url, depth, source) = await self.queue.get()
            try:
                await self.visit(url, depth, source)
            finally:
                self.archive.commit_if_due()
                self.handled += 1
                self.queue.task_done()
                if self.progress:
                    self.progress(self.handled, self.handled + self.queue.qsize())
            await asyncio.sleep(0)  # a page the archive answered awaited nothing: let responses that came meanwhile in

    async def visit(self, url: str, depth: int, source: str | None = None) -> None:
        """Visit a URL; outside the blog, only a few of one family at once, so the trap rules judge in time."""
        if url in self.traps.inventory or is_blog_shaped(url):
            await self.visit_now(url, depth, source)
            return
        gate = self.family_gates.setdefault(family(url), asyncio.Semaphore(UNJUDGED_PER_FAMILY))
        async with gate:
            await self.visit_now(url, depth, source)

    async def visit_now(self, url: str, depth: int, source: str | None) -> None:
        """Fetch one URL, store what it gave, and queue what it links to."""
        guessed_kind = kind_from_url(url)
        if trap := self.traps.family_cut(url):  # its family turned out barren after it was queued
            self.archive.skip_trap(self.run_id, url, source, (trap.rule, trap.pattern, trap.requests))
            return
        if self.is_kept(url):
            async with self.walking:  # so that responses arriving meanwhile wait for one such page, not for dozens
                discovered = self.discover(
                    self.stored_links(url, guessed_kind), depth, url, self.was_fruitful(url), is_inventory(guessed_kind)
                )
                self.archive.save_unchanged(url, self.run_id, discovered)
                self.count(not_modified=1)
                self.schedule(discovered)
                await asyncio.sleep(0)
            return
        validators = self.archive.validators(url) if self.config.mode == "incremental" else None
        self.traps.fetched(url)
        async with self.in_flight:
            result = await self.fetcher.fetch(url, validators)
        if result.status == 304:
            discovered = self.discover(
                self.stored_links(url, guessed_kind), depth, url, self.was_fruitful(url), is_inventory(guessed_kind)
            )
            self.archive.save_not_modified(result, self.run_id, discovered)
            self.count(pages_fetched=1, not_modified=1)
            self.schedule(discovered)
            return
        if result.is_failure:
            self.archive.save_failure(result, guessed_kind, self.run_id)
            self.count(errors=1)
            return
        self.count(pages_fetched=1)
        if result.is_redirect:
            assert result.final_url is not None
            discovered = self.discover([result.final_url], depth, url)
            self.archive.save_page(result, guessed_kind, None, self.run_id, discovered)
            self.schedule(discovered)
            return
        try:
            parsed, links = await self.parse(result, guessed_kind)
        except BinaryBody as exc:
            self.record_unparsable(replace(result, error=str(exc)), guessed_kind)
            return
        except Exception as exc:  # noqa: BLE001  a parser bug must cost one page, never the run or half a page
            self.record_unparsable(replace(result, error=f"parse error: {type(exc).__name__}: {exc}"), guessed_kind)
            return
        kind = parsed.kind if parsed else self.kind_of_non_html(result, guessed_kind)
        for variant, canonical in parsed.url_variants if parsed else ():
            self.archive.skip(self.run_id, canonical, "duplicate", url, variant)
        if not is_text(result.content_type):
            result = replace(result, body=None)  # recorded, not kept: images, PDFs and the like
        fruitful = self.traps.judged(url, parsed) if parsed else True
        discovered = self.discover(links, depth, url, fruitful, parsed is None and is_inventory(kind))
        change = self.archive.save_page(result, kind, parsed, self.run_id, discovered, self.lastmod.get(url))
        if change:
            self.count_change(change)
        if result.status in GONE_STATUSES and (gone := self.archive.mark_gone(url, self.run_id)):
            self.count_change(gone)
        logger.info("%s %s %s (%d new links)", result.status, kind, url, len(discovered))
        self.schedule(discovered)

    def record_unparsable(self, result: FetchResult, kind: PageKind) -> None:
        """Keep a response that could not be parsed (its body too), with the reason, as an error."""
        logger.warning("could not parse %s: %s", result.url, result.error)
        self.archive.save_page(result, kind, None, self.run_id)
        self.count(errors=1)

    def stored_links(self, url: str, kind: PageKind) -> list[str]:
        """Where an unchanged page leads, from the archive: its stored links, or its stored sitemap or feed."""
        if kind == "sitemap":
            return self.remember_lastmods(self.archive.stored_body(url) or b"")
        if kind == "feed":
            return [link for link, _published in parse_feed(self.archive.stored_body(url) or b"")]
        return self.archive.stored_internal_links(url)

    def is_kept(self, url: str) -> bool:
        """Incremental runs: whether the stored copy stands for the page, unfetched (sitemap or blog unchanged, or
        a page of a trap's family)."""
        kind = kind_from_url(url)
        return kind != "sitemap" and (
            self.is_unchanged_by_sitemap(url) or self.is_unchanged_listing(url, kind) or self.is_in_trapped_family(url)
        )

    def is_in_trapped_family(self, url: str) -> bool:
        """A page outside the blog and its inventories, of a URL family where the last crawl's content rules cut a
        trap, stored whole, fetched within TRAP_PAGES_KEPT_FOR, that added nothing (no post, no listing).

        An incremental run walks such pages from the archive, so the same rules cut the same trap without a
        request; a full run, or the first incremental run after TRAP_PAGES_KEPT_FOR, asks the site again.
        """
        if family(url) not in self.trapped_families or url in self.traps.inventory or is_blog_shaped(url):
            return False
        if not fetched_within(self.archive.fetched_at(url), TRAP_PAGES_KEPT_FOR):
            return False
        return self.archive.is_stored_whole(url) and content_fingerprint(*self.archive.stored_content(url)) is None

    def is_unchanged_by_sitemap(self, url: str) -> bool:
        """Incremental runs skip a page the sitemap dates no later than the copy stored."""
        lastmod = self.lastmod.get(url)
        return self.config.mode == "incremental" and lastmod is not None and self.archive.is_current(url, lastmod)

    def is_blog_unchanged(self) -> bool:
        """Incremental runs: whether the sitemaps list every live post, each dated no later than the copy stored."""
        if self.config.mode != "incremental" or not self.lastmod:
            return False
        live = [url for url, removed_in in self.archive.post_urls().items() if removed_in is None]
        return (
            all(url in self.lastmod for url in live)
            and all(
                self.archive.is_current(url, lastmod)
                for url, lastmod in self.lastmod.items()
                if kind_from_url(url) == "post"
            )
            and bool(live)
        )

    def is_unchanged_listing(self, url: str, kind: PageKind) -> bool:
        """A listing (blog index, month, category, tag) of a blog whose posts are all unchanged, stored whole."""
        return self.blog_unchanged and kind in LISTING_KINDS and self.archive.is_stored_whole(url)

    async def parse(self, result: FetchResult, guessed_kind: PageKind) -> tuple[ParsedPage | None, list[str]]:
        """Parse a response: HTML pages fully, sitemaps and feeds for their links."""
        body = result.body or b""
        if is_html(result.content_type):
            parsed = await self.in_parse_worker(parse_html_response, body, result.content_type, result.url)
            return parsed, discovered_links(parsed)
        if guessed_kind == "sitemap" or b"<urlset" in body[:2048] or b"<sitemapindex" in body[:2048]:
            return None, self.remember_lastmods(body)
        if guessed_kind == "feed":
            return None, [link for link, _published in parse_feed(body)]
        return None, []

    def remember_lastmods(self, body: bytes) -> list[str]:
        """Note each sitemap entry's lastmod; return the entries' URLs."""
        entries = parse_sitemap(body)
        self.lastmod.update((loc, lastmod) for loc, lastmod in entries if lastmod)
        return [loc for loc, _lastmod in entries]

    async def in_parse_worker(
        self, function: Callable[[bytes, str | None, str], ParsedPage], body: bytes, content_type: str | None, url: str
    ) -> ParsedPage:
        """Run a parser in the process pool (the other cores) or, without one, in this thread."""
        if self.parse_executor is None:
            return function(body, content_type, url)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.parse_executor, function, body, content_type, url)

    @staticmethod
    def kind_of_non_html(result: FetchResult, guessed_kind: PageKind) -> PageKind:
        """pages.kind for a response that is not HTML."""
        content_type = (result.content_type or "").lower()
        if "rss" in content_type or "atom" in content_type:
            return "feed"
        if guessed_kind in ("sitemap", "feed", "robots"):
            return guessed_kind
        if "xml" in content_type:
            return "sitemap"
        return "asset" if guessed_kind == "asset" else "other"

    def discover(
        self, urls: list[str], depth: int, source: str, fruitful: bool = True, listed: bool = False
    ) -> list[FrontierEntry]:
        """The URLs a page led to that this run has yet to fetch."""
        return self.accept_all([(target, depth + 1, source) for target in urls], fruitful=fruitful, listed=listed)

    def was_fruitful(self, url: str) -> bool:
        """For a page not fetched again: whether it added to the archive, judged from what is stored of it."""
        if url in self.traps.inventory:
            return True
        post, listed = self.archive.stored_content(url)
        return self.traps.judged_by(url, content_fingerprint(post, listed))

    def count(self, **increments: int) -> None:
        """Add to this run's totals."""
        self.totals = replace(
            self.totals, **{name: getattr(self.totals, name) + value for name, value in increments.items()}
        )

    def count_change(self, change: PostChange) -> None:
        """Count a post added, changed or removed."""
        field_name = {"added": "new_posts", "changed": "changed_posts", "removed": "removed_posts"}[change.change]
        self.count(**{field_name: 1})


class RobotsUnavailable(Exception):
    """robots.txt answered neither a file nor a 4xx: the site must not be crawled blind."""


def is_inventory(kind: str) -> bool:
    """Whether a document of this kind is one of the site's own lists of what it has."""
    return kind in ("sitemap", "feed")


def fetched_within(fetched_at: str | None, period: timedelta) -> bool:
    """Whether a stored fetch time (ISO 8601; UTC when it names no zone) lies within the period before now."""
    try:
        when = datetime.fromisoformat(fetched_at or "")
    except ValueError:  # never fetched, or a time this code cannot read: ask again
        return False
    return datetime.now(UTC) - (when if when.tzinfo else when.replace(tzinfo=UTC)) <= period


def trapped_families(cuts: list[tuple[str, str]]) -> set[str]:
    """The URL families where rules that judge content cut a trap (not the URL-form rules, which judge one link,
    nor the outside-the-blog budget, which judges none)."""
    return {family(url) for url, rule in cuts if rule in CONTENT_RULES}


def discovered_links(parsed: ParsedPage) -> list[str]:
    """Every URL a parsed HTML page leads to, in page order."""
    urls = [link.target_url for link in parsed.links if link.is_internal]
    urls += list(parsed.listed_posts) + list(parsed.pagination)
    urls += [month.url for month in parsed.archive_months]
    urls += [link.target_url for link in parsed.related_links]
    return list(dict.fromkeys(urls))


async def crawl_site(config: CrawlConfig, progress: ProgressCallback | None = None) -> CrawlSummary:
    """Crawl the site into the archive, holding its lock; always leaves a crawl_runs row."""
    inspect_file(config.db_path)  # refuse what is not an archive before even the lock file is made
    executor = parse_pool(config.parse_workers)  # before the lock and the archive: forked workers hold neither
    try:
        with ArchiveLock(config.db_path):
            archive = Archive(config.db_path)
            try:
                return await _crawl_locked(config, archive, executor, progress)
            finally:
                archive.close()
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)


async def _crawl_locked(
    config: CrawlConfig, archive: Archive, executor: Executor | None, progress: ProgressCallback | None
) -> CrawlSummary:
    """The run itself, once the lock is held."""
    for run_id in archive.mark_interrupted_runs():
        logger.warning("run %d was interrupted before it finished", run_id)
    start_url = canonical_url(config.start_url)
    resume_from = archive.resumable_run(start_url)
    run_id = archive.start_run(start_url, config.mode, os.getpid(), config.user_agent, resume_from)
    started = time.monotonic()
    crawl: Crawl | None = None
    status: RunStatus = "failed"
    error: str | None = None
    stop = asyncio.current_task()
    loop = asyncio.get_running_loop()
    if stop is not None:
        loop.add_signal_handler(signal.SIGTERM, stop.cancel)
    try:
        async with new_client(config) as client:
            crawl = Crawl(config, archive, client, run_id, executor, progress)
            await crawl.run(resume_from)
        status = "ok" if crawl.totals.errors == 0 else "partial"
    except RobotsUnavailable as exc:
        error = str(exc)
    except (asyncio.CancelledError, KeyboardInterrupt):
        status, error = "interrupted", "stopped by a signal"
        raise
    except Exception as exc:  # recorded in crawl_runs, then reported by the caller
        error = f"{type(exc).__name__}: {exc}"
        raise
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
        totals = replace(crawl.totals, requests=crawl.fetcher.requests) if crawl else RunTotals()
        archive.finish_run(run_id, status, totals, time.monotonic() - started, error)
    return summarize(archive, run_id)


def summarize(archive: Archive, run_id: int) -> CrawlSummary:
    """The summary of a finished run, with the archive's totals."""
    run = archive.run(run_id)
    return CrawlSummary(
        run_id=run_id,
        status=run["status"],
        pages=run["pages_fetched"],
        posts=archive.count("posts", "removed_in_run IS NULL"),
        months=archive.count("archive_months"),
        related_links=archive.count("related_links"),
        exercises=archive.count("exercises"),
        errors=run["errors"],
        seconds=run["seconds"] or 0.0,
        requests=run["requests"],
        not_modified=run["not_modified"],
        new_posts=run["new_posts"],
        changed_posts=run["changed_posts"],
        removed_posts=run["removed_posts"],
        error=run["error"],
    )
