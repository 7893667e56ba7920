"""The "You might also like" block of a post."""

from __future__ import annotations

from bs4 import Tag

from parsers import selectors
from parsers.models import RelatedLink
from parsers.soup import attr, make_soup
from parsers.text import collapse_whitespace, element_text
from parsers.urls import canonical_url, is_web_url


def _related_title(anchor: Tag) -> str:
    """The related post's title as shown: the theme's title element, else the anchor's title or text."""
    shown = anchor.select_one(selectors.RELATED_TITLE)
    image = anchor.select_one(selectors.IMAGES)
    for candidate in (
        element_text(shown) if shown is not None else "",
        collapse_whitespace(attr(anchor, "title") or ""),
        element_text(anchor),
        collapse_whitespace(attr(image, "alt") or ""),
    ):
        if candidate:
            return candidate
    return ""


def parse_related_links(soup: Tag | str | bytes, page_url: str) -> list[RelatedLink]:
    """Each entry of the related-posts block, in page order, positions from 1."""
    root = make_soup(soup)
    block = root.select_one(selectors.RELATED_BLOCK)
    if block is None:
        return []
    anchors = block.select(selectors.RELATED_ANCHORS) or block.select(selectors.RELATED_ANY_ANCHOR)
    by_target: dict[str, tuple[str, str | None, str | None]] = {}
    for anchor in anchors:
        target = canonical_url(attr(anchor, "href") or "", page_url)
        if not is_web_url(target):
            continue
        image = anchor.select_one(selectors.IMAGES)
        src = attr(image, "src")
        raw_alt = attr(image, "alt")
        alt = collapse_whitespace(raw_alt) if raw_alt is not None else None
        title = _related_title(anchor)
        known = by_target.get(target)
        if known is None:
            by_target[target] = (title, canonical_url(src, page_url) if src else None, alt)
        elif not known[1] and src:
            by_target[target] = (known[0] or title, canonical_url(src, page_url), alt)
    return [
        RelatedLink(position, target, title, thumbnail, alt)
        for position, (target, (title, thumbnail, alt)) in enumerate(by_target.items(), start=1)
    ]
