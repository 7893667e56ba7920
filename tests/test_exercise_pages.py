"""The exercise pages in Datasette: the catalogue's facets and flat CSV, a family's page, exercise changes in history."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from datasette.utils import tilde_encode

from crawler.web.metadata import load_metadata
from tests.served import render
from tests.support import Crawled, copy_archive, query

FACETS = ("kind", "equipment", "body_position", "muscles")


def test_the_catalogue_facets_by_kind_equipment_position_and_muscles(crawled: Crawled) -> None:
    response = render(crawled.db_path, "/archive/exercise_catalogue.json?_size=0")
    facets = response.json()["facet_results"]
    assert set(facets) == set(FACETS)
    exercises = query(crawled.db_path, "select * from exercises")
    for name in FACETS:
        if name in ("equipment", "muscles"):
            expected = Counter(item for row in exercises if row[name] for item in json.loads(str(row[name])))
        else:
            expected = Counter(str(row[name]) for row in exercises if row[name] is not None)
        assert {item["value"]: item["count"] for item in facets[name]["results"]} == dict(expected), name
    narrowed = render(crawled.db_path, "/archive/exercise_catalogue.json?_shape=array&equipment__arraycontains=band")
    assert {row["name"] for row in narrowed.json()} >= {"Band Row", "Band External Rotation", "Band Internal Rotation"}


def test_the_catalogue_offers_the_flat_csv_in_one_click(crawled: Crawled) -> None:
    page = render(crawled.db_path, "/archive/exercise_catalogue").text
    (href,) = re.findall(r'<a class="flat-csv" href="([^"]+)"', page)
    assert href == "exercise_steps_flat.csv?_stream=on&amp;_size=max"  # relative: the database's own flat view
    response = render(crawled.db_path, "/archive/" + html.unescape(href))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/plain")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == sum(len(exercise["steps"]) for exercise in crawled.truth.exercises)
    assert all(row["post_title"] and row["published"] and row["name"] and row["step_text"] for row in rows)


def test_family_cells_lead_to_the_family_page(crawled: Crawled) -> None:
    page = render(crawled.db_path, "/archive/exercise_families").text
    links = re.findall(r'<a class="exercise-family" href="(/archive/-/exercise-family\?family=[^"]+)">', page)
    families = query(crawled.db_path, "select family from exercise_families")
    assert len(links) == len(families) > 20
    assert "/archive/-/exercise-family?family=side%20plank" in links
    assert "Bridge March; Bridge, Level 1; Bridge, Level 2; Bridge, Level 3" in page  # phrases apart, in order


def test_a_family_page_shows_its_levels_in_order_with_pictures_dose_and_steps(crawled: Crawled) -> None:
    response = render(crawled.db_path, "/archive/-/exercise-family?family=clamshell")
    assert response.status_code == 200
    page = response.text
    assert "<title>Exercise family: Clamshell</title>" in page
    cards = re.findall(
        r'<div class="exercise-card">(.*?)</div>\s*(?=<div class="exercise-card">|</div>)', page, re.DOTALL
    )
    expected = sorted(  # posts oldest first (their URLs start with the date), levels in order within each
        (exercise for exercise in crawled.truth.exercises if exercise["name"] in ("Clamshell", "Clam shell")),
        key=lambda exercise: (exercise["post_url"], exercise["position"]),
    )
    headings = [re.search(r"<h3>(.*?)</h3>", card).group(1) for card in cards]  # type: ignore[union-attr]
    assert headings == [
        *(f"Clamshell, Level {level}" for level in range(1, 6)),
        "Clam shell",
    ]  # 2019's five levels, then 2024's
    kept = {row["url"]: row["sha256"] for row in query(crawled.db_path, "select url, sha256 from media")}
    for card, exercise in zip(cards, expected, strict=True):
        assert f'src="/archive/-/media/{kept[exercise["image_url"]]}"' in card  # the archive's copy, not the blog's
        steps = re.findall(r"<li>(.*?)</li>", card, re.DOTALL)
        assert [html.unescape(step.strip()) for step in steps] == [step["text"] for step in exercise["steps"]]
    assert all('<p class="exercise-dose">hold 5–10 s</p>' in card for card in cards[:5])  # 2019's levels say so
    assert "<dt>muscles</dt><dd>abdominals, abductors, glutes</dd>" in page.replace("\n", "")


def test_a_family_taught_in_two_posts_shows_both_oldest_first(crawled: Crawled) -> None:
    page = render(crawled.db_path, "/archive/-/exercise-family?family=bridge").text
    assert "<title>Exercise family: Bridge</title>" in page  # the name most of its variations go by
    posts = re.findall(r'<section class="family-post">\s*<h2><a href="[^"]+">(.*?)</a>', page)
    assert [html.unescape(title) for title in posts] == ["Keep Your Back Healthy & Pain-Free", "Bridge Progression"]


def test_the_family_page_answers_404_for_unknown_families_and_other_databases(crawled: Crawled, tmp_path: Path) -> None:
    assert render(crawled.db_path, "/archive/-/exercise-family?family=no%20such%20thing").status_code == 404
    assert render(crawled.db_path, "/archive/-/exercise-family").status_code == 404
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("create table exercises (family text)")
    foreign = render(other, "/other/-/exercise-family?family=clamshell")  # Datasette's own answer: no such route
    assert foreign.status_code in (400, 404) and "Exercise family" not in foreign.text


def test_hostile_exercise_words_are_escaped_on_the_family_page(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("update exercises set label = '<img src=x onerror=alert(1)>' where family = 'clamshell'")
        conn.execute("update exercises set equipment = '[\"<b>band</b>\"]' where family = 'clamshell'")
    page = render(db_path, "/archive/-/exercise-family?family=clamshell").text
    assert "<img src=x" not in page and "<b>band</b>" not in page
    assert "&lt;b&gt;band&lt;/b&gt;" in page
    catalogue = render(db_path, "/archive/exercise_catalogue?family=clamshell").text
    assert "<b>band</b>" not in catalogue and "&lt;b&gt;band&lt;/b&gt;" in catalogue


def test_every_new_column_and_view_is_described() -> None:
    tables = load_metadata()["databases"]["archive"]["tables"]
    assert "SCHEMA.md calls this attribute position" in tables["exercises"]["columns"]["body_position"]
    assert tables["exercise_catalogue"]["facets"] == [
        "kind",
        {"array": "equipment"},
        "body_position",
        {"array": "muscles"},
    ]


def test_the_compare_page_says_what_changed_in_the_exercises(week_later: Crawled) -> None:
    (url,) = [url for url in week_later.truth.changed if url.endswith("/side-plank-levels/")]
    page = render(week_later.db_path, f"/archive/-/compare?url={quote(url)}&from=1&to=2").text
    row = re.search(r'<tr class="field-exercises changed">(.*?)</tr>', page, re.DOTALL)
    assert row is not None
    assert "Side Plank, Level 1: hold 20 s → 30 s" in row.group(1)
    history = render(week_later.db_path, f"/archive/-/history?url={quote(url)}").text
    assert "modified, body text, exercises" in history


def test_a_posts_exercise_cards_lead_to_their_families(crawled: Crawled) -> None:
    (url,) = {exercise["post_url"] for exercise in crawled.truth.exercises if exercise["name"] == "Clamshell"}
    page = render(crawled.db_path, f"/archive/posts/{tilde_encode(url)}").text
    links = re.findall(r'<a class="exercise-family" href="([^"]+)">Every level of this exercise</a>', page)
    assert links == ["/archive/-/exercise-family?family=clamshell"] * 5
