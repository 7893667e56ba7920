"""The demo crawls its replica twice (a week apart) on Datasette's port + 1: every run writes the same URLs, and its
links work while it runs."""

from __future__ import annotations

import queue
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.demo import replica_port
from tests.served import free_port

DEMO_SECONDS = 180  # a whole crawl of the replica, then Datasette's start, on a loaded machine


def is_free(port: int) -> bool:
    """Whether something could listen on 127.0.0.1:port now."""
    try:
        socket.create_server(("127.0.0.1", port)).close()
    except OSError:
        return False
    return True


def free_port_pair() -> int:
    """A port that is free, and the next one too (Datasette's and the demo's replica's)."""
    for _ in range(100):
        port = free_port()
        if port < 65535 and is_free(port + 1):
            return port
    raise AssertionError("no two free consecutive ports on 127.0.0.1")


def post_urls(db_path: Path) -> set[str]:
    """Every post URL the archive holds."""
    with closing(sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)) as conn:
        return {url for (url,) in conn.execute("select url from posts")}


def site_changes(db_path: Path) -> dict[str, list[str]]:
    """The post URLs of each kind of site change the demo's second run recorded, by path."""
    with closing(sqlite3.connect(f"{db_path.as_uri()}?mode=ro", uri=True)) as conn:
        rows = conn.execute(
            "select change, post_url from post_changes where run_id = 2 and cause = 'site' order by post_url"
        )
        changes: dict[str, list[str]] = {}
        for change, url in rows:
            changes.setdefault(change, []).append("/" + url.split("/", 3)[3])
        return changes


def test_the_replica_listens_beside_datasette() -> None:
    assert replica_port(8001) == 8002
    assert replica_port(9000) == 9001
    assert replica_port(0) == 0  # Datasette on any free port: the replica too


def read_until(process: subprocess.Popen[str], prefix: str, timeout: float) -> list[str]:
    """The lines the process prints on stdout up to and including the first that starts with `prefix`."""
    assert process.stdout is not None
    stdout = process.stdout
    lines: queue.Queue[str] = queue.Queue()

    def forward() -> None:
        for line in stdout:
            lines.put(line)
        lines.put("")  # the end of its output

    threading.Thread(target=forward, daemon=True).start()
    printed: list[str] = []
    deadline = time.monotonic() + timeout
    while not (printed and printed[-1].startswith(prefix)):
        try:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"no line starting {prefix!r} in {timeout} s; printed: {printed}") from None
        if not line:
            raise AssertionError(f"the demo ended (exit {process.wait()}) after printing {printed}")
        printed.append(line.rstrip("\n"))
    return printed


def wait_for_datasette(base_url: str, timeout: float = 30) -> None:
    """Poll until Datasette answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(f"{base_url}/-/versions.json", timeout=1).raise_for_status()
            return
        except httpx.TransportError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.mark.slow  # two whole demo crawls of the replica, one of them served
def test_every_demo_run_writes_the_same_urls_and_they_answer_while_the_demo_runs(tmp_path: Path) -> None:
    port = free_port_pair()
    db_path = tmp_path / "demo.db"
    first = CliRunner().invoke(cli, ["demo", "--db", str(db_path), "--port", str(port), "--no-serve"])
    assert first.exit_code == 0, first.output
    assert f"Replica of the blog serving at http://127.0.0.1:{port + 1}/blog/" in first.output
    assert "run 1 ok" in first.output and "run 2 ok" in first.output  # the blog, then the blog a week later
    assert site_changes(db_path) == {
        "added": [
            "/2025/06/04/your-first-visit-what-to-bring/",  # only the REST API lists it
            "/2025/06/11/june-2025-summer-intensive-survival-guide/",
        ],
        "changed": [
            "/2021/06/09/side-plank-levels/",
            "/2023/10/11/pt-month-desk-posture-myths/",
            "/2023/10/25/cross-training-ideas/",  # renamed: WordPress dates the rename
            "/2025/01/15/january-2025-goals-that-stick/",
        ],
        "moved": ["/2023/10/25/cross-training-ideas/"],
        "removed": ["/2023/10/23/pt-month-growth-spurts-in-young-dancers/"],
    }
    urls = post_urls(db_path)
    assert len(urls) > 50
    assert all(url.startswith(f"http://127.0.0.1:{port + 1}/") for url in urls)

    command = [str(Path(sys.executable).with_name("blog-archive")), "demo", "--db", str(db_path), "--port", str(port)]
    with (tmp_path / "stderr.txt").open("w") as stderr:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, text=True)
        try:
            printed = read_until(process, "Datasette:", DEMO_SECONDS)
            assert printed[-1] == f"Datasette: http://127.0.0.1:{port}/ (Ctrl-C to stop)"
            wait_for_datasette(f"http://127.0.0.1:{port}")
            listed = httpx.get(
                f"http://127.0.0.1:{port}/demo/posts.json",
                params={"_shape": "arrayfirst", "_col": "url", "_size": "max"},
                timeout=10,
            ).json()
            assert set(listed) == urls  # the rebuilt archive has the same URLs as the first run's
            removed = {url for url in urls if "growth-spurts" in url}  # answers 404 a week later, as it should
            for url in sorted(urls - removed)[
                :: len(urls) // 5
            ]:  # Datasette's links lead to the replica, which answers
                assert httpx.get(url, timeout=5).status_code == 200, url
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            finally:
                if process.poll() is None:
                    process.kill()
                assert process.stdout is not None
                process.stdout.close()
    assert is_free(port) and is_free(port + 1)  # both servers stopped with the demo


def invoke_demo(*arguments: str) -> tuple[int, str, str]:
    """Run `blog-archive demo ARGUMENTS` in-process: exit code, stdout, stderr."""
    result = CliRunner().invoke(cli, ["demo", *arguments])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("serve", ["--serve", "--no-serve"])
def test_a_taken_replica_port_stops_the_demo_before_it_crawls(tmp_path: Path, serve: str) -> None:
    port = free_port_pair()
    db_path = tmp_path / "demo.db"
    with socket.create_server(("127.0.0.1", port + 1)):
        code, stdout, stderr = invoke_demo("--db", str(db_path), "--port", str(port), serve)
    assert code == 1
    assert stdout == ""
    assert stderr == (
        f"Error: cannot listen on 127.0.0.1:{port + 1} (Address already in use), where the demo serves the replica "
        "of the blog (Datasette's port + 1); choose another port with --port\n"
    )
    assert not db_path.exists()


def test_the_last_port_leaves_none_for_the_replica(tmp_path: Path) -> None:
    code, stdout, stderr = invoke_demo("--db", str(tmp_path / "demo.db"), "--port", "65535", "--no-serve")
    assert code == 1
    assert stdout == ""
    assert "Datasette's port + 1, and 65536 is no port; choose a lower port with --port" in stderr


def test_the_readme_links_only_what_the_demo_serves() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    demo_db = next(param for param in cli.commands["demo"].params if param.name == "db_path")
    databases = set(re.findall(r"http://127\.0\.0\.1:8001/([^/?\s)*]+)", readme))
    assert databases == {Path(str(demo_db.default)).stem, "-"}  # the demo's database, and Datasette's own pages
    replica_ports = set(re.findall(r"http://127\.0\.0\.1:(\d{4,5})/(?:blog|20\d\d)/", readme))
    assert replica_ports == {str(replica_port(8001))}
