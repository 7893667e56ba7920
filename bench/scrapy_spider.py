"""The same crawl done by a Scrapy spider, for bench.crawl to compare with: same seeds, scope, robots and parsers.

    .venv/bin/python -m bench.scrapy_spider START_URL DB_PATH [--concurrency 8] [--urls FILE | --within FILE]

It fetches what blog-archive fetches (robots.txt, the sitemaps, the feed, then every in-scope page they and the
pages lead to, skipping what crawler.crawl.urls.skip_reason skips), parses HTML with parsers.page.parse_page, and writes
each response (body zstd-compressed) and each parsed page (as JSON) to SQLite. It prints Scrapy's stats as JSON.
With --urls it fetches exactly the URLs that file lists, one a line (the pages a blog-archive crawl fetched, its
trap rules included), still parsing each page for its links, but following none: the same pages, fetched by Scrapy
from a list. With --within it crawls as without, following links from the same seeds, but only to the URLs that file
lists: the same pages again, discovered one from another as blog-archive discovers them (Scrapy has no trap rules;
the list stands in for blog-archive's scope and traps, so the spider never fetches more than blog-archive did).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sqlite3
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import scrapy
import zstandard
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response, TextResponse

from crawler.crawl.scope import discovered_links
from crawler.crawl.urls import seed_urls, skip_reason
from parsers.feeds import parse_feed, parse_sitemap
from parsers.page import parse_page
from parsers.url_kind import kind_from_url
from parsers.urls import canonical_url

SCHEMA = """
create table if not exists pages (url text primary key, status integer, kind text, body blob);
create table if not exists parsed (url text primary key, record text);
"""


class BlogSpider(scrapy.Spider):
    """Follows the blog the way blog-archive does and stores what it fetched and parsed."""

    name = "blog"

    def __init__(
        self, start_url: str, db_path: str, urls: list[str] | None = None, within: set[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.start_url = canonical_url(start_url)
        self.urls = urls  # fetch exactly these, following no link
        self.within = within  # follow links only to these
        self.db = sqlite3.connect(db_path)
        self.db.executescript(SCHEMA)
        self.compressor = zstandard.ZstdCompressor()

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """The start page, the sitemap and the feed (robots.txt is fetched first by Scrapy itself)."""
        for url in self.urls if self.urls is not None else seed_urls(self.start_url)[1:]:
            if self.is_followed(url):
                yield scrapy.Request(url, dont_filter=self.urls is not None)

    def is_followed(self, url: str) -> bool:
        """Whether a link is fetched: in scope, and on the --within list when there is one."""
        if self.urls is not None:
            return True
        if self.within is not None:  # blog-archive's pages: all in scope
            return canonical_url(url) in self.within
        return skip_reason(url, self.start_url) is None

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        """Store the response, parse it for its links, and follow those in scope."""
        url = canonical_url(response.url)
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        kind = kind_from_url(url)
        links: list[str] = []
        location = response.headers.get(b"Location") if 300 <= response.status < 400 else None
        if location and self.within is not None:  # redirects are pages: their target is a link
            links = [response.urljoin(location.decode("latin-1"))]
        elif "html" in content_type and isinstance(response, TextResponse):
            parsed = parse_page(response.text, url)
            kind = parsed.kind
            links = discovered_links(parsed)
            record = json.dumps(dataclasses.asdict(parsed))
            self.db.execute("insert or replace into parsed values (?, ?)", (parsed.url, record))
        elif kind == "sitemap":
            links = [loc for loc, _lastmod in parse_sitemap(response.body)]
        elif kind == "feed":
            links = [link for link, _published in parse_feed(response.body)]
        body = self.compressor.compress(response.body)
        self.db.execute("insert or replace into pages values (?, ?, ?, ?)", (url, response.status, kind, body))
        for link in links if self.urls is None else ():
            if self.is_followed(link):
                yield scrapy.Request(link)

    def closed(self, reason: str) -> None:
        """Commit and close the database."""
        self.db.commit()
        self.db.close()


def main() -> None:
    """Run the spider with no delay at the given concurrency; print Scrapy's stats."""
    parser = argparse.ArgumentParser()
    parser.add_argument("start_url")
    parser.add_argument("db_path", type=Path)
    parser.add_argument("--concurrency", type=int, default=8)
    listed = parser.add_mutually_exclusive_group()
    listed.add_argument("--urls", type=Path, help="fetch exactly these URLs (one a line), following no link")
    listed.add_argument("--within", type=Path, help="crawl, following links only to these URLs (one a line)")
    options = parser.parse_args()
    urls = options.urls.read_text().split() if options.urls else None
    within = {canonical_url(url) for url in options.within.read_text().split()} if options.within else None
    process = CrawlerProcess(
        settings={
            "CONCURRENT_REQUESTS": options.concurrency,
            "CONCURRENT_REQUESTS_PER_DOMAIN": options.concurrency,
            "DOWNLOAD_DELAY": 0,
            "ROBOTSTXT_OBEY": True,
            "COOKIES_ENABLED": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "ERROR",
            "HTTPERROR_ALLOW_ALL": True,  # 404s are pages too: blog-archive stores them
            # with a list, a redirect is a page as it is for blog-archive (crawling, its target is followed as a link)
            "REDIRECT_ENABLED": urls is None and within is None,
        }
    )
    crawler = process.create_crawler(BlogSpider)
    process.crawl(crawler, start_url=options.start_url, db_path=str(options.db_path), urls=urls, within=within)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(json.dumps({key: value for key, value in stats.items() if isinstance(value, int | float)}))


if __name__ == "__main__":
    main()
