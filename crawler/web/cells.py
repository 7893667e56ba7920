"""An archive's cells as people read them: dates written out, lists as words, pictures, links to posts and histories."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from crawler.web.labels import column_label, readable_time
from crawler.web.media import archived_body, archived_pictures, body_picture_urls, media_path, missing_picture
from crawler.web.reading import CRAWL_TABLES, readable_date
from parsers.text import sanitize_html

STEPS_QUERY = "exercise_steps_for"  # the canned query showing one exercise's steps
FAMILY_PATH = "/-/exercise-family"  # the page of one exercise family (crawler/web/families.py)
FAMILY_TABLES = frozenset({"exercises", "exercise_catalogue", "exercise_families", "exercise_steps_flat"})
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"  # what the search_posts query wraps matched words in
CATALOGUE = "post_catalogue"
DATE_COLUMNS = frozenset({"published", "modified", "last_updated", "first_taught", "last_taught"})
TIME_COLUMNS = frozenset({"run_started", "started_at", "finished_at", "fetched_at", "applied_at"})
YES_NO_COLUMNS = frozenset({"per_side", "step_per_side", "is_internal", "archived"})
LIST_COLUMNS = frozenset({"categories", "tags"})  # JSON lists in post_catalogue, faceted there as arrays
PHRASE_LIST_COLUMNS = frozenset({"names", "levels", "taught_in"})  # JSON lists of phrases with commas in them
IMAGE_COLUMNS = frozenset({"src", "image_url", "thumbnail_url", "featured_image_url"})
ALT_COLUMNS = frozenset({"alt", "image_alt", "thumbnail_alt", "featured_image_alt"})
CLAMPED_COLUMNS = frozenset({"excerpt", "body_text", "meta_description"})  # long text: a few lines in a table row
POST_TITLE_COLUMNS = frozenset({"title", "post_title"})
MONTH_PAGE_COLUMNS = frozenset({"archive_page", "month_page"})  # null when the widget lists no such month
POST_URL_COLUMNS = ("url", "post_url", "page_url")  # the post a row of a content view is about
HISTORY_TABLES = frozenset({"post_changes", "post_versions", "latest_changes"})  # their posts link to their history
MEDIA_TABLES = frozenset({"media", "media_blobs", "media_versions"})  # their sha256 links to the archived bytes
CHANGE_WORDS = {"added": "new post", "removed": "gone from the site", "moved": "moved to a new address"}


def render_body_html(html: str, archived: dict[str, str] | None = None) -> Markup:
    """Stored post HTML as markup, sanitised again now: no script, handlers or javascript: URLs; with `archived`
    (picture URL -> the archive's copy), each picture shows the archive's copy or says the archive lacks it."""
    sanitised = sanitize_html(html)
    if archived is not None:
        sanitised = archived_body(sanitised, archived)
    return Markup(f'<div class="archive-html">{sanitised}</div>')  # archive.css sizes it in a table cell


def render_picture_cell(url: str, archived: dict[str, str]) -> Markup:
    """A picture URL in a table: the archive's copy as a thumbnail linking to it, or the placeholder."""
    src = archived.get(url)
    if src is None:
        return missing_picture(url)
    return Markup('<a href="{0}" class="thumbnail" title="{1}"><img src="{0}" alt="" loading="lazy"></a>').format(
        src, url
    )


def archived_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """For a cell showing pictures (a picture URL, a post body), a coroutine function rendering it with the archive's
    copies; None for any other cell."""
    if table in CRAWL_TABLES:
        return None
    if column in IMAGE_COLUMNS and isinstance(value, str) and value.startswith(("http://", "https://")):

        async def picture_cell() -> Markup:
            return render_picture_cell(value, await archived_pictures(datasette, database, [value]))

        return picture_cell
    if column == "body_html" and isinstance(value, str):

        async def body_cell() -> Markup:
            urls = body_picture_urls(sanitize_html(value))
            return render_body_html(value, await archived_pictures(datasette, database, urls))

        return body_cell
    return None


def render_snippet(snippet: str) -> Markup:
    """A search snippet escaped, with only its <mark> highlights left as markup."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(str(escape(MARK_OPEN)), MARK_OPEN).replace(str(escape(MARK_CLOSE)), MARK_CLOSE))


def note(text: str) -> Markup:
    """A grey remark standing in for a value."""
    return Markup('<span class="note">{}</span>').format(text)


def history_url(datasette: Any, database: str, url: str) -> str:
    """The archive's history page of the post at `url`."""
    return f"{datasette.urls.database(database)}/-/history?url={quote(url, safe='')}"


def post_page_url(datasette: Any, database: str, url: str) -> str:
    """The archive's page of the post at `url`."""
    return str(datasette.urls.row(database, "posts", tilde_encode(url)))


def family_url(datasette: Any, database: str, family: str) -> str:
    """The archive's page of one exercise family."""
    return f"{datasette.urls.database(database)}{FAMILY_PATH}?family={quote(family, safe='')}"


def exercise_steps_link(datasette: Any, database: str, exercise_id: int) -> Markup | None:
    """A link to the exercise's steps, when the database has the steps query."""
    if STEPS_QUERY not in (datasette.metadata("queries", database=database) or {}):
        return None
    url = f"{datasette.urls.database(database)}/{STEPS_QUERY}?exercise_id={exercise_id}"
    return Markup('<a href="{}">{} (steps)</a>').format(url, exercise_id)


def render_date(value: str) -> Markup | None:
    """An ISO 8601 date or time as a date, the exact value kept in the title."""
    readable = readable_date(value)
    return Markup('<time datetime="{0}" title="{0}">{1}</time>').format(value, readable) if readable else None


def render_time(value: str) -> Markup | None:
    """An ISO 8601 time as a date and time of day, the exact value kept in the title."""
    readable = readable_time(value)
    return Markup('<time datetime="{0}" title="{0}">{1}</time>').format(value, readable) if readable else None


def json_list(value: str) -> list[str] | None:
    """A JSON list of strings, or None when the value is not one."""
    if not value.startswith("["):
        return None
    try:
        items = json.loads(value)
    except json.JSONDecodeError:
        return None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        return None
    return items


def json_pairs(value: str) -> list[tuple[str, str]] | None:
    """A JSON list of [name, value] string pairs (a response's headers, a version's images), or None."""
    if not value.startswith("[["):
        return None
    try:
        items = json.loads(value)
    except json.JSONDecodeError:
        return None
    if not all(isinstance(item, list) and len(item) == 2 for item in items):
        return None
    return [(str(name), "" if text is None else str(text)) for name, text in items]


def render_pairs(pairs: list[tuple[str, str]]) -> Markup:
    """Name and value pairs as a short list."""
    entries = [Markup("<dt>{}</dt><dd>{}</dd>").format(name, text) for name, text in pairs]
    return Markup('<dl class="json-object">{}</dl>').format(Markup("").join(entries))


def render_terms(datasette: Any, database: str, column: str, items: list[str]) -> Markup:
    """Categories or tags as links to the catalogue filtered by each."""
    if not items:
        return note("none")
    catalogue = datasette.urls.table(database, CATALOGUE)
    links = [
        Markup('<a href="{}?{}__arraycontains={}">{}</a>').format(catalogue, column, quote(item), item)
        for item in items
    ]
    return Markup('<span class="term-list">{}</span>').format(Markup(", ").join(links))


def render_fields(row: Any, items: list[str] | None, datasette: Any, database: str) -> Markup | None:
    """What a change touched, as words ("title, body text"), linking to the post's history."""
    keys = row.keys() if hasattr(row, "keys") else ()
    url = row["post_url"] if "post_url" in keys else None
    if isinstance(url, dict):  # a foreign key Datasette expanded
        url = url.get("value")
    change = row["change"] if "change" in keys else None
    words = ", ".join(column_label(item) for item in items) if items else CHANGE_WORDS.get(change or "", "")
    if not words:
        return note("nothing the archive keeps") if items == [] else None
    if not isinstance(url, str):
        return Markup(words)
    return Markup('<a class="post-history" href="{}">{}</a>').format(history_url(datasette, database, url), words)


def render_history_post(value: Any, datasette: Any, database: str) -> Markup | None:
    """A post URL in a change or version table: its archived page and its history."""
    label = value
    if isinstance(value, dict):  # a foreign key Datasette expanded: the post's title
        label, value = value.get("label") or value["value"], value["value"]
    if not isinstance(value, str):
        return None
    return Markup('<a href="{}">{}</a> (<a class="post-history" href="{}">history</a>)').format(
        post_page_url(datasette, database, value), label, history_url(datasette, database, value)
    )


def is_change_row(row: Any) -> bool:
    """Whether a query's row is a post change (latest_changes): its post then leads to the post's history."""
    keys = row.keys() if hasattr(row, "keys") else ()
    return "change" in keys and "fields" in keys


def render_json_object(value: str) -> Markup | None:
    """A JSON object of words (a post's sources, an exercise's evidence) as a short list of label: text."""
    if not value.startswith("{"):
        return None
    try:
        items = json.loads(value)
    except json.JSONDecodeError:
        return None
    if not isinstance(items, dict) or not all(isinstance(text, str) for text in items.values()):
        return None
    return render_pairs([(column_label(key), text) for key, text in items.items()])


def render_post_title(row: Any, value: str, datasette: Any, database: str) -> Markup | None:
    """A post's title in a content view or query, linking to the post's page in the archive."""
    keys = row.keys() if hasattr(row, "keys") else ()
    url = next((row[key] for key in POST_URL_COLUMNS if key in keys and isinstance(row[key], str)), None)
    if url is None:
        return None
    return Markup('<a href="{}">{}</a>').format(post_page_url(datasette, database, url), value)


def render_archive_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Markup | None:
    """One cell of an archive's table, view or query as people read it; None leaves it to Datasette."""
    if column == "fields" and (value is None or isinstance(value, str)):
        return render_fields(row, json_list(value) if value else None, datasette, database)
    if column == "post_url" and (table in HISTORY_TABLES or (table is None and is_change_row(row))):
        return render_history_post(value, datasette, database)
    if column == "body_html" and isinstance(value, str):
        return render_body_html(value)
    if column == "snippet" and table is None and isinstance(value, str):
        return render_snippet(value)
    if column == "exercise_id" and table != "exercise_steps" and isinstance(value, int):
        return exercise_steps_link(datasette, database, value)
    if column == "sha256" and table in MEDIA_TABLES and isinstance(value, str) and len(value) == 64:
        return Markup('<a href="{}">{}…</a>').format(media_path(datasette, database, value), value[:16])
    if column == "family" and table in FAMILY_TABLES and isinstance(value, str):
        return Markup('<a class="exercise-family" href="{}">{}</a>').format(
            family_url(datasette, database, value), value
        )
    if column in TIME_COLUMNS and isinstance(value, str):
        return render_time(value)
    if column in LIST_COLUMNS and isinstance(value, str) and (items := json_list(value)) is not None:
        return render_terms(datasette, database, column, items)
    if column in PHRASE_LIST_COLUMNS and isinstance(value, str) and (items := json_list(value)) is not None:
        return Markup("; ").join(items) if items else note("none")
    if isinstance(value, str) and (items := json_list(value)) is not None:
        return Markup(", ").join(items) if items else note("none")  # each item escaped
    if isinstance(value, str) and (pairs := json_pairs(value)) is not None:
        return render_pairs(pairs)
    if isinstance(value, str) and (described := render_json_object(value)) is not None:
        return described
    if table in CRAWL_TABLES:
        return None
    return render_content_cell(row, value, column, datasette, database)


def render_content_cell(row: Any, value: Any, column: str, datasette: Any, database: str) -> Markup | None:
    """A cell of a content table or view: dates, empty values said in words, yes/no, pictures, titles linked."""
    if column in DATE_COLUMNS and isinstance(value, str):
        return render_date(value)
    empty = {"modified": "not given", "published": "undated", "listed_count": "not shown on the site"}
    if value is None and column in empty:
        return note(empty[column])
    if value is None and column in LIST_COLUMNS:
        return note("none")
    if value is None and column in MONTH_PAGE_COLUMNS:
        return note("not in the Archive widget")
    if column in YES_NO_COLUMNS and value in (0, 1):
        return Markup("yes" if value else "no")
    if column in POST_TITLE_COLUMNS and isinstance(value, str):
        return render_post_title(row, value, datasette, database)
    if column in ALT_COLUMNS and not (value or "").strip():
        return note("no alt attribute" if value is None else "empty")
    if column in CLAMPED_COLUMNS and isinstance(value, str):
        return Markup('<div class="clamped">{}</div>').format(value)
    return None
