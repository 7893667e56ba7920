"""Shared fixtures: the replica site on 127.0.0.1, an archive crawled from it, and Chromium for the browser tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, sync_playwright

from crawler.archive.store import Archive
from crawler.replica import ReplicaServer, Site, build_site
from tests.browsing import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, VIEWPORT, Tab
from tests.support import SMALL_SITE_POSTS, Crawled, OnceCrawled, as_new, copy_archive, crawl
from tests.wheels import build_wheel


@pytest.fixture(scope="session")
def site() -> Site:
    """The replica's content, edition 1."""
    return build_site()


@pytest.fixture(scope="session")
def replica(site: Site) -> Iterator[ReplicaServer]:
    """One replica server for the tests that only read from it."""
    with ReplicaServer(site, crawl_delay=0.0) as server:
        yield server


@pytest.fixture
def fresh_replica() -> Iterator[ReplicaServer]:
    """A replica server of its own, for tests that change it or read its request log."""
    with ReplicaServer(build_site(), crawl_delay=0.0) as server:
        yield server


@pytest.fixture(scope="session")
def first_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[OnceCrawled, Site]]:
    """One replica for the session, crawled once into an archive `once_crawled` copies; and the site it first served."""
    db_path = tmp_path_factory.mktemp("first-crawl") / "archive.db"
    site = build_site()
    with ReplicaServer(site, crawl_delay=0.0) as server:
        yield OnceCrawled(server, db_path, crawl(server.start_url, db_path)), site


@pytest.fixture
def once_crawled(first_crawl: tuple[OnceCrawled, Site], tmp_path: Path) -> OnceCrawled:
    """A replica as `fresh_replica` is after `crawl(server.start_url, tmp_path / "archive.db")`: edition 1, no faults,
    an empty request log; the archive of that first crawl is a file of the test's own."""
    crawled, site = first_crawl
    as_new(crawled.server, site)
    return OnceCrawled(crawled.server, copy_archive(crawled.db_path, tmp_path / "archive.db"), crawled.first)


@pytest.fixture
def small_replica() -> Iterator[ReplicaServer]:
    """A replica of a 10-post blog of its own, for tests that need a whole but quick crawl."""
    with ReplicaServer(build_site(posts=SMALL_SITE_POSTS), crawl_delay=0.0) as server:
        yield server


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    """The replica crawled once into an archive, with the default parse process pool."""
    db_path = tmp_path_factory.mktemp("crawled") / "archive.db"
    site = build_site()
    with ReplicaServer(site, crawl_delay=0.0) as server:
        summary = crawl(server.start_url, db_path, parse_workers=None)
        yield Crawled(summary, db_path, list(server.requests), site.expected(server.base_url), server.base_url)


@pytest.fixture
def archive(crawled: Crawled) -> Iterator[Archive]:
    """The crawled archive, opened for reading."""
    store = Archive(crawled.db_path)
    yield store
    store.close()


@pytest.fixture(scope="session")
def week_later(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    """The replica crawled as edition 1, then a week later as edition 2; the server keeps serving edition 2."""
    db_path = tmp_path_factory.mktemp("week-later") / "archive.db"
    with ReplicaServer(build_site(), crawl_delay=0.0) as server:
        crawl(server.start_url, db_path)
        server.site = build_site(edition=2)
        summary = crawl(server.start_url, db_path)
        yield Crawled(summary, db_path, list(server.requests), server.site.expected(server.base_url), server.base_url)


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's wheel, built once from a copy of its sources."""
    return build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """Headless Chromium with a fresh profile."""
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,  # type: ignore[arg-type]
        )
        yield context
        context.close()


@pytest.fixture
def tab(browser: BrowserContext) -> Iterator[Tab]:
    """A new page; the test fails if a script error or CSP violation occurred on it."""
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    tab = Tab(page)
    page.on("console", tab.on_console)
    page.on("pageerror", tab.on_error)
    page.on("dialog", lambda dialog: tab.problems.append(f"dialog: {dialog.message}"))
    yield tab
    page.close()
    assert tab.problems == []
