"""Where the blog ends: crawler-trap rules as pure functions, and the per-run record they judge from.

The rules are the ones mature crawlers use, plus rules that look at what came back:

- url-too-long: Scrapy's URLLENGTH_LIMIT (2,083 characters).
- repeated-path-segment: a path segment more than twice (Heritrix's PathologicalPathDecideRule, Nutch's
  repeated-segment regex filter); cuts relative links that grow their own path.
- path-depth: more path segments than a WordPress permalink ever has (Heritrix's TooManyPathSegments).
- hops-outside-blog: links followed away from the blog (Heritrix's TooManyHops, counted from the last
  page of the blog rather than from the seed, so a long but fruitful pagination is never cut).
- calendar / empty-pagination / barren-chain: a link of one URL shape followed from a page of the same
  shape that added nothing (no post, no listing of posts not seen before): next/previous chains.
- no-new-content: a URL family (first path segment) whose fetched pages mostly added nothing.
- outside-budget: URLs neither in the site's inventories (sitemaps, feed) nor of a blog shape (post,
  month, blog index, category, tag, author and their pagination) are fetched only within a budget.

URLs the site's inventories list are never cut by the rules that judge from content or budget.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from crawler.crawl.urls import path_pattern
from parsers.models import ParsedPage
from parsers.url_kind import kind_from_url
from parsers.urls import path_segments

MAX_URL_LENGTH = 2083
MAX_SEGMENT_REPEATS = 2
MAX_PATH_SEGMENTS = 10  # a WordPress permalink has at most 6 (/category/parent/child/page/2/)
MAX_HOPS_OUTSIDE_BLOG = 4
MAX_BARREN_CHAIN = 3
MAX_BARREN_IN_FAMILY = 8
TrapRule = Literal[
    "url-too-long",
    "repeated-path-segment",
    "path-depth",
    "hops-outside-blog",
    "outside-budget",
    "no-new-content",
    "empty-pagination",
    "calendar",
    "barren-chain",
]
BLOG_KINDS = frozenset({"post", "archive_month", "blog_index", "category", "tag", "robots", "sitemap", "feed"})
PAGINATION = re.compile(r"/page/\d+/$")
DATE_LIKE = re.compile(r"/\d{4}/\d{1,2}/")


def url_rule(url: str) -> TrapRule | None:
    """The rule a URL breaks by its form alone, or None."""
    if len(url) > MAX_URL_LENGTH:
        return "url-too-long"
    segments = path_segments(url)
    if segments and max(Counter(segments).values()) > MAX_SEGMENT_REPEATS:
        return "repeated-path-segment"
    if len(segments) > MAX_PATH_SEGMENTS:
        return "path-depth"
    return None


def is_blog_shaped(url: str) -> bool:
    """Whether the URL has the shape of a part of the blog: a post, a listing or its pagination, a feed."""
    segments = path_segments(url)
    return kind_from_url(url) in BLOG_KINDS or (len(segments) >= 2 and segments[0] == "author")


def family(url: str) -> str:
    """The URL family the content rules count in: its first path segment, digits as N (/events/2026/ -> /events/)."""
    segments = path_segments(url)
    return "/" if not segments else path_pattern(f"/{segments[0]}/")


def chain_rule(url: str) -> TrapRule:
    """The name for cutting a next/previous chain at this URL: empty-pagination, calendar or barren-chain."""
    path = urlsplit(url).path
    if PAGINATION.search(path):
        return "empty-pagination"
    if DATE_LIKE.search(path):
        return "calendar"
    return "barren-chain"


def fingerprint(parsed: ParsedPage) -> str | None:
    """What a page adds to the archive, as a hash: its post's text, or the posts it lists; None when neither."""
    post = (parsed.post.title, parsed.post.body_text) if parsed.post is not None else None
    return content_fingerprint(post, parsed.listed_posts)


