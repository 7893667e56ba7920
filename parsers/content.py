"""Where a single post lives in the page: its own article, its body, and the parts that belong to other things.

A part belongs to the post when it sits in the element WordPress marks with the post's id (`post-N` or Enfold's
`post-entry-N`, where N is the page's `postid-N` body class) or, when no element carries the id, in the main column
outside other posts' teasers, sidebars, widgets, navigation and related-post blocks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from lxml import etree

from parsers import selectors
from parsers.soup import Element, Selector, body_classes, classes, find, select
from parsers.text import count_words, element_text, is_noise

Body = tuple[list[Element], str | None]  # the post body's elements and where they were found
Skip = Callable[[Element], bool]  # True for an element whose text is not the post's
POST_ID_PREFIXES = ("post-entry-", "post-")  # Enfold's post-entry-N before WordPress core's post-N
BUILDER_SOURCE = "page builder sections"
ARTICLE_SOURCE = "article"
ARTICLE_CHROME_TAGS = frozenset({"header", "footer", "h1", "time"})  # the article's own title, date and byline
BUILDER_SKIPPED_TAGS = frozenset({"h1", "form", "button", "nav", "aside", "footer"})  # h1: the post's title
# The column that holds a post among the page's parts: <main>, role=main, and the ids and classes themes give it
COLUMN_IDS = frozenset({"main", "content", "primary", "site-content", "genesis-content", "main-content"})
COLUMN_CLASSES = frozenset({"site-main", "content-area", "main-content"})


def own_post_id(soup: Element) -> int | None:
    """The post id the page declares in its body class `postid-N`, or None."""
    for name in body_classes(soup):
        number = name.removeprefix("postid-")
        if name.startswith("postid-") and number.isascii() and number.isdigit():
            return int(number)
    return None


def post_ids(element: Element) -> set[int]:
    """The post ids an element carries in `post-N`/`post-entry-N` classes or an `id="post-N"`."""
    found: set[int] = set()
    for name in [*classes(element), str(element.get("id") or "")]:
        for prefix in POST_ID_PREFIXES:
            number = name.removeprefix(prefix)
            if name.startswith(prefix) and number.isascii() and number.isdigit():
                found.add(int(number))
                break
    return found


def is_foreign(element: Element, post_id: int | None) -> bool:
    """True when the element or an ancestor is another post's block, a sidebar, widget, nav or related block."""
    for node in (element, *element.iterancestors()):
        if node.tag in selectors.FOREIGN_TAGS or set(classes(node)) & selectors.FOREIGN_CLASSES:
            return True
        if node.get("id") in selectors.FOREIGN_IDS or (post_id is not None and post_ids(node) - {post_id}):
            return True
    return False


def _is_card(node: Element) -> bool:
    """A nested BlogPosting item (itemprop=blogPost): a builder's slide, teaser or card."""
    return "blogPost" in (node.get("itemprop") or "").split()


def _in_card(element: Element, article: Element | None) -> bool:
    """True when, below the post's own element, the element sits in a card, whose title and excerpt are not the
    post's title and body."""
    if article is None:
        return False
    for node in element.iterancestors():
        if node is article:
            return False
        if _is_card(node):
            return True
    return False


def is_foreign_in(element: Element, article: Element, post_id: int | None) -> bool:
    """True when, below the post's article, the element sits in another post's block (another id, a nested article,
    a nested blogPost item), a related-posts, teaser, widget or comments block, an aside or a nav; the article's own
    footer is its own."""
    own_ids = {post_id} if post_id is not None else post_ids(article)
    for node in (element, *element.iterancestors()):
        if node is article:
            return False
        if node is not element and _is_card(node):
            return True
        if node.tag in selectors.FOREIGN_TAGS - {"footer"} or set(classes(node)) & selectors.FOREIGN_CLASSES:
            return True
        ids = post_ids(node)
        nested_article = node.tag == "article" and article.tag == "article" and not ids & own_ids
        if ids - own_ids or nested_article:
            return True
    return False


