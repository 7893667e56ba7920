"""WordPress's own inventory: every post, page, category and tag its REST API lists, asked for politely.

The crawl hands over its Fetcher (its httpx client, throttle and retries) and its robots.txt rules. Posts and
pages are paged with `per_page=100` and `_fields` cut to what the archive keeps, then the categories and tags.
An API that is absent, refused, forbidden by robots.txt, malformed or too large is a result saying why, never an
exception: the crawl then goes on from HTML alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from crawler.crawl.fetch import Fetcher, describe
from crawler.crawl.robots import RobotsRules
from crawler.records import FetchResult, InventoryStatus
from parsers.urls import host_and_port
from parsers.wp_identity import api_root_from_head, api_root_from_href
from parsers.wp_rest import (
    PER_PAGE,
    Inventory,
    InventoryItem,
    InventoryTerm,
    MalformedAnswer,
    api_url,
    parse_items,
    parse_paging,
    parse_terms,
)

logger = logging.getLogger(__name__)

API_REL = "https://api.w.org/"
ITEM_FIELDS = "id,link,slug,date_gmt,modified_gmt,title,categories,tags"
TERM_FIELDS = "id,name,slug,link,count"
MAX_REDIRECTS = 3
GONE = frozenset({404, 410})
BODY_TOO_LARGE = "body larger than"  # how crawler.crawl.fetch says it stopped reading a body
T = TypeVar("T", InventoryItem, InventoryTerm)


@dataclass(frozen=True, slots=True)
class InventoryLimits:
    """How much of an inventory to accept: a site claiming more is refused as "too large"."""

    max_items: int = 20_000  # per collection (posts, pages, categories, tags)

    @property
    def max_pages(self) -> int:
        """Pages per collection, at PER_PAGE items a page."""
        return -(-self.max_items // PER_PAGE)


@dataclass(frozen=True, slots=True)
class InventoryResult:
    """The inventory, or why the crawl goes without it; and every answer the API gave, in the order they came."""

    status: InventoryStatus
    inventory: Inventory | None
    detail: str | None  # why not, naming the URL; None when used
    responses: tuple[FetchResult, ...]


class _Stop(Exception):
    """Why the inventory cannot be used; raised inside this module only."""

    def __init__(self, status: InventoryStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


def discover_api_root(result: FetchResult) -> str | None:
    """The REST API root a page announces: its `Link` header (rel="https://api.w.org/"), else its HTML head."""
    links = httpx.Response(result.status or 200, headers=list(result.headers)).links
    if API_REL in links:
        return api_root_from_href(links[API_REL].get("url"), result.url)
    if result.body and "html" in (result.content_type or "").lower():
        return api_root_from_head(result.body, result.url)
    return None


class _InventoryFetch:
    """One walk through the API's collections."""

    def __init__(self, fetcher: Fetcher, robots: RobotsRules, root: str, limits: InventoryLimits) -> None:
        self.fetcher = fetcher
        self.robots = robots
        self.root = root
        self.limits = limits
        self.responses: list[FetchResult] = []

    async def get(self, url: str) -> FetchResult:
        """One answer, following redirects on the API's own host; a refusal or failure stops the walk."""
        for _ in range(MAX_REDIRECTS + 1):
            if not self.robots.allowed(url):
                raise _Stop("robots", f"robots.txt forbids {url}")
            result = await self.fetcher.fetch(url)
            self.responses.append(result)
            if not result.is_redirect:
                return self.checked(result)
            assert result.final_url is not None
            if host_and_port(result.final_url) != host_and_port(self.root):
                raise _Stop("unavailable", f"{url} redirects off the site, to {result.final_url}")
            url = result.final_url
        raise _Stop("unavailable", f"{url} redirects more than {MAX_REDIRECTS} times")

    @staticmethod
    def checked(result: FetchResult) -> FetchResult:
        """The answer when it is a page of JSON; else why the inventory is unusable."""
        if result.status in (401, 403):
            raise _Stop("401" if result.status == 401 else "403", f"{result.url} answered {result.status}")
        if result.status in GONE:
            raise _Stop("absent", f"{result.url} answered {result.status}")
        if result.status == 200 and result.error and result.error.startswith(BODY_TOO_LARGE):
            raise _Stop("too large", f"{result.url}: {result.error}")
        if result.is_failure or result.status is None:
            raise _Stop("unavailable", f"{result.url}: {describe(result)}")
        if result.status == 200 and "html" in (result.content_type or "").lower():
            raise _Stop("absent", f"{result.url} answered an HTML page, not the API's JSON")
        return result

    async def collection(
        self, route: str, fields: str, parse: Callable[[bytes, str], list[T]], answered: asyncio.Event | None = None
    ) -> list[T]:
        """Every item of a collection, page by page, checked against the API's own count; `answered` is set once its
        first page is read."""
        found: list[T] = []
        total: int | None = None
        page = 0
        while True:
            page += 1
            if page > self.limits.max_pages:
                raise _Stop("too large", f"{route} has more than {self.limits.max_pages} pages")
            url = api_url(self.root, route, {"per_page": PER_PAGE, "page": page, "_fields": fields})
            result = await self.get(url)
            if result.status == 400 and page > 1 and total is None:
                break  # past the end of a collection that sent no count
            if result.status != 200:
                raise _Stop("unavailable", f"{url} answered {result.status}")
            paging = parse_paging(result.headers)
            total = paging.total if paging.total is not None else total
            if total is not None and total > self.limits.max_items:
                raise _Stop("too large", f"{url} counts {total} items, more than the {self.limits.max_items} kept")
            try:
                items = parse(result.body or b"", url)
            except MalformedAnswer as exc:
                raise _Stop("malformed", str(exc)) from None
            found += items
            if answered is not None:
                answered.set()
            last = paging.total_pages if paging.total_pages is not None else (page if len(items) < PER_PAGE else None)
            if last is not None and page >= last:
                break
        unique = {item.wp_id: item for item in found}
        if total is not None and len(unique) != total:
            raise _Stop("incomplete", f"{route} listed {len(unique)} distinct items of the {total} it counts")
        return list(unique.values())

    async def inventory(self) -> Inventory:
        """Posts, pages, categories and tags. The first page of posts alone, then, once the API has answered it, the
        rest of the posts and the other three collections at once (each paged in turn). When one collection cannot
        be used the others stop, and the first of them in that order that stopped says why."""
        answered = asyncio.Event()  # the first page of posts came, as JSON: the API is there

        async def once_answered(walk: Callable[[], Awaitable[list[T]]]) -> list[T]:
            await answered.wait()
            return await walk()

        tasks = (
            asyncio.ensure_future(
                self.collection("/wp/v2/posts", ITEM_FIELDS, lambda body, url: parse_items(body, url, "post"), answered)
            ),
            asyncio.ensure_future(
                once_answered(
                    lambda: self.collection(
                        "/wp/v2/pages", ITEM_FIELDS, lambda body, url: parse_items(body, url, "page")
                    )
                )
            ),
            asyncio.ensure_future(
                once_answered(
                    lambda: self.collection(
                        "/wp/v2/categories", TERM_FIELDS, lambda body, url: parse_terms(body, url, "category")
                    )
                )
            ),
            asyncio.ensure_future(
                once_answered(
                    lambda: self.collection(
                        "/wp/v2/tags", TERM_FIELDS, lambda body, url: parse_terms(body, url, "post_tag")
                    )
                )
            ),
        )
        try:
            posts, pages, categories, tags = await asyncio.gather(*tasks)
        except _Stop:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise next(stop for task in tasks if isinstance(stop := _stop_of(task), _Stop)) from None
        finally:
            for task in tasks:
                task.cancel()
        return Inventory(self.root, (*posts, *pages), tuple(categories), tuple(tags))


def _stop_of(task: asyncio.Future[Any]) -> BaseException | None:
    """What a finished collection's task raised (None when it was cancelled or succeeded)."""
    return None if task.cancelled() else task.exception()


async def fetch_inventory(
    fetcher: Fetcher,
    robots: RobotsRules,
    api_root: str | None,
    site_url: str,
    limits: InventoryLimits | None = None,
) -> InventoryResult:
    """The site's inventory from the API its pages announce at `api_root` (None: they announce none)."""
    if api_root is None:
        return InventoryResult("absent", None, f"{site_url} announces no REST API", ())
    if host_and_port(api_root) != host_and_port(site_url):
        return InventoryResult("absent", None, f"the REST API {api_root} is not on the site's host", ())
    walk = _InventoryFetch(fetcher, robots, api_root, limits or InventoryLimits())
    try:
        inventory = await walk.inventory()
    except _Stop as stop:
        logger.info("going without the REST API inventory (%s): %s", stop.status, stop.detail)
        return InventoryResult(stop.status, None, stop.detail, tuple(walk.responses))
    logger.info("REST API inventory: %d posts and pages, %d requests", len(inventory.items), len(walk.responses))
    return InventoryResult("used", inventory, None, tuple(walk.responses))
