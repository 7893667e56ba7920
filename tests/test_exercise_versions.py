"""What a post version keeps of its exercises, how they are named, and the one-line diff of two versions, as tables."""

from __future__ import annotations

from typing import Any

import pytest

from crawler.archive import exercise_versions, history
from parsers.models import Exercise, ExerciseStep

Entry = dict[str, Any]


def entry(label: str, steps: list[str], name: str | None = "Side Plank", level: int | None = 1, **dose: Any) -> Entry:
    return {"name": name, "label": label, "level": level, "steps": steps, "dose": dose}


SIDE_PLANK = entry("Level 1", ["Lie on your side.", "Hold for 20 seconds."], hold_seconds_min=20, hold_seconds_max=20)


@pytest.mark.parametrize(
    ("old", "new", "diff"),
    [
        pytest.param(
            [SIDE_PLANK],
            [entry("Level 1", ["Lie on your side.", "Hold for 30 seconds."], hold_seconds_min=30, hold_seconds_max=30)],
            "Side Plank, Level 1: hold 20 s → 30 s",
            id="hold",
        ),
        pytest.param(
            [entry("Level 2", ["Repeat 10 times."], reps=10)],
            [entry("Level 2", ["Do 3 sets of 12."], sets=3, reps=12)],
            "Side Plank, Level 2: sets none → 3, reps 10 → 12, step 1: [-Repeat 10 times.-] {+Do 3 sets of 12.+}",
            id="reworded-dose",
        ),
        pytest.param(
            [entry("Level 1", ["Lift the hips."], hold_seconds_min=20, hold_seconds_max=30)],
            [entry("Level 1", ["Lift the hips."], hold_seconds_min=20, hold_seconds_max=30, per_side=True)],
            "Side Plank, Level 1: + each side",
            id="each-side",
        ),
        pytest.param(
            [entry("Level 1", ["Lie on your side.", "Lift the hips."])],
            [entry("Level 1", ["Lie on your side.", "Lift the hips slowly."])],
            "Side Plank, Level 1: step 2: Lift the [-hips.-] {+hips slowly.+}",
            id="step-words",
        ),
        pytest.param(
            [entry("Level 1", ["Lie on your side."])],
            [entry("Level 1", ["Lie on your side.", "Rest 30 seconds."], rest_seconds=30)],
            "Side Plank, Level 1: rest none → 30 s, step 2 added: Rest 30 seconds.",
            id="step-added",
        ),
        pytest.param(
            [SIDE_PLANK],
            [SIDE_PLANK, entry("Level 2", ["Straighten both legs."], level=2)],
            "+ Side Plank, Level 2",
            id="exercise-added",
        ),
        pytest.param(
            [SIDE_PLANK, entry("Level 2", ["Straighten both legs."], level=2)],
            [SIDE_PLANK],
            "- Side Plank, Level 2",
            id="exercise-removed",
        ),
        pytest.param(
            [entry("Bird Dog", ["Reach."], name="Bird Dog", level=None)],
            [entry("Bird Dog", ["Reach."], name="Bird Dog", level=None, tempo="3 s down")],
            "Bird Dog: tempo none → 3 s down",
            id="tempo-unlevelled",
        ),
        pytest.param(
            [entry("Exercise 1", ["Step."], name=None, level=None), SIDE_PLANK],
            [SIDE_PLANK, entry("Exercise 1", ["Step."], name=None, level=None)],
            "reordered",
            id="reordered",
        ),
    ],
)
def test_the_diff_says_what_changed_in_each_exercise(old: list[Entry], new: list[Entry], diff: str) -> None:
    assert history.short_diff("exercises", old, new) == diff
    assert history.changed_fields({"exercises": old}, {"exercises": new}) == ["exercises"]


@pytest.mark.parametrize(
    ("item", "title"),
    [
        ({"name": "Side Plank", "label": "Level 1", "level": 1}, "Side Plank, Level 1"),
        ({"name": "Knee to Chest", "label": "Stretch #1: Knee to Chest", "level": None}, "Knee to Chest"),
        ({"name": "Bird Dog", "label": "Bird Dog", "level": None}, "Bird Dog"),
        ({"name": "Clamshell", "label": "Clamshell Level 2", "level": 2}, "Clamshell"),
        ({"name": None, "label": "Exercise 3", "level": None}, "Exercise 3"),
        ({"name": None, "label": "", "level": None}, "unnamed exercise"),
    ],
)
def test_an_exercise_is_named_as_people_name_it(item: Entry, title: str) -> None:
    assert exercise_versions.title(item) == title


@pytest.mark.parametrize(
    ("dose", "words"),
    [
        ({"sets": 3, "reps": 10, "per_side": True}, "3 sets, 10 reps, each side"),
        ({"hold_seconds_min": 5, "hold_seconds_max": 10}, "hold 5–10 s"),
        ({"hold_seconds_min": 30, "hold_seconds_max": 30, "rest_seconds": 45}, "hold 30 s, rest 45 s"),
        ({"tempo": "3 counts down", "per_side": False}, "tempo 3 counts down"),
        ({}, ""),
    ],
)
def test_a_dose_reads_as_one_phrase(dose: dict[str, Any], words: str) -> None:
    assert exercise_versions.dose_words(dose) == words


def test_names_are_kept_but_neither_hashed_nor_compared() -> None:
    renamed = [{**SIDE_PLANK, "name": "Side Bridge"}]
    old, new = {"exercises": [SIDE_PLANK]}, {"exercises": renamed}
    assert history.changed_fields(old, new) == []
    assert history.content_hash(old) == history.content_hash(new)
    assert history.content_hash(old) != history.content_hash({"exercises": [{**SIDE_PLANK, "steps": ["Other."]}]})


def test_a_version_from_before_exercises_were_kept_differs_in_nothing_else() -> None:
    row = dict.fromkeys(history.VERSION_FIELDS) | {"title": "A", "categories": "[]", "exercises": None}
    before = history.version_from_row(row)
    assert before["exercises"] is None and history.lacks_later_fields(before)
    assert history.changed_fields(before, {**before, "exercises": [SIDE_PLANK]}) == []
    assert history.changed_fields(before, {**before, "title": "B", "exercises": [SIDE_PLANK]}) == ["title"]
    assert history.version_from_row(history.version_row({**before, "exercises": []}))["exercises"] == []


def test_an_entry_keeps_heading_steps_and_only_the_dose_the_post_states() -> None:
    exercise = Exercise(
        position=1,
        name="Clamshell",
        level=2,
        label="Level 2",
        image_url=None,
        image_alt=None,
        steps=(
            ExerciseStep(1, "Lie on your side.", None, None, None, None, False),
            ExerciseStep(2, "Hold for 5-10 seconds, 10 times each side.", 5, 10, 10, None, True),
        ),
        family="clamshell",
        kind="strength",
        hold_seconds_min=5,
        hold_seconds_max=10,
        reps=10,
        per_side=True,
    )
    assert exercise_versions.entry_of(exercise) == {
        "name": "Clamshell",
        "label": "Level 2",
        "level": 2,
        "steps": ["Lie on your side.", "Hold for 5-10 seconds, 10 times each side."],
        "dose": {"reps": 10, "hold_seconds_min": 5, "hold_seconds_max": 10, "per_side": True},
    }
