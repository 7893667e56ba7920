"""One lxml tree per page, built as browsers build it, and safe element access.

The tree's root is the <html> element; <template> and <svg> elements are left out (parsers.html5).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from functools import cache
from typing import Generic, TypeAlias, TypeVar, cast

from lxml import etree

from parsers.decode import decode_html
from parsers.html5 import browser_tree

Element = etree._Element
Selector = etree.XPath
Markup: TypeAlias = "str | bytes | Element"

# Code points XML and lxml refuse; a page of garbage must still parse. (ASCII bytes: never inside a UTF-8 sequence.)
CONTROL_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
CONTROL_CHARACTERS = bytes.maketrans(CONTROL_BYTES, b" " * len(CONTROL_BYTES))
T = TypeVar("T")
MISSING = object()  # no result remembered


def decode_markup(markup: str | bytes) -> str:
    """The markup as text lxml accepts: bytes decoded as browsers decode them (parsers.decode), control codes as spaces."""
    if isinstance(markup, bytes):
        markup = decode_html(markup)
    return markup.encode("utf-8", errors="replace").translate(CONTROL_CHARACTERS).decode("utf-8")


def make_tree(markup: Markup) -> Element:
    """The page's <html> element, built as browsers build it (parsers.html5); an element is returned as it is."""
    if isinstance(markup, Element):
        return markup
    return browser_tree(decode_markup(markup))


def select(scope: Element, selector: Selector) -> list[Element]:
    """The elements under the scope the selector matches, in document order."""
    return cast(list[Element], selector(scope))  # every selector in selectors.py selects elements


def select_one(scope: Element | None, selector: Selector) -> Element | None:
    """The first element under the scope the selector matches, or None."""
    if scope is None:
        return None
    found = select(scope, selector)
    return found[0] if found else None


def select_first(scope: Element | None, selectors: tuple[Selector, ...]) -> Element | None:
    """The first element matched by the first selector that matches anything."""
    for selector in selectors:
        found = select_one(scope, selector)
        if found is not None:
            return found
    return None


def find(scope: Element, tag: str) -> Element | None:
    """The first element with this tag name under the scope."""
    found = _first_descendant(tag)(scope)
    return cast(list[Element], found)[0] if found else None


@cache
def _first_descendant(tag: str) -> Selector:
    """XPath for the first element of a tag name below the searched one: libxml2 stops there, while lxml's iterators
    and ElementPath look one match ahead, through the rest of the tree."""
    return etree.XPath(f"descendant::{tag}[1]")


def is_element(node: Element) -> bool:
    """True for elements, False for comments and processing instructions."""
    return isinstance(node.tag, str)


def attr(element: Element | None, name: str) -> str | None:
    """An attribute's value, or None."""
    if element is None:
        return None
    value = element.get(name)
    return None if value is None else str(value)


def classes(element: Element | None) -> list[str]:
    """The class names of an element, in order."""
    value = attr(element, "class")
    return value.split() if value else []


def body_classes(soup: Element) -> list[str]:
    """The class names on <body>."""
    return classes(find(soup, "body"))


def markup_of(element: Element) -> str:
    """The element's own markup as lxml writes it (attributes, text, comments, descendants; not its tail)."""
    return etree.tostring(element, encoding="unicode", with_tail=False)


class RememberedByMarkup(Generic[T]):
    """A function of an element's own markup alone, remembered by that markup (pages repeat their sidebar widgets).

    The latest `size` results are kept; results are shared, so they must be immutable.
    """

    def __init__(self, function: Callable[[Element], T], size: int) -> None:
        self.function = function
        self.size = size
        self.remembered: dict[bytes, T] = {}
        self.lock = threading.Lock()

    def __call__(self, element: Element) -> T:
        """The function's result for this element, computed once per distinct markup (kept by its digest, so a
        large element, an inline SVG or a data: URI image, costs 16 bytes of key)."""
        key = hashlib.blake2b(markup_of(element).encode(), digest_size=16).digest()
        with self.lock:
            found = self.remembered.pop(key, MISSING)
        value = self.function(element) if found is MISSING else cast(T, found)
        with self.lock:
            self.remembered[key] = value  # the newest last
            while len(self.remembered) > self.size:
                del self.remembered[next(iter(self.remembered))]
        return value

    def cache_clear(self) -> None:
        """Forget every result, as functools.lru_cache's cache_clear does."""
        with self.lock:
            self.remembered.clear()


def remembered_by_markup(size: int) -> Callable[[Callable[[Element], T]], RememberedByMarkup[T]]:
    """Decorator: remember a function of an element's own markup (see RememberedByMarkup)."""
    return lambda function: RememberedByMarkup(function, size)
