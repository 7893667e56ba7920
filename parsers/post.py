"""One blog post from a single-post page: WordPress core and the JSON-LD graph first, Enfold second."""

from __future__ import annotations

import re
from posixpath import splitext
from typing import TypeVar
from urllib.parse import parse_qs, urlsplit

from parsers import dates, jsonld, selectors
from parsers.content import PostScope, Skip, is_foreign, own_in, post_scope, words_beside_body
from parsers.generic import generic_body
from parsers.kind import ASSET_EXTENSIONS
from parsers.meta import (
    TITLE_SEPARATOR_CHARACTERS,
    TITLE_SEPARATORS,
    canonical_link,
    document_title,
    head_of,
    meta_content,
    meta_values,
    site_name,
)
from parsers.models import Post
from parsers.soup import (
    Element,
    Selector,
    attr,
    body_classes,
    classes,
    select,
    select_one,
)
from parsers.text import (
    collapse_whitespace,
    count_words,
    element_text,
    has_class,
    inner_html,
    is_noise,
    sanitize_html,
)
from parsers.urls import canonical_url, image_file, path_segments

# "by Veronika", "By: Jane" (the prefix only)
BY_PREFIX_RE = re.compile(r"^by\s*:?\s+", re.IGNORECASE)
T = TypeVar("T")
GENERIC_SOURCE = "trafilatura"  # the body of a page whose own content areas were empty or absent
COLUMN_GENERIC_SOURCE = "trafilatura on the main column"  # the body found held much less than the column's text
TRUSTED_SHARE = 0.5  # a body holding less than this share of the main column's readable words is checked
CHECKED_COLUMN_WORDS = 60  # a column this short (a title, a byline, a few lines) leaves a short body unchecked
AGREEING_SHARE = 1.2  # a generic reading up to this many times the body's words agrees with it
FoundBody = tuple[str, str, str | None]  # body_text, body_html, where they were read
META_TERMS = {"category": "article:section", "tag": "article:tag"}


# WordPress's suffix for a resized or scaled copy of an upload: "-300x200" or "-scaled" before the extension
def read_post(soup: Element, url: str, graph: list[jsonld.Node], scope: PostScope | None = None) -> Post | None:
    """The post a page shows, without checking the page kind; None when no title is found."""
    scope = post_scope(soup) if scope is None else scope
    article = scope.article
    post_url = canonical_link(soup, url)
    page_urls = (post_url, canonical_url(url))
    node = jsonld.find_article(graph, page_urls)
    described = jsonld.page_nodes(graph, node, page_urls)
    sources: dict[str, str] = {}
    title = _noted(sources, "title", post_title(soup, scope, graph, described, url))
    if title is None:
        return None
    published = _noted(sources, "published", post_published(soup, scope, described))
    body, body_source = scope.body, scope.body_source
    body_text, body_html = post_body(body, scope.skip)
    if not body_text:
        body_text, body_html = generic_body(soup, title)
        body_source = GENERIC_SOURCE
    else:
        body_text, body_html, body_source = checked_body(soup, scope, title, (body_text, body_html, body_source))
    if body_text and body_source:
        sources["body_text"] = body_source
    image = jsonld.image_url(graph, node, page_urls)
    featured_url = _noted(sources, "featured_image_url", featured_image_url(soup, scope, image, post_url))
    segments = path_segments(post_url)
    categories, tags = post_terms(soup, scope, node)
    return Post(
        url=post_url,
        wp_id=post_wp_id(soup, article),
        slug=segments[-1] if segments else "",
        title=title,
        published=published,
        modified=_noted(sources, "modified", post_modified(soup, node, published)),
        author=_noted(sources, "author", post_author(soup, scope, graph, described)),
        excerpt=_noted(sources, "excerpt", post_excerpt(soup, body[0] if body else None)),
        meta_description=meta_content(soup, selectors.META_DESCRIPTION),
        body_text=body_text,
        body_html=body_html,
        word_count=count_words(body_text),
        featured_image_url=featured_url,
        featured_image_alt=featured_image_alt(scope, featured_url) if featured_url else None,
        categories=tuple(_noted(sources, "categories", categories) or ()),
        tags=tuple(_noted(sources, "tags", tags) or ()),
        sources=sources,
    )


