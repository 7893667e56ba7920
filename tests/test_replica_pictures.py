"""The replica serves real picture bytes: decodable, of the sizes their names claim, distinct, with validators."""

from __future__ import annotations

import hashlib
import io
import re

import httpx
import pytest
from PIL import Image

from crawler.replica import GroundTruth, ReplicaServer, Site
from crawler.replica.pictures import (
    BOMB_SIZE,
    DEFAULT_CAP,
    HEAVY_BYTES,
    HOSTILE_DIR,
    ORIGINAL_SIZE,
    gif,
    jpeg,
    picture_bytes,
    png,
    upload,
    webp,
)

SIZE_IN_NAME = re.compile(r"-(\d+)x(\d+)\.\w+$")


@pytest.fixture(scope="module")
def truth(site: Site, replica: ReplicaServer) -> GroundTruth:
    return site.expected(replica.base_url)


@pytest.fixture(scope="module")
def served(truth: GroundTruth, replica: ReplicaServer) -> dict[str, httpx.Response]:
    """Every picture a post page shows, fetched once."""
    urls = sorted({url for pictures in truth.pictures.values() for url in pictures})
    with httpx.Client(timeout=10) as client:
        return {url: client.get(url) for url in urls}


def expected_size(url: str) -> tuple[int, int]:
    found = SIZE_IN_NAME.search(url)
    if found:
        return int(found[1]), int(found[2])
    return (300, 100) if "logo" in url else ORIGINAL_SIZE


def test_every_picture_a_post_shows_decodes_at_the_size_its_name_claims(served: dict[str, httpx.Response]) -> None:
    assert len(served) > 100
    for url, response in served.items():
        assert response.status_code == 200, url
        image = Image.open(io.BytesIO(response.content))
        image.load()  # decodes every pixel: a broken stream raises
        assert image.size == expected_size(url), url
        assert Image.MIME[image.format] == response.headers["content-type"], url


def test_each_file_and_size_has_its_own_bytes(served: dict[str, httpx.Response]) -> None:
    digests = {hashlib.sha256(response.content).hexdigest() for response in served.values()}
    assert len(digests) == len(served)


def test_some_originals_are_heavy_and_resized_copies_are_light(served: dict[str, httpx.Response]) -> None:
    heavy = [url for url, response in served.items() if len(response.content) > HEAVY_BYTES]
    assert heavy and all(not SIZE_IN_NAME.search(url) for url in heavy)
    assert len(heavy) < len(served) / 3


def test_uploads_carry_a_static_files_validators_and_answer_conditional_gets(
    truth: GroundTruth, replica: ReplicaServer
) -> None:
    url = next(iter(truth.pictures.values()))[0]
    with httpx.Client(timeout=10) as client:
        first = client.get(url)
        assert first.headers["etag"] and first.headers["last-modified"]
        again = client.get(url, headers={"If-None-Match": first.headers["etag"]})
        since = client.get(url, headers={"If-Modified-Since": first.headers["last-modified"]})
        page = client.get(replica.start_url)
    assert (again.status_code, again.content) == (304, b"")
    assert since.status_code == 304
    assert "etag" not in page.headers  # WordPress's own pages still send none


def test_uploads_are_written_in_their_month(replica: ReplicaServer) -> None:
    response = httpx.get(replica.url("/wp-content/uploads/2019/05/clamshell-level-1-300x200.jpg"), timeout=10)
    assert response.headers["last-modified"] == "Wed, 01 May 2019 09:30:00 GMT"


@pytest.mark.parametrize(
    ("name", "status", "content_type"),
    [
        ("missing.jpg", 404, "text/html; charset=UTF-8"),
        ("error-page.jpg", 200, "image/jpeg"),
        ("scripted.svg", 200, "image/svg+xml"),
        ("bomb.png", 200, "image/png"),
    ],
)
def test_hostile_uploads(replica: ReplicaServer, name: str, status: int, content_type: str) -> None:
    response = httpx.get(replica.url(HOSTILE_DIR + name), timeout=10)
    assert (response.status_code, response.headers["content-type"]) == (status, content_type)


