"""Exercises for research in the archive: every field the parsers read is stored, the views agree with the tables,
and the upgrade that starts versioning exercises is no change on the site."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from crawler.archive import history
from crawler.archive.posts import exercise_row
from crawler.archive.store import Archive
from crawler.export.reparse import reparse_archive
from crawler.pages import parse_html_response
from crawler.replica import build_site
from tests.support import Crawled, OnceCrawled, copy_archive, crawl, query, site_changed_fields

Row = dict[str, Any]
ATTRIBUTES = ("kind", "equipment", "body_position", "muscles")


def stored_exercises(db_path: Path) -> dict[str, list[Row]]:
    """Each post's exercises rows with their steps, in the post's order."""
    steps: dict[object, list[Row]] = {}
    for step in query(db_path, "select * from exercise_steps order by exercise_id, step"):
        steps.setdefault(step.pop("exercise_id"), []).append(step)
    found: dict[str, list[Row]] = {}
    for row in query(db_path, "select * from exercises order by post_url, position"):
        found.setdefault(str(row["post_url"]), []).append({**row, "steps": steps.get(row["id"], [])})
    return found


def test_every_field_the_parsers_read_is_stored(crawled: Crawled) -> None:
    stored = stored_exercises(crawled.db_path)
    archive = Archive(crawled.db_path, readonly=True)
    try:
        for url, rows in stored.items():
            body = archive.bodies.stored_body(url)
            assert body is not None
            parsed = parse_html_response(body, "text/html; charset=utf-8", url)
            assert len(parsed.exercises) == len(rows), url
            for exercise, row in zip(parsed.exercises, rows, strict=True):
                kept = {key: value for key, value in row.items() if key not in ("id", "post_url", "steps")}
                assert kept == exercise_row(exercise), (url, exercise.label)
                assert row["steps"] == [
                    {
                        "step": step.step,
                        "text": step.text,
                        "hold_seconds_min": step.hold_seconds_min,
                        "hold_seconds_max": step.hold_seconds_max,
                        "reps": step.reps,
                        "sets": step.sets,
                        "per_side": int(step.per_side),
                        "rest_seconds": step.rest_seconds,
                        "tempo": step.tempo,
                    }
                    for step in exercise.steps
                ]
    finally:
        archive.close()
    every = [row for rows in stored.values() for row in rows]
    assert len(every) == len(crawled.truth.exercises)
    for attribute in (*ATTRIBUTES, "family", "evidence", "tempo"):  # the replica states each somewhere
        assert any(row[attribute] is not None for row in every), attribute


def test_no_attribute_is_stored_without_the_words_it_was_read_from(crawled: Crawled) -> None:
    rows = query(crawled.db_path, "select label, kind, equipment, body_position, muscles, evidence from exercises")
    for row in rows:
        evidence = json.loads(str(row["evidence"])) if row["evidence"] else {}
        for attribute in ATTRIBUTES:
            if row[attribute] is not None:
                assert evidence.get(attribute), (row["label"], attribute)
        for attribute in ("equipment", "muscles"):
            if row[attribute] is not None:
                assert isinstance(json.loads(str(row[attribute])), list)


def test_the_catalogue_has_one_row_per_exercise_and_facets_count_what_the_table_holds(crawled: Crawled) -> None:
    catalogue = query(crawled.db_path, "select * from exercise_catalogue")
    exercises = query(crawled.db_path, "select * from exercises")
    assert sorted(row["exercise_id"] for row in catalogue) == sorted(row["id"] for row in exercises)
    for column in ("equipment", "muscles"):
        by_view = Counter(item for row in catalogue if row[column] for item in json.loads(str(row[column])))
        by_table = Counter(item for row in exercises if row[column] for item in json.loads(str(row[column])))
        assert by_view == by_table and by_view, column
    steps = {
        row["exercise_id"]: row["n"]
        for row in query(crawled.db_path, "select exercise_id, count(*) as n from exercise_steps group by exercise_id")
    }
    assert all(row["steps"] == steps[row["exercise_id"]] for row in catalogue)


def test_families_list_levels_in_order_with_the_posts_that_teach_them(crawled: Crawled) -> None:
    families = {row["family"]: row for row in query(crawled.db_path, "select * from exercise_families")}
    clamshell = families["clamshell"]
    assert json.loads(str(clamshell["levels"])) == [
        *(f"Clamshell, Level {level}" for level in range(1, 6)),
        "Clam shell",
    ]  # 2019's five levels, then 2024's
    assert (clamshell["variations"], clamshell["posts"]) == (6, 2)
    assert json.loads(str(clamshell["taught_in"])) == [
        "Strong Hips are Crucial! (2019-05-15)",
        "Side Hip Strength, Five Years On (2024-10-16)",
    ]
    expected = Counter(
        row["family"] for row in query(crawled.db_path, "select family from exercises where family is not null")
    )
    assert {family: row["variations"] for family, row in families.items()} == dict(expected)
    for row in families.values():
        assert row["first_taught"] <= row["last_taught"]  # type: ignore[operator]


def test_the_flat_table_has_every_step_with_its_exercise_and_post(crawled: Crawled) -> None:
    flat = query(crawled.db_path, "select * from exercise_steps_flat")
    steps = query(
        crawled.db_path,
        "select s.exercise_id, s.step, s.text, e.name, e.level, e.family, p.title, p.published, p.url from "
        "exercise_steps s join exercises e on e.id = s.exercise_id join posts p on p.url = e.post_url",
    )
    assert len(flat) == len(steps) == sum(len(exercise["steps"]) for exercise in crawled.truth.exercises)
    by_step = {(row["exercise_id"], row["step"]): row for row in flat}
    for step in steps:
        row = by_step[(step["exercise_id"], step["step"])]
        assert (row["step_text"], row["name"], row["level"], row["family"]) == (
            step["text"],
            step["name"],
            step["level"],
            step["family"],
        )
        assert (row["post_title"], row["published"], row["post_url"]) == (step["title"], step["published"], step["url"])


# The upgrade: versions from before exercises were versioned


def hash_before_exercises(version: history.Version) -> str:
    """posts.content_hash as the previous release computed it: every content field but exercises."""
    declared = {field: version.get(field) for field in history.CONTENT_FIELDS if field != history.EXERCISES}
    return hashlib.sha256(json.dumps(declared, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def as_before_the_upgrade(db_path: Path) -> None:
    """The archive as the previous release left it, migrated: versions without exercises, hashes without them."""
    archive = Archive(db_path)
    try:
        for row in list(archive.db.query("select * from post_versions")):
            version = history.version_from_row(row)
            old_hash = hash_before_exercises(version)
            archive.db.execute(
                "update post_versions set exercises = null, content_hash = ? where post_url = ? and version = ?",
                [old_hash, row["post_url"], row["version"]],
            )
            archive.db.execute(
                "update posts set content_hash = ? where url = ? and content_hash = ?",
                [old_hash, row["post_url"], row["content_hash"]],
            )
        archive.db.conn.commit()
    finally:
        archive.close()


def test_a_crawl_after_the_upgrade_records_no_change_and_fills_the_versions(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    as_before_the_upgrade(db_path)
    assert query(db_path, "select count(*) as n from post_versions where exercises is not null") == [{"n": 0}]

    again = crawl(crawled.truth.start_url, db_path, mode="full")

    assert (again.new_posts, again.changed_posts, again.removed_posts) == (0, 0, 0)
    assert query(db_path, "select count(*) as n from post_changes where run_id = ?", [again.run_id]) == [{"n": 0}]
    assert query(db_path, "select count(*) as n from post_versions where exercises is null") == [{"n": 0}]
    assert query(db_path, "select count(*) as n from post_versions group by post_url having n > 1") == []
    side_plank = query(db_path, "select exercises from post_versions where post_url like '%/side-plank-levels/'")
    (entries,) = [json.loads(str(row["exercises"])) for row in side_plank]
    assert [entry["dose"].get("hold_seconds_max") for entry in entries] == [20, 30, 30]


def test_a_reparse_after_the_upgrade_records_no_change(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    as_before_the_upgrade(db_path)

    summary = reparse_archive(db_path, workers=0)

    assert (summary.new_posts, summary.changed_posts, summary.removed_posts) == (0, 0, 0)
    assert query(db_path, "select count(*) as n from post_changes where run_id = ?", [summary.run_id]) == [{"n": 0}]
    assert query(db_path, "select count(*) as n from post_versions where exercises is null") == [{"n": 0}]
    stale = query(
        db_path,
        "select count(*) as n from posts p where content_hash != (select content_hash from "
        "post_versions v where v.post_url = p.url order by version desc limit 1)",
    )
    assert stale == [{"n": 0}]


@pytest.mark.parametrize("upgraded_between", [False, True], ids=["same-release", "upgraded-between-crawls"])
def test_an_exercise_edit_on_the_site_is_a_change_of_the_exercises_field(
    once_crawled: OnceCrawled, upgraded_between: bool
) -> None:
    replica, db_path = once_crawled.server, once_crawled.db_path
    if upgraded_between:
        as_before_the_upgrade(db_path)
    replica.site = build_site(edition=2)
    truth = replica.site.expected(replica.base_url)

    later = crawl(replica.start_url, db_path)

    rows = query(
        db_path,
        "select post_url, fields, cause from post_changes where run_id = ? and change = 'changed'",
        [later.run_id],
    )
    renamed = {url: ["modified"] for url in truth.moved.values()}  # WordPress dates the rename
    assert {row["post_url"]: json.loads(str(row["fields"])) for row in rows} == site_changed_fields(truth) | renamed
    assert {row["cause"] for row in rows} == {"site"}
    (side_plank,) = [url for url in truth.changed if url.endswith("/side-plank-levels/")]
    old, new = [
        history.version_from_row(row)
        for row in query(db_path, "select * from post_versions where post_url = ? order by version", [side_plank])
    ]
    assert (
        history.short_diff("exercises", old["exercises"], new["exercises"]) == "Side Plank, Level 1: hold 20 s → 30 s"
    )
