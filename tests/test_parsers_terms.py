"""Categories and tags by the names the site shows: term links or JSON-LD first, class slugs only as a last resort."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.page import parse_page

TERMS = Path(__file__).parent / "pages" / "terms"
URL = "https://net.example/2023/06/10/highlights/"

# (fixture, categories, tags, where both were read)
CASES = [
    ("links-without-rel.html", ("Cisco Live", "Events & Talks"), ("SD-WAN",), "article term links"),
    ("json-ld-sections.html", ("Cisco Live", "Events & Talks"), ("SD-WAN", "Wi-Fi 7"), "json-ld"),
    ("meta-section-over-classes.html", ("Cisco Live",), ("SD-WAN",), "meta article:"),
    (
        "slugs-named-by-archive-links.html",
        ("Cisco Live",),
        ("SD-WAN",),
        "article classes, named by their archive links",
    ),
    ("slugs-only.html", ("cisco-live",), ("sd-wan", "wi-fi-7"), "article classes (slugs)"),
]


@pytest.mark.parametrize(("name", "categories", "tags", "source"), CASES)
def test_terms_are_the_names_the_page_shows_and_say_where_they_came_from(
    name: str, categories: tuple[str, ...], tags: tuple[str, ...], source: str
) -> None:
    post = parse_page((TERMS / name).read_bytes(), URL).post
    assert post is not None
    assert (post.categories, post.tags) == (categories, tags)
    assert post.sources["categories"].startswith(source) and post.sources["tags"].startswith(source)


def test_a_link_to_an_archive_inside_the_body_is_not_one_of_the_posts_terms() -> None:
    post = parse_page((TERMS / "links-without-rel.html").read_bytes(), URL).post
    assert post is not None and "reviews" not in {name.lower() for name in post.categories}
