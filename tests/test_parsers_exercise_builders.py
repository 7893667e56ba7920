"""Exercise markup of other page builders (Elementor, WPBakery, Divi, Gutenberg, Enfold) read exactly; listicles,
FAQs, schedules and comparison tables read as no exercise at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.exercise_gates import is_advice
from parsers.models import Exercise
from parsers.page import parse_page

EXERCISES = Path(__file__).parent / "pages" / "exercises"
URL = "https://backinsteppt.com/2024/01/01/a-post/"

Step = tuple[str, int | None, int | None, int | None, bool, int | None, str | None]
Summary = tuple[str | None, int | None, str, str | None, list[Step]]


def exercises_of(name: str) -> list[Exercise]:
    """The exercises parse_page finds on one fixture page."""
    return list(parse_page((EXERCISES / name).read_bytes(), URL).exercises)


def summary(found: list[Exercise]) -> list[Summary]:
    """(name, level, label, family, steps as (text, hold, reps, sets, per side, rest, tempo)) of each exercise."""
    return [
        (
            e.name,
            e.level,
            e.label,
            e.family,
            [(s.text, s.hold_seconds_min, s.reps, s.sets, s.per_side, s.rest_seconds, s.tempo) for s in e.steps],
        )
        for e in found
    ]


BUILDER_PAGES: dict[str, list[Summary]] = {
    "builder-divi.html": [
        (
            "Chair Squat",
            1,
            "Level 1 – Chair Squat",
            "squat",
            [
                ("Stand in front of a chair with your feet hip-width apart.", None, None, None, False, None, None),
                ("Sit back until you touch the chair, then stand up.", None, None, None, False, None, None),
                ("Repeat 10 times.", None, 10, None, False, None, None),
            ],
        ),
        (
            "Bodyweight Squat",
            2,
            "Level 2 – Bodyweight Squat",
            "squat",
            [
                ("Stand with your feet shoulder-width apart.", None, None, None, False, None, None),
                ("Bend your knees and hips, 3 seconds down, then stand up.", None, None, None, False, None, "3 s down"),
                ("Do 3 sets of 10, rest 60 seconds between sets.", None, 10, 3, False, 60, None),
            ],
        ),
        (
            "Goblet Squat",
            3,
            "Level 3 – Goblet Squat",
            "squat",
            [
                ("Hold a dumbbell at your chest with both hands.", None, None, None, False, None, None),
                ("Squat down, keeping your chest up.", None, None, None, False, None, None),
                ("Do 3 sets of 8.", None, 8, 3, False, None, None),
            ],
        ),
    ],
    "builder-elementor.html": [
        (
            "Glute Bridge",
            None,
            "#1 Glute Bridge",
            "bridge",
            [
                ("Lie on your back with your knees bent and feet flat.", None, None, None, False, None, None),
                (
                    "Squeeze your glutes and lift your hips until your body forms a line.",
                    None,
                    None,
                    None,
                    False,
                    None,
                    None,
                ),
                ("Hold for 5 seconds and lower. Repeat 12 times.", 5, 12, None, False, None, None),
            ],
        ),
        (
            "Side-Lying Leg Raise",
            None,
            "#2 Side-Lying Leg Raise",
            "leg raise",
            [
                ("Lie on your side with your bottom knee bent.", None, None, None, False, None, None),
                (
                    "Lift the top leg toward the ceiling, keeping your toes forward.",
                    None,
                    None,
                    None,
                    False,
                    None,
                    None,
                ),
                ("Do 2 sets of 15 on each side.", None, 15, 2, True, None, None),
            ],
        ),
        (
            "Monster Walk",
            None,
            "#3 Monster Walk",
            "monster walk",
            [
                ("Place a mini band around your ankles.", None, None, None, False, None, None),
                (
                    "Bend your knees slightly and walk sideways, keeping tension on the band.",
                    None,
                    None,
                    None,
                    False,
                    None,
                    None,
                ),
                ("Take 10 steps each direction.", None, None, None, True, None, None),
            ],
        ),
    ],
    "builder-enfold.html": [
        (
            "Sidelying External Rotation",
            None,
            "Sidelying External Rotation",
            "external rotation",
            [
                ("Lie on your side with a rolled towel under your top elbow.", None, None, None, False, None, None),
                ("Keep the elbow bent to 90 degrees and rotate your forearm up.", None, None, None, False, None, None),
                ("Lower slowly and repeat 15 times on each arm.", None, 15, None, True, None, None),
            ],
        ),
        (
            "Prone Y",
            None,
            "Prone Y",
            "prone y",
            [
                ("Lie face down on a bench with your arms hanging down.", None, None, None, False, None, None),
                ("Raise your arms overhead in a Y, thumbs up.", None, None, None, False, None, None),
                ("Hold for 2 seconds at the top, 3 sets of 10.", 2, 10, 3, False, None, None),
            ],
        ),
    ],
    "builder-gutenberg.html": [
        (
            "Ankle Alphabet",
            None,
            "Exercise 1: Ankle Alphabet",
            "ankle alphabet",
            [
                ("Sit on a chair with your foot off the floor.", None, None, None, False, None, None),
                ("Trace the letters of the alphabet with your big toe.", None, None, None, False, None, None),
                ("Do the alphabet twice with each foot.", None, None, None, True, None, None),
            ],
        ),
        (
            "Band Eversion",
            None,
            "Exercise 2: Band Eversion",
            "band eversion",
            [
                (
                    "Sit with your legs straight and a resistance band looped around your forefoot.",
                    None,
                    None,
                    None,
                    False,
                    None,
                    None,
                ),
                (
                    "Turn your foot out against the band, then return slowly over 3 seconds.",
                    None,
                    None,
                    None,
                    False,
                    None,
                    "3 s return",
                ),
                ("Complete 2 sets of 15 per foot.", None, 15, 2, True, None, None),
            ],
        ),
        (
            "Heel Raise",
            None,
            "Exercise 3: Heel Raise",
            "heel raise",
            [
                ("Stand holding a counter.", None, None, None, False, None, None),
                ("Rise onto your toes and lower slowly.", None, None, None, False, None, None),
                ("Repeat 15 times.", None, 15, None, False, None, None),
            ],
        ),
    ],
    "builder-wpbakery.html": [
        (
            "Upper Trap Stretch",
            None,
            "Stretch 1 – Upper Trap Stretch",
            "upper trap stretch",
            [
                ("Sit tall and hold the seat of your chair with your right hand.", None, None, None, False, None, None),
                ("Tilt your left ear toward your left shoulder.", None, None, None, False, None, None),
                ("Switch sides.", None, None, None, True, None, None),
            ],
        ),
        (
            "Doorway Chest Stretch",
            None,
            "Stretch 2 – Doorway Chest Stretch",
            "doorway chest stretch",
            [
                ("Stand in a doorway with your forearms on the frame.", None, None, None, False, None, None),
                ("Step forward until you feel a stretch across your chest.", None, None, None, False, None, None),
                ("Hold for 30 seconds, breathing slowly.", 30, None, None, False, None, None),
            ],
        ),
    ],
}


@pytest.mark.parametrize("page", sorted(BUILDER_PAGES))
def test_builder_markup_gives_each_exercise_its_name_level_family_steps_and_dose(page: str) -> None:
    assert summary(exercises_of(page)) == BUILDER_PAGES[page]


def test_builder_pages_attributes_come_from_the_posts_words() -> None:
    found = {e.name: e for page in BUILDER_PAGES for e in exercises_of(page)}
    attributes = {name: (e.kind, e.equipment, e.body_position, e.muscles) for name, e in found.items()}
    assert attributes["Upper Trap Stretch"] == ("stretch", ("chair",), "seated", ("traps",))
    assert attributes["Doorway Chest Stretch"] == ("stretch", None, "standing", ("chest",))
    assert attributes["Goblet Squat"] == (None, ("dumbbell",), None, None)  # no position stated
    assert attributes["Sidelying External Rotation"] == (None, ("towel",), "side-lying", ("shoulders",))
    assert found["Sidelying External Rotation"].evidence["muscles"] == "rotator cuff"  # the post's intro
    assert attributes["Monster Walk"] == (None, ("band",), None, None)
    for exercise in found.values():  # every attribute set has the words it came from
        for key, value in (("kind", exercise.kind), ("equipment", exercise.equipment)):
            assert (value is None) == (key not in exercise.evidence), (exercise.name, key)
        assert (exercise.body_position is None) == ("body_position" not in exercise.evidence)
        assert (exercise.muscles is None) == ("muscles" not in exercise.evidence)


def test_shared_hold_sentence_fills_the_stretch_that_states_none() -> None:
    upper_trap, doorway = exercises_of("builder-wpbakery.html")
    assert (upper_trap.hold_seconds_min, upper_trap.hold_seconds_max, upper_trap.per_side) == (20, 20, True)
    assert (doorway.hold_seconds_min, doorway.per_side) == (30, None)


@pytest.mark.parametrize(
    "page",
    ["neg-faq-numbered.html", "neg-tips-listicle.html", "neg-class-schedule.html", "neg-product-comparison.html"],
)
def test_faqs_listicles_schedules_and_comparison_tables_have_no_exercises(page: str) -> None:
    assert exercises_of(page) == []


@pytest.mark.parametrize(
    ("label", "advice"),
    [
        ("Take the stairs", True),
        ("Keep your shoulders relaxed", True),
        ("Raise your screen", True),
        ("Stand on one leg", False),
        ("Glute Bridge", False),
        ("Lift the hips into a bridge", False),
    ],
)
def test_advice_headings_are_not_exercise_names(label: str, advice: bool) -> None:
    assert is_advice(label) is advice
