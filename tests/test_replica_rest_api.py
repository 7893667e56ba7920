"""The replica's REST API answers as WordPress core does, misbehaves as real sites do, and edition 2 moves a post."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

import httpx
import lxml.html
import pytest
from protego import Protego

from crawler.replica import GroundTruth, ReplicaServer, Site, build_site
from crawler.replica.rest_api import HUGE_TOTAL, term_id

FIELDS = "id,link,slug,date_gmt,modified_gmt,title,categories,tags"


@pytest.fixture(scope="module")
def later() -> Site:
    """Edition 2 with the renamed post and the post only the API lists."""
    return build_site(edition=2, rename=True)


@pytest.fixture(scope="module")
def server(later: Site) -> Iterator[ReplicaServer]:
    with ReplicaServer(later, crawl_delay=0) as running:
        yield running


@pytest.fixture(scope="module")
def truth(later: Site, server: ReplicaServer) -> GroundTruth:
    return later.expected(server.base_url)


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as http:
        yield http


def every_page(client: httpx.Client, url: str, **params: str) -> tuple[list[dict[str, Any]], list[httpx.Response]]:
    """Every item of a collection, paging as a client following X-WP-TotalPages would."""
    items: list[dict[str, Any]] = []
    responses = []
    page = 1
    while True:
        response = client.get(url, params={**params, "page": str(page)})
        assert response.status_code == 200, response.text
        responses.append(response)
        items += response.json()
        if page >= int(response.headers["x-wp-totalpages"]):
            return items, responses
        page += 1


def test_pages_announce_the_api_in_the_link_header_and_the_head(
    server: ReplicaServer, client: httpx.Client, truth: GroundTruth
) -> None:
    post = truth.posts[0]
    response = client.get(post["url"])
    assert response.links["https://api.w.org/"]["url"] == truth.api_root == server.url("/wp-json/")
    head = lxml.html.fromstring(response.content)
    assert head.xpath('//link[@rel="https://api.w.org/"]/@href') == [truth.api_root]
    item_url = server.url(f"/wp-json/wp/v2/posts/{post['wp_id']}")
    assert head.xpath('//link[@rel="alternate"][@type="application/json"]/@href') == [item_url]
    assert client.get(item_url).json()["link"] == post["url"]
    listing = client.get(server.start_url)
    assert listing.links["https://api.w.org/"]["url"] == truth.api_root


def test_a_site_with_the_api_off_announces_nothing_and_answers_404() -> None:
    site = build_site(posts=10, rest_api=False)
    with ReplicaServer(site, crawl_delay=0) as running, httpx.Client(timeout=5) as http:
        page = http.get(running.start_url)
        api = http.get(running.url("/wp-json/wp/v2/posts"))
        assert site.expected(running.base_url).api_root is None
    assert "link" not in page.headers and "wp-json" not in page.text
    assert api.status_code == 404 and api.headers["content-type"].startswith("text/html")


def test_posts_page_through_every_published_post_with_only_the_fields_asked(
    server: ReplicaServer, client: httpx.Client, truth: GroundTruth
) -> None:
    items, responses = every_page(client, server.url("/wp-json/wp/v2/posts"), per_page="30", _fields=FIELDS)
    published = truth.posts + truth.unlisted
    assert len(responses) == -(-len(published) // 30)
    assert {response.headers["x-wp-total"] for response in responses} == {str(len(published))}
    assert {item["link"]: item["id"] for item in items} == {post["url"]: post["wp_id"] for post in published}
    assert all(set(item) == set(FIELDS.split(",")) for item in items)
    assert 'rel="next"' in responses[0].headers["link"] and 'rel="prev"' in responses[-1].headers["link"]
    dates = [item["date_gmt"] for item in items]
    assert dates == sorted(dates, reverse=True)


def test_posts_name_their_terms_by_id(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    categories, _ = every_page(client, server.url("/wp-json/wp/v2/categories"), per_page="100")
    tags, _ = every_page(client, server.url("/wp-json/wp/v2/tags"), per_page="100")
    names = {("category", term["id"]): term["name"] for term in categories}
    names |= {("tag", term["id"]): term["name"] for term in tags}
    assert len(names) == len(categories) + len(tags), "term ids are unique"
    posts, _ = every_page(client, server.url("/wp-json/wp/v2/posts"), per_page="100", _fields="link,categories,tags")
    expected = {post["url"]: post for post in truth.posts + truth.unlisted}
    for item in posts:
        post = expected[item["link"]]
        assert [names["category", number] for number in item["categories"]] == [
            name.replace("&", "&amp;") for name in post["categories"]
        ]
        assert [names["tag", number] for number in item["tags"]] == post["tags"]
    filed = Counter(name.replace("&", "&amp;") for post in expected.values() for name in post["categories"])
    assert {term["name"]: term["count"] for term in categories} == filed


def test_out_of_range_parameters_answer_like_wordpress(server: ReplicaServer, client: httpx.Client) -> None:
    too_many = client.get(server.url("/wp-json/wp/v2/posts"), params={"per_page": "101"})
    assert (too_many.status_code, too_many.json()["code"]) == (400, "rest_invalid_param")
    last = int(client.get(server.url("/wp-json/wp/v2/posts"), params={"per_page": "100"}).headers["x-wp-totalpages"])
    past = client.get(server.url("/wp-json/wp/v2/posts"), params={"per_page": "100", "page": str(last + 1)})
    assert (past.status_code, past.json()["code"]) == (400, "rest_post_invalid_page_number")
    terms = client.get(server.url("/wp-json/wp/v2/tags"), params={"per_page": "100", "page": "9"})
    assert (terms.status_code, terms.json()) == (200, [])
    missing = client.get(server.url("/wp-json/wp/v2/posts/999999"))
    assert (missing.status_code, missing.json()["code"]) == (404, "rest_post_invalid_id")
    unknown = client.get(server.url("/wp-json/wp/v2/comments"))
    assert (unknown.status_code, unknown.json()["code"]) == (404, "rest_no_route")


def test_modified_after_lists_only_what_the_revision_touched(
    server: ReplicaServer, client: httpx.Client, truth: GroundTruth
) -> None:
    response = client.get(
        server.url("/wp-json/wp/v2/posts"),
        params={"modified_after": "2025-06-01T00:00:00Z", "per_page": "100", "_fields": "link"},
    )
    touched = {*truth.added, *truth.changed, *truth.moved.values(), *(post["url"] for post in truth.unlisted)}
    assert {item["link"] for item in response.json()} == touched
    assert response.headers["x-wp-total"] == str(len(touched))


def test_rest_route_reaches_the_same_answers(server: ReplicaServer, client: httpx.Client) -> None:
    params = {"per_page": "5", "page": "2", "_fields": "id,link"}
    pretty = client.get(server.url("/wp-json/wp/v2/posts"), params=params)
    plain = client.get(server.url("/"), params={"rest_route": "/wp/v2/posts", **params})
    assert plain.json() == pretty.json() and plain.headers["x-wp-total"] == pretty.headers["x-wp-total"]
    index = client.get(server.url("/"), params={"rest_route": "/"}).json()
    assert "wp/v2" in index["namespaces"] and index["url"] == server.base_url


def test_pages_and_the_blog_page_are_listed(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    pages, _ = every_page(client, server.url("/wp-json/wp/v2/pages"), per_page="100", _fields="id,link,type")
    html_pages = {url for url, kind in truth.pages.items() if kind == "page"}
    assert {page["link"] for page in pages} == html_pages | {truth.start_url}
    assert {page["type"] for page in pages} == {"page"}


def test_the_renamed_posts_old_address_redirects_and_the_api_gives_the_new(
    server: ReplicaServer, client: httpx.Client, truth: GroundTruth
) -> None:
    ((old, new),) = truth.moved.items()
    redirect = client.get(old)
    assert (redirect.status_code, redirect.headers["location"]) == (301, new)
    assert client.get(new).status_code == 200
    (post,) = [post for post in truth.posts if post["url"] == new]
    item = client.get(server.url(f"/wp-json/wp/v2/posts/{post['wp_id']}"), params={"_fields": "link,slug"}).json()
    assert item == {"link": new, "slug": new.rstrip("/").rsplit("/", 1)[-1]}
    assert old not in truth.pages and new in truth.pages and new not in truth.added


def test_the_unlisted_post_is_served_and_linked_from_nowhere(
    server: ReplicaServer, client: httpx.Client, truth: GroundTruth
) -> None:
    (post,) = truth.unlisted
    assert client.get(post["url"]).status_code == 200
    assert post["url"] not in truth.pages
    for url in (server.start_url, server.url("/feed/"), server.url("/wp-sitemap-posts-post-1.xml")):
        assert post["url"] not in client.get(url).text
    assert client.get(server.url(f"/?p={post['wp_id']}")).headers["location"] == post["url"]


def test_edition_two_without_rename_keeps_every_address() -> None:
    site = build_site(edition=2, rename=False)
    truth = site.expected("http://127.0.0.1:1")
    assert truth.moved == {} and len(truth.unlisted) == 1
    assert {post["url"] for post in truth.posts} >= {
        post["url"] for post in build_site().expected("http://127.0.0.1:1").posts if post["url"] not in truth.removed
    }


@pytest.fixture
def small_site() -> Site:
    return build_site(posts=10)


@pytest.mark.parametrize(
    ("mode", "status", "content_type"),
    [("404", 404, "text/html"), ("401", 401, "application/json"), ("403", 403, "text/html")],
)
def test_a_blocked_api_answers_as_the_plugin_or_server_does(
    small_site: Site, mode: Any, status: int, content_type: str
) -> None:
    with ReplicaServer(small_site, crawl_delay=0, api=mode) as running, httpx.Client(timeout=5) as http:
        page = http.get(running.start_url)
        answers = [http.get(running.url(path)) for path in ("/wp-json/", "/wp-json/wp/v2/posts", "/?rest_route=/")]
        root = running.url("/wp-json/")
    assert page.links["https://api.w.org/"]["url"] == root, "still announced"
    assert {answer.status_code for answer in answers} == {status}
    assert all(answer.headers["content-type"].startswith(content_type) for answer in answers)
    if mode == "401":
        assert answers[1].json()["code"] == "rest_login_required"


def test_robots_mode_forbids_the_api_but_it_still_answers(small_site: Site) -> None:
    with ReplicaServer(small_site, crawl_delay=0, api="robots") as running, httpx.Client(timeout=5) as http:
        robots = Protego.parse(http.get(running.url("/robots.txt")).text)
        answer = http.get(running.url("/wp-json/wp/v2/posts"))
        urls = [running.url("/wp-json/wp/v2/posts"), running.url("/?rest_route=/wp/v2/posts"), running.start_url]
        allowed = [robots.can_fetch(url, "blog-archive") for url in urls]
    assert allowed == [False, False, True]
    assert answer.status_code == 200


def test_malformed_mode_puts_a_php_warning_before_the_json(small_site: Site) -> None:
    with ReplicaServer(small_site, crawl_delay=0, api="malformed") as running, httpx.Client(timeout=5) as http:
        answer = http.get(running.url("/wp-json/wp/v2/posts"))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("application/json")
    assert answer.text.startswith("<br />")
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer.text)


def test_huge_mode_claims_a_million_posts(small_site: Site) -> None:
    with ReplicaServer(small_site, crawl_delay=0, api="huge") as running, httpx.Client(timeout=5) as http:
        answer = http.get(running.url("/wp-json/wp/v2/posts"), params={"per_page": "100", "page": "7"})
    assert answer.headers["x-wp-total"] == str(HUGE_TOTAL) and answer.headers["x-wp-totalpages"] == "10000"
    assert len({item["id"] for item in answer.json()}) == 100


def test_an_unknown_api_mode_is_refused(small_site: Site) -> None:
    with pytest.raises(ValueError, match="api must be one of"):
        ReplicaServer(small_site, api="maybe")  # type: ignore[arg-type]


def test_term_ids_are_stable_across_editions(site: Site, later: Site) -> None:
    before = {term.slug: term_id("category", term) for term in site.categories}
    after = {term.slug: term_id("category", term) for term in later.categories}
    assert before == {slug: number for slug, number in after.items() if slug in before}
