"""Export the archive's exercises: CSV one row per step, JSON one object per exercise, or free-exercise-db's shape.

Read-only: the rows come from the views the migrations define (`exercise_steps_flat` for the CSV), so the export
and Datasette's pages say the same thing. Only exercises of live posts are exported.

free-exercise-db (github.com/yuhonas/free-exercise-db, its schema.json) names every field differently and has
closed vocabularies; the translation below says nothing the post does not: `force` and `mechanic` are null,
`level` and `category` are null where the post gives nothing they can be read from, and every muscle is primary.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO, get_args

from crawler.archive.exercise_versions import title
from crawler.archive.files import connect_readonly

ExportFormat = Literal["csv", "json", "free-exercise-db"]
FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
Row = dict[str, Any]

EXERCISES_SQL = """
    SELECT e.id, e.post_url, p.title AS post_title, p.published, e.position, e.name, e.level, e.label, e.family,
           e.kind, e.equipment, e.body_position, e.muscles, e.sets, e.reps, e.hold_seconds_min, e.hold_seconds_max,
           e.per_side, e.rest_seconds, e.tempo, e.image_url, e.image_alt, e.evidence
    FROM exercises e JOIN posts p ON p.url = e.post_url
    WHERE p.removed_in_run IS NULL
    ORDER BY p.published, e.post_url, e.position
"""
STEPS_SQL = """
    SELECT s.exercise_id, s.step, s.text, s.sets, s.reps, s.hold_seconds_min, s.hold_seconds_max, s.per_side,
           s.rest_seconds, s.tempo
    FROM exercise_steps s
    ORDER BY s.exercise_id, s.step
"""
FLAT_SQL = "SELECT * FROM exercise_steps_flat"
MEDIA_SQL = """
    SELECT m.sha256, m.content_type, b.data FROM media m JOIN media_blobs b ON b.sha256 = m.sha256
    WHERE m.url = ? AND m.sha256 IS NOT NULL
"""

# free-exercise-db's vocabularies, from its schema.json
FREE_EXERCISE_DB_CATEGORY = {  # the archive's kind -> its category; balance and motor control have none
    "stretch": "stretching",
    "mobility": "stretching",
    "strength": "strength",
    "plyometric": "plyometrics",
}
FREE_EXERCISE_DB_EQUIPMENT = (  # the archive's equipment -> its one equipment word, the first that applies wins
    ("band", "bands"),
    ("dumbbell", "dumbbell"),
    ("foam roller", "foam roll"),
    ("ball", "other"),  # a ball of unknown kind: exercise ball and medicine ball are theirs, and differ
    ("weight", "other"),
    ("strap", "other"),
    ("towel", "other"),
    ("wall", "body only"),
    ("chair", "body only"),
    ("step", "body only"),
    ("bench", "body only"),
    ("mat", "body only"),
    ("none", "body only"),
)
IMAGE_SUFFIXES = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
MEDIA_FOLDER = "media"


@dataclass(frozen=True, slots=True)
class ExportSummary:
    """What an export wrote."""

    exercises: int
    rows: int  # CSV rows (steps) or JSON objects
    images: int  # archived pictures written beside the export (free-exercise-db with --out)

    def line(self, target: str) -> str:
        """The one-line summary."""
        pictures = f", {self.images} pictures" if self.images else ""
        return f"wrote {target}: {self.rows} rows, {self.exercises} exercises{pictures}"


def rows(conn: sqlite3.Connection, sql: str, params: list[Any] | None = None) -> list[Row]:
    """Query results as dicts."""
    cursor = conn.execute(sql, params or [])
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def json_value(text: str | None) -> Any:
    """A JSON column's value, None when empty."""
    return None if text is None else json.loads(text)


def load_exercises(conn: sqlite3.Connection) -> list[Row]:
    """Every exercise of a live post, oldest post first, with its steps and JSON columns decoded."""
    steps: dict[int, list[Row]] = {}
    for step in rows(conn, STEPS_SQL):
        exercise_id = step.pop("exercise_id")
        step["per_side"] = bool(step["per_side"])
        steps.setdefault(exercise_id, []).append(step)
    exercises = []
    for row in rows(conn, EXERCISES_SQL):
        for key in ("equipment", "muscles"):
            row[key] = json_value(row[key])
        row["evidence"] = json_value(row["evidence"]) or {}
        row["per_side"] = None if row["per_side"] is None else bool(row["per_side"])
        row["steps"] = steps.get(row["id"], [])
        exercises.append(row)
    return exercises


