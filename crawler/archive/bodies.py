"""The body store: every response (responses) and the raw bytes of each body, once, compressed (bodies)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import zstandard
from sqlite_utils import Database

from crawler.errors import CorruptBody
from crawler.records import FetchResult

COMPRESSION = "zstd"
ZSTD_LEVEL = 3  # zstd's default: on the replica's pages 5x faster than level 10 for 7 % more bytes
RESPONSE_COLUMNS = """
    r.id, r.run_id, r.url, r.status, r.headers, r.fetched_at, r.body_hash, r.request_headers,
    r.http_version, r.reason, c.user_agent
"""


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


def _stored_response(row: dict[str, Any]) -> StoredResponse:
    """A StoredResponse from a responses row joined with its run."""
    pairs = {
        key: tuple((name, value) for name, value in json.loads(row[key] or "[]"))
        for key in ("headers", "request_headers")
    }
    return StoredResponse(**{**row, **pairs})


class BodyStore:
    """responses and bodies, written with sqlite-utils."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)

    def save_body(self, body: bytes, digest: str | None = None) -> str:
        """Store a response body once, compressed; return its hash (given when the caller has it already)."""
        digest = digest or body_hash(body)
        if self.db.execute("SELECT 1 FROM bodies WHERE hash = ?", [digest]).fetchone() is None:
            data = self._compressor.compress(body)
            self.db.execute(
                "INSERT INTO bodies (hash, size, stored_size, compression, data) VALUES (?, ?, ?, ?, ?)",
                [digest, len(body), len(data), COMPRESSION, data],
            )
        return digest

    def save_response(self, result: FetchResult, run_id: int, stored_hash: str | None) -> None:
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

    def compressed_body(self, digest: str) -> CompressedBody | None:
        """A body as stored, still compressed, or None when no row has that hash."""
        row = next(self.db.query("SELECT hash, compression, data FROM bodies WHERE hash = ?", [digest]), None)
        return CompressedBody(**row) if row else None

    def stored_body(self, url: str) -> bytes | None:
        """The raw body last stored for a URL, decompressed."""
        sql = "SELECT b.data FROM pages p JOIN bodies b ON b.hash = p.content_hash WHERE p.url = ?"
        row = next(self.db.query(sql, [url]), None)
        return zstandard.ZstdDecompressor().decompress(row["data"]) if row else None

    def had_body(self, url: str, digest: str | None, run_id: int) -> bool:
        """Whether an earlier run stored these very bytes for the URL (so a different reading is the parsers')."""
        where = "url = ? AND body_hash = ? AND run_id < ?"
        return digest is not None and bool(self.db["responses"].count_where(where, [url, digest, run_id]))

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
        return self._one_response("r.url = ? AND r.status = 200 AND r.body_hash IS NOT NULL", [url])

    def latest_response_with_body(self, url: str, digest: str) -> StoredResponse | None:
        """The newest stored response that delivered these bytes for a URL."""
        return self._one_response("r.url = ? AND r.body_hash = ?", [url, digest])

    def responses_with_bodies(self, since_run: int | None = None) -> list[StoredResponse]:
        """Every stored response that came with a body, oldest first; only runs from since_run on, if given."""
        sql = f"""
            SELECT {RESPONSE_COLUMNS} FROM responses r LEFT JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.body_hash IS NOT NULL AND r.run_id >= ? ORDER BY r.id
        """
        return [_stored_response(row) for row in self.db.query(sql, [since_run or 0])]

    def responses(self, ids: list[int]) -> list[StoredResponse]:
        """The stored responses with these ids, in the order given."""
        sql = f"""
            SELECT {RESPONSE_COLUMNS} FROM responses r LEFT JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.id IN (SELECT value FROM json_each(?))
        """
        found = {row["id"]: _stored_response(row) for row in self.db.query(sql, [json.dumps(ids)])}
        return [found[response_id] for response_id in ids]

    def ok_responses(self) -> Iterator[StoredResponse]:
        """Every 200 response with a body stored, oldest first, read as it is consumed."""
        sql = f"""
            SELECT {RESPONSE_COLUMNS} FROM responses r LEFT JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.status = 200 AND r.body_hash IS NOT NULL ORDER BY r.id
        """
        return map(_stored_response, self.db.query(sql))

    def post_fetches(self) -> list[tuple[str, int, str]]:
        """(URL, run, body hash) of every 200 response with a body stored for a post or an earlier address of one
        (post_urls), the sources of its versions: oldest first, each URL's together, URLs in the order they were
        first fetched."""
        sql = """
            SELECT url, run_id, body_hash FROM responses
            WHERE status = 200 AND body_hash IS NOT NULL
              AND (url IN (SELECT url FROM posts) OR url IN (SELECT url FROM post_urls))
            ORDER BY min(id) OVER (PARTITION BY url), id
        """
        return [(url, run_id, digest) for url, run_id, digest in self.db.execute(sql).fetchall()]

    def _one_response(self, where: str, params: list[Any]) -> StoredResponse | None:
        """The newest stored response matching a condition on `r` (responses)."""
        sql = f"""
            SELECT {RESPONSE_COLUMNS} FROM responses r LEFT JOIN crawl_runs c ON c.id = r.run_id
            WHERE {where} ORDER BY r.id DESC LIMIT 1
        """
        row = next(self.db.query(sql, params), None)
        return _stored_response(row) if row else None
