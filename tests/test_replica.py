"""The offline replica: what it serves over HTTP agrees with its ground truth, and its faults work."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import httpx
import lxml.html
import pytest
from bs4 import BeautifulSoup

from crawler.replica import GroundTruth, ReplicaServer, Site, build_site
from crawler.replica.model import Style
from tests.support import as_new

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BODY_CLASS = re.compile(r'<body[^>]*\sclass="([^"]*)"')
KIND_BODY_CLASSES = {  # body classes WordPress gives each kind of HTML page
    "post": {"single", "single-post"},
    "archive_month": {"archive", "date"},
    "blog_index": {"blog"},
    "category": {"archive", "category"},
    "tag": {"archive", "tag"},
    "page": {"page"},
    "other": {"error404"},
}
SEED_URL_PATH = "/2019/05/15/strong-hips-are-crucial/"


@pytest.fixture(scope="module")
def site() -> Site:
    return build_site()


@pytest.fixture(scope="module")
def server(site: Site) -> Iterator[ReplicaServer]:
    with ReplicaServer(site, crawl_delay=0.25) as running:
        yield running


@pytest.fixture(scope="module")
def truth(site: Site, server: ReplicaServer) -> GroundTruth:
    return site.expected(server.base_url)


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5) as http:
        yield http


def body_classes(html: str) -> set[str]:
    match = BODY_CLASS.search(html)
    assert match, "page has no body class"
    return set(match.group(1).split())


def content(truth: GroundTruth, url: str) -> tuple[object, ...]:
    """What a reader sees of a post: title, length and exercises."""
    (post,) = [post for post in truth.posts if post["url"] == url]
    return post["title"], post["word_count"], [row for row in truth.exercises if row["post_url"] == url]


def month_of(url: str) -> str:
    year, month = url.split("/")[3:5]
    return f"{year}-{month}"


def test_robots_txt_names_rules_delay_and_sitemap(server: ReplicaServer, client: httpx.Client) -> None:
    response = client.get(server.url("/robots.txt"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert {"Disallow: /wp-login.php", "Disallow: /*?replytocom=", "Crawl-delay: 0.25"} <= set(lines)
    assert f"Sitemap: {server.base_url}/wp-sitemap.xml" in lines


def test_sitemaps_list_every_post_with_lastmod(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    index = ElementTree.fromstring(client.get(server.url("/wp-sitemap.xml")).content)
    listed: dict[str, str | None] = {}
    for location in index.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        response = client.get(location.text or "")
        if response.status_code == 404:
            assert truth.pages[location.text or ""] == "other"
            continue
        for url in ElementTree.fromstring(response.content).findall("sm:url", SITEMAP_NS):
            listed[url.findtext("sm:loc", "", SITEMAP_NS)] = url.findtext("sm:lastmod", None, SITEMAP_NS)
    assert {post["url"] for post in truth.posts} <= set(listed)
    assert all(listed[post["url"]] for post in truth.posts)
    assert truth.removed_url not in listed


def test_feed_has_latest_posts_and_validators(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    response = client.get(server.url("/feed/"))
    links = [item.findtext("link") for item in ElementTree.fromstring(response.content).iter("item")]
    assert links == [post["url"] for post in truth.posts[:10]]
    assert "etag" in response.headers and "last-modified" in response.headers


def links_in(response: httpx.Response) -> list[str]:
    """Absolute URLs of the anchors and feed links in HTML, the locations and links in XML."""
    content_type = response.headers["content-type"]
    if content_type.startswith("text/html"):
        hrefs = lxml.html.fromstring(response.content).xpath(
            '//a/@href | //link[@rel="alternate"][@type="application/rss+xml"]/@href'
        )
    elif "xml" in content_type:
        root = ElementTree.fromstring(response.content)
        hrefs = [node.text for node in root.iter() if node.tag.split("}")[-1] in ("loc", "link") and node.text]
    else:
        hrefs = []
    return [urljoin(str(response.url), href) for href in hrefs]


def test_following_links_reaches_exactly_the_ground_truth_pages(
    server: ReplicaServer, client: httpx.Client, truth: GroundTruth
) -> None:
    queue = [server.start_url, server.url("/wp-sitemap.xml"), server.url("/robots.txt")]
    seen: set[str] = set()
    kept_off: set[str] = set()  # internal links a crawler stores but does not crawl
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        kind = truth.pages[url]
        if url in truth.redirects:
            assert response.status_code == 301 and response.headers["location"] == truth.redirects[url], url
            queue.append(truth.redirects[url])
            continue
        assert response.status_code == (404 if kind == "other" else 200), url
        assert int(response.headers["content-length"]) == len(response.content)
        if kind in KIND_BODY_CLASSES and response.headers["content-type"].startswith("text/html"):
            assert KIND_BODY_CLASSES[kind] <= body_classes(response.text), url
            assert f'href="{truth.disallowed[0]}"' in response.text, url
        for link in links_in(response):
            if not link.startswith(server.base_url) or urlsplit(link).query:
                continue
            link = link.split("#")[0]
            if link in truth.assets or link in truth.disallowed:
                kept_off.add(link)
            else:
                queue.append(link)
    assert seen == set(truth.pages)
    assert kept_off == set(truth.assets) | set(truth.disallowed)


def test_posts_render_what_the_ground_truth_says(
    server: ReplicaServer, client: httpx.Client, truth: GroundTruth
) -> None:
    related = {(row["source_url"], row["position"]): row for row in truth.related_links}
    for post in truth.posts:
        page = BeautifulSoup(client.get(post["url"]).text, "lxml")
        assert page.select_one("h1.entry-title").get_text(strip=True) == post["title"]
        assert page.select_one("time[datetime]")["datetime"] == post["published"]
        assert len(page.select_one("div.entry-content").get_text().split()) == post["word_count"]
        assert f"postid-{post['wp_id']}" in page.body["class"]
        for position, anchor in enumerate(page.select("div.related_posts .relThumb a.relThumWrap"), start=1):
            row = related.pop((post["url"], position))
            assert anchor["href"] == row["target_url"]
            assert anchor.select_one("strong.av-related-title").get_text() == row["title"]
            assert anchor.select_one("img")["alt"] == row["thumbnail_alt"]
    assert not related, "related links in the ground truth that no page shows"


def test_exercise_steps_appear_in_order(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    by_post: dict[str, list[str]] = {}
    for exercise in truth.exercises:
        by_post.setdefault(exercise["post_url"], []).extend(step["text"] for step in exercise["steps"])
    for url, steps in by_post.items():
        text = " ".join(BeautifulSoup(client.get(url).text, "lxml").select_one("div.entry-content").get_text().split())
        cursor = 0
        for step in steps:
            cursor = text.index(step, cursor) + len(step)


def test_content_covers_what_the_audits_need(site: Site, truth: GroundTruth) -> None:
    assert len(truth.posts) >= 60
    assert len(truth.archive_months) == 48
    assert truth.archive_months[0]["label"] == "May 2025" and truth.archive_months[-1]["label"] == "October 2016"
    styles = Counter(group.style for post in site.posts for group in post.exercise_sets)
    assert set(styles) == set(Style) and sum(1 for post in site.posts if post.exercise_sets) >= 8
    assert any(not post["categories"] for post in truth.posts)
    assert any(post["featured_image_alt"] == "" for post in truth.posts)
    assert {None, ""} <= {image["alt"] for image in truth.images}
    assert [row["target_status"] for row in truth.related_links].count(404) == 1
    levels = [row for row in truth.exercises if row["level"] is not None]
    assert all(row["name"].lower() in row["image_alt"].lower() for row in levels)


def test_seed_post_is_rebuilt(truth: GroundTruth) -> None:
    seed = next(post for post in truth.posts if post["url"].endswith(SEED_URL_PATH))
    assert (seed["title"], seed["published"]) == ("Strong Hips are Crucial!", "2019-05-15T10:00:00-06:00")
    exercises = [row for row in truth.exercises if row["post_url"] == seed["url"]]
    assert [(row["name"], row["label"], len(row["steps"])) for row in exercises] == [
        ("Clamshell", f"Level {level}", steps) for level, steps in enumerate((4, 4, 4, 6, 4), start=1)
    ]
    related = [(row["title"], row["thumbnail_alt"]) for row in truth.related_links if row["source_url"] == seed["url"]]
    assert related == [
        ("Shoulder or Back Pain? Keep Reading!", "latissimus dorsi"),
        ("Snow Days: Staying Safe & Warm", "winter cold"),
        ("Keep Your Back Healthy & Pain-Free", "gluteus maximus"),
        ("Low Back Tightness – Stretches To Try", "Woman working at desk improper posture slouching"),
    ]


def test_removed_post_answers_404(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    response = client.get(truth.removed_url)
    assert response.status_code == 404
    assert "error404" in body_classes(response.text)


def test_month_archive_paginates_by_ten(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    counts = Counter(month_of(post["url"]) for post in truth.posts)
    busiest = next(month for month in truth.archive_months if counts[month["id"]] > 10)
    first = client.get(busiest["url"]).text
    second = client.get(f"{busiest['url']}page/2/").text
    assert first.count("<article ") == 10
    assert second.count("<article ") == counts[busiest["id"]] - 10
    assert f"href='{busiest['url']}page/2/'" in first
    assert client.get(f"{busiest['url']}page/3/").status_code == 404


def test_shortlink_and_missing_slash_redirect(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    post = truth.posts[0]
    shortlink = client.get(server.url(f"/?p={post['wp_id']}"))
    assert (shortlink.status_code, shortlink.headers["location"]) == (301, post["url"])
    assert client.get(post["url"].rstrip("/")).headers["location"] == post["url"]


def test_wordpress_validators_only_on_feeds(server: ReplicaServer, client: httpx.Client) -> None:
    page = client.get(server.start_url)
    assert "etag" not in page.headers and "last-modified" not in page.headers
    sitemap = client.get(server.url("/wp-sitemap.xml"))
    assert "etag" in sitemap.headers and "last-modified" in sitemap.headers


def test_all_validators_answer_conditional_requests(
    server: ReplicaServer, client: httpx.Client, truth: GroundTruth
) -> None:
    server.validators = "all"
    try:
        url = truth.posts[0]["url"]
        first = client.get(url)
        by_tag = client.get(url, headers={"If-None-Match": first.headers["etag"]})
        by_date = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
        stale = client.get(url, headers={"If-None-Match": '"something-else"'})
    finally:
        server.validators = "wordpress"
    assert (by_tag.status_code, by_tag.content, by_date.status_code) == (304, b"", 304)
    assert stale.status_code == 200 and stale.headers["etag"] == first.headers["etag"]


def test_fail_fault_returns_status_and_retry_after(server: ReplicaServer, client: httpx.Client) -> None:
    server.faults.fail("/about/", status=429, times=2, retry_after=7)
    answers = [client.get(server.url("/about/")) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [429, 429, 200]
    assert answers[0].headers["retry-after"] == "7" and "retry-after" not in answers[2].headers


def test_stall_fault_trips_a_read_timeout(server: ReplicaServer) -> None:
    server.faults.stall("/contact/", seconds=0.5)
    with httpx.Client(timeout=httpx.Timeout(5, read=0.1)) as impatient:
        with pytest.raises(httpx.ReadTimeout):
            impatient.get(server.url("/contact/"))
        assert impatient.get(server.url("/contact/")).status_code == 200


@pytest.mark.parametrize("kind", ["reset", "truncate"])
def test_short_body_faults_break_the_response(server: ReplicaServer, kind: str) -> None:
    path = "/services/"
    getattr(server.faults, kind)(path)
    server.clear_log()
    with httpx.Client(timeout=5) as http:
        with pytest.raises(httpx.TransportError):
            http.get(server.url(path))
        complete = http.get(server.url(path))
    broken, whole = [record for record in server.requests if record.path == path]
    assert broken.status == 200 and 0 < broken.bytes_sent < whole.bytes_sent == len(complete.content)


def test_request_log_keeps_headers_and_clears(server: ReplicaServer, client: httpx.Client) -> None:
    server.clear_log()
    client.get(server.url("/media/?utm_source=test"), headers={"User-Agent": "replica-test"})
    (record,) = [record for record in server.settled_requests() if record.path.startswith("/media/")]
    assert (record.method, record.path, record.status) == ("GET", "/media/?utm_source=test", 200)
    assert record.headers["user-agent"] == "replica-test" and record.bytes_sent > 0
    assert record.finished is not None and record.finished >= record.time  # when the answer was written
    server.clear_log()
    assert not [record for record in server.requests if record.path.startswith("/media/")]


def test_edition_two_changes_only_what_it_says(server: ReplicaServer, client: httpx.Client, truth: GroundTruth) -> None:
    later = build_site(edition=2)
    before = {post["url"]: post for post in truth.posts}
    server.site = later
    try:
        after_truth = later.expected(server.base_url)
        statuses = {url: client.get(url).status_code for url in (*after_truth.added, *after_truth.removed)}
    finally:
        server.site = build_site()
    after = {post["url"]: post for post in after_truth.posts}
    assert after_truth.added and after_truth.removed and after_truth.retitled
    moved = after_truth.moved  # the renamed post: at its new address only
    assert len(moved) == 1
    assert set(after) == set(before) - set(after_truth.removed) - set(moved) | set(after_truth.added) | set(
        moved.values()
    )
    assert all(statuses[url] == 200 for url in after_truth.added)
    assert all(statuses[url] == 404 for url in after_truth.removed)
    assert set(after_truth.retitled) <= set(after_truth.changed)
    for url in after_truth.changed:
        assert content(after_truth, url) != content(truth, url) and after[url]["modified"] is not None
    for old, new in moved.items():
        assert after[new]["modified"] is not None and after[new]["title"] == before[old]["title"]
    untouched = set(after) & set(before) - set(after_truth.changed)
    assert all(after[url] == before[url] for url in untouched)
    new_months = {month["id"] for month in after_truth.archive_months} - {m["id"] for m in truth.archive_months}
    assert new_months == {month_of(url) for url in after_truth.added}


def test_synthetic_site_builds_and_serves() -> None:
    big = build_site(posts=1000)
    with ReplicaServer(big, crawl_delay=0) as running, httpx.Client(timeout=5) as http:
        truth = big.expected(running.base_url)
        last_blog_page = max((url for url, kind in truth.pages.items() if kind == "blog_index"), key=len)
        assert http.get(last_blog_page).status_code == 200
        assert http.get(truth.posts[500]["url"]).status_code == 200
    assert len(truth.posts) == 1000
    assert truth.exercises and truth.related_links
    assert [row["target_status"] for row in truth.related_links].count(404) == 1


def test_a_shared_replica_put_back_is_as_a_new_one(site: Site, client: httpx.Client) -> None:
    """`as_new`, which lets tests share one crawled replica (`once_crawled`): settings, faults and log as new."""
    with ReplicaServer(site, crawl_delay=0.0) as shared:
        shared.faults.fail("/blog/", status=503, times=5)
        assert client.get(shared.start_url).status_code == 503
        shared.site, shared.validators, shared.crawl_delay, shared.traps = build_site(edition=2), "all", 1.0, True
        shared.latency, shared.api, shared.uploads_base = 0.5, "404", "http://127.0.0.1:9/uploads"

        as_new(shared, site)

        new = ReplicaServer(site, crawl_delay=0.0)  # never started
        settings = {name: value for name, value in vars(new).items() if not name.startswith("_") and name != "faults"}
        assert settings.keys() >= {"site", "validators", "crawl_delay", "latency", "traps", "api", "uploads_base"}
        assert {name: getattr(shared, name) for name in settings} == settings
        assert shared.requests == []
        assert client.get(shared.start_url).status_code == 200  # the fault is gone
        assert [request.path for request in shared.requests] == ["/blog/"]
