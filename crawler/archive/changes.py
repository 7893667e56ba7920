"""The change digest: what the site changed since a run (posts, broken links, images without alt), read-only."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from crawler.archive import history
from crawler.archive.complete import require_complete_crawl, require_run
from crawler.archive.files import connect_readonly


@dataclass(frozen=True, slots=True)
class ChangedPost:
    """A post the site changed: the fields that differ between the two runs, and a short diff of each."""

    url: str
    title: str | None
    fields: list[str]
    diff: dict[str, str]


@dataclass(frozen=True, slots=True)
class MovedPost:
    """A post the site gave a new address: where it was when the period began, where it is now."""

    from_url: str
    to_url: str


@dataclass(frozen=True, slots=True)
class Digest:
    """What the site changed after `since_run`, up to `until_run`."""

    since_run: int
    until_run: int
    added: list[str]
    removed: list[str]
    changed: list[ChangedPost]
    moved: list[MovedPost] = field(default_factory=list)
    titles: dict[str, str | None] = field(default_factory=dict)
    broken_links: list[dict[str, Any]] = field(default_factory=list)
    images_missing_alt: list[dict[str, Any]] = field(default_factory=list)
    archive_months: list[dict[str, Any]] = field(default_factory=list)


LATEST_CRAWL = "SELECT max(id) FROM crawl_runs WHERE mode != 'reparse'"
PREVIOUS_COMPLETE_CRAWL = "SELECT max(id) FROM crawl_runs WHERE mode != 'reparse' AND status = 'ok' AND id < ?"
SITE_CHANGES = """
    SELECT post_url, change FROM post_changes
    WHERE run_id > ? AND run_id <= ? AND coalesce(cause, 'site') = 'site' ORDER BY id
"""
VERSION_AT = "SELECT * FROM post_versions WHERE post_url = ? AND first_seen_run <= ? ORDER BY version DESC LIMIT 1"
NEW_BROKEN_LINKS = """
    SELECT b.link_kind, b.source_url, b.target_url, b.text, b.status, b.error FROM broken_links b
    WHERE NOT EXISTS (
        SELECT 1 FROM responses r
        WHERE r.url = b.target_url AND r.run_id <= ? AND (r.status >= 400 OR r.status IS NULL)
    )
"""
MOVES = """
    SELECT post_url, old_url FROM post_changes
    WHERE run_id > ? AND run_id <= ? AND change = 'moved' AND old_url IS NOT NULL ORDER BY id
"""
MONTH_CHANGES = """
    SELECT run_id, month, change, old_count, new_count FROM archive_month_changes
    WHERE run_id > ? AND run_id <= ? AND cause = 'site' ORDER BY month DESC
