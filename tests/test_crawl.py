"""A whole crawl of the replica on loopback, compared with the replica's own ground truth."""

from __future__ import annotations

import asyncio
import gc
import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.archive.store import Archive
from crawler.crawl.run import crawl_site
from crawler.replica import ReplicaServer
from tests.support import Crawled, OnceCrawled, crawl, fast_config

POST_FIELDS = (
    "wp_id",
    "slug",
    "title",
    "published",
    "author",
    "featured_image_url",
    "featured_image_alt",
    "word_count",
)


def rows(archive: Archive, sql: str) -> list[dict[str, object]]:
    return [dict(row) for row in archive.db.query(sql)]


def test_run_ends_ok_with_a_summary(crawled: Crawled) -> None:
    summary = crawled.summary
    assert summary.status == "ok"
    assert summary.errors == 0
    assert summary.posts == len(crawled.truth.posts)
    assert summary.months == len(crawled.truth.archive_months)
    assert summary.line().startswith(f"run {summary.run_id} ok: {summary.pages} pages, {summary.posts} posts")


def test_archive_holds_exactly_the_replicas_posts(crawled: Crawled, archive: Archive) -> None:
    stored = {row["url"]: row for row in rows(archive, "select * from posts")}
    expected = {post["url"]: post for post in crawled.truth.posts}
    assert stored.keys() == expected.keys()
    for url, post in expected.items():
        assert {field: stored[url][field] for field in POST_FIELDS} == {field: post[field] for field in POST_FIELDS}, (
            url
        )


def test_every_post_names_where_its_fields_were_read(crawled: Crawled, archive: Archive) -> None:
    for row in rows(archive, "select url, sources, published, body_text from posts"):
        sources = json.loads(str(row["sources"]))
        assert sources["title"] == "entry-title", row["url"]
        assert ("published" in sources) == (row["published"] is not None), row["url"]
        assert sources.get("body_text") in (("entry-content",) if row["body_text"] else (None,)), row["url"]


def test_categories_and_tags_match(crawled: Crawled, archive: Archive) -> None:
    categories = rows(archive, "select post_url, category from post_categories")
    tags = rows(archive, "select post_url, tag from post_tags")
    expected_categories = {(p["url"], c) for p in crawled.truth.posts for c in p["categories"]}
    expected_tags = {(p["url"], t) for p in crawled.truth.posts for t in p["tags"]}
    assert {(r["post_url"], r["category"]) for r in categories} == expected_categories
    assert {(r["post_url"], r["tag"]) for r in tags} == expected_tags


def test_archive_months_match_the_widget(crawled: Crawled, archive: Archive) -> None:
    stored = rows(archive, "select id, year, month, label, url, listed_count from archive_months order by id desc")
    assert stored == crawled.truth.archive_months
    assert {row["last_seen_run"] for row in rows(archive, "select last_seen_run from archive_months")} == {
        crawled.summary.run_id
    }


def test_related_links_match_in_order(crawled: Crawled, archive: Archive) -> None:
    columns = ("source_url", "position", "target_url", "title", "thumbnail_url", "thumbnail_alt")
    stored = rows(archive, f"select {', '.join(columns)} from related_links order by source_url, position")
    expected = sorted(
        ({column: link[column] for column in columns} for link in crawled.truth.related_links),
        key=lambda link: (link["source_url"], link["position"]),
    )
    assert stored == expected


def test_exercises_and_steps_match(crawled: Crawled, archive: Archive) -> None:
    exercises = rows(  # the columns the replica's truth gives (test_exercise_store.py checks the research fields)
        archive,
        "select id, post_url, position, name, level, label, image_url, image_alt from exercises order by post_url, position",
    )
    steps = Counter()
    stored = []
    for exercise in exercises:
        exercise_steps = rows(
            archive,
            f"select step, text, hold_seconds_min, hold_seconds_max, reps, sets, per_side "
            f"from exercise_steps where exercise_id = {exercise['id']} order by step",
        )
        steps[exercise["post_url"]] += len(exercise_steps)
        stored.append({**{k: v for k, v in exercise.items() if k != "id"}, "steps": exercise_steps})
    expected = sorted(crawled.truth.exercises, key=lambda e: (e["post_url"], e["position"]))
    assert stored == expected


