"""The replica's exercise posts read as their ground truth states: names, levels and steps, and for researchers the
family, dose, and the attributes each post states (issue 22's cases among them)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.corpus import BASE_URL
from bench.exercises import attribute_differences, dose_differences
from crawler.replica import build_site
from crawler.replica.bodies import body_html
from crawler.replica.routes import respond
from crawler.replica.truth import ground_truth
from parsers.models import Exercise
from parsers.page import parse_page

SITE = build_site()
TRUTH = ground_truth(SITE, BASE_URL)
EXERCISE_POSTS = [post for post in SITE.posts if post.exercise_sets]


def parsed(path: str) -> list[Exercise]:
    """The exercises parse_page reads on one replica post, rendered in-process."""
    return list(parse_page(respond(SITE, BASE_URL, path, 0.0).body.decode(), BASE_URL + path).exercises)


def facts_of(path: str) -> list[dict[str, Any]]:
    """The ground truth's research rows for one post, in order."""
    return [row for row in TRUTH.exercise_facts if row["post_url"] == BASE_URL + path]


@pytest.mark.parametrize("path", [post.path for post in EXERCISE_POSTS])
def test_each_exercise_has_its_truths_name_level_family_dose_and_stated_attributes(path: str) -> None:
    found, facts = parsed(path), facts_of(path)
    assert [(e.name, e.level) for e in found] == [(row["name"], row["level"]) for row in facts]
    for exercise, row in zip(found, facts, strict=True):
        assert exercise.family == row["family"], exercise.name
        assert dose_differences(row, exercise) == [], exercise.name
        if row["attributes_recorded"]:
            assert attribute_differences(row, exercise) == [], exercise.name


def test_the_issues_cases_are_in_the_replica() -> None:
    by_name = {(row["name"], row["level"]): row for row in TRUTH.exercise_facts}
    labels = {row["label"] for row in TRUTH.exercises}
    assert "Core Control: Dead Bug" in labels and ("Dead Bug", None) in by_name
    spellings = {name for name, _ in by_name if name.lower().replace("-", " ") == "single leg balance"}
    assert spellings == {"Single Leg Balance", "Single-Leg Balance", "Single leg balance"}
    assert {by_name[(name, level)]["family"] for name, level in by_name if name in spellings} == {"single leg balance"}
    rhomboids = next(post for post in SITE.posts if post.title.startswith("The Rhomboids"))
    prone_t = [row for row in facts_of(rhomboids.path) if row["name"] == "Prone T"]
    assert [row["level"] for row in prone_t] == [1, 2, 3]
    assert all(row["name"] != rhomboids.title for row in facts_of(rhomboids.path))
    assert {row["family"] for row in TRUTH.exercise_facts if row["name"] in ("Bridge", "Bridge March")} == {"bridge"}
    clamshell_years = {row["post_url"][len(BASE_URL) + 1 : len(BASE_URL) + 5] for row in TRUTH.exercise_facts
                       if row["family"] == "clamshell"}  # fmt: skip
    assert clamshell_years == {"2019", "2024"}
    pull_apart = by_name[("Band Pull-Apart", None)]
    assert (pull_apart["per_side"], pull_apart["equipment"]) == (None, ["band"])  # one end in each hand
    assert {row["rest_seconds"] for row in TRUTH.exercise_facts} >= {30, 45}
    assert "3 s down" in {row["tempo"] for row in TRUTH.exercise_facts}


def test_levels_in_broken_markup_are_all_found() -> None:
    step_up = next(post for post in SITE.posts if post.title == "Step-Up Progression")
    html = body_html(step_up, BASE_URL)
    assert "<p><strong>Level 1</p>" in html and "</span>" in html and "</li>" not in html
    assert [(e.name, e.level, len(e.steps)) for e in parsed(step_up.path)] == [
        ("Step-Up", 1, 4),
        ("Step-Up", 2, 3),
        ("Step-Up", 3, 4),
    ]
