"""The archive stands alone: with the blog offline, every picture a post page shows comes from the archive.

The replica (with its post of hostile pictures) is crawled, then stopped; `blog-archive serve` serves the archive
and Chromium opens every post page. Screenshots of a post page and of the exercise catalogue land in
tests/artifacts/ (docs/screenshots/post_offline.png and exercises_offline.png are copies of them).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from datasette.utils import tilde_encode

from crawler.replica import GroundTruth, ReplicaServer, build_site
from crawler.replica.pictures import HOSTILE_POST_SLUG
from tests.browsing import Tab
from tests.served import served_archive
from tests.support import COMMAND

pytestmark = pytest.mark.browser

SEED_POST_TITLE = "Strong Hips are Crucial!"  # headings, body pictures, five Clamshell levels with a picture each
IMAGES = """() => [...document.querySelectorAll('img')].map(image => ({
    src: image.currentSrc || image.src, complete: image.complete, width: image.naturalWidth
}))"""
PLACEHOLDERS = "() => [...document.querySelectorAll('.missing-picture-url')].map(element => element.innerText)"


@dataclass(frozen=True)
class Offline:
    """The archive served with the blog it was crawled from stopped."""

    base_url: str
    database: str
    truth: GroundTruth
    blog: str  # the stopped blog's origin


@pytest.fixture(scope="module")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Offline]:
    db_path = tmp_path_factory.mktemp("offline") / "archive.db"
    site = build_site(hostile_pictures=True)
    with ReplicaServer(site, crawl_delay=0.0) as replica:
        command = [COMMAND, "crawl", replica.start_url, "--db", str(db_path), "--delay", "0", "--quiet"]
        subprocess.run(command, check=True, timeout=300)  # the installed command, as people run it
        truth, blog = site.expected(replica.base_url), replica.base_url
    with pytest.raises(httpx.TransportError):
        httpx.get(blog + "/blog/", timeout=2)  # the blog is gone
    with served_archive(db_path) as base_url:
        yield Offline(base_url, db_path.stem, truth, blog)


def post_page(offline: Offline, url: str) -> str:
    return f"{offline.base_url}/{offline.database}/posts/{tilde_encode(url)}"


def images_shown(tab: Tab) -> list[dict[str, object]]:
    tab.load_images()
    images: list[dict[str, object]] = tab.page.evaluate(IMAGES)
    return images


def test_every_post_page_shows_each_picture_from_the_archive_itself(tab: Tab, offline: Offline) -> None:
    origin = offline.base_url
    hostile = [url for url in offline.truth.pictures if HOSTILE_POST_SLUG in url]
    shown = 0
    for post in offline.truth.posts:
        if post["url"] in hostile:
            continue
        tab.open(post_page(offline, post["url"]))
        images = images_shown(tab)
        assert images or not offline.truth.pictures[post["url"]], post["url"]
        for image in images:
            assert str(image["src"]).startswith(f"{origin}/{offline.database}/-/media/"), (post["url"], image)
            assert image["complete"] and int(str(image["width"])) > 0, (post["url"], image)
        assert tab.page.evaluate(PLACEHOLDERS) == [], post["url"]
        shown += len(images)
    assert shown > 250


def test_a_picture_the_archive_lacks_is_a_placeholder_naming_its_address(tab: Tab, offline: Offline) -> None:
    (url,) = [url for url in offline.truth.pictures if HOSTILE_POST_SLUG in url]
    tab.open(post_page(offline, url))
    images = images_shown(tab)
    placeholders = tab.page.evaluate(PLACEHOLDERS)
    missing = [picture for picture in offline.truth.pictures[url] if "scripted" not in picture]
    shown_in_body = {picture for picture in missing if "-300x200" in urlsplit(picture).path}  # the src of each img
    assert set(placeholders) == shown_in_body
    assert tab.page.locator(".missing-picture-label").first.inner_text() == "Picture not in the archive"
    (svg,) = images  # the SVG is kept, and drawn as a picture: its script never runs
    assert int(str(svg["width"])) == 120 and str(svg["src"]).startswith(offline.base_url)
    tab.screenshot("post_missing_pictures.png")


def test_the_seed_post_and_the_exercise_catalogue_offline(tab: Tab, offline: Offline) -> None:
    post = next(post for post in offline.truth.posts if post["title"] == SEED_POST_TITLE)
    tab.open(post_page(offline, post["url"]))
    cards = tab.page.locator(".exercise-card img")
    assert cards.count() == 5
    images_shown(tab)
    assert all(cards.nth(index).evaluate("image => image.complete && image.naturalWidth > 0") for index in range(5))
    tab.page.evaluate("() => window.scrollTo(0, 0)")
    tab.screenshot("post_offline.png")
    tab.open(f"{offline.base_url}/{offline.database}/exercise_catalogue")
    pictures = images_shown(tab)
    assert len(pictures) > 30 and all(int(str(image["width"])) > 0 for image in pictures)
    tab.page.evaluate("() => window.scrollTo(0, 0)")
    tab.screenshot("exercises_offline.png", full_page=False)


def test_the_posts_table_shows_each_featured_image_from_the_archive(tab: Tab, offline: Offline) -> None:
    tab.open(f"{offline.base_url}/{offline.database}/posts?_size=100")
    thumbnails = images_shown(tab)
    assert len(thumbnails) >= len([post for post in offline.truth.posts if post["featured_image_url"]])
    assert all(str(image["src"]).startswith(offline.base_url) and int(str(image["width"])) > 0 for image in thumbnails)


def test_an_archived_picture_is_served_typed_cached_and_sandboxed(offline: Offline) -> None:
    database = f"{offline.base_url}/{offline.database}"
    rows = httpx.get(
        f"{database}/media.json", params={"_shape": "array", "_col": ["sha256", "content_type"], "_size": "max"}
    ).json()
    kept = [row for row in rows if row["sha256"]]
    jpeg = next(row for row in kept if row["content_type"] == "image/jpeg")
    svg = next(row for row in kept if row["content_type"] == "image/svg+xml")
    response = httpx.get(f"{database}/-/media/{jpeg['sha256']}")
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert "sandbox" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    again = httpx.get(f"{database}/-/media/{jpeg['sha256']}", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    drawing = httpx.get(f"{database}/-/media/{svg['sha256']}")
    assert drawing.headers["content-type"] == "image/svg+xml"
    assert drawing.headers["content-disposition"].startswith("attachment")
    assert "sandbox" in drawing.headers["content-security-policy"]
    assert b"<script>" in drawing.content  # kept as it came: the sandbox, not an edit, keeps it harmless
    assert httpx.get(f"{database}/-/media/{'0' * 64}").status_code == 404
    policy = httpx.get(f"{database}/posts").headers["content-security-policy"]
    assert "img-src 'self' data:" in policy and "img-src *" not in policy


def test_the_missing_and_heavy_pictures_audits_name_what_to_fix(offline: Offline) -> None:
    database = f"{offline.base_url}/{offline.database}"
    missing = httpx.get(f"{database}/missing_images.json", params={"_shape": "array"}).json()
    (hostile,) = [url for url in offline.truth.pictures if HOSTILE_POST_SLUG in url]
    assert {row["post_url"] for row in missing} == {hostile}
    assert {row["problem"].split(":")[0] for row in missing} == {
        "HTTP 404",
        "too large",
        "not an image",
        "too many pixels",
    }
    heavy = httpx.get(f"{database}/heavy_images.json", params={"_shape": "array"}).json()
    assert heavy and all(row["size"] > 300 * 1024 and row["post_count"] >= 1 for row in heavy)
    page = httpx.get(f"{database}/heavy_images").text
    assert "Heavy pictures" in page
    assert Path(urlsplit(heavy[0]["url"]).path).suffix == ".jpg"
