"""What the document head says: canonical link, meta tags, site name, document title."""

from __future__ import annotations

from typing import cast

from parsers import jsonld, selectors
from parsers.soup import Element, Selector, attr, find, select_one
from parsers.text import collapse_whitespace
from parsers.urls import canonical_url, host_and_port, is_web_url, without_index_file

TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " · ", " :: ")
TITLE_SEPARATOR_CHARACTERS = "-|–—·:»«"


def head_of(soup: Element) -> Element:
    """The document's <head> (where meta and link tags live), else the whole tree."""
    head = find(soup, "head")
    return soup if head is None else head


def meta_content(soup: Element, selector: Selector) -> str | None:
    """The collapsed content of the first matching meta tag in the head, or None when absent or empty."""
    text = collapse_whitespace(attr(select_one(head_of(soup), selector), "content") or "")
    return text or None


def meta_values(soup: Element, prop: str) -> list[str]:
    """The collapsed contents of every <meta property=...> of this property in the head, in order."""
    found = cast(list[Element], selectors.META_PROPERTY(head_of(soup), prop=prop))
    return [collapse_whitespace(attr(element, "content") or "") for element in found]


def base_url(soup: Element, url: str) -> str:
    """The URL relative links resolve against: <base href> when present, else the page URL."""
    href = attr(select_one(head_of(soup), selectors.BASE_HREF), "href")
    return canonical_url(href, url) if href and href.strip() else url


def canonical_link(soup: Element, url: str) -> str:
    """The page's <link rel=canonical> when it is on the same host, else the given URL; canonical."""
    given = canonical_url(url)
    href = attr(select_one(head_of(soup), selectors.CANONICAL_LINK), "href")
    if not href or not href.strip():
        return given
    linked = without_index_file(canonical_url(href, given))
    if is_web_url(linked) and host_and_port(linked) == host_and_port(given):
        return linked
    return given


def site_name(soup: Element, graph: list[jsonld.Node]) -> str | None:
    """The site's name from og:site_name, else the JSON-LD WebSite node."""
    website = jsonld.find_type(graph, "WebSite")
    return meta_content(soup, selectors.OG_SITE_NAME) or (jsonld.text_value(website.get("name")) if website else None)


def strip_site_name(title: str, name: str | None) -> str:
    """A title without its " - Site Name" suffix."""
    if name:
        for separator in TITLE_SEPARATORS:
            suffix = f"{separator}{name}"
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)].strip()
    return title


def document_title(soup: Element) -> str | None:
    """The collapsed text of <head><title>, or None."""
    title = find(head_of(soup), "title")
    text = collapse_whitespace("".join(map(str, title.itertext()))) if title is not None else ""
    return text or None


def page_title(soup: Element, graph: list[jsonld.Node]) -> str | None:
    """The page's own title: og:title or <title>, without the site name."""
    title = meta_content(soup, selectors.OG_TITLE) or document_title(soup)
    if not title:
        return None
    # without a dangling separator where the site's name was left empty ("Uncategorized Archives -")
    return strip_site_name(title, site_name(soup, graph)).strip().strip(TITLE_SEPARATOR_CHARACTERS).strip() or None
