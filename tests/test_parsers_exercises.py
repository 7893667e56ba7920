"""Exercise sections: what starts one, what ends one, how it is named, and which texts are its steps."""

from __future__ import annotations

from parsers.exercise_blocks import is_whole_bold
from parsers.models import Exercise
from parsers.page import parse_page
from parsers.soup import find, make_tree

URL = "https://backinsteppt.com/2019/05/15/strong-hips-are-crucial/"


def exercises_in(body: str, title: str = "Strong Hips are Crucial!") -> list[Exercise]:
    """The exercises of a post whose entry-content is `body`."""
    html = (
        "<html><body class='single-post'><article class='hentry'>"
        f"<h1 class='entry-title'>{title}</h1><div class='entry-content'>{body}</div></article></body></html>"
    )
    return list(parse_page(html, URL).exercises)


def summary(found: list[Exercise]) -> list[tuple[str | None, int | None, str, list[str]]]:
    """(name, level, label, step texts) of each exercise."""
    return [(e.name, e.level, e.label, [s.text for s in e.steps]) for e in found]


def test_stretch_steps_end_at_the_italic_paragraph() -> None:
    body = (
        "<h3>Stretch #1: Knee to Chest</h3><p><img src='/k.jpg' alt='Knee to chest'></p>"
        "<p>Lie on your back.</p><p>Draw one knee in with both hands.</p><p><em>Hold 30 seconds, repeat 3 times each side.</em></p>"
        "<p>Stretching should feel like a comfortable pull, never a sharp pain.</p>"
    )
    [stretch] = exercises_in(body)
    assert summary([stretch]) == [
        (
            "Knee to Chest",
            None,
            "Stretch #1: Knee to Chest",
            ["Lie on your back.", "Draw one knee in with both hands.", "Hold 30 seconds, repeat 3 times each side."],
        )
    ]
    assert [(s.hold_seconds_min, s.reps, s.per_side) for s in stretch.steps] == [
        (None, None, False),
        (None, None, False),
        (30, 3, True),
    ]
    assert (stretch.image_url, stretch.image_alt) == ("https://backinsteppt.com/k.jpg", "Knee to chest")


def test_a_tips_section_without_an_image_is_not_an_exercise() -> None:
    body = (
        "<h3>The Basics</h3><p>Start in side-lying.</p><ul><li>Keep your pelvis stable.</li><li>Go slowly.</li></ul>"
        "<h3>Level 1<img src='/c1.jpg' alt='Clamshell Level 1'></h3><p>&nbsp;</p><ul><li>Feet together.</li><li>Hold for 5-10 seconds.</li></ul>"
    )
    assert summary(exercises_in(body)) == [("Clamshell", 1, "Level 1", ["Feet together.", "Hold for 5-10 seconds."])]


def test_disclaimer_ends_the_last_section() -> None:
    body = (
        "<p><strong>Level 1</strong></p><p><img src='/p1.jpg' alt='Side plank level 1'></p><ul><li>Prop up.</li></ul>"
        "<p>DISCLAIMER: not medical advice.</p><ul><li>Not a step.</li></ul>"
    )
    assert summary(exercises_in(body, "Side Plank Levels")) == [("Side Plank", 1, "Level 1", ["Prop up."])]


def test_level_name_falls_back_to_image_alt_never_to_a_title_that_names_no_exercise() -> None:
    with_alt = "<h3>Level 2<img src='/c2.jpg' alt='Clamshell Level 2'></h3><ul><li>Lift the foot.</li></ul>"
    without_alt = "<h3>Level 2</h3><ul><li>Lift the foot.</li></ul>"
    assert exercises_in(with_alt)[0].name == "Clamshell"
    assert exercises_in(without_alt, "Hip Strength")[0].name is None
    assert exercises_in(without_alt, "Clamshell Progression!")[0].name == "Clamshell"


def test_an_unnamed_exercise_is_named_in_missing() -> None:
    html = (
        "<html><body class='single-post'><article class='hentry'><h1 class='entry-title'>Hip Strength</h1>"
        "<div class='entry-content'><h3>Level 1</h3><ul><li>Lift the foot.</li></ul></div></article></body></html>"
    )
    page = parse_page(html, URL)
    assert [e.name for e in page.exercises] == [None]
    assert "exercises.1.name" in page.missing


