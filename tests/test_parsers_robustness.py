"""Theme changes and bad input: stable WordPress signals still give a post; nothing ever raises."""

from __future__ import annotations

import dataclasses
import json
import pickle
from pathlib import Path

import pytest
from lxml import etree

from parsers.feeds import parse_feed, parse_sitemap
from parsers.page import parse_page
from parsers.soup import classes, make_tree

PAGES = Path(__file__).parent / "pages"
SITE = "https://backinsteppt.com"
SEED_URL = f"{SITE}/2019/05/15/strong-hips-are-crucial/"
BRIDGE_URL = f"{SITE}/2021/01/07/bridge-progression/"
WORDPRESS_CORE_CLASSES = {"hentry", "entry-title", "entry-content", "widget_archive", "wp-post-image"}


def test_default_theme_markup_with_only_wordpress_core_classes() -> None:
    page = parse_page((PAGES / "variant-core-classes.html").read_text(encoding="utf-8"), SEED_URL)
    post = page.post
    assert post is not None and page.kind == "post"
    assert (post.title, post.published, post.modified) == (
        "Strong Hips are Crucial!",
        "2019-05-15T10:00:00-06:00",
        None,
    )
    assert (post.wp_id, post.author, post.categories, post.tags) == (
        1187,
        "Back In Step PT",
        ("Exercise Progressions",),
        ("hips", "strength"),
    )
    assert (post.featured_image_url, post.featured_image_alt) == (None, None)
    assert "not prose" not in post.body_text and "<script" not in post.body_html and "onerror" not in post.body_html
    assert page.missing == ("post.featured_image_url", "related_links")
    assert [(e.name, e.level, len(e.steps)) for e in page.exercises] == [("Clamshell", 1, 2), ("Clamshell", 2, 2)]
    assert page.exercises[0].image_url == f"{SITE}/wp-content/uploads/2019/05/Clamshell-Level-1-300x200.jpg"
    assert [(m.id, m.label, m.listed_count) for m in page.archive_months] == [
        ("2019-06", "June 2019", 2),
        ("2019-05", "May 2019", 3),
        ("2018-10", "October 2018", None),
    ]
    assert [link.target_url for link in page.links][:3] == [f"{SITE}/", f"{SITE}/about/", f"{SITE}/blog/"]
    assert not any(link.target_url.startswith(("mailto:", "tel:")) for link in page.links)


def test_head_meta_and_json_ld_only() -> None:
    url = f"{SITE}/strong-hips-are-crucial/"
    page = parse_page((PAGES / "variant-meta-only.html").read_text(encoding="utf-8"), url)
    post = page.post
    assert post is not None and page.kind == "post"
    assert (post.title, post.published, post.modified) == (
        "Strong Hips are Crucial!",
        "2019-05-15T16:00:00+00:00",
        None,
    )
    assert (post.author, post.categories, post.tags) == (
        "Back In Step PT",
        ("Exercise Progressions",),
        ("hips", "strength"),
    )
    assert post.excerpt == "Why the gluteus medius matters, and five levels of clamshells to strengthen it."
    assert post.featured_image_url == f"{SITE}/wp-content/uploads/2019/05/Clamshell-Level-1.jpg"
    assert post.featured_image_alt is None
    assert post.word_count == 25 and post.body_text.startswith("There are many important muscles")
    assert (post.wp_id, post.slug) == (None, "strong-hips-are-crucial")
    assert page.missing == ("post.wp_id", "related_links", "archive_months")


def test_sample_post_with_theme_classes_stripped_keeps_its_fields() -> None:
    tree = make_tree((PAGES / "samples" / "post-levels-with-images.html").read_text(encoding="utf-8"))
    for element in tree.iter(etree.Element):
        if element.tag == "body" or element.get("class") is None:
            continue
        kept = [name for name in classes(element) if name in WORDPRESS_CORE_CLASSES]
        if kept:
            element.set("class", " ".join(kept))
        else:
            del element.attrib["class"]
    page = parse_page(etree.tostring(tree, encoding="unicode", method="html"), BRIDGE_URL)
    expected = json.loads((PAGES / "samples" / "expected.json").read_text(encoding="utf-8"))
    want = next(post for post in expected["posts"] if post["url"] == BRIDGE_URL)
    assert page.post is not None
    got = json.loads(json.dumps(dataclasses.asdict(page.post)))
    assert {key: got[key] for key in want} == want
    assert len(page.exercises) == 3 and len(page.archive_months) == 20
    assert page.related_links == () and page.missing == ("related_links",)


def test_visible_date_is_the_last_resort_and_gives_a_date() -> None:
    html = (
        "<html><body class='single single-post postid-9'><article class='hentry'>"
        "<h1 class='entry-title'>Strong Hips are Crucial!</h1><span class='date-container'>May 15, 2019</span>"
        "<div class='entry-content'><p>Words.</p></div></article></body></html>"
    )
    page = parse_page(html, SEED_URL)
    assert page.post is not None
    assert (page.post.published, page.post.wp_id) == ("2019-05-15", 9)
    assert page.missing == (
        "post.author",
        "post.featured_image_url",
        "post.categories",
        "post.tags",
        "related_links",
        "archive_months",
    )


