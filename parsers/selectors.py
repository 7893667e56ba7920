"""Every selector and class name the parsers use, named, most stable signal first.

Selectors are written as CSS and compiled once to XPath by cssselect (through lxml). HTML's own rules that
cssselect leaves out are added: `rel` and `type` values match in any ASCII case. A group of selectors is matched in
one pass over the tree where it can be. Two selectors whose value changes per page stay XPath with variables
(POST_ID_MARKED, META_PROPERTY).
"""

from __future__ import annotations

from typing import TypeGuard

from cssselect import HTMLTranslator, parse
from cssselect.parser import Class, CombinedSelector, Tree
from cssselect.parser import Element as ElementSelector
from cssselect.xpath import XPathExpr
from lxml import etree

ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
ANY_CASE_ATTRIBUTES = frozenset({"@rel", "@type"})  # attribute values HTML compares in any ASCII case
SHARED_CLASS_PART = 4  # the shortest part of a class name worth testing a group's elements for first


def _tokens(value: str) -> str:
    """XPath: a token list's value with one space before, between and after its tokens."""
    return f"concat(' ', normalize-space({value}), ' ')"


def _lower(value: str) -> str:
    """XPath: a value in ASCII lower case."""
    return f"translate({value}, '{ASCII_UPPER}', '{ASCII_LOWER}')"


def _step(expr: XPathExpr) -> str:
    """A translated compound selector as one XPath step (element and condition), for an axis to follow."""
    if expr.path:
        raise ValueError(f"no one-step XPath for {expr}: use descendant combinators only")
    return f"{expr.element}[{expr.condition}]" if expr.condition else str(expr.element)


def _test(expr: XPathExpr, element_known: bool = False) -> str:
    """A translated compound selector as a test of the context element (its element name left out when known)."""
    _step(expr)  # refuses what one step cannot express
    element = "" if expr.element == "*" or element_known else f"self::{expr.element}"
    return " and ".join(f"({part})" for part in (element, expr.condition) if part) or "true()"


class Translator(HTMLTranslator):
    """cssselect's HTML translation, with a quicker class test and HTML's any-case `rel` and `type`."""

    def xpath_class(self, class_selector: Class) -> XPathExpr:
        """`.name`: the plain substring test first for speed, then the whole token."""
        xpath = self.xpath(class_selector.selector)
        name = self.xpath_literal(class_selector.class_name)
        spaced = self.xpath_literal(f" {class_selector.class_name} ")
        return xpath.add_condition(f"contains(@class, {name}) and contains({_tokens('@class')}, {spaced})")

    def xpath_attrib_includes(self, xpath: XPathExpr, name: str, value: str | None) -> XPathExpr:
        """`[name~=value]`, in any ASCII case for rel and type."""
        if name not in ANY_CASE_ATTRIBUTES or not value:
            return super().xpath_attrib_includes(xpath, name, value)
        return xpath.add_condition(f"contains({_tokens(_lower(name))}, {self.xpath_literal(f' {value.lower()} ')})")

    def xpath_attrib_equals(self, xpath: XPathExpr, name: str, value: str | None) -> XPathExpr:
        """`[name=value]`, in any ASCII case for rel and type."""
        if name not in ANY_CASE_ATTRIBUTES or value is None:
            return super().xpath_attrib_equals(xpath, name, value)
        return xpath.add_condition(f"{_lower(name)} = {self.xpath_literal(value.lower())}")


TRANSLATOR = Translator()


def css(selector: str) -> etree.XPath:
    """A group of CSS selectors compiled once: the matching elements below the searched one, in document order.

    In "A B", A may be the searched element itself or below it, as in lxml's own CSSSelector.
    """
    trees = [parsed.parsed_tree for parsed in parse(selector)]
    if any(_is_descendant_combination(tree) for tree in trees):
        return etree.XPath(" | ".join(_paths(trees)))
    expressions = [TRANSLATOR.xpath(tree) for tree in trees]
    if len(expressions) == 1:
        return etree.XPath(f"descendant::{_step(expressions[0])}")
    # A group in one pass over the tree, not one pass per selector: every element tested against each member,
    # or only the elements of the one name every member selects ("a.x, a.y": only <a> elements are tested), and
    # first for a part of a class name every member needs (".widget_archive, .wp-block-archives": "archive").
    names = {str(expression.element) for expression in expressions}
    element = names.pop() if len(names) == 1 else "*"
    tests = " or ".join(f"({_test(expression, element_known=element != '*')})" for expression in expressions)
    shared = _shared_class_part(trees)
    prefilter = f"[contains(@class, {TRANSLATOR.xpath_literal(shared)})]" if shared else ""
    return etree.XPath(f"descendant::{element}{prefilter}[{tests}]")


