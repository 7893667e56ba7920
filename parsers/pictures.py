"""The pictures a page's img tags show, each with the largest candidate its srcset offers."""

from __future__ import annotations

import math
from dataclasses import dataclass

from parsers.meta import base_url
from parsers.models import Record
from parsers.soup import Element, Markup, attr, make_tree
from parsers.urls import canonical_url, is_web_url

LAZY_SOURCES = ("data-src", "data-lazy-src", "data-orig-file")  # where lazy-loading plugins keep the real src
SRCSET_ATTRIBUTES = ("srcset", "data-srcset", "data-lazy-srcset")


@dataclass(frozen=True, slots=True)
class ShownImage(Record):
    """One img tag: what it shows, and the largest version its srcset (or its link's data-srcset) names."""

    src: str  # canonical URL; a lazy-loading plugin's data-src when src is a data: placeholder
    largest: str | None  # canonical URL of the largest srcset candidate, None when there is no srcset


def srcset_candidates(srcset: str) -> list[tuple[str, float, str]]:
    """(URL, number, unit) for each candidate of a srcset, as HTML's parsing rules read it: a URL may hold
    commas, a candidate without a descriptor counts as 1x, an unreadable descriptor drops its candidate."""
    candidates = []
    position, length = 0, len(srcset)
    while position < length:
        while position < length and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < length and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            start = position
            while position < length and srcset[position] != ",":
                position += 1
            descriptors = srcset[start:position].strip()
        if not url:
            continue
        if not descriptors:
            candidates.append((url, 1.0, "x"))
            continue
        descriptor = _descriptor(descriptors)
        if descriptor is not None:
            candidates.append((url, *descriptor))
    return candidates


def _descriptor(text: str) -> tuple[float, str] | None:
    """A width ("1200w") or a pixel density ("2x", "1.5x") as (number, unit); None for anything else."""
    unit, number = text[-1:], text[:-1]
    if unit not in ("w", "x") or not number or not number.replace(".", "", 1).isdigit():
        return None
    value = float(number)
    return (value, unit) if math.isfinite(value) and value > 0 else None


def largest_candidate(srcset: str) -> str | None:
    """The srcset candidate with the largest width (or, when none gives a width, the largest density)."""
    candidates = srcset_candidates(srcset)
    widths = [candidate for candidate in candidates if candidate[2] == "w"]
    ranked = widths or candidates
    return max(ranked, key=lambda candidate: candidate[1])[0] if ranked else None


def _web_url(value: str | None, base: str) -> str | None:
    """The canonical http(s) URL a src-like attribute names, else None (empty, data:, javascript: ...)."""
    if value is None or not value.strip():
        return None
    url = canonical_url(value, base)
    return url if is_web_url(url) else None


def _srcset(image: Element) -> str | None:
    """The img's srcset, else a lazy-loading copy of it, else the data-srcset of the link around it (Enfold's)."""
    for name in SRCSET_ATTRIBUTES:
        value = attr(image, name)
        if value and value.strip():
            return value
    parent = image.getparent()
    if parent is not None and parent.tag == "a":
        value = attr(parent, "data-srcset")
        if value and value.strip():
            return value
    return None


def parse_shown_images(markup: Markup, page_url: str) -> tuple[ShownImage, ...]:
    """Every img of the page that shows a web URL, in page order, with its largest srcset candidate."""
    soup = make_tree(markup)
    base = base_url(soup, page_url)
    shown = []
    for image in soup.iter("img"):
        src = _web_url(attr(image, "src"), base)
        if src is None:
            src = next((url for name in LAZY_SOURCES if (url := _web_url(attr(image, name), base))), None)
        if src is None:
            continue
        srcset = _srcset(image)
        largest = _web_url(largest_candidate(srcset), base) if srcset else None
        shown.append(ShownImage(src=src, largest=largest))
    return tuple(shown)
