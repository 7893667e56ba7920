"""One blog post from a single-post page: WordPress core and the JSON-LD graph first, Enfold second."""

from __future__ import annotations

from posixpath import splitext
from urllib.parse import parse_qs, urlsplit

from parsers import dates, jsonld, selectors
from parsers.content import find_article, find_entry_content
from parsers.kind import ASSET_EXTENSIONS, page_kind
from parsers.meta import (
    canonical_link,
    head_of,
    meta_content,
    site_name,
    strip_site_name,
)
from parsers.models import Post
from parsers.soup import (
    Element,
    Markup,
    Selector,
    attr,
    body_classes,
    classes,
    make_tree,
    select,
    select_first,
    select_one,
)
from parsers.text import (
    collapse_whitespace,
    count_words,
    element_text,
    inner_html,
    is_noise,
    sanitize_html,
)
from parsers.urls import canonical_url, path_segments

ARTICLE_CHROME_TAGS = frozenset({"header", "footer", "h1", "time"})


def parse_post(soup: Markup, url: str) -> Post | None:
    """The post on a single-post page, or None when the page is not a post or shows no title."""
    root = make_tree(soup)
    graph = jsonld.load_graph(root)
    if page_kind(root, url, graph) != "post":
        return None
    return read_post(root, url, graph)


def read_post(soup: Element, url: str, graph: list[jsonld.Node]) -> Post | None:
    """The post a page shows, without checking the page kind; None when no title is found."""
    article = find_article(soup)
    node = jsonld.find_article(graph)
    title = post_title(soup, article, graph, node)
    if title is None:
        return None
    post_url = canonical_link(soup, url)
    published = post_published(soup, article, node)
    body = find_entry_content(soup)
    body_text, body_html = post_body(body, is_whole_article=body is not None and body is article)
    featured_url = featured_image_url(soup, article, graph, node, post_url)
    segments = path_segments(post_url)
    return Post(
        url=post_url,
        wp_id=post_wp_id(soup, article),
        slug=segments[-1] if segments else "",
        title=title,
        published=published,
        modified=post_modified(soup, node, published),
        author=post_author(soup, article, graph, node),
        excerpt=post_excerpt(soup, body),
        meta_description=meta_content(soup, selectors.META_DESCRIPTION),
        body_text=body_text,
        body_html=body_html,
        word_count=count_words(body_text),
        featured_image_url=featured_url,
        featured_image_alt=featured_image_alt(article) if featured_url else None,
        categories=tuple(post_terms(soup, article, node, "articleSection", selectors.CATEGORY_LINKS, "category")),
        tags=tuple(post_terms(soup, article, node, "keywords", selectors.TAG_LINKS, "tag")),
    )


def post_title(
    soup: Element, article: Element | None, graph: list[jsonld.Node], node: jsonld.Node | None
) -> str | None:
    """The title: the article's entry-title, then the JSON-LD headline, then og:title minus the site name."""
    heading = select_first(article, selectors.ENTRY_TITLE)
    if heading is None:
        heading = select_one(soup, selectors.ENTRY_TITLE[0])
    shown = element_text(heading) if heading is not None else ""
    if shown:
        return shown
    headline = jsonld.text_value(node.get("headline")) if node else None
    if headline:
        return headline
    head_title = meta_content(soup, selectors.OG_TITLE)
    return strip_site_name(head_title, site_name(soup, graph)) if head_title else None


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


def published_candidates(soup: Element, article: Element | None, node: jsonld.Node | None) -> list[str]:
    """Machine-readable publication times, most trusted first."""
    values: list[str] = []
    if article is not None:
        for selector in selectors.PUBLISHED_TIME:
            for element in select(article, selector):
                values.append(attr(element, "datetime") or attr(element, "content") or "")
    values.append(meta_content(soup, selectors.META_PUBLISHED) or "")
    if node is not None:
        values.append(jsonld.text_value(node.get("datePublished")) or "")
    return [value for value in values if value]


def post_published(soup: Element, article: Element | None, node: jsonld.Node | None) -> str | None:
    """ISO 8601 publication time with its offset when the page gives one, else the date."""
    candidates = published_candidates(soup, article, node)
    for value in candidates:
        with_offset = dates.iso_with_offset(value)
        if with_offset:
            return with_offset
    for value in candidates:
        day = dates.iso_date(value)
        if day:
            return day
    scope = article if article is not None else soup
    for element in select(scope, selectors.VISIBLE_DATE):
        day = dates.visible_date(element_text(element))
        if day:
            return day
    return None


