"""Archive: the SQLite archive, written with sqlite-utils; the only code that names tables."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import zstandard
from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

from crawler.archive import history
from crawler.archive.files import checkpoint, connect_readonly, open_for_writing
from crawler.errors import CorruptBody
from crawler.pages import parse_html_response
from crawler.records import (
    ChangeCause,
    ChangeKind,
    FetchResult,
    RunMode,
    RunStatus,
    SkipReason,
    Validators,
    utc_now,
)
from parsers import PARSER_VERSION
from parsers.models import ArchiveMonth, PageKind, ParsedPage
from parsers.urls import archive_month_id

logger = logging.getLogger(__name__)

COMPRESSION = "zstd"
ZSTD_LEVEL = 3  # zstd's default: on the replica's pages 5x faster than level 10 for 7 % more bytes
FrontierEntry = tuple[str, int, str | None]  # url, depth, the page it was found on
TrapRecord = tuple[str, str, int]  # rule, the URL pattern it judged, requests spent on that pattern


@dataclass(frozen=True, slots=True)
class PostChange:
    """One row of post_changes: a post added, changed or removed by a run."""

    post_url: str
    change: ChangeKind
    old_hash: str | None
    new_hash: str | None
    fields: tuple[str, ...] | None = None  # the declared fields that differ; None for added and removed
    cause: ChangeCause = "site"  # site: the site changed; parser: the parsers read the same page differently


@dataclass(frozen=True, slots=True)
class RunTotals:
    """What a run counted, as stored in its crawl_runs row."""

    requests: int = 0
    pages_fetched: int = 0
    not_modified: int = 0
    errors: int = 0
    new_posts: int = 0
    changed_posts: int = 0
    removed_posts: int = 0


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """One stored response that came with a body: the exact bytes behind a page, and how they came."""

    id: int
    run_id: int
    url: str
    status: int
    headers: tuple[tuple[str, str], ...]
    fetched_at: str
    body_hash: str
    request_headers: tuple[tuple[str, str], ...]
    http_version: str | None
    reason: str | None
    user_agent: str | None  # the run's User-Agent, for responses stored before request headers were

    def header(self, name: str) -> str | None:
        """The first response header of that name (any case), if any."""
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)


@dataclass(frozen=True, slots=True)
class SkippedBody:
    """A stored body that could not be read back or parsed, so what it gave was left as it was."""

    url: str
    body_hash: str
    reason: str

    def line(self) -> str:
        """How the command reports it."""
        return f"skipped {self.url}: stored body {self.body_hash} {self.reason}"


@dataclass(frozen=True, slots=True)
class CompressedBody:
    """A body as stored: the hash that names it, its compression and the compressed bytes."""

    hash: str
    compression: str
    data: bytes


def body_hash(body: bytes) -> str:
    """Hash that names a stored response body."""
    return hashlib.sha256(body).hexdigest()


def decompress_body(body: CompressedBody) -> bytes:
    """A stored body's bytes, checked against the hash that names them; raises CorruptBody."""
    if body.compression != COMPRESSION:
        raise CorruptBody(body.hash, f"unknown compression {body.compression!r}")
    try:
        data = zstandard.ZstdDecompressor().decompress(body.data)
    except zstandard.ZstdError as exc:
        raise CorruptBody(body.hash, f"bad zstd data: {exc}") from exc
    if body_hash(data) != body.hash:
        raise CorruptBody(body.hash, f"the {len(data)} bytes read back hash to {body_hash(data)}")
    return data


PAGE_COLUMNS = (
    "url", "final_url", "status", "kind", "content_type", "etag", "last_modified", "content_hash", "fetched_at",
    "run_id", "error", "sitemap_lastmod",
)  # fmt: skip
UPSERT_PAGE = (  # one prepared statement for every fetched page: the columns a fetch sets, others kept
    f"INSERT INTO pages ({', '.join(PAGE_COLUMNS)}) VALUES ({', '.join('?' * len(PAGE_COLUMNS))})"
    f" ON CONFLICT (url) DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in PAGE_COLUMNS[1:])}"
)
RESPONSE_COLUMNS = """
    r.id, r.run_id, r.url, r.status, r.headers, r.fetched_at, r.body_hash, r.request_headers,
    r.http_version, r.reason, c.user_agent
"""


def _stored_response(row: dict[str, Any]) -> StoredResponse:
    """A StoredResponse from a responses row joined with its run."""
    pairs = {
        key: tuple((name, value) for name, value in json.loads(row[key] or "[]"))
        for key in ("headers", "request_headers")
    }
    return StoredResponse(**{**row, **pairs})


