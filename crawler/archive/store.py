"""Archive: the SQLite archive opened once, its rooms (each owns its tables), and the writes that span rooms.

Rooms: `runs` (crawl_runs), `frontier` (frontier, skipped_urls), `bodies` (bodies, responses), `pages` (pages,
links, listings, archive months), `posts` (posts and their child rows, versions and changes), `media` (pictures, their
bytes and which pictures each post version showed), `identity` (which stored post a reading is, and moves),
`inventory` (what WordPress's REST API lists).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.archive import history
from crawler.archive.bodies import (
    COMPRESSION,
    BodyStore,
    CompressedBody,
    SkippedBody,
    StoredResponse,
    body_hash,
    decompress_body,
)
from crawler.archive.files import checkpoint, connect_readonly, database, open_for_writing
from crawler.archive.frontier import Frontier, FrontierEntry
from crawler.archive.identity import Move, PostIdentity
from crawler.archive.inventory import InventoryStore
from crawler.archive.media import MediaStore
from crawler.archive.pages import PageStore
from crawler.archive.posts import PostStore
from crawler.archive.reread import Reread, reread_post
from crawler.archive.runs import RunLog, RunTotals
from crawler.media import KeptPicture
from crawler.records import FetchResult, PostChange
from parsers.models import PageKind, ParsedPage

__all__ = [  # what callers import from here, wherever it is defined
    "COMPRESSION",
    "Archive",
    "CompressedBody",
    "FrontierEntry",
    "PostChange",
    "RunTotals",
    "SkippedBody",
    "StoredResponse",
    "body_hash",
    "decompress_body",
]

PostPlan = tuple[history.Decision, dict[str, Any] | None]  # what to record, and the post's row it was decided on


class Archive:
    """The SQLite archive, written with sqlite-utils, one room per job."""

    def __init__(self, path: Path | str, readonly: bool = False, reread: Reread = reread_post) -> None:
        """Open for writing (created, marked and migrated: hold the lock), or read-only and never migrated.

        `reread` reads a post's stored bytes with today's parsers, for telling site edits from parser upgrades.
        """
        self.path = Path(path)
        self.readonly = readonly
        self.db: Database = database(connect_readonly(self.path)) if readonly else open_for_writing(self.path)
        self.runs = RunLog(self.db)
        self.frontier = Frontier(self.db)
        self.bodies = BodyStore(self.db)
        self.pages = PageStore(self.db)
        self.posts = PostStore(self.db)
        self.identity = PostIdentity(self.db)
        self.inventory = InventoryStore(self.db)
        self.media = MediaStore(self.db)
        self.reread = reread
        self._batch_seconds: float | None = None  # while commits are batched: how often to commit
        self._batch_started = 0.0

    def close(self) -> None:
        """Close the database connection; a writer with nothing uncommitted first checkpoints the WAL into the .db file."""
        try:
            if not self.readonly and not self.db.conn.in_transaction:
                checkpoint(self.db)
        finally:
            self.db.close()

    def count(self, table: str, where: str | None = None, params: Iterable[Any] = ()) -> int:
        """Rows in a table, optionally filtered."""
        return int(self.db[table].count_where(where, list(params)) if where else self.db[table].count)

    # Commits

    @contextmanager
    def commits_batched(self, seconds: float) -> Iterator[None]:
        """Inside, each page's transaction becomes a savepoint of one that commits every `seconds` and at the end.

        Each page is still all-or-nothing; a crash loses at most the last `seconds` of pages, whose frontier
        rows go back to queued with them, so a resumed run fetches them again.
        """
        self._batch_seconds, self._batch_started = seconds, time.monotonic()
        if not self.db.conn.in_transaction:
            self.db.execute("BEGIN")
        try:
            yield
        finally:
            self._batch_seconds = None
            if self.db.conn.in_transaction:
                self.db.conn.commit()

    def commit_if_due(self) -> None:
        """While commits are batched: commit what is stored if the batch is old enough, and start the next."""
        if self._batch_seconds is not None and time.monotonic() - self._batch_started >= self._batch_seconds:
            self.commit_batch()

    def commit_batch(self) -> None:
        """While commits are batched: commit what is stored now, and start the next batch."""
        if self._batch_seconds is None:
            return
        if self.db.conn.in_transaction:
            self.db.conn.commit()
        self.db.execute("BEGIN")
        self._batch_started = time.monotonic()

    @contextmanager
    def _outside_transaction(self) -> Iterator[None]:
        """Inside, no transaction is open: a batch is committed first and the next begun after."""
        batching = self._batch_seconds is not None
        if self.db.conn.in_transaction:
            if not batching:
                raise RuntimeError("a stored post would be re-read inside a write transaction")
            self.db.conn.commit()
        try:
            yield
        finally:
            if batching:
                self.db.execute("BEGIN")
                self._batch_started = time.monotonic()

    @contextmanager
    def rereading_from(self, reread: Reread) -> Iterator[None]:
        """Inside, history's re-read function is `reread` (a re-parse's staged readings), not the parsers."""
        previous, self.reread = self.reread, reread
        try:
            yield
        finally:
            self.reread = previous

    # Writes that span rooms, each atomic

    def save_page(
        self,
        result: FetchResult,
        kind: PageKind,
        parsed: ParsedPage | None,
        run_id: int,
        discovered: Iterable[FrontierEntry] = (),
        sitemap_lastmod: str | None = None,
        pictures: Sequence[KeptPicture] | None = None,
    ) -> PostChange | None:
        """Store one fetched page, everything parsed from it and the URLs it led to, atomically.

        What its post's new reading means is decided first, re-reading stored bytes if need be, then written.
        `pictures`, when given, are what the post's version showed (post_version_media).
        """
        digest = body_hash(result.body) if result.body is not None else None
        moved_from = self._earlier_address(parsed, run_id)
        plan = self._plan_post(parsed, run_id, digest, reparse=False, stored_url=moved_from)
        with self.db.atomic():
            if moved_from is not None and parsed is not None and parsed.post is not None:
                self.identity.move(moved_from, parsed.post.url, run_id)
            if result.body is not None:
                self.bodies.save_body(result.body, digest)
            self.bodies.save_response(result, run_id, digest)
            self.pages.save_fetched(result, kind, digest, run_id, sitemap_lastmod)
            self.frontier.mark_done(result.url)
            self.frontier.add(run_id, discovered)
            if parsed is None:
                return None
            change = self._save_content(result.url, parsed, run_id, False, digest, plan)
            if pictures is not None and parsed.post is not None:
                self.save_post_pictures(parsed.post.url, pictures)
            return change

    def save_late_move(
        self, move: Move, parsed: ParsedPage, run_id: int, body: str | None, pictures: Sequence[KeptPicture] | None
    ) -> PostChange | None:
        """A page this run stored as a new post, read again once a known post's old address turned out to lead to it:
        the known post moves there and takes the reading (history decides as for any reading); the new post is
        forgotten, so the archive is the same whichever address the crawl met first."""
        plan = self._plan_post(parsed, run_id, body, reparse=False, stored_url=move.old_url)
        with self.db.atomic():
            self.identity.forget_added(move.new_url, run_id)
            self.identity.move(move.old_url, move.new_url, run_id)
            change = self._save_content(move.new_url, parsed, run_id, False, body, plan)
            if pictures is not None and parsed.post is not None:
                self.save_post_pictures(parsed.post.url, pictures)
            return change

    def save_post_pictures(self, post_url: str, pictures: Sequence[KeptPicture]) -> None:
        """The pictures the newest version of a stored post showed."""
        latest = self.posts.latest_version(post_url)
        if latest is not None:
            self.media.save_post_media(post_url, latest["version"], pictures)

    def save_content(
        self, page_url: str, parsed: ParsedPage, run_id: int, reparse: bool = False, body: str | None = None
    ) -> PostChange | None:
        """Store what the parsers found on a stored page (body: its hash; a re-parse leaves posts' seen runs); return the post change."""
        plan = self._plan_post(parsed, run_id, body, reparse)
        with self.db.atomic():
            return self._save_content(page_url, parsed, run_id, reparse, body, plan)

    def save_reparsed_post(self, parsed: ParsedPage, run_id: int) -> PostChange | None:
        """Store only the post of a re-parsed page, if it has one, keeping its seen and removed runs."""
        plan = self._plan_post(parsed, run_id, None, reparse=True)
        if plan is None:
            return None
        with self.db.atomic():
            return self.posts.save_post(parsed, *plan, run_id, reparse=True)

    def save_not_modified(self, result: FetchResult, run_id: int, discovered: Iterable[FrontierEntry] = ()) -> None:
        """A 304: only the page's fetch time and run change (and the frontier grows)."""
        with self.db.atomic():
            self.bodies.save_response(result, run_id, None)
            self.frontier.add(run_id, discovered)
            self.pages.save_not_modified(result, run_id)
            self.posts.mark_seen(result.url, run_id)
            self.frontier.mark_done(result.url)

    def save_unchanged(self, url: str, run_id: int, discovered: Iterable[FrontierEntry] = ()) -> None:
        """A page the sitemap shows unchanged since it was stored: not fetched, only marked seen."""
        with self.db.atomic():
            self.posts.mark_seen(url, run_id)
            self.frontier.mark_done(url)
            self.frontier.add(run_id, discovered)

    def save_failure(self, result: FetchResult, kind: PageKind, run_id: int) -> None:
        """A fetch that failed: record why, and keep whatever good content is stored."""
        with self.db.atomic():
            self.bodies.save_response(result, run_id, None)
            self.pages.save_failure(result, kind, run_id)
            self.frontier.mark_done(result.url)

    def _save_content(
        self, page_url: str, parsed: ParsedPage, run_id: int, reparse: bool, body: str | None, plan: PostPlan | None
    ) -> PostChange | None:
        """Inside a transaction: the page's parsed rows, then its post as planned."""
        self.pages.save_parsed(parsed, page_url, run_id, reparse)
        if plan is None:
            return None
        return self.posts.save_post(parsed, *plan, run_id, reparse, body)

    def _earlier_address(self, parsed: ParsedPage | None, run_id: int) -> str | None:
        """The address the archive keeps a fetched page's post under, when it is another than the page's."""
        if parsed is None or parsed.post is None:
            return None
        return self.identity.earlier_address(parsed.post.url, parsed.post.wp_id, run_id)

    def _plan_post(
        self, parsed: ParsedPage | None, run_id: int, body: str | None, reparse: bool, stored_url: str | None = None
    ) -> PostPlan | None:
        """What storing a page's post will record (history decides), read before anything is written.

        `stored_url`: the address the post is stored under when it is moving to the page's.
        """
        if parsed is None or parsed.post is None:
            return None
        url = parsed.post.url
        existing = self.posts.get(stored_url or url)
        latest = self.posts.latest_version(stored_url or url)
        stored = None
        if existing is not None:
            stored = history.StoredPost(existing["content_hash"], existing["removed_in_run"] is not None)

        def reread() -> history.Version | None:  # when other parsers, or an older archive, read the newest bytes
            if latest is None:
                return None
            if not history.lacks_later_fields(history.version_from_row(latest)) and not self.runs.read_by_other_parser(
                stored_url or url, latest["body_hash"]
            ):
                return None
            with self._outside_transaction():
                return self.reread(self.bodies, stored_url or url, latest["body_hash"])

        latest_version = history.version_from_row(latest) if latest else None
        if latest_version is not None:  # a site that moved names itself anew in every link: that is no edit
            latest_version = self.identity.as_moved(url, latest_version)
        decision = history.decide(
            url,
            history.version_of(parsed),
            stored,
            latest_version,
            reparse,
            had_body=lambda: self.bodies.had_body(url, body, run_id),
            reread=reread,
        )
        return decision, existing