def post_modified(soup: Element, node: jsonld.Node | None, published: str | None) -> str | None:
    """ISO 8601 last-modified time, or None when absent or the same instant as publication."""
    candidates = [
        meta_content(soup, selectors.META_MODIFIED),
        meta_content(soup, selectors.META_UPDATED),
        jsonld.text_value(node.get("dateModified")) if node else None,
    ]
    for value in candidates:
        modified = dates.normalise_iso(value)
        if modified:
            return None if dates.same_instant(modified, published) else modified
    return None


def post_author(
    soup: Element, article: Element | None, graph: list[jsonld.Node], node: jsonld.Node | None
) -> str | None:
    """The author: meta author, JSON-LD author, else the article's vcard."""
    author = meta_content(soup, selectors.META_AUTHOR) or (jsonld.name_of(graph, node.get("author")) if node else None)
    if author:
        return author
    element = select_first(article, selectors.AUTHOR_NAME)
    return (element_text(element) or None) if element is not None else None


def post_excerpt(soup: Element, body: Element | None) -> str | None:
    """The meta description, og:description, else the body's first non-empty paragraph."""
    described = meta_content(soup, selectors.META_DESCRIPTION) or meta_content(soup, selectors.OG_DESCRIPTION)
    if described or body is None:
        return described
    for paragraph in select(body, selectors.PARAGRAPHS):
        text = element_text(paragraph)
        if text:
            return text
    return None


def _skip_article_chrome(tag: Element) -> bool:
    """True for noise and for the title, date, header and footer when the whole article is the body."""
    return is_noise(tag) or tag.tag in ARTICLE_CHROME_TAGS


def post_body(body: Element | None, is_whole_article: bool) -> tuple[str, str]:
    """(body_text, sanitised body_html) of the post body element."""
    if body is None:
        return ("", "")
    skip = _skip_article_chrome if is_whole_article else is_noise
    return (element_text(body, skip), sanitize_html(inner_html(body, skip)))


def _is_image_url(url: str) -> bool:
    """True when the URL's path ends in an image file extension."""
    return splitext(urlsplit(url).path.lower())[1] in ASSET_EXTENSIONS


def featured_image_url(
    soup: Element, article: Element | None, graph: list[jsonld.Node], node: jsonld.Node | None, post_url: str
) -> str | None:
    """The full-size featured image: the theme's preview link, JSON-LD primary image, else og:image."""
    link = attr(select_one(article, selectors.FEATURED_IMAGE_LINK), "href")
    if link and _is_image_url(link):
        return canonical_url(link, post_url)
    found = jsonld.image_url(graph, node) or meta_content(soup, selectors.OG_IMAGE)
    return canonical_url(found, post_url) if found else None


def featured_image_alt(article: Element | None) -> str | None:
    """The alt text of the article's featured image (img.wp-post-image)."""
    image = select_one(article, selectors.FEATURED_IMAGE)
    alt = attr(image, "alt")
    return collapse_whitespace(alt) if alt is not None else None


def post_terms(
    soup: Element, article: Element | None, node: jsonld.Node | None, key: str, link_selector: Selector, taxonomy: str
) -> list[str]:
    """Category or tag names in page order: JSON-LD, else rel links in the article, else hentry classes."""
    names = jsonld.string_list(node.get(key)) if node else []
    if not names and article is not None:
        names = [element_text(link) for link in select(article, link_selector)]
    if not names:
        prefix = f"{taxonomy}-"
        slugs = [name.removeprefix(prefix) for name in classes(article) if name.startswith(prefix)]
        names = [term_name(soup, taxonomy, slug) for slug in slugs if slug]
    return list(dict.fromkeys(name for name in names if name))


def term_name(soup: Element, taxonomy: str, slug: str) -> str:
    """The display name of a category or tag slug from any link to its archive, else the slug."""
    for link in select(soup, selectors.ANCHORS):
        segments = path_segments(attr(link, "href") or "")
        if len(segments) >= 2 and segments[-2] == taxonomy and segments[-1] == slug:
            text = element_text(link)
            if text:
                return text
    return slug