def _is_descendant_combination(tree: Tree) -> TypeGuard[CombinedSelector]:
    """True for a selector "A B" (B with an ancestor A), whatever A is."""
    return isinstance(tree, CombinedSelector) and tree.combinator == " "


def _paths(trees: list[Tree]) -> list[str]:
    """XPath: the elements each selector matches; "A B" as the B elements below each A, and "A B, C B" as one walk."""
    paths: list[str] = []
    aboves: dict[str, list[XPathExpr]] = {}  # the B step of each "A B", with its A expressions
    for tree in trees:
        if _is_descendant_combination(tree) and not _is_descendant_combination(tree.selector):
            aboves.setdefault(_step(TRANSLATOR.xpath(tree.subselector)), []).append(TRANSLATOR.xpath(tree.selector))
        else:
            paths.append(_chain(tree))
    for below, expressions in aboves.items():
        tests = " or ".join(f"({_test(expression)})" for expression in expressions)
        above = _step(expressions[0]) if len(expressions) == 1 else f"*[{tests}]"
        paths.append(f"descendant-or-self::{above}/descendant::{below}")
    return paths


def _chain(tree: Tree) -> str:
    """XPath: the elements "A B C" matches, as the C below each B below each A (A the searched element or below)."""
    if not _is_descendant_combination(tree):
        return f"descendant::{_step(TRANSLATOR.xpath(tree))}"
    above = _chain(tree.selector)
    if above.startswith("descendant::") and not _is_descendant_combination(tree.selector):
        above = f"descendant-or-self::{above.removeprefix('descendant::')}"
    return f"{above}/descendant::{_step(TRANSLATOR.xpath(tree.subselector))}"


def _own_classes(tree: Tree) -> list[str]:
    """The class names a selector requires of the matched element itself (none for "A B" or "A > B")."""
    names: list[str] = []
    while not isinstance(tree, ElementSelector):
        if isinstance(tree, CombinedSelector):
            return []
        if isinstance(tree, Class):
            names.append(tree.class_name)
        tree = tree.selector
    return names


def _shared_class_part(trees: list[Tree]) -> str | None:
    """The longest text (of SHARED_CLASS_PART or more characters) inside a class name each selector requires."""
    required = [_own_classes(tree) for tree in trees]
    if not all(required):
        return None
    first, *others = [names[0] for names in required]
    for length in range(len(first), SHARED_CLASS_PART - 1, -1):
        for start in range(len(first) - length + 1):
            part = first[start : start + length]
            if all(part in name for name in others):
                return part
    return None


# --- document head: WordPress core, Open Graph, Yoast -------------------------------------
CANONICAL_LINK = css("link[rel~=canonical][href]")
SHORTLINK = css("link[rel~=shortlink][href]")
REST_API_LINK = css("link[rel~='https://api.w.org/'][href]")  # where WordPress announces its REST API
REST_ITEM_LINK = css("link[rel~=alternate][type='application/json'][href]")  # the page's own item in the API
ARTICLES = css("article")
BASE_HREF = css("base[href]")
JSON_LD = css("script[type='application/ld+json']")
META_PUBLISHED = css("meta[property='article:published_time'][content]")
META_MODIFIED = css("meta[property='article:modified_time'][content]")
META_UPDATED = css("meta[property='og:updated_time'][content]")
META_AUTHOR = css("meta[name='author'][content]")
META_DESCRIPTION = css("meta[name='description'][content]")
OG_DESCRIPTION = css("meta[property='og:description'][content]")
OG_TITLE = css("meta[property='og:title'][content]")
OG_IMAGE = css("meta[property='og:image'][content]")
OG_SITE_NAME = css("meta[property='og:site_name'][content]")
OG_TYPE = css("meta[property='og:type'][content]")
# meta[property=…][content], every one of a repeatable property (article:tag); XPath: the property is a variable
META_PROPERTY = etree.XPath("descendant::meta[@property=$prop][@content]")

