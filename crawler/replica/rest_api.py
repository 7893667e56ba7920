"""WordPress's REST API as core answers it: `/wp-json/`, posts, pages, categories and tags, paginated.

Collections take `page`, `per_page` (1 to 100), `_fields` and, for posts and pages, `modified_after`; they send
`X-WP-Total`, `X-WP-TotalPages` and `Link` rel next/prev, and a page past the end of posts or pages is a 400
`rest_post_invalid_page_number` (terms answer an empty list). `?rest_route=/wp/v2/posts` reaches the same routes.
A server can misbehave as real sites do (`ApiMode`): a broken rewrite (404), a security plugin (401 or 403),
robots.txt forbidding it, a PHP warning before the JSON, or a count of a million posts.
"""

from __future__ import annotations

import html
import json
import re
import zlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode, urlsplit

from crawler.replica import feeds
from crawler.replica.bodies import body_html, plain_text
from crawler.replica.dates import MOUNTAIN_STANDARD, wall_clock
from crawler.replica.model import Page, Post, Term, wp_text
from crawler.replica.site import Site
from crawler.replica.terms import TEAM
from crawler.replica.yoast import SITE_NAME, TAGLINE

ApiMode = Literal["open", "404", "401", "403", "robots", "malformed", "huge"]
API_MODES: tuple[ApiMode, ...] = ("open", "404", "401", "403", "robots", "malformed", "huge")
ROOT = "/wp-json/"
API_REL = "https://api.w.org/"
JSON = "application/json; charset=UTF-8"
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
HUGE_TOTAL = 1_000_000  # what the "huge" mode claims the site has
BLOG_PAGE = Page(
    29, "blog", "Blog", ()
)  # the page WordPress shows the posts on: a page in the API, a listing on the site
AUTHOR_IDS = {TEAM.slug: 1}  # every other author is user 2
PHP_WARNING = (
    '<br />\n<b>Warning</b>:  Undefined array key "sizes" in <b>/var/www/html/wp-content/plugins/'
    "gallery-extras/rest.php</b> on line <b>42</b><br />\n"
)
FIREWALL_PAGE = (
    "<!DOCTYPE html>\n<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>"
    "<p>A potentially unsafe operation has been detected in your request to this site.</p></body></html>\n"
)
_ITEM = re.compile(r"^/wp/v2/(posts|pages|categories|tags)(?:/(\d+))?/?$")
Item = dict[str, Any]
Response = tuple[int, str, bytes, tuple[tuple[str, str], ...]]  # status, content type, body, extra headers


def announced(base: str) -> str:
    """The API root a page's `Link` header and head announce."""
    return base + ROOT


def link_header(base: str) -> tuple[str, str]:
    """WordPress's `Link: <…/wp-json/>; rel="https://api.w.org/"` header, sent with every front-end page."""
    return "Link", f'<{announced(base)}>; rel="{API_REL}"'


def route_of(target: str) -> str | None:
    """The REST route a request target asks for (`/wp/v2/posts`), by pretty URL or `?rest_route=`; else None."""
    parts = urlsplit(target)
    if parts.path.startswith(ROOT) or parts.path + "/" == ROOT:
        return "/" + parts.path[len(ROOT) :]
    if parts.path in ("", "/") and "rest_route" in parse_qs(parts.query):
        return parse_qs(parts.query)["rest_route"][0] or "/"
    return None


def term_id(taxonomy: str, term: Term) -> int:
    """A stable term id (1 is Uncategorized, as on every WordPress site)."""
    return 2 + zlib.crc32(f"{taxonomy}/{term.slug}".encode()) % 100_000


def _gmt(moment: datetime) -> str:
    """`date_gmt` as WordPress gives it: UTC, no offset."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")


def _local(moment: datetime) -> str:
    """`date` as WordPress gives it: the site's wall clock, no offset."""
    return wall_clock(moment).replace(" ", "T")


def _excerpt(post: Post, base: str) -> str:
    """The first words of the body, as WordPress's automatic excerpt."""
    words = plain_text(body_html(post, base)).split()
    return " ".join(words[: feeds.EXCERPT_WORDS]) + (" [&hellip;]" if len(words) > feeds.EXCERPT_WORDS else "")


