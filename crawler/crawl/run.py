"""The crawl loop: frontier -> fetch -> parsers -> store; the only place with tasks."""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import Executor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import partial
from typing import Literal, ParamSpec, TypeVar

import httpx

from crawler.archive.files import inspect_file
from crawler.archive.frontier import FrontierEntry
from crawler.archive.identity import check_origin, origin
from crawler.archive.locked_run import OpenRun, locked_archive, recorded_run
from crawler.archive.runs import Tally
from crawler.archive.store import Archive
from crawler.config import CrawlConfig
from crawler.crawl.fetch import Fetcher, new_client
from crawler.crawl.inventoried import InventoryUse, stored_answer
from crawler.crawl.inventory import InventoryResult, discover_api_root, fetch_inventory
from crawler.crawl.keep_pictures import PictureKeeper
from crawler.crawl.robots import RobotsRules
from crawler.crawl.scope import Scope, discovered_links
from crawler.crawl.skips import SkipPolicy
from crawler.crawl.start import RobotsUnavailable, fetch_robots, first_sitemaps
from crawler.crawl.summary import CrawlSummary, summarize
from crawler.crawl.throttle import Throttle
from crawler.crawl.traps import TrapGuard, family, is_blog_shaped
from crawler.crawl.urls import seed_urls
from crawler.media import KeptPicture
from crawler.pages import BinaryBody, is_html, is_text, parse_pool, parse_with_pictures
from crawler.records import FetchResult, PostChange, Validators
from parsers.feeds import parse_feed, parse_sitemap
from parsers.models import PageKind, ParsedPage
from parsers.url_kind import kind_from_url
from parsers.urls import canonical_url

__all__ = ["Crawl", "CrawlSummary", "crawl_site"]  # CrawlSummary: where the CLI imports it from

logger = logging.getLogger(__name__)

