"""A page's WordPress ids by source, and where it announces the REST API: tables of markup, and the replica's pages."""

from __future__ import annotations

import httpx
import pytest

from crawler.replica import ReplicaServer
from parsers.wp_identity import WpIdentity, api_root_from_head, parse_wp_identity, rest_item

PAGE = "https://backinsteppt.com/2019/05/15/strong-hips-are-crucial/"


def page(head: str = "", body_class: str = "", body: str = "") -> str:
    return f'<html><head>{head}</head><body class="{body_class}">{body}</body></html>'


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        (page(body_class="single single-post postid-123"), WpIdentity(123, None, None, None, None)),
        (page(body_class="page-template-default page page-id-7"), WpIdentity(7, None, None, None, None)),
        (page(body='<article class="post-entry post-entry-88"></article>'), WpIdentity(None, 88, None, None, None)),
        (page(body='<article id="post-88" class="post"></article>'), WpIdentity(None, 88, None, None, None)),
        (
            page(body='<article class="post-entry-1"></article><article class="post-entry-2"></article>'),
            WpIdentity(None, None, None, None, None),  # a listing's articles name other posts
        ),
        (
            page("<link rel='shortlink' href='https://backinsteppt.com/?p=123' />"),
            WpIdentity(None, None, 123, None, None),
        ),
        (page("<link rel='shortlink' href='/?page_id=9' />"), WpIdentity(None, None, 9, None, None)),
        (page("<link rel='shortlink' href='/?p=abc' />"), WpIdentity(None, None, None, None, None)),
        (
            page('<link rel="alternate" title="JSON" type="application/json" href="/wp-json/wp/v2/posts/123" />'),
            WpIdentity(None, None, None, 123, "posts"),
        ),
        (
            page('<link rel="alternate" type="application/json" href="/?rest_route=/wp/v2/pages/5" />'),
            WpIdentity(None, None, None, 5, "pages"),
        ),
        (
            page('<link rel="alternate" type="application/json" href="/wp-json/oembed/1.0/embed?url=x" />'),
            WpIdentity(None, None, None, None, None),
        ),
        (page(body_class="postid-0 postid-x"), WpIdentity(None, None, None, None, None)),
        (page(body_class="postid-١٢"), WpIdentity(None, None, None, None, None)),  # Arabic-Indic digits are no id
        ("", WpIdentity(None, None, None, None, None)),
    ],
)
def test_each_source_of_the_id_is_read_apart(markup: str, expected: WpIdentity) -> None:
    assert parse_wp_identity(markup) == expected


def test_the_most_trusted_id_wins_and_disagreement_shows() -> None:
    agreeing = WpIdentity(12, 12, 12, 12, "posts")
    disagreeing = WpIdentity(None, 12, 13, None, None)
    assert (agreeing.wp_id, agreeing.is_consistent) == (12, True)
    assert (disagreeing.wp_id, disagreeing.is_consistent) == (12, False)
    assert WpIdentity(None, None, None, None, None).is_consistent


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://x.org/wp-json/wp/v2/posts/7", ("posts", 7)),
        ("https://x.org/wp-json/wp/v2/posts/7/", ("posts", 7)),
        ("https://x.org/blog/wp-json/wp/v2/podcast/3", ("podcast", 3)),
        ("https://x.org/index.php?rest_route=%2Fwp%2Fv2%2Fposts%2F7", ("posts", 7)),
        ("https://x.org/wp-json/wp/v2/posts", None),
        ("https://x.org/wp-json/wc/v3/products/7", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_rest_item_links(href: str | None, expected: tuple[str, int] | None) -> None:
    assert rest_item(href) == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<link rel="https://api.w.org/" href="https://backinsteppt.com/wp-json/" />',
            "https://backinsteppt.com/wp-json/",
        ),
        ('<link rel="https://api.w.org/" href="/wp-json/" />', "https://backinsteppt.com/wp-json/"),
        (
            "<link rel='https://api.w.org/' href='https://backinsteppt.com/?rest_route=/' />",
            "https://backinsteppt.com/?rest_route=%2F",
        ),
        ('<link rel="alternate" href="https://backinsteppt.com/feed/" />', None),
        ('<link rel="https://api.w.org/" href="javascript:void(0)" />', None),
        ('<link rel="https://api.w.org/" href=" " />', None),
    ],
)
def test_api_root_from_the_head(head: str, expected: str | None) -> None:
    assert api_root_from_head(page(head), PAGE) == expected


def test_every_replica_post_and_page_names_one_id_everywhere(replica: ReplicaServer) -> None:
    truth = replica.site.expected(replica.base_url)
    with httpx.Client(timeout=5) as client:
        for post in truth.posts[:12]:
            identity = parse_wp_identity(client.get(post["url"]).content)
            assert identity == WpIdentity(post["wp_id"], post["wp_id"], post["wp_id"], post["wp_id"], "posts")
        about = parse_wp_identity(client.get(replica.url("/about/")).content)
        listing = client.get(replica.start_url)
    assert (about.wp_id, about.rest_kind, about.is_consistent) == (7, "pages", True)
    assert parse_wp_identity(listing.content).wp_id is None
    assert api_root_from_head(listing.content, replica.start_url) == replica.url("/wp-json/")
