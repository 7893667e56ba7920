"""Re-derive every content table from the stored response bodies, with no network: every body is parsed into a
staging file first, then the staged readings are written in one transaction, in which nothing is parsed."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from dataclasses import dataclass, replace
from itertools import groupby, repeat
from pathlib import Path

from crawler.archive import history
from crawler.archive.bodies import CompressedBody, SkippedBody, StoredResponse, decompress_body
from crawler.archive.files import require_archive
from crawler.archive.locked_run import OpenRun, locked_archive, recorded_run
from crawler.archive.runs import Tally
from crawler.archive.staging import Reading, Staging, Step, read_page, staging_area
from crawler.archive.store import Archive
from crawler.crawl.pictures import JETPACK_HOSTS, MediaHosts
from crawler.errors import CorruptBody
from crawler.pages import default_workers, is_html, parse_pool, parse_with_pictures
from crawler.records import RunStatus

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]  # (bodies parsed, bodies to parse)
# Starting the pool costs 1-2.5 s on two cores and saves ~4 ms a page (bench: 198 replica pages parse in
# 1.5 s in-process, 2.6-4 s with the pool), so by default smaller archives are parsed in this process.
POOL_MIN_PAGES = 500
CHUNK = 8  # stored bodies a parse worker reads per task
TASKS_PER_WORKER = 4  # tasks queued per worker, so that none waits; bounds the bodies held in memory


@dataclass(frozen=True, slots=True)
class ReparseSummary:
    """How a re-parse went, for the summary line and the exit code."""

    run_id: int
    status: RunStatus  # ok, or partial when some bodies were skipped
    parsed: int  # stored bodies parsed
    new_posts: int
    changed_posts: int
    removed_posts: int
    skipped: tuple[SkippedBody, ...]
    seconds: float

    def line(self) -> str:
        """The one-line summary a re-parse prints."""
        return (
            f"reparse run {self.run_id} {self.status}: {self.parsed} stored pages parsed, {self.new_posts} posts added, "
            f"{self.changed_posts} changed, {self.removed_posts} removed, {len(self.skipped)} bodies skipped, "
            f"{self.seconds:.1f} s"
        )


def is_parsed(source: StoredResponse) -> bool:
    """Whether a crawl parses this response: HTML that is not a redirect."""
    return is_html(source.header("content-type")) and not 300 <= source.status < 400


def parse_stored(source: StoredResponse, body: CompressedBody | None, keep_page: bool, hosts: MediaHosts) -> Reading:
    """Decompress, check and parse one stored HTML body, naming its post's pictures, packed for the staging file;
    runs in a parse worker."""
    if body is None:
        return Reading(source, problem="is missing from bodies")
    try:
        data = decompress_body(body)
    except CorruptBody as exc:
        return Reading(source, problem=f"is unreadable: {exc.reason}")
    try:
        parsed, pictures = parse_with_pictures(data, source.header("content-type"), source.url, hosts)
    except Exception as exc:  # noqa: BLE001  as in a crawl, a parser bug or binary "HTML" costs one page, never the run
        return Reading(source, problem=f"could not be parsed: {type(exc).__name__}: {exc}")
    return read_page(source, parsed, keep_page, pictures)


def parse_chunk(
    sources: list[StoredResponse], bodies: list[CompressedBody | None], keep_page: bool, hosts: MediaHosts
) -> list[Reading]:
    """parse_stored for a few stored bodies: one task of a parse worker."""
    return list(map(parse_stored, sources, bodies, repeat(keep_page), repeat(hosts)))


def result_of(chunk: Future[list[Reading]] | list[Reading]) -> list[Reading]:
    """A chunk's readings, waiting for its parse worker if one has it."""
    return chunk.result() if isinstance(chunk, Future) else chunk