def _rendered(text: str) -> dict[str, str]:
    """A `{"rendered": …}` field."""
    return {"rendered": text}


def _post_fields(site: Site, post: Post, base: str) -> dict[str, Callable[[], Any]]:
    """A post's fields, each computed only when asked for, as `_fields` lets WordPress skip the rest."""
    return {
        "id": lambda: post.wp_id,
        "date": lambda: _local(post.published),
        "date_gmt": lambda: _gmt(post.published),
        "guid": lambda: _rendered(f"{base}/?p={post.wp_id}"),
        "modified": lambda: _local(post.modified),
        "modified_gmt": lambda: _gmt(post.modified),
        "slug": lambda: post.slug,
        "status": lambda: "publish",
        "type": lambda: "post",
        "link": lambda: base + post.path,
        "title": lambda: _rendered(wp_text(post.title)),
        "content": lambda: {"rendered": body_html(post, base), "protected": False},
        "excerpt": lambda: {"rendered": f"<p>{_excerpt(post, base)}</p>\n", "protected": False},
        "author": lambda: AUTHOR_IDS.get(post.author.slug, 2),
        "featured_media": lambda: post.featured.attachment_id if post.featured else 0,
        "comment_status": lambda: "closed",
        "ping_status": lambda: "closed",
        "sticky": lambda: False,
        "template": lambda: "",
        "format": lambda: "standard",
        "meta": lambda: {"footnotes": ""},
        "categories": lambda: [term_id("category", term) for term in post.categories],
        "tags": lambda: [term_id("post_tag", term) for term in post.tags],
        "_links": lambda: {"self": [{"href": f"{base}{ROOT}wp/v2/posts/{post.wp_id}"}]},
    }


def _page_fields(page: Page, base: str) -> dict[str, Callable[[], Any]]:
    """A WordPress page's fields, lazily."""
    text = "".join(f"<p>{wp_text(paragraph)}</p>\n" for paragraph in page.paragraphs)
    return {
        "id": lambda: page.wp_id,
        "date": lambda: _local(feeds.PAGES_MODIFIED),
        "date_gmt": lambda: _gmt(feeds.PAGES_MODIFIED),
        "guid": lambda: _rendered(f"{base}/?page_id={page.wp_id}"),
        "modified": lambda: _local(feeds.PAGES_MODIFIED),
        "modified_gmt": lambda: _gmt(feeds.PAGES_MODIFIED),
        "slug": lambda: page.slug or "welcome",
        "status": lambda: "publish",
        "type": lambda: "page",
        "link": lambda: base + page.path,
        "title": lambda: _rendered(wp_text(page.title)),
        "content": lambda: {"rendered": text, "protected": False},
        "excerpt": lambda: {"rendered": text[:160], "protected": False},
        "author": lambda: 1,
        "featured_media": lambda: 0,
        "parent": lambda: 0,
        "menu_order": lambda: 0,
        "comment_status": lambda: "closed",
        "ping_status": lambda: "closed",
        "template": lambda: "",
        "meta": lambda: {"footnotes": ""},
        "_links": lambda: {"self": [{"href": f"{base}{ROOT}wp/v2/pages/{page.wp_id}"}]},
    }


def _term_fields(taxonomy: str, term: Term, count: int, base: str) -> dict[str, Callable[[], Any]]:
    """A category's or tag's fields, lazily."""
    identifier = term_id(taxonomy, term)
    path = "category" if taxonomy == "category" else "tag"
    collection = "categories" if taxonomy == "category" else "tags"
    fields: dict[str, Callable[[], Any]] = {
        "id": lambda: identifier,
        "count": lambda: count,
        "description": lambda: "",
        "link": lambda: f"{base}/{path}/{term.slug}/",
        "name": lambda: wp_text(term.name),
        "slug": lambda: term.slug,
        "taxonomy": lambda: taxonomy,
        "meta": list,
        "_links": lambda: {"self": [{"href": f"{base}{ROOT}wp/v2/{collection}/{identifier}"}]},
    }
    if taxonomy == "category":
        fields["parent"] = lambda: 0
    return fields


