"""The post store: posts and their child rows, their versions (post_versions) and changes (post_changes)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

from crawler.archive import history
from crawler.records import ChangeCause, PostChange
from parsers.models import Exercise, ParsedPage

CHILD_TABLES = (("post_categories", "post_url"), ("post_tags", "post_url"), ("images", "page_url"))


def exercise_row(exercise: Exercise) -> dict[str, Any]:
    """An exercise as its `exercises` row: equipment and muscles as JSON lists, evidence as a JSON object or null."""
    row = {field.name: getattr(exercise, field.name) for field in dataclasses.fields(exercise) if field.name != "steps"}
    for key in ("equipment", "muscles"):
        row[key] = None if row[key] is None else json.dumps(list(row[key]), ensure_ascii=False)
    row["per_side"] = None if exercise.per_side is None else int(exercise.per_side)
    row["evidence"] = json.dumps(exercise.evidence, ensure_ascii=False) if exercise.evidence else None
    return row


class PostStore:
    """posts, post_categories, post_tags, images, exercises, exercise_steps, related_links, post_versions and
    post_changes, written with sqlite-utils."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # Reading

    def get(self, url: str) -> dict[str, Any] | None:
        """A post's row, if the archive has it."""
        return next(self.db.query("SELECT * FROM posts WHERE url = ?", [url]), None)

    def latest_version(self, post_url: str) -> dict[str, Any] | None:
        """The newest post_versions row of a post."""
        sql = "SELECT * FROM post_versions WHERE post_url = ? ORDER BY version DESC LIMIT 1"
        return next(self.db.query(sql, [post_url]), None)

    def post_urls(self) -> dict[str, int | None]:
        """Every post's URL, with the run that removed it (None while it is live)."""
        return {row["url"]: row["removed_in_run"] for row in self.db.query("SELECT url, removed_in_run FROM posts")}

    def post_last_seen(self) -> dict[str, int | None]:
        """Every post's last_seen_run."""
        return {row["url"]: row["last_seen_run"] for row in self.db.query("SELECT url, last_seen_run FROM posts")}

    def count_changes(self, run_id: int, change: str) -> int:
        """How many post_changes rows of this kind a run recorded."""
        sql = "SELECT count(*) FROM post_changes WHERE run_id = ? AND change = ?"
        return int(self.db.execute(sql, [run_id, change]).fetchone()[0])

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

    # Writing

    def save_post(
        self,
        parsed: ParsedPage,
        decision: history.Decision,
        existing: dict[str, Any] | None,
        run_id: int,
        reparse: bool = False,
        body: str | None = None,
    ) -> PostChange | None:
        """Write one post and its child rows as parsed, and what the decision says: the change, the version.

        `existing` is the post's row as read when the decision was made; a re-parse keeps its seen and removed runs.
        """
        post = parsed.post
        assert post is not None
        row = {key: value for key, value in asdict(post).items() if key not in ("categories", "tags")}
        row.update(content_hash=decision.content_hash)
        if not reparse or not existing:
            row.update(last_seen_run=run_id, removed_in_run=None)
        if existing:  # only the columns that differ: an unchanged body costs no full-text re-indexing
            differing = {key: value for key, value in row.items() if jsonify_if_needed(value) != existing[key]}
            if differing:
                self.db.table("posts").update(post.url, differing)
        else:
            self.db.table("posts").insert({**row, "first_seen_run": run_id})
        self._replace_children(parsed)
        self._replace_related(parsed)
        if decision.change is not None:
            self.record_change(decision.change, run_id)
        latest = self.latest_version(post.url) if decision.write or decision.reread else None
        if decision.reread is not None and latest is not None:
            reread_row = {**history.version_row(decision.reread), "content_hash": history.content_hash(decision.reread)}
            self.db.table("post_versions").update((post.url, latest["version"]), reread_row)
        if decision.write is not None:
            self._save_version(post.url, decision.version, run_id, body, latest if decision.write == "update" else None)
        return decision.change

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

    def mark_seen(self, post_url: str, run_id: int) -> None:
        """A run saw a post unchanged (a 304, or a sitemap dating it as stored): it and its newest version were seen."""
        self.db.execute("UPDATE posts SET last_seen_run = ? WHERE url = ?", [run_id, post_url])
        self.db.execute(
            "UPDATE post_versions SET last_seen_run = ? WHERE post_url = ? AND version = "
            "(SELECT max(version) FROM post_versions WHERE post_url = ?)",
            [run_id, post_url, post_url],
        )

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

    def _replace_related(self, parsed: ParsedPage) -> None:
        """Replace a post's related links (they change with the site, not with the post)."""
        assert parsed.post is not None
        self.db.execute("DELETE FROM related_links WHERE source_url = ?", [parsed.post.url])
        self.db.table("related_links").insert_all(
            {"source_url": parsed.post.url, **asdict(link)} for link in parsed.related_links
        )

    def _replace_children(self, parsed: ParsedPage) -> None:
        """Replace a post's categories, tags, exercises, steps and body images."""
        post = parsed.post
        assert post is not None
        url = post.url
        for table, column in CHILD_TABLES:
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
        for index, exercise in enumerate(parsed.exercises):  # rewritten under the ids they had, so links to them hold
            kept = {"id": kept_ids[index]} if index < len(kept_ids) else {}
            exercise_id = self.db.table("exercises").insert({**kept, "post_url": url, **exercise_row(exercise)}).last_pk
            self.db.table("exercise_steps").insert_all(
                {**asdict(step), "exercise_id": exercise_id, "per_side": int(step.per_side)} for step in exercise.steps
            )

    def record_change(self, change: PostChange, run_id: int) -> None:
        """Append one row to post_changes."""
        fields = None if change.fields is None else json.dumps(list(change.fields))
        self.db.table("post_changes").insert({"run_id": run_id, **asdict(change), "fields": fields})

    def mark_gone(
        self, url: str, run_id: int, cause: ChangeCause = "site", unless_seen: bool = False
    ) -> PostChange | None:
        """A stored post now answers 404/410 (or, cause parser, no longer parses as a post): keep its row, mark it
        removed; with `unless_seen`, not when this run found it (it moved here from an address now gone)."""
        row = next(
            self.db.query(
                "SELECT content_hash, last_seen_run FROM posts WHERE url = ? AND removed_in_run IS NULL", [url]
            ),
            None,
        )
        if row is None or (unless_seen and row["last_seen_run"] == run_id):
            return None
        change = PostChange(url, "removed", row["content_hash"], None, cause=cause)
        with self.db.atomic():
            self.db.table("posts").update(url, {"removed_in_run": run_id})
            self.record_change(change, run_id)
        return change

    def mark_unseen_removed(self, run_id: int, since_run: int) -> list[PostChange]:
        """After a complete run: posts not seen since `since_run` are removed (rows kept)."""
        sql = "SELECT url FROM posts WHERE removed_in_run IS NULL AND (last_seen_run IS NULL OR last_seen_run < ?)"
        urls = [row["url"] for row in self.db.query(sql, [since_run])]
        return [change for url in urls if (change := self.mark_gone(url, run_id))]
