"""The frontier: the URLs a run has queued and handled, and those it chose not to fetch (skipped_urls)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sqlite_utils import Database

from crawler.records import SkipReason

FrontierEntry = tuple[str, int, str | None]  # url, depth, the page it was found on
TrapRecord = tuple[str, str, int]  # rule, the URL pattern it judged, requests spent on that pattern


class Frontier:
    """frontier and skipped_urls, written with sqlite-utils."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def reset(self, run_id: int, urls: Iterable[FrontierEntry]) -> None:
        """Start a fresh frontier for a run with its seed URLs."""
        with self.db.atomic():
            self.db.execute("DELETE FROM frontier")
            self.add(run_id, urls)

    def add(self, run_id: int, urls: Iterable[FrontierEntry]) -> None:
        """Queue URLs (url, depth, source) for this run; ones already there are kept."""
        with self.db.atomic():
            self.db.conn.executemany(
                "INSERT OR IGNORE INTO frontier (url, run_id, depth, source_url, state) VALUES (?, ?, ?, ?, 'queued')",
                [(url, run_id, depth, source) for url, depth, source in urls],
            )

    def mark_done(self, url: str) -> None:
        """The frontier's record that a URL has been handled in this run."""
        self.db.execute("UPDATE frontier SET state = 'done' WHERE url = ?", [url])

    def rows(self) -> Iterator[dict[str, Any]]:
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
            self.mark_done(url)

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