GONE_STATUSES = frozenset({404, 410})
WORKERS_PER_REQUEST = 3  # worker tasks (of pages, of pictures) per request in flight: storing never idles a connection
COMMIT_EVERY = 0.25  # seconds of stored pages per commit (each page is a savepoint of its own)
UNJUDGED_PER_FAMILY = 4  # pages outside the blog of one URL family fetched before the first of them is judged
ProgressCallback = Callable[[int, int], None]  # (pages handled, pages known)
Phase = Literal["sitemaps", "pages"]  # sitemaps: page URLs found are held until every sitemap is read
Queued = tuple[bool, FrontierEntry]  # an entry, and whether the archive answers it (visited after those to fetch)
P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Ask:
    """A URL to fetch, with what a conditional GET of it sends back."""

    validators: Validators | None


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
        self.parse_executor = parse_executor
        self.progress = progress
        self.in_flight = asyncio.Semaphore(config.concurrency)  # requests out at once, pages' and pictures'
        self.fetcher = Fetcher(config, Throttle(0.0, config.slowdown_floor, config.max_penalty), client, self.in_flight)
        traps = TrapGuard(config.max_outside_blog)
        traps.inventory.update(self.live_posts())
        self.scope = Scope(config, archive.frontier, archive.pages, run_id, traps)
        self.skips = SkipPolicy(
            config.mode == "incremental",
            archive.pages,
            self.live_posts,
            archive.frontier.trap_cuts_before(run_id) if config.mode == "incremental" else (),
            traps.inventory,
        )
        self.phase: Phase = "pages"
        self.deferred: list[FrontierEntry] = []  # page URLs found in the sitemaps phase, crawled after it
        self.queue: asyncio.PriorityQueue[tuple[bool, int, FrontierEntry]] = asyncio.PriorityQueue()
        self.family_gates: dict[str, asyncio.Semaphore] = {}
        self.tally = Tally()
        self.inventory = InventoryUse()  # WordPress's REST API inventory, once read
        self.prefetched: dict[str, FetchResult] = {}  # answers asked before the crawl proper (the start page)
        self.gone: list[str] = []  # URLs that answered 404/410: their posts are removed at the end, unless they moved
        self.pictures = PictureKeeper(
            config,
            archive,
            run_id,
            client,
            self.fetcher.throttle,
            self.in_flight,
            lambda: self.scope.robots,
            self.tally,
        )
        self.picture_queue: asyncio.Queue[str] = asyncio.Queue()  # pictures to fetch, as their pages are stored
        self.queued = 0  # URLs put on the queue: their order within a priority
        self.handled = 0
        self.writer: ThreadPoolExecutor | None = None  # the archive thread, while workers run

    def live_posts(self) -> list[str]:
        """The archive's live posts' URLs."""
        return [url for url, removed_in in self.archive.posts.post_urls().items() if removed_in is None]

    async def run(self, resume_from: int | None = None) -> None:
        """Crawl until the frontier is empty: sitemaps first, then everything they and the pages lead to."""
        robots_url, start_url, *seeds = seed_urls(canonical_url(self.config.start_url))
        stored_robots = self.archive.bodies.stored_body(robots_url) if resume_from is not None else None
        if resume_from is not None and stored_robots is not None:  # the interrupted run's robots.txt and frontier
            self.scope.seen.add(robots_url)
            self.obey_robots(stored_robots)
            rows = [(row["url"], row["depth"], row["source_url"], row["state"]) for row in self.archive.frontier.rows()]
            pending = self.scope.take_over(rows)
            self.inventory = InventoryUse.of(self.archive.inventory.take_over(resume_from, self.run_id), None)
            unqueued: list[FrontierEntry] = [(url, 0, None) for url in [start_url, *seeds, *self.inventory.urls()]]
            pending += self.scope.accept_all(unqueued, record=True, listed=True)  # what it stopped before it queued
            logger.info("resuming run %d: %d URLs still queued", resume_from, len(pending))
            self.queue_pictures(self.archive.media.pictures_lacking_bytes())
            await self.crawl(pending)
        else:
            known = self.archive.pages.fetched_urls() if self.config.mode == "incremental" else []  # by earlier runs
            await self.load_robots(robots_url)
            self.archive.frontier.reset(self.run_id, [])
            sitemaps = await self.read_site_lists(start_url, seeds, known)
            self.phase, pages, self.deferred = "pages", self.deferred, []
            self.queue_pictures(self.archive.media.pictures_lacking_bytes())  # e.g. a stopped run's
            self.skips.sitemaps_read()
            listed = [start_url, *seeds, *self.inventory.urls()]
            others: list[FrontierEntry] = [(url, 0, None) for url in dict.fromkeys(listed) if url not in sitemaps]
            entries = self.scope.accept_all(others, record=True, listed=True) + pages
            await self.crawl(sorted(entries, key=lambda entry: entry[0] != start_url))  # the start page leads furthest
        await self.reconcile_moves()  # a post met at its new address before its old one redirected there
        for url in self.gone:  # a post whose old address is gone may have turned up at its new one meanwhile
            self.tally.count_change(self.archive.posts.mark_gone(url, self.run_id, unless_seen=True))
        if self.is_complete():
            since = self.archive.runs.chain_start(self.run_id)
            for change in self.archive.posts.mark_unseen_removed(self.run_id, since):
                self.tally.count_change(change)

    async def read_site_lists(self, start_url: str, seeds: list[str], known: list[str]) -> list[str]:
        """Read the site's own lists of what it has: the sitemaps (their page URLs held for the pages phase) and the
        REST API inventory. The inventory goes first when it may spare requests, the sitemaps' among them (an
        incremental run over pages fetched before, `known`), else alongside the sitemaps. Returns the sitemaps read."""
        sitemaps = first_sitemaps(self.scope.robots, seeds, known)
        self.phase = "sitemaps"
        if known:
            await self.take_inventory(start_url)
        entries = self.scope.accept_all([(url, 0, None) for url in sitemaps], record=True, listed=True)
        await self.crawl(entries, alongside=None if known else self.take_inventory(start_url))
        return sitemaps

    async def take_inventory(self, start_url: str) -> None:
        """Ask WordPress's REST API, as the start page announces it, for every post, page and term; record how
        that went, and what it means for this run (what to fetch, what to skip, the site's move)."""
        announcing = await self.announcing_page(start_url)
        root = discover_api_root(announcing) if announcing is not None else None
        found = await fetch_inventory(self.fetcher, self.scope.robots, root, start_url)
        await self.on_archive(self.use_inventory, found, start_url)

    def use_inventory(self, found: InventoryResult, start_url: str) -> None:
        """Record how reading the inventory went, and take what it means for this run: what to fetch, what to skip,
        the site's move."""
        delta = None
        if found.inventory is not None:
            delta = self.archive.inventory.save_inventory(found.inventory, self.run_id)
        else:
            self.archive.inventory.record_use(self.run_id, found.status, found.detail)
        self.inventory = InventoryUse.of(found.inventory, delta)
        for old, new in self.inventory.moved_urls():  # WordPress says the post with this id lives there now
            self.archive.identity.note_redirect(old, new)
        if self.config.site_moved:
            self.move_site(origin(start_url))
        self.skips.inventory_read(self.inventory.unchanged_urls(), self.inventory.is_unchanged)
        self.archive.commit_batch()  # at once: a run killed while it reads the sitemaps hands it to the one resuming it

    async def announcing_page(self, start_url: str) -> FetchResult | None:
        """The start page, which announces the REST API: its stored answer on an incremental run, else fetched now
        (and kept for the crawl, which then does not ask again)."""
        if self.config.mode == "incremental" and not self.config.site_moved:
            stored = await self.on_archive(self.stored_answer, start_url)
            if stored is not None:
                return stored
        if not self.scope.robots.allowed(start_url):
            return None
        self.scope.traps.fetched(start_url)
        result = await self.fetcher.fetch(start_url, await self.on_archive(self.skips.validators, start_url))
        self.prefetched[start_url] = result
        if result.status == 304:
            return await self.on_archive(self.stored_answer, start_url)
        return None if result.is_failure else result

    def stored_answer(self, url: str) -> FetchResult | None:
        """The archive's latest good answer at a URL, as a response (reads the archive)."""
        stored = self.archive.bodies.latest_ok_response(url)
        return stored_answer(stored, self.archive.bodies.stored_body(url)) if stored else None

    def move_site(self, new_origin: str) -> None:
        """--site-moved: every post to the new origin, at the address the inventory gives its id, else its path."""
        ids_at = {item.wp_id: item.url for item in self.inventory.by_id.values() if item.type == "post"}
        moves = self.archive.identity.relocation(new_origin, ids_at)
        changes = self.archive.identity.relocate(moves, self.run_id, new_origin)
        logger.info("the site moved to %s: %d posts moved", new_origin, len(changes))
        self.scope.traps.inventory.update(change.post_url for change in changes)

    async def reconcile_moves(self) -> None:
        """Store again, as the known post moved, each page this run stored as a new post before a known post's old
        address turned out to lead to it."""
        for move in self.archive.identity.late_moves(self.run_id):
            response = self.archive.bodies.latest_ok_response(move.new_url)
            body = self.archive.bodies.stored_body(move.new_url)
            if response is None or body is None:
                continue
            parsed, pictures = await self.in_parse_worker(body, response.header("content-type"), move.new_url)
            if parsed.post is None:
                continue
            change = self.archive.save_late_move(move, parsed, self.run_id, response.body_hash, pictures)
            self.tally.count(new_posts=-1)  # counted as added when first stored
            self.tally.count_change(change)

    def is_complete(self) -> bool:
        """Whether this run and every run it resumes saw the whole site, so that absence means removal.

        An interrupted run's counts were never written, so its failures and refusals are read from what it stored.
        """
        return (
            self.tally.totals.errors == 0
            and not self.scope.hit_limit
            and not self.archive.runs.missed_something(self.run_id)
        )

    async def crawl(self, entries: list[FrontierEntry], alongside: Coroutine[None, None, None] | None = None) -> None:
        """Visit the given URLs and everything they lead to, with `concurrency` workers (and run `alongside`, which
        touches the archive only through `on_archive`, meanwhile).

        While the workers run, only the archive thread touches the archive (each job whole, one at a time, in the
        order the workers ask): its SQLite work overlaps the network. Stopped, the thread ends the job it is in
        before the batch commits; the jobs not yet started are dropped, as the pages they were for.
        """
        for kept, entry in self.judged(entries):
            self.enqueue(kept, entry)
        with (
            self.archive.commits_batched(COMMIT_EVERY),
            ThreadPoolExecutor(1, thread_name_prefix="archive") as self.writer,
        ):
            workers = [asyncio.create_task(self.worker()) for _ in range(self.config.concurrency * WORKERS_PER_REQUEST)]
            workers += [
                asyncio.create_task(self.picture_worker()) for _ in range(self.config.concurrency * WORKERS_PER_REQUEST)
            ]
            drained = asyncio.create_task(self.drained(alongside))
            try:
                await asyncio.wait([drained, *workers], return_when=asyncio.FIRST_COMPLETED)
                for task in [drained, *workers]:
                    if task.done():
                        task.result()  # a worker only ends by raising: let the run fail with it
            finally:
                for task in [drained, *workers]:
                    task.cancel()
                await asyncio.gather(drained, *workers, return_exceptions=True)
        self.writer = None

    async def on_archive(self, job: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a job on the archive: in the archive thread while workers run, else in this one."""
        if self.writer is None:
            return job(*args, **kwargs)
        return await self.in_writer(job, *args, **kwargs)

    async def in_writer(self, job: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a job on the archive in the archive thread, then commit the batch if it is due."""
        assert self.writer is not None, "the archive thread runs only while workers do"
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.writer, self.committing, partial(job, *args, **kwargs))

    def committing(self, job: Callable[[], T]) -> T:
        """In the archive thread: run the job, then commit the batch if it is due."""
        try:
            return job()
        finally:
            self.archive.commit_if_due()

    async def drained(self, alongside: Coroutine[None, None, None] | None = None) -> None:
        """Return when `alongside` is done, and every page and then every picture its pages showed is handled
        (pictures lead nowhere)."""
        if alongside is not None:
            await alongside
        await self.queue.join()
        await self.picture_queue.join()

    def queue_pictures(self, urls: list[str]) -> None:
        """Queue the pictures this run has yet to fetch."""
        for url in self.pictures.wanted(urls):
            self.picture_queue.put_nowait(url)

    async def picture_worker(self) -> None:
        """Take pictures off their queue until cancelled: each fetched here, stored in the archive thread."""
        while True:
            url = await self.picture_queue.get()
            try:
                validators = await self.in_writer(self.pictures.validators, url) if self.config.mode == "full" else None
                download = await self.pictures.fetch(url, validators)
                self.pictures.count(await self.in_writer(self.pictures.record, download))
            finally:
                self.picture_queue.task_done()

    async def load_robots(self, url: str) -> None:
        """Fetch robots.txt first: it decides what may be fetched and how fast."""
        self.scope.seen.add(url)
        robots = await fetch_robots(url, self.fetcher, self.archive, self.run_id, self.skips.validators(url))
        self.tally.count(pages_fetched=1, not_modified=int(robots.not_modified))
        if robots.body is not None:
            self.obey_robots(robots.body)

    def obey_robots(self, body: bytes) -> None:
        """Obey these robots.txt rules and their Crawl-delay (unless --delay says otherwise)."""
        self.scope.robots = RobotsRules.parse(body.decode("utf-8", "replace"), self.config.user_agent)
        self.fetcher.throttle.delay = self.config.request_delay(self.scope.robots.crawl_delay())
        logger.info("spacing requests %.2f s apart", self.fetcher.throttle.delay)

    def judged(self, entries: list[FrontierEntry]) -> list[Queued]:
        """Reads the archive: each entry with whether the archive answers it (those are visited after the others)."""
        return [(self.skips.is_kept(entry[0]), entry) for entry in entries]

    def schedule(self, entries: list[Queued]) -> None:
        """Put judged frontier entries on the queue (or hold page URLs while sitemaps are read)."""
        for kept, entry in entries:
            if self.phase == "sitemaps" and kind_from_url(entry[0]) != "sitemap":
                self.deferred.append(entry)
            else:
                self.enqueue(kept, entry)

    def enqueue(self, kept: bool, entry: FrontierEntry) -> None:
        """Queue a URL: those to fetch before those the archive answers, so that requests go out first."""
        self.queued += 1
        self.queue.put_nowait((kept, self.queued, entry))

    async def worker(self) -> None:
        """Take URLs off the queue until cancelled."""
        while True:
            _kept, _order, (url, depth, source) = await self.queue.get()
            try:
                await self.visit(url, depth, source)
            finally:
                self.handled += 1
                self.queue.task_done()
                if self.progress:
                    self.progress(self.handled, self.handled + self.queue.qsize())

    async def visit(self, url: str, depth: int, source: str | None = None) -> None:
        """Visit a URL; outside the blog, only a few of one family at once, so the trap rules judge in time."""
        if url in self.scope.traps.inventory or is_blog_shaped(url):
            await self.visit_now(url, depth, source)
            return
        gate = self.family_gates.setdefault(family(url), asyncio.Semaphore(UNJUDGED_PER_FAMILY))
        async with gate:
            await self.visit_now(url, depth, source)

    async def visit_now(self, url: str, depth: int, source: str | None) -> None:
        """Fetch one URL, store what it gave, and queue what it links to."""
        guessed_kind = kind_from_url(url)
        prefetched = self.prefetched.pop(url, None)
        plan = await self.in_writer(self.before_fetch, url, guessed_kind, depth, source, prefetched is None)
        if not isinstance(plan, Ask):
            if plan is not None:
                self.tally.count(not_modified=1)
                self.schedule(plan)
            return
        result = prefetched if prefetched is not None else await self.fetcher.fetch(url, plan.validators)
        if result.status == 304:
            self.tally.count(pages_fetched=1, not_modified=1)
        elif result.is_failure:
            self.tally.count(errors=1)
        else:
            self.tally.count(pages_fetched=1)
        if result.status == 304 or result.is_failure or result.is_redirect:
            self.schedule(await self.in_writer(self.store_answer, url, result, guessed_kind, depth))
            return
        await self.store_response(result, guessed_kind, depth)

    def before_fetch(
        self, url: str, guessed_kind: PageKind, depth: int, source: str | None, fetching: bool
    ) -> Ask | list[Queued] | None:
        """In the archive thread: None for a URL whose family turned out barren after it was queued, what a page the
        archive answers leads to (walked from its stored copy), else what to ask the site with."""
        if trap := self.scope.traps.family_cut(url):
            self.archive.frontier.skip_trap(self.run_id, url, source, (trap.rule, trap.pattern, trap.requests))
            return None
        if self.skips.is_kept(url):
            discovered = self.discover_stored(url, guessed_kind, depth)
            self.archive.save_unchanged(url, self.run_id, discovered)
            return self.judged(discovered)
        validators = self.skips.validators(url)
        if fetching:
            self.scope.traps.fetched(url)
        return Ask(validators)

    def store_answer(self, url: str, result: FetchResult, guessed_kind: PageKind, depth: int) -> list[Queued]:
        """In the archive thread: store a 304, a failure or a redirect; what it leads to."""
        if result.status == 304:
            discovered = self.discover_stored(url, guessed_kind, depth)
            self.archive.save_not_modified(result, self.run_id, discovered)
            return self.judged(discovered)
        if result.is_failure:
            self.archive.save_failure(result, guessed_kind, self.run_id)
            return []
        assert result.final_url is not None
        self.archive.identity.note_redirect(url, result.final_url)  # a known post's old address: it moved
        discovered = self.scope.discover([result.final_url], depth, url)
        self.archive.save_page(result, guessed_kind, None, self.run_id, discovered)
        return self.judged(discovered)

    async def store_response(self, result: FetchResult, guessed_kind: PageKind, depth: int) -> None:
        """Parse a response that came with a body, store it with what it gave, and queue what it links to."""
        url = result.url
        try:
            parsed, links, pictures = await self.parse(result, guessed_kind)
        except BinaryBody as exc:
            await self.in_writer(self.record_unparsable, replace(result, error=str(exc)), guessed_kind)
            self.tally.count(errors=1)
            return
        except Exception as exc:  # noqa: BLE001  a parser bug must cost one page, never the run or half a page
            error = f"parse error: {type(exc).__name__}: {exc}"
            await self.in_writer(self.record_unparsable, replace(result, error=error), guessed_kind)
            self.tally.count(errors=1)
            return
        queued, change, kind = await self.in_writer(
            self.store_parsed, result, guessed_kind, depth, parsed, links, pictures
        )
        self.tally.count_change(change)
        self.queue_pictures([picture.url for picture in pictures])
        if result.status in GONE_STATUSES:
            self.gone.append(url)
        logger.info("%s %s %s (%d new links)", result.status, kind, url, len(queued))
        self.schedule(queued)

    def store_parsed(
        self,
        result: FetchResult,
        guessed_kind: PageKind,
        depth: int,
        parsed: ParsedPage | None,
        links: list[str],
        pictures: tuple[KeptPicture, ...],
    ) -> tuple[list[Queued], PostChange | None, PageKind]:
        """In the archive thread: store a parsed response with what it gave; what it leads to, its post's change and
        its kind."""
        url = result.url
        if parsed is not None and parsed.post is not None and result.status != 200:
            parsed = replace(parsed, post=None)  # an error page at a post's address (a bare 404) is no reading of it
        kind = parsed.kind if parsed else kind_of_non_html(result, guessed_kind)
        for variant, canonical in parsed.url_variants if parsed else ():
            self.archive.frontier.skip(self.run_id, canonical, "duplicate", url, variant)
        if not is_text(result.content_type):
            result = replace(result, body=None)  # recorded, not kept: images, PDFs and the like
        fruitful = self.scope.traps.judged(url, parsed) if parsed else True
        discovered = self.scope.discover(links, depth, url, fruitful, parsed is None and is_inventory(kind))
        shown = pictures if parsed and parsed.post else None
        change = self.archive.save_page(
            result, kind, parsed, self.run_id, discovered, self.skips.lastmod.get(url), shown
        )
        if parsed is not None and parsed.post is not None:
            self.archive.inventory.save_disagreements(self.run_id, self.inventory.disagreements(parsed.post))
        return self.judged(discovered), change, kind

    def record_unparsable(self, result: FetchResult, kind: PageKind) -> None:
        """In the archive thread: keep a response that could not be parsed (its body too), with the reason, as an
        error."""
        logger.warning("could not parse %s: %s", result.url, result.error)
        self.archive.save_page(result, kind, None, self.run_id)

    def discover_stored(self, url: str, kind: PageKind, depth: int) -> list[FrontierEntry]:
        """For a page not fetched again: the URLs its stored copy leads to that this run has yet to fetch."""
        links = self.stored_links(url, kind)  # canonical: stored links, or a stored sitemap or feed parsed again
        return self.scope.discover(links, depth, url, self.scope.was_fruitful(url), is_inventory(kind), canonical=True)

    def stored_links(self, url: str, kind: PageKind) -> list[str]:
        """Where an unchanged page leads, from the archive: its stored links, or its stored sitemap or feed."""
        if kind == "sitemap":
            return self.skips.remember_lastmods(parse_sitemap(self.archive.bodies.stored_body(url) or b""))
        if kind == "feed":
            return [link for link, _published in parse_feed(self.archive.bodies.stored_body(url) or b"")]
        status, final_url = self.archive.pages.stored_answer(url)
        if status is not None and 300 <= status < 400:
            return [final_url] if final_url else []
        return self.archive.pages.stored_internal_links(url)

    async def parse(
        self, result: FetchResult, guessed_kind: PageKind
    ) -> tuple[ParsedPage | None, list[str], tuple[KeptPicture, ...]]:
        """Parse a response: HTML pages fully (with the pictures of their post), sitemaps and feeds for their links."""
        body = result.body or b""
        if is_html(result.content_type):
            parsed, pictures = await self.in_parse_worker(body, result.content_type, result.url)
            return parsed, discovered_links(parsed), pictures
        if guessed_kind == "sitemap" or b"<urlset" in body[:2048] or b"<sitemapindex" in body[:2048]:
            return None, self.skips.remember_lastmods(parse_sitemap(body)), ()
        if guessed_kind == "feed":
            return None, [link for link, _published in parse_feed(body)], ()
        return None, [], ()

    async def in_parse_worker(
        self, body: bytes, content_type: str | None, url: str
    ) -> tuple[ParsedPage, tuple[KeptPicture, ...]]:
        """Parse a page and name its pictures in the process pool (the other cores) or, without one, in this thread."""
        if self.parse_executor is None:
            return parse_with_pictures(body, content_type, url, self.pictures.hosts)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.parse_executor, parse_with_pictures, body, content_type, url, self.pictures.hosts
        )


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


