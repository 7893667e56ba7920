"""HTML text to an lxml tree built as browsers build it: the HTML5 parsing algorithm, by lexbor (through selectolax).

Why: libxml2's HTML parser (lxml's) repairs broken markup by its own rules, not HTML5's. A post whose first paragraph
leaves <strong> open, omits </li> and </p> or carries a stray </span> gets a tree no reader sees, and the parsers
miss what the reader sees (its headings, its steps). The parsers' selectors and text work on lxml trees, so the
browser's tree is handed over as one. Times are medians over the 30 real pages (bench/real_pages.py's set):

- selectolax (lexbor, C) builds the browser's tree and writes it back as HTML in 0.5 ms, where every element is
  closed where the browser closed it, and libxml2 reads that markup into the same tree: 1.5 ms in all, against
  0.7 ms for libxml2 alone on the page. Where libxml2's own rules would still move an element (`<b><p>`, `<h2><p>`,
  `<h3><table>`: LIBXML2_CLOSES, a table tests/test_parsers_html5.py checks against the installed libxml2), the
  tree is copied from lexbor node by node instead (2.7 ms; exact by construction).
- html5lib builds the same tree straight into lxml and is correct, but in pure Python: 28 ms a page.
- html5-parser (gumbo, in C, builds lxml trees directly) refuses to load beside lxml's binary wheels, which carry
  their own libxml2 build: it would need lxml built from source on every machine.

<template> contents and inline <svg> (icons) are left out: never text a reader sees, and the HTML inside an <svg>
follows foreign-content rules libxml2 does not know. Hostile pages stay cheap: lexbor's time grows with depth times
tags, so a page with more than MAX_TAGS tags is read by libxml2 alone (nesting capped at 256, linear time, what lies
deeper lost, as before); libxml2 builds at most LIBXML2_DEPTH levels, so a tree it cut short is copied instead.
"""

from __future__ import annotations

import re
from typing import cast

from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode

Element = etree._Element

MAX_TAGS = 20_000  # more "<" than this: libxml2 alone (lexbor on 20 000 nested tags takes about a second)
LIBXML2_DEPTH = 2048  # the deepest nesting libxml2 builds (with huge_tree); fewer tags than this cannot nest deeper
LEFT_OUT = ["template", "svg"]  # never reader-visible text; <svg> content follows rules libxml2 does not know
# For each element, the parents libxml2 closes when that element starts inside them (HTMLparser.c's htmlStartClose),
# where a browser nests it: tests/test_parsers_html5.py probes the installed libxml2 for this table.
LIBXML2_CLOSES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("blockquote", "dir", "div", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "listing", "ol", "xmp"), ("p",)),
    **dict.fromkeys(("address", "menu", "pre"), ("p", "ul")),
    **dict.fromkeys(("td", "th"), ("a", "b", "font", "h1", "h2", "h3", "h4", "h5", "h6", "i", "listing", "p", "pre", "span", "td", "th", "u")),
    **dict.fromkeys(("colgroup", "thead"), ("a", "caption", "colgroup", "h1", "h2", "h3", "h4", "h5", "h6", "listing", "p", "pre")),
    **dict.fromkeys(("fieldset", "legend"), ("a", "h1", "h2", "h3", "h4", "h5", "h6", "legend", "listing", "p", "pre")),
    **dict.fromkeys(("caption", "table"), ("a", "h1", "h2", "h3", "h4", "h5", "h6", "listing", "p", "pre")),
    **dict.fromkeys(("dd", "dl"), ("address", "dir", "dt", "listing", "menu", "p", "pre")),
    **dict.fromkeys(("optgroup", "option"), ("option",)),
    "a": ("a",),
    "tbody": ("a", "caption", "colgroup", "h1", "h2", "h3", "h4", "h5", "h6", "listing", "p", "pre", "tbody", "td", "tfoot", "th", "thead", "tr"),
    "tfoot": ("a", "caption", "colgroup", "h1", "h2", "h3", "h4", "h5", "h6", "listing", "p", "pre", "tbody", "td", "th", "thead", "tr"),
    "tr": ("a", "caption", "colgroup", "h1", "h2", "h3", "h4", "h5", "h6", "listing", "p", "pre", "td", "th", "tr"),
    "dt": ("address", "dd", "dir", "dt", "listing", "menu", "p", "pre"),
    "form": ("address", "dir", "dl", "form", "h1", "h2", "h3", "h4", "h5", "h6", "listing", "menu", "ol", "p", "pre", "ul"),
    "li": ("address", "dir", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "li", "listing", "menu", "p", "pre"),
    "ul": ("address", "dir", "listing", "menu", "p", "pre"),
    "p": ("b", "big", "h1", "h2", "h3", "h4", "h5", "h6", "i", "p", "s", "small", "strike", "tt", "u"),
    "center": ("b", "font", "i", "p"),
    "col": ("caption", "p"),
}  # fmt: skip
# Elements libxml2 places elsewhere or reads as text, and MathML (foreign content): such pages are copied node by node.
MOVED_BY_LIBXML2 = "body title, math, :is(textarea, title, script, style, xmp, iframe, noembed, noframes) > *"
REBUILT_BY_LIBXML2 = ", ".join(
    [f":is({', '.join(parents)}) > {child}" for child, parents in LIBXML2_CLOSES.items()] + [MOVED_BY_LIBXML2]
)
# Void elements libxml2 takes for containers: it puts what follows one inside it, up to its parent's end
UNKNOWN_VOID_TAGS = ("bgsound", "embed", "keygen", "source", "track", "wbr")
XML_NAME = re.compile(r"[A-Za-z_][\w.\-]*")  # a tag or attribute name lxml accepts (no namespace prefix)


