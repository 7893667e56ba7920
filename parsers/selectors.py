"""Every CSS selector and class name the parsers use, named, most stable signal first."""

from __future__ import annotations

# --- document head: WordPress core, Open Graph, Yoast -------------------------------------
CANONICAL_LINK = "link[rel~=canonical][href]"
SHORTLINK = "link[rel~=shortlink][href]"
BASE_HREF = "base[href]"
DOCUMENT_TITLE = "title"
JSON_LD = "script[type='application/ld+json']"
META_PUBLISHED = "meta[property='article:published_time'][content]"
META_MODIFIED = "meta[property='article:modified_time'][content]"
META_UPDATED = "meta[property='og:updated_time'][content]"
META_AUTHOR = "meta[name='author'][content]"
META_DESCRIPTION = "meta[name='description'][content]"
OG_DESCRIPTION = "meta[property='og:description'][content]"
OG_TITLE = "meta[property='og:title'][content]"
OG_IMAGE = "meta[property='og:image'][content]"
OG_SITE_NAME = "meta[property='og:site_name'][content]"
OG_TYPE = "meta[property='og:type'][content]"

# --- the post: WordPress core classes first, then microdata, then Enfold ------------------
ARTICLE = (
    "article.hentry",
    ".hentry",
    "article[itemtype*='BlogPosting']",
    "article[itemtype*='Article']",
    "main article",
    "article",
)
ENTRY_TITLE = (
    "h1.entry-title",
    ".entry-title",
    "[itemprop='headline']",
    "h1",
)
ENTRY_CONTENT = (
    ".entry-content",
    "[itemprop='articleBody']",
    "[itemprop='text']",
    ".post-content",
)
PUBLISHED_TIME = (
    "time.published[datetime]",
    "time.entry-date[datetime]",
    "time[itemprop='datePublished'][datetime]",
    "time[datetime]",
    "[itemprop='datePublished'][datetime]",
    "[itemprop='datePublished'][content]",
)
VISIBLE_DATE = "time, .entry-date, .published, .date-container, .posted-on"
AUTHOR_NAME = (
    ".vcard .fn",
    ".author.vcard",
    "a[rel~=author]",
    "[itemprop='author'] [itemprop='name']",
)
FEATURED_IMAGE_LINK = ".big-preview a[href]"
FEATURED_IMAGE = "img.wp-post-image"
CATEGORY_LINKS = "a[rel~=category]"
TAG_LINKS = "a[rel~=tag]:not([rel~=category])"

# Parts of a post body that are not the post's own words (share boxes, related blocks).
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
MAIN_CONTENT = ("main", "[role='main']", "#main", ".content")
LISTED_POST_LINKS = (
    ".hentry .entry-title a[rel~=bookmark][href]",
    ".entry-title a[rel~=bookmark][href]",
    "a[rel~=bookmark][href]",
)
PAGINATION_LINKS = "nav.pagination a[href], .pagination a[href], .nav-links a[href], a.page-numbers[href]"
PAGINATION_HEAD_LINKS = "link[rel~=prev][href], link[rel~=next][href]"

# --- sidebar Archive widget: the classic widget, the block, and their dropdown variants ---
ARCHIVE_WIDGET = ".widget_archive, .wp-block-archives"
ARCHIVE_ITEMS = "li"
ARCHIVE_LINK = "a[href]"
ARCHIVE_DROPDOWN = "select[name='archive-dropdown'], .widget_archive select, .wp-block-archives select"
ARCHIVE_OPTIONS = "option[value]"

# --- "You might also like": Enfold first, then common plugins --------------------------------
RELATED_BLOCK = ".related_posts, .jp-relatedposts, .yarpp-related, .crp_related"
RELATED_ANCHORS = ".relThumb a[href], a.relThumWrap[href]"
RELATED_ANY_ANCHOR = "a[href]"
RELATED_TITLE = "strong.av-related-title, .av-related-title, .jp-relatedposts-post-title"

# --- links and images -----------------------------------------------------------------------
ANCHORS = "a[href]"
IMAGES = "img"
PARAGRAPHS = "p"
HEADINGS = ("h2", "h3", "h4", "h5", "h6")

# Tags whose text is never reader-visible prose.
NON_TEXT_TAGS = frozenset({"script", "style", "svg", "noscript", "template", "head", "title", "iframe", "object"})
