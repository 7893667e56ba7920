"""The media fetcher beside a bare client fetching the same picture list from the replica, and what it stored.

    .venv/bin/python -m bench.media_fetch                  # 50 ms latency, 8 at a time, 3 rounds
    .venv/bin/python -m bench.media_fetch --latency 0 --rounds 5

The list is every picture the replica's post pages show (GroundTruth.pictures). The server renders each picture once
before the clock starts, so both sides meet the same cached bytes. "bare" is an httpx.AsyncClient GETting each URL and
reading its body into memory; "fetcher alone" is fetch_media streaming each to a spool file (hash, cap, sniff, header
size) and discarding it; "fetcher + archive" also has MediaStore.save_media copy each into a fresh archive file (its
migrations included), on the event loop between fetches, one transaction per picture. Rounds alternate the three;
the table gives each round's wall and the ratios to bare, the target being <= 1.10.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from crawler.archive.files import open_for_writing
from crawler.archive.media import MediaStore
from crawler.crawl.fetch_media import fetch_media
from crawler.replica import ReplicaServer, build_site

TARGET_RATIO = 1.10


async def bounded(urls: list[str], concurrency: int, work: Callable[[str], Awaitable[int]]) -> int:
    """Run `work` over the URLs, `concurrency` at a time; the bytes it counted."""
    gate = asyncio.Semaphore(concurrency)

    async def one(url: str) -> int:
        async with gate:
            return await work(url)

    return sum(await asyncio.gather(*(one(url) for url in urls)))


def client(concurrency: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        timeout=30,
        trust_env=False,
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
    )


async def bare(urls: list[str], concurrency: int) -> int:
    """GET every URL, bodies read into memory."""
    async with client(concurrency) as http:

        async def get(url: str) -> int:
            response = await http.get(url)
            return len(response.content)

        return await bounded(urls, concurrency, get)


async def fetched(urls: list[str], concurrency: int, spool: Path) -> int:
    """fetch_media every URL into a spool, each file discarded: the fetcher alone, without the archive."""
    async with client(concurrency) as http:

        async def get(url: str) -> int:
            download = await fetch_media(http, url, spool)
            download.discard()
            return download.result.size or 0

        return await bounded(urls, concurrency, get)


async def ours(urls: list[str], concurrency: int, directory: Path, run: int) -> tuple[int, int]:
    """fetch_media every URL into a spool, each stored into a fresh archive; (bytes, pictures kept)."""
    db = open_for_writing(directory / f"media-{run}.db")
    db.execute(
        "INSERT INTO crawl_runs (started_at, start_url, mode, status) VALUES ('bench', 'bench', 'full', 'running')"
    )
    run_id = db.execute("SELECT max(id) FROM crawl_runs").fetchone()[0]
    store = MediaStore(db)
    spool = directory / "spool"
    spool.mkdir(exist_ok=True)
    kept = 0
    async with client(concurrency) as http:

        async def get(url: str) -> int:
            nonlocal kept
            download = await fetch_media(http, url, spool)
            try:
                store.save_media(download.result, download.path, run_id)
            finally:
                download.discard()
            kept += download.result.is_kept
            return download.result.size or 0

        size = await bounded(urls, concurrency, get)
    db.close()
    return size, kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the replica waits before each answer")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    site = build_site()
    with ReplicaServer(site, crawl_delay=0.0) as server, tempfile.TemporaryDirectory() as scratch:
        truth = site.expected(server.base_url)
        urls = sorted({url for pictures in truth.pictures.values() for url in pictures})
        asyncio.run(bare(urls, options.concurrency))  # render and cache every picture before timing
        server.latency = options.latency
        print(f"{len(urls)} pictures, latency {options.latency * 1000:.0f} ms, {options.concurrency} at a time\n")
        print("| round | bare s | fetcher alone s | ratio | fetcher + archive s | ratio | bytes | kept |")
        print("|---|---|---|---|---|---|---|---|")
        ratios = []
        for number in range(1, options.rounds + 1):
            started = time.perf_counter()
            bare_bytes = asyncio.run(bare(urls, options.concurrency))
            bare_wall = time.perf_counter() - started
            started = time.perf_counter()
            alone_bytes = asyncio.run(fetched(urls, options.concurrency, Path(scratch)))
            alone_wall = time.perf_counter() - started
            started = time.perf_counter()
            our_bytes, kept = asyncio.run(ours(urls, options.concurrency, Path(scratch), number))
            our_wall = time.perf_counter() - started
            assert our_bytes == alone_bytes == bare_bytes, (our_bytes, alone_bytes, bare_bytes)
            ratios.append((alone_wall / bare_wall, our_wall / bare_wall))
            print(
                f"| {number} | {bare_wall:.2f} | {alone_wall:.2f} | {ratios[-1][0]:.2f} | {our_wall:.2f} |"
                f" {ratios[-1][1]:.2f} | {our_bytes:,} | {kept} |"
            )
        for label, median in (
            ("fetcher alone", statistics.median(ratio[0] for ratio in ratios)),
            ("fetcher + archive", statistics.median(ratio[1] for ratio in ratios)),
        ):
            verdict = "met" if median <= TARGET_RATIO else "NOT met"
            print(f"median ratio, {label}: {median:.2f} (target <= {TARGET_RATIO:.2f}: {verdict})")


if __name__ == "__main__":
    main()
