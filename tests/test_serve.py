"""Datasette over a crawled archive: canned queries against ground truth, the plugin, the CSP, read-only serving."""

from __future__ import annotations

import re
import sqlite3
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from datasette.utils import tilde_encode

from crawler.cli import cli
from crawler.web.audit import AUDITS
from crawler.web.csp import inline_script_hashes
from crawler.web.metadata import metadata_for
from tests.served import HOSTILE_POST_URL, add_hostile_post, csp_sources, render, served_archive
from tests.support import Crawled, copy_archive
from tests.wheels import ROOT

Row = dict[str, Any]
EXPECTED_PLUGINS = {"blog-archive", "datasette-dashboards", "datasette-leaflet", "datasette-render-markdown"}


@pytest.fixture(scope="module")
def datasette(crawled: Crawled) -> Iterator[str]:
    """`blog-archive serve` running over the crawled archive; yields its base URL."""
    with served_archive(crawled.db_path) as base_url:
        yield base_url


def rows(base_url: str, path: str, **params: str) -> list[Row]:
    response = httpx.get(f"{base_url}/{path}", params={**params, "_shape": "objects"})
    assert response.status_code == 200, response.text
    result: list[Row] = response.json()["rows"]
    return result


def view_rows(db_path: Path, view: str) -> list[Row]:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(f"select * from {view}")]


def test_home_page_shows_the_archive_title(datasette: str) -> None:
    response = httpx.get(f"{datasette}/")
    assert response.status_code == 200
    assert "Back In Step Physical Therapy: blog archive" in response.text


def test_every_audit_canned_query_returns_its_views_rows(datasette: str, crawled: Crawled) -> None:
    database = crawled.db_path.stem
    names = {query["name"] for query in httpx.get(f"{datasette}/{database}.json").json()["queries"]}
    others = {"search_posts", "exercise_steps_for", "crawl_traps", "inventory_audit"}
    assert {audit.view for audit in AUDITS} | others == names
    for view in [audit.view for audit in AUDITS] + ["crawl_traps", "inventory_audit"]:
        assert rows(datasette, f"{database}/{view}.json") == view_rows(crawled.db_path, view), view
    assert len(rows(datasette, f"{database}/archive_audit.json")) == len(crawled.truth.archive_months)


def unique_title_words(db_path: Path, posts: list[Row]) -> dict[str, str]:
    """For posts whose title has a word of 5+ letters that no other title matches (stemmed, as the index does): word -> URL."""
    unique = {}
    with closing(sqlite3.connect(db_path)) as conn:
        for post in posts:
            for word in sorted(set(re.findall(r"[a-z]{5,}", post["title"].lower()))):
                if (
                    conn.execute(
                        "select count(*) from posts_fts where posts_fts match ?", [f"title: {word}"]
                    ).fetchone()[0]
                    == 1
                ):
                    unique[word] = post["url"]
                    break
    return unique


def test_searching_a_word_of_a_title_ranks_that_post_first(datasette: str, crawled: Crawled) -> None:
    database = crawled.db_path.stem
    expected = unique_title_words(crawled.db_path, crawled.truth.posts)
    assert len(expected) > 20
    for word, url in expected.items():
        results = rows(datasette, f"{database}/search_posts.json", q=word)
        assert results and results[0]["url"] == url, word
        assert list(results[0]) == ["url", "title", "published", "snippet"]


def test_search_snippets_highlight_the_match_and_escape_the_rest(datasette: str, crawled: Crawled) -> None:
    database = crawled.db_path.stem
    (result, *_) = rows(datasette, f"{database}/search_posts.json", q="clamshell")
    assert result["title"] == "Strong Hips are Crucial!"
    assert "<mark>Clamshells</mark>" in result["snippet"]
    page = httpx.get(f"{datasette}/{database}/search_posts", params={"q": "clamshell"}).text
    assert "<mark>Clamshells</mark>" in page
    assert rows(datasette, f"{database}/search_posts.json", q='hip-width "') != []  # typed text never breaks the query
    assert rows(datasette, f"{database}/search_posts.json", q="") == []


