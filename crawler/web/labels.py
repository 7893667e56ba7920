"""How the archive's names read on a page: columns and post fields as words, tables by their title, times written out."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

COLUMN_LABELS = {  # where replacing underscores with spaces does not say it
    "url": "URL",
    "wp_id": "WordPress id",
    "post_url": "post URL",
    "page_url": "page URL",
    "source_url": "on page",
    "target_url": "link to",
    "final_url": "final URL",
    "start_url": "start URL",
    "example_url": "example URL",
    "run_id": "run",
    "exercise_id": "exercise",
    "post_rowid": "row",
    "post_title": "post",
    "body_html": "body",
    "word_count": "words",
    "featured_image_url": "featured image",
    "featured_image_alt": "featured image alt text",
    "image_url": "image",
    "image_alt": "image alt text",
    "thumbnail_url": "thumbnail",
    "thumbnail_alt": "thumbnail alt text",
    "src": "image",
    "alt": "alt text",
    "hold_seconds_min": "shortest hold (s)",
    "hold_seconds_max": "longest hold (s)",
    "per_side": "each side",
    "rest_seconds": "rest (s)",
    "exercise_position": "order in the post",
    "step_text": "instruction",
    "step_sets": "step's sets",
    "step_reps": "step's reps",
    "step_hold_seconds_min": "step's shortest hold (s)",
    "step_hold_seconds_max": "step's longest hold (s)",
    "step_per_side": "step each side",
    "step_rest_seconds": "step's rest (s)",
    "step_tempo": "step's tempo",
    "listed_count": "count shown",
    "archive_page": "month's archive page",
    "month_page": "month's archive page",
    "is_internal": "internal",
    "first_seen_run": "first seen in run",
    "last_seen_run": "last seen in run",
    "removed_in_run": "removed in run",
    "fields": "what changed",
    "related_links": "related posts",
    "images": "images",
}


def column_label(name: str) -> str:
    """A column or post field as words, e.g. body_text -> body text, post_url -> post URL."""
    return COLUMN_LABELS.get(name, name.replace("_", " "))


def table_title(datasette: Any, database: str, table: str) -> str:
    """A table's or view's human title: its metadata title, else its name as words with a capital."""
    title = (datasette.table_metadata(database, table) or {}).get("title")
    if isinstance(title, str) and title:
        return title
    words = table.replace("_", " ")
    return words[:1].upper() + words[1:]


def readable_time(value: str | None) -> str | None:
    """An ISO 8601 time as people read it, in UTC: 5 December 2026, 19:17 UTC; None when it is no time."""
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    if moment.tzinfo is None:
        return f"{moment.day} {moment:%B %Y, %H:%M}"
    moment = moment.astimezone(UTC)
    return f"{moment.day} {moment:%B %Y, %H:%M} UTC"
