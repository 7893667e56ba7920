"""Posts and listings built with page builders: the whole post in page order, or a missing entry; every listed post."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from parsers.content import post_scope, words_beside_body
from parsers.models import ParsedPage
from parsers.page import parse_page
from parsers.post import CHECKED_COLUMN_WORDS, TRUSTED_SHARE
from parsers.soup import make_tree
from parsers.text import count_words

PAGES = Path(__file__).parent / "pages"
BUILDER = PAGES / "builder"
URL = "https://clinic.example/2021/04/02/a-post/"


@cache
def parsed(name: str) -> ParsedPage:
    """One builder fixture page, parsed once per test run."""
    return parse_page((BUILDER / name).read_bytes(), URL)


# (fixture, body text, where it was read): sections, columns, headings, lists, tables and toggles in page order;
# buttons, widget areas, other posts' grids and teasers, sidebars and footers left out.
BODIES = [
    (
        "enfold-sections.html",
        (
            "Long walks load the knee far more than a short stroll. Before you set out Warm up for five minutes. "
            "Wear shoes that fit. After the walk Cool down with gentle quad stretches. Ice 10 minutes When to see us "
            "Swelling that lasts two days needs a look."
        ),
        "page builder sections",
    ),
    (
        "enfold-content-slider.html",  # the post's own slides, each marked as a BlogPosting card
        "Assessment The first visit takes an hour and ends with a plan. Treatment Hands-on work and exercise, every week.",
        "article",
    ),
    (
        "divi-rows.html",
        (
            "Why stretch at your desk Sitting still stiffens the neck. Roll the shoulders. Tuck the chin. "
            "Hold each stretch for 20 seconds. Repeat every hour."
        ),
        "entry-content",
    ),
    (
        "elementor-widgets.html",
        (
            "Dress in layers Three thin layers keep you warmer than one thick coat. Warm up indoors Leg swings "
            "High knees Shorten your stride on ice."
        ),
        "page builder sections",
    ),
    (
        "wpbakery-rows.html",
        "Sit at the right height Forearms level with the keys. Feet flat on the floor. Breaks Stand up every half hour.",
        "page builder sections",
    ),
    (
        "empty-content-area.html",
        "Stand near a counter and lift one foot. Make it harder Close your eyes for ten seconds.",
        "page builder sections",
    ),
]


@pytest.mark.parametrize(("name", "text", "source"), BODIES)
def test_a_builder_post_body_is_every_part_of_the_post_in_page_order(name: str, text: str, source: str) -> None:
    post = parsed(name).post
    assert post is not None
    assert (post.body_text, post.sources["body_text"]) == (text, source)
    assert "post.body_text" not in parsed(name).missing


def test_a_slides_heading_is_not_the_posts_title() -> None:
    post = parsed("enfold-content-slider.html").post
    assert post is not None and (post.title, post.sources["title"]) == ("Our services", "title element")


def test_a_fragment_beside_text_the_builder_markup_hides_gives_way_to_the_main_columns_reading() -> None:
    post = parsed("fragment-and-unknown-blocks.html").post
    assert post is not None
    assert post.sources["body_text"] == "trafilatura on the main column"
    assert post.body_text.startswith("Start slowly. Tennis elbow is an overload of the tendons")
    assert post.body_text.endswith("reduce the load on the tendons while they recover.")
    assert count_words(post.body_text) == 115  # the fragment and all four paragraphs


def test_a_fragment_no_reading_can_trust_is_not_stored_and_is_named_missing() -> None:
    page = parsed("fragment-among-link-lists.html")
    assert page.post is not None
    assert (page.post.body_text, page.post.body_html, page.post.word_count) == ("", "", 0)
    assert "body_text" not in page.post.sources
    assert "post.body_text" in page.missing


@pytest.mark.parametrize("path", sorted(PAGES.rglob("*.html")), ids=lambda path: path.name)
def test_no_body_under_half_of_the_main_column_is_stored_without_a_missing_entry(path: Path) -> None:
    html = path.read_bytes()
    page = parse_page(html, URL)
    if page.post is None or not page.post.body_text:
        return
    scope = post_scope(make_tree(html))
    column_words = count_words(page.post.body_text) + words_beside_body(scope)
    trusted = count_words(page.post.body_text) >= TRUSTED_SHARE * column_words or column_words < CHECKED_COLUMN_WORDS
    assert trusted or "post.body_text" in page.missing or page.post.sources["body_text"].startswith("trafilatura")


# (fixture, the posts it lists in page order): builder sliders, grids, masonry and magazine blocks and the theme's
# loop; never a sidebar's recent posts, a widget, a footer or a related block.
LISTINGS = [
    (
        "listing-enfold-slider-masonry.html",
        [
            "2021/05/01/knee-one",
            "2021/04/20/knee-two",
            "2021/04/02/knee-three",
            "2021/03/15/knee-four",
            "2021/03/01/knee-five",
        ],
    ),
    (
        "listing-magazine-and-loop.html",
        ["2022/02/02/lead-story", "2022/01/25/second-story", "2022/01/10/loop-one", "2022/01/03/loop-two"],
    ),
    (
        "listing-elementor-posts.html",
        ["2023/01/15/running-in-the-cold", "2022/12/01/running-in-the-heat", "2022/11/11/shoes"],
    ),
    (
        "listing-divi-grid-and-slider.html",
        ["2022/06/10/three-desk-stretches", "2022/05/01/standing-desks", "2022/04/01/monitor-height"],
    ),
    (
        "listing-block-editor.html",
        ["2024/03/03/scales", "2024/02/02/wrists", "2024/01/01/pedals", "2023/12/12/bench-height"],
    ),
]


@pytest.mark.parametrize(("name", "paths"), LISTINGS)
def test_a_listing_built_from_builder_elements_lists_every_post_in_page_order(name: str, paths: list[str]) -> None:
    page = parse_page((BUILDER / name).read_bytes(), "https://clinic.example/category/news/")
    assert page.kind in {"category", "blog_index"}
    assert list(page.listed_posts) == [f"https://clinic.example/{path}/" for path in paths]
    assert "listed_posts" not in page.missing
