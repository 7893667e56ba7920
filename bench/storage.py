"""Storage figures for a crawl of the replica: bytes stored per page, compression ratio, and what a zstd
dictionary trained on the archive's own pages would save.

Run from the repository root: .venv/bin/python -m bench.storage
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import zstandard

from crawler.archive.store import COMPRESSION, Archive, decompress_body
from crawler.config import CrawlConfig
from crawler.crawl.run import crawl_site
from crawler.replica import ReplicaServer, build_site

LEVEL = 10  # the level Archive compresses with
DICTIONARY_SIZE = 64 * 1024


def crawl_replica(db_path: Path) -> None:
    """Crawl the replica (edition 1) into a new archive, as fast as it allows."""
    with ReplicaServer(build_site(), crawl_delay=0.0) as server:
        summary = asyncio.run(crawl_site(CrawlConfig(start_url=server.start_url, db_path=db_path, delay=0.0)))
    print(summary.line())


def stored_bodies(archive: Archive) -> list[tuple[str, bytes, int]]:
    """(kind of the first page using it, raw bytes, stored size) of every distinct body."""
    sql = """
        SELECT b.hash, b.compression, b.data, b.stored_size, min(p.kind) AS kind
        FROM bodies b LEFT JOIN pages p ON p.content_hash = b.hash GROUP BY b.hash ORDER BY b.hash
    """
    bodies = []
    for row in archive.db.query(sql):
        stored = archive.bodies.compressed_body(row["hash"])
        assert stored is not None and stored.compression == COMPRESSION
        bodies.append((row["kind"] or "none", decompress_body(stored), row["stored_size"]))
    return bodies


def compressed_size(samples: list[bytes], dictionary: zstandard.ZstdCompressionDict | None) -> int:
    """Total bytes of the samples compressed one by one at the archive's level."""
    compressor = zstandard.ZstdCompressor(level=LEVEL, dict_data=dictionary)
    return sum(len(compressor.compress(sample)) for sample in samples)


def report(db_path: Path) -> None:
    """Print the figures for one archive."""
    archive = Archive(db_path, readonly=True)
    pages = archive.count("pages", "content_hash IS NOT NULL")
    bodies = stored_bodies(archive)
    raw = sum(len(body) for _kind, body, _stored in bodies)
    stored = sum(size for _kind, _body, size in bodies)
    file_size = db_path.stat().st_size
    largest = list(
        archive.db.query("SELECT name, sum(pgsize) AS size FROM dbstat GROUP BY name ORDER BY size DESC LIMIT 6")
    )
    archive.close()
    print(f"pages with a body: {pages}; distinct bodies: {len(bodies)}")
    print(
        f"raw bodies: {raw:,} B ({raw / pages:,.0f} B/page); stored (zstd {LEVEL}): {stored:,} B "
        f"({stored / pages:,.0f} B/page); ratio {raw / stored:.2f}x"
    )
    print(f"whole archive file: {file_size:,} B ({file_size / pages:,.0f} B/page, every table and index); largest:")
    print("  " + ", ".join(f"{row['name']} {row['size']:,} B" for row in largest))
    for kind in sorted({kind for kind, _body, _stored in bodies}):
        of_kind = [(body, size) for k, body, size in bodies if k == kind]
        kind_raw, kind_stored = sum(len(b) for b, _s in of_kind), sum(s for _b, s in of_kind)
        print(
            f"  {kind:14} {len(of_kind):4} bodies {kind_raw / len(of_kind):9,.0f} B raw "
            f"{kind_stored / len(of_kind):8,.0f} B stored  {kind_raw / kind_stored:5.2f}x"
        )
    html = [body for _kind, body, _stored in bodies if body.lstrip()[:15].lower().startswith(b"<!doctype html")]
    train: list[bytes | bytearray | memoryview[int]] = list(html[::2])
    held_out = html[1::2]
    dictionary = zstandard.train_dictionary(DICTIONARY_SIZE, train)
    plain, with_dictionary = compressed_size(held_out, None), compressed_size(held_out, dictionary)
    whole = compressed_size(html, dictionary) + len(dictionary.as_bytes())
    print(
        f"zstd dictionary ({len(dictionary.as_bytes()):,} B) trained on {len(train)} HTML pages, tried on the other {len(held_out)}:"
    )
    print(
        f"  without: {plain:,} B ({plain / len(held_out):,.0f} B/page); with: {with_dictionary:,} B "
        f"({with_dictionary / len(held_out):,.0f} B/page); {plain / with_dictionary:.2f}x smaller"
    )
    html_plain = compressed_size(html, None)
    print(f"  all {len(html)} HTML pages: {html_plain:,} B now, {whole:,} B with the dictionary (itself included)")


def main() -> None:
    """Crawl the replica into a temporary archive and print its storage figures."""
    with tempfile.TemporaryDirectory() as directory:
        db_path = Path(directory) / "archive.db"
        crawl_replica(db_path)
        report(db_path)


if __name__ == "__main__":
    main()