def _filtered(fields: Mapping[str, Callable[[], Any]], wanted: list[str] | None) -> Item:
    """The item with only the `_fields` asked for (a dotted name keeps part of an object), in the item's order."""
    if wanted is None:
        return {name: value() for name, value in fields.items()}
    item: Item = {}
    for name, value in fields.items():
        parts = [field.split(".", 1) for field in wanted if field.split(".", 1)[0] == name]
        if not parts:
            continue
        whole = value()
        nested = [part[1] for part in parts if len(part) == 2]
        if len(nested) == len(parts) and isinstance(whole, dict):
            whole = {key: whole[key] for key in whole if key in nested}
        item[name] = whole
    return item


def _error(status: int, code: str, message: str, **data: Any) -> Response:
    """A WP_Error as the REST API sends it."""
    body = json.dumps({"code": code, "message": message, "data": {"status": status, **data}})
    return status, JSON, body.encode(), ()


def _invalid(name: str, reason: str) -> Response:
    """The 400 for a parameter out of its range."""
    return _error(400, "rest_invalid_param", f"Invalid parameter(s): {name}", params={name: reason})


def _positive(query: Mapping[str, list[str]], name: str, default: int) -> int | None:
    """A positive integer parameter, its default when absent, None when it is not one."""
    values = query.get(name)
    if not values:
        return default
    text = values[0].strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) >= 1 else None


def _modified_after(query: Mapping[str, list[str]]) -> datetime | Literal[False] | None:
    """`modified_after` as an aware time (naive values are the site's time), None when absent, False when bad."""
    values = query.get("modified_after")
    if not values:
        return None
    try:
        moment = datetime.fromisoformat(values[0].strip())
    except ValueError:
        return False
    return moment if moment.tzinfo else moment.replace(tzinfo=MOUNTAIN_STANDARD)


def _collection(site: Site, base: str, kind: str) -> list[tuple[datetime, dict[str, Callable[[], Any]]]]:
    """Every item of a collection, newest first for posts and pages (by name for terms), as (modified, fields)."""
    if kind == "posts":
        return [(post.modified, _post_fields(site, post, base)) for post in site.published()]
    if kind == "pages":
        pages = sorted((*site.pages, BLOG_PAGE), key=lambda page: page.wp_id, reverse=True)
        return [(feeds.PAGES_MODIFIED, _page_fields(page, base)) for page in pages]
    taxonomy = "category" if kind == "categories" else "post_tag"
    counts: dict[Term, int] = {}
    for post in site.published():
        for term in post.categories if taxonomy == "category" else post.tags:
            counts[term] = counts.get(term, 0) + 1
    terms = sorted(counts, key=lambda term: term.name.lower())
    return [(site.updated, _term_fields(taxonomy, term, counts[term], base)) for term in terms]


def _page_links(base: str, route: str, query: Mapping[str, list[str]], page: int, pages: int) -> str:
    """The `Link` header's rel=prev and rel=next."""
    links = []
    for number, rel in ((page - 1, "prev"), (page + 1, "next")):
        if 1 <= number <= pages:
            params = {name: values[0] for name, values in query.items()} | {"page": str(number)}
            links.append(f'<{base}{ROOT}{route.lstrip("/")}?{urlencode(params)}>; rel="{rel}"')
    return ", ".join(links)


def _constant(value: Any) -> Callable[[], Any]:
    """A field already computed."""
    return lambda: value


def _huge(base: str, page: int, per_page: int, wanted: list[str] | None) -> list[Item]:
    """Made-up posts for the "huge" mode: as many as a page holds, never the same id twice."""
    start = datetime(2016, 1, 1, tzinfo=UTC)
    items = []
    for index in range((page - 1) * per_page, page * per_page):
        moment = start + timedelta(minutes=index)
        values = {
            "id": 100_000 + index,
            "date_gmt": _gmt(moment),
            "modified_gmt": _gmt(moment),
            "slug": f"generated-{index}",
            "link": f"{base}/{moment:%Y/%m/%d}/generated-{index}/",
            "title": _rendered(f"Generated {index}"),
            "categories": [],
            "tags": [],
        }
        items.append(_filtered({name: _constant(value) for name, value in values.items()}, wanted))
    return items


