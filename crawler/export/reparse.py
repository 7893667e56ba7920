"""Re-derive every content table from the stored response bodies: no network, one transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from dataclasses import dataclass, replace
from pathlib import Path

from crawler.archive import history
from crawler.archive.bodies import CompressedBody, SkippedBody, StoredResponse, decompress_body
from crawler.archive.files import require_archive
from crawler.archive.locked_run import OpenRun, locked_archive, recorded_run
from crawler.archive.runs import Tally
from crawler.archive.store import Archive
from crawler.errors import CorruptBody
from crawler.pages import is_html, parse_html_response, parse_pool
from crawler.records import RunStatus
from parsers.models import ParsedPage

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]  # (bodies parsed, bodies to parse)
# Starting the pool costs 1-2.5 s on two cores and saves ~4 ms a page (bench: 198 replica pages parse in
# 1.5 s in-process, 2.6-4 s with the pool), so by default smaller archives are parsed in this process.
POOL_MIN_PAGES = 500


@dataclass(frozen=True, slots=True)
class Reparsed:
    """What one stored body gave: the parsed page, or why its bytes could not be read."""

    source: StoredResponse
    parsed: ParsedPage | None
    problem: str | None = None


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


def parse_stored(source: StoredResponse, body: CompressedBody | None) -> Reparsed:
    """Decompress, check and parse one stored HTML body; runs in a parse worker."""
    if body is None:
        return Reparsed(source, None, "is missing from bodies")
    try:
        data = decompress_body(body)
    except CorruptBody as exc:
        return Reparsed(source, None, f"is unreadable: {exc.reason}")
    try:
        return Reparsed(source, parse_html_response(data, source.header("content-type"), source.url))
    except Exception as exc:  # noqa: BLE001  as in a crawl, a parser bug or binary "HTML" costs one page, never the run
        return Reparsed(source, None, f"could not be parsed: {type(exc).__name__}: {exc}")


class Reparse:
    """One re-parse of one archive, as a run of mode 'reparse'."""

    def __init__(self, archive: Archive, executor: Executor | None, progress: ProgressCallback | None) -> None:
        self.archive = archive
        self.executor = executor
        self.progress = progress
        self.tally = Tally()
        self.skipped: list[SkippedBody] = []
        self.parsed = 0
        self.done = 0
        self.to_do = 0
        self.versions: dict[tuple[str, str], history.Version] = {}  # (post url, body hash) -> what the body reads as

    def run(self, run_id: int, sources: list[StoredResponse]) -> None:
        """These pages' stored bodies, the older bodies of posts no current body gives, then every post's versions, in one transaction."""
        earlier = self.archive.identity.current_addresses()
        with self.archive.db.atomic():
            produced = set()
            for result in self.parse_all(sources):
                assert result.parsed is not None
                self.remember_version(result)
                parsed = result.parsed
                if result.source.url in earlier:  # a moved post's old page: its post lives at its new address
                    parsed = replace(parsed, post=None)
                self.tally.count_change(self.archive.save_content(result.source.url, parsed, run_id, reparse=True))
                if parsed.post is not None:
                    produced.add(parsed.post.url)
            self.reparse_other_posts(produced, run_id)
            self.rebuild_versions()

    def remember_version(self, result: Reparsed) -> None:
        """Keep what a stored body of a post reads as, for rebuilding the post's versions."""
        parsed = result.parsed
        if parsed is not None and parsed.post is not None and parsed.post.url == result.source.url:
            self.versions[(parsed.post.url, result.source.body_hash)] = history.version_of(parsed)

    def rebuild_versions(self) -> None:
        """Every post's versions from the stored bodies of every fetch, oldest first (bodies not read yet are parsed now)."""
        fetches = self.archive.bodies.post_fetches()
        reported = {(body.url, body.body_hash) for body in self.skipped}
        unread = {(source.url, source.body_hash): source for source in fetches if is_parsed(source)}
        unread = {key: source for key, source in unread.items() if key not in self.versions and key not in reported}
        for result in self.parse_all(sorted(unread.values(), key=lambda source: source.id)):
            self.remember_version(result)
        by_post: dict[str, list[tuple[int, str, history.Version]]] = {}
        now_at = self.archive.identity.current_addresses()  # a moved post's earlier bodies are its earlier versions
        for source in fetches:
            version = self.versions.get((source.url, source.body_hash))
            if version is not None:
                by_post.setdefault(now_at.get(source.url, source.url), []).append(
                    (source.run_id, source.body_hash, version)
                )
        last_seen = self.archive.posts.post_last_seen()
        sightings = self.archive.posts.post_sightings()  # read before any version is replaced
        for url, read in by_post.items():
            seen = sightings.get(url, set()) | {last_seen.get(url) or 0}
            self.archive.posts.replace_versions(url, with_sightings(list(history.group_versions(read)), seen))

    def reparse_other_posts(self, produced: set[str], run_id: int) -> None:
        """Posts no page's current body gives (removed, or now redirected): from the last 200 stored for them."""
        posts = self.archive.posts.post_urls()
        reported = {(body.url, body.body_hash) for body in self.skipped}
        latest_ok = self.archive.bodies.latest_ok_response
        sources = [source for url in posts if url not in produced if (source := latest_ok(url))]
        sources = [source for source in sources if is_parsed(source) and (source.url, source.body_hash) not in reported]
        for result in self.parse_all(sorted(sources, key=lambda source: source.id)):
            assert result.parsed is not None
            url = result.source.url
            if result.parsed.post is not None and result.parsed.post.url == url:
                self.remember_version(result)
                self.tally.count_change(self.archive.save_reparsed_post(result.parsed, run_id))
            elif posts[url] is None:
                logger.info("%s no longer parses as a post", url)
                self.tally.count_change(self.archive.posts.mark_gone(url, run_id, cause="parser"))

    def parse_all(self, sources: list[StoredResponse]) -> Iterator[Reparsed]:
        """Parse stored bodies in the process pool (or in this process), in order; unreadable ones are reported."""
        bodies = [self.archive.bodies.compressed_body(source.body_hash) for source in sources]
        results = (
            self.executor.map(parse_stored, sources, bodies, chunksize=8)
            if self.executor is not None
            else map(parse_stored, sources, bodies)
        )
        self.to_do += len(sources)
        for result in results:
            self.done += 1
            if self.progress:
                self.progress(self.done, self.to_do)
            if result.problem is not None:
                skipped = SkippedBody(result.source.url, result.source.body_hash, result.problem)
                self.skipped.append(skipped)
                continue
            self.parsed += 1
            yield result


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
    with locked_archive(db_path) as archive, recorded_run(archive, "reparse", None, None, stopped_unchanged) as run:
        return _reparse(run, workers, progress)


def stopped_unchanged(exc: BaseException) -> str:
    """crawl_runs.error for a re-parse an exception stopped: its one transaction was rolled back."""
    return f"stopped, nothing changed: {type(exc).__name__}: {exc}"


def _reparse(run: OpenRun, workers: int | None, progress: ProgressCallback | None) -> ReparseSummary:
    """The re-parse itself, once its run is recorded."""
    archive = run.archive
    sources = [source for source in archive.bodies.page_sources() if is_parsed(source)]
    count = workers if workers is not None or len(sources) >= POOL_MIN_PAGES else 0
    executor = parse_pool(count, fork=False)  # the lock is held: forked workers would hold it too
    reparse = Reparse(archive, executor, progress)
    try:
        reparse.run(run.run_id, sources)
    finally:
        if executor is not None:
            executor.shutdown(cancel_futures=True)
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
