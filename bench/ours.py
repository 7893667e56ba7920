"""One crawl by blog-archive in this process, its summary printed as JSON: the measured side of bench.crawl's network
and scale tables (the re-crawl table runs the `blog-archive crawl` command itself).

.venv/bin/python -m bench.ours START_URL DB_PATH [--concurrency 8] [--full]
"""

from __future__ import annotations

import argparse
import asyncio
import json
from pathlib import Path

from crawler.config import CrawlConfig
from crawler.crawl.run import crawl_site


def main() -> None:
    """Crawl with no delay and the default parse processes (every core but one); print the summary."""
    parser = argparse.ArgumentParser()
    parser.add_argument("start_url")
    parser.add_argument("db_path", type=Path)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--full", action="store_true", help="refetch everything (the default re-crawl is incremental)")
    options = parser.parse_args()
    config = CrawlConfig(
        start_url=options.start_url,
        db_path=options.db_path,
        mode="full" if options.full else "incremental",
        concurrency=options.concurrency,
        delay=0.0,
    )
    print(json.dumps(asyncio.run(crawl_site(config)).as_dict()))


if __name__ == "__main__":
    main()
