"""`python -m crawler.replica` serves the offline blog alone, on the port asked, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import selectors
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from crawler.replica import build_site
from crawler.replica.catalog import CATALOGUE
from crawler.replica.pictures import HOSTILE_DIR, HOSTILE_POST_SLUG
from tests.served import free_port

STARTUP_SECONDS = 30
ADDED_IN_EDITION_2 = "/2025/06/11/june-2025-summer-intensive-survival-guide/"


@dataclass
class Running:
    """The replica command running as a subprocess, and the first line it printed."""

    process: subprocess.Popen[str]
    line: str

    @property
    def start_url(self) -> str:
        """The URL the command printed."""
        return next(word for word in self.line.split() if word.startswith("http://"))


def first_line(process: subprocess.Popen[str]) -> str:
    """The first line the process prints on stdout, waiting at most STARTUP_SECONDS."""
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=STARTUP_SECONDS):
            raise AssertionError(f"the replica printed nothing in {STARTUP_SECONDS} s")
    return process.stdout.readline().strip()


@contextmanager
def replica_command(*arguments: str, background: bool = False) -> Iterator[Running]:
    """Run `python -m crawler.replica ARGUMENTS`; stop it with SIGINT (Ctrl-C) afterwards if it still runs."""
    command = [sys.executable, "-m", "crawler.replica", *arguments]
    if background:  # as a shell starts a command with `&`: SIGINT ignored, which the child inherits
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    finally:
        if background:
            signal.signal(signal.SIGINT, previous)
    try:
        yield Running(process, first_line(process))
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
            assert process.stdout is not None and process.stderr is not None
            process.stdout.close()
            process.stderr.close()


def stop(running: Running, signum: int) -> tuple[int, str]:
    """Send the signal; return the exit code and what was printed on stderr."""
    running.process.send_signal(signum)
    assert running.process.stderr is not None
    return running.process.wait(timeout=10), running.process.stderr.read()


def test_serves_edition_1_on_the_port_asked_and_stops_on_ctrl_c() -> None:
    port = free_port()
    with replica_command("--port", str(port)) as running:
        assert running.start_url == f"http://127.0.0.1:{port}/blog/"
        assert "edition 1" in running.line and f"{len(build_site().posts)} posts" in running.line
        blog = httpx.get(running.start_url, timeout=5)
        assert blog.status_code == 200 and "<body" in blog.text
        post = httpx.get(f"http://127.0.0.1:{port}/2019/05/15/strong-hips-are-crucial/", timeout=5)
        assert post.status_code == 200 and "Strong Hips" in post.text
        assert httpx.get(f"http://127.0.0.1:{port}{ADDED_IN_EDITION_2}", timeout=5).status_code == 404
        code, stderr = stop(running, signal.SIGINT)
    assert code == 0
    assert stderr == ""
    with socket.create_server(("127.0.0.1", port)):  # the port was released
        pass


def test_edition_2_serves_the_week_later_blog_and_stops_on_sigterm() -> None:
    with replica_command("--edition", "2", "--port", "0") as running:
        assert "edition 2" in running.line
        base = running.start_url.removesuffix("/blog/")
        added = httpx.get(base + ADDED_IN_EDITION_2, timeout=5)
        assert added.status_code == 200 and "Summer Intensive" in added.text
        code, stderr = stop(running, signal.SIGTERM)
    assert code == 0
    assert stderr == ""


def test_started_in_the_background_it_still_stops_on_sigint() -> None:
    with replica_command("--port", "0", background=True) as running:
        assert httpx.get(running.start_url, timeout=5).status_code == 200
        code, stderr = stop(running, signal.SIGINT)
    assert code == 0
    assert stderr == ""


def test_options_reach_the_server() -> None:
    with replica_command("--port", "0") as plain:
        base = plain.start_url.removesuffix("/blog/")
        assert "etag" not in httpx.get(plain.start_url, timeout=5).headers  # WordPress sends none on HTML
        assert httpx.get(base + "/events/2026/11/", timeout=5).status_code == 404
        assert "Crawl-delay: 0.02\n" in httpx.get(base + "/robots.txt", timeout=5).text
    arguments = ("--port", "0", "--traps", "--validators", "all", "--crawl-delay", "0.5", "--posts", "12")
    with replica_command(*arguments) as running:
        base = running.start_url.removesuffix("/blog/")
        assert "12 posts" in running.line
        assert "etag" in httpx.get(running.start_url, timeout=5).headers
        assert httpx.get(base + "/events/2026/11/", timeout=5).status_code == 200
        assert "Crawl-delay: 0.5\n" in httpx.get(base + "/robots.txt", timeout=5).text


def test_a_taken_port_is_one_line_and_exit_1() -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = int(busy.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", "crawler.replica", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=STARTUP_SECONDS,
        )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"Error: cannot listen on 127.0.0.1:{port} (Address already in use); choose another port with --port\n"
    )


def test_an_unknown_edition_is_a_usage_error() -> None:
    command = [sys.executable, "-m", "crawler.replica", "--edition", "3"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=STARTUP_SECONDS)
    assert result.returncode == 2
    assert "'3' is not one of '1', '2'" in result.stderr


def test_hostile_pictures_and_the_api_modes_reach_the_server() -> None:
    site = build_site(posts=12, hostile_pictures=True)
    hostile = next(post for post in site.posts if post.slug == HOSTILE_POST_SLUG)
    with replica_command("--port", "0", "--posts", "12", "--hostile-pictures", "--api", "403") as running:
        base = running.start_url.removesuffix("/blog/")
        assert "13 posts" in running.line
        page = httpx.get(base + hostile.path, timeout=5)
        assert page.status_code == 200 and f"{base}{HOSTILE_DIR}error-page.jpg" in page.text
        error_page = httpx.get(f"{base}{HOSTILE_DIR}error-page.jpg", timeout=5)
        assert error_page.headers["content-type"] == "image/jpeg" and error_page.content.startswith(b"<")
        assert httpx.get(f"{base}{HOSTILE_DIR}missing.jpg", timeout=5).status_code == 404
        assert httpx.get(base + "/wp-json/wp/v2/posts", timeout=5).status_code == 403
        assert "api.w.org" in httpx.get(running.start_url, timeout=5).headers["link"]  # announced, then refused
    with replica_command("--port", "0", "--posts", "12", "--api", "off") as off:
        base = off.start_url.removesuffix("/blog/")
        assert "13 posts" not in off.line and "12 posts" in off.line
        assert httpx.get(base + "/wp-json/wp/v2/posts", timeout=5).status_code == 404
        assert "link" not in httpx.get(off.start_url, timeout=5).headers  # switched off: not announced either
        assert httpx.get(base + hostile.path, timeout=5).status_code == 404


def test_edition_2_without_the_rename_keeps_the_post_at_its_old_address() -> None:
    (old_slug, new_slug), *_ = CATALOGUE.revision.renames.items()
    renamed = next(post for post in build_site(edition=2).posts if post.slug == new_slug)
    old_path = renamed.path.replace(new_slug, old_slug)
    with replica_command("--port", "0", "--edition", "2") as renaming:
        moved = httpx.get(renaming.start_url.removesuffix("/blog/") + old_path, timeout=5)
        assert moved.status_code == 301 and moved.headers["location"].endswith(renamed.path)
    with replica_command("--port", "0", "--edition", "2", "--no-rename") as running:
        base = running.start_url.removesuffix("/blog/")
        assert httpx.get(base + old_path, timeout=5).status_code == 200
        assert httpx.get(base + renamed.path, timeout=5).status_code == 404


def test_a_media_host_serves_the_uploads_the_pages_name_with_its_own_robots_txt() -> None:
    arguments = (
        "--port",
        "0",
        "--posts",
        "12",
        "--media-host-port",
        "0",
        "--media-host-disallow",
        "/wp-content/uploads/2019/",
    )
    with replica_command(*arguments) as running:
        base = running.start_url.removesuffix("/blog/")
        cdn = running.line.split(", its uploads at ", 1)[1].split("/wp-content/uploads/", 1)[0]
        assert cdn.startswith("http://127.0.0.1:") and cdn != base
        page = httpx.get(running.start_url, timeout=5).text
        assert f"{cdn}/wp-content/uploads/" in page and f"{base}/wp-content/uploads/" not in page
        robots = httpx.get(cdn + "/robots.txt", timeout=5).text
        assert "Disallow: /wp-content/uploads/2019/\n" in robots and "Crawl-delay: 0.02\n" in robots
        picture = page.split(f'src="{cdn}', 1)[1].split('"', 1)[0]
        served = httpx.get(cdn + picture, timeout=5)
        assert served.status_code == 200 and served.headers["content-type"].startswith("image/")
        assert httpx.get(cdn + "/blog/", timeout=5).status_code == 404  # pictures only
        code, stderr = stop(running, signal.SIGINT)
    assert (code, stderr) == (0, "")


def test_a_taken_media_host_port_is_one_line_and_exit_1_and_disallow_alone_a_usage_error() -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = int(busy.getsockname()[1])
        command = [sys.executable, "-m", "crawler.replica", "--port", "0", "--media-host-port", str(port)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=STARTUP_SECONDS)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"Error: cannot listen on 127.0.0.1:{port} (Address already in use); choose another port with"
        " --media-host-port\n"
    )
    command = [sys.executable, "-m", "crawler.replica", "--media-host-disallow", "/wp-content/uploads/2019/"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=STARTUP_SECONDS)
    assert result.returncode == 2 and "--media-host-disallow needs --media-host-port" in result.stderr
