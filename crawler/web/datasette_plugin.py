"""The project's Datasette plugin: pages for people (post, search, home), readable cells, and a CSP.

The templates in `templates/` (package data) are put before Datasette's own through the
`prepare_jinja2_environment` hook: Datasette only finds a plugin's templates folder beside a package,
and this plugin is a module. Each template extends Datasette's (`default:row.html`) and changes only
the pages of this project's archive, so other databases look as Datasette draws them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import datasette
import pluggy
from datasette.plugins import pm
from datasette.utils import await_me_maybe, tilde_encode, urlsafe_components
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from crawler.web.csp import App, ContentSecurityPolicy, template_scripts
from crawler.web.history import HISTORY_ROUTES, history_cell
from crawler.web.reading import (
    CRAWL_TABLES,
    SEARCH_QUERY,
    home_page,
    load_post_page,
    readable_date,
)
from parsers.text import sanitize_html

hookimpl = pluggy.HookimplMarker("datasette")  # what datasette.hookimpl is, with its types

DATASETTE_TEMPLATES = Path(datasette.__file__).parent / "templates"
STEPS_QUERY = "exercise_steps_for"  # the canned query showing one exercise's steps
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"  # what the search_posts query wraps matched words in
TEMPLATES = Path(__file__).resolve().parent / "templates"  # package data
STYLESHEET = TEMPLATES / "archive.css"
STYLESHEET_PATH = "/-/blog-archive.css"
DATE_COLUMNS = frozenset({"published", "modified", "last_updated", "run_started"})
YES_NO_COLUMNS = frozenset({"per_side", "is_internal"})
LIST_COLUMNS = frozenset({"categories", "tags"})  # JSON lists in post_catalogue, faceted there as arrays
IMAGE_COLUMNS = frozenset({"src", "image_url", "thumbnail_url", "featured_image_url"})
ALT_COLUMNS = frozenset({"alt", "image_alt", "thumbnail_alt", "featured_image_alt"})
CLAMPED_COLUMNS = frozenset({"excerpt", "body_text", "meta_description"})  # long text: a few lines in a table row
POST_TITLE_COLUMNS = frozenset({"title", "post_title"})
MONTH_PAGE_COLUMNS = frozenset(
    {"archive_page", "month_page"}
)  # a month's archive page, null when the widget lists no such month
POST_URL_COLUMNS = ("url", "post_url", "page_url")  # the post a row of a content view is about
CATALOGUE = "post_catalogue"
SEARCHED_TABLES = frozenset({"posts", CATALOGUE})  # their pages lead with the search box
LEFT_OUT_COLUMNS = {  # columns a table's page leaves out to fit 1280 px (its JSON and CSV keep them), named on the page
    "posts": (
        "url", "wp_id", "slug", "body_text", "featured_image_alt", "content_hash", "first_seen_run", "last_seen_run",
        "meta_description", "sources",
    ),
}  # fmt: skip


def render_body_html(html: str) -> Markup:
    """Stored post HTML as markup, sanitised again now: no script, handlers or javascript: URLs."""
    return Markup(f'<div class="archive-html">{sanitize_html(html)}</div>')  # archive.css sizes it in a table cell


def render_snippet(snippet: str) -> Markup:
    """A search snippet escaped, with only its <mark> highlights left as markup."""
    escaped = str(escape(snippet))
    return Markup(escaped.replace(str(escape(MARK_OPEN)), MARK_OPEN).replace(str(escape(MARK_CLOSE)), MARK_CLOSE))


def exercise_steps_link(datasette: Any, database: str, exercise_id: int) -> Markup | None:
    """A link to the exercise's steps, when the database has the steps query."""
    if STEPS_QUERY not in (datasette.metadata("queries", database=database) or {}):
        return None
    url = f"{datasette.urls.database(database)}/{STEPS_QUERY}?exercise_id={exercise_id}"
    return Markup('<a href="{}">{} (steps)</a>').format(url, exercise_id)


def has_search(datasette: Any, database: str) -> bool:
    """Whether the database has the project's search query."""
    return SEARCH_QUERY in (datasette.metadata("queries", database=database) or {})


def post_page_url(datasette: Any, database: str, url: str) -> str:
    """The archive's page of the post at `url`."""
    return str(datasette.urls.row(database, "posts", tilde_encode(url)))


def render_date(value: str) -> Markup | None:
    """An ISO 8601 date or time as a date, the exact value kept in the title."""
    readable = readable_date(value)
    return Markup('<time datetime="{0}" title="{0}">{1}</time>').format(value, readable) if readable else None


def render_list(datasette: Any, database: str, column: str, value: str) -> Markup | None:
    """A JSON list of categories or tags as links to the catalogue filtered by each."""
    try:
        items = json.loads(value)
    except json.JSONDecodeError:
        return None
    if not isinstance(items, list):
        return None
    catalogue = datasette.urls.table(database, CATALOGUE)
    links = [
        Markup('<a href="{}?{}__arraycontains={}">{}</a>').format(catalogue, column, item, item)
        for item in items
        if isinstance(item, str)
    ]
    return (
        Markup('<span class="term-list">{}</span>').format(Markup(", ").join(links))
        if links
        else Markup('<span class="note">none</span>')
    )


def render_thumbnail(value: str) -> Markup:
    """An image URL as a small picture linking to the image."""
    return Markup('<a href="{0}" class="thumbnail"><img src="{0}" alt="" loading="lazy"></a>').format(value)


