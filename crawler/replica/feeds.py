"""The site's machine-readable files: robots.txt, the RSS feed and the core WordPress sitemaps."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from crawler.replica.bodies import body_html, plain_text
from crawler.replica.dates import iso_utc, rfc822
from crawler.replica.model import Post
from crawler.replica.site import Site
from crawler.replica.yoast import SITE_NAME, TAGLINE

FEED_SIZE = 10
SITEMAP_SIZE = 2000  # URLs per sitemap file, as WordPress core splits them
EXCERPT_WORDS = 55
PAGES_MODIFIED = datetime.fromisoformat("2024-01-08T12:00:00-07:00")
USERS_SITEMAP = "/wp-sitemap-users-1.xml"  # listed in the index, answers 404 (Yoast hides authors)


@dataclass(frozen=True, slots=True)
class SitemapFile:
    """One sub-sitemap: its path and the (path, lastmod) pairs it lists."""

    path: str
    entries: tuple[tuple[str, datetime | None], ...]


def robots_txt(base: str, crawl_delay: float, api_disallowed: bool = False) -> str:
    """robots.txt: the admin, log-in and reply links are off limits (the REST API too when asked), GPTBot everywhere."""
    delay = f"{crawl_delay:g}"
    api = "Disallow: /wp-json/\nDisallow: /*?rest_route=\n" if api_disallowed else ""
    return (
        "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\nDisallow: /wp-login.php\n"
        f"Disallow: /*?replytocom=\nDisallow: /__replica__/\n{api}Crawl-delay: {delay}\n\n"
        f"User-agent: GPTBot\nDisallow: /\n\nSitemap: {base}/wp-sitemap.xml\n"
    )


def _excerpt(post: Post, base: str) -> str:
    """The first words of the body, as the feed's description."""
    words = plain_text(body_html(post, base)).split()
    ellipsis = " [&#8230;]" if len(words) > EXCERPT_WORDS else ""
    return " ".join(words[:EXCERPT_WORDS]) + ellipsis


def _item(post: Post, base: str) -> str:
    """One RSS item."""
    url = base + post.path
    terms = "".join(f"\t\t<category><![CDATA[{term.name}]]></category>\n" for term in (*post.categories, *post.tags))
    return (
        f"\t<item>\n\t\t<title>{html.escape(post.title, quote=False)}</title>\n\t\t<link>{url}</link>\n"
        f"\t\t<comments>{url}#respond</comments>\n\t\t<dc:creator><![CDATA[{post.author.name}]]></dc:creator>\n"
        f"\t\t<pubDate>{rfc822(post.published)}</pubDate>\n{terms}"
        f'\t\t<guid isPermaLink="false">{base}/?p={post.wp_id}</guid>\n'
        f"\t\t<description><![CDATA[{_excerpt(post, base)}]]></description>\n"
        f"\t\t<content:encoded><![CDATA[{body_html(post, base)}]]></content:encoded>\n"
        "\t\t<slash:comments>0</slash:comments>\n\t</item>\n"
    )


def posts_feed(site: Site, base: str) -> str:
    """/feed/: the latest posts in full, as RSS 2.0."""
    items = "".join(_item(post, base) for post in site.posts[:FEED_SIZE])
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:atom="http://www.w3.org/2005/Atom"\n\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"\n'
        '\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"\n\t>\n\n<channel>\n'
        f"\t<title>{SITE_NAME}</title>\n"
        f'\t<atom:link href="{base}/feed/" rel="self" type="application/rss+xml" />\n\t<link>{base}/</link>\n'
        f"\t<description>{TAGLINE}</description>\n\t<lastBuildDate>{rfc822(site.updated)}</lastBuildDate>\n"
        "\t<language>en-US</language>\n\t<sy:updatePeriod>hourly</sy:updatePeriod>\n"
        "\t<sy:updateFrequency>1</sy:updateFrequency>\n\t<generator>https://wordpress.org/?v=6.6.2</generator>\n"
        f"{items}\t</channel>\n</rss>\n"
    )


def _chunks(entries: Sequence[tuple[str, datetime | None]], stem: str) -> list[SitemapFile]:
    """Entries split into numbered files of SITEMAP_SIZE."""
    return [
        SitemapFile(f"{stem}-{number}.xml", tuple(entries[start : start + SITEMAP_SIZE]))
        for number, start in enumerate(range(0, max(len(entries), 1), SITEMAP_SIZE), start=1)
    ]


def sitemap_files(site: Site) -> list[SitemapFile]:
    """Every sub-sitemap: posts, pages, categories, tags."""
    posts = [(post.path, post.modified) for post in site.posts]
    pages: list[tuple[str, datetime | None]] = [(page.path, PAGES_MODIFIED) for page in site.pages]
    pages.insert(1, ("/blog/", site.updated))
    categories: list[tuple[str, datetime | None]] = [(f"/category/{term.slug}/", None) for term in site.categories]
    tags: list[tuple[str, datetime | None]] = [(f"/tag/{term.slug}/", None) for term in site.tags]
    return [
        *_chunks(posts, "/wp-sitemap-posts-post"),
        *_chunks(pages, "/wp-sitemap-posts-page"),
        *_chunks(categories, "/wp-sitemap-taxonomies-category"),
        *_chunks(tags, "/wp-sitemap-taxonomies-post_tag"),
    ]


def sitemap_index(site: Site, base: str) -> str:
    """/wp-sitemap.xml: the list of sub-sitemaps."""
    locations = [file.path for file in sitemap_files(site)] + [USERS_SITEMAP]
    entries = "".join(f"<sitemap><loc>{base}{path}</loc></sitemap>" for path in locations)
    stylesheet = f'<?xml-stylesheet type="text/xsl" href="{base}/wp-sitemap-index.xsl" ?>'
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{stylesheet}\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n'
    )


def sitemap(file: SitemapFile, base: str) -> str:
    """One sub-sitemap's XML."""
    urls = "".join(
        f"<url><loc>{base}{path}</loc>" + (f"<lastmod>{iso_utc(modified)}</lastmod>" if modified else "") + "</url>"
        for path, modified in file.entries
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="{base}/wp-sitemap.xsl" ?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    )