def write_csv(conn: sqlite3.Connection, out: TextIO) -> ExportSummary:
    """One row per step (the exercise_steps_flat view), a header first."""
    cursor = conn.execute(FLAT_SQL)
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column[0] for column in cursor.description])
    exercise_column = [column[0] for column in cursor.description].index("exercise_id")
    count, exercises = 0, set()
    for row in cursor:
        writer.writerow(row)
        count += 1
        exercises.add(row[exercise_column])
    return ExportSummary(len(exercises), count, 0)


def progression_level(exercise: Row, exercises: list[Row]) -> str | None:
    """free-exercise-db's level, read from the post's own progression: its first level beginner, its last expert
    (of three or more), the rest intermediate; None for an exercise the post gives no level."""
    if exercise["level"] is None:
        return None
    levels = sorted(
        {
            other["level"]
            for other in exercises
            if other["post_url"] == exercise["post_url"]
            and other["family"] == exercise["family"]
            and other["level"] is not None
        }
    )
    rank = levels.index(exercise["level"])
    if rank == 0:
        return "beginner"
    return "expert" if rank == len(levels) - 1 and len(levels) >= 3 else "intermediate"


def free_exercise_db_equipment(equipment: list[str] | None) -> str | None:
    """The one free-exercise-db equipment word for the archive's list, or None when the post does not say."""
    if not equipment:
        return None
    return next((theirs for ours, theirs in FREE_EXERCISE_DB_EQUIPMENT if ours in equipment), "other")


def identifier(exercise: Row) -> str:
    """An id in free-exercise-db's alphabet ([0-9a-zA-Z_-]): the exercise's name, then its archive id."""
    ascii_name = unicodedata.normalize("NFKD", title(exercise)).encode("ascii", "ignore").decode()
    words = re.sub(r"[^0-9A-Za-z]+", "_", ascii_name).strip("_")
    return f"{words}_{exercise['id']}" if words else f"exercise_{exercise['id']}"


class Pictures:
    """The archived bytes of exercise pictures, written beside the export when it goes to a file."""

    def __init__(self, conn: sqlite3.Connection, folder: Path | None) -> None:
        self.conn = conn
        self.folder = folder  # None: nothing is written, the pictures stay URLs
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.kept = {"media", "media_blobs"} <= names
        self.written = 0

    def path(self, url: str | None) -> list[str]:
        """The picture as free-exercise-db's `images`: its archived file's relative path when the archive keeps it
        and the export goes to a file, else its URL; nothing when there is no picture."""
        if url is None:
            return []
        if self.folder is None or not self.kept:
            return [url]
        found = self.conn.execute(MEDIA_SQL, [url]).fetchone()
        if found is None:
            return [url]
        sha256, content_type, data = found
        name = f"{sha256}{IMAGE_SUFFIXES.get((content_type or '').split(';')[0].strip(), '')}"
        target = self.folder / MEDIA_FOLDER / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            self.written += 1
        return [f"{MEDIA_FOLDER}/{name}"]


def free_exercise_db(exercises: list[Row], pictures: Pictures) -> Iterator[Row]:
    """Each exercise in free-exercise-db's fields."""
    for exercise in exercises:
        muscles = exercise["muscles"] or []
        yield {
            "id": identifier(exercise),
            "name": title(exercise),
            "force": None,
            "level": progression_level(exercise, exercises),
            "mechanic": None,
            "equipment": free_exercise_db_equipment(exercise["equipment"]),
            "primaryMuscles": muscles,
            "secondaryMuscles": [],
            "instructions": [step["text"] for step in exercise["steps"]],
            "category": FREE_EXERCISE_DB_CATEGORY.get(exercise["kind"] or ""),
            "images": pictures.path(exercise["image_url"]),
        }


def export_exercises(db_path: Path, export_format: ExportFormat, out: TextIO, folder: Path | None) -> ExportSummary:
    """Write the archive's exercises to `out` in the format asked; `folder` is where --out's file lies (for pictures)."""
    with closing(connect_readonly(db_path)) as conn:
        if export_format == "csv":
            return write_csv(conn, out)
        exercises = load_exercises(conn)
        if export_format == "json":
            objects: list[Row] = exercises
            pictures = 0
        else:
            shelf = Pictures(conn, folder)
            objects = list(free_exercise_db(exercises, shelf))
            pictures = shelf.written
        json.dump(objects, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return ExportSummary(len(exercises), len(objects), pictures)
