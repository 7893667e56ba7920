"""The project's Datasette plugin: pages for people (post, search, home), readable cells, and a CSP, on archives only.

Every hook returns early for a database that is not an archive (crawler/web/archives.py): another database
served in the same Datasette is drawn, answered and headed exactly as Datasette does without this plugin.

The templates in `templates/` (package data) are put before Datasette's own through the
`prepare_jinja2_environment` hook: Datasette only finds a plugin's templates folder beside a package,
and this plugin is a module. Each template Datasette looks up by name (`table.html`, `_table.html`...) is one
line that extends the project's `blog_archive_*.html` when the page is an archive's (`blog_archive`, a
variable only archives get) and Datasette's own (`default:table.html`) otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import datasette
import pluggy
from datasette.utils import await_me_maybe, tilde_encode, urlsafe_components
from datasette.utils.asgi import Response

from crawler.web.archives import archive_names, database_of_path, is_archive
from crawler.web.audit import AUDITS
from crawler.web.cells import archived_cell, post_page_url, render_archive_cell, render_body_html, render_snippet
from crawler.web.csp import App, ContentSecurityPolicy, template_scripts
from crawler.web.families import family_routes
from crawler.web.history import history_routes
from crawler.web.labels import column_label, table_title
from crawler.web.media import MEDIA_ROUTE, archived_pictures, body_picture_urls, picture, serve_media
from crawler.web.reading import SEARCH_QUERY, home_page, load_post_page, readable_date
from parsers.text import sanitize_html

hookimpl = pluggy.HookimplMarker("datasette")  # what datasette.hookimpl is, with its types

DATASETTE_TEMPLATES = Path(datasette.__file__).parent / "templates"
TEMPLATES = Path(__file__).resolve().parent / "templates"  # package data
STYLESHEET = TEMPLATES / "archive.css"
STYLESHEET_PATH = "/-/blog-archive.css"
CATALOGUE = "post_catalogue"
SEARCHED_TABLES = frozenset({"posts", CATALOGUE})  # their pages lead with the search box
AUDIT_VIEWS = frozenset(audit.view for audit in AUDITS)
LEFT_OUT_COLUMNS = {  # columns a table's page leaves out to fit 1280 px (its JSON and CSV keep them), named on the page
    "posts": (
        "url", "wp_id", "slug", "body_text", "featured_image_alt", "content_hash", "first_seen_run", "last_seen_run",
        "meta_description", "sources",
    ),
}  # fmt: skip


def has_search(datasette: Any, database: str) -> bool:
    """Whether the database has the project's search query."""
    return SEARCH_QUERY in (datasette.metadata("queries", database=database) or {})


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    """An archive's cells as people read them (crawler/web/cells.py), pictures as the archive's copies; other
    databases' as Datasette draws them."""
    if not is_archive(datasette, database):
        return None
    archived = archived_cell(row, value, column, table, database, datasette)
    return archived or render_archive_cell(row, value, column, table, database, datasette)


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


def serves_archives(datasette: Any, database: str | None) -> bool:
    """Whether a page is the project's: an archive's page, or an instance page of a Datasette serving an archive."""
    return is_archive(datasette, database) if database else bool(archive_names(datasette))


def crumb_items(datasette: Any) -> Any:
    """Datasette's breadcrumbs (home, database, table) with each table named by its title."""

    async def items(request: Any, database: str | None = None, table: str | None = None) -> list[dict[str, str]]:
        actor = request.actor if request else None
        crumbs = []
        if await datasette.permission_allowed(actor, "view-instance", default=True):
            crumbs.append({"href": datasette.urls.instance(), "label": "home"})
        if database and await datasette.permission_allowed(actor, "view-database", database, default=True):
            crumbs.append({"href": datasette.urls.database(database), "label": database})
        if (
            database
            and table
            and await datasette.permission_allowed(actor, "view-table", (database, table), default=True)
        ):
            crumbs.append(
                {"href": datasette.urls.table(database, table), "label": table_title(datasette, database, table)}
            )
        return crumbs

    return items