# --- the post: WordPress core classes first, then microdata, then Enfold ------------------
ARTICLE = (
    css("article.hentry"),
    css(".hentry"),
    css("article[itemtype*='BlogPosting']"),
    css("article[itemtype*='Article']"),
    css("main article"),
    css("article"),
)
ENTRY_TITLE = (css("h1.entry-title"), css(".entry-title"), css("[itemprop='headline']"), css("h1"))
ENTRY_CONTENT = (
    css(".entry-content"),
    css("[itemprop='articleBody']"),
    css("[itemprop='text']"),
    css(".post-content"),
    css(".td-post-content"),  # Newspaper
    css(".entry-inner"),  # Hueman
)
PUBLISHED_TIME = (
    css("time.published[datetime]"),
    css("time.entry-date[datetime]"),
    css("time[itemprop='datePublished'][datetime]"),
    css("time[datetime]"),
    css("[itemprop='datePublished'][datetime]"),
    css("[itemprop='datePublished'][content]"),
)
VISIBLE_DATE = css(
    "time, .entry-date, .published, .date-container, .posted-on, .meta-date, [class*='date-'], [itemprop='datePublished']"
)
# Text for screen readers only ("Post published:" before a date), hidden from the eye
SCREEN_READER_CLASSES = frozenset({"screen-reader-text", "sr-only", "visually-hidden"})
AUTHOR_NAME = (
    css(".vcard .fn"),
    css(".author.vcard"),
    css("a[rel~=author]"),
    css("[itemprop='author'] [itemprop='name']"),
    css("a[href*='/author/']"),
)
FEATURED_IMAGE_LINK = css(".big-preview a[href]")

# Parts of a post body that are not the post's own words (share boxes, related blocks).
# Class-name prefixes of share, follow, author-box and related-post plugins (Social Warfare, Simple Follow
# Buttons, Ultimate Author Box, Contextual Related Posts, Jetpack, AddToAny, Post Views Counter, Reading Time WP).
BODY_NOISE_PREFIXES = (
    "swp_",
    "sfb",
    "uab-",
    "crp_",
    "jp-relatedposts",
    "sharedaddy",
    "addtoany",
    "post-views",
    "rt-reading-time",
)
BODY_NOISE_CLASSES = frozenset(
    {
        "av-social-sharing-box",
        "av-share-box",
        "related_posts",
        "sharedaddy",
        "jp-relatedposts",
        "yarpp-related",
        "addtoany_share_save_container",
    }
)

# --- listings: blog index, month archives, categories, tags --------------------------------
MAIN_CONTENT = (css("main"), css("[role='main']"), css("#main"), css(".content"))
LISTED_POST_LINKS = (
    css(".hentry .entry-title a[rel~=bookmark][href]"),
    css(".entry-title a[rel~=bookmark][href]"),
    css("a[rel~=bookmark][href]"),
    css(".hentry .entry-title a[href]"),  # themes that leave rel=bookmark out (Divi)
)
# Builder elements that list posts: Enfold's post slider, masonry, magazine and portfolio grid; Divi's blog grid and
# post slider; Elementor's posts widget; WPBakery's grid; Beaver Builder's post grid, feed and slider; the block
# editor's latest-posts and query-loop blocks (other posts' lists are told apart as foreign: sidebars, related blocks).
# XPath, one pass over the page's links: the link's own class, or the title element holding it (its parent or
# grandparent), instead of one pass over the page per CSS selector.
LISTING_LINK_CLASSES = ("av-masonry-entry", "vc_gitem-link", "wp-block-latest-posts__post-title")
LISTING_TITLE_CLASSES = (
    "slide-entry-title", "av-magazine-title", "grid-entry-title", "et_pb_slide_title", "elementor-post__title",
    "fl-post-grid-title", "fl-post-feed-title", "fl-post-slider-title", "wp-block-post-title",
)  # fmt: skip