def render_post_title(row: Any, value: str, datasette: Any, database: str) -> Markup | None:
    """A post's title in a content view or query, linking to the post's page in the archive."""
    keys = row.keys() if hasattr(row, "keys") else ()
    url = next((row[key] for key in POST_URL_COLUMNS if key in keys and isinstance(row[key], str)), None)
    if url is None:
        return None
    return Markup('<a href="{}">{}</a>').format(post_page_url(datasette, database, url), value)


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    """Post bodies as sanitised HTML, snippets highlighted, exercise ids and post histories linked; dates, lists, yes/no and pictures readable."""
    history_link = history_cell(value, column, table, database, datasette)
    if history_link is not None:
        return history_link
    if column == "body_html" and isinstance(value, str):
        return render_body_html(value)
    if column == "snippet" and table is None and isinstance(value, str):
        return render_snippet(value)
    if column == "exercise_id" and table != "exercise_steps" and isinstance(value, int):
        return exercise_steps_link(datasette, database, value)
    if table in CRAWL_TABLES:
        return None
    if column in DATE_COLUMNS and isinstance(value, str):
        return render_date(value)
    if column == "modified" and value is None:
        return Markup('<span class="note">not given</span>')
    if column == "published" and value is None:
        return Markup('<span class="note">undated</span>')
    if column in LIST_COLUMNS and value is None:
        return Markup('<span class="note">none</span>')
    if column in MONTH_PAGE_COLUMNS and value is None:
        return Markup('<span class="note">not in the Archive widget</span>')
    if column in YES_NO_COLUMNS and value in (0, 1):
        return Markup("yes" if value else "no")
    if column in LIST_COLUMNS and isinstance(value, str) and value.startswith("["):
        return render_list(datasette, database, column, value)
    if column in IMAGE_COLUMNS and isinstance(value, str) and value.startswith(("http://", "https://")):
        return render_thumbnail(value)
    if column in POST_TITLE_COLUMNS and isinstance(value, str):
        return render_post_title(row, value, datasette, database)
    if column == "listed_count" and value is None:
        return Markup('<span class="note">not shown on the site</span>')
    if column in ALT_COLUMNS and not (value or "").strip():
        return Markup('<span class="note">{}</span>').format("no alt attribute" if value is None else "empty")
    if column in CLAMPED_COLUMNS and isinstance(value, str):
        return Markup('<div class="clamped">{}</div>').format(value)
    return None


@hookimpl
def prepare_jinja2_environment(env: Any, datasette: Any) -> None:
    """The project's templates ahead of Datasette's own, and the filters they use."""
    search_path = env.loader.loaders[0].searchpath  # ChoiceLoader([FileSystemLoader(paths), PrefixLoader("default:")])
    if str(TEMPLATES) not in search_path:
        search_path.insert(len(search_path) - 1, str(TEMPLATES))  # after --template-dir, before Datasette's
    env.filters["readable_date"] = readable_date
    env.filters["search_snippet"] = render_snippet
    env.filters["tilde_encode"] = tilde_encode
    env.filters["sanitised_body"] = render_body_html


@hookimpl
def extra_template_vars(view_name: str, database: str | None, table: str | None, request: Any, datasette: Any) -> Any:
    """A post's page for the posts row page; the home page's searches, audits and counts."""

    async def variables() -> dict[str, Any]:
        if (
            view_name == "row"
            and table == "posts"
            and database
            and request is not None
            and has_search(datasette, database)
        ):
            (url, *_) = urlsafe_components(request.url_vars["pks"])
            page = await load_post_page(datasette.get_database(database), url)
            return {"post_page": page, "post_page_url": lambda target: post_page_url(datasette, database, target)}
        if view_name == "index":
            return {"home": await home_page(datasette)}
        if view_name == "table" and table in SEARCHED_TABLES and database and has_search(datasette, database):
            return {"search_database": database, "left_out_columns": LEFT_OUT_COLUMNS.get(table, ())}
        return {}

    return variables


@hookimpl
def extra_css_urls(datasette: Any) -> list[str]:
    """The project's stylesheet on every page."""
    return [str(datasette.urls.path(STYLESHEET_PATH))]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """The stylesheet, served from the package; each post's history and compare pages."""

    async def stylesheet() -> Response:
        return Response(STYLESHEET.read_text(encoding="utf-8"), content_type="text/css; charset=utf-8")

    return [(r"^/-/blog-archive\.css$", stylesheet), *HISTORY_ROUTES]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Every response carries a Content-Security-Policy that archive content cannot satisfy."""

    async def trusted_scripts() -> set[str]:
        """Inline scripts Datasette writes: its templates' and its plugins' body scripts."""
        scripts = template_scripts(DATASETTE_TEMPLATES)
        for view_name, template in (("index", "index.html"), ("table", "table.html"), ("query", "query.html")):
            results = pm.hook.extra_body_script(
                template=template,
                database=None,
                table=None,
                columns=None,
                view_name=view_name,
                request=None,
                datasette=datasette,
            )
            for result in results:
                result = await await_me_maybe(result)
                scripts.add(str(result["script"] if isinstance(result, dict) else result))
        return scripts

    def wrap(app: App) -> App:
        """Datasette's app behind the policy."""
        return ContentSecurityPolicy(app, trusted_scripts)

    return wrap
