"""What the replica answers for a request target: WordPress's URL rules, as pure functions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from crawler.replica import feeds, pictures, views
from crawler.replica.chrome import LOGIN_PATH
from crawler.replica.site import Site

HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
TEXT = "text/plain; charset=utf-8"
_PLACEHOLDERS = {  # every theme file answers with a tiny stand-in of the right type
    ".css": ("text/css; charset=UTF-8", b"/* replica */\n"),
    ".js": ("application/javascript; charset=UTF-8", b"/* replica */\n"),
}
_PAGED = re.compile(r"^(?P<listing>/.*/)page/(?P<number>\d+)/$")


@dataclass(frozen=True, slots=True)
class Resource:
    """One response, before conditional requests and faults are applied."""

    status: int
    content_type: str
    body: bytes
    last_modified: datetime
    feed_like: bool = False  # feeds, sitemaps and uploads carry validators even on a stock WordPress
    location: str | None = None


def _html(status: int, text: str, modified: datetime) -> Resource:
    """An HTML response."""
    return Resource(status, HTML, text.encode(), modified)


def _redirect(base: str, path: str, modified: datetime) -> Resource:
    """A permanent redirect to a path on the site."""
    return Resource(301, HTML, b"", modified, location=base + path)


def _page(site: Site, base: str, path: str) -> Resource | None:
    """An HTML page the site has at exactly this path: post, WordPress page or listing."""
    post = site.post_at(path)
    if post is not None:
        return _html(200, views.post_page(site, post, base), post.modified)
    page = site.page_at(path)
    if page is not None:
        return _html(200, views.wordpress_page(site, page, base), feeds.PAGES_MODIFIED)
    paged = _PAGED.match(path)
    listing = site.listing_at(paged["listing"] if paged else path)
    if listing is None:
        return None
    number = int(paged["number"]) if paged else 1
    if number == 1 and paged:
        return _redirect(base, listing.path, site.updated)
    if not 1 <= number <= listing.page_count:
        return None
    if listing.page_path(number) != path:
        return _redirect(base, listing.page_path(number), site.updated)
    return _html(200, views.listing_page(site, listing, number, base), site.updated)


def _file(site: Site, base: str, path: str, crawl_delay: float) -> Resource | None:
    """robots.txt, a feed, a sitemap, the log-in form, an upload or a placeholder theme file at this path."""
    if path == "/robots.txt":
        return Resource(200, TEXT, feeds.robots_txt(base, crawl_delay).encode(), site.updated)
    if path == LOGIN_PATH:
        return _html(200, views.login_page(base), site.updated)
    documents: dict[str, tuple[str, Callable[[], str]]] = {
        "/feed/": (RSS, lambda: feeds.posts_feed(site, base)),
        "/wp-sitemap.xml": (XML, lambda: feeds.sitemap_index(site, base)),
    }
    if path in documents:
        content_type, render = documents[path]
        return Resource(200, content_type, render().encode(), site.updated, feed_like=True)
    if path.startswith("/wp-sitemap-"):
        for file in feeds.sitemap_files(site):
            if file.path == path:
                return Resource(200, XML, feeds.sitemap(file, base).encode(), site.updated, feed_like=True)
    picture = pictures.upload(path)
    if picture is not None:  # the web server sends a static file's ETag and Last-Modified, unlike WordPress's pages
        return Resource(picture.status, picture.content_type, picture.body, picture.last_modified, feed_like=True)
    if path.startswith("/wp-content/"):
        for extension, (content_type, data) in _PLACEHOLDERS.items():
            if path.endswith(extension):
                return Resource(200, content_type, data, feeds.PAGES_MODIFIED)
    return None


def respond(site: Site, base: str, target: str, crawl_delay: float) -> Resource:
    """The response to a GET of `target` (path and query) on the site served at `base`."""
    parts = urlsplit(target)
    path = parts.path or "/"
    shortlink = parse_qs(parts.query).get("p", [""])[0]
    if path == "/" and shortlink.isdigit():
        post = site.post_by_id(int(shortlink))
        if post is not None:
            return _redirect(base, post.path, post.modified)
    found = _file(site, base, path, crawl_delay) or _page(site, base, path)
    if found is not None:
        return found
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        with_slash = _page(site, base, path + "/")
        if with_slash is not None and with_slash.status == 200:
            return _redirect(base, path + "/", site.updated)
    return _html(404, views.not_found_page(site, base), site.updated)
