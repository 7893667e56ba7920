"""What a researcher reads off an exercise: its name, family, dose, attributes with evidence, in every layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import dose
from parsers.dose import is_shared_dose, parse_dose
from parsers.exercise_attributes import read_attributes
from parsers.exercise_levels import referred_back
from parsers.exercise_names import family_of, name_from_label, name_from_sentence, name_from_title
from parsers.models import Exercise
from parsers.page import parse_page

EXERCISES = Path(__file__).parent / "pages" / "exercises"
URL = "https://backinsteppt.com/2024/01/01/a-post/"


def exercises_of(name: str) -> list[Exercise]:
    """The exercises parse_page finds on one fixture page."""
    return list(parse_page((EXERCISES / name).read_bytes(), URL).exercises)


def steps_of(exercise: Exercise) -> list[str]:
    """The step texts of an exercise."""
    return [step.text for step in exercise.steps]


def exercises_in_post(title: str, content: str) -> tuple[Exercise, ...]:
    """The exercises parse_page finds in a post page with this title and entry content."""
    html = (
        "<html><body class='single-post postid-8'><article class='post-8 hentry'>"
        f"<h1 class='entry-title'>{title}</h1><div class='entry-content'>{content}</div></article></body></html>"
    )
    return parse_page(html, URL).exercises


# --- layouts: one fixture page per pattern ---


def test_numbered_headings_with_note_labels_framing_labels_and_a_bold_dose_sentence() -> None:
    twist, calf = exercises_of("headings-with-notes.html")
    assert (twist.name, twist.label) == ("Seated Spinal Twist", "1. Seated Spinal Twist")
    assert steps_of(twist) == [
        "Sit on a chair with a straight back.",
        "Place your right hand on your left knee and twist to the left.",
        "Repeat on both sides.",
    ]
    assert twist.muscles == ("middle back", "shoulders")  # "Targets: Spine, shoulders, upper back"
    assert (twist.kind, twist.body_position, twist.equipment) == ("stretch", "seated", ("chair",))
    # "Hold each stretch for 20 seconds unless noted" sets the hold the twist does not state
    assert (twist.hold_seconds_min, twist.per_side) == (20, True)
    assert twist.evidence["dose hold"] == "Hold each stretch for 20 seconds"
    assert (calf.name, calf.hold_seconds_min, calf.muscles, calf.equipment) == (
        "Calf Stretch (Standing)",
        30,
        ("calves",),
        ("wall",),
    )


def test_bold_labels_with_paragraphs_tiers_and_one_item_lists_of_names() -> None:
    found = exercises_of("bold-labels-with-paragraphs.html")
    assert [(e.name, e.level, e.label) for e in found] == [
        ("Classic Plank", 1, "Classic Plank – Form and Technique:"),  # "Classic Planks. See above." under Beginner
        ("Knee Planks", 1, "Knee Planks"),
        ("Side Plank", 1, "Side Plank"),
        ("Side Star Plank", 3, "Side Star Plank"),
    ]
    classic, knee, side, star = found
    assert steps_of(classic) == [
        (
            "Get down on your elbows with your elbows under your shoulders. Lift your hips and brace your core."
            " Hold for 20 seconds."
        )
    ]
    assert steps_of(star)[-1].endswith("Turn and repeat on the other side.")  # the app advert is not a step
    assert (classic.image_alt, knee.image_url, side.image_alt) == ("low-plank", None, "side plank")
    assert [e.family for e in found] == ["plank", "plank", "side plank", "side star plank"]
    assert (side.hold_seconds_min, side.per_side, side.tempo) == (15, True, None)


def test_label_then_instructions_then_their_picture() -> None:
    found = exercises_of("text-above-pictures.html")
    assert [(e.name, e.image_alt) for e in found] == [
        ("SKATER HOPS", "skater hops"),
        ("INCHWORM", "inchworm"),
        ("REVERSE LUNGE", "reverse lunge"),
    ]  # "AFTER THE CIRCUIT" is advice, not an exercise
    assert [len(e.steps) for e in found] == [1, 1, 1]  # the circuit's timing is not the lunge's step
    inchworm = "Stand tall and fold forward until your hands reach the floor. Walk your hands out to a plank,"
    assert steps_of(found[1]) == [f"{inchworm} then walk them back and stand up."]
    assert [e.per_side for e in found] == [None, None, True]  # "then repeat to the right."


def test_list_items_labelled_purpose_and_how_to_and_a_self_test_that_is_no_exercise() -> None:
    glides, angels = exercises_of("purpose-and-how-to.html")  # "Doorway Test for Shoulder Position" is none
    assert [(e.name, len(e.steps)) for e in (glides, angels)] == [("Chin Glides", 1), ("Wall Angels", 1)]
    assert steps_of(glides)[0].startswith("Sit tall and slide your chin")  # "How-to:" frames the step
    assert (glides.hold_seconds_min, glides.reps, glides.muscles) == (5, 10, ("neck",))  # "Purpose:" is a note


def test_a_list_of_named_items_under_a_heading_that_calls_them_exercises() -> None:
    found = exercises_of("named-list-items.html")  # neither the benefits list nor the soup is an exercise
    assert [e.name for e in found] == ["Chin Drop", "Side Glide", "Cheek Press"]
    assert steps_of(found[0]) == [
        "Let your jaw hang open and drop your chin towards your chest. Hold for 5 seconds and close slowly."
    ]
    assert [(e.hold_seconds_min, e.per_side) for e in found] == [(5, None), (None, True), (None, None)]
    assert [e.muscles for e in found] == [None, None, None]  # "Core Jaw Relief" means the main ones, not the trunk


def test_how_to_do_it_paragraphs_and_context_that_names_a_complaint_or_mixes_kinds() -> None:
    cat_cow, bird_dog, figure_four = exercises_of("how-to-do-it-paragraphs.html")
    assert steps_of(cat_cow)[0].startswith("Start on your hands and knees. Arch")  # "How to do it:" left out
    assert (bird_dog.hold_seconds_min, bird_dog.per_side) == (5, True)
    # the intro's "ache in the buttock" is the complaint, and "Stretches and Exercises" says neither of a given one
    assert [(e.kind, e.muscles) for e in (cat_cow, bird_dog)] == [(None, None), (None, None)]
    assert (figure_four.kind, figure_four.muscles) == ("stretch", ("glutes",))  # its own name and words


def test_phase_headings_group_sub_labels_join_and_a_final_level_follows_the_last() -> None:
    found = exercises_of("phases-and-sub-labels.html")  # no phase, "How to progress" or warm-up list is one
    assert [(e.name, e.level) for e in found] == [
        ("Pelvic Tilts", None),
        ("Bird Dog", None),
        ("Wall Push-Up", 1),
        ("Floor Push-Up", 2),  # "Final Level" after "Level 1"
    ]
    tilts, bird_dog, _, floor = found
    assert (tilts.reps, tilts.sets, len(tilts.steps)) == (10, None, 2)  # the italic dose line; "2-3 sets" is a range
    assert bird_dog.image_alt == "Bird Dog"  # the picture above its heading, not the phase's
    assert steps_of(bird_dog) == [
        "Start on your hands and knees. Reach one arm forward and the opposite leg back, then return."
    ]
    assert (bird_dog.muscles, floor.reps) == (None, None)  # "without arching the low back"; "counts as one rep"


def test_a_levels_cues_and_picture_inside_a_blockquote() -> None:
    levels = "".join(
        f"<h3>Level {number}</h3><blockquote><p>Lie on your back with your knees bent and your feet flat.</p>"
        f"<p>{cue}</p><p><img src='/wp-content/uploads/bridge-{number}.jpg' alt='Bridge level {number}'></p></blockquote>"
        for number, cue in (
            (1, "Lift your hips until they line up with your knees."),
            (2, "Lift one foot and your hips."),
        )
    )
    found = exercises_in_post("Bridge Progression", levels)
    assert [(e.name, e.level, e.image_alt, len(e.steps)) for e in found] == [
        ("Bridge", 1, "Bridge level 1", 2),
        ("Bridge", 2, "Bridge level 2", 2),
    ]


def test_pictures_above_names_lettered_steps_credits_ledes_and_programs() -> None:
    # no exercise from the bold lede, the picture credit or the program of weeks
    calf, quad, side_steps, plank = exercises_of("pictures-above-names.html")
    assert [e.name for e in (calf, quad, side_steps, plank)] == ["Calf Stretch", "Quad Stretch", "Side Steps", "plank"]
    assert (calf.image_alt, quad.image_alt) == ("calf stretch", "quad stretch")  # each picture above its own name
    assert steps_of(side_steps)[0] == "Stand with your feet together and your knees slightly bent."  # "A." is a label
    assert steps_of(plank) == ["Lie face down, lift onto your forearms and toes and hold for 20 seconds."]


def test_paragraphs_numbered_in_plain_text_with_rest_and_tempo() -> None:
    bird_dog, dead_bug = exercises_of("numbered-paragraphs.html")
    assert steps_of(bird_dog)[0] == "Start on your hands and knees with a flat back."
    assert (bird_dog.reps, bird_dog.per_side, bird_dog.rest_seconds, bird_dog.body_position) == (
        10,
        True,
        30,
        "quadruped",
    )
    assert (dead_bug.sets, dead_bug.reps, dead_bug.tempo, dead_bug.body_position) == (2, 8, "3 s down", "supine")
    assert dead_bug.steps[1].tempo == "3 s down"


def test_picture_captions_name_the_exercise_below_them() -> None:
    dead_bug, bridge = exercises_of("image-captions.html")
    assert (dead_bug.name, dead_bug.label, dead_bug.family) == ("Dead Bug", "Core Control: Dead Bug", "dead bug")
    assert dead_bug.image_url == "https://backinsteppt.com/wp-content/uploads/dead-bug.jpg"
    assert (bridge.name, bridge.equipment, bridge.muscles, bridge.sets, bridge.reps) == (
        "Ball Bridge",
        ("ball",),
        ("glutes",),
        3,
        10,
    )


def test_prose_that_introduces_variations_and_a_dose_for_each_exercise() -> None:
    found = exercises_of("variation-prose.html")
    assert [(e.name, e.label) for e in found] == [
        ("Wall push-ups", "Wall push-ups"),
        ("One-handed wall push-ups", "Change it up"),
        ("Kneeling push-ups", "To work on your shoulders, try push-ups from a kneeling position."),
        ("Incline push-ups", "Incline push-ups"),  # "try incline push-ups" only introduces its own heading
    ]
    assert {e.family for e in found} == {"push up"}
    assert [e.sets for e in found] == [2, 2, 2, 2]  # "a set of 10 of each exercise ... another set of 10"
    assert steps_of(found[1]) == [
        (
            "As you get stronger, you can try one-handed wall push-ups. Follow the steps above, but place one hand"
            " behind your back."
        )
    ]


@pytest.mark.parametrize("name", ["product-list.html", "news-numbered-points.html", "recipe-with-step-images.html"])
def test_product_lists_news_points_and_recipes_have_no_exercises(name: str) -> None:
    assert exercises_of(name) == []


def test_every_attribute_set_has_its_evidence() -> None:
    pages = sorted(EXERCISES.glob("*.html"))
    found = [exercise for page in pages for exercise in exercises_of(page.name)]
    assert len(found) > 20
    for exercise in found:
        for name in ("kind", "equipment", "body_position", "muscles"):
            assert (getattr(exercise, name) is None) == (name not in exercise.evidence), (exercise.name, name)
        stated = exercise.hold_seconds_min is not None
        assert stated == ("dose hold" in exercise.evidence), exercise.name


# --- names, families ---


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("1. Seated Spinal Twist", "Seated Spinal Twist"),
        ("#4 Bird Dog", "Bird Dog"),
        ("Exercise 3: External Rotation", "External Rotation"),
        ("Level 2 – Bridge March", "Bridge March"),
        ("Clamshell – Level 2", "Clamshell"),
        ("Core Control: Dead Bug", "Dead Bug"),
        ("Classic Plank – Form and Technique:", "Classic Plank"),
        ("How to do Push ups for female beginners at home : Basic Steps", "Push ups"),
        ("How to Practice Yoga Nidra:", "Yoga Nidra"),
        ("Steps for Progressive Muscle Relaxation:", "Progressive Muscle Relaxation"),
        ("Supta Baddha Konasana (Reclining Bound Angle Pose):", "Supta Baddha Konasana (Reclining Bound Angle Pose)"),
        ("Legs Up the Wall (Viparita Karani)", "Legs Up the Wall (Viparita Karani)"),
        ("Level 2", None),
        ("Level – Beginner", None),
    ],
)
def test_names_without_numbering_levels_or_framing(label: str, name: str | None) -> None:
    assert name_from_label(label) == name


@pytest.mark.parametrize(
    ("label", "earlier"),
    [
        ("Classic Planks. See above.", "Classic Planks"),
        ("Glute bridge (as above)", "Glute bridge"),
        ("Side plank – see earlier", "Side plank"),
        ("See above", None),  # points back, but names nothing
        ("Knee Planks", None),
        ("Look above the knee", None),
    ],
)
def test_labels_that_point_back_to_an_earlier_exercise(label: str, earlier: str | None) -> None:
    assert referred_back(label) == earlier


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        ("As you get more comfortable, you can try one-handed wall pushups.", "One-handed wall pushups"),
        ("To work on stability, try pushups from a seated position.", "Seated pushups"),
        ("Another great variation of the standard pushup is a pushup with hip abduction.", "Pushup with hip abduction"),
        ("Try doing a set of 10 of each exercise.", None),
        ("Try a new routine every week.", None),
    ],
)
def test_variation_sentences(sentence: str, name: str | None) -> None:
    assert name_from_sentence(sentence) == name


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Bridge Progression", "Bridge"),
        ("Side Plank Levels", "Side Plank"),
        ("How to Do a Clamshell", "Clamshell"),
        ("The Rhomboids – It’s Not Geometry", None),
        ("Hip Strength", None),
    ],
)
def test_a_title_names_an_exercise_only_when_it_is_one(title: str, name: str | None) -> None:
    assert name_from_title(title) == name


@pytest.mark.parametrize(
    ("names", "family"),
    [
        (["Single leg balance", "Single-Leg Balance"], "single leg balance"),
        (["Wall pushups", "Push-Ups", "Kneeling push ups", "One-handed wall pushups"], "push up"),
        (["Bridge", "Bridge March", "Bridges"], "bridge"),
        (["Clamshell", "Clamshells", "Clamshell (Level 3)"], "clamshell"),
        (["Side Plank", "Side planks"], "side plank"),
        (["Wall Sit"], "wall sit"),
    ],
)
def test_one_family_for_the_same_movement_in_every_spelling_and_level(names: list[str], family: str) -> None:
    assert {family_of(name) for name in names} == {family}


# --- dose phrases: every pattern is a named constant ---


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Hold for 5 seconds then slowly release", (5, 5, None, None, False, None, None)),
        ("Hold in this position for 15-30 seconds", (15, 30, None, None, False, None, None)),
        (
            "pulling it toward yourself and holding it like that for 15-30 seconds",
            (15, 30, None, None, False, None, None),
        ),
        ("Switch sides after 30 seconds to 1 minute.", (30, 60, None, None, True, None, None)),
        ("Stay for 2–5 minutes, breathing deeply.", (120, 300, None, None, False, None, None)),
        ("Tense the muscles in your toes for 5 seconds, then release.", (5, 5, None, None, False, None, None)),
        ("Repeat 10x", (None, None, 10, None, False, None, None)),
        ("Do three sets of ten.", (None, None, 10, 3, False, None, None)),
        ("Perform 3 sets with each wrist", (None, None, None, 3, True, None, None)),
        ("Repeat on the left side.", (None, None, None, None, True, None, None)),
        ("Turn and repeat on the other side.", (None, None, None, None, True, None, None)),
        ("Then repeat on the other side after switching legs.", (None, None, None, None, True, None, None)),
        ("Return to the start and repeat to the right.", (None, None, None, None, True, None, None)),
        ("Return to the original position, switch and repeat.", (None, None, None, None, True, None, None)),
        ("Hold weights in both hands at your shoulders.", (None, None, None, None, False, None, None)),  # no "eight s"
        ("Marching on the spot while holding a worktop: 60 seconds", (None, None, None, None, False, None, None)),
        ("Hold: 20 seconds", (20, 20, None, None, False, None, None)),
        ("Do 2-3 sets of 10.", (None, None, 10, None, False, None, None)),
        ("Hold it often, for ten seconds.", (10, 10, None, None, False, None, None)),
        ("Hold and repeat on the left to tone the neck.", (None, None, None, None, True, None, None)),
        ("Mirror the same with the other leg.", (None, None, None, None, True, None, None)),
        ("Switch to the other, then rest.", (None, None, None, None, True, None, None)),
        ("Repeat to the right of the mat if it is longer.", (None, None, None, None, False, None, None)),
        ("Hold the band with one end in each hand.", (None, None, None, None, False, None, None)),
        ("Kneel on one knee with the other foot in front.", (None, None, None, None, False, None, None)),
        ("Try a set of 10 to 15, rest, and then do another set of 10 to 15.", (None, None, None, 2, False, None, None)),
        ("Continue flowing with your breath for 5–10 rounds.", (None, None, None, None, False, None, None)),
        ("Do 10 to 15 reps.", (None, None, None, None, False, None, None)),
        ("Rest 30 seconds between sets.", (None, None, None, None, False, 30, None)),
        ("Take 1 minute of rest.", (None, None, None, None, False, 60, None)),
        ("Lower for 3 seconds down, 1 second up.", (None, None, None, None, False, None, "3 s down")),
        ("Lower slowly over three counts.", (None, None, None, None, False, None, "3 counts down")),
        ("Use a 3-1-1 tempo.", (None, None, None, None, False, None, "3-1-1")),
        ("Lift your hips and hold for 15 seconds.", (15, 15, None, None, False, None, None)),
    ],
)
def test_dose_phrases_the_real_pages_use(text: str, numbers: tuple[object, ...]) -> None:
    found = parse_dose(text)
    assert (
        found.hold_seconds_min,
        found.hold_seconds_max,
        found.reps,
        found.sets,
        found.per_side,
        found.rest_seconds,
        found.tempo,
    ) == numbers


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (dose.REST_RE, "rest for 1 minute between sets", True),
        (dose.REST_RE, "rest your hands on your belly", False),
        (dose.TEMPO_RE, "3 seconds down", True),
        (dose.TEMPO_RE, "hold for 3 seconds", False),
        (dose.ANOTHER_SET_RE, "a set of 10, then another set", True),
        (dose.SHARED_DOSE_RE, "Hold each pose for 30 seconds", True),
        (dose.SHARED_DOSE_RE, "Hold the pose for 30 seconds", False),
        (dose.PER_SIDE_RE, "with each wrist", True),
        (dose.PER_SIDE_RE, "one end in each hand", False),
    ],
)
def test_named_dose_patterns(pattern: object, text: str, matches: bool) -> None:
    assert (getattr(pattern, "search")(text) is not None) is matches  # noqa: B009


def test_a_shared_dose_sentence_names_every_exercise() -> None:
    assert is_shared_dose("Try doing a set of 10 to 15 of each exercise, rest, and then do another set.")
    assert is_shared_dose("Hold each pose for 30 seconds to 1 minute unless noted.")
    assert not is_shared_dose("Hold for 30 seconds.")
    assert not is_shared_dose("Each exercise is shown below.")


# --- attributes: stated words only, in free-exercise-db's vocabulary ---


def test_attributes_come_from_words_and_are_none_without_them() -> None:
    nothing = read_attributes("Doming", ["Shorten the arch without curling the toes."], [])
    assert (nothing.kind, nothing.equipment, nothing.body_position, nothing.muscles) == (None, None, None, None)
    assert nothing.evidence == {}
    band = read_attributes("Band Row", ["Hold the band with both hands.", "Squeeze your shoulder blades."], [])
    assert band.equipment == ("band",)
    assert band.evidence["equipment"] == "Band"


def test_an_anatomy_paragraph_above_a_progression_names_its_muscles() -> None:
    anatomy = ["The gluteus medius sits at the side of the hip and moves the leg out to the side."]
    found = read_attributes("Clamshell", ["Top knee lifts towards the ceiling."], [], muscle_context=anatomy)
    assert found.muscles == ("abductors", "glutes")
    assert found.evidence["muscles"] == "gluteus medius"


@pytest.mark.parametrize(
    ("steps", "position"),
    [
        (["Lie on your side with your knees bent."], "side-lying"),
        (["Lie face down with your arms overhead."], "prone"),
        (["Lie on your back with knees bent."], "supine"),
        (["Start on hands and knees."], "quadruped"),
        (["Kneel on one knee with the other foot in front."], "half-kneeling"),
        (["Sit tall and look straight ahead."], "seated"),
        (["Stand on one foot next to a counter."], "standing"),
        (["Shorten the arch."], None),
    ],
)
def test_body_positions(steps: list[str], position: str | None) -> None:
    assert read_attributes(None, steps, []).body_position == position


@pytest.mark.parametrize(
    ("words", "equipment"),
    [
        ("Place both feet on a sturdy step or chair.", ("chair", "step")),
        ("Step your feet back from the wall.", None),
        ("Lean your back against a wall.", ("wall",)),
        ("Hold a can of beans or a light weight.", ("weight",)),
        ("Roll your calf on a foam roller.", ("foam roller",)),
        ("You don’t need any equipment for these.", ("none",)),
        ("Loop a towel around your foot.", ("towel",)),
        ("Press your hands into the mat.", ("mat",)),
        ("Transfer your body weight onto your hands.", None),  # the body's weight is no equipment
        ("Shift weight forward onto the front foot.", None),
        ("Hold a light weight in each hand.", ("weight",)),
        ("Distribute weight evenly on both feet.", None),
        ("Lean weight forward past your fingertips.", None),
    ],
)
def test_equipment_words(words: str, equipment: tuple[str, ...] | None) -> None:
    assert read_attributes(None, [words], []).equipment == equipment


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("Stand near a counter for balance and rise onto your toes.", None),  # support, not a balance exercise
        ("Stand on one leg to test your balance.", "balance"),
        ("Sit on the edge of the chair and stretch your legs out in front.", None),  # a position, not a stretch
        ("Stretch your hamstrings gently.", "stretch"),
    ],
)
def test_kind_words(words: str, kind: str | None) -> None:
    assert read_attributes(None, [words], []).kind == kind


@pytest.mark.parametrize(
    ("name", "kind_context", "kind"),
    [
        ("Quad Sets", ["Knee Replacement: Strength and Mobility Recovery"], None),  # two kinds name neither
        ("Quad Sets", ["Knee Replacement: Strength Recovery"], "strength"),
        ("Corpse Pose", [], None),  # a pose is not a stretch unless the words say so
    ],
)
def test_kind_from_context_only_where_it_names_one(name: str, kind_context: list[str], kind: str | None) -> None:
    assert read_attributes(name, ["Lie still and breathe."], [], kind_context=kind_context).kind == kind


def test_a_dose_stated_for_the_harder_variant_is_not_the_exercises() -> None:
    (sit_to_stand,) = exercises_in_post(
        "Hips",
        "<h3>Sit to Stand</h3><ol><li>Sit at the front of a chair with your feet flat.</li><li>Stand up without using"
        " your hands, then sit back down. Repeat 10 times. Harder: hold a weight and take a slow 3-second lowering."
        "</li></ol>",
    )
    assert (sit_to_stand.reps, sit_to_stand.tempo) == (10, None)


def test_a_warm_up_lends_the_exercises_no_kind() -> None:
    (wall_push_up,) = exercises_in_post(
        "Push-Ups",
        "<p>Start with a warm-up. This exercise session opens with some dynamic stretches.</p><h3>Wall Push-Up</h3>"
        "<ol><li>Stand facing a wall with your hands on it at shoulder height.</li><li>Bend your elbows to bring your"
        " chest to the wall, then push back. Repeat 10 times.</li></ol>",
    )
    assert wall_push_up.kind is None


def test_a_bare_progression_heading_is_advice() -> None:
    content = (
        "<h3>Progression</h3><ul><li>Start with a light kettlebell and master the form.</li><li>Build up to 15 reps"
        " before you add weight.</li><li>Keep your back flat as you hinge at the hips.</li></ul>"
    )
    assert exercises_in_post("Swing", content) == ()


def test_a_tips_paragraph_is_no_step() -> None:
    (glute_bridge,) = exercises_in_post(
        "Knee Recovery",
        "<h3>Glute Bridge</h3><p>Lie on your back with your knees bent. Lift your hips, then lower them slowly.</p>"
        "<p>Tips: Keep your core engaged and avoid arching your lower back.</p>",
    )
    assert steps_of(glute_bridge) == ["Lie on your back with your knees bent. Lift your hips, then lower them slowly."]


def test_a_table_whose_header_names_no_exercises_holds_none() -> None:
    table = (
        "<table><tr><th>{}</th><th>Description</th></tr><tr><td>Wet Noodle</td><td>Relax your whole body and let your"
        " arms hang. Breathe out slowly and lower your shoulders.</td></tr></table>"
    )
    assert exercises_in_post("Flexibility", f"<h3>Principles</h3>{table.format('Principle')}") == ()
    (noodle,) = exercises_in_post("Flexibility", f"<h3>Drills</h3>{table.format('Exercise')}")
    assert noodle.name == "Wet Noodle"


def test_holding_a_thing_is_no_movement() -> None:
    content = (
        "<h3>The Technique</h3><p>Hold the knife at a low angle and draw it across the stone. Keep your wrist steady"
        " the whole way.</p>"
    )
    assert exercises_in_post("Sharp", content) == ()


def test_context_lends_muscles_only_where_it_says_they_are_worked() -> None:
    heel_slides, leg_raise = exercises_in_post(
        "Knees",
        "<p>Rest with a pillow under your calves after a long day.</p><h3>Heel Slides</h3><ol><li>Lie on your back"
        " with your legs straight.</li><li>Slide one heel towards you, bending the knee, then straighten it. Repeat"
        " 10 times.</li></ol><h3>Why the Thigh Matters</h3><p>The quadriceps do most of the work when you straighten"
        " the knee.</p><h3>Straight Leg Raise</h3><ol><li>Lie on your back with one knee bent.</li><li>Lift the"
        " straight leg to the height of the other knee, then lower it. Repeat 10 times.</li></ol>",
    )
    assert (heel_slides.muscles, leg_raise.muscles) == (None, ("quadriceps",))  # "under your calves" says no work


@pytest.mark.parametrize(
    ("name", "notes", "muscles"),
    [
        ("Neck Stretch", [], ("neck",)),
        ("Cat-Cow", ["Targets: Spine, shoulders, core"], ("abdominals", "shoulders")),
        ("Lat Stretch", [], ("lats",)),
        ("Wrist Turn", ["Bend your arm until your hand is touching your shoulder"], None),
        ("Bridge", ["Slowly lower back down to the floor."], None),
        ("Plank", ["Lift your hips and brace your core."], ("abdominals",)),
        ("Core Face Lift", ["Smile and lift your cheeks."], None),  # "core" as "main"
        ("Push-up", ["This push-up targets arms, chest, core and shoulders."], ("abdominals", "chest", "shoulders")),
        (
            "Forward Bend",
            ["Bend forward from the hips, not the lower back, to stretch the hamstrings."],
            ("hamstrings",),
        ),
        ("Hamstring Stretch", ["Avoid rounding your lower back."], ("hamstrings",)),  # a caution names no muscle
        ("Heel Slides", ["Slide one heel toward your buttocks."], None),  # where a limb goes
        ("Side Plank", ["Lift without dropping your hips and keep your core tight."], ("abdominals",)),
    ],
)
def test_muscles_only_where_the_words_say_they_work(
    name: str, notes: list[str], muscles: tuple[str, ...] | None
) -> None:
    assert read_attributes(name, [], notes).muscles == muscles


# --- the real-pages benchmark scores by its README's rules ---


def test_bench_matches_by_step_words_and_scores_names_steps_doses_and_false_ones() -> None:
    from bench.exercises_real import f1, normalise, score_page, step_words

    assert normalise("Cat-Cow Stretch (Seated)") == "cat cow stretch seated"
    assert f1(step_words(["a b c d"]), step_words(["a b"])) == pytest.approx(2 / 3)
    found = exercises_of("numbered-paragraphs.html")
    entry = {
        "exercises": [
            {
                "name": "Bird dog",
                "steps": [step.text for step in found[0].steps],
                "dose": {"sets": None, "reps": 10, "hold_seconds": None, "per_side": True},
            },
            {"name": "Plank", "steps": ["Hold a plank on your elbows for as long as you can."], "dose": {}},
            {"name": "Breathing", "steps": ["Breathe slowly."], "borderline": True},
        ]
    }
    score = score_page(entry, found)
    assert dict(score.counts) == {
        "expected": 2,
        "found": 1,
        "names": 1,
        "steps exact": 1,
        "levels right": 1,
        "images right": 1,
        "dose values": 2,
        "doses right": 2,
        "false": 1,
    }
    assert "missed: 'Plank'" in score.misses
    assert "false: 'Dead Bug' ('Dead Bug')" in score.misses