class Archive:
    """The SQLite archive, written with sqlite-utils."""

    def __init__(self, path: Path | str, readonly: bool = False) -> None:
        """Open for writing (created, marked and migrated: hold the lock), or read-only and never migrated."""
        self.path = Path(path)
        self.readonly = readonly
        self.db = Database(connect_readonly(self.path)) if readonly else open_for_writing(self.path)
        self._compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
        self._widget_written: tuple[tuple[ArchiveMonth, ...], int | None] | None = None
        self._batch_seconds: float | None = None  # while commits are batched: how often to commit
        self._batch_started = 0.0

    def close(self) -> None:
        """Close the database connection; a writer with nothing uncommitted first checkpoints the WAL into the .db file."""
        try:
            if not self.readonly and not self.db.conn.in_transaction:
                checkpoint(self.db)
        finally:
            self.db.close()

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
        if self._batch_seconds is None or time.monotonic() - self._batch_started < self._batch_seconds:
            return
        if self.db.conn.in_transaction:
            self.db.conn.commit()
        self.db.execute("BEGIN")
        self._batch_started = time.monotonic()

    # Runs

    def start_run(
        self, start_url: str, mode: RunMode, pid: int, user_agent: str | None, resumed_run: int | None = None
    ) -> int:
        """Record a new run as running and return its id."""
        row = {
            "started_at": utc_now(),
            "start_url": start_url,
            "mode": mode,
            "status": "running",
            "pid": pid,
            "user_agent": user_agent,
            "resumed_run": resumed_run,
            "parser_version": PARSER_VERSION,
        }
        run_id = self.db.table("crawl_runs").insert(row).last_pk
        assert isinstance(run_id, int)
        return run_id

    def resumable_run(self, start_url: str) -> int | None:
        """The latest run, if it was interrupted on this start URL with URLs still queued."""
        sql = "SELECT id, status, start_url FROM crawl_runs WHERE mode != 'reparse' ORDER BY id DESC LIMIT 1"
        latest = next(self.db.query(sql), None)
        if latest is None or latest["status"] != "interrupted" or latest["start_url"] != start_url:
            return None
        return int(latest["id"]) if self.db["frontier"].count_where("state = 'queued'") else None

    def run_chain_start(self, run_id: int) -> int:
        """The first run of a chain of resumed runs ending at this one."""
        while (resumed := self.run(run_id)["resumed_run"]) is not None:
            run_id = resumed
        return run_id

    def missed_something(self, run_id: int) -> bool:
        """Whether a run or a run it resumed failed to fetch or parse a page, left URLs queued, refused one
        for a limit, or refused a stored live post for a trap rule: read from what the runs stored."""
        sql = """
            WITH RECURSIVE chain(id) AS (
                SELECT ? UNION ALL SELECT r.resumed_run FROM crawl_runs r JOIN chain ON r.id = chain.id
                WHERE r.resumed_run IS NOT NULL
            )
            SELECT EXISTS (SELECT 1 FROM pages WHERE run_id IN chain AND error IS NOT NULL)
                OR EXISTS (SELECT 1 FROM frontier WHERE state = 'queued')
                OR EXISTS (SELECT 1 FROM skipped_urls WHERE run_id IN chain AND reason = 'limit')
                OR EXISTS (
                    SELECT 1 FROM skipped_urls s JOIN posts p ON p.url = s.url
                    WHERE s.run_id IN chain AND s.reason = 'trap' AND p.removed_in_run IS NULL
                )
        """
        return bool(self.db.execute(sql, [run_id]).fetchone()[0])

    def finish_run(
        self, run_id: int, status: RunStatus, totals: RunTotals, seconds: float, error: str | None = None
    ) -> None:
        """Record how a run ended."""
        row = {"finished_at": utc_now(), "status": status, "seconds": round(seconds, 3), "error": error}
        self.db.table("crawl_runs").update(run_id, {**row, **asdict(totals)})

    def mark_interrupted_runs(self) -> list[int]:
        """Runs still marked running belong to dead processes (we hold the lock): mark them, with the failures they stored."""
        ids = [row["id"] for row in self.db["crawl_runs"].rows_where("status = 'running'")]
        with self.db.atomic():
            for run_id in ids:
                errors = self.db["pages"].count_where("run_id = ? AND error IS NOT NULL", [run_id])
                self.db.table("crawl_runs").update(
                    run_id,
                    {"status": "interrupted", "error": "the process stopped before the run ended", "errors": errors},
                )
        return ids

    def run(self, run_id: int) -> dict[str, Any]:
        """The crawl_runs row of a run."""
        return dict(self.db.table("crawl_runs").get(run_id))

    def has_run(self, run_id: int) -> bool:
        """Whether a crawl_runs row has this id."""
        return bool(self.db["crawl_runs"].count_where("id = ?", [run_id]))

    def latest_start_url(self) -> str | None:
        """The start URL of the latest crawl, if there was one."""
        row = next(
            self.db.query("SELECT start_url FROM crawl_runs WHERE mode != 'reparse' ORDER BY id DESC LIMIT 1"), None
        )
        return row["start_url"] if row else None

    # Pages

    def validators(self, url: str) -> Validators | None:
        """The ETag and Last-Modified stored for a URL, for a conditional GET."""
        rows = list(self.db.query("SELECT etag, last_modified FROM pages WHERE url = ?", [url]))
        if not rows or not (rows[0]["etag"] or rows[0]["last_modified"]):
            return None
        return Validators(rows[0]["etag"], rows[0]["last_modified"])

    def fetched_urls(self) -> list[str]:
        """Every URL the archive has a page row for, in the order first stored."""
        return [row[0] for row in self.db.execute("SELECT url FROM pages ORDER BY rowid").fetchall()]

    def stored_internal_links(self, url: str) -> list[str]:
        """Internal link targets stored for a page, for following an unchanged page."""
        sql = "SELECT DISTINCT target_url FROM links WHERE source_url = ? AND is_internal = 1"
        return [row["target_url"] for row in self.db.query(sql, [url])]

    def trap_cuts_before(self, run_id: int) -> list[tuple[str, str]]:
        """(URL, rule) of each trap cut of the last crawl that finished (ok or partial) before this run, and of the
        interrupted runs it resumed."""
        sql = """
            WITH RECURSIVE chain(id) AS (
                SELECT max(id) FROM crawl_runs WHERE id < ? AND mode != 'reparse' AND status IN ('ok', 'partial')
                UNION ALL SELECT r.resumed_run FROM crawl_runs r JOIN chain ON r.id = chain.id
                WHERE r.resumed_run IS NOT NULL
            )
            SELECT url, rule FROM skipped_urls WHERE reason = 'trap' AND run_id IN chain
        """
        return [(row[0], row[1]) for row in self.db.execute(sql, [run_id]).fetchall()]

    def fetched_at(self, url: str) -> str | None:
        """When the page was last fetched (ISO 8601, UTC), if it was."""
        row = self.db.execute("SELECT fetched_at FROM pages WHERE url = ?", [url]).fetchone()
        return None if row is None else row[0]

    def is_stored_whole(self, url: str) -> bool:
        """Whether the page's last fetch answered 200, was parsed without error and its body is stored."""
        sql = "SELECT 1 FROM pages WHERE url = ? AND status = 200 AND error IS NULL AND content_hash IS NOT NULL"
        return self.db.execute(sql, [url]).fetchone() is not None

    def stored_content(self, url: str) -> tuple[tuple[str, str] | None, list[str]]:
        """What a stored page added: its post's (title, body_text), if it is one, and the post URLs it lists."""
        post = self.db.execute("SELECT title, body_text FROM posts WHERE url = ?", [url]).fetchone()
        sql = "SELECT post_url FROM listings WHERE page_url = ? ORDER BY position"
        listed = [row[0] for row in self.db.execute(sql, [url]).fetchall()]
        return (post[0], post[1]) if post else None, listed

    def save_page(
        self,
        result: FetchResult,
        kind: PageKind,
        parsed: ParsedPage | None,
        run_id: int,
        discovered: Iterable[FrontierEntry] = (),
        sitemap_lastmod: str | None = None,
    ) -> PostChange | None:
        """Store one fetched page, everything parsed from it and the URLs it led to, atomically."""
        with self.db.atomic():
            stored_hash = self._save_body(result.body) if result.body is not None else None
            self._save_response(result, run_id, stored_hash)
            self.db.execute(
                UPSERT_PAGE,
                [
                    result.url, result.final_url, result.status, kind, result.content_type, result.etag,
                    result.last_modified, stored_hash, result.fetched_at, run_id, result.error, sitemap_lastmod,
                ],
            )  # fmt: skip
            self._mark_done(result.url)
            self.add_to_frontier(run_id, discovered)
            if parsed is None:
                return None
            return self.save_content(result.url, parsed, run_id, body=stored_hash)

    def save_content(
        self, page_url: str, parsed: ParsedPage, run_id: int, reparse: bool = False, body: str | None = None
    ) -> PostChange | None:
        """Store what the parsers found on a stored page (body: its hash; a re-parse leaves posts' seen runs); return the post change."""
        with self.db.atomic():
            missing = json.dumps(list(parsed.missing)) if parsed.missing else None
            self.db.execute(
                "UPDATE pages SET kind = ?, title = ?, missing = ? WHERE url = ?",
                [parsed.kind, parsed.title, missing, page_url],
            )
            self._record_widget_changes(parsed, run_id, "parser" if reparse else "site")
            self._save_parsed(parsed, page_url, None if reparse else run_id)
            if parsed.post is None:
                return None
            return self._save_post(parsed, run_id, reparse, body)

    def save_reparsed_post(self, parsed: ParsedPage, run_id: int) -> PostChange | None:
        """Store only the post of a re-parsed page, if it has one, keeping its seen and removed runs."""
        if parsed.post is None:
            return None
        with self.db.atomic():
            return self._save_post(parsed, run_id, reparse=True)

    def page_sources(self) -> list[StoredResponse]:
        """For every page with a stored body, the response that delivered it, in the order they were stored."""
        sql = f"""
            WITH latest AS (
                SELECT url, body_hash, max(id) AS id FROM responses
                WHERE body_hash IS NOT NULL GROUP BY url, body_hash
            )
            SELECT {RESPONSE_COLUMNS}
            FROM pages p
            JOIN latest l ON l.url = p.url AND l.body_hash = p.content_hash
            JOIN responses r ON r.id = l.id
            LEFT JOIN crawl_runs c ON c.id = r.run_id
            ORDER BY r.id
        """
        return [_stored_response(row) for row in self.db.query(sql)]

    def latest_ok_response(self, url: str) -> StoredResponse | None:
        """The latest 200 response with a body stored for a URL, if any."""
        sql = f"""
            SELECT {RESPONSE_COLUMNS} FROM responses r LEFT JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.url = ? AND r.status = 200 AND r.body_hash IS NOT NULL ORDER BY r.id DESC LIMIT 1
        """
        row = next(self.db.query(sql, [url]), None)
        return _stored_response(row) if row else None

    def responses_with_bodies(self, since_run: int | None = None) -> list[StoredResponse]:
        """Every stored response that came with a body, oldest first; only runs from since_run on, if given."""
        sql = f"""
            SELECT {RESPONSE_COLUMNS} FROM responses r LEFT JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.body_hash IS NOT NULL AND r.run_id >= ? ORDER BY r.id
        """
        return [_stored_response(row) for row in self.db.query(sql, [since_run or 0])]

    def compressed_body(self, digest: str) -> CompressedBody | None:
        """A body as stored, still compressed, or None when no row has that hash."""
        row = next(self.db.query("SELECT hash, compression, data FROM bodies WHERE hash = ?", [digest]), None)
        return CompressedBody(**row) if row else None

    def post_urls(self) -> dict[str, int | None]:
        """Every post's URL, with the run that removed it (None while it is live)."""
        return {row["url"]: row["removed_in_run"] for row in self.db.query("SELECT url, removed_in_run FROM posts")}

    def save_not_modified(self, result: FetchResult, run_id: int, discovered: Iterable[FrontierEntry] = ()) -> None:
        """A 304: only the page's fetch time and run change (and the frontier grows)."""
        with self.db.atomic():
            self._save_response(result, run_id, None)
            self.add_to_frontier(run_id, discovered)
            self.db.table("pages").update(
                result.url, {"fetched_at": result.fetched_at, "run_id": run_id, "error": None}
            )
            self.db.execute("UPDATE posts SET last_seen_run = ? WHERE url = ?", [run_id, result.url])
            self._touch_latest_version(result.url, run_id)
            self._mark_done(result.url)

    def save_unchanged(self, url: str, run_id: int, discovered: Iterable[FrontierEntry] = ()) -> None:
        """A page the sitemap shows unchanged since it was stored: not fetched, only marked seen."""
        with self.db.atomic():
            self.db.execute("UPDATE posts SET last_seen_run = ? WHERE url = ?", [run_id, url])
            self._touch_latest_version(url, run_id)
            self._mark_done(url)
            self.add_to_frontier(run_id, discovered)

    def is_current(self, url: str, lastmod: str) -> bool:
        """Whether the page is stored whole and the sitemap gave the same lastmod when it was fetched."""
        row = next(self.db.query("SELECT status, sitemap_lastmod FROM pages WHERE url = ?", [url]), None)
        return row is not None and row["status"] == 200 and row["sitemap_lastmod"] == lastmod

    def stored_body(self, url: str) -> bytes | None:
        """The raw body last stored for a URL, decompressed."""
        sql = "SELECT b.data FROM pages p JOIN bodies b ON b.hash = p.content_hash WHERE p.url = ?"
        row = next(self.db.query(sql, [url]), None)
        return zstandard.ZstdDecompressor().decompress(row["data"]) if row else None

    def save_failure(self, result: FetchResult, kind: PageKind, run_id: int) -> None:
        """A fetch that failed: record why, and keep whatever good content is stored."""
        with self.db.atomic():
            self._save_response(result, run_id, None)
            existing = self.db["pages"].count_where("url = ?", [result.url])
            row = {"status": result.status, "error": result.error or f"HTTP {result.status}", "run_id": run_id}
            if existing:
                self.db.table("pages").update(result.url, {**row, "fetched_at": result.fetched_at})
            else:
                first_seen = {"url": result.url, "kind": kind, "content_type": result.content_type}
                self.db.table("pages").insert({**first_seen, "fetched_at": result.fetched_at, **row})
            self._mark_done(result.url)

    def _save_body(self, body: bytes) -> str:
        """Store a response body once, compressed; return its hash."""
        digest = body_hash(body)
        if self.db.execute("SELECT 1 FROM bodies WHERE hash = ?", [digest]).fetchone() is None:
            data = self._compressor.compress(body)
            self.db.execute(
                "INSERT INTO bodies (hash, size, stored_size, compression, data) VALUES (?, ?, ?, ?, ?)",
                [digest, len(body), len(data), COMPRESSION, data],
            )
        return digest

    def _save_response(self, result: FetchResult, run_id: int, stored_hash: str | None) -> None:
        """Keep a record of every response, with its headers and body hash."""
        self.db.execute(
            "INSERT INTO responses (run_id, url, status, headers, fetched_at, body_hash, request_headers,"
            " http_version, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                run_id, result.url, result.status, json.dumps(list(result.headers)), result.fetched_at, stored_hash,
                json.dumps(list(result.request_headers)) if result.request_headers else None, result.http_version,
                result.reason,
            ],
        )  # fmt: skip

    def _save_parsed(self, parsed: ParsedPage, page_url: str, seen_run: int | None) -> None:
        """Replace the links and listings of a page; upsert its archive months (seen by `seen_run`, if fetched)."""
        self.db.execute("DELETE FROM links WHERE source_url = ?", [page_url])
        links = {(link.target_url, link.anchor_text): link for link in parsed.links}
        self.db.conn.executemany(
            "INSERT INTO links (source_url, target_url, anchor_text, is_internal) VALUES (?, ?, ?, ?)",
            [(page_url, target, text, int(link.is_internal)) for (target, text), link in links.items()],
        )
        self.db.execute("DELETE FROM listings WHERE page_url = ?", [page_url])
        if parsed.listed_posts:
            month = archive_month_id(page_url) if parsed.kind == "archive_month" else None
            self.db.conn.executemany(
                "INSERT INTO listings (page_url, position, post_url, archive_month) VALUES (?, ?, ?, ?)",
                [(page_url, position, post_url, month) for position, post_url in enumerate(parsed.listed_posts, 1)],
            )
        widget = (parsed.archive_months, seen_run)
        if parsed.archive_months and widget != self._widget_written:  # every page repeats the widget
            self._widget_written = widget
            seen = {} if seen_run is None else {"last_seen_run": seen_run}
            self.db.table("archive_months").upsert_all(
                ({**asdict(month), **seen} for month in parsed.archive_months), pk="id"
            )

    def _save_post(
        self, parsed: ParsedPage, run_id: int, reparse: bool = False, body: str | None = None
    ) -> PostChange | None:
        """Write one post and its child rows as parsed; record a change and a version only when its hash says so.

        A re-parse sees nothing on the site. A post that comes back after it was removed is added again.
        """
        post = parsed.post
        assert post is not None
        version = history.version_of(parsed)
        new_hash = history.content_hash(version)
        existing = next(self.db.query("SELECT * FROM posts WHERE url = ?", [post.url]), None)
        latest = self.latest_version(post.url)
        row = {key: value for key, value in asdict(post).items() if key not in ("categories", "tags")}
        row.update(content_hash=new_hash)
        if not reparse or not existing:
            row.update(last_seen_run=run_id, removed_in_run=None)
        if existing:  # only the columns that differ: an unchanged body costs no full-text re-indexing
            differing = {key: value for key, value in row.items() if jsonify_if_needed(value) != existing[key]}
            if differing:
                self.db.table("posts").update(post.url, differing)
        else:
            self.db.table("posts").insert({**row, "first_seen_run": run_id})
        self._replace_post_children(parsed)
        self._save_related(parsed)
        fields = history.changed_fields(history.version_from_row(latest), version) if latest else None
        if existing is None or (existing["removed_in_run"] is not None and not reparse):
            added = PostChange(post.url, "added", existing["content_hash"] if existing else None, new_hash)
            self._record_change(added, run_id)
            if not reparse:  # back as its newest version was: that version again, else a new one
                self._save_version(post.url, version, run_id, body, latest if fields == [] else None)
            return added
        if existing["content_hash"] == new_hash or fields == []:  # [] : hashed before the fields were declared
            if not reparse:
                self._save_version(post.url, version, run_id, body, latest)
            return None
        cause: ChangeCause = "parser"
        if not reparse and latest is not None and not self._had_body(post.url, body, run_id):
            cause, fields = self._cause_of_difference(post.url, version, latest)
        change = PostChange(
            post.url,
            "changed",
            existing["content_hash"],
            new_hash,
            tuple(fields) if fields is not None else None,
            cause,
        )
        self._record_change(change, run_id)
        if not reparse:  # a re-parse rebuilds every version afterwards
            self._save_version(post.url, version, run_id, body, None if cause == "site" and fields else latest)
        return change

    def _cause_of_difference(
        self, url: str, version: history.Version, latest: dict[str, Any]
    ) -> tuple[ChangeCause, list[str]]:
        """Who changed a post read anew from other bytes: the parsers, when today's parsers read the newest version's
        stored bytes as the new content; else the site, in the fields that differ from that re-reading.

        The newest version is re-read only when the run that stored it parsed with another parser version;
        a re-reading that differs from it replaces it in place, as a re-parse would.
        """
        stored = history.version_from_row(latest)
        reread = (
            self._reread(url, latest["body_hash"]) if self._read_by_other_parser(url, latest["body_hash"]) else None
        )
        if reread is None:
            return "site", history.changed_fields(stored, version)
        fields = history.changed_fields(reread, version)
        if not fields:
            return "parser", history.changed_fields(stored, version)
        if history.changed_fields(stored, reread):
            reread_row = {**history.version_row(reread), "content_hash": history.content_hash(reread)}
            self.db.table("post_versions").update((url, latest["version"]), reread_row)
        return "site", fields

    def _read_by_other_parser(self, url: str, body: str | None) -> bool:
        """Whether the newest run that stored these bytes for the URL parsed them with another parser version."""
        sql = """
            SELECT c.parser_version FROM responses r JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.url = ? AND r.body_hash = ? ORDER BY r.id DESC LIMIT 1
        """
        row = self.db.execute(sql, [url, body]).fetchone() if body else None
        return row is not None and row[0] != PARSER_VERSION

    def _reread(self, url: str, digest: str) -> history.Version | None:
        """What today's parsers read in a post's stored bytes, or None when they cannot be read or give no such post."""
        source = self.latest_response_with_body(url, digest)
        stored = self.compressed_body(digest)
        if source is None or stored is None:
            return None
        try:
            parsed = parse_html_response(decompress_body(stored), source.header("content-type"), url)
        except CorruptBody as exc:
            logger.warning("cannot re-read %s: %s", url, exc)
            return None
        except Exception as exc:  # noqa: BLE001  a parser bug leaves the change to the site, as before the re-reading
            logger.warning("cannot re-read %s: %s: %s", url, type(exc).__name__, exc)
            return None
        if parsed.post is None or parsed.post.url != url:
            return None
        return history.version_of(parsed)

    def latest_response_with_body(self, url: str, digest: str) -> StoredResponse | None:
        """The newest stored response that delivered these bytes for a URL."""
        sql = f"""
            SELECT {RESPONSE_COLUMNS} FROM responses r LEFT JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.url = ? AND r.body_hash = ? ORDER BY r.id DESC LIMIT 1
        """
        row = next(self.db.query(sql, [url, digest]), None)
        return _stored_response(row) if row else None

    # Versions

    def latest_version(self, post_url: str) -> dict[str, Any] | None:
        """The newest post_versions row of a post."""
        sql = "SELECT * FROM post_versions WHERE post_url = ? ORDER BY version DESC LIMIT 1"
        return next(self.db.query(sql, [post_url]), None)

    def _save_version(
        self, post_url: str, version: history.Version, run_id: int, body: str | None, latest: dict[str, Any] | None
    ) -> None:
        """Seen again: update `latest` with what was read (same content, or read anew by the parsers); else add a version."""
        row = {**history.version_row(version), "content_hash": history.content_hash(version), "last_seen_run": run_id}
        if latest is not None:
            self.db.table("post_versions").update((post_url, latest["version"]), row)
            return
        number = self.db.execute(
            "SELECT coalesce(max(version), 0) + 1 FROM post_versions WHERE post_url = ?", [post_url]
        ).fetchone()[0]
        self.db.table("post_versions").insert(
            {"post_url": post_url, "version": number, **row, "first_seen_run": run_id, "body_hash": body}
        )

    def _had_body(self, url: str, body: str | None, run_id: int) -> bool:
        """Whether an earlier run stored these very bytes for the URL (so a different reading is the parsers')."""
        where = "url = ? AND body_hash = ? AND run_id < ?"
        return body is not None and bool(self.db["responses"].count_where(where, [url, body, run_id]))

    def _touch_latest_version(self, post_url: str, run_id: int) -> None:
        """A run saw a post unchanged: its newest version was seen by that run."""
        self.db.execute(
            "UPDATE post_versions SET last_seen_run = ? WHERE post_url = ? AND version = "
            "(SELECT max(version) FROM post_versions WHERE post_url = ?)",
            [run_id, post_url, post_url],
        )

    def post_fetches(self) -> list[StoredResponse]:
        """Every 200 response with a body stored for a URL that is a post, oldest first: the sources of its versions."""
        sql = f"""
            SELECT {RESPONSE_COLUMNS} FROM responses r LEFT JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.status = 200 AND r.body_hash IS NOT NULL AND r.url IN (SELECT url FROM posts) ORDER BY r.id
        """
        return [_stored_response(row) for row in self.db.query(sql)]

    def post_last_seen(self) -> dict[str, int | None]:
        """Every post's last_seen_run."""
        return {row["url"]: row["last_seen_run"] for row in self.db.query("SELECT url, last_seen_run FROM posts")}

    def post_sightings(self) -> dict[str, set[int]]:
        """Runs known to have seen each post without storing a body of it: 304s, and the last runs of its stored versions."""
        sql = """
            SELECT post_url AS url, last_seen_run AS run_id FROM post_versions WHERE last_seen_run IS NOT NULL
            UNION SELECT url, run_id FROM responses WHERE status = 304 AND url IN (SELECT url FROM posts)
        """
        sightings: dict[str, set[int]] = {}
        for row in self.db.query(sql):
            sightings.setdefault(row["url"], set()).add(row["run_id"])
        return sightings

    def replace_versions(self, post_url: str, versions: Iterable[history.VersionSpan]) -> None:
        """A post's versions rebuilt: (version, body hash, first run, last run), oldest first."""
        self.db.execute("DELETE FROM post_versions WHERE post_url = ?", [post_url])
        self.db.table("post_versions").insert_all(
            {
                "post_url": post_url,
                "version": number,
                **history.version_row(version),
                "content_hash": history.content_hash(version),
                "first_seen_run": first_run,
                "last_seen_run": last_run,
                "body_hash": body,
            }
            for number, (version, body, first_run, last_run) in enumerate(versions, 1)
        )

    def _record_widget_changes(self, parsed: ParsedPage, run_id: int, cause: ChangeCause) -> None:
        """Months the Archive widget newly lists, or lists with another count, as archive_month_changes rows."""
        if not parsed.archive_months or (self._widget_written and parsed.archive_months == self._widget_written[0]):
            return
        stored = {
            row["id"]: row["listed_count"] for row in self.db.query("SELECT id, listed_count FROM archive_months")
        }
        self.db.table("archive_month_changes").insert_all(
            {
                "run_id": run_id,
                "month": month.id,
                "change": "added" if month.id not in stored else "changed",
                "old_count": stored.get(month.id),
                "new_count": month.listed_count,
                "cause": cause,
            }
            for month in parsed.archive_months
            if month.id not in stored or stored[month.id] != month.listed_count
        )

    def _save_related(self, parsed: ParsedPage) -> None:
        """Replace a post's related links (they change with the site, not with the post)."""
        assert parsed.post is not None
        self.db.execute("DELETE FROM related_links WHERE source_url = ?", [parsed.post.url])
        self.db.table("related_links").insert_all(
            {"source_url": parsed.post.url, **asdict(link)} for link in parsed.related_links
        )

    def _replace_post_children(self, parsed: ParsedPage) -> None:
        """Replace a post's categories, tags, exercises, steps and body images."""
        post = parsed.post
        assert post is not None
        url = post.url
        for table in ("post_categories", "post_tags", "images"):
            column = "page_url" if table == "images" else "post_url"
            self.db.execute(f"DELETE FROM {table} WHERE {column} = ?", [url])
        kept_ids = [row[0] for row in self.db.execute("SELECT id FROM exercises WHERE post_url = ? ORDER BY id", [url])]
        self.db.execute(
            "DELETE FROM exercise_steps WHERE exercise_id IN (SELECT id FROM exercises WHERE post_url = ?)", [url]
        )
        self.db.execute("DELETE FROM exercises WHERE post_url = ?", [url])
        self.db.table("post_categories").insert_all(
            {"post_url": url, "category": name} for name in dict.fromkeys(post.categories)
        )
        self.db.table("post_tags").insert_all({"post_url": url, "tag": name} for name in dict.fromkeys(post.tags))
        self.db.table("images").insert_all({"page_url": url, **asdict(image)} for image in parsed.images)
        exercise_columns = set(
            self.db.table("exercises").columns_dict
        )  # the parsers' newer fields wait for a migration
        step_columns = set(self.db.table("exercise_steps").columns_dict)
        for index, exercise in enumerate(parsed.exercises):  # rewritten under the ids they had, so links to them hold
            row = {key: value for key, value in asdict(exercise).items() if key in exercise_columns}
            kept = {"id": kept_ids[index]} if index < len(kept_ids) else {}
            exercise_id = self.db.table("exercises").insert({**kept, "post_url": url, **row}).last_pk
            self.db.table("exercise_steps").insert_all(
                {key: value for key, value in asdict(step).items() if key in step_columns}
                | {"exercise_id": exercise_id, "per_side": int(step.per_side)}
                for step in exercise.steps
            )

    def _record_change(self, change: PostChange, run_id: int) -> None:
        """Append one row to post_changes."""
        fields = None if change.fields is None else json.dumps(list(change.fields))
        self.db.table("post_changes").insert({"run_id": run_id, **asdict(change), "fields": fields})

    def mark_gone(self, url: str, run_id: int, cause: ChangeCause = "site") -> PostChange | None:
        """A stored post now answers 404/410 (or, cause parser, no longer parses as a post): keep its row, mark it removed."""
        row = next(
            self.db.query("SELECT content_hash FROM posts WHERE url = ? AND removed_in_run IS NULL", [url]), None
        )
        if row is None:
            return None
        change = PostChange(url, "removed", row["content_hash"], None, cause=cause)
        with self.db.atomic():
            self.db.table("posts").update(url, {"removed_in_run": run_id})
            self._record_change(change, run_id)
        return change

    def mark_unseen_removed(self, run_id: int, since_run: int) -> list[PostChange]:
        """After a complete run: posts not seen since `since_run` are removed (rows kept)."""
        sql = "SELECT url FROM posts WHERE removed_in_run IS NULL AND (last_seen_run IS NULL OR last_seen_run < ?)"
        urls = [row["url"] for row in self.db.query(sql, [since_run])]
        return [change for url in urls if (change := self.mark_gone(url, run_id))]

    # Frontier

    def _mark_done(self, url: str) -> None:
        """The frontier's record that a URL has been handled in this run."""
        self.db.execute("UPDATE frontier SET state = 'done' WHERE url = ?", [url])

    def reset_frontier(self, run_id: int, urls: Iterable[FrontierEntry]) -> None:
        """Start a fresh frontier for a run with its seed URLs."""
        with self.db.atomic():
            self.db.execute("DELETE FROM frontier")
            self.add_to_frontier(run_id, urls)

    def add_to_frontier(self, run_id: int, urls: Iterable[FrontierEntry]) -> None:
        """Queue URLs (url, depth, source) for this run; ones already there are kept."""
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO frontier (url, run_id, depth, source_url, state) VALUES (?, ?, ?, ?, 'queued')",
                [(url, run_id, depth, source) for url, depth, source in urls],
            )

    def frontier(self) -> Iterator[dict[str, Any]]:
        """Every frontier row."""
        yield from self.db["frontier"].rows

    def skip(
        self, run_id: int, url: str, reason: SkipReason, source_url: str | None, variant: str | None = None
    ) -> None:
        """Record a URL the run chose not to fetch, and why (once per run and URL): one statement, atomic by itself."""
        self.db.execute(
            "INSERT OR IGNORE INTO skipped_urls (run_id, url, reason, source_url, variant) VALUES (?, ?, ?, ?, ?)",
            [run_id, url, reason, source_url, variant],
        )

    def skip_trap(self, run_id: int, url: str, source_url: str | None, trap: TrapRecord) -> None:
        """Record a URL a trap rule refused: the rule, the URL pattern it judged, the requests spent there."""
        rule, pattern, requests = trap
        reason: SkipReason = "trap"
        with self.db.atomic():
            self.db.execute(
                "INSERT OR IGNORE INTO skipped_urls (run_id, url, reason, source_url, rule, pattern, requests_spent)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [run_id, url, reason, source_url, rule, pattern, requests],
            )
            self._mark_done(url)

    # Figures

    def count(self, table: str, where: str | None = None, params: Iterable[Any] = ()) -> int:
        """Rows in a table, optionally filtered."""
        return int(self.db[table].count_where(where, list(params)) if where else self.db[table].count)
