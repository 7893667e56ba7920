"""A post is one post: which stored post a reading belongs to, and moving a post to a new address.

A post read at URL U with WordPress id N is, in order: the row at U; a row (live or removed) with wp_id N that
this run has not seen at its own address; the row at a known post URL that answered this run with a redirect to U;
else a new post. A move rewrites the post's URL in `posts` and every row that points at it, keeps the old address
in `post_urls` and records one `moved` row in post_changes, in one transaction.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from crawler.archive.history import Version
from crawler.errors import SiteMoved
from crawler.records import PostChange

PARENT_KEYS = {"posts": "url", "post_versions": "post_url"}  # rows pointing at these follow a moved post


def origin(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def on_origin(url: str, new_origin: str) -> str:
    """The same path, query and all, on another origin."""
    parts, target = urlsplit(url), urlsplit(new_origin)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


def archive_origin(db_path: Path) -> str | None:
    """The origin of the archive's newest crawl that did not fail (a mistyped start URL leaves no mark), read through
    a read-only connection that leaves the file as it is."""
    if not db_path.is_file() or db_path.stat().st_size == 0:
        return None
    uri = f"{db_path.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            row = conn.execute(
                "SELECT start_url FROM crawl_runs WHERE mode != 'reparse' AND status != 'failed' ORDER BY id DESC LIMIT 1"
            ).fetchone()
    except sqlite3.DatabaseError:  # no crawl_runs yet, or not an archive: the store says which when opened
        return None
    return origin(row[0]) if row and row[0] else None


def check_origin(db_path: Path, start_url: str, site_moved: bool) -> None:
    """Raise SiteMoved when the archive knows another origin than the start URL's and the move was not declared."""
    known = archive_origin(db_path)
    if known is not None and known != origin(start_url) and not site_moved:
        raise SiteMoved(db_path, known, origin(start_url))


@dataclass(frozen=True, slots=True)
class Move:
    """A post found at a new address: its old URL, its new one."""

    old_url: str
    new_url: str


