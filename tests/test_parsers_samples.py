"""The sample site's pages parse to exactly what tests/pages/samples/expected.json says."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from parsers.feeds import parse_feed, parse_sitemap
from parsers.models import ParsedPage
from parsers.page import parse_page

SAMPLES = Path(__file__).parent / "pages" / "samples"
SITE = "https://backinsteppt.com"

POST_FILES = {
    "post-bold-step-paragraphs.html": f"{SITE}/2022/05/18/single-leg-squat-steps/",
    "post-numbered-exercises.html": f"{SITE}/2022/01/01/rotator-cuff-band-series/",
    "post-plain.html": f"{SITE}/2021/09/20/posture-myths/",
    "post-bold-level-paragraphs.html": f"{SITE}/2021/09/02/side-plank-levels/",
    "post-stretches.html": f"{SITE}/2021/05/15/morning-mobility-stretches/",
    "post-levels-with-images.html": f"{SITE}/2021/01/07/bridge-progression/",
}
OTHER_FILES = {
    "archive-month-2021-09.html": (f"{SITE}/2021/09/", "archive_month"),
    "archive-month-2021-09-page-2.html": (f"{SITE}/2021/09/page/2/", "archive_month"),
    "blog-index.html": (f"{SITE}/blog/", "blog_index"),
    "blog-index-page-2.html": (f"{SITE}/blog/page/2/", "blog_index"),
    "category.html": (f"{SITE}/category/wellness/", "category"),
    "page-about.html": (f"{SITE}/about/", "page"),
    "not-found-404.html": (f"{SITE}/no-such-page/", "other"),
}


@cache
def expected() -> dict[str, Any]:
    """The sample site's expected.json."""
    data: dict[str, Any] = json.loads((SAMPLES / "expected.json").read_text(encoding="utf-8"))
    return data


@cache
def parsed(name: str, url: str) -> ParsedPage:
    """One sample page, parsed once per test run."""
    return parse_page((SAMPLES / name).read_bytes(), url)


def as_rows(records: Any) -> list[dict[str, Any]]:
    """Dataclasses as JSON-like dicts (tuples as lists, booleans as 0/1 like the expected file)."""
    rows = json.loads(json.dumps([dataclasses.asdict(record) for record in records]))
    for row in rows:
        for step in row.get("steps", []):
            step["per_side"] = int(step["per_side"])
    return list(rows)


@pytest.mark.parametrize("name", sorted(POST_FILES))
def test_post_fields_match_expected(name: str) -> None:
    url = POST_FILES[name]
    want = next(post for post in expected()["posts"] if post["url"] == url)
    post = parsed(name, url).post
    assert post is not None
    got = json.loads(json.dumps(dataclasses.asdict(post)))
    assert {key: got[key] for key in want} == want


@pytest.mark.parametrize("name", sorted(POST_FILES))
def test_related_links_match_expected_in_order(name: str) -> None:
    url = POST_FILES[name]
    want = [
        {key: value for key, value in row.items() if key not in ("source_url", "target_status")}
        for row in expected()["related_links"]
        if row["source_url"] == url
    ]
    assert len(want) == 4
    assert as_rows(parsed(name, url).related_links) == want


@pytest.mark.parametrize("name", sorted(POST_FILES))
def test_exercises_match_expected_with_steps(name: str) -> None:
    url = POST_FILES[name]
    want = [
        {key: value for key, value in row.items() if key != "post_url"}
        for row in expected()["exercises"]
        if row["post_url"] == url
    ]
    assert as_rows(parsed(name, url).exercises) == want


def test_plain_post_has_no_exercises() -> None:
    assert parsed("post-plain.html", POST_FILES["post-plain.html"]).exercises == ()


@pytest.mark.parametrize("name", sorted(POST_FILES))
def test_body_text_is_the_post_body_only(name: str) -> None:
    post = parsed(name, POST_FILES[name]).post
    assert post is not None
    for chrome in ("Share this entry", "You might also like", "Archive", "Recent Blogs", "Copyright", "Welcome"):
        assert chrome not in post.body_text
    assert post.body_text == " ".join(post.body_text.split())
    assert "<script" not in post.body_html and "onerror" not in post.body_html
    assert post.body_html.startswith("<p>")