def is_inventory(kind: str) -> bool:
    """Whether a document of this kind is one of the site's own lists of what it has."""
    return kind in ("sitemap", "feed")


async def crawl_site(config: CrawlConfig, progress: ProgressCallback | None = None) -> CrawlSummary:
    """Crawl the site into the archive, holding its lock; always leaves a crawl_runs row."""
    inspect_file(config.db_path)  # refuse what is not an archive before even the lock file is made
    check_origin(config.db_path, canonical_url(config.start_url), config.site_moved)  # nor a move not declared
    executor = parse_pool(config.parse_workers)  # before the lock and the archive: forked workers hold neither
    try:
        with locked_archive(config.db_path) as archive, collector_spared():
            with recorded_run(archive, config.mode, canonical_url(config.start_url), config.user_agent) as run:
                await _crawl(config, run, executor, progress)
            return summarize(archive, run.run_id)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)


@contextmanager
def collector_spared() -> Iterator[None]:
    """Inside, the objects alive on entry (modules, the archive, the parse pool) are left out of the cyclic garbage
    collector's passes: a full pass over them holds the event loop (and every request in flight) for ~50 ms."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


async def _crawl(
    config: CrawlConfig, run: OpenRun, executor: Executor | None, progress: ProgressCallback | None
) -> None:
    """The crawl itself, once its run is recorded; SIGTERM stops it as Ctrl-C does."""
    stop = asyncio.current_task()
    loop = asyncio.get_running_loop()
    if stop is not None:
        loop.add_signal_handler(signal.SIGTERM, stop.cancel)
    crawl: Crawl | None = None
    try:
        async with new_client(config) as client:
            crawl = Crawl(config, run.archive, client, run.run_id, executor, progress)
            with crawl.pictures:  # the spool directory, removed with what is left in it
                await crawl.run(run.resumed_from)
        run.end("ok" if crawl.tally.totals.errors == 0 else "partial")
    except RobotsUnavailable as exc:
        run.end("failed", error=str(exc))
    finally:
        loop.remove_signal_handler(signal.SIGTERM)
        if crawl is not None:
            moved = run.archive.posts.count_changes(run.run_id, "moved")  # as the loop moved them, or the site's move
            run.totals = replace(
                crawl.tally.totals,
                requests=crawl.fetcher.requests,
                moved_posts=moved,
                media_bytes=crawl.pictures.bytes_downloaded,
            )