def own_in(article: Element | None, selector: Selector, post_id: int | None) -> list[Element]:
    """The elements the selector finds in the post's article, without those of foreign parts inside it."""
    if article is None:
        return []
    return [element for element in select(article, selector) if not is_foreign_in(element, article, post_id)]


def own_elements(soup: Element, post_id: int) -> list[Element]:
    """The elements marked with the post's own id, articles and hentries first."""
    found = selectors.POST_ID_MARKED(soup, id=f"post-{post_id}", core=f"post-{post_id}", enfold=f"post-entry-{post_id}")
    marked = [element for element in cast(list[Element], found) if post_id in post_ids(element)]
    return sorted(marked, key=lambda element: element.tag != "article" and "hentry" not in classes(element))


@dataclass(frozen=True, slots=True)
class PostScope:
    """The parts of a post page that belong to the post, found once per page."""

    post_id: int | None  # the page's postid-N
    own: list[Element]  # elements marked with the post's id, articles and hentries first
    article: Element | None  # the post's own article
    body: list[Element]  # the post body's elements, in page order
    body_source: str | None  # where the body was found; None when it was not
    skip: Skip  # inside the body's elements, what is not the post's words
    column: Element  # the page's main column around the post (its readable text checks the body's)


def post_scope(soup: Element) -> PostScope:
    """The post's id, own elements, article and body on this page."""
    post_id = own_post_id(soup)
    own = own_elements(soup, post_id) if post_id is not None else []
    article = own[0] if own else _unmarked_article(soup, post_id)
    body, source = _find_body(soup, post_id, own, article)
    skip = not_the_posts(post_id, ARTICLE_CHROME_TAGS if source == ARTICLE_SOURCE else frozenset())
    if source == BUILDER_SOURCE:
        skip = not_the_posts(post_id, BUILDER_SKIPPED_TAGS, selectors.SIDE_COLUMNS)
    anchors = body or ([article] if article is not None else [])
    return PostScope(post_id, own, article, body, source, skip, main_column(soup, anchors))


def not_the_posts(post_id: int | None, tags: frozenset[str] = frozenset(), names: frozenset[str] = frozenset()) -> Skip:
    """A test for what, inside the post's own elements, is not its words: noise (scripts, share boxes), other
    posts' blocks, sidebars, widgets and related blocks (by class or another post's id), the given tags and classes."""
    foreign = selectors.FOREIGN_CLASSES | selectors.BUILDER_CHROME | names

    def skip(element: Element) -> bool:
        if is_noise(element) or element.tag in tags:
            return True
        names = element.get("class") or ""
        own_text = selectors.OWN_TEXT_SLIDER in names.split()  # Enfold's content slider: the post's own slides
        if names and not own_text and not foreign.isdisjoint(names.split()):
            return True
        if element.get("id") in selectors.FOREIGN_IDS:
            return True
        marked = "post-" in names or (element.get("id") or "").startswith("post-")  # what post_ids reads
        return post_id is not None and marked and bool(post_ids(element) - {post_id})

    return skip


def main_column(soup: Element, body: list[Element]) -> Element:
    """The page's main column around the body's elements (the closest <main>, #main, #content, .site-main...), else
    <body>."""
    common = common_ancestor(body)
    for node in [common, *common.iterancestors()] if common is not None else []:
        if node.tag == "main" or node.get("role") == "main" or node.get("id") in COLUMN_IDS:
            return node
        if not COLUMN_CLASSES.isdisjoint(classes(node)):
            return node
    found = find(soup, "body")
    return soup if found is None else found


def common_ancestor(elements: list[Element]) -> Element | None:
    """The deepest element that is or holds every one of the elements."""
    if not elements:
        return None
    chain = [elements[0], *elements[0].iterancestors()]
    for element in elements[1:]:
        above = {element, *element.iterancestors()}
        chain = [node for node in chain if node in above]
    return chain[0] if chain else None


