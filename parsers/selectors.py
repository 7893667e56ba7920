"""Every selector and class name the parsers use, named, most stable signal first.

Each selector is compiled XPath with the CSS it stands for beside it, matched as soupsieve matches that CSS
on an HTML page: class names and tag names as written, `rel` and `type` values in any ASCII case,
ancestors of a descendant selector looked for above the searched element too, <template> contents left out.
"""

from __future__ import annotations

from lxml import etree
from lxml.cssselect import CSSSelector

ASCII_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ASCII_LOWER = "abcdefghijklmnopqrstuvwxyz"
# Whitespace beyond ASCII that str.split() splits on, and so BeautifulSoup splits class and rel lists on.
NON_ASCII_SPACES = (
    "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _tokens(value: str) -> str:
    """XPath: a token list's value with one space before, between and after its tokens."""
    spaces = " " * len(NON_ASCII_SPACES)
    return f"concat(' ', normalize-space(translate({value}, '{NON_ASCII_SPACES}', '{spaces}')), ' ')"


def has_class(*names: str) -> str:
    """XPath test for CSS `.name` (or `.a, .b` for several names), the plain substring test first for speed."""
    return " or ".join(f"(contains(@class, '{name}') and contains({_tokens('@class')}, ' {name} '))" for name in names)


def has_token(attribute: str, value: str) -> str:
    """XPath test for CSS `[attribute~=value]` on an attribute HTML compares in any ASCII case."""
    return f"contains({_tokens(f'translate(@{attribute}, {ASCII_UPPER!r}, {ASCII_LOWER!r})')}, ' {value} ')"


def any_case_equals(attribute: str, value: str) -> str:
    """XPath test for CSS `[attribute='value']` on an attribute HTML compares in any ASCII case."""
    return f"translate(@{attribute}, '{ASCII_UPPER}', '{ASCII_LOWER}') = '{value}'"


def descendants(*steps: str) -> etree.XPath:
    """The elements under the context element that match any of the steps, in document order.

    Like soupsieve, the search does not enter <template> elements: their contents are not part of the page.
    """
    return etree.XPath(" | ".join(f"descendant::{step}[not(ancestor::template)]" for step in steps))


def css(selector: str) -> etree.XPath:
    """A CSS selector compiled once to XPath, matching as HTML does (tag names in any case)."""
    return CSSSelector(selector, translator="html")


# --- document head: WordPress core, Open Graph, Yoast -------------------------------------
CANONICAL_LINK = descendants(f"link[{has_token('rel', 'canonical')}][@href]")  # link[rel~=canonical][href]
SHORTLINK = descendants(f"link[{has_token('rel', 'shortlink')}][@href]")  # link[rel~=shortlink][href]
BASE_HREF = descendants("base[@href]")  # base[href]
JSON_LD = descendants(f"script[{any_case_equals('type', 'application/ld+json')}]")  # script[type='application/ld+json']
META_PUBLISHED = descendants("meta[@property='article:published_time'][@content]")
META_MODIFIED = descendants("meta[@property='article:modified_time'][@content]")
META_UPDATED = descendants("meta[@property='og:updated_time'][@content]")
META_AUTHOR = descendants("meta[@name='author'][@content]")
META_DESCRIPTION = descendants("meta[@name='description'][@content]")
OG_DESCRIPTION = descendants("meta[@property='og:description'][@content]")
OG_TITLE = descendants("meta[@property='og:title'][@content]")
OG_IMAGE = descendants("meta[@property='og:image'][@content]")
OG_SITE_NAME = descendants("meta[@property='og:site_name'][@content]")
OG_TYPE = descendants("meta[@property='og:type'][@content]")
META_PROPERTY = etree.XPath("descendant::meta[@property=$prop][@content]")  # meta[property=…][content], repeatable

# --- the post: WordPress core classes first, then microdata, then Enfold ------------------
ARTICLE = (
    descendants(f"article[{has_class('hentry')}]"),  # article.hentry
    descendants(f"*[{has_class('hentry')}]"),  # .hentry
    descendants("article[contains(@itemtype, 'BlogPosting')]"),  # article[itemtype*='BlogPosting']
    descendants("article[contains(@itemtype, 'Article')]"),  # article[itemtype*='Article']
    descendants("article[ancestor::main]"),  # main article
    descendants("article"),
)
ENTRY_TITLE = (
    descendants(f"h1[{has_class('entry-title')}]"),  # h1.entry-title
    descendants(f"*[{has_class('entry-title')}]"),  # .entry-title
    descendants("*[@itemprop='headline']"),  # [itemprop='headline']
    descendants("h1"),
)
ENTRY_CONTENT = (
    descendants(f"*[{has_class('entry-content')}]"),  # .entry-content
    descendants("*[@itemprop='articleBody']"),  # [itemprop='articleBody']
    descendants("*[@itemprop='text']"),  # [itemprop='text']
    descendants(f"*[{has_class('post-content')}]"),  # .post-content
)
PUBLISHED_TIME = (
    descendants(f"time[{has_class('published')}][@datetime]"),  # time.published[datetime]
    descendants(f"time[{has_class('entry-date')}][@datetime]"),  # time.entry-date[datetime]
    descendants("time[@itemprop='datePublished'][@datetime]"),  # time[itemprop='datePublished'][datetime]
    descendants("time[@datetime]"),  # time[datetime]
    descendants("*[@itemprop='datePublished'][@datetime]"),  # [itemprop='datePublished'][datetime]
    descendants("*[@itemprop='datePublished'][@content]"),  # [itemprop='datePublished'][content]
)
# time, .entry-date, .published, .date-container, .posted-on
VISIBLE_DATE = descendants(
    f"*[self::time or {has_class('entry-date', 'published', 'date-container', 'posted-on')}"
    " or contains(@class, 'date-')]"
)
AUTHOR_NAME = (
    descendants(f"*[{has_class('fn')}][ancestor::*[{has_class('vcard')}]]"),  # .vcard .fn
    descendants(f"*[{has_class('author')}][{has_class('vcard')}]"),  # .author.vcard
    descendants(f"a[{has_token('rel', 'author')}]"),  # a[rel~=author]
    descendants("*[@itemprop='name'][ancestor::*[@itemprop='author']]"),  # [itemprop='author'] [itemprop='name']
    descendants("a[contains(@href, '/author/')]"),  # a[href*='/author/']
)
FEATURED_IMAGE_LINK = descendants(f"a[@href][ancestor::*[{has_class('big-preview')}]]")  # .big-preview a[href]
FEATURED_IMAGE = descendants(f"img[{has_class('wp-post-image')}]")  # img.wp-post-image
CATEGORY_LINKS = descendants(f"a[{has_token('rel', 'category')}]")  # a[rel~=category]
# a[rel~=tag]:not([rel~=category])
TAG_LINKS = descendants(f"a[{has_token('rel', 'tag')}][not({has_token('rel', 'category')})]")

# Parts of a post body that are not the post's own words (share boxes, related blocks).
# Class-name prefixes of share, follow, author-box and related-post plugins (Social Warfare, Simple Follow
# Buttons, Ultimate Author Box, Contextual Related Posts, Jetpack, AddToAny, Post Views Counter).
BODY_NOISE_PREFIXES = ("swp_", "sfb", "uab-", "crp_", "jp-relatedposts", "sharedaddy", "addtoany", "post-views")
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
MAIN_CONTENT = (
    descendants("main"),
    descendants("*[@role='main']"),  # [role='main']
    descendants("*[@id='main']"),  # #main
    descendants(f"*[{has_class('content')}]"),  # .content
)
_BOOKMARK = f"a[{has_token('rel', 'bookmark')}][@href]"  # a[rel~=bookmark][href]
_IN_ENTRY_TITLE = f"ancestor::*[{has_class('entry-title')}]"
LISTED_POST_LINKS = (
    descendants(f"{_BOOKMARK}[{_IN_ENTRY_TITLE}[ancestor::*[{has_class('hentry')}]]]"),  # .hentry .entry-title a[…]
    descendants(f"{_BOOKMARK}[{_IN_ENTRY_TITLE}]"),  # .entry-title a[rel~=bookmark][href]
    descendants(_BOOKMARK),
    css(".hentry .entry-title a[href]"),  # themes that leave rel=bookmark out (Divi)
)
# nav.pagination a[href], .pagination a[href], .nav-links a[href], a.page-numbers[href]
PAGINATION_LINKS = descendants(
    f"a[@href][{has_class('page-numbers')} or ancestor::*[{has_class('pagination', 'nav-links')}]]"
)
# link[rel~=prev][href], link[rel~=next][href]
PAGINATION_HEAD_LINKS = descendants(
    f"link[{has_token('rel', 'prev')}][@href]", f"link[{has_token('rel', 'next')}][@href]"
)

# --- sidebar Archive widget: the classic widget, the block, and their dropdown variants ---
# .widget_archive, .wp-block-archives
ARCHIVE_WIDGET = descendants(f"*[{has_class('widget_archive', 'wp-block-archives')}]")
ARCHIVE_ITEMS = descendants("li")
ARCHIVE_LINK = descendants("a[@href]")
# select[name='archive-dropdown'], .widget_archive select, .wp-block-archives select
ARCHIVE_DROPDOWN = descendants(
    "select[@name='archive-dropdown']",
    f"select[ancestor::*[{has_class('widget_archive')}]]",
    f"select[ancestor::*[{has_class('wp-block-archives')}]]",
)
ARCHIVE_OPTIONS = descendants("option[@value]")

# --- "You might also like": Enfold first, then common plugins --------------------------------
# .related_posts, .jp-relatedposts, .yarpp-related, .crp_related, .related-posts (Hestia and other themes)
RELATED_BLOCK = descendants(
    f"*[{has_class('related_posts', 'jp-relatedposts', 'yarpp-related', 'crp_related', 'related-posts')}]"
)
# .relThumb a[href], a.relThumWrap[href]
RELATED_ANCHORS = descendants(
    f"a[@href][ancestor::*[{has_class('relThumb')}]]", f"a[{has_class('relThumWrap')}][@href]"
)
RELATED_BOOKMARK_ANCHORS = css("a[rel~=bookmark][href]")  # a card's title link, where the theme marks it
RELATED_ANY_ANCHOR = descendants("a[@href]")
# strong.av-related-title, .av-related-title, .jp-relatedposts-post-title
RELATED_TITLE = descendants(f"*[{has_class('av-related-title', 'jp-relatedposts-post-title')}]")

# --- links and images -----------------------------------------------------------------------
ANCHORS = descendants("a[@href]")
IMAGES = descendants("img")
PARAGRAPHS = descendants("p")
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
# Written as CSS and compiled to XPath once by lxml.cssselect (cssselect), as every new selector is.



# Elements that may carry one post's id: #post-N, .post-N, .post-entry-N (XPath: the id is a variable;
# content.post_ids checks the whole class name)
POST_ID_MARKED = etree.XPath(
    "descendant::*[@id=$id or contains(@class, $core) or contains(@class, $enfold)]"
)
# Page-builder text blocks: Enfold, Divi, Elementor, WPBakery, Beaver Builder, SiteOrigin
BUILDER_TEXT = css(
    ".av_textblock_section, .avia_textblock, .et_pb_text_inner, .elementor-widget-text-editor, "
    ".wpb_text_column, .fl-rich-text, .so-widget-sow-editor"
)
# Builder columns a quarter of the row or narrower: sidebars the builder draws beside the post's text.
SIDE_COLUMNS = frozenset(
    {"av_one_fourth", "av_one_fifth", "et_pb_column_1_4", "et_pb_column_1_5", "et_pb_column_1_6", "vc_col-sm-3"}
)
# Parts of a page that never hold a post's own title, date or words.
FOREIGN_TAGS = frozenset({"aside", "nav"})
FOREIGN_CLASSES = frozenset(
    {
        "sidebar", "widget", "widget-area", "avia-builder-widget-area", "av-alb-blogposts", "related_posts",
        "related-posts", "jp-relatedposts", "yarpp-related", "crp_related", "site-footer", "site-header",
        "comments-area", "comment-list",
    }
)  # fmt: skip
# The post's category and tag links: a[rel~=tag], a[rel~=category] (content.linked_terms tells them apart)
TERM_LINKS = css("a[rel~=tag], a[rel~=category]")
# Where themes print the site's own name: .site-title, .logo img[alt], .custom-logo, a[rel~=home]
SITE_NAME_ELEMENTS = css(".site-title, .logo img[alt], img.custom-logo[alt], .site-branding a[rel~=home]")
# A page heading that may be the post's title when nothing else names it
MAIN_HEADING = css("h1")
# Elements that may be foreign themselves (content.is_foreign decides): aside, nav, the classes above, post ids
_FOREIGN_BY_CLASS = (f".{name}" for name in sorted(FOREIGN_CLASSES))
FOREIGN_CANDIDATES = css(", ".join([*sorted(FOREIGN_TAGS), *_FOREIGN_BY_CLASS, "[class*='post-']", "[id^='post-']"]))