def _noted(sources: dict[str, str], name: str, found: tuple[T, str] | None) -> T | None:
    """The value of a (value, source) pair, its source written down under the field's name."""
    if found is None:
        return None
    value, source = found
    sources[name] = source
    return value


def post_title(
    soup: Element, scope: PostScope, graph: list[jsonld.Node], described: list[jsonld.Node], url: str
) -> tuple[str, str] | None:
    """The title: the post's own entry-title, JSON-LD headline, og:title, <title> (site name off), the main h1."""
    article, post_id = scope.article, scope.post_id
    heading = _own_first(article, selectors.ENTRY_TITLE[:2], post_id)
    shown = element_text(heading) if heading is not None else ""
    whole_title = document_title(soup)
    if shown and whole_title and whole_title.startswith(shown):
        return (shown, "entry-title")
    names = site_names(soup, graph, url)
    head_title = title_without_site(whole_title, names)
    if shown:
        # A subtitle or reading time inside the heading: the document title is the heading's first part.
        if head_title and shown.startswith(head_title) and len(shown) > len(head_title):
            return (head_title, "title element, the entry-title's first part")
        return (shown, "entry-title")
    for candidate in described:
        headline = jsonld.text_value(candidate.get("headline"))
        if headline:
            return (headline, "json-ld headline")
    og_title = title_without_site(meta_content(soup, selectors.OG_TITLE), names)
    if og_title:
        return (og_title, "meta og:title")
    if head_title:
        shown_part = _part_a_heading_shows(soup, head_title, names, post_id)
        return (shown_part, "title element, the part a heading shows") if shown_part else (head_title, "title element")
    heading = _own_first(article, selectors.ENTRY_TITLE[2:], post_id)
    if heading is not None and element_text(heading):
        return (element_text(heading), "article heading")
    for heading in select(soup, selectors.MAIN_HEADING):
        text = element_text(heading)
        if text and not is_foreign(heading, post_id) and text not in names:
            return (text, "main h1")
    return None


def _own_first(article: Element | None, choices: tuple[Selector, ...], post_id: int | None) -> Element | None:
    """The first element the first matching selector finds in the article outside foreign parts (teasers, related)."""
    for selector in choices:
        found = own_in(article, selector, post_id)
        if found:
            return found[0]
    return None


def _part_a_heading_shows(soup: Element, title: str, names: set[str], post_id: int | None) -> str | None:
    """The side of a separator in a document title that a heading of the page shows as its whole text ("Killer
    Shapeshifter" of "Killer Shapeshifter – Chris Website"), when the site's name is not known; None when no side,
    or more than one, is a heading (the other may be the site's name in a logo heading)."""
    sides = {
        side.strip()
        for separator in TITLE_SEPARATORS
        if separator in title
        for side in (title.rsplit(separator, 1)[0], title.split(separator, 1)[1])
    }
    if not sides:
        return None
    headings = {
        element_text(heading) for heading in select(soup, selectors.ANY_HEADING) if not is_foreign(heading, post_id)
    }
    shown = (sides & headings) - names
    return shown.pop() if len(shown) == 1 else None


def site_names(soup: Element, graph: list[jsonld.Node], url: str) -> set[str]:
    """Names the site goes by: og:site_name, the JSON-LD WebSite, the site title or logo, the core feed links'
    "Site Name » Feed", the host name."""
    names = {site_name(soup, graph) or ""}
    for element in select(soup, selectors.SITE_NAME_ELEMENTS):
        names.add(element_text(element))
        names.add(collapse_whitespace(attr(element, "alt") or ""))
    for link in select(head_of(soup), selectors.FEED_LINKS):
        before, separator, _ = collapse_whitespace(attr(link, "title") or "").partition(" » ")
        names.add(before if separator else "")
    host = urlsplit(url).hostname or ""
    names.update({host, host.removeprefix("www.")})
    return {name for name in names if name}


