"""Datasette pages for a post's history: its versions (/<database>/-/history) and two of them compared (/-/compare).

No script: plain HTML forms and links, so the pages pass the CSP unchanged. Every value is text escaped by
Jinja's autoescape; the word diff is built from escaped words and cleaned again with nh3, allowing only its
own marks.
"""

from __future__ import annotations

import sqlite3
from typing import Any
from urllib.parse import quote

import nh3
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup, escape

from crawler.archive import history

DIFF_TAGS = {"del", "ins", "span"}
DIFF_CLASSES = {"span": {"class"}}
KIND_TAGS = {"equal": "span", "delete": "del", "insert": "ins", "fold": "span"}
HISTORY_TABLES = {"post_changes", "post_versions", "latest_changes"}  # their post_url cells link to the history page


def render_word_diff(segments: list[history.Segment]) -> Markup:
    """A word diff as HTML: deletions in <del>, insertions in <ins>, folded stretches as a count of unchanged words."""
    parts = []
    for segment in segments:
        tag = KIND_TAGS[segment.kind]
        text = f"… {segment.words} unchanged words …" if segment.kind == "fold" else segment.text
        css = f' class="{segment.kind}"' if tag == "span" else ""
        parts.append(f"<{tag}{css}>{escape(text)}</{tag}>")
    return Markup(nh3.clean(" ".join(parts), tags=DIFF_TAGS, attributes=DIFF_CLASSES))


def field_rows(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """The metadata fields of two versions side by side (the body is diffed apart), flagged where they differ."""
    old_version, new_version = history.version_from_row(old), history.version_from_row(new)
    changed = set(history.changed_fields(old_version, new_version))
    return [
        {
            "field": field,
            "old": history.shown(old_version[field]),
            "new": history.shown(new_version[field]),
            "changed": field in changed,
            "diff": render_word_diff(history.word_diff(old_version[field], new_version[field]))
            if field in changed and field in history.PROSE_FIELDS
            else None,
        }
        for field in history.CONTENT_FIELDS
        if field != "body_text"
    ]


def with_changes(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Versions newest first, each with the fields that differ from the one before it."""
    described = []
    for index, row in enumerate(versions):
        previous = versions[index - 1] if index else None
        fields = (
            history.changed_fields(history.version_from_row(previous), history.version_from_row(row))
            if previous
            else []
        )
        described.append({**row, "changed_fields": fields, "words": len((row["body_text"] or "").split())})
    return described[::-1]


async def load(datasette: Any, request: Any) -> tuple[str, str, list[dict[str, Any]]]:
    """The database name, the post URL asked for and its versions; NotFound when there is nothing to show."""
    database = request.url_vars["database"]
    try:
        db = datasette.get_database(database)
    except KeyError:
        raise NotFound(f"Database not found: {database}") from None
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    url = request.args.get("url") or ""
    if not url:
        raise NotFound("Give the post's URL: ?url=…")

    def read(conn: sqlite3.Connection) -> list[dict[str, Any]]:
        return history.load_versions(conn, url)

    try:
        versions: list[dict[str, Any]] = await db.execute_fn(read)
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


async def history_page(datasette: Any, request: Any) -> Response:
    """A post's versions, newest first, with the runs that saw each and a form to compare any two."""
    database, url, versions = await load(datasette, request)
    context = {
        "database": database,
        "post_url": url,
        "versions": with_changes(versions),
        "title": versions[-1]["title"],
    }
    return Response.html(await datasette.render_template("blog_archive_history.html", context, request=request))


async def compare_page(datasette: Any, request: Any) -> Response:
    """Two versions of a post: metadata side by side, the body as a word diff with unchanged stretches folded."""
    database, url, versions = await load(datasette, request)
    newest = versions[-1]["version"]
    old = version_number(request, "from", max(1, newest - 1), versions)
    new = version_number(request, "to", newest, versions)
    segments = history.word_diff(old["body_text"], new["body_text"])
    context = {
        "database": database,
        "post_url": url,
        "title": new["title"],
        "old": old,
        "new": new,
        "fields": field_rows(old, new),
        "body_diff": render_word_diff(history.fold(segments)),
        "deleted_words": len(history.changed_words(segments, "delete")),
        "inserted_words": len(history.changed_words(segments, "insert")),
        "versions": [row["version"] for row in versions],
    }
    return Response.html(await datasette.render_template("blog_archive_compare.html", context, request=request))


def history_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    """In the change and version tables, each post URL also links to the post's history."""
    if column != "post_url" or table not in HISTORY_TABLES:
        return None
    link, text = value, value
    if isinstance(value, dict):  # a foreign key Datasette expanded: link to the posts row, by its title
        link, text = (
            datasette.urls.row(database, "posts", tilde_encode(value["value"])),
            value.get("label") or value["value"],
        )
        value = value["value"]
    if not isinstance(value, str):
        return None
    history_url = f"{datasette.urls.database(database)}/-/history?url={quote(value, safe='')}"
    return Markup('<a href="{}">{}</a> (<a class="post-history" href="{}">history</a>)').format(link, text, history_url)


HISTORY_ROUTES = [
    (r"^/(?P<database>[^/]+)/-/history$", history_page),
    (r"^/(?P<database>[^/]+)/-/compare$", compare_page),
]