class PostIdentity:
    """Which stored post a reading is, and moves (posts.url and the rows that point at it, post_urls, post_changes)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.redirects: dict[str, str] = {}  # known post URL -> where it redirected this run
        self.site_move: tuple[str, str] | None = None  # (old origin, new origin) when this run moved the site

    def note_redirect(self, url: str, target: str) -> None:
        """A URL answered this run with a redirect to `target`."""
        self.redirects[url] = target

    def earlier_address(self, url: str, wp_id: int | None, run_id: int) -> str | None:
        """The URL the archive keeps this post under, when it is another than `url`; None for the row at `url` or
        a new post."""
        if self.db.execute("SELECT 1 FROM posts WHERE url = ?", [url]).fetchone():
            return None
        if wp_id is not None:
            row = self.db.execute(
                "SELECT url FROM posts WHERE wp_id = ? AND coalesce(last_seen_run, 0) != ?"
                " ORDER BY removed_in_run IS NOT NULL, last_seen_run DESC LIMIT 1",
                [wp_id, run_id],
            ).fetchone()
            if row:
                return str(row[0])
        for old, target in self.redirects.items():
            if target == url and self.db.execute("SELECT 1 FROM posts WHERE url = ?", [old]).fetchone():
                return old
        return None

    def move(self, old_url: str, new_url: str, run_id: int) -> PostChange:
        """Move a post to a new address, inside the caller's transaction: every row follows, the old address is
        kept, one `moved` change recorded."""
        self.db.execute("PRAGMA defer_foreign_keys = ON")  # the post and its rows change URL one table at a time
        content_hash = self.db.execute("SELECT content_hash FROM posts WHERE url = ?", [old_url]).fetchone()[0]
        first_seen = self._first_seen(old_url)
        self.db.execute("UPDATE posts SET url = ? WHERE url = ?", [new_url, old_url])
        for table, column in self.child_columns():
            self.db.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE "{column}" = ?', [new_url, old_url])
        self.db.execute("DELETE FROM post_urls WHERE url = ?", [new_url])  # back at an address it had before
        self.db.execute("DELETE FROM links WHERE source_url = ?", [old_url])  # the old address shows no page now
        self.db.table("post_urls").insert(
            {"url": old_url, "post_url": new_url, "first_seen_run": first_seen, "moved_in_run": run_id},
            replace=True,
        )
        change = PostChange(new_url, "moved", content_hash, content_hash, old_url=old_url)
        self.db.table("post_changes").insert({"run_id": run_id, **asdict(change)})
        return change

    def _first_seen(self, old_url: str) -> int | None:
        """The first run that fetched an address, else the first that archived the post."""
        row = self.db.execute("SELECT min(run_id) FROM responses WHERE url = ?", [old_url]).fetchone()
        if row and row[0] is not None:
            return int(row[0])
        row = self.db.execute("SELECT first_seen_run FROM posts WHERE url = ?", [old_url]).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def child_columns(self) -> list[tuple[str, str]]:
        """(table, column) of every column pointing at a post's URL, read from the schema's foreign keys."""
        found = []
        for table in self.db.table_names():
            for key in self.db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
                parent, column, target = key[2], key[3], key[4]
                if PARENT_KEYS.get(parent) == target and column in ("post_url", "source_url", "page_url", "url"):
                    found.append((table, column))
        return sorted(set(found))

    def earlier_addresses(self, post_url: str) -> list[dict[str, object]]:
        """The addresses a post had before, oldest move first."""
        return [
            dict(row)
            for row in self.db.query(
                "SELECT url, first_seen_run, moved_in_run FROM post_urls WHERE post_url = ? ORDER BY moved_in_run, url",
                [post_url],
            )
        ]

    def current_addresses(self) -> dict[str, str]:
        """Each earlier address of a post -> the post's URL now."""
        return {row[0]: row[1] for row in self.db.execute("SELECT url, post_url FROM post_urls").fetchall()}

    def relocation(self, new_origin: str, ids_at: dict[int, str]) -> list[Move]:
        """Where every post goes when the site moves to `new_origin`: by id where the new site names one, else by path."""
        moves = []
        for url, wp_id in self.db.execute("SELECT url, wp_id FROM posts ORDER BY url").fetchall():
            target = ids_at.get(wp_id) if wp_id is not None else None
            target = target if target is not None and origin(target) == new_origin else on_origin(url, new_origin)
            if target != url:
                moves.append(Move(url, target))
        return moves

    def as_moved(self, post_url: str, version: Version) -> Version:
        """A stored version of a post as the site names it after this run's move: its old origin's URLs (pictures,
        related links) on the new origin, so that the move alone reads as no edit."""
        if self.site_move is None or origin(post_url) != self.site_move[1]:
            return version
        old, new = self.site_move
        return {field: _rebased(value, old, new) for field, value in version.items()}

    def relocate(self, moves: list[Move], run_id: int, new_origin: str) -> list[PostChange]:
        """Move posts to their new addresses in one transaction (a target already taken keeps its own post)."""
        origins = Counter(origin(move.old_url) for move in moves)
        if origins:
            self.site_move = (origins.most_common(1)[0][0], new_origin)
        changes = []
        with self.db.atomic():
            for move in moves:
                if self.db.execute("SELECT 1 FROM posts WHERE url = ?", [move.new_url]).fetchone():
                    continue
                changes.append(self.move(move.old_url, move.new_url, run_id))
        return changes


def _rebased(value: Any, old_origin: str, new_origin: str) -> Any:
    """A value with every URL on the old origin moved to the new one (strings, and lists of them, nested)."""
    if isinstance(value, str) and (value == old_origin or value.startswith(old_origin + "/")):
        return new_origin + value[len(old_origin) :]
    if isinstance(value, list):
        return [_rebased(item, old_origin, new_origin) for item in value]
    return value