def test_hostile_bodies_are_what_they_pretend_not_to_be() -> None:
    error_page = upload(HOSTILE_DIR + "error-page.jpg")
    svg = upload(HOSTILE_DIR + "scripted.svg")
    bomb = upload(HOSTILE_DIR + "bomb.png")
    over = upload(HOSTILE_DIR + "over-the-cap.jpg")
    assert error_page and error_page.body.startswith(b"<!DOCTYPE html>")
    assert svg and b"<script>" in svg.body
    assert bomb and len(bomb.body) < 1000
    with pytest.raises(Image.DecompressionBombError, match=str(BOMB_SIZE[0] * BOMB_SIZE[1])):
        Image.open(io.BytesIO(bomb.body))  # its header alone claims 2.5 gigapixels
    assert over and len(over.body) > DEFAULT_CAP and over.body.startswith(b"\xff\xd8\xff")
    assert upload(HOSTILE_DIR + "unknown.jpg") is None
    assert upload("/wp-content/themes/enfold/logo.png") is None


@pytest.mark.parametrize(
    ("data", "size", "mode"),
    [
        (jpeg(17, 9, [(200, 90, 160)] * 6, [b"x"]), (17, 9), "RGB"),
        (png(5, 3, lambda x, y: (x * 40, y * 80, 7), b"x"), (5, 3), "RGB"),
        (gif(300, 7, [(0, 0, 0), (255, 0, 0), (0, 255, 0)], lambda x, y: (x * y) % 3), (300, 7), "P"),
        (webp(3000, 1, (10, 20, 30)), (3000, 1), "RGB"),
    ],
    ids=["jpeg", "png", "gif", "webp"],
)
def test_each_encoder_writes_an_image_pillow_decodes(data: bytes, size: tuple[int, int], mode: str) -> None:
    image = Image.open(io.BytesIO(data))
    image.load()
    assert (image.size, image.mode) == (size, mode)


def test_gif_pixels_survive_lzw() -> None:
    palette = [(0, 0, 0), (255, 0, 0), (0, 255, 0), (0, 0, 255)]
    data = gif(70, 90, palette, lambda x, y: (x // 3 + y * y) % 4)  # long enough to fill and reset the code table
    image = Image.open(io.BytesIO(data)).convert("RGB")
    assert all(image.getpixel((x, y)) == palette[(x // 3 + y * y) % 4] for x in range(70) for y in range(90))


def test_webp_is_one_colour_and_jpeg_blocks_keep_theirs() -> None:
    assert Image.open(io.BytesIO(webp(4, 4, (10, 20, 30)))).convert("RGB").getpixel((3, 3)) == (10, 20, 30)
    grey = Image.open(io.BytesIO(jpeg(16, 8, [(60, 128, 128), (200, 128, 128)], []))).convert("L")
    assert abs(grey.getpixel((2, 2)) - 60) <= 2 and abs(grey.getpixel((12, 2)) - 200) <= 2


def test_picture_bytes_are_deterministic() -> None:
    assert picture_bytes("2019/05/a-300x200.jpg", 300, 200, False) == picture_bytes(
        "2019/05/a-300x200.jpg", 300, 200, False
    )
    assert picture_bytes("2019/05/a.tiff", 10, 10, True) is None


@pytest.mark.parametrize("extension", ["jpg", "png", "gif"])
def test_files_sharing_a_drawing_differ_by_their_own_comment(extension: str) -> None:
    first, second = (
        picture_bytes(f"2019/05/{name}-30x20.{extension}", 30, 20, False) for name in ("a", "b-variant-of-a")
    )
    assert first and second and first[1] != second[1]
    images = [Image.open(io.BytesIO(data)) for _type, data in (first, second)]
    for image in images:
        image.load()
        assert image.size == (30, 20)
    comments = [image.info.get("comment", image.info.get("Comment")) for image in images]
    assert [comment if isinstance(comment, bytes) else comment.encode() for comment in comments] == [
        f"replica upload 2019/05/a-30x20.{extension} 30x20".encode(),
        f"replica upload 2019/05/b-variant-of-a-30x20.{extension} 30x20".encode(),
    ]


def test_a_re_upload_is_drawn_in_other_colours() -> None:
    file = "2019/05/a-30x20.png"
    before = picture_bytes(file, 30, 20, False)
    after = picture_bytes(file, 30, 20, False, replaced=frozenset({"2019/05/a.png"}))
    assert before and after
    pixels = [Image.open(io.BytesIO(data)).convert("RGB").getpixel((1, 1)) for _type, data in (before, after)]
    assert pixels[0] != pixels[1]
