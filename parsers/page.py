"""The one entry point the crawler calls: an HTML page in, a ParsedPage out, never an exception."""

from __future__ import annotations

from parsers import jsonld
from parsers.archive import parse_archive_months, parse_listed_posts, parse_pagination
from parsers.content import post_scope
from parsers.exercises import exercises_in
from parsers.kind import LISTING_KINDS, page_kind
from parsers.links import images_in, page_links
from parsers.meta import base_url, canonical_link, page_title
from parsers.models import ParsedPage, Post
from parsers.post import read_post
from parsers.related import parse_related_links
from parsers.soup import Element, make_tree
from parsers.urls import canonical_url

# Post fields whose absence is worth recording (modified is often legitimately absent).
OPTIONAL_POST_FIELDS = ("wp_id", "published", "author", "excerpt", "featured_image_url")


def post_missing(post: Post) -> list[str]:
    """Names ("post.published", ...) of the parts of a post the page did not give."""
    missing = [f"post.{name}" for name in OPTIONAL_POST_FIELDS if getattr(post, name) is None]
    missing.extend(f"post.{name}" for name in ("categories", "tags") if not getattr(post, name))
    if not post.body_text:
        missing.append("post.body_text")
    return missing


def _post_parts(soup: Element, url: str, graph: list[jsonld.Node]) -> ParsedPage:
    """A single-post page: the post, its related links, exercises and body images."""
    scope = post_scope(soup)
    post = read_post(soup, url, graph, scope)
    if post is None:
        return ParsedPage(canonical_link(soup, url), "post", page_title(soup, graph), missing=("post", "post.title"))
    related = tuple(parse_related_links(soup, url))
    exercises = tuple(exercises_in(scope.body, url, post.title))
    missing = post_missing(post) + ([] if related else ["related_links"])
    missing.extend(f"exercises.{exercise.position}.name" for exercise in exercises if exercise.name is None)
    return ParsedPage(
        url=post.url,
        kind="post",
        title=post.title,
        post=post,
        related_links=related,
        exercises=exercises,
        images=tuple(images_in(scope.body, base_url(soup, url), scope.skip)),
        missing=tuple(missing),
    )


def parse_soup(soup: Element, url: str) -> ParsedPage:
    """Everything the page's kind calls for, from an already parsed tree."""
    graph = jsonld.load_graph(soup)
    kind = page_kind(soup, url, graph)
    if kind == "post":
        page = _post_parts(soup, url, graph)
        missing = list(page.missing)
    else:
        page_url = canonical_link(soup, url) if kind != "other" else canonical_url(url)
        page = ParsedPage(page_url, kind, page_title(soup, graph))
        missing = []
    listed: tuple[str, ...] = ()
    pagination: tuple[str, ...] = ()
    if kind in LISTING_KINDS:
        listed = tuple(parse_listed_posts(soup, url))
        pagination = tuple(parse_pagination(soup, url))
        missing.extend([] if listed else ["listed_posts"])
    months = tuple(parse_archive_months(soup, url))
    links, variants = page_links(soup, url)
    missing.extend([] if months else ["archive_months"])
    return ParsedPage(
        url=page.url,
        kind=kind,
        title=page.title,
        post=page.post,
        archive_months=months,
        related_links=page.related_links,
        exercises=page.exercises,
        links=tuple(links),
        images=page.images,
        listed_posts=listed,
        pagination=pagination,
        url_variants=tuple(variants),
        missing=tuple(missing),
    )


def parse_page(html: str | bytes | Element, url: str) -> ParsedPage:
    """Parse one HTML page (one lxml tree; a tree already parsed is read as it is) into a picklable ParsedPage; parts
    not found are listed in missing."""
    return parse_soup(make_tree(html), url)
