"""Markup browsers repair: the exercises and body a reader sees, from the tree a browser builds."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.page import parse_page

BROKEN = Path(__file__).parent / "pages" / "broken"
URL = "https://backinsteppt.com/2021/01/07/a-post/"

# (fixture, each exercise as (name, level, label, step texts)): an unclosed <strong> in the first paragraph with
# omitted </li> and </p> and a stray </span>; a <b> around a paragraph and a heading; a heading left open; stray end
# tags of elements that are not open.
CASES = [
    (
        "unclosed-strong.html",
        [
            ("Bridge", 1, "Level 1", ["Lie on your back with knees bent.", "Lift the hips and hold for 5 seconds.", "Repeat 10 times."]),
            ("Bridge", 2, "Level 2", ["Lift one foot off the floor.", "Lift the hips and hold for 5 seconds.", "Repeat 10 times on each side."]),
            ("Bridge", 3, "Level 3", ["Place both feet on a ball.", "Lift the hips and hold for 10 seconds.", "Repeat 8 times."]),
        ],
    ),
    (
        "bold-around-blocks.html",
        [
            ("Clamshell", 1, "Level 1", ["Lie on your side with knees bent.", "Open the top knee and hold for 5 seconds."]),
            ("Clamshell", 2, "Level 2", ["Loop a band above the knees.", "Open the top knee against the band, 10 times."]),
        ],
    ),
    (
        "open-headings.html",
        [
            ("Side Plank", 1, "Level 1", ["Lie on your side, propped on one elbow.", "Lift the hips and hold for 10 seconds."]),
            ("Side Plank", 2, "Level 2", ["Straighten the legs.", "Lift the hips and hold for 20 seconds."]),
        ],
    ),
    (
        "stray-end-tags.html",
        [
            ("Wall Push-Up", 1, "Level 1", ["Stand an arm's length from the wall.", "Bend the elbows and push back, 10 times."]),
            ("Wall Push-Up", 2, "Level 2", ["Step one foot further back.", "Bend the elbows and push back, 12 times."]),
            ("Wall Push-Up", 3, "Level 3", ["Stand on one leg.", "Bend the elbows and push back, 8 times."]),
        ],
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "exercises"), CASES)
def test_exercises_are_read_from_the_tree_a_browser_builds(
    name: str, exercises: list[tuple[str, int, str, list[str]]]
) -> None:
    page = parse_page((BROKEN / name).read_bytes(), URL)
    found = [(e.name, e.level, e.label, [step.text for step in e.steps]) for e in page.exercises]
    assert found == exercises


def test_an_unclosed_strong_leaves_the_body_whole_and_the_images_with_their_levels() -> None:
    page = parse_page((BROKEN / "unclosed-strong.html").read_bytes(), URL)
    assert page.post is not None
    assert page.post.body_text.startswith("Build strong hips in three steps. Start with the first level. Level 1 Lie")
    assert page.post.body_text.endswith("Lift the hips and hold for 10 seconds. Repeat 8 times.")
    assert [e.image_alt for e in page.exercises] == ["Bridge Level 1", "Bridge Level 2", "Bridge Level 3"]
