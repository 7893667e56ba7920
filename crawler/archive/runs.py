"""The run log: one crawl_runs row per crawl or re-parse, how it ended and what it counted."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

from sqlite_utils import Database

from crawler.records import PostChange, RunMode, RunStatus, utc_now
from parsers import PARSER_VERSION


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
    moved_posts: int = 0
    media_requests: int = 0  # picture GETs sent (conditional ones included)
    media_kept: int = 0  # pictures whose bytes were stored or confirmed unchanged (304)
    media_bytes: int = 0  # picture bytes downloaded
    media_errors: int = 0  # pictures that gave no bytes: an error status, refused, too large, not an image


class RunLog:
    """crawl_runs, written with sqlite-utils."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def start(
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

    def finish(
        self, run_id: int, status: RunStatus, totals: RunTotals, seconds: float, error: str | None = None
    ) -> None:
        """Record how a run ended."""
        row = {"finished_at": utc_now(), "status": status, "seconds": round(seconds, 3), "error": error}
        self.db.table("crawl_runs").update(run_id, {**row, **asdict(totals)})

    def mark_interrupted(self) -> list[int]:
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

    def get(self, run_id: int) -> dict[str, Any]:
        """The crawl_runs row of a run."""
        return dict(self.db.table("crawl_runs").get(run_id))

    def has(self, run_id: int) -> bool:
        """Whether a crawl_runs row has this id."""
        return bool(self.db["crawl_runs"].count_where("id = ?", [run_id]))

    def latest_start_url(self) -> str | None:
        """The start URL of the latest crawl, if there was one."""
        sql = "SELECT start_url FROM crawl_runs WHERE mode != 'reparse' ORDER BY id DESC LIMIT 1"
        row = next(self.db.query(sql), None)
        return row["start_url"] if row else None

    def resumable(self, start_url: str) -> int | None:
        """The latest crawl, if it was interrupted on this start URL with URLs still queued."""
        sql = "SELECT id, status, start_url FROM crawl_runs WHERE mode != 'reparse' ORDER BY id DESC LIMIT 1"
        latest = next(self.db.query(sql), None)
        if latest is None or latest["status"] != "interrupted" or latest["start_url"] != start_url:
            return None
        return int(latest["id"]) if self.db["frontier"].count_where("state = 'queued'") else None

    def chain_start(self, run_id: int) -> int:
        """The first run of a chain of resumed runs ending at this one."""
        while (resumed := self.get(run_id)["resumed_run"]) is not None:
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

    def read_by_other_parser(self, url: str, body_hash: str | None) -> bool:
        """Whether the newest run that stored these bytes for the URL parsed them with another parser version."""
        sql = """
            SELECT c.parser_version FROM responses r JOIN crawl_runs c ON c.id = r.run_id
            WHERE r.url = ? AND r.body_hash = ? ORDER BY r.id DESC LIMIT 1
        """
        row = self.db.execute(sql, [url, body_hash]).fetchone() if body_hash else None
        return row is not None and row[0] != PARSER_VERSION


CHANGE_TOTALS = {"added": "new_posts", "changed": "changed_posts", "removed": "removed_posts", "moved": "moved_posts"}


class Tally:
    """What a run counts as it goes, as the RunTotals its crawl_runs row will hold."""

    def __init__(self) -> None:
        self.totals = RunTotals()

    def count(self, **increments: int) -> None:
        """Add to the totals."""
        self.totals = replace(
            self.totals, **{name: getattr(self.totals, name) + value for name, value in increments.items()}
        )

    def count_change(self, change: PostChange | None) -> None:
        """Count a post added, changed, removed or moved (nothing for None)."""
        if change is not None:
            self.count(**{CHANGE_TOTALS[change.change]: 1})
