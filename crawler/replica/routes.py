"""What the replica answers for a request target: WordPress's URL rules, as pure functions."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from crawler.replica import feeds, pictures, rest_api, views
from crawler.replica.chrome import LOGIN_PATH
from crawler.replica.model import UPLOADS
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
    headers: tuple[tuple[str, str], ...] = ()  # more response headers: Link, X-WP-Total...


def _html(status: int, text: str, modified: datetime) -> Resource:
    """An HTML response."""
    return Resource(status, HTML, text.encode(), modified)


def _redirect(base: str, path: str, modified: datetime) -> Resource:
    """A permanent redirect to a path on the site."""
    return Resource(301, HTML, b"", modified, location=base + path)


def _announced(site: Site, base: str, resource: Resource, rest_item: str | None = None) -> Resource:
    """An HTML page with the `Link` headers WordPress sends when its REST API is on."""
    if not site.rest_api:
        return resource
    links = [rest_api.link_header(base)]
    if rest_item is not None:
        links.append(
            (
                "Link",
                f'<{base}{rest_api.ROOT}wp/v2/{rest_item}>; rel="alternate"; title="JSON"; type="application/json"',
            )
        )
    return dataclasses.replace(resource, headers=(*resource.headers, *links))


def _page(site: Site, base: str, path: str) -> Resource | None:
    """An HTML page the site has at exactly this path: post, WordPress page or listing."""
    post = site.post_at(path)
    if post is not None:
        own = f"posts/{post.wp_id}" if site.post_ids else None
        return _announced(site, base, _html(200, views.post_page(site, post, base), post.modified), own)
    page = site.page_at(path)
    if page is not None:
        resource = _html(200, views.wordpress_page(site, page, base), feeds.PAGES_MODIFIED)
        return _announced(site, base, resource, f"pages/{page.wp_id}")
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
    return _announced(site, base, _html(200, views.listing_page(site, listing, number, base), site.updated))


def _file(site: Site, base: str, path: str, crawl_delay: float, api: rest_api.ApiMode) -> Resource | None:
    """robots.txt, a feed, a sitemap, the log-in form, an upload or a placeholder theme file at this path."""
    if path == "/robots.txt":
        robots = feeds.robots_txt(base, crawl_delay, api_disallowed=api == "robots")
        return Resource(200, TEXT, robots.encode(), site.updated)
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
    picture = pictures.upload(path, site.replaced_uploads)
    if picture is not None:  # the web server sends a static file's ETag and Last-Modified, unlike WordPress's pages
        return Resource(picture.status, picture.content_type, picture.body, picture.last_modified, feed_like=True)
    if path.startswith("/wp-content/"):
        for extension, (content_type, data) in _PLACEHOLDERS.items():
            if path.endswith(extension):
                return Resource(200, content_type, data, feeds.PAGES_MODIFIED)
    return None


def _rest(site: Site, base: str, target: str, api: rest_api.ApiMode) -> Resource | None:
    """The REST API's answer, when the target is one of its routes and the site serves it."""
    route = rest_api.route_of(target)
    if route is None:
        return None
    answer = rest_api.api_response(site, base, route, urlsplit(target).query, api)
    if answer is None:
        return _announced(site, base, _html(404, views.not_found_page(site, base), site.updated))
    status, content_type, body, headers = answer
    return Resource(status, content_type, body, site.updated, headers=headers)


def uploads_moved(resource: Resource, base: str, uploads_base: str) -> Resource:
    """An HTML page naming its uploads on `uploads_base` instead of the site's own host, as a CDN plugin rewrites a
    WordPress page on its way out (CDN Enabler, WP Offload Media)."""
    if resource.content_type != HTML:
        return resource
    body = resource.body.replace(f"{base}{UPLOADS}".encode(), f"{uploads_base}{UPLOADS}".encode())
    return dataclasses.replace(resource, body=body)


def respond(site: Site, base: str, target: str, crawl_delay: float, api: rest_api.ApiMode = "open") -> Resource:
    """The response to a GET of `target` (path and query) on the site served at `base`, its REST API in `api` mode."""
    parts = urlsplit(target)
    path = parts.path or "/"
    rest = _rest(site, base, target, api)
    if rest is not None:
        return rest
    shortlink = parse_qs(parts.query).get("p", [""])[0]
    if path == "/" and shortlink.isdigit():
        post = site.post_by_id(int(shortlink))
        if post is not None:
            return _redirect(base, post.path, post.modified)
    found = _file(site, base, path, crawl_delay, api) or _page(site, base, path)
    if found is not None:
        return found
    moved_to = site.moved_from(path)
    if moved_to is not None:  # WordPress's old-slug redirect
        return _redirect(base, moved_to, site.updated)
    if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
        with_slash = _page(site, base, path + "/")
        if with_slash is not None and with_slash.status == 200:
            return _redirect(base, path + "/", site.updated)
    return _announced(site, base, _html(404, views.not_found_page(site, base), site.updated))