def _has_class(names: tuple[str, ...]) -> str:
    """XPath: the context element carries one of the class names."""
    return " or ".join(f"(contains(@class, '{name}') and contains({_tokens('@class')}, ' {name} '))" for name in names)


BUILDER_LISTED_LINKS = etree.XPath(
    "descendant::a[@href][@class or contains(../@class, 'title') or contains(../../@class, 'title')]"
    f"[{_has_class(LISTING_LINK_CLASSES)}"
    f" or (parent::* | parent::*/parent::*)[contains(@class, 'title')][{_has_class(LISTING_TITLE_CLASSES)}]"
    f" or parent::*[{_has_class(('entry-title',))}]/ancestor::*[{_has_class(('et_pb_post',))}]]"
)
PAGINATION_LINKS = css("a.page-numbers[href], .pagination a[href], .nav-links a[href]")
PAGINATION_HEAD_LINKS = css("link[rel~=prev][href], link[rel~=next][href]")

# --- sidebar Archive widget: the classic widget, the block, and their dropdown variants ---
ARCHIVE_WIDGET = css(".widget_archive, .wp-block-archives")
ARCHIVE_ITEMS = css("li")
ARCHIVE_LINK = css("a[href]")
ARCHIVE_DROPDOWN = css("select[name='archive-dropdown'], .widget_archive select, .wp-block-archives select")
ARCHIVE_OPTIONS = css("option[value]")

# --- "You might also like": Enfold first, then common plugins and themes ---------------------------------
# (Hestia's .related-posts, OceanWP's #related-posts, Astra's and Newspaper's blocks)
RELATED_BLOCK = css(
    ".related_posts, .jp-relatedposts, .yarpp-related, .crp_related, .related-posts, #related-posts,"
    " .ast-single-related-posts-container, .td_block_related_posts"
)
RELATED_ANCHORS = css(".relThumb a[href], a.relThumWrap[href]")
RELATED_BOOKMARK_ANCHORS = css("a[rel~=bookmark][href]")  # a card's title link, where the theme marks it
RELATED_ANY_ANCHOR = css("a[href]")
RELATED_TITLE = css(".av-related-title, .jp-relatedposts-post-title")

# --- links and images -----------------------------------------------------------------------
ANCHORS = css("a[href]")
IMAGES = css("img")
PARAGRAPHS = css("p")
HEADINGS = ("h2", "h3", "h4", "h5", "h6")
# Titles of toggles, accordions and tabs: Enfold, Divi, Elementor, WPBakery, Kadence, generic accordions
TOGGLE_TITLE_CLASSES = frozenset(
    {
        "toggler", "av_tab_title", "et_pb_toggle_title", "elementor-tab-title", "elementor-toggle-title",
        "vc_tta-panel-title", "kt-blocks-accordion-header", "accordion-title", "accordion-header", "tab-title",
    }
)  # fmt: skip
TABLES = css("table")
TABLE_ROWS = css("tr")
LINE_BLOCKS = css("p, li")  # a cell's steps as paragraphs or list items

# Tags whose text is never reader-visible prose.
NON_TEXT_TAGS = frozenset({"script", "style", "svg", "noscript", "template", "head", "title", "iframe", "object"})