def table_page_variables(datasette: Any, database: str, table: str, is_view: bool) -> dict[str, Any]:
    """An archive table's page: its title; column descriptions by their words; its SQL a link, not a block."""
    metadata = dict(datasette.table_metadata(database, table))
    datasette.update_with_inherited_metadata(metadata)
    described = {column_label(name): text for name, text in (metadata.pop("columns", None) or {}).items()}
    schema_sql = f"select sql from sqlite_master where name = '{table.replace(chr(39), chr(39) * 2)}'"
    variables = {
        "page_title": table_title(datasette, database, table),
        "metadata": {**metadata, "title": table_title(datasette, database, table)},
        "column_descriptions": described,  # shown folded, by their words
        "is_view": False,  # a view is named by its title, not as a view
        "archive_is_view": is_view,
        "table_definition": None,
        "view_definition": None,
        "schema_url": f"{datasette.urls.database(database)}?{urlencode({'sql': schema_sql})}",
    }
    if table in SEARCHED_TABLES and has_search(datasette, database):
        variables |= {"search_database": database, "left_out_columns": LEFT_OUT_COLUMNS.get(table, ())}
    return variables


@hookimpl
def extra_template_vars(
    template: str, view_name: str, database: str | None, table: str | None, request: Any, datasette: Any
) -> Any:
    """What the project's templates need on an archive's pages; nothing on any other database's."""

    async def variables() -> dict[str, Any]:
        if view_name == "index":
            home = await home_page(datasette)
            return {"home": home, "blog_archive": True} if home else {}
        if not database or not is_archive(datasette, database):
            return {}
        common = {"blog_archive": True, "column_label": column_label, "crumb_items": crumb_items(datasette)}
        if view_name == "row" and table == "posts" and request is not None and has_search(datasette, database):
            (url, *_) = urlsafe_components(request.url_vars["pks"])
            page = await load_post_page(datasette.get_database(database), url)
            if page is not None:
                body_pictures = body_picture_urls(sanitize_html(page.post.get("body_html") or ""))
                page.pictures = await archived_pictures(datasette, database, [*page.picture_urls(), *body_pictures])
            return common | {
                "archive_picture": picture,
                "post_page": page,
                "post_page_url": lambda target: post_page_url(datasette, database, target),
            }
        if template == "query.html":  # a canned query or arbitrary SQL
            return common | {"audit_views": AUDIT_VIEWS}
        if view_name == "table" and table:
            is_view = table in await datasette.get_database(database).view_names()
            return common | table_page_variables(datasette, database, table, is_view)
        return common

    return variables


@hookimpl
def extra_css_urls(database: str | None, datasette: Any) -> list[str]:
    """The project's stylesheet on an archive's pages and the home page of a Datasette serving one."""
    return [str(datasette.urls.path(STYLESHEET_PATH))] if serves_archives(datasette, database) else []


@hookimpl
def register_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The stylesheet, served from the package; each archive's post history and compare pages, exercise families and
    pictures."""

    async def stylesheet() -> Response:
        return Response(STYLESHEET.read_text(encoding="utf-8"), content_type="text/css; charset=utf-8")

    async def media(request: Any) -> Any:
        return await serve_media(datasette, request)

    return [
        (r"^/-/blog-archive\.css$", stylesheet),
        *history_routes(datasette),
        *family_routes(datasette),
        (MEDIA_ROUTE, media),
    ]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Every response carries a Content-Security-Policy that archive content cannot satisfy."""

    async def trusted_scripts() -> set[str]:
        """Inline scripts Datasette writes: its templates' and its plugins' body scripts."""
        # Imported here: importing datasette.plugins loads every plugin, this module too; at the top, a process
        # that imported this module first would have it registered half-imported, with none of its hooks.
        from datasette.plugins import pm

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

    def applies(path: str) -> bool:
        """The policy covers an archive's pages and the instance's, never another database's."""
        return serves_archives(datasette, database_of_path(datasette, path))

    def wrap(app: App) -> App:
        """Datasette's app behind the policy."""
        return ContentSecurityPolicy(app, trusted_scripts, applies)

    return wrap
