"""Datasette pages for a post's history: its versions (/<database>/-/history) and two of them compared (/-/compare).

No script: plain HTML forms and links, so the pages pass the CSP unchanged. Every value is text escaped by
Jinja's autoescape; the word diff is built from escaped words and cleaned again with nh3, allowing only its
own marks.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

import nh3
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from crawler.archive import exercise_versions, history
from crawler.web.archives import archive_names, is_archive
from crawler.web.cells import history_url, post_page_url
from crawler.web.labels import column_label, readable_time, table_title
from crawler.web.reading import readable_date

DIFF_TAGS = {"del", "ins", "span"}
DIFF_CLASSES = {"span": {"class"}}
KIND_TAGS = {"equal": "span", "delete": "del", "insert": "ins", "fold": "span"}


def render_word_diff(segments: list[history.Segment]) -> Markup:
    """A word diff as HTML: deletions in <del>, insertions in <ins>, folded stretches as a count of unchanged words."""
    parts = []
    for segment in segments:
        tag = KIND_TAGS[segment.kind]
        text = f"… {segment.words} unchanged words …" if segment.kind == "fold" else segment.text
        css = f' class="{segment.kind}"' if tag == "span" else ""
        parts.append(f"<{tag}{css}>{escape(text)}</{tag}>")
    return Markup(nh3.clean(" ".join(parts), tags=DIFF_TAGS, attributes=DIFF_CLASSES))


DATE_FIELDS = frozenset({"published", "modified"})
IMAGE_FIELDS = frozenset({"images"})  # [src, alt] pairs


def shown_field(field: str, value: Any) -> str:
    """A version's field as people read it: dates written out, images counted, lists as words, nothing as none."""
    if field in DATE_FIELDS and isinstance(value, str):
        return readable_moment(value) or value
    if field in IMAGE_FIELDS and isinstance(value, list):
        return f"{len(value)} image{'s' if len(value) != 1 else ''}" if value else "none"
    if field == history.EXERCISES:
        return "not recorded" if value is None else exercise_versions.shown(value)
    return "none" if value is None or value in ("", []) else history.shown(value)


def readable_moment(value: str) -> str | None:
    """A post's date as written on the page: the day, and the time of day when the site gives one."""
    day = readable_date(value)
    if day is None or len(value) <= len("2019-05-15"):
        return day
    return f"{day}, {value[11:16]}"


def run_seen(run: int | None, started: str | None) -> str:
    """When a run saw a version: its start written out, and its number."""
    moment = readable_time(started)
    return f"{moment} (run {run})" if moment else f"run {run}"


def field_diff(field: str, old: Any, new: Any) -> Markup | None:
    """A changed field's difference in one cell: prose as a word diff, exercises as what changed in each; else None."""
    if field in history.PROSE_FIELDS:
        return render_word_diff(history.word_diff(old, new))
    if field == history.EXERCISES:
        return Markup('<span class="exercises-diff">{}</span>').format(history.short_diff(field, old, new))
    return None