class Reparse:
    """One re-parse of one archive, as a run of mode 'reparse': read every stored body it needs into the staging
    file (no write transaction open), then write what was staged in one transaction (nothing parsed)."""

    def __init__(
        self,
        archive: Archive,
        staging: Staging,
        executor: Executor | None,
        workers: int,
        progress: ProgressCallback | None,
    ) -> None:
        self.archive = archive
        self.staging = staging
        self.executor = executor
        self.workers = workers
        self.progress = progress
        self.tally = Tally()
        self.skipped: list[SkippedBody] = []
        self.parsed = 0
        self.done = 0
        self.to_do = 0
        self.hosts = media_hosts(archive)

    # Reading: every parse happens here, before the archive is written

    def read(self, sources: list[StoredResponse]) -> None:
        """Stage these pages' stored bodies, the latest 200 of each post no current body gives, then every other
        stored body of a post not read yet: exactly what write() will store, as it will find the archive."""
        posts = self.archive.posts.post_urls()
        earlier = self.archive.identity.current_addresses().keys()  # a moved post's old bodies are its old versions
        self.stage("page", [source.id for source in sources])
        produced = self.staging.post_urls("page")  # write() stores these posts first
        self.stage("other", self.other_posts(posts, produced))
        self.stage("version", self.unread_fetches(posts.keys() | produced | earlier))

    def stage(self, step: Step, response_ids: list[int]) -> None:
        """Parse these stored responses' bodies into the staging file."""
        for reading in self.parse_all(response_ids, keep_page=step != "version"):
            self.staging.stage(step, reading)
        self.staging.commit()

    def other_posts(self, posts: dict[str, int | None], produced: set[str]) -> list[int]:
        """Posts no page's current body gives (removed, or now redirected): the last 200 stored for each."""
        reported = self.reported()
        latest_ok = self.archive.bodies.latest_ok_response
        sources = [source for url in posts if url not in produced if (source := latest_ok(url))]
        sources = [source for source in sources if is_parsed(source) and (source.url, source.body_hash) not in reported]
        return sorted(source.id for source in sources)

    def unread_fetches(self, posts: set[str]) -> list[int]:
        """The newest 200 response of each stored body of a post that no earlier step read (and none reported)."""
        latest: dict[tuple[str, str], int] = {}
        for source in self.archive.bodies.ok_responses():
            if source.url in posts and is_parsed(source):
                latest[(source.url, source.body_hash)] = source.id
        reported = self.reported()
        unread = (
            response_id
            for key, response_id in latest.items()
            if key not in reported and not self.staging.has_version(*key)
        )
        return sorted(unread)

    def reported(self) -> set[tuple[str, str]]:
        """(URL, body hash) of every stored body skipped so far."""
        return {(body.url, body.body_hash) for body in self.skipped}

    def parse_all(self, response_ids: list[int], keep_page: bool) -> Iterator[Reading]:
        """Parse stored bodies in the process pool (or in this process), in order; unreadable ones are reported."""
        self.to_do += len(response_ids)
        for reading in self.readings(response_ids, keep_page):
            self.done += 1
            if self.progress:
                self.progress(self.done, self.to_do)
            if reading.problem is not None:
                self.skipped.append(SkippedBody(reading.source.url, reading.source.body_hash, reading.problem))
                continue
            self.parsed += 1
            yield reading

    def readings(self, response_ids: list[int], keep_page: bool) -> Iterator[Reading]:
        """Each response's reading, in order, with at most a few chunks of bodies read ahead of the parsers.

        With a pool, this process parses one chunk in every workers + 1 itself: it has nothing else to do until
        everything is staged (a crawl keeps a core for storing; a re-parse stores afterwards).
        """
        chunks = (self.chunk(response_ids[start : start + CHUNK]) for start in range(0, len(response_ids), CHUNK))
        if self.executor is None:
            for sources, bodies in chunks:
                yield from parse_chunk(sources, bodies, keep_page, self.hosts)
            return
        pending: deque[Future[list[Reading]] | list[Reading]] = deque()
        for index, (sources, bodies) in enumerate(chunks):
            if index % (self.workers + 1) == self.workers:
                pending.append(parse_chunk(sources, bodies, keep_page, self.hosts))
            else:
                pending.append(self.executor.submit(parse_chunk, sources, bodies, keep_page, self.hosts))
            while len(pending) > self.workers * TASKS_PER_WORKER:
                yield from result_of(pending.popleft())
        while pending:
            yield from result_of(pending.popleft())

    def chunk(self, response_ids: list[int]) -> tuple[list[StoredResponse], list[CompressedBody | None]]:
        """A few stored responses and their compressed bodies, read from the archive."""
        sources = self.archive.bodies.responses(response_ids)
        return sources, [self.archive.bodies.compressed_body(source.body_hash) for source in sources]

    # Writing: one transaction, from the staging file only

    def write(self, run_id: int) -> None:
        """Store the staged readings in one transaction: pages, posts no current page gives, every post's versions."""
        earlier = self.archive.identity.current_addresses()
        with self.archive.db.atomic(), self.archive.rereading_from(self.staging.reread):
            for url, page in self.staging.pages("page"):
                if url in earlier:  # a moved post's old page: its post lives at its new address
                    page = replace(page, post=None)
                self.tally.count_change(self.archive.save_content(url, page, run_id, reparse=True))
            posts = self.archive.posts.post_urls()
            for url, page in self.staging.pages("other"):
                if page.post is not None and page.post.url == url:
                    self.tally.count_change(self.archive.save_reparsed_post(page, run_id))
                elif posts[url] is None:
                    logger.info("%s no longer parses as a post", url)
                    self.tally.count_change(self.archive.posts.mark_gone(url, run_id, cause="parser"))
            self.rebuild_versions()

    def rebuild_versions(self) -> None:
        """Every post's versions from the stored bodies of every fetch, oldest first, as the staging file read them."""
        last_seen = self.archive.posts.post_last_seen()
        sightings = self.archive.posts.post_sightings()  # read before any version is replaced
        now_at = self.archive.identity.current_addresses()  # a moved post's earlier bodies are its earlier versions
        by_post: dict[str, list[tuple[int, str, history.Version]]] = {}
        for url, fetches in groupby(self.archive.bodies.post_fetches(), key=lambda fetch: fetch[0]):
            versions = self.staging.versions(url)
            read = [(run_id, digest, versions[digest]) for _, run_id, digest in fetches if digest in versions]
            if read:
                by_post.setdefault(now_at.get(url, url), []).extend(read)
        for url, read in by_post.items():
            read.sort(key=lambda fetch: fetch[0])  # an old address's fetches before the new one's, run by run
            seen = sightings.get(url, set()) | {last_seen.get(url) or 0}
            self.archive.media.forget_post_media(url)  # linked again below, to the rebuilt versions
            self.archive.posts.replace_versions(url, with_sightings(list(history.group_versions(read)), seen))
        self.link_pictures(now_at)

    def link_pictures(self, now_at: dict[str, str]) -> None:
        """Each rebuilt version of a post linked to the pictures its stored body shows, as the staging file read
        them (no network: the pictures the archive lacks are fetched by the next crawl); a moved post's older
        versions were read at its earlier addresses."""
        addresses: dict[str, list[str]] = {}
        for old_url, post_url in now_at.items():
            addresses.setdefault(post_url, []).append(old_url)
        for row in self.archive.db.execute("SELECT post_url, version, body_hash FROM post_versions").fetchall():
            for url in (row[0], *addresses.get(row[0], ())):
                pictures = self.staging.pictures(url, row[2])
                if pictures is not None:
                    self.archive.media.save_post_media(row[0], row[1], pictures)
                    break