"""


def rows(conn: sqlite3.Connection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """Query results as dicts."""
    cursor = conn.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]


def default_since(conn: sqlite3.Connection) -> int:
    """The latest complete crawl before the newest one (0, the beginning, when there is none)."""
    latest = conn.execute(LATEST_CRAWL).fetchone()[0] or 0
    return int(conn.execute(PREVIOUS_COMPLETE_CRAWL, [latest]).fetchone()[0] or 0)


def missing_alt(version: history.Version | None) -> set[str]:
    """The image sources of a version (featured image included) with no alt text."""
    if version is None:
        return set()
    found = {src for src, alt in version["images"] if not (alt or "").strip()}
    if version["featured_image_url"] and not (version["featured_image_alt"] or "").strip():
        found.add(version["featured_image_url"])
    return found


def version_at(conn: sqlite3.Connection, url: str, run_id: int) -> history.Version | None:
    """The version of a post the given run (or an earlier one) last found."""
    found = rows(conn, VERSION_AT, [url, run_id])
    return history.version_from_row(found[0]) if found else None


def load_digest(db_path: Path, since_run: int | None = None) -> Digest:
    """The site's changes after `since_run` (default: the latest complete crawl before the newest one).

    Raises NoCompleteCrawl when no crawl has finished yet, and UnknownRun for a `since_run` the archive lacks.
    """
    with closing(connect_readonly(db_path)) as conn:
        require_complete_crawl(conn, db_path)
        if since_run:  # 0 is the beginning
            require_run(conn, db_path, since_run)
        since = default_since(conn) if since_run is None else since_run
        until = int(conn.execute("SELECT max(id) FROM crawl_runs").fetchone()[0] or 0)
        return build_digest(conn, since, until)


def build_digest(conn: sqlite3.Connection, since: int, until: int) -> Digest:
    """The digest over an open archive."""
    kinds: dict[str, set[str]] = {}
    for row in rows(conn, SITE_CHANGES, [since, until]):
        kinds.setdefault(row["post_url"], set()).add(row["change"])
    live = {row["url"]: row for row in rows(conn, "SELECT url, title, removed_in_run FROM posts", [])}
    titles = {url: live[url]["title"] for url in kinds if url in live}
    added = sorted(url for url, seen in kinds.items() if "added" in seen and live[url]["removed_in_run"] is None)
    removed = sorted(  # removed in the period (a post removed before it and moved since is not)
        url
        for url, seen in kinds.items()
        if "removed" in seen and live[url]["removed_in_run"] is not None and "added" not in seen
    )
    changed, images = [], []
    for url in sorted(set(kinds) - set(removed)):
        before, after = version_at(conn, url, since) if since else None, version_at(conn, url, until)
        if after is None:
            continue
        images += [{"page_url": url, "src": src} for src in sorted(missing_alt(after) - missing_alt(before))]
        if url in added or before is None:
            continue
        fields = history.changed_fields(before, after)
        diff = {name: history.short_diff(name, before[name], after[name]) for name in fields}
        if fields:
            changed.append(ChangedPost(url, titles.get(url), fields, diff))
    first_address: dict[str, str] = {}  # a post moved more than once: from where it was to where it is
    for row in rows(conn, MOVES, [since, until]):
        first_address.setdefault(row["post_url"], row["old_url"])
    moved = [MovedPost(old, url) for url, old in sorted(first_address.items()) if old != url]
    return Digest(
        since_run=since,
        until_run=until,
        added=added,
        removed=removed,
        changed=changed,
        moved=moved,
        titles=titles,
        broken_links=rows(conn, NEW_BROKEN_LINKS, [since]),
        images_missing_alt=images,
        archive_months=rows(conn, MONTH_CHANGES, [since, until]) if since else [],  # a first crawl lists every month
    )


def as_json(digest: Digest) -> str:
    """The digest as one JSON object (the shape SCHEMA.md gives)."""
    data = asdict(digest)
    data.pop("titles")
    data["moved"] = [{"from": move.from_url, "to": move.to_url} for move in digest.moved]
    return json.dumps(data, ensure_ascii=False)


def counted(number: int, noun: str) -> str:
    """`1 post`, `2 posts`."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


def format_digest(db_path: Path, digest: Digest) -> str:
    """The digest as plain text, for a mail."""
    since = f"run {digest.since_run}" if digest.since_run else "the first crawl"
    lines = [
        (
            f"Changes to {db_path} since {since}, up to run {digest.until_run}: {counted(len(digest.added), 'post')} added, "
            f"{len(digest.changed)} changed, {len(digest.removed)} removed, {len(digest.moved)} moved; {counted(len(digest.broken_links), 'new broken link')}, "
            f"{counted(len(digest.images_missing_alt), 'new image')} without alt text"
        )
    ]
    for heading, urls in (("Added", digest.added), ("Removed", digest.removed)):
        if urls:
            lines += ["", heading] + [f"  {url}  {digest.titles.get(url) or ''}".rstrip() for url in urls]
    if digest.moved:
        lines += ["", "Moved"]
        for move in digest.moved:
            lines.append(f"  {move.from_url}  →  {move.to_url}  {digest.titles.get(move.to_url) or ''}".rstrip())
    if digest.changed:
        lines += ["", "Changed"]
        for post in digest.changed:
            lines.append(f"  {post.url}  {post.title or ''}".rstrip())
            lines += [f"    {name}: {text}" for name, text in post.diff.items()]
    if digest.broken_links:
        lines += ["", "New broken links"]
        lines += [
            f"  {link['status'] or link['error']}  {link['target_url']}  on {link['source_url']}"
            for link in digest.broken_links
        ]
    if digest.images_missing_alt:
        lines += ["", "New images without alt text"] + [
            f"  {image['src']}  in {image['page_url']}" for image in digest.images_missing_alt
        ]
    if digest.archive_months:
        lines += ["", "Archive widget"]
        lines += [
            f"  {month['month']}: {month['change']}, count {history.shown(month['old_count'])} → {history.shown(month['new_count'])}"
            for month in digest.archive_months
        ]
    return "\n".join(lines)
