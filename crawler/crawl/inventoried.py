"""How a crawl uses WordPress's inventory: what to queue, what an incremental run need not fetch, and where a post
page and the API disagree. Pure: built from the inventory fetched this run and what it changed since the last.

The page stays the source of every field the archive shows; the inventory only says what exists and when it was
last modified, and a disagreement is recorded, never resolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.archive.bodies import StoredResponse
from crawler.archive.inventory import Disagreement, InventoryDelta
from crawler.records import FetchResult
from parsers.dates import parse_iso, same_instant
from parsers.models import Post
from parsers.wp_rest import Inventory, InventoryItem


@dataclass(frozen=True, slots=True)
class InventoryUse:
    """This run's inventory (None: the API was not used) and how it differs from the last one saved."""

    inventory: Inventory | None = None
    delta: InventoryDelta | None = None
    by_url: dict[str, InventoryItem] = field(default_factory=dict)
    by_id: dict[int, InventoryItem] = field(default_factory=dict)

    @classmethod
    def of(cls, inventory: Inventory | None, delta: InventoryDelta | None) -> InventoryUse:
        """The use of an inventory, indexed by URL and id."""
        items = inventory.items if inventory else ()
        return cls(inventory, delta, {item.url: item for item in items}, {item.wp_id: item for item in items})

    @property
    def is_unchanged(self) -> bool:
        """Whether the inventory lists exactly what the last one did, each item as modified then."""
        return self.delta is not None and self.delta.is_unchanged

    def urls(self) -> list[str]:
        """Every post's and page's address, posts first: what the crawl visits beside what links reveal."""
        return [item.url for item in sorted(self.by_id.values(), key=lambda item: (item.type != "post", item.wp_id))]

    def unchanged_urls(self) -> set[str]:
        """Addresses of items the last inventory listed at the same address with the same modified_gmt."""
        if self.delta is None or self.delta.previous_run is None:
            return set()
        changed = {*self.delta.added, *self.delta.modified, *(wp_id for wp_id, _old, _new in self.delta.moved)}
        return {item.url for item in self.by_id.values() if item.wp_id not in changed and item.modified_gmt is not None}

    def moved_urls(self) -> list[tuple[str, str]]:
        """(old URL, new URL) of each item the inventory lists at another address than the last one did."""
        return [(old, new) for _wp_id, old, new in self.delta.moved] if self.delta is not None else []

    def item_for(self, post: Post) -> InventoryItem | None:
        """The item the inventory lists for a post: by its id, else by its address."""
        if post.wp_id is not None and post.wp_id in self.by_id:
            return self.by_id[post.wp_id]
        return self.by_url.get(post.url)

    def disagreements(self, post: Post) -> list[Disagreement]:
        """Where the API and the post's page say different things (address, title, dates)."""
        item = self.item_for(post)
        if item is None:
            return []
        found = []
        if item.url != post.url:
            found.append(Disagreement(item.wp_id, post.url, "url", item.url, post.url))
        if " ".join(item.title.split()) != " ".join(post.title.split()):
            found.append(Disagreement(item.wp_id, post.url, "title", item.title, post.title))
        for name, api_value, page_value in (
            ("published", item.date_gmt, post.published),
            ("modified", item.modified_gmt, post.modified),
        ):
            if is_instant(page_value) and api_value and not same_instant(page_value, f"{api_value}+00:00"):
                found.append(Disagreement(item.wp_id, post.url, name, f"{api_value}+00:00", page_value))
        if post.wp_id is not None and item.wp_id != post.wp_id:
            found.append(Disagreement(item.wp_id, post.url, "wp_id", str(item.wp_id), str(post.wp_id)))
        return found


def is_instant(value: str | None) -> bool:
    """Whether an ISO 8601 value names a moment with its UTC offset (a bare date cannot be compared with GMT)."""
    parsed = parse_iso(value)
    return isinstance(parsed, datetime) and parsed.utcoffset() is not None


def stored_answer(response: StoredResponse, body: bytes | None) -> FetchResult:
    """A stored response as the answer it was, for reading what it announced (the REST API's root)."""
    return FetchResult(
        url=response.url,
        status=response.status,
        body=body,
        error=None,
        final_url=response.url,
        content_type=response.header("content-type"),
        headers=response.headers,
    )
