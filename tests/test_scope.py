"""Scope: each URL judged once, by its canonical form, whatever spelling it is met in."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.archive.store import Archive
from crawler.crawl.scope import Scope
from crawler.crawl.traps import TrapGuard
from parsers.urls import canonical_url
from tests.support import fast_config

START = "https://backinsteppt.com/blog/"
POST = "https://backinsteppt.com/2019/05/02/hip-strength/"


def new_scope(archive: Archive, db_path: Path) -> Scope:
    config = fast_config(START, db_path)
    run_id = archive.runs.start(START, "incremental", 0, None)
    return Scope(config, archive.frontier, archive.pages, run_id, TrapGuard(config.max_outside_blog))


@pytest.fixture
def scope(tmp_path: Path) -> Iterator[Scope]:
    db_path = tmp_path / "archive.db"
    archive = Archive(db_path)
    try:
        yield new_scope(archive, db_path)
    finally:
        archive.close()


def test_a_url_is_accepted_once_in_any_spelling(scope: Scope) -> None:
    assert scope.accept("HTTPS://BackInStepPT.com:443/2019/05/02/hip-strength/?utm_source=x#reply", 1, START) == (
        POST,
        1,
        START,
    )
    assert scope.accept(POST, 1, START) is None
    assert scope.accept("https://backinsteppt.com/2019/05/02/hip-strength/#comments", 2, START) is None
    assert scope.seen == {POST}


def test_links_met_again_are_judged_by_the_first_meeting(scope: Scope) -> None:
    links = [POST, "https://backinsteppt.com/about/", "https://elsewhere.example/"]
    first = scope.discover(links, 0, START)
    again = scope.discover([*links, "https://backinsteppt.com/About/"], 0, POST)
    assert [url for url, _depth, _source in first] == [POST, "https://backinsteppt.com/about/"]
    assert [url for url, _depth, _source in again] == ["https://backinsteppt.com/About/"]  # paths keep their case
    assert scope.accepted == 4  # robots.txt and the three fetched


def test_a_link_met_again_in_an_inventory_is_listed(scope: Scope) -> None:
    scope.discover([POST], 0, START)
    assert POST not in scope.traps.inventory
    scope.discover([POST + "#top"], 0, START + "sitemap.xml", listed=True)
    assert POST in scope.traps.inventory


def test_stored_links_taken_as_canonical_are_judged_as_any_links(tmp_path: Path) -> None:
    """Links read from the archive skip canonicalisation; being canonical, they are judged exactly as before."""
    stored = [
        POST,
        "https://backinsteppt.com/about/",
        POST,
        "https://backinsteppt.com/?s=hips",
        "https://backinsteppt.com/wp-json/wp/v2/posts",
        "https://backinsteppt.com/wp-content/uploads/hip.jpg",
        "https://elsewhere.example/",
        "https://backinsteppt.com/contact/",
    ]
    assert [canonical_url(url) for url in stored] == stored
    judged = {}
    for canonical in (False, True):
        db_path = tmp_path / f"{canonical}.db"
        archive = Archive(db_path)
        try:
            scope = new_scope(archive, db_path)
            found = scope.discover(stored, 1, START, listed=True, canonical=canonical)
            found += scope.discover(stored, 1, POST, canonical=canonical)
            skipped = sorted((row["url"], row["reason"]) for row in archive.db["skipped_urls"].rows)
            judged[canonical] = (found, skipped, scope.seen, scope.traps.inventory)
        finally:
            archive.close()
    assert judged[True] == judged[False]
    found, skipped, _seen, _inventory = judged[True]
    assert [url for url, _depth, _source in found] == [POST, "https://backinsteppt.com/about/", stored[-1]]
    assert {reason for _url, reason in skipped} == {"query", "not_content", "asset", "out_of_scope"}