def test_search_results_export_as_csv(datasette: str, crawled: Crawled) -> None:
    response = httpx.get(f"{datasette}/{crawled.db_path.stem}/search_posts.csv", params={"q": "clamshell"})
    assert response.status_code == 200
    header, first, *_ = response.text.splitlines()
    assert header == "url,title,published,snippet"
    assert "strong-hips-are-crucial" in first


def test_exercise_catalogue_and_steps_match_the_replica(datasette: str, crawled: Crawled) -> None:
    database = crawled.db_path.stem
    catalogue = {
        (row["post_url"], row["exercise_id"]): row for row in rows(datasette, f"{database}/exercise_catalogue.json")
    }
    assert len(catalogue) == len(crawled.truth.exercises)
    ids = {(row["post_url"], row["position"]): row["id"] for row in view_rows(crawled.db_path, "exercises")}
    for exercise in crawled.truth.exercises:
        exercise_id = ids[(exercise["post_url"], exercise["position"])]
        entry = catalogue[(exercise["post_url"], exercise_id)]
        steps = exercise["steps"]
        holds_min = [step["hold_seconds_min"] for step in steps if step["hold_seconds_min"] is not None]
        holds_max = [step["hold_seconds_max"] for step in steps if step["hold_seconds_max"] is not None]
        reps = [step["reps"] for step in steps if step["reps"] is not None]
        assert (entry["name"], entry["level"], entry["steps"]) == (exercise["name"], exercise["level"], len(steps))
        assert entry["hold_seconds_min"] == (min(holds_min) if holds_min else None)
        assert entry["hold_seconds_max"] == (max(holds_max) if holds_max else None)
        assert entry["reps"] == (max(reps) if reps else None)
        shown = rows(datasette, f"{database}/exercise_steps_for.json", exercise_id=str(exercise_id))
        assert [(row["step"], row["text"], row["reps"]) for row in shown] == [
            (s["step"], s["text"], s["reps"]) for s in steps
        ]


def test_the_catalogue_links_each_exercise_to_its_steps(datasette: str, crawled: Crawled) -> None:
    page = httpx.get(f"{datasette}/{crawled.db_path.stem}/exercise_catalogue").text
    links = re.findall(r'href="(/[^"]+/exercise_steps_for\?exercise_id=\d+)"', page)
    assert len(links) == len(crawled.truth.exercises)
    assert "Step" in httpx.get(f"{datasette}{links[0]}").text


def test_post_catalogue_searches_and_facets_by_year_category_and_tag(datasette: str, crawled: Crawled) -> None:
    response = httpx.get(f"{datasette}/{crawled.db_path.stem}/post_catalogue.json", params={"_search": "clamshell"})
    result = response.json()
    assert [row[result["columns"].index("title")] for row in result["rows"]] == ["Strong Hips are Crucial!"]
    facets = httpx.get(f"{datasette}/{crawled.db_path.stem}/post_catalogue.json").json()["facet_results"]
    assert {"year", "categories", "tags", "author"} <= set(facets)
    categories = {item["value"]: item["count"] for item in facets["categories"]["results"]}
    assert categories == dict(Counter(name for post in crawled.truth.posts for name in post["categories"]))
    years = {item["value"]: item["count"] for item in facets["year"]["results"]}
    assert years == dict(Counter(int(post["published"][:4]) for post in crawled.truth.posts))


def test_pages_facet_by_kind(datasette: str, crawled: Crawled) -> None:
    facets = httpx.get(f"{datasette}/{crawled.db_path.stem}/pages.json").json()["facet_results"]
    kinds = {item["value"]: item["count"] for item in facets["kind"]["results"]}
    assert kinds["post"] == len(crawled.truth.posts)


