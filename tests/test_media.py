"""Pictures, pure: types sniffed from bytes, sizes from headers, limits, srcsets, hosts and which pictures to keep."""

from __future__ import annotations

import io
import struct

import httpx
import pytest

from crawler.crawl.pictures import MediaHosts, is_own_media, original_of, pictures_to_keep
from crawler.media import MediaLimits, read_dimensions, refusal, sniff_type
from crawler.replica import ReplicaServer, Site
from crawler.replica.pictures import BOMB_SIZE, NOT_AN_IMAGE, SCRIPTED_SVG, gif, jpeg, png, png_header_only, webp
from parsers.models import Exercise, Image, ParsedPage, Post, RelatedLink
from parsers.page import parse_page
from parsers.pictures import ShownImage, largest_candidate, parse_shown_images, srcset_candidates

AVIF_HEAD = struct.pack(">I", 28) + b"ftypavif" + b"\x00\x00\x00\x00" + b"mif1miafMA1B"
HEIC_HEAD = struct.pack(">I", 24) + b"ftypmif1" + b"\x00\x00\x00\x00" + b"mif1heic"
ICO_HEAD = (
    b"\x00\x00\x01\x00\x02\x00"
    + (bytes([16, 16, 0, 0, 1, 0, 32, 0]) + bytes(8))
    + (bytes([0, 0, 0, 0, 1, 0, 32, 0]) + bytes(8))
)
BMP_HEAD = b"BM" + bytes(12) + struct.pack("<Iii", 40, 7, 5) + bytes(26)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (jpeg(8, 8, [(1, 2, 3)], []), "image/jpeg"),
        (png(2, 2, lambda x, y: (0, 0, 0), b""), "image/png"),
        (gif(2, 2, [(0, 0, 0)], lambda x, y: 0), "image/gif"),
        (webp(2, 2, (0, 0, 0)), "image/webp"),
        (AVIF_HEAD, "image/avif"),
        (HEIC_HEAD, "image/heic"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (ICO_HEAD, "image/vnd.microsoft.icon"),
        (BMP_HEAD, "image/bmp"),
        (SCRIPTED_SVG, "image/svg+xml"),
        (
            b'\xef\xbb\xbf  <!-- made by hand -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x"><svg/>',
            "image/svg+xml",
        ),
        (NOT_AN_IMAGE, None),
        (b"<?xml version='1.0'?><rss version='2.0'></rss>", None),
        (b"<svgfoo></svgfoo>", None),
        (b"BMP is not enough", None),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", None),
        (b"", None),
        (b"\x00" * 64, None),
    ],
    ids=lambda value: value if isinstance(value, str) or value is None else None,
)
def test_the_type_is_sniffed_from_the_bytes(head: bytes, expected: str | None) -> None:
    assert sniff_type(head) == expected


