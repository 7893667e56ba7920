"""The audit views over the crawled replica, compared with the replica's ground truth, and over altered copies."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crawler.archive.schema import VIEWS
from crawler.archive.store import Archive
from tests.support import Crawled, copy_archive

Row = dict[str, Any]


def query(db_path: Path, sql: str, params: list[Any] | None = None) -> list[Row]:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params or [])]


def change(db_path: Path, *statements: str) -> None:
    with closing(sqlite3.connect(db_path)) as conn, conn:
        for statement in statements:
            conn.execute(statement)


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM from first to last."""
    year, month = int(first[:4]), int(first[5:])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@pytest.fixture
def altered(crawled: Crawled, tmp_path: Path) -> Path:
    """A copy of the crawled archive for a test to change."""
    return copy_archive(crawled.db_path, tmp_path / "altered.db")


def test_broken_links_are_the_related_links_to_the_deleted_post(crawled: Crawled) -> None:
    rows = query(crawled.db_path, "select link_kind, source_url, target_url, status from broken_links")
    expected = [
        {"link_kind": "related", "source_url": link["source_url"], "target_url": link["target_url"], "status": 404}
        for link in crawled.truth.related_links
        if link["target_status"] == 404
    ]
    assert expected and {link["target_url"] for link in expected} == {crawled.truth.removed_url}
    assert sorted(rows, key=str) == sorted(expected, key=str)  # the related block's own <a> is not listed twice


def test_posts_without_category_are_the_replicas_uncategorised_posts(crawled: Crawled) -> None:
    rows = query(crawled.db_path, "select url from posts_without_category")
    expected = {
        post["url"]
        for post in crawled.truth.posts
        if not [name for name in post["categories"] if name.lower() != "uncategorized"]
    }
    assert expected and {row["url"] for row in rows} == expected


def test_images_missing_alt_match_the_replica(crawled: Crawled) -> None:
    rows = query(crawled.db_path, "select place, page_url, src from images_missing_alt")
    body = {
        ("body", image["post_url"], image["src"]) for image in crawled.truth.images if not (image["alt"] or "").strip()
    }
    featured = {
        ("featured image", post["url"], post["featured_image_url"])
        for post in crawled.truth.posts
        if post["featured_image_url"] and not (post["featured_image_alt"] or "").strip()
    }
    assert body and featured
    assert sorted(tuple(row.values()) for row in rows) == sorted(body | featured)


def test_months_without_posts_are_the_gaps_between_first_and_latest_post(crawled: Crawled) -> None:
    rows = query(crawled.db_path, "select month, label, removed_posts from months_without_posts")
    posted = {post["published"][:7] for post in crawled.truth.posts}
    gaps = [month for month in months_between(min(posted), max(posted)) if month not in posted]
    assert gaps
    assert [row["month"] for row in rows] == gaps
    first = rows[0]["month"]
    assert rows[0]["label"] == date(int(first[:4]), int(first[5:]), 1).strftime("%B %Y")


def test_every_post_is_on_its_month_page_and_every_month_agrees(crawled: Crawled) -> None:
    assert query(crawled.db_path, "select * from posts_not_in_archive_pages") == []
    audit = query(crawled.db_path, "select month, status from archive_audit")
    assert [row["month"] for row in audit] == [month["id"] for month in crawled.truth.archive_months]
    assert {row["status"] for row in audit} == {"ok"}


def test_latest_changes_of_a_first_crawl_add_every_post(crawled: Crawled) -> None:
    rows = query(crawled.db_path, "select change, post_url from latest_changes")
    assert sorted((row["change"], row["post_url"]) for row in rows) == sorted(
        ("added", post["url"]) for post in crawled.truth.posts
    )


