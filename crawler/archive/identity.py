"""A post is one post: which stored post a reading belongs to, and moving a post to a new address.

A post read at URL U with WordPress id N is, in order: the row at U; a row (live or removed) with wp_id N that
this run has not seen at its own address; the post at a known post URL, or at one of its earlier addresses, that
led to U this run (it answered with a redirect to U, as WordPress does for every old slug, or the REST API
inventory lists its id at U now); on the run that moves the site, a removed post at
U's path on the old origin; else a new post. A move rewrites the post's URL in `posts` and every row that points at
it, keeps the old address in `post_urls` and records one `moved` row in post_changes, in one transaction.

The crawl may meet the new address before the old one's redirect: the page is then stored as a new post, and
`late_moves` names it at the end of the run, so that the crawl stores it again as the known post, moved
(`forget_added` drops the reading as new). Either order gives the same archive.

A site move (`--site-moved`) moves every live post. A post removed before the move stays at the address it had
when it was removed (it never lived at the new origin), unless the new site's inventory lists its id there.
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
        """A URL leads to `target` this run: it answered with a redirect there, or the inventory moved its id there."""
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
            if target == url and (holder := self.holder(old)) is not None and not self.is_seen(holder, run_id):
                return holder
        if self.site_move is not None and origin(url) == self.site_move[1]:  # a removed post back, on the new origin
            before = on_origin(url, self.site_move[0])
            if self.db.execute("SELECT 1 FROM posts WHERE url = ? AND removed_in_run IS NOT NULL", [before]).fetchone():
                return before
        return None

    def late_moves(self, run_id: int) -> list[Move]:
        """Posts this run stored as new at an address a known post's old one led to this run (the crawl met the new
        address first): each is that known post, moved."""
        moves = []
        for old, target in sorted(self.redirects.items()):
            holder = self.holder(old)
            if holder not in (None, target) and not self.is_seen(holder, run_id) and self.is_added(target, run_id):
                moves.append(Move(holder, target))
        return moves

    def is_seen(self, post_url: str, run_id: int) -> bool:
        """Whether this run found the post at its own address."""
        row = self.db.execute("SELECT last_seen_run FROM posts WHERE url = ?", [post_url]).fetchone()
        return row is not None and row[0] == run_id

    def holder(self, url: str) -> str | None:
        """The URL of the post stored at `url`, or of the post `url` was an earlier address of."""
        row = self.db.execute(
            "SELECT url FROM posts WHERE url = ? UNION ALL SELECT post_url FROM post_urls WHERE url = ? LIMIT 1",
            [url, url],
        ).fetchone()
        return str(row[0]) if row else None

    def is_added(self, url: str, run_id: int) -> bool:
        """Whether this run stored the post at `url` as a new one (its first sighting, recorded as added)."""
        sql = """
            SELECT 1 FROM posts p JOIN post_changes c ON c.post_url = p.url AND c.run_id = p.first_seen_run
            WHERE p.url = ? AND p.first_seen_run = ? AND c.change = 'added'
        """
        return self.db.execute(sql, [url, run_id]).fetchone() is not None

    def forget_added(self, url: str, run_id: int) -> None:
        """Inside the caller's transaction: drop a post this run added, with its rows, its versions and its `added`
        change, so that a known post can move to its address and take its reading."""
        if not self.is_added(url, run_id):
            raise ValueError(f"{url} is not a post run {run_id} added")
        self.db.execute("PRAGMA defer_foreign_keys = ON")
        self.db.execute(
            "DELETE FROM exercise_steps WHERE exercise_id IN (SELECT id FROM exercises WHERE post_url = ?)", [url]
        )
        for table, column in self.child_columns():  # versions' own rows (their pictures) go before the versions
            if table not in ("post_versions", "post_changes"):
                self.db.execute(f'DELETE FROM "{table}" WHERE "{column}" = ?', [url])
        self.db.execute("DELETE FROM post_versions WHERE post_url = ?", [url])
        self.db.execute("DELETE FROM post_changes WHERE post_url = ? AND run_id = ?", [url, run_id])
        self.db.execute("DELETE FROM posts WHERE url = ?", [url])

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
        """Where the posts go when the site moves to `new_origin`: by id where the new site names one, else by path.

        A post removed before the move stays where it lived, unless the new site's inventory lists its id."""
        moves = []
        sql = "SELECT url, wp_id, removed_in_run FROM posts ORDER BY url"
        for url, wp_id, removed_in_run in self.db.execute(sql).fetchall():
            listed = ids_at.get(wp_id) if wp_id is not None else None
            listed = listed if listed is not None and origin(listed) == new_origin else None
            if removed_in_run is not None and listed is None:
                continue
            target = listed or on_origin(url, new_origin)
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
        origins = Counter(origin(row[0]) for row in self.db.execute("SELECT url FROM posts").fetchall())
        origins.pop(new_origin, None)
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