def words_beside_body(scope: PostScope) -> int:
    """Words of the main column's readable text outside the body's elements, without sidebars, widgets,
    navigation, forms, comments, related blocks, other posts' blocks and the article's title, date and byline."""
    body = set(scope.body)
    foreign = not_the_posts(scope.post_id, selectors.FOREIGN_TAGS | ARTICLE_CHROME_TAGS | {"form"})
    return count_words(element_text(scope.column, lambda element: element in body or foreign(element)))


def _unmarked_article(soup: Element, post_id: int | None) -> Element | None:
    """The first article-like element that is no other post's block, sidebar or widget."""
    for selector in selectors.ARTICLE:
        for element in select(soup, selector):
            if not is_foreign(element, post_id):
                return element
    return None


def builder_blocks(scope: Element, post_id: int | None) -> list[Element]:
    """Page-builder text blocks of the main column (not side columns or foreign parts), outermost only."""
    blocks = [
        block
        for block in select(scope, selectors.BUILDER_TEXT)
        if not is_foreign(block, post_id) and not _in_side_column(block)
    ]
    return [block for block in blocks if not any(ancestor in blocks for ancestor in block.iterancestors())]


def _in_side_column(element: Element) -> bool:
    """True when the element sits in a narrow builder column (a quarter, a fifth or a sixth of the row)."""
    return any(set(classes(node)) & selectors.SIDE_COLUMNS for node in element.iterancestors())


def _find_body(soup: Element, post_id: int | None, own: list[Element], article: Element | None) -> Body:
    """The body's elements by the most stable source: entry-content, page builder sections, the article."""
    inside = _own_content(article, selectors.ENTRY_CONTENT[:2], post_id, article)  # .entry-content, articleBody
    if inside is not None:
        return ([inside], "entry-content")
    # Inside the post's own elements when the page marks any, else anywhere in the page's main column.
    scopes = own or [soup]
    blocks = [block for scope in scopes for block in builder_blocks(scope, post_id)]
    if blocks:
        return (builder_sections(list(dict.fromkeys(blocks)), post_id), BUILDER_SOURCE)
    inside = _own_content(article, selectors.ENTRY_CONTENT[2:], post_id, article)
    if inside is None:
        inside = _own_content(soup, selectors.ENTRY_CONTENT, post_id, article)
    if inside is not None:
        return ([inside], "entry-content")
    return ([article], ARTICLE_SOURCE) if article is not None else ([], None)


def builder_sections(blocks: list[Element], post_id: int | None) -> list[Element]:
    """The builder layouts (sections, rows, columns) that hold the post's text blocks, outermost first and in page
    order, so that headings, lists, tables and toggles between the blocks are the body's too; a block outside any
    layout is its own section."""
    sections: list[Element] = []
    layouts = set(select(blocks[0].getroottree().getroot(), selectors.BUILDER_LAYOUT)) if blocks else set()
    for block in blocks:
        outer = [node for node in block.iterancestors() if node in layouts and not is_foreign(node, post_id)]
        section = outer[-1] if outer else block
        if section not in sections:
            sections.append(section)
    return [section for section in sections if not any(node in sections for node in section.iterancestors())]


def _own_content(
    scope: Element | None, choices: tuple[Selector, ...], post_id: int | None, article: Element | None
) -> Element | None:
    """The first content element the first matching selector finds in the scope, outside foreign parts and the
    nested blogPost items (slides, cards) of the post's own element."""
    if scope is None:
        return None
    for selector in choices:
        for element in select(scope, selector):
            if _in_card(element, article):
                continue
            if not is_foreign(element, post_id) and not _in_side_column(element) and _shows_text(element):
                return element
    return None


SHOWS_SOMETHING = etree.XPath("boolean(descendant::text()[normalize-space()] | descendant::img)")


def _shows_text(element: Element) -> bool:
    """True when the element holds any text or image (a theme's empty content area does not)."""
    return bool(SHOWS_SOMETHING(element))