def title_without_site(title: str | None, names: set[str]) -> str | None:
    """A document title without the site's name before or after a separator, nor a dangling separator; None when
    nothing but the site's name is left."""
    if not title:
        return None
    text = title
    # A name is cut at the end where a space or separator sets it apart ("Title Site Name", as some themes
    # print it), at the start only before a separator ("Site | Title").
    for name in sorted(names, key=len, reverse=True):
        lowered, size = name.lower(), len(name)
        if len(text) > size and text.lower().endswith(lowered) and text[-size - 1] in f" {TITLE_SEPARATOR_CHARACTERS}":
            text = text[:-size]
        elif text.lower().startswith(lowered) and text[size:].lstrip()[:1] in tuple(TITLE_SEPARATOR_CHARACTERS):
            text = text[size:]
    text = text.strip().strip(TITLE_SEPARATOR_CHARACTERS).strip()
    return None if text.lower() in {name.lower() for name in names} else (text or None)


def post_wp_id(soup: Element, article: Element | None) -> int | None:
    """The WordPress id: body class postid-N, article class post-N, or the ?p=N shortlink."""
    for prefix, names in (("postid-", body_classes(soup)), ("post-", classes(article))):
        for name in names:
            number = name.removeprefix(prefix)
            if name.startswith(prefix) and number.isascii() and number.isdigit():
                return int(number)
    shortlink = attr(select_one(head_of(soup), selectors.SHORTLINK), "href") or ""
    try:
        values = parse_qs(urlsplit(shortlink).query).get("p", [])
    except ValueError:
        values = []
    return int(values[0]) if values and values[0].isascii() and values[0].isdigit() else None


def published_candidates(soup: Element, scope: PostScope, described: list[jsonld.Node]) -> list[tuple[str, str]]:
    """Machine-readable publication times with their sources, most trusted first."""
    values: list[tuple[str, str]] = []
    for selector in selectors.PUBLISHED_TIME:
        for element in own_in(scope.article, selector, scope.post_id):
            values.append((attr(element, "datetime") or attr(element, "content") or "", "article time"))
    values.append((meta_content(soup, selectors.META_PUBLISHED) or "", "meta article:published_time"))
    for node in described:
        values.append((jsonld.text_value(node.get("datePublished")) or "", "json-ld datePublished"))
    return [(value, source) for value, source in values if value]


def post_published(soup: Element, scope: PostScope, described: list[jsonld.Node]) -> tuple[str, str] | None:
    """ISO 8601 publication time with its offset when the page gives one, else the date; malformed values skipped."""
    candidates = published_candidates(soup, scope, described)
    stamped = [(with_offset, source) for value, source in candidates if (with_offset := dates.iso_with_offset(value))]
    in_head = [value for value, source in stamped if source != "article time"]
    for value, source in stamped:
        # the article's time keeps the site's own offset, but where it names another instant than the head's meta
        # and JSON-LD (which SEO plugins write from the post's UTC time), it is the one that is wrong: Enfold's
        # hidden av-structured-data span may pair the local time with another offset
        if source != "article time" or not in_head or any(dates.same_instant(value, head) for head in in_head):
            return (value, source)
    for value, source in candidates:
        day = dates.iso_date(value)
        if day:
            return (day, source)
    for element in own_in(scope.article, selectors.VISIBLE_DATE, scope.post_id):
        day = dates.visible_date(element_text(element, skip=_unseen))
        if day:
            return (day, "visible date in the article")
    return None


def _unseen(tag: Element) -> bool:
    """Markup whose text a reader does not see: noise, and labels for screen readers only."""
    return is_noise(tag) or has_class(tag, selectors.SCREEN_READER_CLASSES)


def post_modified(soup: Element, node: jsonld.Node | None, published: str | None) -> tuple[str, str] | None:
    """ISO 8601 last-modified time, or None when absent or the same instant as publication."""
    candidates = [
        (meta_content(soup, selectors.META_MODIFIED), "meta article:modified_time"),
        (meta_content(soup, selectors.META_UPDATED), "meta og:updated_time"),
        (jsonld.text_value(node.get("dateModified")) if node else None, "json-ld dateModified"),
    ]
    for value, source in candidates:
        modified = dates.normalise_iso(value)
        if modified:
            return None if dates.same_instant(modified, published) else (modified, source)
    return None


