"""Crawler traps the replica serves beside the blog when asked (`ReplicaServer(traps=True)`), never by default.

Each trap is a URL space without end that a real WordPress site can grow: an events calendar whose months
link the next and previous month, a relative link that grows its own path, pagination that answers 200
with nothing on it, near-identical pages under endless session URLs, and facet filters that multiply.
The blog index links every trap's entry; the last page of the blog index links the first empty page.
The blog itself (posts, months, pages, listings) is served exactly as without traps.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from urllib.parse import urlsplit

from crawler.replica import views
from crawler.replica.chrome import Frame, document
from crawler.replica.routes import HTML, Resource
from crawler.replica.site import Site
from crawler.replica.yoast import Seo, head

CALENDAR_START = (2026, 11)
FACETS = ("red", "blue", "large", "small", "cotton", "wool", "sale", "new")
TRAPS = {  # name: the path the blog index links to
    "calendar": f"/events/{CALENDAR_START[0]}/{CALENDAR_START[1]:02d}/",
    "growing_path": "/resources/files/",
    "empty_pagination": "",  # entered from the blog index's last page; see empty_pagination_start
    "session_urls": "/s/abc/",
    "facets": "/shop/",
}
_CALENDAR = re.compile(r"^/events/(\d{4})/(\d{2})/$")
_GROWING = re.compile(r"^/resources/(?:files/)+$")
_SESSION = re.compile(r"^/s/([a-z]+)/$")
_FACETED = re.compile(r"^/shop/((?:[a-z]+/)*)$")
_BLOG_PAGE = re.compile(r"^/blog/page/(\d+)/$")


def trap_of(path: str) -> str | None:
    """Which trap a requested path belongs to, or None for the blog's own URLs."""
    path = path.split("?", 1)[0]
    if _CALENDAR.match(path):
        return "calendar"
    if _GROWING.match(path):
        return "growing_path"
    if _SESSION.match(path):
        return "session_urls"
    if _FACETED.match(path):
        return "facets"
    return None


def empty_pagination_start(site: Site) -> int:
    """The first blog index page number past the real ones: where the empty pagination begins."""
    return site.blog().page_count + 1


def is_empty_page(site: Site, path: str) -> bool:
    """Whether the path is one of the blog index's endless empty pages."""
    paged = _BLOG_PAGE.match(path)
    return paged is not None and int(paged[1]) >= empty_pagination_start(site)


def _month_after(year: int, month: int, delta: int) -> tuple[int, int]:
    """The calendar month `delta` months from year-month."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _token(seed: str, branch: int) -> str:
    """A letters-only session token derived from another (so URLs never repeat and never contain digits)."""
    digest = hashlib.sha256(f"{seed}/{branch}".encode()).hexdigest()[:10]
    return digest.translate(str.maketrans("0123456789", "ghijklmnop"))


def _plain_page(site: Site, base: str, path: str, title: str, paragraph: str, links: list[str]) -> str:
    """A page in the site's frame holding one paragraph and a list of links (hrefs as written)."""
    anchors = "".join(f"<li><a href='{href}'>{href}</a></li>" for href in links)
    main = (
        "<div class='container_wrap container_wrap_first main_color fullsize'><div class='container'>"
        f"<main class='template-page content av-content-full alpha units' role=\"main\"><h1>{title}</h1>"
        f"<div class='entry-content'><p>{paragraph}</p><ul>{anchors}</ul></div></main></div></div>"
    )
    frame = Frame(seo_head=head(Seo(title, base + path, title), base), body_class="page-template-default", main=main)
    return document(site, base, frame)


def _calendar(site: Site, base: str, path: str, year: int, month: int) -> str:
    """An empty events month linking the previous and the next month."""
    before, after = _month_after(year, month, -1), _month_after(year, month, 1)
    links = [f"{base}/events/{y}/{m:02d}/" for y, m in (before, after)]
    return _plain_page(site, base, path, f"Events {year}-{month:02d}", "No events this month.", links)


def _faceted(site: Site, base: str, path: str, chosen: list[str]) -> str:
    """A product filter page linking every filter not chosen yet, added to the ones chosen."""
    links = [f"{base}{path}{facet}/" for facet in FACETS if facet not in chosen]
    return _plain_page(site, base, path, "Shop", "No products match.", links)


def trap_page(site: Site, base: str, path: str) -> str | None:
    """The HTML a trap URL answers (always 200), or None when the path is not a trap's."""
    if calendar := _CALENDAR.match(path):
        return _calendar(site, base, path, int(calendar[1]), int(calendar[2]))
    if _GROWING.match(path):
        return _plain_page(site, base, path, "Resources", "Downloads for patients.", ["files/"])
    if session := _SESSION.match(path):
        links = [f"{base}/s/{_token(session[1], branch)}/" for branch in (1, 2)]
        return _plain_page(site, base, path, "Your visit", "Thank you for visiting.", links)
    if faceted := _FACETED.match(path):
        return _faceted(site, base, path, [facet for facet in faceted[1].split("/") if facet])
    if is_empty_page(site, path):
        number = int(path.split("/")[-2])
        empty = views.listing_page(site, replace(site.blog(), posts=()), 1, base)
        return _with_links(empty, [f"{base}/blog/page/{number + 1}/"])
    return None


def with_trap_entries(site: Site, base: str, path: str, html: str) -> str:
    """A blog page with the links that lead into the traps added (the blog index and its last page)."""
    last = site.blog().page_path(site.blog().page_count)
    links = [base + entry for entry in TRAPS.values() if entry] if path == "/blog/" else []
    if path == last:
        links.append(f"{base}/blog/page/{empty_pagination_start(site)}/")
    return _with_links(html, links) if links else html


def _with_links(html: str, links: list[str]) -> str:
    """The page with a footer list of links added before </body>."""
    anchors = "".join(f"<a href='{href}'>{href}</a>" for href in links)
    return html.replace("</body>", f"<footer class='replica-traps'>{anchors}</footer></body>", 1)


def trapped(site: Site, base: str, target: str, resource: Resource) -> Resource:
    """The response with traps on: a trap URL's page, or the blog's own response with the trap entries added."""
    path = urlsplit(target).path or "/"
    page = trap_page(site, base, path)
    if page is not None:
        return Resource(200, HTML, page.encode(), site.updated)
    if resource.status != 200 or resource.content_type != HTML:
        return resource
    html = with_trap_entries(site, base, path, resource.body.decode())
    return replace(resource, body=html.encode())
