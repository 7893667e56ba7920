"""A post's history: the declared fields a version holds, their hash, what differs between two versions, and
what a new reading of a post means (added, changed by the site or by the parsers, or nothing new).

Pure: the one question it cannot answer alone, what today's parsers read in the stored bytes of the newest
version, it asks a re-read function its caller hands it (and calls before writing anything).

Word-level differences come from the standard library's `difflib.SequenceMatcher` (Ratcliff/Obershelp
over the two texts' words), so no diff algorithm is written here.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from crawler.archive import exercise_versions
from crawler.records import ChangeCause, PostChange
from parsers.models import ParsedPage

TEXT_FIELDS = ("title", "published", "modified", "author", "excerpt", "meta_description", "body_text")
SCALAR_FIELDS = (*TEXT_FIELDS, "featured_image_url", "featured_image_alt")
LIST_FIELDS = ("categories", "tags", "related_links", "images")
EXERCISES = "exercises"  # each exercise's heading, level, steps and dose (crawler/archive/exercise_versions.py)
JSON_FIELDS = (*LIST_FIELDS, EXERCISES)  # JSON in post_versions
VERSION_FIELDS = (*SCALAR_FIELDS, *JSON_FIELDS)  # what a version row holds
# Declared after versions were first stored: null in such a version means "not recorded", never "none", so it
# differs from nothing (as a hash from before the declared fields records no change) until a re-reading fills it.
LATER_FIELDS = frozenset({EXERCISES})
# The site, not the post, chooses the related block, often at random on each request: a version keeps the block
# it was last seen with, but a different block is no edit. content_hash covers the rest, and nothing else.
SITE_CHOSEN_FIELDS = frozenset({"related_links"})
CONTENT_FIELDS = tuple(field for field in VERSION_FIELDS if field not in SITE_CHOSEN_FIELDS)
PROSE_FIELDS = frozenset({"excerpt", "meta_description", "body_text"})  # diffed word by word
CONTEXT_WORDS = 8  # unchanged words kept on each side of a change when unchanged stretches are folded
SHORT_CONTEXT_WORDS = 4  # the same, in the digest's one-line diffs
SHORT_DIFF_CHARS = 400

Version = dict[str, Any]  # VERSION_FIELDS -> value; list fields hold lists
VersionSpan = tuple[Version, str, int, int]  # a version, the body hash that first gave it, its first and last run


def version_of(parsed: ParsedPage) -> Version:
    """The declared, normalised content of a parsed post page (categories and tags sorted, links in page order)."""
    post = parsed.post
    assert post is not None
    version: Version = {field: getattr(post, field) for field in SCALAR_FIELDS}
    version.update(
        categories=sorted(set(post.categories)),
        tags=sorted(set(post.tags)),
        related_links=[link.target_url for link in parsed.related_links],
        images=[[image.src, image.alt] for image in parsed.images],
        exercises=[exercise_versions.entry_of(exercise) for exercise in parsed.exercises],
    )
    return version


def compared(field: str, value: Any) -> Any:
    """A field's value as hashed and compared (exercises without the names the parsers give them)."""
    return exercise_versions.compared(value) if field == EXERCISES else value


