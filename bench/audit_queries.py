"""Time every canned query, dashboard chart and the pages people open, as Datasette runs them, on a large archive.

.venv/bin/python -m bench.audit_queries                  # crawl a 670-post replica (ten times the blog) into a temp archive
.venv/bin/python -m bench.audit_queries --posts 10000 --db data/bench-10k.db   # the 10,000-post archive (a 10-minute crawl, once)
.venv/bin/python -m bench.audit_queries --db big.db      # reuse (or first build) that archive
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from datasette.app import Datasette
from datasette.utils import tilde_encode

from crawler.archive.files import migrate
from crawler.config import CrawlConfig
from crawler.crawl.run import crawl_site
from crawler.replica import ReplicaServer, build_site
from crawler.web.metadata import DASHBOARDS_PLUGIN, metadata_for
from crawler.web.serve import SETTINGS

TEN_TIMES_POSTS = 670  # the replica's blog has 67 posts
SEARCHES = ("the", "hip", "clamshell")  # a word in every post, a common one, a rare one
BROWSE_PAGES = ("post_catalogue.json", "post_catalogue.json?_search=hip")  # the faceted search page, whole
HTML_PAGES = (
    "/",
    "/{database}/search_posts?q=hip",
    "/{database}/post_catalogue",
    "/{database}/posts/{post}",
)  # what people open first


def build_archive(db_path: Path, posts: int) -> None:
    """Crawl a replica of `posts` posts into the archive, with no delay and the default parse processes."""
    started = time.perf_counter()
    with ReplicaServer(build_site(posts=posts), crawl_delay=0.0) as server:
        summary = asyncio.run(crawl_site(CrawlConfig(start_url=server.start_url, db_path=db_path, delay=0.0)))
    print(f"{summary.line()} (built in {time.perf_counter() - started:.0f} s)")


def cases(metadata: dict[str, Any], database: str, exercise_id: int) -> list[tuple[str, str, dict[str, str]]]:
    """(label, SQL, parameters) for every canned query and dashboard chart."""
    found: list[tuple[str, str, dict[str, str]]] = []
    for name, query in metadata["databases"][database]["queries"].items():
        if ":q" in query["sql"]:
            found += [(f"{name} q={word}", query["sql"], {"q": word}) for word in SEARCHES]
        elif ":exercise_id" in query["sql"]:
            found.append((name, query["sql"], {"exercise_id": str(exercise_id)}))
        else:
            found.append((name, query["sql"], {}))
    for dashboard in metadata.get("plugins", {}).get(DASHBOARDS_PLUGIN, {}).values():
        found += [
            (f"chart {slug}", chart["query"], {}) for slug, chart in dashboard["charts"].items() if "query" in chart
        ]
    return found


async def time_queries(db_path: Path, runs: int) -> list[tuple[str, float, int]]:
    """Median milliseconds and row count of each case, run through Datasette with the settings `blog-archive serve` gives it."""
    metadata = metadata_for(db_path)
    datasette = Datasette([str(db_path)], metadata=metadata, settings=SETTINGS)
    await datasette.invoke_startup()
    database = datasette.get_database(db_path.stem)
    exercise_id = (await database.execute("select max(id) from exercises")).first()[0]
    timings = []
    for label, sql, params in cases(metadata, db_path.stem, exercise_id):
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            results = await database.execute(sql, params)  # raises QueryInterrupted past the limit
            samples.append((time.perf_counter() - started) * 1000)
        timings.append((label, statistics.median(samples), len(results.rows)))
    for path in BROWSE_PAGES:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            page = (await datasette.client.get(f"/{db_path.stem}/{path}")).json()
            samples.append((time.perf_counter() - started) * 1000)
        facets = metadata["databases"][db_path.stem]["tables"]["post_catalogue"]["facets"]
        names = [facet if isinstance(facet, str) else next(iter(facet.values())) for facet in facets]
        timed_out = (
            ", ".join(name for name in names if name not in page["facet_results"]) or "none"
        )  # facet_time_limit_ms
        label = f"page {path} ({len(page['facet_results'])} of {len(facets)} facets; timed out: {timed_out})"
        timings.append((label, statistics.median(samples), len(page["rows"])))
    post = tilde_encode((await database.execute("select url from posts order by published desc limit 1")).first()[0])
    for template in HTML_PAGES:
        path = template.format(database=db_path.stem, post=post)
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            response = await datasette.client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, path
        timings.append((f"html {template}", statistics.median(samples), 1))
    return timings


def report(db_path: Path, runs: int) -> None:
    """Print each case's median time, slowest last."""
    with sqlite3.connect(db_path) as conn:
        posts, pages = conn.execute("select (select count(*) from posts), (select count(*) from pages)").fetchone()
    print(
        f"{db_path}: {posts} posts, {pages} pages; median of {runs} runs, Datasette time limit {SETTINGS['sql_time_limit_ms']} ms, facets {SETTINGS['facet_time_limit_ms']} ms"
    )
    for label, milliseconds, rows in sorted(asyncio.run(time_queries(db_path, runs)), key=lambda timing: timing[1]):
        print(f"  {milliseconds:8.1f} ms  {rows:5d} rows  {label}")


def main() -> None:
    """Build the archive if needed, bring its schema up to date, and time the queries."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", type=Path, help="archive to reuse, or to build when missing (default: a temporary file)"
    )
    parser.add_argument("--posts", type=int, default=TEN_TIMES_POSTS, help="posts in the replica to crawl")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each query")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db or Path(folder) / "archive.db"
        if not db_path.exists():
            build_archive(db_path, args.posts)
        migrate(db_path)
        report(db_path, args.runs)


if __name__ == "__main__":
    main()
