"""The seed post ("Strong Hips are Crucial!") rebuilt as a whole Enfold page parses as its expected JSON says."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path
from typing import Any

from parsers.archive import parse_archive_months
from parsers.models import ParsedPage
from parsers.page import parse_page
from parsers.related import parse_related_links
from parsers.soup import make_tree

PAGES = Path(__file__).parent / "pages"
URL = "https://backinsteppt.com/2019/05/15/strong-hips-are-crucial/"


@cache
def seed_html() -> str:
    """The seed page's HTML."""
    return (PAGES / "seed-strong-hips.html").read_text(encoding="utf-8")


@cache
def seed() -> ParsedPage:
    """The seed page, parsed once."""
    return parse_page(seed_html(), URL)


@cache
def expected() -> dict[str, Any]:
    """The expected JSON beside the seed page."""
    data: dict[str, Any] = json.loads((PAGES / "seed-strong-hips.expected.json").read_text(encoding="utf-8"))
    return data


def rows(records: Any, **extra: Any) -> list[dict[str, Any]]:
    """Dataclasses as JSON-like dicts, booleans as 0/1, with extra keys first."""
    result = []
    for record in records:
        row = {**extra, **json.loads(json.dumps(dataclasses.asdict(record)))}
        for step in row.get("steps", []):
            step["per_side"] = int(step["per_side"])
        result.append(row)
    return result


def test_seed_title_and_published() -> None:
    post = seed().post
    assert post is not None
    assert post.title == "Strong Hips are Crucial!"
    assert post.published is not None and post.published.startswith("2019-05-15")
    assert post.published == "2019-05-15T10:00:00-06:00"


def test_seed_post_matches_expected_json() -> None:
    post = seed().post
    assert post is not None
    got = json.loads(json.dumps(dataclasses.asdict(post)))
    want = expected()["post"]
    assert {key: got[key] for key in want} == want
    assert seed().kind == "post" and seed().url == URL
    assert list(seed().missing) == expected()["missing"] == []


def test_seed_body_text_is_the_post_body_only() -> None:
    post = seed().post
    assert post is not None
    assert post.body_text.startswith("There are many important muscles")
    assert post.body_text.endswith("please see a medical professional.")
    assert "Share this entry" not in post.body_text and "You might also like" not in post.body_text
    assert post.word_count == len(post.body_text.split()) == 673


def test_seed_archive_widget_has_48_months_without_counts() -> None:
    months = seed().archive_months
    assert len(months) == 48
    assert (months[0].id, months[0].label, months[0].url) == (
        "2025-05",
        "May 2025",
        "https://backinsteppt.com/2025/05/",
    )
    assert (months[-1].id, months[-1].label) == ("2016-10", "October 2016")
    assert all(month.listed_count is None for month in months)
    assert [month.id for month in months] == sorted((month.id for month in months), reverse=True)
    assert "2019-05" in {month.id for month in months} and "2020-01" not in {month.id for month in months}
    assert rows(months) == expected()["archive_months"]


def test_seed_archive_months_from_html_text_directly() -> None:
    assert parse_archive_months(seed_html(), URL) == list(seed().archive_months)


def test_seed_related_links_in_order() -> None:
    related = seed().related_links
    assert [link.title for link in related] == [
        "Shoulder or Back Pain? Keep Reading!",
        "Snow Days: Staying Safe & Warm",
        "Keep Your Back Healthy & Pain-Free",
        "Low Back Tightness – Stretches To Try",
    ]
    assert [link.position for link in related] == [1, 2, 3, 4]
    assert [link.thumbnail_alt for link in related] == [
        "latissimus dorsi",
        "winter cold",
        "gluteus maximus",
        "Woman working at desk improper posture slouching",
    ]
    assert rows(related, source_url=URL) == expected()["related_links"]
    assert parse_related_links(make_tree(seed_html()), URL) == list(related)


def test_seed_five_clamshell_levels() -> None:
    exercises = seed().exercises
    assert [(e.position, e.name, e.level, e.label) for e in exercises] == [
        (n, "Clamshell", n, f"Level {n}") for n in range(1, 6)
    ]
    assert [len(e.steps) for e in exercises] == [4, 4, 4, 6, 4]
    assert [e.image_alt for e in exercises] == [f"Clamshell Level {n}" for n in range(1, 6)]
    assert rows(exercises, post_url=URL) == expected()["exercises"]


def test_seed_hold_steps_are_5_to_10_seconds() -> None:
    holds = [step for e in seed().exercises for step in e.steps if step.text == "Hold for 5-10 seconds."]
    assert len(holds) == 5
    assert {(s.hold_seconds_min, s.hold_seconds_max, s.reps, s.sets, s.per_side) for s in holds} == {
        (5, 10, None, None, False)
    }
    others = [step for e in seed().exercises for step in e.steps if step.text != "Hold for 5-10 seconds."]
    assert all(step.hold_seconds_min is None and step.hold_seconds_max is None for step in others)


def test_seed_level_steps_have_collapsed_whitespace() -> None:
    level_2 = seed().exercises[1]
    assert level_2.steps[0].text == "Knees & thighs remain stacked and touching."
    assert [step.step for step in level_2.steps] == [1, 2, 3, 4]


def test_seed_basics_tips_are_not_steps() -> None:
    tips = expected()["not_steps"]
    step_texts = {step.text for e in seed().exercises for step in e.steps}
    assert tips == [
        "Keep your pelvis stable with abdominal muscles engaged.",
        "Minimize the use of your hands for balance.",
        "Slow and controlled motion is key.",
    ]
    assert step_texts.isdisjoint(tips)
    assert all(e.label != "The Basics" for e in seed().exercises)


def test_seed_body_images() -> None:
    images = seed().images
    assert [(image.position, image.alt) for image in images] == [(1, "Gluteus medius anatomy")] + [
        (n + 1, f"Clamshell Level {n}") for n in range(1, 6)
    ]
    assert images[1].src == "https://backinsteppt.com/wp-content/uploads/2019/05/Clamshell-Level-1-300x200.jpg"


def test_seed_links_drop_tracking_parameters() -> None:
    youtube = [link for link in seed().links if link.anchor_text == "here"]
    assert [(link.target_url, link.is_internal) for link in youtube] == [
        ("https://www.youtube.com/@backinsteppt", False)
    ]
    assert not any("utm_" in link.target_url for link in seed().links)