def test_excerpt_is_first_paragraph_when_no_meta_description() -> None:
    post = parsed("post-levels-with-images.html", POST_FILES["post-levels-with-images.html"]).post
    assert post is not None
    assert post.excerpt == (
        "If you have ever wondered why glute strength matters so much, you are in good company. When one area stops "
        "doing its share, a neighbouring area usually picks up the slack. Quality beats quantity: ten careful "
        "repetitions are worth more than thirty sloppy ones. It helps to notice how you sit, stand and move between "
        "classes or meetings. It is normal to feel a little awkward when you first try a new exercise."
    )


def test_body_images_of_a_post_in_order() -> None:
    page = parsed("post-levels-with-images.html", POST_FILES["post-levels-with-images.html"])
    assert [(image.position, image.src, image.alt) for image in page.images] == [
        (n, f"{SITE}/wp-content/uploads/2021/01/bridge-level-{n}-300x200.jpg", f"Bridge Level {n}") for n in (1, 2, 3)
    ]


def test_post_links_skip_mailto_tel_and_fragments() -> None:
    page = parsed("post-levels-with-images.html", POST_FILES["post-levels-with-images.html"])
    targets = [link.target_url for link in page.links]
    assert len(targets) == 70
    assert all(target.startswith("https://") and "#" not in target for target in targets)
    assert not any(target.startswith(("mailto:", "tel:")) for target in targets)
    first = page.links[0]
    assert (first.target_url, first.anchor_text, first.is_internal) == (
        f"{SITE}/",
        "Back In Step Physical Therapy",
        True,
    )
    facebook = next(link for link in page.links if link.target_url == "https://www.facebook.com/backinsteppt")
    assert (facebook.anchor_text, facebook.is_internal) == ("Link to Facebook", False)
    next_post = page.links[-1]
    assert next_post.target_url == f"{SITE}/2021/01/13/warm-up-routines-that-actually-work/"
    assert next_post.anchor_text == "Warm-Up Routines That Actually Work"


def test_post_pages_record_only_what_is_really_missing() -> None:
    assert parsed("post-plain.html", POST_FILES["post-plain.html"]).missing == ()
    squat = "post-bold-step-paragraphs.html"
    assert parsed(squat, POST_FILES[squat]).missing == ("post.featured_image_url",)


@pytest.mark.parametrize("name", sorted(POST_FILES) + sorted(OTHER_FILES))
def test_archive_widget_on_every_sidebar_page(name: str) -> None:
    url = POST_FILES.get(name) or OTHER_FILES[name][0]
    months = as_rows(parsed(name, url).archive_months)
    if name == "page-about.html":
        assert months == []
        assert "archive_months" in parsed(name, url).missing
    else:
        assert months == expected()["archive_months"]
        assert len(months) == 20
        assert [month["listed_count"] for month in months][:3] == [2, 3, 2]


@pytest.mark.parametrize(
    ("name", "kind"),
    [(name, "post") for name in sorted(POST_FILES)] + [(name, kind) for name, (_, kind) in OTHER_FILES.items()],
)
def test_page_kind_of_every_sample(name: str, kind: str) -> None:
    url = POST_FILES.get(name) or OTHER_FILES[name][0]
    page = parsed(name, url)
    assert page.kind == kind
    assert (page.post is not None) == (kind == "post")


def test_page_urls_and_titles() -> None:
    assert parsed("blog-index-page-2.html", f"{SITE}/blog/page/2/").url == f"{SITE}/blog/page/2/"
    assert parsed("blog-index-page-2.html", f"{SITE}/blog/page/2/").title == "Blog - Page 2 of 6"
    assert parsed("page-about.html", f"{SITE}/about/").title == "About"
    not_found = parsed("not-found-404.html", f"{SITE}/no-such-page/")
    assert (not_found.url, not_found.title) == (f"{SITE}/no-such-page/", "Page not found")


