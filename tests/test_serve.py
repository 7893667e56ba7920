"""Datasette over a crawled archive: the real server, queried over HTTP on 127.0.0.1."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import Crawled


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def datasette(crawled: Crawled) -> Iterator[str]:
    """`blog-archive serve` running over the crawled archive; yields its base URL."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("blog-archive")), "serve", "--db", str(crawled.db_path), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base_url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{base_url}/-/versions.json", timeout=1).raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            pytest.fail(f"Datasette did not start: {process.stderr.read().decode() if process.stderr else ''}")
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


def test_home_page_shows_the_archive_title(datasette: str) -> None:
    response = httpx.get(f"{datasette}/")
    assert response.status_code == 200
    assert "Back In Step Physical Therapy: blog archive" in response.text


def test_every_audit_view_is_a_working_canned_query(datasette: str, crawled: Crawled) -> None:
    database = crawled.db_path.stem
    queries = httpx.get(f"{datasette}/{database}.json").json()["queries"]
    names = {query["name"] for query in queries}
    assert {"archive_audit", "broken_links", "images_missing_alt", "posts_without_category", "latest_changes"} <= names
    audit = httpx.get(f"{datasette}/{database}/archive_audit.json?_shape=objects").json()["rows"]
    assert len(audit) == len(crawled.truth.archive_months)


def test_full_text_search_finds_the_seed_post(datasette: str, crawled: Crawled) -> None:
    database = crawled.db_path.stem
    rows = httpx.get(f"{datasette}/{database}/posts.json?_search=clamshell&_shape=objects").json()["rows"]
    assert "Strong Hips are Crucial!" in {row["title"] for row in rows}