def browser_tree(text: str) -> Element:
    """The <html> element of the tree a browser builds from the markup."""
    tags = text.count("<")
    if tags > MAX_TAGS:
        root = libxml2_tree(text, huge=False)
        etree.strip_elements(root, *LEFT_OUT, with_tail=False)
        return root
    document = LexborHTMLParser(text)
    document.strip_tags(LEFT_OUT)
    html = document.root
    if html is None:
        return etree.Element("html")
    if not html.css_matches(REBUILT_BY_LIBXML2):
        root = libxml2_tree(document.html or "", huge=True)
        _empty_voids(root)
        if tags < LIBXML2_DEPTH or root.xpath("count(//*)") == len(html.css("*")):  # nothing lost below its depth
            return root
    return copied_tree(html)


def _empty_voids(root: Element) -> None:
    """Move what libxml2 put inside void elements it does not know back after them, where lexbor has it."""
    for void in list(root.iter(UNKNOWN_VOID_TAGS)):
        parent = void.getparent()
        if parent is None or (void.text is None and not len(void)):
            continue
        after, void.text = void.text or "", None
        children, tail = list(void), void.tail or ""
        position = parent.index(void)
        for offset, child in enumerate(children, start=1):
            parent.insert(position + offset, child)
        if children:
            void.tail = after or None
            children[-1].tail = (children[-1].tail or "") + tail or None
        else:
            void.tail = after + tail or None


def libxml2_tree(text: str, huge: bool) -> Element:
    """The <html> element libxml2's HTML parser builds (`huge`: nesting up to LIBXML2_DEPTH, else 256)."""
    parser = etree.HTMLParser(recover=True, huge_tree=huge)
    parser.feed(text)
    try:
        root = parser.close()
    except etree.XMLSyntaxError:  # no element at all: an empty document
        root = None
    return etree.Element("html") if root is None else root


def copied_tree(html: LexborNode) -> Element:
    """lexbor's tree copied into lxml node by node; names lxml refuses become <span> (tags) or are left out."""
    builder = etree.TreeBuilder()
    builder.start("html", _attributes(html))
    pending: list[LexborNode | None] = []  # the next sibling of each open element
    names: list[str] = []
    node = html.child
    while True:
        while node is not None:
            tag = node.tag or ""
            if tag == "-text":
                builder.data(node.text_content or "")
            elif tag[:1].isalpha():  # an element (comments, the doctype: "-comment", "!doctype")
                try:
                    builder.start(tag, cast(dict[str | bytes, str | bytes], node.attributes))
                except (ValueError, TypeError):  # a name lxml refuses, or an attribute without a value
                    tag = tag if XML_NAME.fullmatch(tag) else "span"
                    builder.start(tag, _attributes(node))
                names.append(tag)
                pending.append(node.next)
                node = node.child
                continue
            node = node.next
        if not names:
            break
        builder.end(names.pop())
        node = pending.pop()
    builder.end("html")
    return builder.close()


def _attributes(node: LexborNode) -> dict[str | bytes, str | bytes]:
    """The element's attributes lxml accepts (no namespace prefixes), a missing value as ""."""
    return {name: value or "" for name, value in node.attributes.items() if XML_NAME.fullmatch(name)}
