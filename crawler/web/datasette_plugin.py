"""The project's Datasette plugin: post HTML rendered safely, search snippets, exercise links and a CSP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import datasette
import pluggy
from datasette.plugins import pm
from datasette.utils import await_me_maybe
from markupsafe import Markup, escape

from crawler.web.csp import App, ContentSecurityPolicy, template_scripts
from parsers.text import sanitize_html

hookimpl = pluggy.HookimplMarker("datasette")  # what datasette.hookimpl is, with its types

DATASETTE_TEMPLATES = Path(datasette.__file__).parent / "templates"
STEPS_QUERY = "exercise_steps_for"  # the canned query showing one exercise's steps
MARK_OPEN, MARK_CLOSE = "<mark>", "</mark>"  # what the search_posts query wraps matched words in
BODY_STYLE = "min-width: 32em; max-height: 30em; overflow: auto"  # readable width; a long post scrolls in its cell


def render_body_html(html: str) -> Markup:
    """Stored post HTML as markup, sanitised again now: no script, handlers or javascript: URLs."""
    return Markup(f'<div class="archive-html" style="{BODY_STYLE}">{sanitize_html(html)}</div>')


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


@hookimpl
def render_cell(value: Any, column: str, table: str | None, database: str, datasette: Any) -> Markup | None:
    """Post bodies as sanitised HTML, highlighted search snippets, exercise ids linked to their steps."""
    if column == "body_html" and isinstance(value, str):
        return render_body_html(value)
    if column == "snippet" and table is None and isinstance(value, str):
        return render_snippet(value)
    if column == "exercise_id" and table != "exercise_steps" and isinstance(value, int):
        return exercise_steps_link(datasette, database, value)
    return None


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Every response carries a Content-Security-Policy that archive content cannot satisfy."""

    async def trusted_scripts() -> set[str]:
        """Inline scripts Datasette writes: its templates' and its plugins' body scripts."""
        scripts = template_scripts(DATASETTE_TEMPLATES)
        for view_name, template in (("index", "index.html"), ("table", "table.html"), ("query", "query.html")):
            results = pm.hook.extra_body_script(
                template=template, database=None, table=None, columns=None, view_name=view_name, request=None, datasette=datasette
            )
            for result in results:
                result = await await_me_maybe(result)
                scripts.add(str(result["script"] if isinstance(result, dict) else result))
        return scripts

    def wrap(app: App) -> App:
        """Datasette's app behind the policy."""
        return ContentSecurityPolicy(app, trusted_scripts)

    return wrap
