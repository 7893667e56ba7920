"""What kind of page a URL implies by its path alone: light enough for the crawl's own process to import."""

from __future__ import annotations

from posixpath import splitext

from parsers.models import PageKind
from parsers.urls import path_segments

ASSET_EXTENSIONS = frozenset(
    {
        ".avif", ".bmp", ".css", ".doc", ".docx", ".eot", ".gif", ".gz", ".ico", ".jpeg", ".jpg", ".js",
        ".json", ".m4a", ".mov", ".mp3", ".mp4", ".otf", ".pdf", ".png", ".svg", ".ttf", ".txt", ".wav",
        ".webm", ".webp", ".woff", ".woff2", ".xls", ".xlsx", ".zip",
    }
)  # fmt: skip
ASSET_DIRECTORIES = ("wp-content", "wp-includes")
FEED_SEGMENTS = frozenset({"feed", "rss", "rss2", "atom", "rdf"})
LISTING_KINDS = frozenset({"archive_month", "blog_index", "category", "tag"})  # the pages that list posts


def _is_number(segment: str, digits: int) -> bool:
    """True for a segment of exactly `digits` ASCII digits."""
    return len(segment) == digits and segment.isascii() and segment.isdigit()


def _is_year_month(segments: list[str]) -> bool:
    """True for ["2021", "09"]."""
    return len(segments) == 2 and _is_number(segments[0], 4) and _is_number(segments[1], 2)


def _is_paged(segments: list[str]) -> bool:
    """True for ["page", "2"]."""
    return len(segments) == 2 and segments[0] == "page" and segments[1].isascii() and segments[1].isdigit()


def _html_kind_from_segments(segments: list[str]) -> PageKind:
    """The HTML page kind the WordPress permalink structure implies."""
    if len(segments) == 4 and _is_year_month(segments[:2]) and _is_number(segments[2], 2):
        return "post"
    if _is_year_month(segments[:2]) and (len(segments) == 2 or _is_paged(segments[2:])):
        return "archive_month"
    if segments[:1] == ["blog"] and (len(segments) == 1 or _is_paged(segments[1:])):
        return "blog_index"
    if segments[:1] == ["category"] and len(segments) > 1:
        return "category"
    if segments[:1] == ["tag"] and len(segments) > 1:
        return "tag"
    if not segments or not any(segment.isdigit() or segment.startswith("wp-") for segment in segments):
        return "page"
    return "other"


def kind_from_url(url: str) -> PageKind:
    """The kind a URL implies by its path alone (robots, sitemap, feed, asset, or an HTML kind)."""
    segments = path_segments(url)
    last = segments[-1].lower() if segments else ""
    extension = splitext(last)[1]
    if segments == ["robots.txt"]:
        return "robots"
    if extension == ".xml" and "sitemap" in last:
        return "sitemap"
    if last in FEED_SEGMENTS or (len(segments) > 1 and segments[-2].lower() == "feed"):
        return "feed"
    if (segments and segments[0].lower() in ASSET_DIRECTORIES) or extension in ASSET_EXTENSIONS:
        return "asset"
    return _html_kind_from_segments(segments)
