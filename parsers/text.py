"""Readable text from markup: whitespace collapsing, block-aware text, nh3 sanitising, words."""

from __future__ import annotations

from collections.abc import Callable

import nh3
from bs4 import Tag
from bs4.element import CData, Comment, Declaration, Doctype, NavigableString, PageElement, ProcessingInstruction

from parsers import selectors

INVISIBLE_CHARACTERS = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None, "\u00ad": None})

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
        "option", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

NON_PROSE_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)

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
    return " ".join(text.translate(INVISIBLE_CHARACTERS).split())


def count_words(text: str) -> int:
    """Words in text, split on whitespace."""
    return len(text.split())


def has_class(tag: Tag, names: frozenset[str]) -> bool:
    """True when the tag carries any of the class names."""
    classes = tag.get("class")
    if classes is None:
        return False
    values = classes.split() if isinstance(classes, str) else list(classes)
    return any(value in names for value in values)


def is_noise(tag: Tag) -> bool:
    """True for markup that is never part of an element's readable text (scripts, share boxes)."""
    return tag.name in selectors.NON_TEXT_TAGS or has_class(tag, selectors.BODY_NOISE_CLASSES)


def element_text(root: Tag, skip: Callable[[Tag], bool] = is_noise) -> str:
    """The readable text of an element, blocks separated by spaces, whitespace collapsed."""
    parts: list[str] = []
    stack: list[PageElement | str] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, PageElement):
            parts.append(node)
        elif isinstance(node, NavigableString):
            if not isinstance(node, NON_PROSE_STRINGS):
                parts.append(str(node))
        elif isinstance(node, Tag) and (node is root or not skip(node)):
            block = node.name in BLOCK_TAGS
            if block:
                parts.append(" ")
                stack.append(" ")
            stack.extend(reversed(node.contents))
    return collapse_whitespace("".join(parts))


def inner_html(root: Tag, skip: Callable[[Tag], bool] = is_noise) -> str:
    """The HTML of an element's children, leaving out noise children."""
    return "".join(str(child) for child in root.contents if not (isinstance(child, Tag) and skip(child)))


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

