"""Markup of other WordPress themes and page builders: each fixture page reproduces one pattern real sites show."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from parsers import jsonld
from parsers.models import ParsedPage, Post
from parsers.page import parse_page
from parsers.post import title_without_site
from parsers.urls import image_file

THEMES = Path(__file__).parent / "pages" / "themes"


@cache
def parsed(name: str, url: str = "https://blog.example/2020/01/01/a-post/") -> ParsedPage:
    """One fixture page, parsed once per test run."""
    return parse_page((THEMES / name).read_bytes(), url)


def post_of(name: str, url: str = "https://blog.example/2020/01/01/a-post/") -> Post:
    """The post a fixture page shows."""
    post = parsed(name, url).post
    assert post is not None
    return post


def test_builder_post_is_read_from_its_own_column_and_head_never_from_a_teaser() -> None:
    post = post_of("builder-with-teasers.html", "https://trail.example/2020/02/19/walking-the-coast-path/")
    assert post.title == "Walking the Coast Path"
    assert post.published == "2020-02-19T06:15:43+00:00"
    assert post.author == "Morwenna"
    assert post.tags == ("coast", "Walking")
    assert post.body_text == (  # the section's heading is the post's too
        "Walking the coast The coast path starts at the harbour wall and climbs to the headland. "
        "Take water: there is no café for twelve miles."
    )
    assert post.sources == {
        "title": "meta og:title",
        "published": "meta article:published_time",
        "author": "json-ld author",
        "tags": "meta article:tag",
        "body_text": "page builder sections",
        "excerpt": "first paragraph of the body",
    }


def test_a_page_whose_only_post_markup_is_a_teaser_and_whose_title_is_the_site_name_gives_no_post() -> None:
    page = parsed("builder-teasers-only.html", "https://trail.example/2020/02/19/walking-the-coast-path/")
    assert page.kind == "post"
    assert page.post is None
    assert page.title != "Street food in Singapore"
    assert "post.title" in page.missing


def test_builder_sections_of_the_post_skip_side_columns_and_widget_headings() -> None:
    post = post_of("builder-own-sections.html")
    assert post.title == "Cash book – tips & tricks"
    assert post.sources["title"] == "json-ld headline"
    assert post.body_text == "Open a new cash book and press Save. Use Simulate before you post the entries."
    assert post.sources["body_text"] == "page builder sections"


def test_category_links_marked_rel_tag_are_told_apart_by_their_target() -> None:
    post = post_of("enfold-rel-tag-categories.html")
    assert post.categories == ("Articles", "News")
    assert post.tags == ("release",)
    assert post.author == "gordan"
    assert post.sources["categories"] == "article term links"


def test_a_malformed_publication_time_is_skipped_for_the_next_valid_one() -> None:
    post = post_of("malformed-published.html")
    assert post.published == "2020-05-13T12:57:19+05:30"
    assert post.sources["published"] == "json-ld datePublished"


def test_author_without_by_from_a_byline_or_an_author_link() -> None:
    assert post_of("byline-and-noise.html").author == "Tina"
    linked = post_of("malformed-published.html")
    assert (linked.author, linked.sources["author"]) == ("bombshell19", "article byline")


def test_share_follow_author_box_and_related_plugins_are_not_body() -> None:
    post = post_of("byline-and-noise.html")
    assert post.body_text == "Slice the beef thinly across the grain. Stir in the sour cream at the very end."
    assert "Share" not in post.body_html and "Goulash" not in post.body_html
    page = parsed("byline-and-noise.html", "https://tina.example/2021/01/01/stroganoff/")
    assert [image.src for image in page.images] == ["https://tina.example/wp-content/uploads/beef.jpg"]  # no avatar


def test_subtitle_and_reading_time_inside_the_heading_are_not_title() -> None:
    post = post_of("title-with-subtitle.html")
    assert post.title == "Week in Review: The Busy Days"


def test_title_from_the_document_title_without_the_host_and_a_visible_date() -> None:
    post = post_of("title-only-in-head.html", "https://whizzy.example/2009/06/05/ginger-beer/")
    assert post.title == "Ginger Beer"
    assert post.sources["title"] == "title element"
    assert post.published == "2009-06-05"
    assert post.sources["published"] == "visible date in the article"
    assert (post.author, post.categories, post.tags) == ("will", ("Uncategorized",), ("gingerbeer",))


def test_a_page_without_a_content_area_falls_back_to_trafilatura_and_says_so() -> None:
    post = post_of("no-content-area.html")
    assert post.title == "Night trains of Europe"
    assert post.sources["body_text"] == "trafilatura"
    assert post.body_text.startswith("The night train from Vienna leaves just before ten")
    assert "Bring your own breakfast" in post.body_text
    assert "Teaser" not in post.body_text and "Ferries" not in post.body_text


def test_listing_links_without_rel_bookmark() -> None:
    page = parsed("listing-without-bookmark.html", "https://geraldi.example/2015/08/")
    assert page.kind == "archive_month"
    assert page.listed_posts == ("https://geraldi.example/tudo-se-inclina/", "https://geraldi.example/ja-ouvi/")


def test_related_cards_keep_one_entry_per_post_with_its_thumbnail() -> None:
    page = parsed("related-cards.html", "https://monica.example/2020/07/23/leviticus/")
    entries = [(link.target_url, link.title, link.thumbnail_url) for link in page.related_links]
    assert entries == [
        ("https://monica.example/2020/11/01/romans/", "Romans", "https://monica.example/img/romans.jpg"),
        ("https://monica.example/2020/05/25/sodom/", "Sodom and Gomorrah", None),
    ]
    assert page.exercises == ()


def test_a_related_post_nested_in_the_post_article_lends_it_no_date_author_terms_or_image() -> None:
    page = parsed("related-article-inside-post.html", "https://lake.example/2021/03/04/rowing-at-dawn/")
    post = page.post
    assert post is not None and post.wp_id == 5
    assert (post.published, post.sources["published"]) == ("2021-03-04T06:30:00+01:00", "meta article:published_time")
    assert (post.author, post.categories, post.tags) == (None, ("Rowing",), ())
    assert post.featured_image_url == "https://lake.example/wp-content/uploads/2021/03/dawn-lake.jpg"
    assert post.featured_image_alt is None  # the only wp-post-image is the related post's lemon cake
    assert ("post.author" in page.missing, "post.tags" in page.missing) == (True, True)
    assert "Lemon" not in post.body_text


def test_an_unmarked_article_nested_in_the_post_article_is_another_entry() -> None:
    html = (
        "<html><head><meta property='article:published_time' content='2021-03-04T06:30:00+01:00'></head>"
        "<body class='single-post'><article class='hentry'><h1 class='entry-title'>Rowing at Dawn</h1>"
        "<div class='entry-content'><p>The lake is still.</p></div><div class='more-reading'><article>"
        "<time datetime='2015-01-01T12:00:00+00:00'>1 January 2015</time><a rel='tag' href='/tag/cake/'>cake</a>"
        "</article></div></article></body></html>"
    )
    post = parse_page(html, "https://lake.example/2021/03/04/rowing-at-dawn/").post
    assert post is not None
    assert (post.published, post.sources["published"]) == ("2021-03-04T06:30:00+01:00", "meta article:published_time")
    assert post.tags == ()


@pytest.mark.parametrize(
    ("article_time", "published", "source"),
    [
        ("2019-05-15T10:00:00-06:00", "2019-05-15T10:00:00-06:00", "article time"),  # one instant: the site's offset
        ("2019-05-15T17:00:00+02:00", "2019-05-15T16:00:00+00:00", "meta article:published_time"),  # an hour out
    ],
)
def test_the_articles_time_is_kept_only_when_the_head_names_the_same_instant(
    article_time: str, published: str, source: str
) -> None:
    html = (
        "<html><head><meta property='article:published_time' content='2019-05-15T16:00:00+00:00'></head>"
        "<body class='single-post'><article class='post-9 hentry'><h1 class='entry-title'>Strong Hips</h1>"
        f"<span class='av-structured-data' itemprop='datePublished' datetime='{article_time}'></span>"
        "<div class='entry-content'><p>Hips carry you.</p></div></article></body></html>"
    )
    post = parse_page(html, "https://backinsteppt.com/2019/05/15/strong-hips/").post
    assert post is not None and (post.published, post.sources["published"]) == (published, source)


@pytest.mark.parametrize(
    ("head", "headings", "title"),
    [
        # core's feed link names the site, so its name comes off the title
        (
            "<link rel='alternate' type='application/rss+xml' title='Chris Website &raquo; Feed' href='/feed/'>",
            "",
            "Shapeshifter",
        ),
        ("", "<h2 class='blog_post_title'>Shapeshifter</h2>", "Shapeshifter"),  # a heading shows one side
        ("", "<h1>Chris Website</h1><h2>Shapeshifter</h2>", "Shapeshifter – Chris Website"),  # both: no side is sure
        ("", "", "Shapeshifter – Chris Website"),
    ],
)
def test_a_title_loses_the_site_name_only_where_the_page_says_which_side_it_is(
    head: str, headings: str, title: str
) -> None:
    html = (
        f"<html><head><title>Shapeshifter – Chris Website</title>{head}</head><body class='single-post'>"
        f"<div class='content'>{headings}<article class='single_contentarea'><p>A game made in two days.</p>"
        "</article></div></body></html>"
    )
    post = parse_page(html, "https://chris.example/2016/03/13/shapeshifter/").post
    assert post is not None and post.title == title


def test_a_related_posts_section_marked_by_its_id() -> None:
    cards = "".join(
        f"<article class='related-post post-{number} hentry'><figure><a href='/{slug}/'><img src='/{slug}.png' alt=''>"
        f"</a></figure><h3 class='related-post-title'><a href='/{slug}/' rel='bookmark'>{slug.title()}</a></h3></article>"
        for number, slug in ((7, "routing"), (8, "subnets"), (9, "vlans"))
    )
    html = (
        "<html><body class='single-post postid-5'><article class='post-5 hentry'><h1 class='entry-title'>Repetition</h1>"
        "<div class='entry-content'><p>Practice the basics daily.</p></div></article>"
        f"<section id='related-posts' class='clr'><h3>You Might Also Like</h3>{cards}</section></body></html>"
    )
    page = parse_page(html, "https://dan.example/repetition/")
    assert [(link.target_url, link.title) for link in page.related_links] == [
        ("https://dan.example/routing/", "Routing"),
        ("https://dan.example/subnets/", "Subnets"),
        ("https://dan.example/vlans/", "Vlans"),
    ]


def test_a_date_shown_as_text_after_a_label_for_screen_readers() -> None:
    html = (
        "<html><body class='single-post postid-5'><article class='post-5 hentry'><h1 class='entry-title'>Repetition</h1>"
        "<ul class='meta'><li class='meta-date' itemprop='datePublished'><span class='screen-reader-text'>Post"
        " published:</span><i class='icon-clock'></i>May 16, 2026</li></ul>"
        "<div class='entry-content'><p>Practice the basics daily.</p></div></article></body></html>"
    )
    post = parse_page(html, "https://dan.example/repetition/").post
    assert post is not None
    assert (post.published, post.sources["published"]) == ("2026-05-16", "visible date in the article")


def test_a_listing_title_loses_the_separator_an_empty_site_name_left() -> None:
    html = (
        "<html><head><title>Uncategorized Archives - </title></head><body class='archive category'>"
        "<main id='main'><article class='post-3 hentry'><h2 class='entry-title'><a rel='bookmark' href='/salad/'>"
        "Salad</a></h2></article></main></body></html>"
    )
    page = parse_page(html, "https://diet.example/category/uncategorized/")
    assert (page.kind, page.title) == ("category", "Uncategorized Archives")


def test_newspaper_post_without_its_share_labels_related_block_comments_or_reply_form() -> None:
    related = "".join(
        f"<div class='td_module_related_posts'><h3 class='entry-title td-module-title'><a href='/{slug}/' rel='bookmark'>"
        f"{slug.title()}</a></h3></div>"
        for slug in ("faith", "hope")
    )
    html = (
        "<html><body class='single single-post postid-9'><article id='post-9' class='post-9 post'>"
        "<h1 class='entry-title'>Spirit</h1><div class='td-post-sharing'><span>Facebook Twitter Email</span></div>"
        "<div class='td-post-content'><p>Even the hardest hearts soften at Easter.</p></div></article>"
        f"<div class='td_block_wrap td_block_related_posts'><h4>RELATED ARTICLES</h4>{related}</div>"
        "<div id='comments' class='comments'><h4>2 COMMENTS</h4><ol class='comment-list'><li>Amen.</li></ol>"
        "<div id='respond' class='comment-respond'><h3>LEAVE A REPLY</h3><form><textarea></textarea></form></div>"
        "</div></body></html>"
    )
    page = parse_page(html, "https://church.example/2019/04/03/spirit/")
    assert page.post is not None and page.post.body_text == "Even the hardest hearts soften at Easter."
    assert [link.title for link in page.related_links] == ["Faith", "Hope"]


def test_hueman_post_child_category_name_content_wrapper_and_a_plugins_placeholder_image() -> None:
    html = (
        "<html><head><meta property='og:image' content='https://biz.example/wp-content/plugins/seo/images/default.png'>"
        "</head><body class='single single-post postid-7'><h1 class='post-title'>Why output falls</h1>"
        "<p class='post-byline'>by Ken · 4 June 2018</p><div class='page-title'><a href='/category/labor/management/'>"
        "Management</a></div><article class='post-7 post category-management hentry'><div class='post-inner'>"
        "<div class='entry-inner'><p>Meetings eat the day.</p></div></div></article></body></html>"
    )
    page = parse_page(html, "https://biz.example/2018/06/04/why-output-falls/")
    post = page.post
    assert post is not None and (post.categories, post.body_text) == (("Management",), "Meetings eat the day.")
    assert post.featured_image_url is None and "post.featured_image_url" in page.missing


def test_json_ld_fields_come_from_the_article_node_that_names_this_page() -> None:
    post = post_of("json-ld-related-post-first.html", "https://lake.example/2021/03/04/rowing-at-dawn/")
    assert (post.published, post.author, post.categories, post.tags) == (
        "2021-03-04T06:30:00+01:00",
        "Alice",
        ("Rowing",),
        ("dawn", "lake"),
    )
    assert post.featured_image_url == "https://lake.example/wp-content/uploads/2021/03/dawn-lake.jpg"
    assert post.sources["author"] == "json-ld author"


def test_json_ld_article_nodes_that_all_describe_other_pages_give_nothing() -> None:
    page = parsed("json-ld-related-post-first.html", "https://lake.example/2021/03/05/ice-on-the-lake/")
    post = page.post
    assert post is not None and post.title == "Rowing at Dawn"
    assert (post.published, post.author, post.categories, post.tags, post.featured_image_url) == (
        None,
        None,
        (),
        (),
        None,
    )
    assert {"post.published", "post.author", "post.categories", "post.tags"} <= set(page.missing)


def test_a_single_article_node_naming_no_url_is_the_page_s_and_one_naming_another_page_is_not() -> None:
    page_urls = ("https://lake.example/2021/03/04/rowing-at-dawn/",)
    unnamed: jsonld.Node = {"@type": "BlogPosting", "headline": "Rowing at Dawn"}
    elsewhere: jsonld.Node = {"@type": "BlogPosting", "url": "https://lake.example/2015/01/01/lemon-cake/"}
    relative: jsonld.Node = {"@type": "Article", "@id": "#article"}
    assert jsonld.find_article([unnamed], page_urls) is unnamed
    assert jsonld.find_article([elsewhere], page_urls) is None
    assert jsonld.find_article([elsewhere, relative], page_urls) is relative
    assert jsonld.find_article([elsewhere, unnamed], page_urls) is None


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://lake.example/2021/03/04/rowing-at-dawn/", "lake.example/2021/03/04/rowing-at-dawn"),
        ("http://www.Lake.example/2021/03/04/rowing-at-dawn#comments", "lake.example/2021/03/04/rowing-at-dawn"),
        ("https://lake.example/?p=5&utm_source=feed", "lake.example/?p=5"),
    ],
)
def test_page_key_ignores_scheme_www_case_fragment_and_trailing_slash(url: str, key: str) -> None:
    assert jsonld.page_key(url) == key


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://lake.example/wp-content/uploads/2021/03/dawn-lake.jpg", "dawn-lake.jpg"),
        ("https://lake.example/wp-content/uploads/2021/03/dawn-lake-845x321.jpg", "dawn-lake.jpg"),
        ("https://lake.example/wp-content/uploads/2021/03/dawn-lake-scaled.jpg?ver=2", "dawn-lake.jpg"),
        ("https://i0.wp.com/lake.example/wp-content/uploads/2021/03/dawn-lake.jpg?fit=175%2C131", "dawn-lake.jpg"),
        ("/uploads/route-2x3-map.png", "route-2x3-map.png"),
    ],
)
def test_image_file_names_the_upload_at_any_size(url: str, name: str) -> None:
    assert image_file(url) == name


@pytest.mark.parametrize(
    ("title", "names", "left"),
    [
        ("Ginger Beer – whizzy.example", {"whizzy.example"}, "Ginger Beer"),
        ("Tejiendo Voces |   No olvidamos", {"Tejiendo Voces"}, "No olvidamos"),
        ("Week in Review Doubles Mom Reviews", {"Doubles Mom Reviews"}, "Week in Review"),
        ("Cash book – tips & tricks -", set(), "Cash book – tips & tricks"),
        ("Backyard Stretches - Back", {"Back"}, "Backyard Stretches"),
        ("Back Pain Basics", {"Back"}, "Back Pain Basics"),
        ("Trail Notes", {"Trail Notes"}, None),
    ],
)
def test_the_site_name_is_cut_from_a_document_title_only_where_it_stands_apart(
    title: str, names: set[str], left: str | None
) -> None:
    assert title_without_site(title, names) == left