@pytest.mark.parametrize(
    ("data", "content_type", "expected"),
    [
        (jpeg(301, 199, [(1, 2, 3)] * 1000, [b"a comment" * 100]), "image/jpeg", (301, 199)),
        (png(7, 3, lambda x, y: (0, 0, 0), b""), "image/png", (7, 3)),
        (gif(640, 2, [(0, 0, 0)], lambda x, y: 0), "image/gif", (640, 2)),
        (webp(1200, 800, (0, 0, 0)), "image/webp", (1200, 800)),
        (png_header_only(*BOMB_SIZE), "image/png", BOMB_SIZE),
        (SCRIPTED_SVG, "image/svg+xml", (120, 80)),
        (ICO_HEAD, "image/vnd.microsoft.icon", (256, 256)),
        (BMP_HEAD, "image/bmp", (7, 5)),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg", None),  # cut before any frame header
        (b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', "image/svg+xml", None),
    ],
    ids=["jpeg", "png", "gif", "webp", "bomb", "svg", "ico", "bmp", "truncated-jpeg", "svg-without-size"],
)
def test_dimensions_come_from_the_header(data: bytes, content_type: str, expected: tuple[int, int] | None) -> None:
    assert read_dimensions(io.BytesIO(data), content_type) == expected


@pytest.mark.parametrize(
    ("content_type", "head", "dimensions", "reason"),
    [
        ("image/jpeg", b"", (1200, 800), None),
        ("image/svg+xml", b"", None, None),
        ("image/png", b"", (10_000, 10_000), None),
        ("image/png", b"", (10_001, 10_000), "too many pixels: the header claims 10001x10000, over 100,000,000 pixels"),
        ("image/png", b"", BOMB_SIZE, "too many pixels: the header claims 50000x50000, over 100,000,000 pixels"),
        ("image/jpeg", b"", None, "not an image: a image/jpeg signature without a readable size"),
        (None, NOT_AN_IMAGE, None, "not an image: an HTML page"),
        (None, b"\x00\x01binary", None, "not an image: no known picture format"),
    ],
)
def test_what_is_refused_and_why(
    content_type: str | None, head: bytes, dimensions: tuple[int, int] | None, reason: str | None
) -> None:
    assert refusal(content_type, head, dimensions, MediaLimits()) == reason


def test_the_pixel_bound_is_a_limit() -> None:
    assert refusal("image/png", b"", (1000, 1000), MediaLimits(max_pixels=999_999)) is not None


@pytest.mark.parametrize(
    ("srcset", "largest"),
    [
        ("a-300x200.jpg 300w, a.jpg 1200w", "a.jpg"),
        ("a.jpg 1200w, a-300x200.jpg 300w, a-768x512.jpg 768w", "a.jpg"),
        ("a.jpg, a@2x.jpg 2x", "a@2x.jpg"),
        ("a@3x.jpg 3x, a-big.jpg 800w", "a-big.jpg"),  # widths win over densities
        ("https://i0.wp.com/x.com/a.jpg?resize=300,200 300w, https://i0.wp.com/x.com/a.jpg?resize=1024,683 1024w",
         "https://i0.wp.com/x.com/a.jpg?resize=1024,683"),  # commas inside a URL
        ("a.jpg 300q, b.jpg 2 x", None),  # unreadable descriptors drop their candidates
        ("  ,, ", None),
        ("a.jpg 1e3w, b.jpg 10w", "b.jpg"),
    ],
)  # fmt: skip
def test_largest_srcset_candidate(srcset: str, largest: str | None) -> None:
    assert largest_candidate(srcset) == largest


def test_srcset_candidates_keep_their_descriptors() -> None:
    assert srcset_candidates("a.jpg 300w,b.jpg 1.5x, c.jpg") == [
        ("a.jpg", 300, "w"),
        ("b.jpg", 1.5, "x"),
        ("c.jpg", 1, "x"),
    ]


def test_shown_images_read_src_lazy_sources_and_srcsets() -> None:
    html = """<html><head><base href="https://blog.example/"></head><body>
    <img src="up/a-300x200.jpg" srcset="up/a-300x200.jpg 300w, up/a.jpg 1200w">
    <img src="data:image/gif;base64,R0lGOD" data-src="/up/lazy.jpg" data-srcset="/up/lazy.jpg 1x, /up/lazy-2x.jpg 2x">
    <a href="/up/f.jpg" data-srcset="/up/f.jpg 1200w, /up/f-845x321.jpg 845w"><img src="/up/f-845x321.jpg"></a>
    <img src=""><img alt="no source"><img src="javascript:alert(1)">
    </body></html>"""
    assert parse_shown_images(html, "https://blog.example/2019/05/01/post/") == (
        ShownImage("https://blog.example/up/a-300x200.jpg", "https://blog.example/up/a.jpg"),
        ShownImage("https://blog.example/up/lazy.jpg", "https://blog.example/up/lazy-2x.jpg"),
        ShownImage("https://blog.example/up/f-845x321.jpg", "https://blog.example/up/f.jpg"),
    )


HOSTS = MediaHosts.of("https://backinsteppt.com/blog/", cdn=["cdn.backinsteppt.com"])


@pytest.mark.parametrize(
    ("url", "own"),
    [
        ("https://backinsteppt.com/wp-content/uploads/2019/05/a.jpg", True),
        ("http://backinsteppt.com/wp-content/uploads/2019/05/a.jpg", True),
        ("https://www.backinsteppt.com/wp-content/uploads/2019/05/a.jpg", True),
        ("https://cdn.backinsteppt.com/wp-content/uploads/2019/05/a.jpg", True),
        ("https://i0.wp.com/backinsteppt.com/wp-content/uploads/2019/05/a.jpg?resize=300%2C200&ssl=1", True),
        ("https://i2.wp.com/www.backinsteppt.com/wp-content/uploads/a.jpg", True),
        ("https://i0.wp.com/othersite.com/wp-content/uploads/2019/05/a.jpg", False),  # Jetpack, someone else's upload
        ("https://i0.wp.com/backinsteppt.com.evil.net/a.jpg", False),
        ("https://backinsteppt.com.evil.net/wp-content/uploads/a.jpg", False),
        ("https://secure.gravatar.com/avatar/abc?s=96", False),
        ("https://www.facebook.com/tr?id=1&ev=PageView&noscript=1", False),
        ("https://i.ytimg.com/vi/abc/hqdefault.jpg", False),
        ("data:image/gif;base64,R0lGODlhAQABAAAAACw=", False),
        ("ftp://backinsteppt.com/a.jpg", False),
        ("https://backinsteppt.com:8443/a.jpg", False),  # another port is another origin
    ],
)
def test_only_the_blogs_own_pictures_are_kept(url: str, own: bool) -> None:
    assert is_own_media(url, HOSTS) is own


def test_a_replica_on_a_port_is_its_own_host() -> None:
    hosts = MediaHosts.of("http://127.0.0.1:8123/blog/")
    assert is_own_media("http://127.0.0.1:8123/wp-content/uploads/a.jpg", hosts)
    assert not is_own_media("http://127.0.0.1:8124/wp-content/uploads/a.jpg", hosts)


@pytest.mark.parametrize(
    ("url", "original"),
    [
        ("https://b.com/wp-content/uploads/2019/05/a-300x200.jpg", "https://b.com/wp-content/uploads/2019/05/a.jpg"),
        ("https://b.com/wp-content/uploads/2019/05/a-scaled.jpeg", "https://b.com/wp-content/uploads/2019/05/a.jpeg"),
        ("https://b.com/wp-content/uploads/2019/05/a.jpg", None),
        ("https://b.com/wp-content/uploads/2019/05/level-2-1024x683.png", "https://b.com/wp-content/uploads/2019/05/level-2.png"),
        ("https://b.com/wp-content/uploads/2019/05/300x200.jpg", None),  # the whole name, not a suffix
        ("https://i0.wp.com/b.com/up/a.jpg?resize=300%2C200&ssl=1", "https://i0.wp.com/b.com/up/a.jpg"),
    ],
)  # fmt: skip
def test_the_original_of_a_resized_copy(url: str, original: str | None) -> None:
    assert original_of(url) == original


def _post(featured: str | None) -> Post:
    return Post(
        "https://backinsteppt.com/2019/05/01/p/", 1, "p", "P", None, None, None, None, "", "", 0, featured, None
    )


def test_pictures_to_keep_by_role_in_order_once_each() -> None:
    up = "https://backinsteppt.com/wp-content/uploads/2019/05/"
    page = ParsedPage(
        url="https://backinsteppt.com/2019/05/01/p/",
        kind="post",
        title="P",
        post=_post(up + "hero.jpg"),
        images=(Image(1, up + "a-300x200.jpg", "A"), Image(2, "https://tracker.example/pixel.gif", "")),
        exercises=(Exercise(1, "Clamshell", 1, "Level 1", up + "a-300x200.jpg", "A", ()),
                   Exercise(2, "Clamshell", 2, "Level 2", up + "b-300x200.jpg", "B", ())),
        related_links=(RelatedLink(1, "https://backinsteppt.com/x/", "X", up + "x-180x180.jpg", ""),
                       RelatedLink(2, "https://backinsteppt.com/y/", "Y", None, None),
                       RelatedLink(3, "https://backinsteppt.com/z/", "Z", "https://secure.gravatar.com/z.jpg", "")),
    )  # fmt: skip
    shown = [
        ShownImage(up + "hero-845x321.jpg", up + "hero.jpg"),
        ShownImage(up + "a-300x200.jpg", up + "a.jpg"),
        ShownImage(up + "b-300x200.jpg", up + "b-1024x683.jpg"),
        ShownImage(up + "neighbour-80x80.jpg", None),  # the previous-post arrow: another post's picture
    ]
    kept = [(picture.url.removeprefix(up), picture.role) for picture in pictures_to_keep(page, shown, HOSTS)]
    assert kept == [
        ("hero-845x321.jpg", "featured"),
        ("hero.jpg", "featured_original"),
        ("a-300x200.jpg", "body"),
        ("a.jpg", "body_largest"),
        ("b-300x200.jpg", "exercise"),
        ("b-1024x683.jpg", "exercise"),
        ("x-180x180.jpg", "related"),
    ]


def test_a_featured_image_named_at_a_size_keeps_its_original_too() -> None:
    up = "https://backinsteppt.com/wp-content/uploads/2019/05/"
    page = ParsedPage(
        url="https://backinsteppt.com/2019/05/01/p/", kind="post", title="P", post=_post(up + "hero-1024x683.jpg")
    )
    kept = pictures_to_keep(page, [], HOSTS)
    assert [(picture.url, picture.role) for picture in kept] == [
        (up + "hero-1024x683.jpg", "featured_original"),
        (up + "hero.jpg", "featured_original"),
    ]


def test_a_page_without_a_post_keeps_only_what_it_shows_of_its_own() -> None:
    assert (
        pictures_to_keep(ParsedPage(url="https://backinsteppt.com/about/", kind="page", title="About"), [], HOSTS) == []
    )


def test_on_the_replica_every_picture_a_post_page_shows_is_chosen(site: Site, replica: ReplicaServer) -> None:
    truth = site.expected(replica.base_url)
    hosts = MediaHosts.of(replica.start_url)
    with httpx.Client(timeout=10) as client:
        for post_url, expected in truth.pictures.items():
            html = client.get(post_url).text
            chosen = pictures_to_keep(parse_page(html, post_url), parse_shown_images(html, post_url), hosts)
            assert [picture.url for picture in chosen] == expected, post_url
