"""Every link on an HTML page, and every image in a post body."""

from __future__ import annotations

from parsers import selectors
from parsers.content import Skip
from parsers.meta import base_url
from parsers.models import Image, Link
from parsers.soup import (
    Element,
    Markup,
    RememberedByMarkup,
    attr,
    make_tree,
    select,
    select_one,
)
from parsers.text import collapse_whitespace, element_text
from parsers.urls import canonical_url, is_internal, is_web_url, joined_url

SKIPPED_SCHEMES = ("mailto:", "tel:", "javascript:", "sms:", "data:")
REMEMBERED_ANCHORS = 2048  # anchor texts remembered by the anchor's markup: pages repeat their menus and sidebars


def is_followable_href(href: str) -> bool:
    """False for empty hrefs, same-page fragments ("#", "#top") and mailto:/tel:/javascript: links."""
    text = href.strip()
    return bool(text) and not text.startswith("#") and not text.lower().startswith(SKIPPED_SCHEMES)


def anchor_text(anchor: Element) -> str:
    """The link's visible text, else its aria-label, title or image alt."""
    text = element_text(anchor)
    if text:
        return text
    image = select_one(anchor, selectors.IMAGES)
    for fallback in (attr(anchor, "aria-label"), attr(anchor, "title"), attr(image, "alt")):
        if fallback and collapse_whitespace(fallback):
            return collapse_whitespace(fallback)
    return ""


# An anchor found by selectors.ANCHORS is never inside a <template>: its text depends on its own markup alone.
remembered_anchor_text = RememberedByMarkup(anchor_text, REMEMBERED_ANCHORS)


def page_links(soup: Markup, page_url: str) -> tuple[list[Link], list[tuple[str, str]]]:
    """Every <a href> on the page in order (canonical target, anchor text, internal or not), and the hrefs written as
    variants of a canonical URL (tracking parameters, case, fragments) with it: one pass over the anchors."""
    root = make_tree(soup)
    base = base_url(root, page_url)
    links: list[Link] = []
    variants: dict[str, str] = {}
    for anchor in select(root, selectors.ANCHORS):
        href = (attr(anchor, "href") or "").strip()
        if not is_followable_href(href):
            continue
        target = canonical_url(href, base)
        if not is_web_url(target):
            continue
        text = remembered_anchor_text(anchor) if len(anchor) else anchor_text(anchor)  # a childless one: its text
        links.append(Link(target, text, is_internal(target, page_url)))
        try:
            written = joined_url(base, href)
        except ValueError:  # an href no URL parser accepts, e.g. "http://["
            continue
        if written != target:
            variants.setdefault(written, target)
    return links, list(variants.items())


def images_in(body: list[Element], base: str, skip: Skip) -> list[Image]:
    """Every image inside the post body's elements, in order, src resolved against the base URL; none from what the
    body's text leaves out (comments, related blocks, author boxes, share panels)."""
    images: list[Image] = []
    for element in body:
        for image in select(element, selectors.IMAGES):
            src = (attr(image, "src") or attr(image, "data-src") or "").strip()
            if not src or src.lower().startswith("data:") or _left_out(image, element, skip):
                continue
            alt = attr(image, "alt")
            clean_alt = collapse_whitespace(alt) if alt is not None else None
            images.append(Image(len(images) + 1, canonical_url(src, base), clean_alt))
    return images


def _left_out(image: Element, root: Element, skip: Skip) -> bool:
    """True when the image, or an element between it and the body element holding it, is left out."""
    for node in (image, *image.iterancestors()):
        if node is root:
            return False
        if skip(node):
            return True
    return False