def test_the_dashboard_and_its_chart_queries_work(datasette: str, crawled: Crawled) -> None:
    page = httpx.get(f"{datasette}/-/dashboards/blog-overview")
    assert page.status_code == 200 and "Posts per month" in page.text
    dashboard = metadata_for(crawled.db_path)["plugins"]["datasette-dashboards"]["blog-overview"]
    for slug, chart in dashboard["charts"].items():
        assert chart["db"] == crawled.db_path.stem
        assert rows(datasette, f"{chart['db']}.json", sql=chart["query"]), slug
    (posts,) = rows(datasette, f"{crawled.db_path.stem}.json", sql=dashboard["charts"]["posts"]["query"])
    assert posts["posts"] == len(crawled.truth.posts)


def test_arbitrary_sql_is_allowed_but_cannot_write(datasette: str, crawled: Crawled) -> None:
    database = crawled.db_path.stem
    assert rows(datasette, f"{database}.json", sql="select count(*) as n from posts") == [
        {"n": len(crawled.truth.posts)}
    ]
    for sql in (
        "update posts set title = 'x'",
        "delete from posts",
        "drop table posts",
        "pragma journal_mode = delete",
    ):
        response = httpx.get(f"{datasette}/{database}.json", params={"sql": sql})
        assert response.status_code == 400, sql
    assert view_rows(crawled.db_path, "posts_without_category")  # nothing changed


def test_no_plugin_that_writes_is_installed(datasette: str) -> None:
    installed = {plugin["name"] for plugin in httpx.get(f"{datasette}/-/plugins.json").json()}
    assert installed == EXPECTED_PLUGINS


def test_serve_listens_on_loopback_unless_told_otherwise() -> None:
    (host,) = [param for param in cli.commands["serve"].params if param.name == "host"]
    assert host.default == "127.0.0.1"


def test_every_page_allows_exactly_its_own_inline_scripts(datasette: str, crawled: Crawled) -> None:
    database = crawled.db_path.stem
    row = tilde_encode(crawled.truth.posts[0]["url"])
    paths = [
        "/",
        f"/{database}",
        f"/{database}/posts",
        f"/{database}/posts/{row}",
        f"/{database}/search_posts?q=hip",
        f"/{database}?sql=select+1",
        f"/{database}/post_catalogue",
        "/-/dashboards/blog-overview",
        "/-/dashboards",
    ]
    for path in paths:
        response = httpx.get(f"{datasette}{path}")
        assert response.status_code == 200, path
        sources = csp_sources(response)
        assert "'unsafe-inline'" not in sources and "'self'" in sources, path
        assert set(inline_script_hashes(response.content)) <= set(sources), path
        assert ("'unsafe-eval'" in sources) == path.startswith("/-/dashboards"), path  # vega compiles its charts


def test_stored_hostile_html_is_rendered_harmless(crawled: Crawled, tmp_path: Path) -> None:
    db_path = add_hostile_archive(crawled, tmp_path)
    response = render(db_path, f"/{db_path.stem}/posts/{tilde_encode(HOSTILE_POST_URL)}")
    assert response.status_code == 200
    cell = re.search(r'<div class="archive-html"[^>]*>(.*?)</div>', response.text, re.DOTALL)
    assert cell
    html = cell.group(1)
    assert "<p>Harmless <strong>bold</strong> text.</p>" in html
    assert '<span class="missing-picture-url">x</span>' in html and "(broken picture)" in html  # not archived
    for hostile in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<svg", "pwned", "style="):
        assert hostile not in html, hostile
    assert "'unsafe-inline'" not in csp_sources(response)


def test_body_html_is_rendered_in_query_results_too(crawled: Crawled, tmp_path: Path) -> None:
    db_path = add_hostile_archive(crawled, tmp_path)
    response = render(
        db_path, f"/{db_path.stem}?sql=select+body_html+from+posts+where+slug+%3D+%27markup-injection-test%27"
    )
    assert "<p>Harmless <strong>bold</strong> text.</p>" in response.text
    assert "<script>window.pwned" not in response.text and "onerror=" not in response.text


