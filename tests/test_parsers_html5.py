"""The tree the parsers read is the tree a browser builds: HTML5's repairs, not libxml2's, on any markup."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode

from parsers import html5
from parsers.html5 import LIBXML2_CLOSES, browser_tree
from parsers.soup import Element, make_tree
from parsers.text import element_text

# Every HTML element name, current and obsolete, that libxml2 or lexbor treats specially.
HTML_TAGS = [
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "audio",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "button",
    "canvas",
    "caption",
    "center",
    "cite",
    "code",
    "col",
    "colgroup",
    "data",
    "datalist",
    "dd",
    "del",
    "details",
    "dfn",
    "dialog",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "font",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "legend",
    "li",
    "main",
    "map",
    "mark",
    "menu",
    "meter",
    "nav",
    "object",
    "ol",
    "optgroup",
    "option",
    "output",
    "p",
    "picture",
    "pre",
    "progress",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "search",
    "section",
    "select",
    "small",
    "source",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "track",
    "u",
    "ul",
    "var",
    "video",
    "wbr",
    "big",
    "tt",
    "strike",
    "nobr",
    "marquee",
    "acronym",
    "dir",
    "listing",
    "xmp",
]
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
        "bgsound",
        "keygen",
        "param",
    ]
)
# Where an element must sit for HTML to allow it at all.
CONTEXTS = {
    **dict.fromkeys(("tbody", "thead", "tfoot", "caption", "colgroup"), ("<table>", "</table>")),
    "tr": ("<table><tbody>", "</tbody></table>"),
    **dict.fromkeys(("td", "th"), ("<table><tbody><tr>", "</tr></tbody></table>")),
    "li": ("<ul>", "</ul>"),
    **dict.fromkeys(("dt", "dd"), ("<dl>", "</dl>")),
    **dict.fromkeys(("option", "optgroup"), ("<select>", "</select>")),
    "legend": ("<fieldset>", "</fieldset>"),
    "summary": ("<details>", "</details>"),
    "figcaption": ("<figure>", "</figure>"),
    **dict.fromkeys(("rt", "rp"), ("<ruby>", "</ruby>")),
}


def libxml2_keeps(parent: str, child: str, wrapped: bool) -> bool:
    """Whether libxml2 leaves <child> inside <parent> when the markup closes every element explicitly."""
    before, after = CONTEXTS.get(parent, ("", ""))
    inner_before, inner_after = CONTEXTS.get(child, ("", "")) if wrapped else ("", "")
    inner = f"<{child} id=c>" if child in VOID_TAGS else f"<{child} id=c>t</{child}>"
    markup = f"<!DOCTYPE html><html><body>{before}<{parent} id=p>{inner_before}{inner}{inner_after}</{parent}>{after}"
    root = html5.libxml2_tree(markup, huge=False)
    found = {str(element.get("id")): element for element in root.iter() if element.get("id")}
    if "c" not in found or "p" not in found:
        return True  # libxml2 drops one of them altogether: nothing a browser would nest there
    return any(ancestor is found["p"] for ancestor in found["c"].iterancestors())


def test_every_element_libxml2_closes_where_a_browser_nests_is_in_the_table() -> None:
    """The table of html5.LIBXML2_CLOSES against the installed libxml2: no nesting it rebuilds is missing."""
    parents = [tag for tag in HTML_TAGS if tag not in VOID_TAGS]
    closed = {
        (parent, child)
        for parent in parents
        for child in HTML_TAGS
        for wrapped in (False, True)
        if not libxml2_keeps(parent, child, wrapped)
    }
    assert len(closed) > 150  # the probe does find libxml2's closing rules
    listed = {(parent, child) for child, parents_closed in LIBXML2_CLOSES.items() for parent in parents_closed}
    assert closed - listed == set()


def test_void_elements_libxml2_does_not_know_are_written_empty() -> None:
    """Every void element libxml2 would take for a container is one html5 writes as "<wbr/>"."""
    unknown = set()
    for tag in VOID_TAGS:
        root = html5.libxml2_tree(f"<div><p>a<{tag} id=v>b<span id=s>c</span></p></div>", huge=False)
        span = next(element for element in root.iter("span"))
        if span.getparent() is not None and span.getparent().tag == tag:  # type: ignore[union-attr]
            unknown.add(tag)
    assert unknown == set(html5.UNKNOWN_VOID_TAGS)
    tree = make_tree("<p>a<wbr>b<source srcset='x.jpg 2x'>c<embed src='y'>d</p><xmp>e<wbr></xmp>")
    assert shape(tree)[2:] == [
        "html/body",
        "html/body/p a",
        "html/body/p/wbr",
        "html/body/p/source",
        "html/body/p/embed",
        "html/body/xmp e<wbr>",
    ]
    assert [element.tail for element in tree.iter("wbr", "source", "embed")] == ["b", "c", "d"]


def shape(element: Element) -> list[str]:
    """The elements of a tree in document order, each as its path of tag names, with its text in between."""
    found: list[str] = []
    stack: list[tuple[Element, str]] = [(element, element.tag)]  # type: ignore[list-item]
    while stack:
        node, path = stack.pop()
        found.append(f"{path} {' '.join((node.text or '').split())}".strip())
        for child in reversed([child for child in node if isinstance(child.tag, str)]):
            stack.append((child, f"{path}/{child.tag}"))
    return found


def lexbor_shape(document: LexborHTMLParser) -> list[str]:
    """The same listing for lexbor's own tree (what selectolax exposes of the browser's DOM)."""
    document.strip_tags(html5.LEFT_OUT)
    found: list[str] = []
    stack: list[tuple[LexborNode, str]] = [(document.root, "html")]  # type: ignore[list-item]
    while stack:
        node, path = stack.pop()
        text, child, children = "", node.child, []
        while child is not None:
            if child.is_text_node and not children:
                text += child.text_content or ""
            elif child.is_element_node:
                children.append(child)
            child = child.next
        found.append(f"{path} {' '.join(text.split())}".strip())
        stack.extend((child, f"{path}/{child.tag}") for child in reversed(children))
    return found


PIECES = [
    *(f"<{tag}>" for tag in HTML_TAGS),
    *(f"</{tag}>" for tag in HTML_TAGS),
    "<svg><title>icon</title><p>x</svg>", "<template><p>inert</p></template>", "<math><mi>x</mi></math>",
    "<textarea>", "<title>", "<script>", "</script>", "<!-- note -->", "text ", "a &amp; b ", "x<y ", "&nbsp;z ",
    "<wbr>", "<source src=x>", "<embed>", "<track>", "<keygen>", "<bgsound>", "<param>", "<br>", "<hr>", "<img>",
    "<p class='x y' id=k>", "<a href='/a b?c=1&d=2' title='&lt;q&gt;'>", "<img alt=\"\">", "<span x:y=1 data-z>",
]  # fmt: skip


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=40), st.booleans())
def test_the_tree_is_the_one_lexbor_builds_on_any_markup(pieces: list[str], doctype: bool) -> None:
    markup = ("<!DOCTYPE html>" if doctype else "") + "".join(pieces)
    assert shape(make_tree(markup)) == lexbor_shape(LexborHTMLParser(markup))


def body_markup(tree: Element) -> str:
    """The <body> of a tree as HTML."""
    body = tree.find("body")
    assert body is not None
    return etree.tostring(body, encoding="unicode", method="html")


def test_omitted_end_tags_close_where_a_browser_closes_them() -> None:
    tree = make_tree("<ul><li>One<li>Two</ul><p>First<p>Second<h3>Level 1</h3><dl><dt>Term<dd>Meaning</dl>")
    assert body_markup(tree) == (
        "<body><ul><li>One</li><li>Two</li></ul><p>First</p><p>Second</p><h3>Level 1</h3>"
        "<dl><dt>Term</dt><dd>Meaning</dd></dl></body>"
    )


def test_an_unclosed_inline_tag_is_carried_into_the_next_blocks_as_a_browser_does() -> None:
    tree = make_tree("<p><strong>Intro</p><h3>Level 1</h3><ul><li>Stand tall</ul></span><p>After</p>")
    assert body_markup(tree) == (
        "<body><p><strong>Intro</strong></p><h3><strong>Level 1</strong></h3>"
        "<ul><li><strong>Stand tall</strong></li></ul><p><strong>After</strong></p></body>"
    )


def test_blocks_inside_inline_and_heading_elements_stay_where_a_browser_puts_them() -> None:
    # libxml2 alone would close <b> before <p> and <h2> before <table>
    tree = make_tree("<b><p>Bold paragraph</p></b><h2>Title<table><tr><td>Cell</td></tr></table></h2>")
    assert body_markup(tree) == (
        "<body><b><p>Bold paragraph</p></b><h2>Title<table><tbody><tr><td>Cell</td></tr></tbody></table></h2></body>"
    )


def test_markup_after_the_end_of_the_document_is_in_the_body() -> None:
    tree = make_tree("<html><body><p>In</p></body></html><p>After</p>")
    assert element_text(tree) == "In After"


def test_templates_and_inline_svg_are_left_out_and_mathml_is_kept() -> None:
    tree = make_tree("<p>a<svg><title>icon</title></svg>b<template><p>inert</p></template><math><mi>x</mi></math></p>")
    assert body_markup(tree) == "<body><p>ab<math><mi>x</mi></math></p></body>"


def test_names_lxml_refuses_are_renamed_or_left_out_when_the_tree_is_copied() -> None:
    document = LexborHTMLParser("<p><span xmlns:fb='x' data-ok='1' hidden>a</span><b a<b=1>b</b></p>")
    assert document.root is not None
    tree = html5.copied_tree(document.root)
    span = tree.find(".//span")
    assert span is not None and dict(span.attrib) == {"data-ok": "1", "hidden": ""}
    assert element_text(tree) == "ab"


def test_a_nest_deeper_than_libxml2_builds_is_copied_whole() -> None:
    markup = "<div>" * 3000 + "deep" + "</div>" * 3000 + "<p>after</p>"
    tree = make_tree(markup)
    assert element_text(tree) == "deep after"
    assert sum(1 for _ in tree.iter("div")) == 3000


def test_a_page_of_more_tags_than_libxml2_nests_is_still_read_by_libxml2(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(html: LexborNode) -> Element:
        raise AssertionError("copied node by node")

    monkeypatch.setattr(html5, "copied_tree", refuse)
    tree = make_tree("<p>x</p>" * html5.LIBXML2_DEPTH)
    assert sum(1 for _ in tree.iter("p")) == html5.LIBXML2_DEPTH


def test_a_page_of_more_tags_than_lexbor_is_given_is_read_by_libxml2() -> None:
    markup = "<p>start</p>" + "<i>" * html5.MAX_TAGS + "deep"
    tree = browser_tree(markup)
    assert element_text(tree).startswith("start")
    assert (
        sum(1 for _ in tree.iter("i")) < 300
    )  # libxml2 caps nesting (what lies deeper is lost): the cost stays linear


def test_empty_and_text_only_markup_give_an_html_element() -> None:
    assert [element.tag for element in make_tree("").iter()] == ["html", "head", "body"]
    assert element_text(make_tree("just words")) == "just words"
