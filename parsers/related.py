"""The "You might also like" block of a post."""

from __future__ import annotations

from parsers import selectors
from parsers.models import RelatedLink
from parsers.soup import Element, Markup, attr, make_tree, select, select_one
from parsers.text import collapse_whitespace, element_text
from parsers.urls import canonical_url, is_web_url


def _related_title(anchor: Element) -> str:
    """The related post's title as shown: the theme's title element, else the anchor's title or text."""
    shown = select_one(anchor, selectors.RELATED_TITLE)
    image = select_one(anchor, selectors.IMAGES)
    for candidate in (
        element_text(shown) if shown is not None else "",
        collapse_whitespace(attr(anchor, "title") or ""),
        element_text(anchor),
        collapse_whitespace(attr(image, "alt") or ""),
    ):
        if candidate:
            return candidate
    return ""


def parse_related_links(soup: Markup, page_url: str) -> list[RelatedLink]:
    """Each entry of the related-posts block, in page order, positions from 1."""
    block = select_one(make_tree(soup), selectors.RELATED_BLOCK)
    if block is None:
        return []
    anchors = (
        select(block, selectors.RELATED_ANCHORS)
        or select(block, selectors.RELATED_BOOKMARK_ANCHORS)
        or select(block, selectors.RELATED_ANY_ANCHOR)
    )
    entries = {canonical_url(attr(anchor, "href") or "", page_url) for anchor in anchors}
    by_target: dict[str, tuple[str, str | None, str | None]] = {}
    for anchor in select(block, selectors.RELATED_ANY_ANCHOR):  # thumbnails may sit in a second link to the entry
        target = canonical_url(attr(anchor, "href") or "", page_url)
        if target not in entries or not is_web_url(target):
            continue
        image = select_one(anchor, selectors.IMAGES)
        src = attr(image, "src")
        raw_alt = attr(image, "alt")
        alt = collapse_whitespace(raw_alt) if raw_alt is not None else None
        title = _related_title(anchor)
        thumbnail = canonical_url(src, page_url) if src else None
        known = by_target.get(target)
        if known is None:
            by_target[target] = (title, thumbnail, alt)
        elif known[1] or not thumbnail:
            by_target[target] = (known[0] or title, known[1], known[2])
        else:
            by_target[target] = (known[0] or title, thumbnail, alt)
    return [
        RelatedLink(position, target, title, thumbnail, alt)
        for position, (target, (title, thumbnail, alt)) in enumerate(by_target.items(), start=1)
    ]
