"""The incremental skip policy: which pages the archive answers instead of the site, as tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from crawler.crawl.skips import TRAP_PAGES_KEPT_FOR, SkipPolicy, fetched_within, trapped_families
from crawler.records import Validators

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SITE = "https://blog.example"
POST_A = f"{SITE}/2024/05/02/strong-hips/"
POST_B = f"{SITE}/2024/06/11/steady-knees/"
LISTING = f"{SITE}/category/hips/"
SITEMAP = f"{SITE}/post-sitemap.xml"
CALENDAR_DAY = f"{SITE}/events/2026-02-14/"
ABOUT = f"{SITE}/about/"


def days_ago(days: int) -> str:
    return (NOW - timedelta(days=days)).isoformat()


@dataclass(frozen=True)
class Stored:
    """One stored page, as the policy asks about it."""

    lastmod: str | None = None  # the sitemap lastmod it was fetched under
    whole: bool = True
    fetched_at: str | None = field(default_factory=lambda: days_ago(1))
    post: tuple[str, str] | None = None
    listed: tuple[str, ...] = ()
    validators: Validators | None = None


class StoredPages:
    """The policy's view of an archive, from a dict of stored pages."""

    def __init__(self, pages: dict[str, Stored]) -> None:
        self.pages = pages

    def validators(self, url: str) -> Validators | None:
        return self.pages[url].validators if url in self.pages else None

    def is_current(self, url: str, lastmod: str) -> bool:
        page = self.pages.get(url)
        return page is not None and page.whole and page.lastmod == lastmod

    def is_stored_whole(self, url: str) -> bool:
        return url in self.pages and self.pages[url].whole

    def fetched_at(self, url: str) -> str | None:
        return self.pages[url].fetched_at if url in self.pages else None

    def stored_content(self, url: str) -> tuple[tuple[str, str] | None, list[str]]:
        page = self.pages.get(url, Stored())
        return page.post, list(page.listed)


STORED = {
    POST_A: Stored(lastmod="2024-05-02", post=("Strong hips", "text"), validators=Validators('"a"')),
    POST_B: Stored(lastmod="2024-06-11", post=("Steady knees", "text")),
    LISTING: Stored(listed=(POST_A, POST_B)),
    SITEMAP: Stored(),
    CALENDAR_DAY: Stored(fetched_at=days_ago(10)),
    ABOUT: Stored(),
}


def policy(
    incremental: bool = True,
    pages: dict[str, Stored] | None = None,
    cuts: tuple[tuple[str, str], ...] = ((f"{SITE}/events/2026-02-20/", "calendar"),),
    inventory: set[str] | None = None,
) -> SkipPolicy:
    return SkipPolicy(
        incremental, StoredPages(STORED if pages is None else pages), lambda: [POST_A, POST_B], cuts,
        inventory or set(), NOW,
    )  # fmt: skip


UNCHANGED_SITEMAP = [(POST_A, "2024-05-02"), (POST_B, "2024-06-11"), (ABOUT, None)]


@pytest.mark.parametrize(
    ("entries", "url", "kept"),
    [
        (UNCHANGED_SITEMAP, POST_A, True),  # dated as stored
        ([(POST_A, "2025-01-01")], POST_A, False),  # dated later than the copy stored
        ([(POST_A, None)], POST_A, False),  # no date
        ([], POST_A, False),  # not in a sitemap
        ([(SITEMAP, "2024-06-11")], SITEMAP, False),  # a sitemap is always asked for
        ([(f"{SITE}/2024/07/01/new/", "2024-07-01")], f"{SITE}/2024/07/01/new/", False),  # never stored
    ],
)
def test_a_page_the_sitemap_dates_as_stored_is_kept(
    entries: list[tuple[str, str | None]], url: str, kept: bool
) -> None:
    skips = policy()
    skips.remember_lastmods(entries)
    assert skips.is_kept(url) is kept


@pytest.mark.parametrize(
    ("entries", "listing_kept"),
    [
        (UNCHANGED_SITEMAP, True),  # every live post dated as stored: listings are unchanged
        ([(POST_A, "2024-05-02")], False),  # a live post the sitemaps do not list
        ([(POST_A, "2024-05-02"), (POST_B, "2025-01-01")], False),  # a post dated later
        ([], False),  # no sitemap
    ],
)
def test_listings_are_kept_only_when_every_post_is_unchanged(
    entries: list[tuple[str, str | None]], listing_kept: bool
) -> None:
    skips = policy()
    skips.remember_lastmods(entries)
    assert skips.is_kept(LISTING) is False, "judged only once the sitemaps are read"
    skips.sitemaps_read()
    assert skips.blog_unchanged is listing_kept
    assert skips.is_kept(LISTING) is listing_kept
    assert skips.is_kept(ABOUT) is False, "not a listing"


