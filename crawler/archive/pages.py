"""The page store: every URL fetched (pages) and what any page shows besides a post: its links, the posts it
lists, the Archive widget's months and their changes."""

from __future__ import annotations

import json
from dataclasses import asdict

from sqlite_utils import Database

from crawler.records import ChangeCause, FetchResult, Validators
from parsers.models import ArchiveMonth, PageKind, ParsedPage
from parsers.urls import archive_month_id

PAGE_COLUMNS = (
    "url", "final_url", "status", "kind", "content_type", "etag", "last_modified", "content_hash", "fetched_at",
    "run_id", "error", "sitemap_lastmod",
)  # fmt: skip
UPSERT_PAGE = (  # one prepared statement for every fetched page: the columns a fetch sets, others kept
    f"INSERT INTO pages ({', '.join(PAGE_COLUMNS)}) VALUES ({', '.join('?' * len(PAGE_COLUMNS))})"
    f" ON CONFLICT (url) DO UPDATE SET {', '.join(f'{name} = excluded.{name}' for name in PAGE_COLUMNS[1:])}"
)


class PageStore:
    """pages, links, listings, archive_months and archive_month_changes, written with sqlite-utils."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._widget_written: tuple[tuple[ArchiveMonth, ...], int | None] | None = None

    # Writing

    def save_fetched(
        self, result: FetchResult, kind: PageKind, stored_hash: str | None, run_id: int, sitemap_lastmod: str | None
    ) -> None:
        """A page's row as the fetch left it (the columns a fetch sets; the others kept)."""
        self.db.execute(
            UPSERT_PAGE,
            [
                result.url, result.final_url, result.status, kind, result.content_type, result.etag,
                result.last_modified, stored_hash, result.fetched_at, run_id, result.error, sitemap_lastmod,
            ],
        )  # fmt: skip

    def save_failure(self, result: FetchResult, kind: PageKind, run_id: int) -> None:
        """A fetch that failed: record why, keeping what the row held of the last good fetch."""
        existing = self.db["pages"].count_where("url = ?", [result.url])
        row = {"status": result.status, "error": result.error or f"HTTP {result.status}", "run_id": run_id}
        if existing:
            self.db.table("pages").update(result.url, {**row, "fetched_at": result.fetched_at})
        else:
            first_seen = {"url": result.url, "kind": kind, "content_type": result.content_type}
            self.db.table("pages").insert({**first_seen, "fetched_at": result.fetched_at, **row})

    def save_not_modified(self, result: FetchResult, run_id: int) -> None:
        """A 304: only the page's fetch time and run change."""
        self.db.table("pages").update(result.url, {"fetched_at": result.fetched_at, "run_id": run_id, "error": None})

    def save_parsed(self, parsed: ParsedPage, page_url: str, run_id: int, reparse: bool) -> None:
        """What the parsers found on a page besides its post: kind, title, missing parts, links, listings and the
        Archive widget (its months seen by `run_id` unless this is a re-parse, which sees nothing on the site)."""
        missing = json.dumps(list(parsed.missing)) if parsed.missing else None
        self.db.execute(
            "UPDATE pages SET kind = ?, title = ?, missing = ? WHERE url = ?",
            [parsed.kind, parsed.title, missing, page_url],
        )
        self._record_widget_changes(parsed, run_id, "parser" if reparse else "site")
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
        seen_run = None if reparse else run_id
        widget = (parsed.archive_months, seen_run)
        if parsed.archive_months and widget != self._widget_written:  # every page repeats the widget
            self._widget_written = widget
            seen = {} if seen_run is None else {"last_seen_run": seen_run}
            self.db.table("archive_months").upsert_all(
                ({**asdict(month), **seen} for month in parsed.archive_months), pk="id"
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

    # Reading

    def validators(self, url: str) -> Validators | None:
        """The ETag and Last-Modified stored for a URL, for a conditional GET."""
        row = self.db.execute("SELECT etag, last_modified FROM pages WHERE url = ?", [url]).fetchone()
        if row is None or not (row[0] or row[1]):
            return None
        return Validators(row[0], row[1])

    def fetched_urls(self) -> list[str]:
        """Every URL the archive has a page row for, in the order first stored."""
        return [row[0] for row in self.db.execute("SELECT url FROM pages ORDER BY rowid").fetchall()]

    def stored_internal_links(self, url: str) -> list[str]:
        """Internal link targets stored for a page, for following an unchanged page."""
        sql = "SELECT DISTINCT target_url FROM links WHERE source_url = ? AND is_internal = 1"
        return [row[0] for row in self.db.execute(sql, [url]).fetchall()]  # tuples, not dicts: a re-crawl reads ~17,000

    def fetched_at(self, url: str) -> str | None:
        """When the page was last fetched (ISO 8601, UTC), if it was."""
        row = self.db.execute("SELECT fetched_at FROM pages WHERE url = ?", [url]).fetchone()
        return None if row is None else row[0]

    def stored_answer(self, url: str) -> tuple[int | None, str | None]:
        """The status and final URL of the page's last fetch ((None, None) when never fetched)."""
        row = self.db.execute("SELECT status, final_url FROM pages WHERE url = ?", [url]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def is_stored_whole(self, url: str) -> bool:
        """Whether the page's last fetch answered 200, was parsed without error and its body is stored."""
        sql = "SELECT 1 FROM pages WHERE url = ? AND status = 200 AND error IS NULL AND content_hash IS NOT NULL"
        return self.db.execute(sql, [url]).fetchone() is not None

    def is_current(self, url: str, lastmod: str) -> bool:
        """Whether the page is stored whole and the sitemap gave the same lastmod when it was fetched."""
        row = self.db.execute("SELECT status, sitemap_lastmod FROM pages WHERE url = ?", [url]).fetchone()
        return row is not None and row[0] == 200 and row[1] == lastmod

    def stored_content(self, url: str) -> tuple[tuple[str, str] | None, list[str]]:
        """What a stored page added: its post's (title, body_text), if it is one, and the post URLs it lists."""
        post = self.db.execute("SELECT title, body_text FROM posts WHERE url = ?", [url]).fetchone()
        sql = "SELECT post_url FROM listings WHERE page_url = ? ORDER BY position"
        listed = [row[0] for row in self.db.execute(sql, [url]).fetchall()]
        return (post[0], post[1]) if post else None, listed
