"""blog-archive export-exercises on a crawled replica archive: CSV one row per step, JSON, free-exercise-db's shape."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from tests.support import Crawled, copy_archive, query

Row = dict[str, Any]
# free-exercise-db's schema.json: its required fields and closed vocabularies
FREE_EXERCISE_DB_REQUIRED = {
    "id", "name", "level", "mechanic", "equipment", "primaryMuscles", "secondaryMuscles", "instructions", "category",
    "images",
}  # fmt: skip
FREE_EXERCISE_DB_MUSCLES = {
    "abdominals", "abductors", "adductors", "biceps", "calves", "chest", "forearms", "glutes", "hamstrings", "lats",
    "lower back", "middle back", "neck", "quadriceps", "shoulders", "traps", "triceps",
}  # fmt: skip
FREE_EXERCISE_DB_EQUIPMENT = {
    None, "medicine ball", "dumbbell", "body only", "bands", "kettlebells", "foam roll", "cable", "machine", "barbell",
    "exercise ball", "e-z curl bar", "other",
}  # fmt: skip
FREE_EXERCISE_DB_CATEGORIES = {
    "powerlifting", "strength", "stretching", "cardio", "olympic weightlifting", "strongman", "plyometrics",
}  # fmt: skip
FREE_EXERCISE_DB_LEVELS = {"beginner", "intermediate", "expert"}
CSV_ATTRIBUTE_COLUMNS = {  # a CSV column -> the exercises column it must carry whenever the post states it
    "name": "name", "level": "level", "family": "family", "kind": "kind", "body_position": "body_position",
    "sets": "sets", "reps": "reps", "hold_seconds_min": "hold_seconds_min", "hold_seconds_max": "hold_seconds_max",
    "per_side": "per_side", "rest_seconds": "rest_seconds", "tempo": "tempo", "image_url": "image_url",
}  # fmt: skip


def export(db_path: Path, *options: str) -> str:
    result = CliRunner().invoke(cli, ["export-exercises", "--db", str(db_path), *options])
    assert result.exit_code == 0, result.output
    return result.stdout


def live_steps(db_path: Path) -> list[Row]:
    return query(
        db_path,
        "select e.*, s.step, s.text from exercises e join posts p on p.url = e.post_url "
        "join exercise_steps s on s.exercise_id = e.id where p.removed_in_run is null",
    )


def test_csv_is_one_row_per_step_with_every_column_the_post_states(crawled: Crawled) -> None:
    rows = list(csv.DictReader(io.StringIO(export(crawled.db_path, "--format", "csv"))))
    steps = live_steps(crawled.db_path)
    assert len(rows) == len(steps) == sum(len(exercise["steps"]) for exercise in crawled.truth.exercises)
    by_step = {(row["exercise_id"], row["step"]): row for row in rows}
    for step in steps:
        row = by_step[(str(step["id"]), str(step["step"]))]
        assert row["step_text"] == step["text"]
        assert row["post_title"] and row["published"] and row["post_url"] == step["post_url"]
        for column, source in CSV_ATTRIBUTE_COLUMNS.items():
            assert row[column] == ("" if step[source] is None else str(step[source])), (column, step["label"])
        for column in ("equipment", "muscles"):
            stated = json.loads(str(step[column])) if step[column] else []
            assert row[column] == ", ".join(stated), column
        assert json.loads(row["evidence"] or "{}") == json.loads(str(step["evidence"] or "{}"))
    filled = {column for row in rows for column, value in row.items() if value}
    assert {"kind", "equipment", "body_position", "muscles", "family", "tempo", "step_per_side"} <= filled


def test_csv_to_a_file_prints_one_summary_line(crawled: Crawled, tmp_path: Path) -> None:
    out = tmp_path / "exercises.csv"
    result = CliRunner().invoke(cli, ["export-exercises", "--db", str(crawled.db_path), "--out", str(out)])
    assert result.exit_code == 0, result.output
    steps = len(live_steps(crawled.db_path))
    assert result.stdout == f"wrote {out}: {steps} rows, {len(crawled.truth.exercises)} exercises\n"
    assert len(out.read_text(encoding="utf-8").splitlines()) == steps + 1


def test_json_is_one_object_per_exercise_with_its_steps_in_order(crawled: Crawled) -> None:
    objects = json.loads(export(crawled.db_path, "--format", "json"))
    assert len(objects) == len(crawled.truth.exercises)
    truth = {(exercise["post_url"], exercise["position"]): exercise for exercise in crawled.truth.exercises}
    stored = {row["id"]: row for row in query(crawled.db_path, "select * from exercises")}
    for item in objects:
        expected = truth[(item["post_url"], item["position"])]
        assert (item["name"], item["level"], item["label"]) == (expected["name"], expected["level"], expected["label"])
        assert [step["text"] for step in item["steps"]] == [step["text"] for step in expected["steps"]]
        row = stored[item["id"]]
        for column in ("equipment", "muscles"):
            assert item[column] == (json.loads(str(row[column])) if row[column] else None)
        assert item["evidence"] == (json.loads(str(row["evidence"])) if row["evidence"] else {})
        assert item["per_side"] in (True, None) and all(isinstance(step["per_side"], bool) for step in item["steps"])
        assert item["post_title"] and item["published"]


def test_free_exercise_db_shape_uses_only_its_vocabularies(crawled: Crawled) -> None:
    objects = json.loads(export(crawled.db_path, "--format", "free-exercise-db"))
    assert len(objects) == len(crawled.truth.exercises)
    assert len({item["id"] for item in objects}) == len(objects)
    pictures = {row["id"]: row["image_url"] for row in query(crawled.db_path, "select id, image_url from exercises")}
    for item in objects:
        assert set(item) >= FREE_EXERCISE_DB_REQUIRED
        assert item["id"].replace("_", "").replace("-", "").isalnum()
        assert item["force"] is None and item["mechanic"] is None
        assert item["level"] in FREE_EXERCISE_DB_LEVELS | {None}
        assert item["equipment"] in FREE_EXERCISE_DB_EQUIPMENT
        assert item["category"] in FREE_EXERCISE_DB_CATEGORIES | {None}
        assert set(item["primaryMuscles"]) <= FREE_EXERCISE_DB_MUSCLES and item["secondaryMuscles"] == []
        assert item["instructions"] and all(isinstance(text, str) for text in item["instructions"])
        picture = pictures[int(item["id"].rsplit("_", 1)[1])]
        assert item["images"] == ([picture] if picture else [])  # no media kept: the picture's URL
    clamshells = [item for item in objects if item["name"].startswith("Clamshell, Level")]
    assert [item["level"] for item in clamshells] == [
        "beginner",
        "intermediate",
        "intermediate",
        "intermediate",
        "expert",
    ]
    band = next(item for item in objects if item["name"] == "Band Row")
    assert (band["equipment"], band["category"]) == ("bands", None)  # the post names the band, not a kind
    stretch = next(item for item in objects if item["name"] == "Knee to Chest")
    assert (stretch["category"], stretch["equipment"], stretch["level"]) == ("stretching", None, None)


def refuse_one_picture(db_path: Path) -> str:
    """Mark one exercise picture the crawl kept as refused (a 404, no bytes); returns its URL."""
    with closing(sqlite3.connect(db_path)) as conn, conn:
        (url,) = conn.execute(
            "select e.image_url from exercises e join media m on m.url = e.image_url order by e.id limit 1"
        ).fetchone()
        conn.execute("update media set status = 404, sha256 = null, error = 'HTTP 404' where url = ?", [url])
    return str(url)


def test_free_exercise_db_images_are_archived_files_beside_the_export(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    refused = refuse_one_picture(db_path)
    kept = {
        row["url"]: row["data"]
        for row in query(
            db_path, "select m.url, b.data from media m join media_blobs b on b.sha256 = m.sha256 where m.status = 200"
        )
    }
    out = tmp_path / "export" / "exercises.json"
    out.parent.mkdir()
    result = CliRunner().invoke(
        cli, ["export-exercises", "--db", str(db_path), "--format", "free-exercise-db", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    objects = json.loads(out.read_text(encoding="utf-8"))
    urls = {row["id"]: row["image_url"] for row in query(db_path, "select id, image_url from exercises")}
    written = set()
    for item in objects:
        url = urls[int(item["id"].rsplit("_", 1)[1])]
        if url in kept:
            (image,) = item["images"]
            assert image.startswith("media/") and image.endswith(".jpg")
            assert (out.parent / image).read_bytes() == kept[url]
            written.add(image)
        else:
            assert item["images"] == ([url] if url else [])
    assert refused not in kept and any(item["images"] == [refused] for item in objects)
    assert result.stdout.endswith(f", {len(written)} pictures\n") and len(written) > 40
    on_stdout = json.loads(export(db_path, "--format", "free-exercise-db"))
    assert all(image.startswith("http") for item in on_stdout for image in item["images"])  # nowhere to write files


@pytest.mark.parametrize(
    ("arguments", "code", "message"),
    [
        (["--format", "xml"], 2, "Invalid value for '--format'"),
        (["--db", "{missing}"], 1, "Error:"),
        (["--db", "{not_an_archive}"], 1, "Error:"),
        (["--out", "{unwritable}"], 1, "Error: cannot write"),
    ],
    ids=["unknown-format", "missing-database", "not-an-archive", "unwritable-out"],
)
def test_exit_codes(crawled: Crawled, tmp_path: Path, arguments: list[str], code: int, message: str) -> None:
    not_an_archive = tmp_path / "other.db"
    with closing(sqlite3.connect(not_an_archive)) as conn:
        conn.execute("create table t (a)")
    places = {
        "missing": str(tmp_path / "missing.db"),
        "not_an_archive": str(not_an_archive),
        "unwritable": str(tmp_path / "no-such-folder" / "out.csv"),
    }
    options = [argument.format(**places) for argument in arguments]
    if "--db" not in options:
        options = ["--db", str(crawled.db_path), *options]
    result = CliRunner().invoke(cli, ["export-exercises", *options])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    assert result.stdout == ""