def test_a_listing_not_stored_whole_is_fetched_even_when_the_blog_is_unchanged() -> None:
    skips = policy(pages={**STORED, LISTING: Stored(whole=False)})
    skips.remember_lastmods(UNCHANGED_SITEMAP)
    skips.sitemaps_read()
    assert skips.blog_unchanged and not skips.is_kept(LISTING)


@pytest.mark.parametrize(
    ("change", "kept"),
    [
        ({}, True),  # barren, stored whole, fetched 10 days ago, in a family a content rule cut
        ({"fetched_at": days_ago(31)}, False),  # older than TRAP_PAGES_KEPT_FOR: asked again
        ({"fetched_at": None}, False),
        ({"fetched_at": "not a time"}, False),
        ({"whole": False}, False),
        ({"post": ("A post", "text")}, False),  # it added a post
        ({"listed": (POST_A,)}, False),  # it listed posts
    ],
)
def test_a_barren_page_of_a_trapped_family_is_walked_from_the_archive(change: dict[str, object], kept: bool) -> None:
    page = Stored(**{"fetched_at": days_ago(10), **change})  # type: ignore[arg-type]
    assert policy(pages={**STORED, CALENDAR_DAY: page}).is_kept(CALENDAR_DAY) is kept


@pytest.mark.parametrize(
    ("cuts", "inventory", "kept"),
    [
        (((f"{SITE}/events/2026-02-20/", "calendar"),), set(), True),
        (((f"{SITE}/events/2026-02-20/", "path-depth"),), set(), False),  # a URL-form rule judges one link only
        (((f"{SITE}/events/2026-02-20/", "outside-budget"),), set(), False),  # the budget judges no content
        (((f"{SITE}/shop/sale/", "no-new-content"),), set(), False),  # another family
        (((f"{SITE}/events/2026-02-20/", "calendar"),), {CALENDAR_DAY}, False),  # the site's own lists name it
    ],
)
def test_only_content_rules_mark_a_family_and_listed_pages_are_always_asked(
    cuts: tuple[tuple[str, str], ...], inventory: set[str], kept: bool
) -> None:
    assert policy(cuts=cuts, inventory=inventory).is_kept(CALENDAR_DAY) is kept


def test_a_full_run_keeps_nothing_and_sends_no_validators() -> None:
    skips = policy(incremental=False)
    skips.remember_lastmods(UNCHANGED_SITEMAP)
    skips.sitemaps_read()
    assert skips.trapped_families == set() and not skips.blog_unchanged
    assert [url for url in STORED if skips.is_kept(url)] == []
    assert skips.validators(POST_A) is None
    assert skips.lastmod[POST_A] == "2024-05-02", "lastmods are still recorded, for pages.sitemap_lastmod"


def test_an_incremental_run_sends_the_stored_validators() -> None:
    assert policy().validators(POST_A) == Validators('"a"')
    assert policy().validators(POST_B) is None


def test_remember_lastmods_returns_every_url_in_order() -> None:
    skips = policy()
    assert skips.remember_lastmods(UNCHANGED_SITEMAP) == [POST_A, POST_B, ABOUT]
    assert ABOUT not in skips.lastmod


@pytest.mark.parametrize(
    ("fetched_at", "within"),
    [
        (days_ago(29), True),
        ((NOW - TRAP_PAGES_KEPT_FOR).isoformat(), True),
        (days_ago(31), False),
        ((NOW - timedelta(days=2)).replace(tzinfo=None).isoformat(), True),  # naive: UTC
        (None, False),
        ("", False),
        ("yesterday", False),
    ],
)
def test_fetched_within(fetched_at: str | None, within: bool) -> None:
    assert fetched_within(fetched_at, TRAP_PAGES_KEPT_FOR, NOW) is within


def test_trapped_families_are_those_of_content_rules() -> None:
    cuts = [
        (f"{SITE}/events/2026/", "calendar"),
        (f"{SITE}/blog/page/99/", "empty-pagination"),
        (f"{SITE}/a/b/a/b/a/", "repeated-path-segment"),
        (f"{SITE}/shop/", "outside-budget"),
    ]
    assert trapped_families(cuts) == {"/events/", "/blog/"}
