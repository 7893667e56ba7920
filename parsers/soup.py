"""One BeautifulSoup (lxml) tree per page, and safe attribute and selector access."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from bs4 import BeautifulSoup, Tag
from bs4 import MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.dammit import UnicodeDammit

# Code points XML and lxml refuse; a page of garbage must still parse.
CONTROL_CHARACTERS = str.maketrans({code: " " for code in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20))})


def make_soup(markup: str | bytes | Tag) -> Tag:
    """A parsed tree of the markup (lxml), or the tag itself when already parsed."""
    if isinstance(markup, Tag):
        return markup
    if isinstance(markup, bytes):
        markup = UnicodeDammit(markup, is_html=True).unicode_markup or markup.decode("utf-8", errors="replace")
    text = markup.encode("utf-8", errors="replace").decode("utf-8").translate(CONTROL_CHARACTERS)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(text, "lxml")


def attr(tag: Tag | None, name: str) -> str | None:
    """An attribute's value as plain text (multi-valued ones joined by spaces), or None."""
    if tag is None:
        return None
    value = tag.get(name)
    if value is None:
        return None
    if isinstance(value, str):
        return str(value)
    return " ".join(str(item) for item in value)


def classes(tag: Tag | None) -> list[str]:
    """The class names of a tag, in order."""
    value = attr(tag, "class")
    return value.split() if value else []


def select_first(root: Tag, selectors: Iterable[str]) -> Tag | None:
    """The first element matched by the first selector that matches anything."""
    for selector in selectors:
        found = root.select_one(selector)
        if found is not None:
            return found
    return None


def body_classes(soup: Tag) -> list[str]:
    """The class names on <body>."""
    body = soup.find("body")
    return classes(body) if isinstance(body, Tag) else []
