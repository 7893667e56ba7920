"""A bare client: GET every URL of a list, N at a time, each body read into memory and dropped; prints its seconds.

    .venv/bin/python -m bench.bare_fetch URLS.txt [--concurrency 8]

The side of bench.media_crawl a crawl is measured against: no parsing, no storing, no discovery, no politeness.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

import httpx


async def fetch_all(urls: list[str], concurrency: int) -> int:
    """GET every URL, `concurrency` at a time; the body bytes read."""
    gate = asyncio.Semaphore(concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, trust_env=False, limits=limits) as client:

        async def one(url: str) -> int:
            async with gate:
                response = await client.get(url)
                return len(response.content)

        return sum(await asyncio.gather(*(one(url) for url in urls)))


def main() -> None:
    """Fetch the list; print {"seconds", "requests", "bytes"}."""
    parser = argparse.ArgumentParser()
    parser.add_argument("urls", type=Path)
    parser.add_argument("--concurrency", type=int, default=8)
    options = parser.parse_args()
    urls = options.urls.read_text().split()
    started = time.perf_counter()
    size = asyncio.run(fetch_all(urls, options.concurrency))
    print(json.dumps({"seconds": time.perf_counter() - started, "requests": len(urls), "bytes": size}))


if __name__ == "__main__":
    main()
