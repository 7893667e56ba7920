"""Which discovered URLs a crawl follows: pure decisions over canonical URLs."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from crawler.records import SkipReason
from parsers.url_kind import kind_from_url
from parsers.urls import canonical_url

# Paths WordPress serves that are never archive content, only ways to loop or to act.
NOT_CONTENT_PATHS = ("/wp-json/", "/xmlrpc.php", "/wp-login.php", "/wp-admin/", "/comments/feed/")


DIGITS = re.compile(r"\d+")


def start_url_problem(url: str) -> str | None:
    """Why a crawl cannot start at this URL (not http/https, no host, a bad port), or None when it can."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port out of range or not a number
    except ValueError as exc:
        return f"{url!r} is not a valid URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return f"{url!r} is not an http:// or https:// URL"
    if not parts.hostname:
        return f"{url!r} names no host"
    return None


def origin(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def in_scope(url: str, start_url: str) -> bool:
    """Whether a canonical URL is on the start URL's host (scheme, host and port)."""
    return origin(url) == origin(start_url)


def skip_reason(url: str, start_url: str) -> SkipReason | None:
    """Why a crawl does not follow this canonical URL, or None to follow it."""
    if not in_scope(url, start_url):
        return "out_of_scope"
    parts = urlsplit(url)
    if parts.query:
        return "query"
    if is_not_content(parts.path):
        return "not_content"
    if kind_from_url(url) == "asset":
        return "asset"
    return None


def is_not_content(path: str) -> bool:
    """WordPress machinery (login, admin, API, per-post comment feeds), never archive content."""
    per_post_feed = path.endswith("/feed/") and path != "/feed/"
    return path.startswith(NOT_CONTENT_PATHS) or per_post_feed


def seed_urls(start_url: str) -> list[str]:
    """Where every crawl begins: robots.txt, the start page, the sitemap and the feed."""
    base = origin(canonical_url(start_url))
    return [
        f"{base}/robots.txt",
        canonical_url(start_url),
        f"{base}/wp-sitemap.xml",
        f"{base}/feed/",
    ]


def path_pattern(url: str) -> str:
    """The URL's path with every run of digits as N: /calendar/2026/11/ -> /calendar/N/N/."""
    return DIGITS.sub("N", urlsplit(url).path)
