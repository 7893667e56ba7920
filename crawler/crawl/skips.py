"""What an incremental run need not ask the site for: one policy built from the archive.

A page the archive answers is walked from its stored copy (marked seen, its stored links followed) instead of
fetched: a page the sitemap dates no later than the copy stored, a post or page WordPress's inventory lists as
modified when it was last, a listing of a blog whose posts all are unchanged, a sitemap, feed, known redirect or
missing page when the inventory shows nothing added, changed or removed, and a barren page of a URL family where the last crawl's
content rules cut a trap. Every other page is fetched,
with the stored validators for a conditional GET. A full run fetches everything, unconditionally.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from crawler.crawl.traps import TrapRule, content_fingerprint, family, is_blog_shaped
from crawler.records import Validators
from parsers.models import PageKind
from parsers.url_kind import LISTING_KINDS, kind_from_url

TRAP_PAGES_KEPT_FOR = timedelta(days=30)  # incremental runs walk a trap's stored pages this long, then ask again
CONTENT_RULES: frozenset[TrapRule] = frozenset(
    {"calendar", "empty-pagination", "barren-chain", "no-new-content", "hops-outside-blog"}
)


class StoredPages(Protocol):
    """What the policy asks the archive about a stored page (crawler.archive.pages.PageStore answers)."""

    def validators(self, url: str) -> Validators | None: ...
    def is_current(self, url: str, lastmod: str) -> bool: ...
    def is_stored_whole(self, url: str) -> bool: ...
    def stored_answer(self, url: str) -> tuple[int | None, str | None]: ...
    def fetched_at(self, url: str) -> str | None: ...
    def stored_content(self, url: str) -> tuple[tuple[str, str] | None, list[str]]: ...


class SkipPolicy:
    """An incremental run's skips; a full run's policy skips nothing and sends no validators."""

    def __init__(
        self,
        incremental: bool,
        pages: StoredPages,
        live_posts: Callable[[], Iterable[str]],
        trap_cuts: Iterable[tuple[str, str]],
        inventory: set[str],
        now: datetime | None = None,
    ) -> None:
        """`live_posts` reads the URLs of the archive's live posts; `trap_cuts`: (URL, rule) of the last finished
        crawl's cuts; `inventory`: the URLs the site's own lists name, shared with the trap guard, which adds to it
        as the run reads them."""
        self.incremental = incremental
        self.pages = pages
        self.live_posts = live_posts
        self.trapped_families = trapped_families(trap_cuts) if incremental else set()
        self.inventory = inventory
        self.now = now
        self.lastmod: dict[str, str] = {}  # sitemap lastmod per page URL, as the run reads the sitemaps
        self.blog_unchanged = False  # the sitemaps date every live post as stored: listings are unchanged too
        self.inventoried: set[str] = set()  # URLs the REST API inventory lists as they were last modified
        self.inventory_unchanged = False  # the inventory lists what it did, as it did: nothing on the site moved

    def inventory_read(self, unchanged_urls: set[str], unchanged: bool) -> None:
        """Once the REST API inventory is read: the posts and pages it shows unmodified, and whether it shows any
        change at all (none: listings, sitemaps, feeds, known redirects and missing pages are as stored too)."""
        if self.incremental:
            self.inventoried = unchanged_urls
            self.inventory_unchanged = unchanged

    def validators(self, url: str) -> Validators | None:
        """What a conditional GET of the URL sends back: the stored validators, on incremental runs."""
        return self.pages.validators(url) if self.incremental else None

    def remember_lastmods(self, entries: Iterable[tuple[str, str | None]]) -> list[str]:
        """Note each sitemap entry's lastmod; return the entries' URLs."""
        urls = []
        for loc, lastmod in entries:
            if lastmod:
                self.lastmod[loc] = lastmod
            urls.append(loc)
        return urls

    def sitemaps_read(self) -> None:
        """Once the sitemaps are read: judge whether the blog is unchanged (every live post dated as stored)."""
        self.blog_unchanged = self.inventory_unchanged or self.is_blog_unchanged()

    def is_kept(self, url: str) -> bool:
        """Whether the stored copy stands for the page, unfetched."""
        kind = kind_from_url(url)
        if kind == "sitemap":
            return self.is_unchanged_inventory_list(url, kind) or self.is_known_dead_end(url)
        return (
            self.is_unchanged_inventory_list(url, kind)
            or self.is_unchanged_by_sitemap(url)
            or self.is_unchanged_by_inventory(url)
            or self.is_unchanged_listing(url, kind)
            or self.is_known_dead_end(url)
            or self.is_in_trapped_family(url)
        )

    def is_unchanged_inventory_list(self, url: str, kind: PageKind) -> bool:
        """A sitemap or feed, stored whole, while the REST API inventory shows no change: it lists what it did."""
        return self.inventory_unchanged and kind in ("sitemap", "feed") and self.pages.is_stored_whole(url)

    def is_unchanged_by_inventory(self, url: str) -> bool:
        """A post or page the inventory lists at the same address, modified when it was last, stored whole."""
        return url in self.inventoried and self.pages.is_stored_whole(url)

    def is_known_dead_end(self, url: str) -> bool:
        """A redirect or a missing page (404, 410) the last fetch found, while the inventory shows no change."""
        if not self.inventory_unchanged:
            return False
        status, _final_url = self.pages.stored_answer(url)
        return status is not None and (300 <= status < 400 or status in (404, 410))

    def is_unchanged_by_sitemap(self, url: str) -> bool:
        """A page the sitemap dates no later than the copy stored."""
        lastmod = self.lastmod.get(url)
        return self.incremental and lastmod is not None and self.pages.is_current(url, lastmod)

    def is_blog_unchanged(self) -> bool:
        """Whether the sitemaps list every live post, each dated no later than the copy stored."""
        if not self.incremental or not self.lastmod:
            return False
        live = list(self.live_posts())
        return (
            bool(live)
            and all(url in self.lastmod for url in live)
            and all(
                self.pages.is_current(url, lastmod)
                for url, lastmod in self.lastmod.items()
                if kind_from_url(url) == "post"
            )
        )

    def is_unchanged_listing(self, url: str, kind: PageKind) -> bool:
        """A listing (blog index, month, category, tag) of a blog whose posts are all unchanged, stored whole."""
        return self.blog_unchanged and kind in LISTING_KINDS and self.pages.is_stored_whole(url)

    def is_in_trapped_family(self, url: str) -> bool:
        """A page outside the blog and its inventories, of a URL family where the last crawl's content rules cut a
        trap, stored whole, fetched within TRAP_PAGES_KEPT_FOR, that added nothing (no post, no listing).

        An incremental run walks such pages from the archive, so the same rules cut the same trap without a
        request; a full run, or the first incremental run after TRAP_PAGES_KEPT_FOR, asks the site again.
        """
        if family(url) not in self.trapped_families or url in self.inventory or is_blog_shaped(url):
            return False
        if not fetched_within(self.pages.fetched_at(url), TRAP_PAGES_KEPT_FOR, self.now):
            return False
        return self.pages.is_stored_whole(url) and content_fingerprint(*self.pages.stored_content(url)) is None


def fetched_within(fetched_at: str | None, period: timedelta, now: datetime | None = None) -> bool:
    """Whether a stored fetch time (ISO 8601; UTC when it names no zone) lies within the period before now."""
    try:
        when = datetime.fromisoformat(fetched_at or "")
    except ValueError:  # never fetched, or a time this code cannot read: ask again
        return False
    return (now or datetime.now(UTC)) - (when if when.tzinfo else when.replace(tzinfo=UTC)) <= period


def trapped_families(cuts: Iterable[tuple[str, str]]) -> set[str]:
    """The URL families where rules that judge content cut a trap (not the URL-form rules, which judge one link,
    nor the outside-the-blog budget, which judges none)."""
    return {family(url) for url, rule in cuts if rule in CONTENT_RULES}