def test_a_post_left_off_its_month_page_is_unlisted_and_the_month_disagrees(altered: Path) -> None:
    post = query(altered, "select post_url, archive_month from listings where archive_month is not null limit 1")[0]
    change(altered, f"delete from listings where post_url = '{post['post_url']}' and archive_month is not null")
    unlisted = query(altered, "select url, month, reason from posts_not_in_archive_pages")
    assert unlisted == [
        {"url": post["post_url"], "month": post["archive_month"], "reason": "missing from the month's archive pages"}
    ]
    (month,) = query(
        altered,
        "select posts_found, posts_on_archive_pages, status from archive_audit where month = ?",
        [post["archive_month"]],
    )
    found = month["posts_found"]
    assert month["posts_on_archive_pages"] == found - 1
    assert month["status"] == f"the archive pages list {found - 1} but the archive holds {found} posts from this month"


def test_a_month_missing_from_the_widget_is_the_reason_a_post_is_unlisted(altered: Path) -> None:
    post = query(altered, "select post_url, archive_month from listings where archive_month is not null limit 1")[0]
    change(
        altered,
        f"delete from listings where archive_month = '{post['archive_month']}'",
        f"delete from archive_months where id = '{post['archive_month']}'",
    )
    reasons = {row["reason"] for row in query(altered, "select reason from posts_not_in_archive_pages")}
    assert reasons == {"the Archive widget does not list this month"}


def test_widget_counts_that_disagree_are_named(altered: Path) -> None:
    month = query(altered, "select id from archive_months order by id limit 1")[0]["id"]
    change(altered, f"update archive_months set listed_count = 99 where id = '{month}'")
    (row,) = query(altered, "select posts_on_archive_pages, status from archive_audit where month = ?", [month])
    assert row["status"] == f"the widget counts 99 but the archive pages list {row['posts_on_archive_pages']}"


