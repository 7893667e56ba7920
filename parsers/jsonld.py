"""The page's JSON-LD (Yoast) graph: load it, find the article, read names and images."""

from __future__ import annotations

import html
import json
from typing import Any

from parsers import selectors
from parsers.soup import Element, select
from parsers.urls import canonical_url, joined_url

Node = dict[str, Any]

ARTICLE_TYPES = frozenset({"Article", "BlogPosting", "NewsArticle", "TechArticle", "Report"})
PAGE_TYPES = frozenset({"WebPage", "ItemPage", "AboutPage"})


def load_graph(soup: Element) -> list[Node]:
    """Every JSON-LD node on the page, @graph members flattened, in page order."""
    nodes: list[Node] = []
    for script in select(soup, selectors.JSON_LD):
        try:
            data: Any = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue
        pending: list[Any] = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending[:0] = item
            elif isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    pending[:0] = graph
                else:
                    nodes.append(item)
    return nodes


def node_types(node: Node) -> set[str]:
    """The @type values of a node."""
    value = node.get("@type")
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()


def article_nodes(graph: list[Node]) -> list[Node]:
    """Every Article-like node (Article, BlogPosting, ...), whichever page each describes."""
    return [node for node in graph if node_types(node) & ARTICLE_TYPES]


def page_key(url: str) -> str:
    """A URL as compared with the page's: no scheme, fragment or trailing slash; host in lower case, without www."""
    without_scheme = canonical_url(url).partition("://")[2]
    return without_scheme.removeprefix("www.").rstrip("/")


def node_urls(node: Node, base: str) -> list[str]:
    """The absolute URLs a node names as its own: url, @id (not a blank node's) and mainEntityOfPage."""
    found: list[str] = []
    for value in (node.get("url"), node.get("@id"), node.get("mainEntityOfPage")):
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.strip() and not value.startswith("_:"):
            try:
                found.append(joined_url(base, value.strip()))
            except ValueError:  # an address no URL parser accepts names no page
                continue
    return found


def is_about_page(node: Node, page_urls: tuple[str, ...]) -> bool | None:
    """True when one of the node's URLs is the page's, False when it names only other pages, None when it names none."""
    urls = node_urls(node, page_urls[0])
    if not urls:
        return None
    keys = {page_key(url) for url in page_urls}
    return any(page_key(url) in keys for url in urls)


def find_article(graph: list[Node], page_urls: tuple[str, ...]) -> Node | None:
    """The page's own Article node: the one whose url, @id or mainEntityOfPage is one of the page's URLs (canonical
    first), else the only Article node when it names no URL; None when the Article nodes describe other pages."""
    articles = article_nodes(graph)
    own = next((node for node in articles if is_about_page(node, page_urls)), None)
    if own is None and len(articles) == 1 and is_about_page(articles[0], page_urls) is None:
        return articles[0]
    return own


def page_nodes(graph: list[Node], article: Node | None, page_urls: tuple[str, ...]) -> list[Node]:
    """The nodes that describe the page itself: its article first, then its WebPage nodes (never other articles)."""
    pages = [node for node in graph if node_types(node) & PAGE_TYPES and is_about_page(node, page_urls) is not False]
    return ([article] if article is not None else []) + [node for node in pages if node is not article]


def find_type(graph: list[Node], type_name: str) -> Node | None:
    """The first node of the given @type."""
    return next((node for node in graph if type_name in node_types(node)), None)


def resolve(graph: list[Node], value: Any) -> Any:
    """A {"@id": ...} reference replaced by the node it names, when the graph holds it."""
    if isinstance(value, dict) and set(value) == {"@id"}:
        return next((node for node in graph if node.get("@id") == value["@id"]), value)
    return value


def text_value(value: Any) -> str | None:
    """A JSON string with HTML entities decoded and whitespace collapsed, or None."""
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value).split())
    return text or None


def string_list(value: Any) -> list[str]:
    """A string or list of strings (comma-separated strings split) as clean texts."""
    items = value if isinstance(value, list) else [value]
    texts: list[str] = []
    for item in items:
        text = text_value(item)
        if text is None:
            continue
        texts.extend(part.strip() for part in text.split(",") if part.strip())
    return texts


def name_of(graph: list[Node], value: Any) -> str | None:
    """The name of a person or thing, following @id references and taking the first of a list."""
    if isinstance(value, list):
        value = value[0] if value else None
    value = resolve(graph, value)
    if isinstance(value, dict):
        named = text_value(value.get("name"))
        if named is None and "@id" in value:
            named = text_value(resolve(graph, {"@id": value["@id"]}).get("name"))
        return named
    return text_value(value)


def image_url(graph: list[Node], article: Node | None, page_urls: tuple[str, ...]) -> str | None:
    """The article's primary image URL: its image, else the page's #primaryimage."""
    candidates: list[Any] = []
    if article is not None:
        candidates.append(article.get("image"))
    candidates.extend(
        node
        for node in graph
        if str(node.get("@id", "")).endswith("#primaryimage") and is_about_page(node, page_urls) is not False
    )
    for candidate in candidates:
        if isinstance(candidate, list):
            candidate = candidate[0] if candidate else None
        candidate = resolve(graph, candidate)
        if isinstance(candidate, str):
            return text_value(candidate)
        if isinstance(candidate, dict):
            found = text_value(candidate.get("url")) or text_value(candidate.get("contentUrl"))
            if found:
                return found
    return None
