"""The lxml tree helpers and the compiled selectors: what each selector matches, first matches, results remembered."""

from __future__ import annotations

import subprocess
import sys

import pytest

from parsers.selectors import css
from parsers.soup import Element, RememberedByMarkup, find, make_tree, select

# Every element has an id, so matches can be compared by it.
PAGE = """<html><head><link id="h1" rel="Next" href="/2"><link id="h2" rel="stylesheet" href="/s.css"></head><body id="b">
<nav id="n1" class="pagination"><a id="a1" href="/p/2">2</a><div id="d1" class="nav-links"><a id="a2" href="/p/3">3</a>
  <a id="a3">no href</a></div></nav>
<a id="a4" class="page-numbers" href="/p/4">4</a><a id="a5" class="page-numbers-x" href="/p/5">5</a>
<div id="d2" class="pagination nav-links"><div id="d3" class="pagination"><a id="a6" href="/p/6">6</a></div></div>
<template id="t1"><div id="d4" class="pagination"><a id="a7" href="/p/7">7</a></div></template>
<section id="s1" class="widget widget_archive"><ul id="u1"><li id="l1"><a id="a8" href="/2019/05/">May</a></li></ul>
  <select id="x1" name="archive-dropdown"><option id="o1" value="/2019/05/">May</option></select></section>
<div id="d5" class="wp-block-archives-list"><div id="d6" class="wp-block-archives"></div></div>
<div id="d7" class="sidebar"><div id="d8" class="related_posts"><a id="a9" class="relThumWrap" href="/x/">x</a>
  <span id="p1" class="relThumb"><a id="a10" href="/y/">y</a></span></div><div id="d9" class="related-posts yarpp-related"></div></div>
<main id="m1"><article id="r1" class="hentry"><h2 id="e1" class="entry-title"><a id="a11" rel="Bookmark" href="/z/">z</a></h2>
  <main id="m2"><article id="r2"></article></main></article></main>
</body></html>"""

# (selector, the element searched from, the ids it finds, in document order); "A B" finds the B below an A that is
# the searched element or below it, never one above; <template> contents are never found.
MATCHES = [
    ("a.page-numbers[href], .pagination a[href], .nav-links a[href]", "b", ["a1", "a2", "a4", "a6"]),
    ("a.page-numbers[href], .pagination a[href], .nav-links a[href]", "n1", ["a1", "a2"]),
    ("a.page-numbers[href], .pagination a[href], .nav-links a[href]", "d1", ["a2"]),
    (".pagination a[href]", "b", ["a1", "a2", "a6"]),
    (".pagination a[href]", "d1", []),
    (".pagination a[href]", "d2", ["a6"]),
    ("link[rel~=prev][href], link[rel~=next][href]", "h", ["h1"]),
    (".widget_archive, .wp-block-archives", "b", ["s1", "d6"]),
    (".widget_archive, .wp-block-archives", "s1", []),
    ("select[name='archive-dropdown'], .widget_archive select, .wp-block-archives select", "b", ["x1"]),
    ("select[name='archive-dropdown'], .widget_archive select, .wp-block-archives select", "s1", ["x1"]),
    (".related_posts, .jp-relatedposts, .yarpp-related, .crp_related, .related-posts", "b", ["d8", "d9"]),
    (".relThumb a[href], a.relThumWrap[href]", "d8", ["a9", "a10"]),
    (".relThumb a[href], a.relThumWrap[href]", "p1", ["a10"]),
    (".hentry .entry-title a[rel~=bookmark][href]", "b", ["a11"]),
    (".hentry .entry-title a[rel~=bookmark][href]", "r1", ["a11"]),
    (".hentry .entry-title a[rel~=bookmark][href]", "e1", []),
    ("main article", "b", ["r1", "r2"]),
    ("main article", "r1", ["r2"]),
    ("p, li", "b", ["l1"]),
]


def ids(elements: list[Element]) -> list[str]:
    """The ids of lxml elements, in order."""
    return [str(element.get("id")) for element in elements]


@pytest.mark.parametrize(("selector", "scope_id", "expected"), MATCHES)
def test_selectors_find_what_lies_below_the_searched_element(selector: str, scope_id: str, expected: list[str]) -> None:
    tree = make_tree(PAGE)
    scope = tree.find("head") if scope_id == "h" else next(e for e in tree.iter() if e.get("id") == scope_id)
    assert scope is not None
    assert ids(select(scope, css(selector))) == expected


def test_template_contents_are_left_out_of_the_tree() -> None:
    tree = make_tree(PAGE)
    assert not [element for element in tree.iter() if element.get("id") in {"t1", "d4", "a7"}]
    assert ids(select(tree, css("a[href]")))[:6] == ["a1", "a2", "a4", "a5", "a6", "a8"]


def test_find_gives_the_first_descendant_in_document_order() -> None:
    tree = make_tree(PAGE)
    body = find(tree, "body")
    assert body is not None and body.get("id") == "b"
    first_div = find(tree, "div")
    assert first_div is not None and first_div.get("id") == "d1"
    assert find(body, "body") is None  # below the scope only
    assert find(tree, "table") is None


def test_results_are_remembered_by_markup_and_the_oldest_forgotten() -> None:
    calls: list[str] = []

    def text_of(element: Element) -> str:
        calls.append(str(element.get("id")))
        return "".join(element.itertext())

    remembered = RememberedByMarkup(text_of, size=2)
    first, same, other, third = (make_tree(f'<p id="{text}">{text}</p>') for text in ("x", "x", "y", "z"))
    paragraph = next(first.iter("p"))
    assert remembered(paragraph) == "x"
    assert remembered(next(same.iter("p"))) == "x"  # another tree, the same markup: not computed again
    assert calls == ["x"]
    assert remembered(next(other.iter("p"))) == "y"
    assert remembered(next(third.iter("p"))) == "z"  # the third markup pushes out the oldest, "x"
    assert remembered(paragraph) == "x"
    assert calls == ["x", "y", "z", "x"]
    remembered.cache_clear()
    assert remembered(next(third.iter("p"))) == "z"
    assert calls == ["x", "y", "z", "x", "z"]


def test_parsers_load_without_beautifulsoup() -> None:
    """bs4 takes tens of milliseconds to import: parsing text, or bytes that declare their charset, needs none of it."""
    code = (
        "import sys; from parsers.page import parse_page; parse_page('<p>x</p>', 'http://a.test/'); "
        "parse_page(b'<meta charset=\"windows-1252\"><p>\\x93x\\x94</p>', 'http://a.test/'); "
        "print('bs4' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert shown.strip() == "False"
