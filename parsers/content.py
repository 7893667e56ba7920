"""Where a single post lives in the page: its article element and its body element."""

from __future__ import annotations

from parsers import selectors
from parsers.soup import Element, select_first


def find_article(soup: Element) -> Element | None:
    """The post's article element: WordPress core `hentry` first, then microdata, then any article."""
    return select_first(soup, selectors.ARTICLE)


def find_entry_content(soup: Element) -> Element | None:
    """The post body element (`.entry-content` and its equivalents), inside the article when there is one."""
    article = find_article(soup)
    if article is not None:
        inside = select_first(article, selectors.ENTRY_CONTENT)
        if inside is not None:
            return inside
    found = select_first(soup, selectors.ENTRY_CONTENT)
    if found is not None:
        return found
    return article
