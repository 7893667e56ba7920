"""Response bytes to parsed pages: decoded the way browsers do it (BOM, HTTP charset, <meta charset>,
then a UTF-8 check), parsed in this process or in a pool of parse workers."""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import Executor, ProcessPoolExecutor

from crawler.crawl.pictures import MediaHosts, pictures_to_keep
from crawler.media import KeptPicture
from parsers.decode import BOMS, PRESCAN_BYTES
from parsers.decode import decode_html as decoded
from parsers.models import ParsedPage

HTML_TYPES = ("text/html", "application/xhtml+xml")
BOM_BYTES = tuple(bom for bom, _ in BOMS)
PARENT_CHECK_SECONDS = 0.5


class BinaryBody(ValueError):
    """A body declared as HTML that holds binary data."""


def is_html(content_type: str | None) -> bool:
    """Whether a Content-Type names an HTML document."""
    return content_type is not None and content_type.split(";")[0].strip().lower() in HTML_TYPES


def is_text(content_type: str | None) -> bool:
    """Whether a Content-Type names text the archive keeps (HTML, XML, feeds, plain text)."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    return media_type.startswith("text/") or media_type.endswith(("/xml", "+xml"))


def decode_html(body: bytes, content_type: str | None) -> str:
    """Text of an HTML body (parsers.decode, the one decoder); raises BinaryBody for data that is not text at all."""
    if not body.startswith(BOM_BYTES) and b"\x00" in body[:PRESCAN_BYTES]:
        raise BinaryBody("binary content served as HTML")
    return decoded(body, content_type)


def parse_html_response(body: bytes, content_type: str | None, url: str) -> ParsedPage:
    """Decode an HTML response as a browser would, then parse it; runs in a parse worker."""
    from parsers.page import parse_page  # the parsers load in the workers (warm_up), not in the crawl's own process

    return parse_page(decode_html(body, content_type), url)


def parse_with_pictures(
    body: bytes, content_type: str | None, url: str, hosts: MediaHosts
) -> tuple[ParsedPage, tuple[KeptPicture, ...]]:
    """Decode and parse an HTML response, and name the pictures of its post the archive keeps, from one tree;
    runs in a parse worker. A page without a post keeps none."""
    from parsers.page import parse_page  # loaded in the workers, not in the crawl's own process
    from parsers.pictures import parse_shown_images
    from parsers.soup import make_tree

    tree = make_tree(decode_html(body, content_type))
    shown = parse_shown_images(tree, url)  # read before the page's parsers, which may prune the tree
    page = parse_page(tree, url)
    return page, tuple(pictures_to_keep(page, shown, hosts)) if page.post is not None else ()


def parse_pool(workers: int | None, fork: bool = True) -> Executor | None:
    """A process pool for parsing with its workers already running, or None to parse in the event loop's thread.

    Start it before opening the archive or taking its lock, so that forked workers hold neither; a caller that
    already holds them passes fork=False.
    """
    count = default_workers() if workers is None else workers
    if count <= 0:
        return None
    sys.stdout.flush()  # a forked worker would write again what is still buffered when it exits
    sys.stderr.flush()
    pool = ProcessPoolExecutor(max_workers=count, mp_context=worker_start_method(fork), initializer=exit_with_parent)
    for _ in range(count):  # fork starts every worker at the first task, spawn one per task while none is idle
        pool.submit(warm_up)
    return pool


def default_workers(cores: int | None = None) -> int:
    """Every core this process may run on but one, at least one: the crawl's own process (requests, discovery,
    storing) needs a core to itself to keep the connections busy; a parse worker more only competes with it."""
    return max(1, (cores or usable_cores()) - 1)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity where the system has one), at least one."""
    if hasattr(os, "sched_getaffinity"):  # Linux
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def worker_start_method(fork: bool = True) -> multiprocessing.context.BaseContext:
    """fork (if allowed) when this process runs no other thread, else spawn.

    A forked worker starts in milliseconds with the parsers already imported; a spawned one starts a new
    interpreter and imports them again (about 0.2 s of CPU each). Forking beside other threads can deadlock
    the child, so a process that runs threads (a test with its server in one) spawns.
    """
    return multiprocessing.get_context("fork" if fork and threading.active_count() == 1 else "spawn")


def warm_up() -> None:
    """A first task for a new parse pool: it starts the workers and loads the parsers in them (on the other cores,
    while the crawl's own process fetches robots.txt and the sitemaps) before the first page arrives. What is loaded
    then stays out of the cyclic garbage collector's passes, which would otherwise hold a parse for ~20 ms each."""
    import parsers.page  # noqa: F401

    gc.freeze()


def exit_with_parent() -> None:
    """In a parse worker: exit as soon as the crawl that started it is gone, even after SIGKILL."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