def _list(site: Site, base: str, route: str, kind: str, query: Mapping[str, list[str]], huge: bool) -> Response:
    """One page of a collection, with WordPress's pagination headers."""
    page, per_page = _positive(query, "page", 1), _positive(query, "per_page", DEFAULT_PER_PAGE)
    if page is None:
        return _invalid("page", "page must be greater than or equal to 1")
    if per_page is None or per_page > MAX_PER_PAGE:
        return _invalid("per_page", f"per_page must be between 1 (inclusive) and {MAX_PER_PAGE} (inclusive)")
    wanted = [name.strip() for name in query["_fields"][0].split(",")] if query.get("_fields") else None
    since = _modified_after(query) if kind in ("posts", "pages") else None
    if since is False:
        return _invalid("modified_after", "Invalid date.")
    if huge and kind == "posts":
        total = HUGE_TOTAL
        items = _huge(base, page, per_page, wanted) if page <= -(-total // per_page) else []
    else:
        found = _collection(site, base, kind)
        matching = [fields for modified, fields in found if since is None or modified > since]
        total = len(matching)
        items = [_filtered(fields, wanted) for fields in matching[(page - 1) * per_page : page * per_page]]
    pages = -(-total // per_page)
    if kind in ("posts", "pages") and page > max(pages, 1):
        message = "The page number requested is larger than the number of pages available."
        return _error(400, "rest_post_invalid_page_number", message)
    headers = [("X-WP-Total", str(total)), ("X-WP-TotalPages", str(pages))]
    if links := _page_links(base, route, query, page, pages):
        headers.append(("Link", links))
    return 200, JSON, json.dumps(items).encode(), (*headers, ("Allow", "GET"))


def _single(site: Site, base: str, kind: str, wp_id: int, query: Mapping[str, list[str]]) -> Response:
    """One item by id, or WordPress's 404 for an id it does not have."""
    found = _collection(site, base, kind)
    wanted = [name.strip() for name in query["_fields"][0].split(",")] if query.get("_fields") else None
    for _modified, fields in found:
        if fields["id"]() == wp_id:
            return 200, JSON, json.dumps(_filtered(fields, wanted)).encode(), (("Allow", "GET"),)
    if kind in ("posts", "pages"):
        return _error(404, "rest_post_invalid_id", "Invalid post ID.")
    return _error(404, "rest_term_invalid", "Term does not exist.")


def _index(base: str) -> Response:
    """`/wp-json/`: the site and the routes it offers."""
    routes = {f"/wp/v2/{kind}": {"namespace": "wp/v2", "methods": ["GET"]} for kind in ("posts", "pages")}
    routes |= {f"/wp/v2/{kind}": {"namespace": "wp/v2", "methods": ["GET"]} for kind in ("categories", "tags")}
    body = {
        "name": SITE_NAME,
        "description": html.unescape(TAGLINE),
        "url": base,
        "home": base,
        "gmt_offset": -6,
        "timezone_string": "America/Denver",
        "namespaces": ["oembed/1.0", "wp/v2"],
        "authentication": {},
        "routes": routes,
        "_links": {"help": [{"href": "https://developer.wordpress.org/rest-api/"}]},
    }
    return 200, JSON, json.dumps(body).encode(), ()


def api_response(site: Site, base: str, route: str, query: str, mode: ApiMode) -> Response | None:
    """The REST API's answer to a route, as the site in this mode gives it; None when the site has no such API
    (the caller answers its 404 page)."""
    if not site.rest_api or mode == "404":
        return None
    if mode == "401":
        return _error(401, "rest_login_required", "REST API restricted to authenticated users.")
    if mode == "403":
        return 403, "text/html; charset=UTF-8", FIREWALL_PAGE.encode(), ()
    params = {name: values for name, values in parse_qs(query).items() if name != "rest_route"}
    if route in ("/", ""):
        answer = _index(base)
    elif match := _ITEM.match(route):
        kind, wp_id = match[1], match[2]
        if wp_id is None:
            answer = _list(site, base, route, kind, params, mode == "huge")
        else:
            answer = _single(site, base, kind, int(wp_id), params)
    else:
        answer = _error(404, "rest_no_route", "No route was found matching the URL and request method.")
    status, content_type, body, headers = answer
    if mode == "malformed" and status == 200:
        body = PHP_WARNING.encode() + body
    return status, content_type, body, headers
