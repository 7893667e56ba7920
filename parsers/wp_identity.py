"""Who a WordPress page says it is, and where it says its REST API lives.

A post or page names its WordPress id up to four ways: the body class (`postid-N`, `page-id-N`), its article
(`post-N`, Enfold's `post-entry-N`), the shortlink (`<link rel="shortlink" href="…/?p=N">`) and the REST link
(`<link rel="alternate" type="application/json" href="…/wp/v2/posts/N">`). Each is kept apart, so that a page
whose ids disagree can be told from one that has none. WordPress announces the API root in the head (and in a
`Link` header the crawler reads) with `rel="https://api.w.org/"`, as `…/wp-json/` or, without pretty permalinks,
`…/?rest_route=/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from parsers import selectors
from parsers.content import post_ids
from parsers.meta import head_of
from parsers.soup import Markup, attr, body_classes, make_tree, select, select_one
from parsers.urls import canonical_url, is_web_url

API_REL = "https://api.w.org/"
BODY_ID_PREFIXES = ("postid-", "page-id-")
REST_NAMESPACE = ("wp", "v2")


@dataclass(frozen=True, slots=True)
class WpIdentity:
    """The WordPress ids a page declares for itself, by where each was read; None where it says nothing."""

    body_class: int | None  # postid-N or page-id-N
    article: int | None  # post-N / post-entry-N, when the page has one article
    shortlink: int | None  # ?p=N or ?page_id=N
    rest: int | None  # …/wp/v2/<kind>/N
    rest_kind: str | None  # "posts", "pages", or a custom type's route

    @property
    def wp_id(self) -> int | None:
        """The id, from the most trusted source that gives one."""
        return next((found for found in self.ids() if found is not None), None)

    def ids(self) -> tuple[int | None, ...]:
        """Every source's id, most trusted first: body class, article, shortlink, REST link."""
        return self.body_class, self.article, self.shortlink, self.rest

    @property
    def is_consistent(self) -> bool:
        """Whether every source that names an id names the same one."""
        return len({found for found in self.ids() if found is not None}) <= 1


def _number(text: str) -> int | None:
    """A positive integer written in ASCII digits, else None."""
    return int(text) if text.isascii() and text.isdigit() and int(text) > 0 else None


def _body_id(classes: list[str]) -> int | None:
    """The id in a `postid-N` or `page-id-N` body class."""
    for name in classes:
        for prefix in BODY_ID_PREFIXES:
            if name.startswith(prefix) and (found := _number(name.removeprefix(prefix))) is not None:
                return found
    return None


def _article_id(root: Markup) -> int | None:
    """The id the page's articles carry, when they all carry the same one (a listing's many do not)."""
    tree = make_tree(root)
    found = {number for article in select(tree, selectors.ARTICLES) for number in post_ids(article)}
    return found.pop() if len(found) == 1 else None


def _shortlink_id(href: str | None) -> int | None:
    """N from a shortlink `?p=N` (posts) or `?page_id=N`."""
    if not href:
        return None
    try:
        query = parse_qs(urlsplit(href).query)
    except ValueError:
        return None
    for name in ("p", "page_id"):
        if query.get(name) and (found := _number(query[name][0])) is not None:
            return found
    return None


def rest_item(href: str | None) -> tuple[str, int] | None:
    """(kind, id) from a REST item URL, pretty (`…/wp-json/wp/v2/posts/7`) or plain (`?rest_route=/wp/v2/posts/7`)."""
    if not href:
        return None
    try:
        parts = urlsplit(href)
        route = parse_qs(parts.query).get("rest_route", [parts.path])[0]
    except ValueError:
        return None
    segments = [segment for segment in route.split("/") if segment]
    if len(segments) < 4 or tuple(segments[-4:-2]) != REST_NAMESPACE:
        return None
    found = _number(segments[-1])
    return None if found is None else (segments[-2], found)


def parse_wp_identity(html: Markup) -> WpIdentity:
    """Every WordPress id the page declares for itself."""
    root = make_tree(html)
    head = head_of(root)
    item = rest_item(attr(select_one(head, selectors.REST_ITEM_LINK), "href"))
    return WpIdentity(
        body_class=_body_id(body_classes(root)),
        article=_article_id(root),
        shortlink=_shortlink_id(attr(select_one(head, selectors.SHORTLINK), "href")),
        rest=item[1] if item else None,
        rest_kind=item[0] if item else None,
    )


def api_root_from_head(html: Markup, page_url: str) -> str | None:
    """The REST API root the page's head announces (`<link rel="https://api.w.org/">`), canonical, else None."""
    href = attr(select_one(head_of(make_tree(html)), selectors.REST_API_LINK), "href")
    return api_root_from_href(href, page_url)


def api_root_from_href(href: str | None, page_url: str) -> str | None:
    """An announced root as an absolute canonical http(s) URL, or None."""
    if not href or not href.strip():
        return None
    url = canonical_url(href, page_url)
    return url if is_web_url(url) else None