def post_author(
    soup: Element, scope: PostScope, graph: list[jsonld.Node], described: list[jsonld.Node]
) -> tuple[str, str] | None:
    """The author: meta author, JSON-LD author, else the article's byline (without "by")."""
    author = meta_content(soup, selectors.META_AUTHOR)
    if author:
        return (author, "meta author")
    for candidate in described:
        author = jsonld.name_of(graph, candidate.get("author"))
        if author:
            return (author, "json-ld author")
    element = _own_first(scope.article, selectors.AUTHOR_NAME, scope.post_id)
    shown = BY_PREFIX_RE.sub("", element_text(element)) if element is not None else ""
    return (shown, "article byline") if shown else None


def post_excerpt(soup: Element, body: Element | None) -> tuple[str, str] | None:
    """The meta description, og:description, else the body's first non-empty paragraph."""
    described_by = ((selectors.META_DESCRIPTION, "meta description"), (selectors.OG_DESCRIPTION, "meta og:description"))
    for selector, source in described_by:
        described = meta_content(soup, selector)
        if described:
            return (described, source)
    for paragraph in select(body, selectors.PARAGRAPHS) if body is not None else []:
        text = element_text(paragraph)
        if text:
            return (text, "first paragraph of the body")
    return None


def post_body(body: list[Element], skip: Skip) -> tuple[str, str]:
    """(body_text, sanitised body_html) of the post body's elements, joined in page order."""
    text = " ".join(filter(None, (element_text(element, skip) for element in body)))
    return (text, sanitize_html("".join(inner_html(element, skip) for element in body)))


def checked_body(soup: Element, scope: PostScope, title: str, found: FoundBody) -> FoundBody:
    """The body found, checked against the readable text of the page's main column: when it holds less than
    TRUSTED_SHARE of it, trafilatura reads the column too, and the reading that covers the column wins; when neither
    does and trafilatura finds more, no body (page.missing then names it) rather than a fragment."""
    words = count_words(found[0])
    column_words = words + words_beside_body(scope)
    if column_words < CHECKED_COLUMN_WORDS or words >= TRUSTED_SHARE * column_words:
        return found
    text, html = generic_body(soup, title, scope.column)
    generic_words = count_words(text)
    if generic_words <= words * AGREEING_SHARE:  # the generic reading finds no more: the body stands
        return found
    if generic_words >= TRUSTED_SHARE * column_words:
        return (text, html, COLUMN_GENERIC_SOURCE)
    return ("", "", None)


def _is_asset_placeholder(url: str) -> bool:
    """True for a plugin's or theme's own file (an SEO plugin's default image, a theme's logo), not an upload."""
    path = urlsplit(url).path.lower()
    return "/wp-content/plugins/" in path or "/wp-content/themes/" in path


def _is_image_url(url: str) -> bool:
    """True when the URL's path ends in an image file extension."""
    return splitext(urlsplit(url).path.lower())[1] in ASSET_EXTENSIONS


def featured_image_url(
    soup: Element, scope: PostScope, from_json_ld: str | None, post_url: str
) -> tuple[str, str] | None:
    """The full-size featured image: the theme's preview link, JSON-LD primary image, else og:image."""
    link = attr(_own_first(scope.article, (selectors.FEATURED_IMAGE_LINK,), scope.post_id), "href")
    if link and _is_image_url(link):
        return (canonical_url(link, post_url), "article preview link")
    from_head = meta_content(soup, selectors.OG_IMAGE)
    for found, source in ((from_json_ld, "json-ld image"), (from_head, "meta og:image")):
        if found and not _is_asset_placeholder(found):
            return (canonical_url(found, post_url), source)
    return None


def shows_image(image: Element, featured_url: str) -> bool:
    """True when the <img> shows the featured image: its src, data-src or a srcset entry is that upload at any size,
    or it is the content of a link to it."""
    parent = image.getparent()
    written = [attr(image, "src"), attr(image, "data-src"), attr(parent, "href") if parent is not None else None]
    written.extend(entry.split()[0] for entry in (attr(image, "srcset") or "").split(",") if entry.split())
    wanted = image_file(featured_url)
    return bool(wanted) and any(image_file(value.strip()) == wanted for value in written if value)


