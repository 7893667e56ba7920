"""Readable text from markup: whitespace collapsing, block-aware text, nh3 sanitising, words."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import nh3
from lxml import etree

from parsers import selectors
from parsers.soup import Element, Markup, is_element, make_tree

INVISIBLE_CHARACTERS = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None})

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
        "option", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "div", "dl", "dt", "em",
        "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "li", "mark", "ol",
        "p", "pre", "q", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "u", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
DROPPED_WITH_CONTENT = frozenset({"script", "style", "iframe", "noscript", "template", "object", "embed", "svg"})
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (including &nbsp;) as single spaces, trimmed; zero-width marks dropped."""
    visible = text if text.isascii() else text.translate(INVISIBLE_CHARACTERS)  # the marks are all non-ASCII
    return " ".join(visible.split())


def count_words(text: str) -> int:
    """Words in text, split on whitespace."""
    return len(text.split())


def has_class(tag: Element, names: frozenset[str]) -> bool:
    """True when the tag carries any of the class names."""
    return any(value in names for value in (tag.get("class") or "").split())


def is_noise(tag: Element) -> bool:
    """True for markup that is never part of an element's readable text (scripts, share boxes)."""
    if tag.tag in selectors.NON_TEXT_TAGS:
        return True
    names = (tag.get("class") or "").split()
    return any(name in selectors.BODY_NOISE_CLASSES or name.startswith(selectors.BODY_NOISE_PREFIXES) for name in names)


def element_text(root: Markup, skip: Callable[[Element], bool] = is_noise) -> str:
    """The readable text of an element, blocks separated by spaces, whitespace collapsed."""
    top = root if isinstance(root, Element) else make_tree(root)
    if not len(top):  # the usual link or list item: its own text only
        return collapse_whitespace(top.text or "")
    parts: list[str] = []
    stack: list[Element | str] = [top]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        if node is not top and skip(node):
            continue
        if node.tag in BLOCK_TAGS:
            parts.append(" ")
            stack.append(" ")
        for child in reversed(node):
            if child.tail:
                stack.append(child.tail)
            if is_element(child):
                stack.append(child)
        if node.text:
            parts.append(node.text)
    return collapse_whitespace("".join(parts))


def inner_html(root: Element, skip: Callable[[Element], bool] = is_noise) -> str:
    """The HTML of an element's children as lxml writes it, without noise children."""
    parts = [escape(root.text or "", quote=False)]
    for child in root:
        if is_element(child) and not skip(child):  # comments left out
            parts.append(etree.tostring(child, encoding="unicode", method="html", with_tail=False))
        parts.append(escape(child.tail or "", quote=False))
    return "".join(parts)


def sanitize_html(html: str) -> str:
    """HTML with nh3: no script, style, iframe, event handlers or javascript: URLs; formatting kept."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    ).strip()