def field_rows(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The metadata fields of two versions side by side (the body is diffed apart), flagged where they differ."""
    old_version, new_version = history.version_from_row(old), history.version_from_row(new)
    changed = set(history.changed_fields(old_version, new_version))
    return [
        {
            "field": field,
            "label": column_label(field),
            "old": shown_field(field, old_version[field]),
            "new": shown_field(field, new_version[field]),
            "changed": field in changed,
            "diff": field_diff(field, old_version[field], new_version[field]) if field in changed else None,
        }
        for field in history.CONTENT_FIELDS
        if field != "body_text"
    ]


def with_changes(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Versions newest first, each with the fields that differ from the one before it, as words, and when runs saw it."""
    described = []
    for index, row in enumerate(versions):
        previous = versions[index - 1] if index else None
        fields = (
            history.changed_fields(history.version_from_row(previous), history.version_from_row(row))
            if previous
            else []
        )
        described.append(
            {
                **row,
                "changed_fields": [column_label(field) for field in fields],
                "words": len((row["body_text"] or "").split()),
                "first_seen": run_seen(row["first_seen_run"], row.get("first_seen_at")),
                "last_seen": run_seen(row["last_seen_run"], row.get("last_seen_at")),
            }
        )
    return described[::-1]


def has_table(conn: sqlite3.Connection, name: str) -> bool:
    """Whether the database has a table of this name."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


async def load(datasette: Any, request: Any) -> tuple[str, str, list[dict[str, Any]]]:
    """The database name, the post URL asked for and its versions; NotFound when there is nothing to show."""
    database = tilde_decode(request.url_vars["database"])
    if not is_archive(datasette, database):
        raise NotFound(f"Database not found: {database}")
    db = datasette.get_database(database)
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    url = request.args.get("url") or ""
    if not url:
        raise NotFound("Give the post's URL: ?url=…")

    def read(conn: sqlite3.Connection) -> tuple[str, list[dict[str, Any]]]:
        versions = history.load_versions(conn, url)
        if versions or not has_table(conn, "post_urls"):
            return url, versions
        moved = conn.execute("SELECT post_url FROM post_urls WHERE url = ?", [url]).fetchone()  # an earlier address
        return (moved[0], history.load_versions(conn, moved[0])) if moved else (url, versions)

    try:
        url, versions = await db.execute_fn(read)
    except sqlite3.OperationalError as exc:  # an archive that keeps no versions yet
        raise NotFound(f"This archive keeps no post versions ({exc}); run blog-archive reparse once") from None
    if not versions:
        raise NotFound(f"No versions of {url} in this archive")
    return database, url, versions


def version_number(request: Any, name: str, default: int, versions: list[dict[str, Any]]) -> dict[str, Any]:
    """The version a query parameter names (or the default), as its row."""
    value = request.args.get(name) or str(default)
    by_number = {row["version"]: row for row in versions}
    if not value.isdigit() or int(value) not in by_number:
        raise NotFound(f"{name}={value}: this post has versions {', '.join(map(str, by_number))}")
    return by_number[int(value)]


def page_context(datasette: Any, database: str, url: str, versions: list[dict[str, Any]]) -> dict[str, Any]:
    """What both pages show: the post's newest title, its archived page, its history and the way home."""
    return {
        "database": database,
        "post_url": url,
        "post_title": versions[-1]["title"] or url,
        "post_page_url": post_page_url(datasette, database, url),
        "history_url": history_url(datasette, database, url),
        "posts_title": table_title(datasette, database, "posts"),
    }


async def history_page(datasette: Any, request: Any) -> Response:
    """A post's versions, newest first, with the runs that saw each and a form to compare any two."""
    database, url, versions = await load(datasette, request)
    context = {**page_context(datasette, database, url, versions), "versions": with_changes(versions)}
    return Response.html(await datasette.render_template("blog_archive_history.html", context, request=request))


async def compare_page(datasette: Any, request: Any) -> Response:
    """Two versions of a post: metadata side by side, the body as a word diff with unchanged stretches folded."""
    database, url, versions = await load(datasette, request)
    newest = versions[-1]["version"]
    old = version_number(request, "from", max(1, newest - 1), versions)
    new = version_number(request, "to", newest, versions)
    segments = history.word_diff(old["body_text"], new["body_text"])
    context = {
        **page_context(datasette, database, url, versions),
        "old": {**old, "seen": run_seen(old["first_seen_run"], old.get("first_seen_at"))},
        "new": {**new, "seen": run_seen(new["first_seen_run"], new.get("first_seen_at"))},
        "fields": field_rows(old, new),
        "body_diff": render_word_diff(history.fold(segments)),
        "deleted_words": len(history.changed_words(segments, "delete")),
        "inserted_words": len(history.changed_words(segments, "insert")),
        "versions": [row["version"] for row in versions],
    }
    return Response.html(await datasette.render_template("blog_archive_compare.html", context, request=request))


def history_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The history and compare routes of each archive served (a foreign database's paths stay Datasette's)."""
    names = [re.escape(tilde_encode(name)) for name in archive_names(datasette)]
    if not names:
        return []
    database = f"(?P<database>{'|'.join(names)})"
    return [(rf"^/{database}/-/history$", history_page), (rf"^/{database}/-/compare$", compare_page)]