def test_a_heading_above_the_levels_names_them_not_the_post_title() -> None:
    body = (
        "<p>The rhomboids pull the shoulder blades together.</p><h3>Prone T</h3><p>Lie face down on a mat.</p>"
        "<h4>Level 1</h4><ul><li>Lie face down with your arms out in a T.</li><li>Hold for 5 seconds.</li></ul>"
        "<h4>Level 2</h4><ul><li>Lift your arms with thumbs up.</li><li>Do 2 sets of 10.</li></ul>"
    )
    found = exercises_in(body, "The Rhomboids – It’s Not Geometry")
    assert [(e.name, e.level, e.family) for e in found] == [("Prone T", 1, "prone t"), ("Prone T", 2, "prone t")]
    assert found[0].muscles == ("middle back",)
    assert found[0].body_position == "prone"


def test_unlabelled_heading_needs_an_image_and_steps() -> None:
    body = (
        "<h2>Why it matters</h2><p>Text <img src='/anatomy.jpg' alt='Gluteus medius anatomy'></p>"
        "<h4>Single-Leg Squat</h4><figure><img src='/squat.jpg' alt='Single leg squat'></figure>"
        "<p><strong>Step 1:</strong> Stand tall.</p><p><strong>Step 2.</strong> Do 2 sets of 15.</p>"
        "<h3>Tips</h3><ul><li>Breathe.</li></ul>"
    )
    found = exercises_in(body)
    assert summary(found) == [("Single-Leg Squat", None, "Single-Leg Squat", ["Stand tall.", "Do 2 sets of 15."])]
    assert (found[0].steps[1].sets, found[0].steps[1].reps) == (2, 15)


def test_sections_inside_page_builder_wrappers() -> None:
    body = (
        "<div class='av_textblock_section'><div class='avia_textblock'>"
        "<h3>Exercise 1: External Rotation</h3><p><img src='/er.jpg' alt='External Rotation'></p>"
        "<ol><li>Hold a band.</li><li>Rotate out.</li></ol></div></div>"
        "<div class='av_textblock_section'><div class='avia_textblock'><h3>Exercise 2</h3>"
        "<p><img src='/ir.jpg'></p><ol><li>Rotate in.</li></ol></div></div>"
    )
    found = exercises_in(body)
    assert summary(found) == [
        ("External Rotation", None, "Exercise 1: External Rotation", ["Hold a band.", "Rotate out."]),
        (None, None, "Exercise 2", ["Rotate in."]),
    ]
    assert [e.position for e in found] == [1, 2]
    assert found[1].image_alt is None


def test_share_and_related_blocks_inside_the_body_are_ignored() -> None:
    body = (
        "<h3>Level 1<img src='/b1.jpg' alt='Bridge Level 1'></h3><ul><li>Lift the hips.</li></ul>"
        "<div class='related_posts'><h3>Level 9<img src='/x.jpg' alt='x'></h3><ul><li>Not a step.</li></ul></div>"
    )
    assert summary(exercises_in(body, "Bridge Progression")) == [("Bridge", 1, "Level 1", ["Lift the hips."])]


def test_no_body_no_exercises() -> None:
    assert parse_page("<html><body><p>Nothing here</p></body></html>", URL).exercises == ()
    assert parse_page("", URL).exercises == ()


def test_is_whole_bold() -> None:
    assert is_whole_bold(find(make_tree("<p><strong>Level 1</strong></p>"), "p"))  # type: ignore[arg-type]
    assert is_whole_bold(find(make_tree("<p> <b>Level <em>2</em></b> </p>"), "p"))  # type: ignore[arg-type]
    assert not is_whole_bold(find(make_tree("<p><strong>Step 1:</strong> Stand.</p>"), "p"))  # type: ignore[arg-type]
    assert not is_whole_bold(find(make_tree("<p>&nbsp;</p>"), "p"))  # type: ignore[arg-type]
