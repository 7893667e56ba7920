"""`blog-archive serve` as a subprocess on 127.0.0.1 for tests over HTTP and in a browser, Datasette in this process,
and what the served archives hold: a hostile post, the replica's second edition's update to a post."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import httpx
from datasette.app import Datasette

from crawler.web.metadata import metadata_for

STARTUP_SECONDS = 20
DESK_POSTURE_UPDATE = "Update: we added a short video on setting up your chair to our YouTube channel."  # edition 2


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served_archive(db_path: Path, executable: Path | None = None, cwd: Path | None = None) -> Iterator[str]:
    """The installed `blog-archive serve` (this environment's, or `executable`) over an archive; yields its base URL."""
    port = free_port()
    program = executable or Path(sys.executable).with_name("blog-archive")
    command = [str(program), "serve", "--db", str(db_path), "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                httpx.get(f"{base_url}/-/versions.json", timeout=1).raise_for_status()
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    stderr = process.stderr.read().decode() if process.stderr else ""
                    raise RuntimeError(f"Datasette did not start: {stderr}") from None
                time.sleep(0.05)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stderr:
            process.stderr.close()


HOSTILE_POST_URL = "https://backinsteppt.com/markup-injection-test/"  # undated: it changes no month's audit
HOSTILE_BODY_HTML = """<p>Harmless <strong>bold</strong> text.</p>
<script>window.pwned = "script"</script>
<img src="x" onerror="window.pwned = 'onerror'" alt="broken picture">
<a href="javascript:window.pwned = 'link'" id="hostile-link">click me</a>
<p onclick="window.pwned = 'click'" style="color: red">styled</p>
<iframe src="javascript:window.pwned = 'iframe'"></iframe>
<svg><script>window.pwned = 'svg'</script></svg>"""


def add_hostile_post(db_path: Path) -> str:
    """Store an undated post whose body_html carries script, event handlers and javascript: URLs; return its URL."""
    row = {
        "url": HOSTILE_POST_URL,
        "slug": "markup-injection-test",
        "title": "Markup injection test",
        "body_text": "Harmless bold text. styled",
        "body_html": HOSTILE_BODY_HTML,
        "word_count": 4,
    }
    with closing(sqlite3.connect(db_path)) as conn, conn:
        conn.execute(f"insert into posts ({', '.join(row)}) values ({', '.join('?' for _ in row)})", list(row.values()))
    return HOSTILE_POST_URL


def render(db_path: Path, path: str) -> httpx.Response:
    """One page of an archive, from Datasette in this process with the project's plugin and metadata."""

    async def fetch() -> httpx.Response:
        datasette = Datasette([str(db_path)], metadata=metadata_for(db_path))
        await datasette.invoke_startup()
        response: httpx.Response = await datasette.client.get(path)
        return response

    return asyncio.run(fetch())


def csp_sources(response: httpx.Response) -> list[str]:
    """The script-src sources of a response's Content-Security-Policy."""
    directives = dict(part.strip().split(" ", 1) for part in response.headers["content-security-policy"].split(";"))
    return directives["script-src"].split()
