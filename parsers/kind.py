"""What kind of page an HTML page is (one of models.PAGE_KINDS): its body classes, head and URL."""

from __future__ import annotations

from parsers import jsonld, selectors
from parsers.meta import meta_content
from parsers.models import PageKind
from parsers.soup import Element, body_classes
from parsers.url_kind import ASSET_EXTENSIONS, LISTING_KINDS, kind_from_url

__all__ = [
    "ASSET_EXTENSIONS",
    "LISTING_KINDS",
    "is_article_page",
    "kind_from_body_classes",
    "kind_from_url",
    "page_kind",
]

OTHER_BODY_CLASSES = frozenset({"error404", "search", "search-results", "author", "attachment"})


def kind_from_body_classes(names: list[str]) -> PageKind | None:
    """The kind WordPress's body classes state, or None when they say nothing."""
    present = set(names)
    if present & OTHER_BODY_CLASSES:
        return "other"
    if "single-post" in present or ("single" in present and any(name.startswith("postid-") for name in present)):
        return "post"
    if "archive" in present and "date" in present:
        return "archive_month"
    stated: tuple[tuple[str, PageKind], ...] = (
        ("blog", "blog_index"),
        ("category", "category"),
        ("tag", "tag"),
        ("page", "page"),
    )
    for name, kind in stated:
        if name in present:
            return kind
    return None


def is_article_page(soup: Element, graph: list[jsonld.Node]) -> bool:
    """True when the head declares a single article (og:type article or a JSON-LD Article)."""
    return meta_content(soup, selectors.OG_TYPE) == "article" or bool(jsonld.article_nodes(graph))


def page_kind(soup: Element, url: str, graph: list[jsonld.Node] | None = None) -> PageKind:
    """The kind of an HTML page: body classes first, then the head's article signals, then the URL."""
    stated = kind_from_body_classes(body_classes(soup))
    if stated is not None:
        return stated
    from_url = kind_from_url(url)
    if from_url in ("post", "archive_month", "blog_index", "category", "tag"):
        return from_url
    if is_article_page(soup, jsonld.load_graph(soup) if graph is None else graph):
        return "post"
    return from_url if from_url in ("page", "other") else "other"
