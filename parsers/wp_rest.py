"""WordPress REST API answers read into records: a page of posts or pages, a page of terms, the paging headers.

Nothing here fetches. An answer that is not what the API sends (a PHP warning before the JSON, an HTML error page,
an item without an id or a link) raises `MalformedAnswer` naming the URL and what is wrong, never another error.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit, urlunsplit

from parsers.text import collapse_whitespace, element_text
from parsers.urls import canonical_url, is_web_url

ItemType = Literal["post", "page"]
Taxonomy = Literal["category", "post_tag"]
ITEM_FIELDS = ("id", "link", "slug", "date_gmt", "modified_gmt", "title", "categories", "tags")
TERM_FIELDS = ("id", "name", "slug", "link", "count", "taxonomy")
PER_PAGE = 100  # the most WordPress gives in one page


class MalformedAnswer(ValueError):
    """An API answer that cannot be what it claims."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True, slots=True)
class InventoryItem:
    """One post or page the API lists; field names are `wp_inventory`'s columns."""

    wp_id: int
    type: ItemType
    url: str  # the API's `link`, canonical
    slug: str
    date_gmt: str | None  # as the API gives it, e.g. "2019-05-15T16:00:00"
    modified_gmt: str | None
    title: str  # title.rendered, entities decoded, tags dropped, whitespace collapsed
    category_ids: tuple[int, ...]
    tag_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class InventoryTerm:
    """One category or tag the API lists."""

    wp_id: int
    taxonomy: Taxonomy
    name: str
    slug: str
    url: str | None  # its archive page, canonical
    count: int | None  # published posts filed under it


@dataclass(frozen=True, slots=True)
class Paging:
    """What `X-WP-Total` and `X-WP-TotalPages` say; None when a header is missing or not a number."""

    total: int | None
    total_pages: int | None


@dataclass(frozen=True, slots=True)
class Inventory:
    """What the API lists: posts and pages, and the terms that name their categories and tags."""

    api_root: str
    items: tuple[InventoryItem, ...]  # posts, then pages
    categories: tuple[InventoryTerm, ...]
    tags: tuple[InventoryTerm, ...]

    def category_names(self, item: InventoryItem) -> list[str]:
        """The names of the item's categories, in its order."""
        return term_names(item.category_ids, {term.wp_id: term for term in self.categories})

    def tag_names(self, item: InventoryItem) -> list[str]:
        """The names of the item's tags, in its order."""
        return term_names(item.tag_ids, {term.wp_id: term for term in self.tags})


def api_url(root: str, route: str, params: Mapping[str, str | int] | None = None) -> str:
    """The URL of a route under an API root, pretty (`…/wp-json/`) or plain (`…/?rest_route=/`)."""
    parts = urlsplit(root)
    query = dict(params or {})
    if "rest_route=" in parts.query:
        query = {"rest_route": "/" + route.lstrip("/"), **query}
        return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))
    path = parts.path.rstrip("/") + "/" + route.lstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def parse_paging(headers: Sequence[tuple[str, str]]) -> Paging:
    """The collection's size from its paging headers."""
    found = {name.lower(): value.strip() for name, value in headers}

    def number(name: str) -> int | None:
        value = found.get(name, "")
        return int(value) if value.isascii() and value.isdigit() else None

    return Paging(number("x-wp-total"), number("x-wp-totalpages"))


def _json_list(body: bytes, url: str) -> list[Any]:
    """The answer's JSON array."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        start = body[:40].decode("utf-8", "replace")
        raise MalformedAnswer(url, f"not JSON ({exc}); it starts {start!r}") from None
    except RecursionError:
        raise MalformedAnswer(url, "JSON nested too deeply") from None
    if not isinstance(data, list):
        raise MalformedAnswer(url, f"a JSON {type(data).__name__} where a list of items belongs")
    return data


def _integer(item: Mapping[str, Any], name: str, url: str, position: int) -> int:
    """A required positive integer field."""
    value = item.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise MalformedAnswer(url, f"item {position} has no usable {name}: {value!r}")
    return value


def _text(item: Mapping[str, Any], name: str) -> str:
    """A string field, or a `{"rendered": …}` one, as plain text; "" when absent."""
    value = item.get(name)
    if isinstance(value, Mapping):
        value = value.get("rendered")
    if not isinstance(value, str):
        return ""
    return collapse_whitespace(element_text(value) if "<" in value else html.unescape(value))


def _link(item: Mapping[str, Any], url: str, position: int) -> str:
    """The item's `link`, absolute and canonical."""
    value = item.get("link")
    link = canonical_url(value, url) if isinstance(value, str) and value.strip() else ""
    if not is_web_url(link):
        raise MalformedAnswer(url, f"item {position} has no usable link: {value!r}")
    return link


def _date(item: Mapping[str, Any], name: str, url: str, position: int) -> str | None:
    """A date field as given, checked to be ISO 8601; None when absent."""
    value = item.get(name)
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise MalformedAnswer(url, f"item {position} has an unreadable {name}: {value!r}") from None
    return str(value)


def _ids(item: Mapping[str, Any], name: str, url: str, position: int) -> tuple[int, ...]:
    """A list of term ids; () when absent."""
    value = item.get(name, [])
    if not isinstance(value, list) or not all(isinstance(n, int) and not isinstance(n, bool) for n in value):
        raise MalformedAnswer(url, f"item {position} has unreadable {name}: {value!r}")
    return tuple(value)


def parse_items(body: bytes, url: str, item_type: ItemType) -> list[InventoryItem]:
    """A page of `/wp/v2/posts` or `/wp/v2/pages`."""
    items = []
    for position, item in enumerate(_json_list(body, url), start=1):
        if not isinstance(item, Mapping):
            raise MalformedAnswer(url, f"item {position} is a JSON {type(item).__name__}, not an object")
        items.append(
            InventoryItem(
                wp_id=_integer(item, "id", url, position),
                type=item_type,
                url=_link(item, url, position),
                slug=_text(item, "slug"),
                date_gmt=_date(item, "date_gmt", url, position),
                modified_gmt=_date(item, "modified_gmt", url, position),
                title=_text(item, "title"),
                category_ids=_ids(item, "categories", url, position),
                tag_ids=_ids(item, "tags", url, position),
            )
        )
    return items


def parse_terms(body: bytes, url: str, taxonomy: Taxonomy) -> list[InventoryTerm]:
    """A page of `/wp/v2/categories` or `/wp/v2/tags`."""
    terms = []
    for position, term in enumerate(_json_list(body, url), start=1):
        if not isinstance(term, Mapping):
            raise MalformedAnswer(url, f"term {position} is a JSON {type(term).__name__}, not an object")
        count = term.get("count")
        link = term.get("link")
        terms.append(
            InventoryTerm(
                wp_id=_integer(term, "id", url, position),
                taxonomy=taxonomy,
                name=_text(term, "name"),
                slug=_text(term, "slug"),
                url=canonical_url(link, url) if isinstance(link, str) and link.strip() else None,
                count=count if isinstance(count, int) and not isinstance(count, bool) else None,
            )
        )
    return terms


def term_names(ids: Sequence[int], terms: Mapping[int, InventoryTerm]) -> list[str]:
    """The names of the terms with these ids, in the item's order; an id the API did not list is left out."""
    return [terms[number].name for number in ids if number in terms]