CONTENT_KINDS = ("post", "archive_month", "blog_index", "category", "tag", "page", "sitemap")


def test_every_page_has_its_kind_and_no_non_post_became_a_post(crawled: Crawled, archive: Archive) -> None:
    kinds = {row["url"]: row["kind"] for row in rows(archive, "select url, kind from pages")}
    assert all(crawled.truth.pages[url] == kind for url, kind in kinds.items())
    for kind in CONTENT_KINDS:
        expected = {url for url, truth_kind in crawled.truth.pages.items() if truth_kind == kind}
        assert {url for url, stored_kind in kinds.items() if stored_kind == kind} == expected, kind
    post_urls = {row["url"] for row in rows(archive, "select url from posts")}
    assert post_urls == {url for url, kind in kinds.items() if kind == "post"}


def test_no_url_was_fetched_twice(crawled: Crawled) -> None:
    paths = Counter(request.path for request in crawled.requests)
    assert paths and max(paths.values()) == 1, [path for path, count in paths.items() if count > 1]


def test_nothing_disallowed_or_off_host_was_requested(crawled: Crawled, archive: Archive) -> None:
    requested = {request.path for request in crawled.requests}
    disallowed = {
        urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        for url in crawled.truth.disallowed
    }
    assert disallowed, "the replica links to disallowed URLs"
    assert not requested & disallowed
    fetched_hosts = {urlsplit(row["url"]).netloc for row in rows(archive, "select url from responses")}
    assert fetched_hosts == {urlsplit(crawled.base_url).netloc}
    robots_skips = {row["url"] for row in rows(archive, "select url from skipped_urls where reason = 'robots'")}
    assert robots_skips & set(crawled.truth.disallowed)


def test_removed_post_shows_as_a_broken_related_link(crawled: Crawled, archive: Archive) -> None:
    broken = rows(archive, "select link_kind, target_url, status from broken_links where link_kind = 'related'")
    assert {(row["target_url"], row["status"]) for row in broken} == {(crawled.truth.removed_url, 404)}


@pytest.mark.slow  # two crawls of the whole replica
def test_second_crawl_duplicates_nothing(once_crawled: OnceCrawled) -> None:
    replica, db_path, first = once_crawled.server, once_crawled.db_path, once_crawled.first
    store = Archive(db_path)
    tables = [
        "posts",
        "pages",
        "archive_months",
        "related_links",
        "exercises",
        "exercise_steps",
        "links",
        "images",
        "listings",
        "post_changes",
        "post_categories",
        "post_tags",
    ]
    before = {table: store.count(table) for table in tables}
    store.close()
    second = crawl(replica.start_url, db_path)
    store = Archive(db_path)
    after = {table: store.count(table) for table in tables}
    store.close()
    assert first.status == second.status == "ok"
    assert after == before
    assert (second.new_posts, second.changed_posts, second.removed_posts) == (0, 0, 0)


def test_a_crawl_spares_what_was_alive_from_the_collector_and_leaves_it_as_it_found_it(
    small_replica: ReplicaServer, tmp_path: Path
) -> None:
    frozen_while_crawling: list[int] = []
    before = gc.get_freeze_count()
    config = fast_config(small_replica.start_url, tmp_path / "a.db")
    summary = asyncio.run(
        crawl_site(config, progress=lambda _done, _known: frozen_while_crawling.append(gc.get_freeze_count()))
    )
    assert summary.status == "ok"
    assert frozen_while_crawling and min(frozen_while_crawling) > before  # the modules, the archive, the pool
    assert gc.get_freeze_count() == before