def content_hash(version: Version) -> str:
    """SHA-256 of a version's content fields, so only a change to one of them changes the hash."""
    declared = {field: compared(field, version.get(field)) for field in CONTENT_FIELDS}
    return hashlib.sha256(json.dumps(declared, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def changed_fields(old: Version, new: Version) -> list[str]:
    """The content fields whose values differ, in declared order; a later field one version did not record is no difference."""
    return [
        field
        for field in CONTENT_FIELDS
        if compared(field, old.get(field)) != compared(field, new.get(field))
        and not (field in LATER_FIELDS and (old.get(field) is None or new.get(field) is None))
    ]


def lacks_later_fields(version: Version) -> bool:
    """Whether a stored version predates a field declared later (so only a re-reading of its bytes can fill it)."""
    return any(version.get(field) is None for field in LATER_FIELDS)


def version_row(version: Version) -> dict[str, Any]:
    """A version as post_versions columns (list fields and exercises as JSON)."""
    return {
        field: json.dumps(version[field], ensure_ascii=False) if field in JSON_FIELDS else version[field]
        for field in VERSION_FIELDS
    }


def version_from_row(row: dict[str, Any]) -> Version:
    """A post_versions row's declared fields, JSON decoded; a later field the row does not record is None."""
    version: Version = {}
    for field in VERSION_FIELDS:
        value = row.get(field)
        if field in LATER_FIELDS:
            version[field] = None if value is None else json.loads(value)
        else:
            version[field] = json.loads(value or "[]") if field in LIST_FIELDS else value
    return version


# What a new reading of a post means

VersionWrite = Literal["add", "update"]  # post_versions: add a version, or update the newest one


@dataclass(frozen=True, slots=True)
class StoredPost:
    """What the archive holds of a post before a new reading of it is stored."""

    content_hash: str
    removed: bool  # removed_in_run is set


@dataclass(frozen=True, slots=True)
class Decision:
    """What storing a new reading of a post records: the change, if any, and what becomes of its versions."""

    version: Version  # the new reading
    content_hash: str
    change: PostChange | None
    write: VersionWrite | None  # None: versions are left alone (a re-parse rebuilds them afterwards)
    reread: Version | None = None  # today's reading of the newest version's bytes, written over it first


def decide(
    url: str,
    version: Version,
    stored: StoredPost | None,
    latest: Version | None,
    reparse: bool,
    had_body: Callable[[], bool],
    reread: Callable[[], Version | None],
) -> Decision:
    """What a new reading of a post means: added (new, or back after it was removed), changed (by the site or
    by the parsers), or nothing new; and whether it adds a version or updates the newest one.

    `stored` is the post's row, `latest` its newest version, if any. `had_body` says whether an earlier run stored the very bytes read; `reread` gives today's reading of the
    newest version's stored bytes when another parser version read them or the version predates a field declared
    later (else None). Each is asked only when the answer matters. A re-parse sees nothing on the site: its changes are the parsers', its versions rebuilt.
    """
    new_hash = content_hash(version)
    fields = changed_fields(latest, version) if latest is not None else None
    if stored is None or (stored.removed and not reparse):
        added = PostChange(url, "added", stored.content_hash if stored else None, new_hash)
        return Decision(version, new_hash, added, None if reparse else ("update" if fields == [] else "add"))
    if stored.content_hash == new_hash or fields == []:  # [] : hashed before the fields were declared
        return Decision(version, new_hash, None, None if reparse else _write(latest))
    cause: ChangeCause = "parser"
    replaced = None
    if not reparse and latest is not None and not had_body():
        cause, fields, replaced = _cause_of_difference(latest, version, reread())
    change = PostChange(
        url, "changed", stored.content_hash, new_hash, tuple(fields) if fields is not None else None, cause
    )
    write = None if reparse else ("add" if cause == "site" and fields else _write(latest))
    return Decision(version, new_hash, change, write, replaced)


def _write(latest: Version | None) -> VersionWrite:
    """Seen again as its newest version was: update that version, or add the first."""
    return "update" if latest is not None else "add"


def _cause_of_difference(
    stored: Version, version: Version, reread: Version | None
) -> tuple[ChangeCause, list[str], Version | None]:
    """Who changed a post read anew from other bytes: the parsers, when today's parsers read the newest version's
    stored bytes as the new content; else the site, in the fields that differ from that re-reading.

    A re-reading that differs from the stored version, or fills a field it predates, replaces it in place, as a
    re-parse would.
    """
    if reread is None:
        return "site", changed_fields(stored, version), None
    fields = changed_fields(reread, version)
    if not fields:
        return "parser", changed_fields(stored, version), None
    return "site", fields, reread if changed_fields(stored, reread) or lacks_later_fields(stored) else None


# Word-level differences


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of a word diff: `equal`, `delete`, `insert`, or `fold` (unchanged words left out)."""

    kind: str
    text: str
    words: int


def word_diff(old: str | None, new: str | None) -> list[Segment]:
    """The words of `old` turned into those of `new`: equal, deleted and inserted stretches in text order."""
    before, after = (old or "").split(), (new or "").split()
    segments = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag in ("equal", "delete", "replace"):
            segments.append(Segment("equal" if tag == "equal" else "delete", " ".join(before[i1:i2]), i2 - i1))
        if tag in ("insert", "replace"):
            segments.append(Segment("insert", " ".join(after[j1:j2]), j2 - j1))
    return segments


def fold(segments: list[Segment], context: int = CONTEXT_WORDS) -> list[Segment]:
    """Long unchanged stretches cut to `context` words beside each change, the rest folded."""
    folded: list[Segment] = []
    for index, segment in enumerate(segments):
        words = segment.text.split()
        keep_before = context if index > 0 else 0  # words after the previous change
        keep_after = context if index < len(segments) - 1 else 0  # words before the next change
        if segment.kind != "equal" or len(words) <= keep_before + keep_after + 1:
            folded.append(segment)
            continue
        if keep_before:
            folded.append(Segment("equal", " ".join(words[:keep_before]), keep_before))
        hidden = len(words) - keep_before - keep_after
        folded.append(Segment("fold", " ".join(words[keep_before : len(words) - keep_after]), hidden))
        if keep_after:
            folded.append(Segment("equal", " ".join(words[-keep_after:]), keep_after))
    return folded


def changed_words(segments: Iterable[Segment], kind: str) -> list[str]:
    """The words of every `delete` or `insert` stretch, in order."""
    return [word for segment in segments if segment.kind == kind for word in segment.text.split()]


def as_wdiff(segments: Iterable[Segment]) -> str:
    """A diff as one line in wdiff's notation: [-deleted-] {+inserted+}, folded stretches as …"""
    marks = {"equal": "{}", "delete": "[-{}-]", "insert": "{{+{}+}}", "fold": "…"}
    return " ".join(marks[segment.kind].format(segment.text) for segment in segments)


def shown(value: Any) -> str:
    """A field value for a reader: lists joined, nothing as (none)."""
    if value is None or value in ("", []):
        return "(none)"
    if isinstance(value, list):
        return ", ".join(shown(item) if isinstance(item, list) else str(item) for item in value)
    return str(value)


def short_word_diff(old: str | None, new: str | None) -> str:
    """Two texts' word diff in one line, unchanged stretches cut to a few words beside each change."""
    return as_wdiff(fold(word_diff(old, new), SHORT_CONTEXT_WORDS))


def short_diff(field: str, old: Any, new: Any) -> str:
    """What changed in one field, in one readable line: words marked for prose, old → new otherwise."""
    if field in PROSE_FIELDS:
        text = short_word_diff(old, new)
    elif field == EXERCISES:
        text = exercise_versions.diff(old, new, short_word_diff)
    elif field in LIST_FIELDS:
        before, after = [json.dumps(item) for item in old or []], [json.dumps(item) for item in new or []]
        removed = [json.loads(item) for item in before if item not in after]
        added = [json.loads(item) for item in after if item not in before]
        text = "; ".join(
            part for part in (f"+ {shown(added)}" if added else "", f"- {shown(removed)}" if removed else "") if part
        )
        text = text or f"reordered: {shown(new)}"
    else:
        text = f"{shown(old)} → {shown(new)}"
    return text if len(text) <= SHORT_DIFF_CHARS else text[: SHORT_DIFF_CHARS - 1] + "…"


# Reading versions back


VERSION_QUERY = """
    SELECT v.*, f.started_at AS first_seen_at, l.started_at AS last_seen_at
    FROM post_versions v
    LEFT JOIN crawl_runs f ON f.id = v.first_seen_run
    LEFT JOIN crawl_runs l ON l.id = v.last_seen_run
    WHERE v.post_url = ?
    ORDER BY v.version
"""


def load_versions(conn: sqlite3.Connection, post_url: str) -> list[dict[str, Any]]:
    """Every stored version of a post, oldest first, with the start times of the runs that saw it."""
    cursor = conn.execute(VERSION_QUERY, [post_url])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=False)) for row in cursor.fetchall()]


def group_versions(fetches: Iterable[tuple[int, str, Version]]) -> Iterator[VersionSpan]:
    """Consecutive fetches (run, body hash, version) with the same content as one version: (version, body hash, first run, last run)."""
    current: VersionSpan | None = None
    for run_id, body, version in fetches:
        if current is not None and content_hash(current[0]) == content_hash(version):
            current = (current[0], current[1], current[2], run_id)
            continue
        if current is not None:
            yield current
        current = (version, body, run_id, run_id)
    if current is not None:
        yield current