def content_fingerprint(post: tuple[str, str] | None, listed_posts: Sequence[str]) -> str | None:
    """The fingerprint of a post's (title, text), else of a listing's posts; None when there is neither."""
    if post is not None:
        content = "post\n" + post[0] + "\n" + post[1]
    elif listed_posts:
        content = "listing\n" + "\n".join(sorted(listed_posts))
    else:
        return None
    return hashlib.blake2b(content.encode(), digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Reach:
    """How a URL was reached: links followed since the blog, and barren same-shape links followed in a row."""

    hops_outside: int = 0
    barren_chain: int = 0


@dataclass(frozen=True, slots=True)
class Cut:
    """A trap rule that refused a URL: the rule, the family or shape it judged, and requests spent there."""

    rule: TrapRule
    pattern: str
    requests: int


@dataclass(slots=True)
class TrapGuard:
    """What one run learned about the site's URL shapes, and the rules that judge from it."""

    outside_budget: int
    inventory: set[str] = field(default_factory=set)  # URLs the site's sitemaps and feeds list
    reach: dict[str, Reach] = field(default_factory=dict)
    fingerprints: set[str] = field(default_factory=set)  # content seen, per URL shape
    barren: Counter[str] = field(default_factory=Counter)  # per family, pages that added nothing
    fruitful: Counter[str] = field(default_factory=Counter)
    requests: Counter[str] = field(default_factory=Counter)  # per family and per shape
    outside: int = 0

    def admit(self, url: str, source: str | None, source_fruitful: bool, listed: bool) -> Cut | None:
        """Judge a newly found URL: None to fetch it (and remember how it was reached), else the rule it breaks."""
        if listed:
            self.inventory.add(url)
        if rule := url_rule(url):
            return self.cut(rule, family(url))
        if url in self.inventory:
            self.reach[url] = Reach()
            return None
        reach = self.reach_from(url, source, source_fruitful)
        if reach.barren_chain > MAX_BARREN_CHAIN:
            return self.cut(chain_rule(url), path_pattern(url))
        if reach.hops_outside > MAX_HOPS_OUTSIDE_BLOG:
            return self.cut("hops-outside-blog", family(url))
        if cut := self.family_cut(url):
            return cut
        if not is_blog_shaped(url):
            if self.outside >= self.outside_budget:
                return self.cut("outside-budget", family(url))
            self.outside += 1
        self.reach[url] = reach
        return None

    def reach_from(self, url: str, source: str | None, source_fruitful: bool) -> Reach:
        """How far from the blog, and how deep in a barren chain, a link from `source` puts `url`."""
        if source is None:
            return Reach()
        before = self.reach.get(source, Reach())
        hops = 0 if is_blog_shaped(url) else before.hops_outside + 1
        same_shape = path_pattern(url) == path_pattern(source)
        chain = before.barren_chain + 1 if same_shape and not source_fruitful else 0
        return Reach(hops, chain)

    def family_cut(self, url: str) -> Cut | None:
        """no-new-content once a family's fetched pages have mostly added nothing; None for listed URLs."""
        if url in self.inventory:
            return None
        name = family(url)
        if self.barren[name] >= MAX_BARREN_IN_FAMILY and self.barren[name] > self.fruitful[name]:
            return self.cut("no-new-content", name)
        return None

    def fetched(self, url: str) -> None:
        """Count a request for this URL in its family and its shape."""
        self.requests[family(url)] += 1
        self.requests[path_pattern(url)] += 1

    def judged(self, url: str, parsed: ParsedPage) -> bool:
        """Record whether a fetched page added something new to the archive; return that."""
        return self.judged_by(url, fingerprint(parsed))

    def judged_by(self, url: str, print_: str | None) -> bool:
        """Record whether a page with this content fingerprint (None: no content) added something new; return that."""
        seen_as = f"{path_pattern(url)} {print_}"  # the same posts under two shapes (a tag and a category) are no trap
        fruitful = print_ is not None and seen_as not in self.fingerprints
        if print_ is not None:
            self.fingerprints.add(seen_as)
        if url not in self.inventory:
            (self.fruitful if fruitful else self.barren)[family(url)] += 1
        return fruitful

    def cut(self, rule: TrapRule, pattern: str) -> Cut:
        """A cut by this rule, with the requests already spent on the pattern it judged."""
        return Cut(rule, pattern, self.requests[pattern])