def media_hosts(archive: Archive) -> MediaHosts:
    """Where the archive's pictures come from: the blog's host (its latest crawl's) and the hosts of the pictures
    it keeps (its CDN)."""
    start_url = archive.runs.latest_start_url() or ""
    return MediaHosts.of(start_url, archive.media.hosts() - JETPACK_HOSTS)  # a Jetpack host copies any site


def with_sightings(versions: list[history.VersionSpan], seen: set[int]) -> list[history.VersionSpan]:
    """Versions rebuilt from stored bodies, each lasting to the last run that saw the post before the next began.

    Runs that found a post unchanged (a 304, or a sitemap dating it as stored) store no body of it, so the
    stored bodies alone would end each version at its last fetch.
    """
    spans = []
    for index, (version, body, first_run, last_run) in enumerate(versions):
        until = versions[index + 1][2] if index + 1 < len(versions) else None
        later = [run for run in seen if run >= first_run and (until is None or run < until)]
        spans.append((version, body, first_run, max([last_run, *later])))
    return spans


def reparse_archive(
    db_path: Path, workers: int | None = None, progress: ProgressCallback | None = None
) -> ReparseSummary:
    """Re-parse every stored body into the archive, holding its lock; always leaves a crawl_runs row."""
    require_archive(db_path)
    with (
        locked_archive(db_path) as archive,
        recorded_run(archive, "reparse", None, None, stopped_unchanged) as run,
        staging_area(db_path) as staging,
    ):
        return _reparse(run, staging, workers, progress)


def stopped_unchanged(exc: BaseException) -> str:
    """crawl_runs.error for a re-parse an exception stopped: its one transaction was rolled back."""
    return f"stopped, nothing changed: {type(exc).__name__}: {exc}"


def _reparse(run: OpenRun, staging: Staging, workers: int | None, progress: ProgressCallback | None) -> ReparseSummary:
    """The re-parse itself, once its run is recorded."""
    archive = run.archive
    sources = [source for source in archive.bodies.page_sources() if is_parsed(source)]
    if workers is None:
        workers = default_workers() if len(sources) >= POOL_MIN_PAGES else 0
    executor = parse_pool(workers, fork=False)  # the lock is held: forked workers would hold it too
    reparse = Reparse(archive, staging, executor, workers, progress)
    try:
        reparse.read(sources)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
    reparse.write(run.run_id)
    skipped = tuple(reparse.skipped)
    status: RunStatus = "partial" if skipped else "ok"
    error = f"{len(skipped)} stored bodies unreadable; first {skipped[0].line()}" if skipped else None
    totals = reparse.tally.totals
    run.end(status, replace(totals, errors=len(skipped)), error)
    return ReparseSummary(
        run_id=run.run_id,
        status=status,
        parsed=reparse.parsed,
        new_posts=totals.new_posts,
        changed_posts=totals.changed_posts,
        removed_posts=totals.removed_posts,
        skipped=skipped,
        seconds=run.seconds,
    )
