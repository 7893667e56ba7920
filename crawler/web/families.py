"""A page per exercise family (/<database>/-/exercise-family?family=clamshell): its levels in order, post by post,
each with its picture (the archive's copy, or a placeholder naming its address), dose, attributes and steps.

No script: every value is text escaped by Jinja's autoescape, so the page passes the CSP unchanged.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import NotFound, Response

from crawler.archive.exercise_versions import dose_words, title
from crawler.web.archives import archive_names, is_archive
from crawler.web.cells import FAMILY_PATH, post_page_url
from crawler.web.labels import column_label, table_title
from crawler.web.media import archived_pictures, picture
from crawler.web.reading import readable_date

FAMILIES_VIEW = "exercise_families"
CATALOGUE_VIEW = "exercise_catalogue"
FLAT_VIEW = "exercise_steps_flat"
STEPS_QUERY = "exercise_steps_for"
ATTRIBUTES = ("kind", "equipment", "body_position", "muscles")
EXERCISES_SQL = """
    SELECT e.*, p.title AS post_title, p.published
    FROM exercises e JOIN posts p ON p.url = e.post_url
    WHERE e.family = ? AND p.removed_in_run IS NULL
    ORDER BY p.published, e.post_url, e.position
"""
STEPS_SQL = """
    SELECT s.* FROM exercise_steps s JOIN exercises e ON e.id = s.exercise_id
    JOIN posts p ON p.url = e.post_url
    WHERE e.family = ? AND p.removed_in_run IS NULL
    ORDER BY s.exercise_id, s.step
"""

Row = dict[str, Any]


def words(value: str | None) -> list[str]:
    """An attribute as a list of words: a JSON list's items, or the one value."""
    if value is None:
        return []
    if value.startswith("["):
        return [str(item) for item in json.loads(value)]
    return [value]


@dataclass
class Variation:
    """One level or variation of the family as one post teaches it."""

    row: Row
    steps: list[Row] = field(default_factory=list)

    @property
    def title(self) -> str:
        """Its name and heading, as people name it: Clamshell, Level 1."""
        return title(self.row)

    @property
    def dose(self) -> str:
        """Its dose in one phrase."""
        return dose_words(self.row)

    @property
    def attributes(self) -> list[tuple[str, str]]:
        """Kind, equipment, body position and muscles, as (label, words), where the post says them."""
        return [(column_label(name), ", ".join(words(self.row[name]))) for name in ATTRIBUTES if self.row.get(name)]


@dataclass
class Teaching:
    """One post that teaches the family, and its variations in the post's order."""

    url: str
    title: str
    published: str | None
    variations: list[Variation] = field(default_factory=list)


def summary(variations: list[Variation]) -> list[tuple[str, str]]:
    """What the family's posts say of it, every attribute's words together (first said first)."""
    found: dict[str, dict[str, None]] = {name: {} for name in ATTRIBUTES}
    for variation in variations:
        for name in ATTRIBUTES:
            found[name].update(dict.fromkeys(words(variation.row.get(name))))
    return [(column_label(name), ", ".join(values)) for name, values in found.items() if values]


def family_name(exercises: list[Row]) -> str | None:
    """The name most of the family's variations go by (the earliest on a tie): Bridge, not Bridge March."""
    names = Counter(row["name"] for row in exercises if row["name"])
    return max(names, key=lambda name: names[name]) if names else None


def group(exercises: list[Row], steps: list[Row]) -> list[Teaching]:
    """Exercises and their steps grouped by post, oldest post first."""
    variations = {row["id"]: Variation(row) for row in exercises}
    for step in steps:
        variations[step["exercise_id"]].steps.append(step)
    posts: dict[str, Teaching] = {}
    for row in exercises:
        teaching = posts.setdefault(row["post_url"], Teaching(row["post_url"], row["post_title"], row["published"]))
        teaching.variations.append(variations[row["id"]])
    return list(posts.values())


async def family_page(datasette: Any, request: Any) -> Response:
    """One family's levels across the posts that teach it, with their pictures, doses, attributes and steps."""
    database = tilde_decode(request.url_vars["database"])
    if not is_archive(datasette, database):
        raise NotFound(f"Database not found: {database}")
    await datasette.ensure_permissions(request.actor, [("view-database", database), "view-instance"])
    family = (request.args.get("family") or "").strip()
    if not family:
        raise NotFound("Give the family: ?family=clamshell (the exercise families list them all)")
    db = datasette.get_database(database)
    exercises = [dict(row) for row in (await db.execute(EXERCISES_SQL, [family])).rows]
    if not exercises:
        raise NotFound(f"No exercise of the family {family!r} in this archive")
    steps = [dict(row) for row in (await db.execute(STEPS_SQL, [family])).rows]
    teachings = group(exercises, steps)
    variations = [variation for teaching in teachings for variation in teaching.variations]
    name = family_name(exercises) or family
    pictures = await archived_pictures(datasette, database, [row["image_url"] for row in exercises])
    base = datasette.urls.database(database)
    context = {
        "database": database,
        "family": family,
        "family_name": name,
        "teachings": teachings,
        "variation_count": len(variations),
        "summary": summary(variations),
        "families_url": datasette.urls.table(database, FAMILIES_VIEW),
        "families_title": table_title(datasette, database, FAMILIES_VIEW),
        "catalogue_url": f"{datasette.urls.table(database, CATALOGUE_VIEW)}?{urlencode({'family': family})}",
        "catalogue_title": table_title(datasette, database, CATALOGUE_VIEW),
        "csv_url": f"{base}/{tilde_encode(FLAT_VIEW)}.csv?{urlencode({'family': family, '_stream': 'on', '_size': 'max'})}",
        "steps_url": f"{base}/{STEPS_QUERY}",
        "post_page_url": lambda url: post_page_url(datasette, database, url),
        "readable_date": readable_date,
        "archive_picture": picture,
        "pictures": pictures,
    }
    return Response.html(await datasette.render_template("blog_archive_family.html", context, request=request))


def family_routes(datasette: Any) -> list[tuple[str, Any]]:
    """The family page of each archive served (a foreign database's paths stay Datasette's)."""
    names = [re.escape(tilde_encode(name)) for name in archive_names(datasette)]
    if not names:
        return []
    return [(rf"^/(?P<database>{'|'.join(names)}){re.escape(FAMILY_PATH)}$", family_page)]