def test_categories_and_tags_from_hentry_classes_named_by_their_archive_links() -> None:
    html = (
        "<html><body class='single-post'><article class='hentry category-exercise-progressions tag-hips'>"
        "<h1 class='entry-title'>T</h1><div class='entry-content'><p>x</p></div></article>"
        f"<aside><a href='{SITE}/category/exercise-progressions/'>Exercise Progressions</a></aside></body></html>"
    )
    post = parse_page(html, SEED_URL).post
    assert post is not None
    assert (post.categories, post.tags) == (("Exercise Progressions",), ("hips",))


def test_json_ld_headline_when_no_heading() -> None:
    html = (
        "<html><head><script type='application/ld+json'>"
        '{"@type":"BlogPosting","headline":"Snow Days: Staying Safe &amp; Warm","datePublished":"2019-12-04T17:00:00Z",'
        '"dateModified":"2020-01-02T17:00:00Z","author":[{"@type":"Person","name":"Back In Step PT"}]}'
        "</script></head><body><article><p>Stay warm.</p></article></body></html>"
    )
    post = parse_page(html, f"{SITE}/2019/12/04/snow-days/").post
    assert post is not None
    assert (post.title, post.published, post.modified, post.author) == (
        "Snow Days: Staying Safe & Warm",
        "2019-12-04T17:00:00+00:00",
        "2020-01-02T17:00:00+00:00",
        "Back In Step PT",
    )


def test_pages_that_are_not_posts_yield_no_post() -> None:
    about = (PAGES / "samples" / "page-about.html").read_text(encoding="utf-8")
    listing = (PAGES / "samples" / "blog-index.html").read_text(encoding="utf-8")
    assert parse_page(about, f"{SITE}/about/").post is None
    assert parse_page(listing, f"{SITE}/blog/").post is None


@pytest.mark.parametrize(
    "markup",
    [
        "",
        " ",
        "https://backinsteppt.com/",
        "<<<>>>",
        b"\x00\xff\xfe\x80 not html",
        b"\xef\xbb\xbf<html><title>BOM</title></html>",
        "<div>" * 3000,
        "<p><strong>" * 500 + "Level 1",
        "<ul><li>" * 500 + "Hold for 5-10 seconds",
        "<?xml version='1.0'?><rss><channel></channel></rss>",
        "<script type='application/ld+json'>" + "[" * 5000 + "</script>",
        (
            "<body class='archive date'><main><a rel=bookmark href='http://[::1'>x</a>"
            "<nav class=pagination><a href='http://x:999999/'>2</a></nav></main></body>"
        ),
        "<body class='single-post'><article class='hentry'><h1 class='entry-title'></h1></article></body>",
        "<a href='javascript:void(0)'>x</a><a href='#'>top</a><a href='mailto:a@b.c'>m</a><a href=''>e</a>",
    ],
)
def test_parse_page_never_raises_and_pickles(markup: str | bytes) -> None:
    page = parse_page(markup, SEED_URL)
    assert page.kind in ("post", "archive_month")
    assert pickle.loads(pickle.dumps(page)) == page
    if page.kind == "post" and page.post is None:
        assert page.missing[:2] == ("post", "post.title")


def test_real_page_result_pickles_with_plain_strings() -> None:
    page = parse_page((PAGES / "seed-strong-hips.html").read_bytes(), SEED_URL)
    assert pickle.loads(pickle.dumps(page)) == page
    assert page.post is not None and type(page.post.title) is str and type(page.links[0].anchor_text) is str


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://backinsteppt.com/&lol3;</loc></url></urlset>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://backinsteppt.com/a/</loc><lastmod>&secret;</lastmod></url></urlset>"""


def test_sitemap_parser_expands_no_entities() -> None:
    laughs = parse_sitemap(BILLION_LAUGHS)
    assert len(laughs) == 1 and "lollol" not in laughs[0][0]
    assert parse_sitemap(EXTERNAL_ENTITY) == [("https://backinsteppt.com/a/", "&secret;")]


@pytest.mark.parametrize(
    "xml", [b"", b"   ", b"not xml at all", b"<urlset><url><loc>", b"\x00\xff", b"<html><body>hi</body></html>"]
)
def test_sitemap_and_feed_never_raise(xml: bytes) -> None:
    assert isinstance(parse_sitemap(xml), list)
    assert isinstance(parse_feed(xml), list)


def test_sitemap_without_namespace_and_relative_junk() -> None:
    xml = b"<urlset><url><loc> https://backinsteppt.com/about/#x </loc></url><url><loc>/relative/</loc></url><url></url></urlset>"
    assert parse_sitemap(xml) == [("https://backinsteppt.com/about/", None)]


def test_atom_feed() -> None:
    xml = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
 <entry><link rel="replies" href="https://backinsteppt.com/a/#comments"/><link rel="alternate" href="https://backinsteppt.com/a/?utm_source=rss"/>
  <published>2019-05-15T16:00:00Z</published></entry>
 <entry><link href="https://backinsteppt.com/b/"/><updated>2019-05-16T10:00:00-06:00</updated></entry>
</feed>"""
    assert parse_feed(xml) == [
        ("https://backinsteppt.com/a/", "2019-05-15T16:00:00+00:00"),
        ("https://backinsteppt.com/b/", "2019-05-16T10:00:00-06:00"),
    ]
