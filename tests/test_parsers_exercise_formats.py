"""Exercise layouts found by structure and wording: nested lists, toggles, tables, labelled steps, broken markup."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.exercise_gates import has_exercise_words, is_dosed, names_exercise
from parsers.models import Exercise
from parsers.page import parse_page

EXERCISES = Path(__file__).parent / "pages" / "exercises"
URL = "https://backinsteppt.com/2024/01/01/a-post/"

Summary = tuple[str, int | None, str, list[tuple[str, int | None, int | None, int | None, int | None, bool]]]


def exercises_of(name: str) -> list[Exercise]:
    """The exercises parse_page finds on one fixture page."""
    return list(parse_page((EXERCISES / name).read_bytes(), URL).exercises)


def summary(found: list[Exercise]) -> list[Summary]:
    """(name, level, label, steps as (text, hold min, hold max, reps, sets, per side)) of each exercise."""
    return [
        (
            e.name,
            e.level,
            e.label,
            [(s.text, s.hold_seconds_min, s.hold_seconds_max, s.reps, s.sets, s.per_side) for s in e.steps],
        )
        for e in found
    ]


def test_a_list_of_exercises_each_with_its_list_of_steps() -> None:
    assert summary(exercises_of("nested-lists.html")) == [
        (
            "Band External Rotation",
            None,
            "Band External Rotation",
            [
                ("Hold the band with your elbow bent.", None, None, None, None, False),
                ("Do 3 sets of 10 on each arm.", None, None, 10, 3, True),
            ],
        ),
        (
            "Band Row",
            None,
            "Band Row",
            [
                ("Pull your elbows back.", None, None, None, None, False),
                ("Hold for 3 seconds, repeat 12 times.", 3, 3, 12, None, False),
            ],
        ),
    ]


def test_toggles_details_and_builder_accordions_titled_by_level() -> None:
    found = exercises_of("toggles-and-details.html")
    assert [(e.name, e.level, e.label, len(e.steps)) for e in found] == [
        ("Wall Push-Up", 1, "Level 1", 2),
        ("Wall Push-Up", 2, "Level 2", 2),
        ("Wall Push-Up", 3, "Level 3", 2),
    ]
    assert (found[0].image_url, found[0].image_alt) == (
        "https://backinsteppt.com/wp-content/uploads/wall-1.jpg",
        "Wall push-up level 1",
    )
    assert [(s.reps, s.sets) for s in found[2].steps] == [(None, None), (6, 2)]


def test_table_rows_name_an_exercise_and_hold_its_steps_other_tables_do_not() -> None:
    assert summary(exercises_of("table-rows.html")) == [
        (
            "Chin Tuck",
            None,
            "Chin Tuck",
            [
                ("Sit tall.", None, None, None, None, False),
                ("Draw your chin back.", None, None, None, None, False),
                ("Hold for 5 seconds, repeat 10 times.", 5, 5, 10, None, False),
            ],
        ),
        (
            "Seated Twist",
            None,
            "Seated Twist",
            [
                ("Cross your arms.", None, None, None, None, False),
                ("Hold 15 seconds each side.", 15, 15, None, None, True),
            ],
        ),
    ]


def test_steps_after_bold_labels_in_several_phrasings_under_any_heading_level() -> None:
    assert summary(exercises_of("labelled-steps.html")) == [
        (
            "Straight Leg Raise",
            None,
            "Straight Leg Raise",
            [
                ("Lie on your back.", None, None, None, None, False),
                ("Tighten the thigh.", None, None, None, None, False),
                ("Lift and lower slowly.", None, None, None, None, False),
                ("Repeat 10 times each leg.", None, None, 10, None, True),
            ],
        ),
        (
            "Wall Sit",
            None,
            "Wall Sit",
            [
                ("Lean on a wall.", None, None, None, None, False),
                ("Hold for 20-30 seconds, 3 sets.", 20, 30, None, 3, False),
            ],
        ),
    ]


def test_unclosed_headings_paragraphs_and_list_items() -> None:
    assert summary(exercises_of("broken-markup.html")) == [
        (
            "Calf Stretch",
            1,
            "Variation 1",
            [
                ("Face a wall with one foot back.", None, None, None, None, False),
                ("Hold 30 seconds, repeat 3 times each side.", 30, 30, 3, None, True),
            ],
        ),
        (
            "Calf Stretch",
            2,
            "Variation 2",
            [
                ("Stand on a step.", None, None, None, None, False),
                ("Hold for 20-30 seconds.", 20, 30, None, None, False),
            ],
        ),
    ]


def test_theme_fixture_pages_without_exercises_show_none() -> None:
    themes = Path(__file__).parent / "pages" / "themes"
    for page in sorted(themes.glob("*.html")):
        assert parse_page(page.read_bytes(), URL).exercises == (), page.name


def test_a_how_to_with_headings_lists_and_sides_but_no_dose_has_no_exercise() -> None:
    assert exercises_of("how-to-without-exercises.html") == []


@pytest.mark.parametrize(
    ("text", "dosed"),
    [
        ("Hold for 5-10 seconds.", True),
        ("Do 3 sets of 8.", True),
        ("Complete 2 sets.", True),
        ("10 reps each leg.", True),
        ("12 repetitions.", True),
        ("Repeat 10 times.", True),
        ("Repeat this 5 times each side.", True),
        ("Squats x10", True),
        ("Cook 3 minutes each side.", False),
        ("Turn 2 times, then rest.", False),
        ("Heat the pan for 2 minutes.", False),
        ("Keep your pelvis stable.", False),
    ],
)
def test_dose_phrases(text: str, dosed: bool) -> None:
    assert is_dosed(text) is dosed


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("packing-list-with-images.html", "Packing for a Day Hike"),
        ("recipe-with-step-images.html", "Banana Oat Muffins"),
        ("level-2-parking.html", "Finding Our New Clinic"),
    ],
)
def test_sections_with_images_and_lists_steps_or_a_level_heading_but_no_exercise_are_none(
    name: str, title: str
) -> None:
    page = parse_page((EXERCISES / name).read_bytes(), URL)
    assert page.post is not None and page.post.title == title
    assert page.exercises == ()


def test_a_lone_level_heading_is_an_exercise_when_its_steps_say_so_or_the_title_names_one() -> None:
    def levels(title: str, body: str) -> list[tuple[str, int | None]]:
        html = (
            f"<html><body class='single-post'><article class='hentry'><h1 class='entry-title'>{title}</h1>"
            f"<div class='entry-content'>{body}</div></article></body></html>"
        )
        return [(e.label, e.level) for e in parse_page(html, URL).exercises]

    plain = "<h3>Level 2</h3><ul><li>Turn left at the lights.</li></ul>"
    dosed = "<h3>Level 2</h3><ul><li>Step up onto the box.</li><li>Repeat 10 times.</li></ul>"
    progression = "<h3>Level 1</h3><ul><li>Step up.</li></ul><h3>Level 2</h3><ul><li>Step up, then down.</li></ul>"
    assert levels("Our New Clinic", plain) == []
    assert levels("Box Step Progression", plain) == [("Level 2", 2)]
    assert levels("Our New Clinic", dosed) == [("Level 2", 2)]
    assert levels("Our New Clinic", progression) == [("Level 1", 1), ("Level 2", 2)]


@pytest.mark.parametrize(
    ("texts", "worded"),
    [
        (["Lie on your side with your knees bent."], True),
        (["Feet hip-width apart."], True),
        (["Clamshell Level 2"], True),
        (["Start on hands and knees."], True),
        (["Squeeze the glutes at the top."], True),
        (["Water bottle", "Rain jacket", "Spare socks to keep your feet dry"], False),
        (["Mash three ripe bananas with a fork.", "Stir in two cups of oats"], False),
        (["Take a ticket at the barrier and drive up one floor."], False),
    ],
)
def test_exercise_words(texts: list[str], worded: bool) -> None:
    assert has_exercise_words(texts) is worded


@pytest.mark.parametrize(
    ("title", "named"),
    [
        ("Bridge Progression", True),
        ("Side Plank Levels", True),
        ("Hip Strength", True),
        ("Three Band Exercises for a Happy Shoulder", True),
        ("Low Back Tightness – Stretches", True),
        ("Finding Our New Clinic", False),
        ("Banana Oat Muffins", False),
        ("Strong Hips are Crucial!", False),
    ],
)
def test_titles_that_name_a_progression_or_exercise(title: str, named: bool) -> None:
    assert names_exercise(title) is named
