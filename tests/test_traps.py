"""Crawler traps: the rules as table tests, then whole crawls of the replica with its traps served."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.crawl.run import CrawlSummary
from crawler.crawl.skips import TRAP_PAGES_KEPT_FOR, fetched_within
from crawler.crawl.traps import (
    MAX_BARREN_IN_FAMILY,
    TrapGuard,
    chain_rule,
    family,
    fingerprint,
    is_blog_shaped,
    url_rule,
)
from crawler.export.reparse import reparse_archive
from crawler.replica import GroundTruth, ReplicaServer, build_site
from crawler.replica.site import Site
from crawler.replica.traps import TRAPS, is_empty_page, trap_of
from parsers.models import ParsedPage, Post
from tests.support import Crawled, crawl

SITE = "https://example.org"
MOST_REQUESTS_PER_TRAP = 20


@pytest.mark.parametrize(
    ("path", "rule"),
    [
        ("/2019/05/12/knee-pain/", None),
        ("/2005/05/05/five/", None),  # a segment twice is a date, not a trap
        ("/category/parent/child/page/2/", None),
        ("/resources/files/files/", None),
        ("/resources/files/files/files/", "repeated-path-segment"),
        ("/a/b/a/c/a/", "repeated-path-segment"),
        ("/" + "".join(f"s{depth}/" for depth in range(10)), None),
        ("/" + "".join(f"s{depth}/" for depth in range(11)), "path-depth"),
        ("/" + "x" * 2100 + "/", "url-too-long"),
    ],
)
def test_url_rules(path: str, rule: str | None) -> None:
    assert url_rule(SITE + path) == rule


@pytest.mark.parametrize(
    ("path", "blog"),
    [
        ("/2019/05/12/knee-pain/", True),
        ("/2019/05/", True),
        ("/2019/05/page/2/", True),
        ("/blog/page/9/", True),
        ("/category/exercise/", True),
        ("/tag/knees/page/3/", True),
        ("/author/jane/", True),
        ("/wp-sitemap.xml", True),
        ("/feed/", True),
        ("/about/", False),
        ("/events/2026/11/", False),
        ("/shop/red/", False),
    ],
)
def test_blog_shapes(path: str, blog: bool) -> None:
    assert is_blog_shaped(SITE + path) is blog


@pytest.mark.parametrize(
    ("path", "expected_family", "expected_chain_rule"),
    [
        ("/events/2026/11/", "/events/", "calendar"),
        ("/blog/page/12/", "/blog/", "empty-pagination"),
        ("/s/abc/", "/s/", "barren-chain"),
        ("/2019/05/12/knee-pain/", "/N/", "calendar"),
        ("/", "/", "barren-chain"),
    ],
)
def test_families_and_chain_rule_names(path: str, expected_family: str, expected_chain_rule: str) -> None:
    assert family(SITE + path) == expected_family
    assert chain_rule(SITE + path) == expected_chain_rule


def post_page(url: str, text: str) -> ParsedPage:
    post = Post(
        url=url, wp_id=None, slug="s", title="T", published=None, modified=None, author=None, excerpt=None,
        body_html="", body_text=text, word_count=1, featured_image_url=None, featured_image_alt=None,
        categories=(), tags=(),
    )  # fmt: skip
    return ParsedPage(url=url, kind="post", title="T", post=post)


def test_a_fingerprint_is_the_post_text_or_the_listing_and_none_for_other_pages() -> None:
    listing = ParsedPage(url=SITE + "/blog/", kind="blog_index", title="Blog", listed_posts=("b", "a"))
    same_listing = ParsedPage(url=SITE + "/blog/page/9/", kind="blog_index", title="Blog", listed_posts=("a", "b"))
    assert fingerprint(listing) == fingerprint(same_listing) is not None
    assert fingerprint(post_page(SITE + "/x/", "one")) != fingerprint(post_page(SITE + "/x/", "two"))
    assert fingerprint(ParsedPage(url=SITE + "/events/2026/11/", kind="page", title="Events")) is None


def test_a_barren_chain_of_one_shape_is_cut_after_three_links() -> None:
    guard = TrapGuard(outside_budget=100)
    source = SITE + "/teacher-trainings/"
    refused = None
    for month in range(1, 12):
        url = f"{SITE}/events/2026/{month:02d}/"
        refused = guard.admit(url, source, source_fruitful=source.endswith("trainings/"), listed=False)
        if refused:
            break
        source = url
    assert refused is not None and refused.rule == "calendar" and month == 5


def test_a_fruitful_chain_of_one_shape_is_never_cut() -> None:
    guard = TrapGuard(outside_budget=0)
    source = SITE + "/blog/"
    for number in range(2, 200):
        url = f"{SITE}/blog/page/{number}/"
        assert guard.admit(url, source, source_fruitful=True, listed=False) is None
        source = url


def test_hops_away_from_the_blog_are_cut_after_four() -> None:
    guard = TrapGuard(outside_budget=100)
    source, refused = SITE + "/blog/", None
    for hop in range(1, 10):
        url = f"{SITE}/{'abcdefghij'[hop]}/y/"  # a new shape each hop: no barren chain
        refused = guard.admit(url, source, source_fruitful=False, listed=False)
        if refused:
            break
        source = url
    assert refused is not None and (refused.rule, hop) == ("hops-outside-blog", 5)


def test_urls_outside_the_blog_are_fetched_within_the_budget_only() -> None:
    guard = TrapGuard(outside_budget=3)
    verdicts = [guard.admit(f"{SITE}/p{n}/", SITE + "/blog/", True, False) for n in range(5)]
    assert [cut.rule if cut else None for cut in verdicts] == [None, None, None, "outside-budget", "outside-budget"]
    assert guard.admit(SITE + "/2019/05/", SITE + "/blog/", True, False) is None, "blog shapes spend no budget"
    assert guard.admit(SITE + "/p9/", SITE + "/wp-sitemap-pages-1.xml", True, listed=True) is None


def test_a_family_of_barren_pages_stops_being_followed_but_listed_urls_do_not() -> None:
    guard = TrapGuard(outside_budget=100)
    for n in range(MAX_BARREN_IN_FAMILY):
        url = f"{SITE}/s/{'ab'[n % 2] * (n + 1)}/"
        assert guard.admit(url, SITE + "/blog/", True, False) is None
        guard.fetched(url)
        assert guard.judged(url, ParsedPage(url=url, kind="page", title="Visit")) is False
    cut = guard.admit(SITE + "/s/zzz/", SITE + "/blog/", True, False)
    assert cut is not None and (cut.rule, cut.pattern, cut.requests) == ("no-new-content", "/s/", MAX_BARREN_IN_FAMILY)
    assert guard.admit(SITE + "/s/listed/", SITE + "/wp-sitemap-pages-1.xml", True, listed=True) is None


def test_content_seen_before_under_the_same_url_shape_adds_nothing() -> None:
    guard = TrapGuard(outside_budget=100)
    assert guard.judged(SITE + "/2019/05/12/a/2/", post_page(SITE + "/2019/05/12/a/2/", "text")) is True
    assert guard.judged(SITE + "/2019/05/12/a/3/", post_page(SITE + "/2019/05/12/a/3/", "text")) is False
    listing = ParsedPage(url=SITE + "/tag/knees/", kind="tag", title="knees", listed_posts=("a", "b"))
    assert guard.judged(SITE + "/tag/knees/", listing) is True
    assert guard.judged(SITE + "/category/knees/", replace(listing, url=SITE + "/category/knees/")) is True, (
        "a category listing the same posts as a tag is another shape, not a trap"
    )


# --- whole crawls of the replica with its traps ------------------------------------------------


def rows(db_path: Path, sql: str) -> list[dict[str, Any]]:
    with closing(sqlite3.connect(db_path)) as db:
        db.row_factory = sqlite3.Row
        return [dict(row) for row in db.execute(sql)]


@dataclass(frozen=True)
class TrappedCrawl:
    """A crawl of the replica with traps served: summary, archive, requests per trap, ground truth."""

    summary: CrawlSummary
    db_path: Path
    per_trap: Counter[str]
    truth: GroundTruth


def crawl_with_traps(db_path: Path, posts: int | None) -> TrappedCrawl:
    """Crawl a replica with every trap on, counting the requests that went into each trap."""
    site = build_site(posts=posts)
    with ReplicaServer(site, crawl_delay=0.0, traps=True) as server:
        summary = crawl(server.start_url, db_path, concurrency=8)
        paths = [request.path for request in server.requests]
        per_trap = Counter(
            trap_of(path) or "empty_pagination" for path in paths if trap_of(path) or is_empty_page(site, path)
        )
        return TrappedCrawl(summary, db_path, per_trap, site.expected(server.base_url))


@pytest.fixture(scope="module", params=[None, 120], ids=["replica", "generated-120-posts"])
def trapped(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TrappedCrawl]:
    yield crawl_with_traps(tmp_path_factory.mktemp("traps") / "archive.db", request.param)


def test_the_crawl_ends_ok_and_enters_every_trap(trapped: TrappedCrawl) -> None:
    assert trapped.summary.status == "ok"
    assert set(trapped.per_trap) == set(TRAPS)


def test_each_trap_is_cut_within_twenty_requests(trapped: TrappedCrawl) -> None:
    assert max(trapped.per_trap.values()) <= MOST_REQUESTS_PER_TRAP, trapped.per_trap


def test_every_cut_is_a_trap_row_with_its_rule_and_shows_in_crawl_traps(trapped: TrappedCrawl) -> None:
    skipped = rows(trapped.db_path, "SELECT * FROM skipped_urls WHERE reason = 'trap'")
    assert skipped and all(row["rule"] and row["pattern"] and row["requests_spent"] is not None for row in skipped)
    assert [row["url"] for row in skipped if not row["source_url"]] == [], "each cut names the page that linked it"
    shown = rows(trapped.db_path, "SELECT * FROM crawl_traps")
    assert {row["rule"] for row in shown} >= {"calendar", "repeated-path-segment", "empty-pagination", "no-new-content"}
    assert sum(row["urls_refused"] for row in shown) == len(skipped)


def test_no_post_month_or_page_of_the_blog_is_lost_to_a_trap_rule(trapped: TrappedCrawl) -> None:
    posts = {row["url"]: row["title"] for row in rows(trapped.db_path, "SELECT url, title FROM posts")}
    assert posts == {post["url"]: post["title"] for post in trapped.truth.posts}
    months = rows(trapped.db_path, "SELECT id, listed_count FROM archive_months ORDER BY id")
    assert months == sorted(
        ({"id": m["id"], "listed_count": m["listed_count"]} for m in trapped.truth.archive_months),
        key=lambda m: m["id"],
    )
    kinds = {row["url"]: row["kind"] for row in rows(trapped.db_path, "SELECT url, kind FROM pages")}
    assert {url: kinds.get(url) for url in trapped.truth.pages} == trapped.truth.pages


def test_the_replica_without_traps_loses_nothing_to_a_trap_rule(crawled: Crawled) -> None:
    assert rows(crawled.db_path, "SELECT url, rule FROM skipped_urls WHERE reason = 'trap'") == []


def trap_requests(server: ReplicaServer, site: Site) -> Counter[str]:
    """Requests the replica received inside each of its traps since its log was cleared."""
    paths = [request.path for request in server.requests]
    return Counter(trap_of(path) or "empty_pagination" for path in paths if trap_of(path) or is_empty_page(site, path))


def crawl_counting_traps(server: ReplicaServer, site: Site, db_path: Path, mode: str = "incremental") -> Counter[str]:
    """One crawl into db_path; the requests it spent in each trap."""
    server.clear_log()
    assert crawl(server.start_url, db_path, concurrency=8, mode=mode).status == "ok"
    return trap_requests(server, site)


def test_scheduled_re_crawls_walk_a_trap_from_the_archive(tmp_path: Path) -> None:
    """Re-crawls walk the stored pages of a trap that content rules cut and cut it where the first run did, asking
    the site for none of them again (pages answering 304 are judged by what is stored of them too); a trap cut by
    the form of its URLs alone is asked again and cut again; a full run asks for everything again."""
    site = build_site(posts=10)
    db_path = tmp_path / "archive.db"
    with ReplicaServer(site, crawl_delay=0.0, traps=True, validators="all") as server:
        per_run = [crawl_counting_traps(server, site, db_path, mode) for mode in ("incremental",) * 3 + ("full",)]
    assert all(max(counts.values()) <= MOST_REQUESTS_PER_TRAP for counts in per_run), per_run
    for trap in ("calendar", "growing_path", "empty_pagination"):  # the traps whose cut does not depend on timing
        assert per_run[0][trap] >= per_run[1][trap] >= per_run[2][trap], (trap, per_run)
    assert per_run[0]["calendar"] > 0 and per_run[1]["calendar"] == per_run[2]["calendar"] == 0, per_run
    assert per_run[0]["growing_path"] == per_run[1]["growing_path"] == per_run[2]["growing_path"] > 0, per_run
    assert per_run[3]["calendar"] == per_run[0]["calendar"], "a full run asks the site again"
    cuts = rows(
        db_path,
        "SELECT run_id, url, rule FROM skipped_urls WHERE reason = 'trap' AND rule IN ('calendar', 'repeated-path-segment')",
    )
    cut_per_run = [{(row["url"], row["rule"]) for row in cuts if row["run_id"] == run_id} for run_id in (1, 2, 3, 4)]
    assert cut_per_run[0] and all(cut == cut_per_run[0] for cut in cut_per_run), "the same rules cut the same URLs"


def test_a_trap_is_asked_again_after_a_month_and_a_reparse_forgets_nothing(tmp_path: Path) -> None:
    """A reparse between two crawls leaves the last crawl's cuts standing; trap pages fetched over 30 days ago are
    asked for again."""
    site = build_site(posts=10)
    db_path = tmp_path / "archive.db"
    with ReplicaServer(site, crawl_delay=0.0, traps=True, validators="all") as server:
        first = crawl_counting_traps(server, site, db_path)
        reparse_archive(db_path, workers=0)
        after_reparse = crawl_counting_traps(server, site, db_path)
        with closing(sqlite3.connect(db_path)) as conn, conn:
            conn.execute("UPDATE pages SET fetched_at = '2020-01-01T00:00:00+00:00' WHERE url LIKE '%/events/%'")
        a_month_later = crawl_counting_traps(server, site, db_path)
    assert first["calendar"] > 0 and after_reparse["calendar"] == 0, (first, after_reparse)
    assert a_month_later["calendar"] == first["calendar"], (first, a_month_later)


NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)  # fixed, so that every pytest worker collects the same test ids


@pytest.mark.parametrize(
    ("fetched_at", "within"),
    [
        (None, False),
        ("", False),
        ("not a time", False),
        ("2020-01-01T00:00:00+00:00", False),
        (NOW.isoformat(timespec="seconds"), True),
        ((NOW - timedelta(days=29)).isoformat(timespec="seconds"), True),
        ((NOW - timedelta(days=29)).replace(tzinfo=None).isoformat(timespec="seconds"), True),
        ((NOW - timedelta(days=31)).isoformat(timespec="seconds"), False),
    ],
)
def test_a_stored_fetch_is_recent_only_when_its_time_says_so(fetched_at: str | None, within: bool) -> None:
    assert fetched_within(fetched_at, TRAP_PAGES_KEPT_FOR, now=NOW) is within


def test_a_stored_fetch_is_recent_by_the_clock_when_no_time_is_given() -> None:
    assert fetched_within(datetime.now(UTC).isoformat(timespec="seconds"), TRAP_PAGES_KEPT_FOR)
    assert not fetched_within((datetime.now(UTC) - timedelta(days=31)).isoformat(), TRAP_PAGES_KEPT_FOR)