def test_blog_index_listing_and_pagination() -> None:
    page = parsed("blog-index.html", f"{SITE}/blog/")
    assert len(page.listed_posts) == 10
    assert page.listed_posts[:3] == (
        f"{SITE}/2022/08/22/recovery-days-done-right-part-2/",
        f"{SITE}/2022/08/16/strength-training-for-teens-part-2/",
        f"{SITE}/2022/07/23/growth-spurts-and-flexibility-part-2/",
    )
    assert page.pagination == (f"{SITE}/blog/page/2/", f"{SITE}/blog/page/3/", f"{SITE}/blog/page/6/")
    assert page.post is None and page.related_links == () and page.exercises == () and page.images == ()


def test_blog_index_page_2_listing_and_pagination() -> None:
    page = parsed("blog-index-page-2.html", f"{SITE}/blog/page/2/")
    assert len(page.listed_posts) == 10
    assert page.listed_posts[0] == f"{SITE}/2022/04/15/shoulder-blade-basics-part-2/"
    assert page.pagination == (f"{SITE}/blog/", f"{SITE}/blog/page/3/", f"{SITE}/blog/page/4/", f"{SITE}/blog/page/6/")


def test_month_archive_listing_and_pagination() -> None:
    first = parsed("archive-month-2021-09.html", f"{SITE}/2021/09/")
    second = parsed("archive-month-2021-09-page-2.html", f"{SITE}/2021/09/page/2/")
    assert len(first.listed_posts) == 10
    assert first.listed_posts[0] == f"{SITE}/2021/09/26/gardening-without-sore-knees/"
    assert first.listed_posts[-1] == f"{SITE}/2021/09/04/recovery-days-done-right/"
    assert second.listed_posts == (f"{SITE}/2021/09/02/side-plank-levels/",)
    assert first.pagination == (f"{SITE}/2021/09/page/2/",)
    assert second.pagination == (f"{SITE}/2021/09/",)
    listed_in_widget = next(month for month in first.archive_months if month.id == "2021-09").listed_count
    assert listed_in_widget == len(first.listed_posts) + len(second.listed_posts) == 11


def test_category_listing_without_pagination() -> None:
    page = parsed("category.html", f"{SITE}/category/wellness/")
    assert len(page.listed_posts) == 7
    assert page.listed_posts[0] == f"{SITE}/2022/04/24/why-your-hips-feel-tight-part-2/"
    assert page.pagination == ()


def test_sitemap_index() -> None:
    assert parse_sitemap((SAMPLES / "wp-sitemap.xml").read_bytes()) == [
        (f"{SITE}/wp-sitemap-posts-post-1.xml", None),
        (f"{SITE}/wp-sitemap-posts-page-1.xml", None),
        (f"{SITE}/wp-sitemap-taxonomies-category-1.xml", None),
        (f"{SITE}/wp-sitemap-taxonomies-post_tag-1.xml", None),
        (f"{SITE}/wp-sitemap-users-1.xml", None),
    ]


def test_sitemap_urlset() -> None:
    entries = parse_sitemap((SAMPLES / "wp-sitemap-posts-post-1.xml").read_bytes())
    assert len(entries) == 56
    assert entries[0] == (f"{SITE}/2022/08/22/recovery-days-done-right-part-2/", "2022-08-22T16:00:00+00:00")
    assert (f"{SITE}/2021/01/07/bridge-progression/", "2021-01-07T17:00:00+00:00") in entries
    assert len({url for url, _ in entries}) == 56


def test_rss_feed() -> None:
    entries = parse_feed((SAMPLES / "feed.xml").read_bytes())
    assert len(entries) == 10
    assert entries[0] == (f"{SITE}/2022/08/22/recovery-days-done-right-part-2/", "2022-08-22T16:00:00+00:00")
    assert entries[1] == (f"{SITE}/2022/08/16/strength-training-for-teens-part-2/", "2022-08-16T16:00:00+00:00")