def featured_image_alt(scope: PostScope, featured_url: str) -> str | None:
    """The alt text of the post's own <img> that shows the featured image; None when the article shows none."""
    images = own_in(scope.article, selectors.IMAGES, scope.post_id)
    image = next((image for image in images if shows_image(image, featured_url)), None)
    alt = attr(image, "alt")
    return collapse_whitespace(alt) if alt is not None else None


def post_terms(
    soup: Element, scope: PostScope, node: jsonld.Node | None
) -> tuple[tuple[list[str], str] | None, tuple[list[str], str] | None]:
    """(categories, tags) with their sources: JSON-LD, else the article's term links, else its hentry classes."""
    found: list[tuple[list[str], str] | None] = []
    article = scope.article
    links = linked_terms(scope) if article is not None else None
    for key, taxonomy in (("articleSection", "category"), ("keywords", "tag")):
        names = jsonld.string_list(node.get(key)) if node else []
        if names:
            found.append((_unique(names), f"json-ld {key}"))
        elif links is not None and links[taxonomy]:
            found.append((_unique(links[taxonomy]), "article term links"))
        elif names := [value for value in meta_values(soup, META_TERMS[taxonomy]) if value]:
            found.append((_unique(names), f"meta {META_TERMS[taxonomy]}"))
        elif links is not None and links["any"]:
            found.append(([], "article term links"))  # the post shows its terms, none of this taxonomy
        elif article is not None and (slugs := _class_slugs(article, taxonomy)):
            found.append(_named_slugs(soup, taxonomy, slugs))
        else:
            found.append(None)
    return (found[0], found[1])


def _named_slugs(soup: Element, taxonomy: str, slugs: list[str]) -> tuple[list[str], str]:
    """Class slugs as the names the page's own term links show, the source saying whether any stayed a slug."""
    names = [term_name(soup, taxonomy, slug) for slug in slugs]
    named = all(name != slug for name, slug in zip(names, slugs, strict=True))
    return (names, "article classes, named by their archive links" if named else "article classes (slugs)")


def linked_terms(scope: PostScope) -> dict[str, list[str]]:
    """The article's own category and tag links, told apart by their target (/category/ or /tag/), else by rel; a
    link without rel counts by its target alone, outside the body (where a post may link to an archive in a sentence)."""
    terms: dict[str, list[str]] = {"category": [], "tag": [], "any": []}
    body = set(scope.body)
    for link in own_in(scope.article, selectors.TERM_LINKS, scope.post_id):
        segments = path_segments(attr(link, "href") or "")
        rel = (attr(link, "rel") or "").lower().split()
        taxonomy = next((name for name in ("category", "tag") if name in segments[:-1]), None)
        if "tag" not in rel and "category" not in rel and (taxonomy is None or _inside(link, body)):
            continue
        if taxonomy is None:
            taxonomy = "category" if "category" in rel else "tag"
        text = element_text(link)
        if text:
            terms[taxonomy].append(text)
            terms["any"].append(text)
    return terms


def _inside(element: Element, ancestors: set[Element]) -> bool:
    """True when one of the elements holds this one."""
    return any(node in ancestors for node in element.iterancestors())


def _class_slugs(article: Element, taxonomy: str) -> list[str]:
    """Term slugs from the article's `category-x`/`tag-x` classes."""
    prefix = f"{taxonomy}-"
    return [name.removeprefix(prefix) for name in classes(article) if name.startswith(prefix) and name != prefix]


def _unique(names: list[str]) -> list[str]:
    """Names in first-seen order, empty ones dropped."""
    return list(dict.fromkeys(name for name in names if name))


def term_name(soup: Element, taxonomy: str, slug: str) -> str:
    """The display name of a category or tag slug from any link to its archive, else the slug."""
    for link in select(soup, selectors.ANCHORS):
        segments = path_segments(attr(link, "href") or "")
        if len(segments) >= 2 and taxonomy in segments[:-1] and segments[-1] == slug:  # child terms: /category/a/b/
            text = element_text(link)
            if text:
                return text
    return slug
