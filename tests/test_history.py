"""Post history: versions from crawls and re-parses, field-level changes, word diffs, the digest and its pages."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from crawler.archive import history
from crawler.archive.store import Archive
from crawler.cli import cli
from crawler.export.reparse import reparse_archive
from crawler.replica import GroundTruth, catalog
from crawler.replica.exercise_posts import SIDE_PLANK_LEVELS
from crawler.web.csp import inline_script_hashes
from parsers import PARSER_VERSION
from tests.served import DESK_POSTURE_UPDATE, csp_sources, render
from tests.support import MARK, Crawled, copy_archive, crawl, retitled, site_changed_fields, use_parser

Row = dict[str, Any]


def query(db_path: Path, sql: str, params: list[Any] | None = None) -> list[Row]:
    with closing(sqlite3.connect(db_path)) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute(sql, params or [])]


def versions(db_path: Path) -> list[Row]:
    return query(db_path, "select * from post_versions order by post_url, version")


def url_ending(truth_urls: list[str], slug: str) -> str:
    return next(url for url in truth_urls if url.rstrip("/").endswith(slug))


def changes_json(db_path: Path, *options: str) -> Row:
    result = CliRunner().invoke(cli, ["changes", "--db", str(db_path), "--json", *options])
    assert result.exit_code == 0, result.output
    data: Row = json.loads(result.stdout)
    return data


@pytest.fixture
def week_copy(week_later: Crawled, tmp_path: Path) -> Path:
    return copy_archive(week_later.db_path, tmp_path / "archive.db")


def test_the_retitled_post_has_two_versions_with_the_old_and_new_title(week_later: Crawled) -> None:
    (url,) = week_later.truth.retitled
    rows = query(
        week_later.db_path,
        "select version, title, first_seen_run from post_versions where post_url = ? order by version",
        [url],
    )
    old_title = next(
        entry.title for entry in catalog.ENTRIES if entry.permalink_slug == "january-2025-goals-that-stick"
    )
    assert rows == [
        {"version": 1, "title": old_title, "first_seen_run": 1},
        {"version": 2, "title": catalog.REVISION.retitles["january-2025-goals-that-stick"], "first_seen_run": 2},
    ]


def edited(truth: GroundTruth) -> dict[str, list[str]]:
    """The posts edition 2 edits and the fields each edit changes (the renamed post: WordPress dates the rename)."""
    return site_changed_fields(truth) | {url: ["modified"] for url in truth.moved.values()}


def added(truth: GroundTruth) -> list[str]:
    """The posts edition 2 publishes: linked, and the one only the REST API lists."""
    return sorted([*truth.added, *(post["url"] for post in truth.unlisted)])


def test_only_the_changed_posts_have_a_second_version(week_later: Crawled) -> None:
    counts = {
        row["post_url"]: row["n"]
        for row in query(week_later.db_path, "select post_url, count(*) as n from post_versions group by post_url")
    }
    truth = week_later.truth
    assert {url for url, n in counts.items() if n > 1} == set(edited(truth))
    posts = [*truth.posts, *truth.unlisted]
    assert set(counts) == {post["url"] for post in posts} | set(truth.removed)
    assert all(n <= 2 for n in counts.values())


def test_the_diff_shows_exactly_the_changed_words(week_later: Crawled) -> None:
    db_path, truth = week_later.db_path, week_later.truth
    texts = {}
    for slug in ("pt-month-desk-posture-myths", "side-plank-levels"):
        url = url_ending(truth.changed, slug)
        texts[slug] = [
            row["body_text"]
            for row in query(db_path, "select body_text from post_versions where post_url = ? order by version", [url])
        ]
    desk = history.word_diff(*texts["pt-month-desk-posture-myths"])
    assert history.changed_words(desk, "delete") == []
    assert history.changed_words(desk, "insert") == DESK_POSTURE_UPDATE.split()
    plank = history.word_diff(*texts["side-plank-levels"])
    old_step = SIDE_PLANK_LEVELS[0].steps[2].text  # "Hold for 20 seconds."
    assert (history.changed_words(plank, "delete"), history.changed_words(plank, "insert")) == (
        [word for word in old_step.split() if word not in ["Hold", "for", "30", "seconds."]],
        [word for word in ["Hold", "for", "30", "seconds."] if word not in old_step.split()],
    )


def test_post_changes_name_the_fields_and_the_cause(week_later: Crawled) -> None:
    rows = query(
        week_later.db_path,
        "select post_url, change, fields, cause, old_url from post_changes where run_id = ?",
        [week_later.summary.run_id],
    )
    truth = week_later.truth
    assert "exercises" in edited(truth)[url_ending(truth.changed, "side-plank-levels")]
    assert {row["post_url"]: json.loads(row["fields"]) for row in rows if row["change"] == "changed"} == edited(truth)
    moves = [(row["post_url"], row["old_url"]) for row in rows if row["change"] == "moved"]
    assert moves == [(new, old) for old, new in truth.moved.items()]
    addresses = {*truth.moved, *truth.moved.values()}
    assert [row for row in rows if row["change"] in ("added", "removed") and row["post_url"] in addresses] == []
    assert {row["cause"] for row in rows} == {"site"}
    assert all(row["fields"] is None for row in rows if row["change"] != "changed")
    runs = query(week_later.db_path, "select distinct parser_version from crawl_runs")
    assert runs == [{"parser_version": PARSER_VERSION}]


def test_changes_json_lists_exactly_the_sites_changes(week_later: Crawled) -> None:
    digest = changes_json(week_later.db_path)
    truth = week_later.truth
    assert (digest["since_run"], digest["until_run"]) == (1, week_later.summary.run_id)
    assert digest["added"] == added(truth) and digest["removed"] == sorted(truth.removed)
    assert digest["moved"] == [{"from": old, "to": new} for old, new in truth.moved.items()]
    fields = {post["url"]: post["fields"] for post in digest["changed"]}
    assert fields == edited(truth)
    diffs = {post["url"]: post["diff"] for post in digest["changed"]}
    (retitled_url,) = truth.retitled
    assert diffs[retitled_url]["title"] == "January 2025 – Goals That Stick → January 2025 – Goals You Can Keep"
    assert (
        "{+" + DESK_POSTURE_UPDATE + "+}"
        in diffs[url_ending(truth.changed, "pt-month-desk-posture-myths")]["body_text"]
    )
    assert digest["images_missing_alt"] == []
    assert {link["target_url"] for link in digest["broken_links"]} == set(truth.removed)


def test_changes_prints_a_readable_digest_and_exits_0(week_later: Crawled) -> None:
    result = CliRunner().invoke(cli, ["changes", "--db", str(week_later.db_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].endswith(
        "2 posts added, 4 changed, 1 removed, 1 moved; 1 new broken link, 0 new images without alt text"
    )
    ((old, new),) = week_later.truth.moved.items()
    assert f"  {old}  →  {new}  PT Month: Cross-Training Ideas" in lines
    assert "    title: January 2025 – Goals That Stick → January 2025 – Goals You Can Keep" in lines
    assert {"Added", "Changed", "Removed", "Moved", "New broken links"} <= set(lines)


def test_changes_since_the_newest_run_is_empty_and_an_unknown_run_is_a_usage_error(week_later: Crawled) -> None:
    latest = changes_json(week_later.db_path, "--since", str(week_later.summary.run_id))
    assert (latest["added"], latest["changed"], latest["removed"]) == ([], [], [])
    result = CliRunner().invoke(cli, ["changes", "--db", str(week_later.db_path), "--since", "99"])
    assert result.exit_code == 2 and "no run 99" in result.stderr


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_changes_opens_the_archive_read_only_and_never_migrates(week_copy: Path) -> None:
    with closing(sqlite3.connect(week_copy)) as conn, conn:
        conn.execute("drop table post_versions")
        conn.execute("delete from _sqlite_migrations where name = 'm007_post_history'")
    before = file_digest(week_copy)
    result = CliRunner().invoke(cli, ["changes", "--db", str(week_copy)])
    assert result.exit_code == 1 and "upgrade it first: blog-archive migrate" in result.stderr
    assert file_digest(week_copy) == before


def test_an_unchanged_recrawl_adds_no_version(week_later: Crawled, week_copy: Path) -> None:
    before = versions(week_copy)
    again = crawl(week_later.truth.start_url, week_copy)
    assert (again.new_posts, again.changed_posts, again.removed_posts) == (0, 0, 0)
    after = versions(week_copy)
    assert [(row["post_url"], row["version"], row["content_hash"]) for row in after] == [
        (row["post_url"], row["version"], row["content_hash"]) for row in before
    ]
    assert {
        row["last_seen_run"] for row in after if row["post_url"] in {post["url"] for post in week_later.truth.posts}
    } >= {again.run_id}


def test_reparse_rebuilds_the_same_versions_even_from_none(week_copy: Path) -> None:
    before = versions(week_copy)
    with closing(sqlite3.connect(week_copy)) as conn, conn:
        conn.execute("delete from post_versions")  # as an archive made before versions were kept
    summary = reparse_archive(week_copy, workers=0)
    assert (summary.status, summary.new_posts, summary.changed_posts, summary.removed_posts) == ("ok", 0, 0, 0)
    assert versions(week_copy) == before
    assert query(week_copy, "select count(*) as n from post_changes where run_id = ?", [summary.run_id]) == [{"n": 0}]


def test_a_parser_change_is_no_site_change(
    week_later: Crawled, week_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    truth = week_later.truth
    targets = {post["url"] for post in truth.posts[:3]} | set(truth.retitled)
    before = versions(week_copy)
    use_parser(monkeypatch, {}, retitled(targets))

    summary = reparse_archive(week_copy, workers=0)

    rows = query(
        week_copy,
        "select post_url, change, fields, cause, old_url from post_changes where run_id = ?",
        [summary.run_id],
    )
    assert {(row["post_url"], row["change"], row["fields"], row["cause"]) for row in rows} == {
        (url, "changed", '["title"]', "parser") for url in targets
    }
    after = versions(week_copy)
    assert [(row["post_url"], row["version"], row["first_seen_run"]) for row in after] == [
        (row["post_url"], row["version"], row["first_seen_run"]) for row in before
    ]
    assert {row["title"].endswith(MARK) for row in after if row["post_url"] in targets} == {True}
    latest = query(week_copy, "select post_url, change, fields from latest_changes")
    assert {row["post_url"] for row in latest} == set(added(truth)) | set(edited(truth)) | set(truth.removed)
    assert {post["url"]: post["fields"] for post in changes_json(week_copy)["changed"]} == edited(truth)


def test_a_crawl_that_reads_the_same_bytes_differently_records_a_parser_change(
    week_later: Crawled, week_copy: Path
) -> None:
    url = week_later.truth.posts[0]["url"]
    archive = Archive(week_copy)
    archive.db.execute("update post_versions set title = 'An older reading' where post_url = ?", [url])
    archive.db.execute("update posts set content_hash = 'older' where url = ?", [url])
    archive.db.conn.commit()
    archive.close()
    again = crawl(week_later.truth.start_url, week_copy, mode="full")
    rows = query(week_copy, "select change, fields, cause from post_changes where run_id = ?", [again.run_id])
    assert rows == [{"change": "changed", "fields": '["title"]', "cause": "parser"}]
    assert query(
        week_copy, "select count(*) as n, max(title) as title from post_versions where post_url = ?", [url]
    ) == [{"n": 1, "title": week_later.truth.posts[0]["title"]}]


def test_the_history_page_lists_the_versions_newest_first(week_later: Crawled) -> None:
    (url,) = week_later.truth.retitled
    response = render(week_later.db_path, f"/archive/-/history?url={quote(url)}")
    assert response.status_code == 200
    assert set(inline_script_hashes(response.content)) <= set(csp_sources(response))
    page = response.text
    assert page.index('class="version-2"') < page.index('class="version-1"')
    assert "January 2025 – Goals That Stick" in page and "title, modified" in page
    assert f"/archive/-/compare?url={quote(url)}&amp;from=1&amp;to=2" in page


def test_the_compare_page_marks_the_changed_words_and_escapes_the_text(week_later: Crawled, week_copy: Path) -> None:
    url = url_ending(week_later.truth.changed, "pt-month-desk-posture-myths")
    page = render(week_later.db_path, f"/archive/-/compare?url={quote(url)}&from=1&to=2").text
    assert f"<ins>{DESK_POSTURE_UPDATE}</ins>" in page and "<del>" not in page
    assert 'class="fold"' in page and "unchanged words" in page
    with closing(sqlite3.connect(week_copy)) as conn, conn:
        conn.execute(
            "update post_versions set body_text = body_text || ' <script>alert(1)</script>' where post_url = ? and version = 2",
            [url],
        )
    hostile = render(week_copy, f"/archive/-/compare?url={quote(url)}&from=1&to=2").text
    assert "<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in hostile.replace(DESK_POSTURE_UPDATE + " ", "")
    assert "<script>alert" not in hostile


def test_the_pages_answer_404_for_unknown_posts_and_versions(week_later: Crawled) -> None:
    (url,) = week_later.truth.retitled
    assert render(week_later.db_path, "/archive/-/history?url=https%3A//example.com/nothing/").status_code == 404
    assert render(week_later.db_path, f"/archive/-/compare?url={quote(url)}&from=1&to=7").status_code == 404


def test_fold_keeps_context_around_changes_and_counts_what_it_hides() -> None:
    old = " ".join(f"w{i}" for i in range(100))
    new = old.replace("w50", "changed")
    folded = history.fold(history.word_diff(old, new), context=3)
    assert [(segment.kind, segment.words) for segment in folded] == [
        ("fold", 47),
        ("equal", 3),
        ("delete", 1),
        ("insert", 1),
        ("equal", 3),
        ("fold", 46),
    ]
    assert history.as_wdiff(folded) == "… w47 w48 w49 [-w50-] {+changed+} w51 w52 w53 …"


def test_the_archive_widgets_new_month_is_recorded(week_later: Crawled) -> None:
    rows = query(
        week_later.db_path,
        "select month, change, cause from archive_month_changes where run_id = ?",
        [week_later.summary.run_id],
    )
    assert rows == [{"month": "2025-06", "change": "added", "cause": "site"}]
    assert [(month["month"], month["change"]) for month in changes_json(week_later.db_path)["archive_months"]] == [
        ("2025-06", "added")
    ]


def test_a_new_image_without_alt_text_is_in_the_digest(week_later: Crawled, week_copy: Path) -> None:
    url = url_ending(week_later.truth.changed, "side-plank-levels")
    images = json.dumps([["https://example.com/new.jpg", None], ["https://example.com/described.jpg", "A side plank"]])
    with closing(sqlite3.connect(week_copy)) as conn, conn:
        conn.execute("update post_versions set images = ? where post_url = ? and version = 2", [images, url])
    digest = changes_json(week_copy)
    assert digest["images_missing_alt"] == [{"page_url": url, "src": "https://example.com/new.jpg"}]
    assert {post["url"]: post["fields"] for post in digest["changed"]}[url] == [
        "modified",
        "body_text",
        "images",
        "exercises",
    ]


def test_hashes_from_before_the_declared_fields_record_no_change(week_later: Crawled, week_copy: Path) -> None:
    with closing(sqlite3.connect(week_copy)) as conn, conn:
        conn.execute("update posts set content_hash = 'hashed-the-old-way-' || url")
    again = crawl(week_later.truth.start_url, week_copy, mode="full")
    assert (again.new_posts, again.changed_posts, again.removed_posts) == (0, 0, 0)
    stale = query(
        week_copy,
        "select count(*) as n from posts where content_hash like 'hashed-the-old-way-%' and removed_in_run is null",
    )
    assert stale == [{"n": 0}]


def test_post_changes_link_each_post_to_its_history(week_later: Crawled) -> None:
    (url,) = week_later.truth.retitled
    page = render(week_later.db_path, f"/archive/post_changes?post_url={quote(url, safe='')}").text
    assert f'<a class="post-history" href="/archive/-/history?url={quote(url, safe="")}">history</a>' in page