# --- whose part of the page: the post's own elements, page builders, what belongs to others ------
# Elements that may carry one post's id: #post-N, .post-N, .post-entry-N (XPath: the id is a variable;
# content.post_ids checks the whole class name; "post-" first, as every such class holds it)
POST_ID_MARKED = etree.XPath(
    "descendant::*[@id or contains(@class, 'post-')][@id=$id or contains(@class, $core) or contains(@class, $enfold)]"
)
# Page-builder text blocks: Enfold, Divi, Elementor, WPBakery, Beaver Builder, SiteOrigin
BUILDER_TEXT = css(
    ".av_textblock_section, .avia_textblock, .et_pb_text_inner, .elementor-widget-text-editor, "
    ".wpb_text_column, .fl-rich-text, .so-widget-sow-editor"
)
# The layout a page builder draws one post (or one of its sections) in: Enfold, Divi, Elementor, WPBakery, Beaver
# Builder, SiteOrigin. A post's body is every text-bearing part of these, in page order, less BUILDER_CHROME.
BUILDER_LAYOUT = css(
    ".entry-content-wrapper, .et_builder_inner_content, .elementor[data-elementor-type='wp-post'], "
    ".elementor[data-elementor-type='single-post'], .wpb-content-wrapper, .fl-builder-content, .panel-layout"
)
# Builder parts that are never the post's words: buttons, forms, other posts' sliders, grids and teasers, widget areas.
BUILDER_CHROME = frozenset(
    {
        "avia-button-wrap", "avia-buttonrow-wrap", "av-social-sharing-box", "avia-content-slider", "av-magazine",
        "avia-slideshow-arrows",
        "av-masonry", "avia-builder-widget-area", "avia-postslider", "av-portfolio-grid-sorting", "grid-sort-container",
        "et_pb_button_module_wrapper", "et_pb_blog_grid", "et_pb_posts", "et_pb_post_slider", "et_pb_widget_area",
        "et_pb_contact_form_container", "et_pb_social_media_follow", "elementor-widget-button", "elementor-widget-posts",
        "elementor-widget-sidebar", "elementor-widget-form", "elementor-widget-share-buttons", "vc_btn3-container",
        "vc_grid-container-wrapper", "wpb_widgetised_column", "fl-button-wrap", "fl-module-post-grid",
        "fl-module-post-slider", "wp-block-buttons", "wp-block-latest-posts", "wp-block-query",
    }
)  # fmt: skip
# Enfold's Content Slider element shares the post slider's "avia-content-slider" class but holds the post's own text
OWN_TEXT_SLIDER = "avia-content-slider-element-container"
# Builder columns a quarter of the row or narrower: sidebars the builder draws beside the post's text.
SIDE_COLUMNS = frozenset(
    {"av_one_fourth", "av_one_fifth", "et_pb_column_1_4", "et_pb_column_1_5", "et_pb_column_1_6", "vc_col-sm-3"}
)
# Parts of a page that never hold a post's own title, date or words.
FOREIGN_TAGS = frozenset({"aside", "nav", "footer"})
FOREIGN_IDS = frozenset({"footer", "sidebar", "secondary", "colophon", "comments", "respond", "socket"})
FOREIGN_CLASSES = frozenset(
    {
        "sidebar", "widget", "widget-area", "avia-builder-widget-area", "av-alb-blogposts", "related_posts",
        "related-posts", "jp-relatedposts", "yarpp-related", "crp_related", "site-footer", "site-header",
        "comments-area", "comment-list", "comment-respond", "footer", "ast-single-related-posts-container",
        "td_block_related_posts",
    }
)  # fmt: skip
# The post's category and tag links: a[rel~=tag], a[rel~=category], or any link to a /category/ or /tag/ archive
# (outside the body: post.linked_terms tells them apart by target, else by rel)
TERM_LINKS = css("a[rel~=tag], a[rel~=category], a[href*='/category/'], a[href*='/tag/']")
# Where themes print the site's own name: .site-title, .logo img[alt], .custom-logo, a[rel~=home]
SITE_NAME_ELEMENTS = css(".site-title, .logo img[alt], img.custom-logo[alt], .site-branding a[rel~=home]")
# WordPress core's feed links in the head, titled "Site Name » Feed" (feed_links)
FEED_LINKS = css(
    "link[rel~=alternate][type='application/rss+xml'][title], link[rel~=alternate][type='application/atom+xml'][title]"
)
# A page heading that may be the post's title when nothing else names it
MAIN_HEADING = css("h1")
ANY_HEADING = css("h1, h2, h3, h4, h5, h6")
# Elements that may be foreign themselves (content.is_foreign decides): aside, nav, the classes above, post ids
_FOREIGN_BY_CLASS = (f".{name}" for name in sorted(FOREIGN_CLASSES))
FOREIGN_CANDIDATES = css(", ".join([*sorted(FOREIGN_TAGS), *_FOREIGN_BY_CLASS, "[class*='post-']", "[id^='post-']"]))