def test_a_removed_post_leaves_a_gap_that_says_so(altered: Path) -> None:
    months = [
        row["month"]
        for row in query(
            altered,
            "select substr(published, 1, 7) as month from posts group by month having count(*) = 1 order by month",
        )
    ]
    middle = months[len(months) // 2]
    change(altered, f"update posts set removed_in_run = 1 where substr(published, 1, 7) = '{middle}'")
    rows = query(altered, "select removed_posts from months_without_posts where month = ?", [middle])
    assert rows == [{"removed_posts": 1}]


def test_only_uncategorized_counts_as_no_category(altered: Path) -> None:
    url = query(altered, "select post_url from post_categories limit 1")[0]["post_url"]
    change(
        altered,
        f"delete from post_categories where post_url = '{url}'",
        f"insert into post_categories values ('{url}', 'Uncategorized')",
    )
    rows = query(altered, "select categories from posts_without_category where url = ?", [url])
    assert rows == [{"categories": "Uncategorized"}]


def test_an_archive_from_before_the_audit_views_gets_them_when_opened(altered: Path) -> None:
    change(
        altered,
        *[
            f"drop view {name}"
            for name in ("months_without_posts", "posts_not_in_archive_pages", "post_catalogue", *VIEWS)
        ],
        *[f"create view {name} as {sql}" for name, sql in VIEWS.items()],
        "delete from _sqlite_migrations where name = 'm004_search_and_audit_views'",
    )
    assert len(query(altered, "select * from broken_links")) == 2  # the old view listed the related link twice
    Archive(altered).close()
    views = {row["name"] for row in query(altered, "select name from sqlite_master where type = 'view'")}
    assert {"months_without_posts", "posts_not_in_archive_pages", "post_catalogue", *VIEWS} <= views
    assert len(query(altered, "select * from broken_links")) == 1


def urls(db_path: Path, view: str) -> set[str]:
    return {row["url"] for row in query(db_path, f"select url from {view}")}


def test_duplicate_titles_are_the_replicas_repeated_title(crawled: Crawled) -> None:
    titles = Counter(post["title"].strip().lower() for post in crawled.truth.posts)
    expected = {post["url"] for post in crawled.truth.posts if titles[post["title"].strip().lower()] > 1}
    assert len(expected) == 2 and urls(crawled.db_path, "duplicate_titles") == expected
    assert {row["posts_with_this_title"] for row in query(crawled.db_path, "select * from duplicate_titles")} == {2}


def test_long_titles_thin_posts_and_missing_featured_images_match_the_replica(crawled: Crawled) -> None:
    posts = crawled.truth.posts
    long_titles = {post["url"] for post in posts if len(post["title"]) > 60}
    thin = {post["url"] for post in posts if post["word_count"] < 300}
    unillustrated = {post["url"] for post in posts if post["featured_image_url"] is None}
    assert long_titles and thin and unillustrated and len(thin) < len(posts)
    assert urls(crawled.db_path, "long_titles") == long_titles
    assert urls(crawled.db_path, "thin_posts") == thin
    assert urls(crawled.db_path, "posts_without_featured_image") == unillustrated


def test_meta_descriptions_missing_or_over_160_characters(crawled: Crawled, altered: Path) -> None:
    assert urls(crawled.db_path, "missing_meta_descriptions") == {
        post["url"] for post in crawled.truth.posts
    }  # the replica writes none
    first, second = (post["url"] for post in crawled.truth.posts[:2])
    change(altered, f"update posts set meta_description = '{'x' * 161}' where url = '{first}'")
    change(altered, f"update posts set meta_description = '{'x' * 160}' where url = '{second}'")
    rows = {
        row["url"]: row
        for row in query(altered, "select url, problem, description_length from missing_meta_descriptions")
    }
    assert rows[first]["problem"] == "too long" and rows[first]["description_length"] == 161
    assert second not in rows and len(rows) == len(crawled.truth.posts) - 1


def test_orphan_posts_are_those_no_other_posts_block_or_text_links_to(crawled: Crawled, altered: Path) -> None:
    linked = {link["target_url"] for link in crawled.truth.related_links if link["source_url"] != link["target_url"]}
    orphans = {post["url"] for post in crawled.truth.posts if post["url"] not in linked}
    assert orphans and urls(crawled.db_path, "orphan_posts") == orphans
    orphan, other = min(orphans), next(post["url"] for post in crawled.truth.posts if post["url"] not in orphans)
    change(
        altered,
        f"""update posts set body_html = body_html || '<p><a href="{orphan}">more</a></p>' where url = '{other}'""",
        f"insert or ignore into links values ('{other}', '{orphan}', 'more', 1)",
    )
    assert urls(altered, "orphan_posts") == orphans - {orphan}


def test_stale_posts_were_last_updated_over_three_years_before_the_crawl(crawled: Crawled) -> None:
    (run,) = query(
        crawled.db_path, "select substr(max(started_at), 1, 10) as day from crawl_runs where mode != 'reparse'"
    )
    crawl_day = date.fromisoformat(run["day"])
    cutoff = crawl_day.replace(year=crawl_day.year - 3).isoformat()
    expected = {post["url"] for post in crawled.truth.posts if (post["modified"] or post["published"])[:10] < cutoff}
    assert expected and urls(crawled.db_path, "stale_posts") == expected


def test_redirected_links_are_the_replicas_redirecting_link(crawled: Crawled) -> None:
    rows = query(crawled.db_path, "select source_url, target_url, status, redirects_to from redirected_links")
    assert crawled.truth.redirects and {(row["target_url"], row["redirects_to"]) for row in rows} == set(
        crawled.truth.redirects.items()
    )
    assert {row["status"] for row in rows} == {301}
    (carrier,) = [post["url"] for post in crawled.truth.posts if len(post["title"]) > 60]
    listing_kinds = {"blog_index", "archive_month", "category", "tag"}
    sources = {row["source_url"] for row in rows}
    assert carrier in sources and all(url == carrier or crawled.truth.pages[url] in listing_kinds for url in sources)
