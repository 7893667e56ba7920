"""The last fallback for a post body: trafilatura's main-text extraction, on the page without foreign parts.

trafilatura (a maintained, benchmarked main-content extractor) is used only when neither the theme's content
area nor a page builder's text blocks hold the post; the post's `sources` then says "trafilatura". It is imported
on first use: most pages never need it.
"""

from __future__ import annotations

import copy
from html import escape

from lxml import etree

from parsers import selectors
from parsers.content import is_foreign, own_post_id
from parsers.soup import Element, select


def generic_body(soup: Element, title: str, region: Element | None = None) -> tuple[str, str]:
    """(text, html) of the page's main text by trafilatura, without other posts' blocks, sidebars, widgets, title;
    of the region alone (the page's main column) when one is given."""
    import trafilatura

    post_id = own_post_id(soup)
    page = copy.deepcopy(soup if region is None else region)
    for element in [element for element in select(page, selectors.FOREIGN_CANDIDATES) if is_foreign(element, post_id)]:
        drop_keeping_tail(element)
    markup = etree.tostring(page, encoding="unicode", method="html")
    text = trafilatura.extract(markup, include_comments=False, include_tables=True, favor_precision=True) or ""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if paragraphs and paragraphs[0] == title:
        paragraphs.pop(0)
    return (" ".join(paragraphs), "".join(f"<p>{escape(line, quote=False)}</p>" for line in paragraphs))


def drop_keeping_tail(element: Element) -> None:
    """Remove an element and its subtree from its parent; the text after it stays."""
    parent = element.getparent()
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)
