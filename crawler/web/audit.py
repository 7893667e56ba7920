"""The archive's audits as a report: the rows of each audit view that need attention, for people or machines."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from crawler.archive.complete import require_complete_crawl
from crawler.archive.files import connect_readonly
from crawler.web.metadata import METADATA_DATABASE_KEY, load_metadata


@dataclass(frozen=True, slots=True)
class Audit:
    """One audit: a view, the rows of it that are findings, and the columns the text report shows."""

    name: str  # the word for --fail-on
    view: str
    columns: tuple[str, ...]
    findings: str = "1"  # SQL condition on the view's rows


AUDITS = (
    Audit("archive", "archive_audit", ("month", "status"), "status != 'ok'"),
    Audit("missing-months", "months_without_posts", ("month", "label", "removed_posts")),
    Audit("unlisted", "posts_not_in_archive_pages", ("month", "url", "reason")),
    Audit("broken-links", "broken_links", ("status", "target_url", "source_url")),
    Audit("missing-alt", "images_missing_alt", ("place", "page_url", "src")),
    Audit("uncategorized", "posts_without_category", ("published", "url")),
    Audit("changes", "latest_changes", ("change", "post_url")),
    Audit("duplicate-titles", "duplicate_titles", ("title", "url")),
    Audit("meta-descriptions", "missing_meta_descriptions", ("problem", "url")),
    Audit("long-titles", "long_titles", ("title_length", "url")),
    Audit("thin-posts", "thin_posts", ("word_count", "url")),
    Audit("orphan-posts", "orphan_posts", ("published", "url")),
    Audit("no-featured-image", "posts_without_featured_image", ("published", "url")),
    Audit("stale-posts", "stale_posts", ("last_updated", "url")),
    Audit("redirected-links", "redirected_links", ("target_url", "redirects_to", "source_url")),
    Audit("missing-images", "missing_images", ("problem", "media_url", "post_url")),
    Audit("heavy-images", "heavy_images", ("size_kb", "url", "post_count")),
)
AUDIT_NAMES = tuple(audit.name for audit in AUDITS)


@dataclass(frozen=True, slots=True)
class AuditResult:
    """What one audit found: how many rows, and the first of them."""

    name: str
    view: str
    title: str
    description: str
    count: int
    rows: list[dict[str, Any]]


def audit_texts() -> dict[str, dict[str, str]]:
    """The canned queries' titles and descriptions from the Datasette metadata, by view."""
    metadata = load_metadata()
    queries: dict[str, dict[str, str]] = metadata["databases"][METADATA_DATABASE_KEY]["queries"]
    return queries


def run_audit(conn: sqlite3.Connection, audit: Audit, texts: dict[str, str], limit: int | None) -> AuditResult:
    """One audit's findings over an open archive."""
    findings = f"FROM [{audit.view}] WHERE {audit.findings}"
    count = int(conn.execute(f"SELECT count(*) {findings}").fetchone()[0])
    cursor = conn.execute(
        f"SELECT * {findings}" + ("" if limit is None else " LIMIT ?"), [] if limit is None else [limit]
    )
    names = [column[0] for column in cursor.description]
    rows = [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]
    return AuditResult(audit.name, audit.view, texts["title"], texts["description"], count, rows)


def run_audits(db_path: Path, limit: int | None = 5) -> list[AuditResult]:
    """Every audit over the archive, opened read-only; `limit` rows of each (None: all).

    Raises NoCompleteCrawl when no crawl has finished: audits of nothing would read as a clean site.
    """
    texts = audit_texts()
    with closing(connect_readonly(db_path)) as conn:
        require_complete_crawl(conn, db_path)
        return [run_audit(conn, audit, texts[audit.view], limit) for audit in AUDITS]


def failing(results: list[AuditResult], names: set[str]) -> list[str]:
    """The named audits that found something."""
    return [result.name for result in results if result.name in names and result.count]


def as_json(db_path: Path, results: list[AuditResult]) -> str:
    """The report as one JSON object."""
    return json.dumps({"db": str(db_path), "audits": [asdict(result) for result in results]}, ensure_ascii=False)


def format_table(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> list[str]:
    """Rows as indented, aligned lines of their key columns, under a header line."""
    cells = [list(columns)] + [["" if row[column] is None else str(row[column]) for column in columns] for row in rows]
    widths = [max(len(line[index]) for line in cells) for index in range(len(columns))]
    return [
        "  " + "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=False)).rstrip()
        for line in cells
    ]


def format_report(db_path: Path, results: list[AuditResult]) -> str:
    """The report for a terminal: a summary line, then a short section per audit."""
    found = [f"{result.name} {result.count}" for result in results if result.count]
    lines = [f"Audit of {db_path}: " + (", ".join(found) if found else "nothing found")]
    columns = {audit.name: audit.columns for audit in AUDITS}
    for result in results:
        lines += ["", f"{result.title} [{result.name}]: {result.count}", f"  {result.description}"]
        lines += format_table(result.rows, columns[result.name]) if result.rows else []
        if result.count > len(result.rows):
            lines.append(f"  … and {result.count - len(result.rows)} more (blog-archive serve, query {result.view})")
    return "\n".join(lines)