def add_hostile_archive(crawled: Crawled, tmp_path: Path) -> Path:
    """A copy of the crawled archive with the hostile post added."""
    db_path = copy_archive(crawled.db_path, tmp_path / "hostile.db")
    add_hostile_post(db_path)
    return db_path


def seed_post_url(crawled: Crawled) -> str:
    return next(post["url"] for post in crawled.truth.posts if post["title"] == "Strong Hips are Crucial!")


def test_a_post_page_lists_its_versions_and_links_to_its_history(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    url = seed_post_url(crawled)
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute("update post_versions set title = 'Strong Hips' where post_url = ?", [url])
        conn.execute(
            "insert into post_versions (post_url, version, content_hash, first_seen_run, last_seen_run, title)"
            " values (?, 2, 'hash', 1, 1, 'Strong Hips are Crucial!')",
            [url],
        )
    page = render(db_path, f"/{db_path.stem}/posts/{tilde_encode(url)}").text
    versions = re.findall(r"<li>Version (\d+), first seen <time[^>]*>([^<]+)</time>: ([^<]+)</li>", page)
    started = view_rows(db_path, "crawl_runs")[0]["started_at"]
    day = date.fromisoformat(started[:10])
    assert versions == [
        ("1", f"{day.day} {day:%B %Y}", "Strong Hips"),
        ("2", f"{day.day} {day:%B %Y}", "Strong Hips are Crucial!"),
    ]
    links = re.findall(r'href="([^"]*/-/history[^"]*)"', page)
    assert [(urlsplit(link).path, parse_qs(urlsplit(link).query)) for link in links] == [
        (f"/{db_path.stem}/-/history", {"url": [url]})
    ]


def test_search_results_link_each_title_to_its_post_page(crawled: Crawled) -> None:
    page = render(crawled.db_path, f"/{crawled.db_path.stem}/search_posts?q=clamshell").text
    url = seed_post_url(crawled)
    assert f'<a href="/{crawled.db_path.stem}/posts/{tilde_encode(url)}">Strong Hips are Crucial!</a>' in page
    assert '<time datetime="2019-05-15' in page and ">15 May 2019</time>" in page
    assert "Run SQL" not in page


@pytest.mark.slow
def test_the_wheel_ships_the_templates_and_stylesheet(wheel: Path) -> None:
    shipped = set(zipfile.ZipFile(wheel).namelist())
    templates = ROOT / "crawler" / "web" / "templates"
    expected = {f"crawler/web/templates/{path.name}" for path in templates.iterdir()}
    assert expected and expected <= shipped


def test_cells_read_as_yes_no_and_say_why_they_are_empty(crawled: Crawled) -> None:
    database = crawled.db_path.stem
    steps = render(crawled.db_path, f"/{database}/exercise_steps").text
    sides = re.findall(r'<td class="col-per_side[^"]*"[^>]*>([^<]*)</td>', steps)
    assert sides and set(sides) == {"yes", "no"}
    audit = render(crawled.db_path, f"/{database}/archive_audit").text  # the replica's widget shows no counts
    assert audit.count('<span class="note">not shown on the site</span>') == len(crawled.truth.archive_months)
    changes = render(crawled.db_path, f"/{database}/latest_changes").text
    assert "hash" not in changes.split('<table class="rows-and-columns">')[1]
    gaps = render(crawled.db_path, f"/{database}/months_without_posts").text  # the widget lists no month without posts
    pages = re.findall(r'<td class="col-archive_page">(.*?)</td>', gaps)
    assert pages and set(pages) == {'<span class="note">not in the Archive widget</span>'}
    uncategorised = render(crawled.db_path, f"/{database}/posts_without_category").text  # most have no category at all
    assert '<td class="col-categories"><span class="note">none</span></td>' in uncategorised
