"""The project's Datasette plugin touches only archives: a foreign database beside one is served as plain Datasette serves it.

One Datasette serves the crawled archive and a foreign SQLite file whose tables and columns have the archive's
names (posts, published, categories as a JSON list, body_html with a script, post_changes.fields...), so every
rule of the plugin would fire if it did not check what it is looking at. The same pages are then asked of a
Datasette with the same files and metadata but without the plugin, and must come back byte for byte the same.
"""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from datasette.app import Datasette
from datasette.plugins import pm

from crawler.web.metadata import metadata_for
from tests.support import Crawled

PLUGIN_NAME = "blog_archive"  # the entry point's name (pyproject.toml)
FOREIGN = "foreign"
FOREIGN_SCHEMA = """
CREATE TABLE posts (url TEXT PRIMARY KEY, title TEXT, published TEXT, modified TEXT, categories TEXT, tags TEXT,
    body_html TEXT, per_side INTEGER, featured_image_url TEXT, image_alt TEXT, excerpt TEXT, listed_count INTEGER,
    post_url TEXT, started_at TEXT, sources TEXT);
CREATE TABLE post_changes (id INTEGER PRIMARY KEY, post_url TEXT, change TEXT, fields TEXT);
CREATE VIEW post_catalogue AS SELECT url, title, published, categories FROM posts;
"""
FOREIGN_POSTS = [
    (
        "https://example.org/a/",
        "A title",
        "2019-05-15T10:00:00+00:00",
        None,
        '["x", "y"]',
        None,
        '<p>Hi <script>alert(1)</script><img src="z" onerror="alert(2)"></p>',
        1,
        "https://example.org/a.png",
        "",
        "An excerpt",
        None,
        "https://example.org/a/",
        "2026-12-05T19:17:22+00:00",
        '{"title": "h1"}',
    ),
]
QUERY_MS = re.compile(r"Queries took [0-9.]+ms")  # the footer's timing: differs between any two requests
FOREIGN_PATHS = [
    f"/{FOREIGN}",
    f"/{FOREIGN}.json",
    f"/{FOREIGN}/posts",
    f"/{FOREIGN}/posts.json",
    f"/{FOREIGN}/posts.csv",
    f"/{FOREIGN}/posts?_facet=categories&_facet_array=categories",
    f"/{FOREIGN}/posts/https:~2F~2Fexample.org~2Fa~2F",
    f"/{FOREIGN}/posts/https:~2F~2Fexample.org~2Fa~2F.json",
    f"/{FOREIGN}/post_changes",
    f"/{FOREIGN}/post_catalogue",
    f"/{FOREIGN}?sql=select+*+from+posts",
    f"/{FOREIGN}.json?sql=select+*+from+post_changes",
    f"/{FOREIGN}/-/history?url=https%3A%2F%2Fexample.org%2Fa%2F",
    f"/{FOREIGN}/nothing-here",
]


def make_foreign(path: Path) -> Path:
    """An SQLite file of another program, with the archive's table and column names."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.executescript(FOREIGN_SCHEMA)
        conn.executemany(f"INSERT INTO posts VALUES ({', '.join('?' * len(FOREIGN_POSTS[0]))})", FOREIGN_POSTS)
        conn.execute("INSERT INTO post_changes VALUES (1, 'https://example.org/a/', 'changed', '[\"title\"]')")
    return path


def comparable(response: Any) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body, with only the query timing taken out (and from JSON, its query_ms)."""
    body = response.content
    if response.headers.get("content-type", "").startswith("application/json"):
        data = json.loads(body)
        if isinstance(data, dict):
            data.pop("query_ms", None)
        body = json.dumps(data, sort_keys=True).encode()
    else:
        body = QUERY_MS.sub("Queries took (time)", body.decode()).encode()
    return response.status_code, sorted(response.headers.items()), body


def fetch_all(files: list[Path], metadata: dict[str, Any], paths: list[str]) -> dict[str, tuple[Any, ...]]:
    """Each path as a Datasette over `files` answers it, in this process."""

    async def fetch() -> dict[str, tuple[Any, ...]]:
        datasette = Datasette([str(path) for path in files], metadata=metadata)
        await datasette.invoke_startup()
        return {path: comparable(await datasette.client.get(path)) for path in paths}

    return asyncio.run(fetch())


@contextmanager
def without_plugin() -> Iterator[None]:
    """Datasette as if the project's plugin were not installed."""
    plugin = pm.unregister(name=PLUGIN_NAME)
    assert plugin is not None
    try:
        yield
    finally:
        pm.register(plugin, name=PLUGIN_NAME)


@pytest.fixture(scope="module")
def files(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return [crawled.db_path, make_foreign(tmp_path_factory.mktemp("foreign") / f"{FOREIGN}.db")]


def test_a_foreign_database_is_served_exactly_as_plain_datasette_serves_it(files: list[Path]) -> None:
    metadata = metadata_for(files[0])
    with_plugin = fetch_all(files, metadata, FOREIGN_PATHS)
    with without_plugin():
        plain = fetch_all(files, metadata, FOREIGN_PATHS)
    for path in FOREIGN_PATHS:
        assert with_plugin[path] == plain[path], path
    statuses = {path: response[0] for path, response in plain.items()}
    assert statuses[f"/{FOREIGN}/posts"] == 200 and statuses[f"/{FOREIGN}/nothing-here"] == 404
    page = plain[f"/{FOREIGN}/posts"][2].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # Datasette shows the foreign HTML as text
    assert "2019-05-15T10:00:00+00:00" in page and "[&#34;x&#34;, &#34;y&#34;]" in page


def test_the_archive_beside_it_still_gets_the_plugin(files: list[Path]) -> None:
    database = files[0].stem
    paths = [f"/{database}/posts", f"/{database}/post_catalogue", f"/{database}/latest_changes"]
    with_plugin = fetch_all(files, metadata_for(files[0]), paths)
    with without_plugin():
        plain = fetch_all(files, metadata_for(files[0]), paths)
    for path in paths:
        status, headers, body = with_plugin[path]
        assert status == 200 and "content-security-policy" in dict(headers), path
        assert b"/-/blog-archive.css" in body and body != plain[path][2], path
        assert "content-security-policy" not in dict(plain[path][1]), path
    catalogue = with_plugin[f"/{database}/post_catalogue"][2].decode()
    assert "<title>All posts</title>" in catalogue and "(view)" not in catalogue
