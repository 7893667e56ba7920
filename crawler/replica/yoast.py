"""The Yoast SEO part of every page's head: title, canonical, Open Graph meta and the JSON-LD graph."""

from __future__ import annotations

import hashlib
import html
import json
from dataclasses import dataclass
from typing import Any

from crawler.replica.bodies import word_count
from crawler.replica.dates import iso_utc
from crawler.replica.model import Author, Post, wp_text

SITE_NAME = "Back In Step Physical Therapy"
TAGLINE = "Physical therapy &amp; dance medicine in Centennial, CO"
LOGO = "/wp-content/uploads/2017/10/back-in-step-logo.png"
SOCIAL = (
    "https://www.facebook.com/backinsteppt",
    "https://www.instagram.com/backinsteppt/",
    "https://www.youtube.com/@backinsteppt",
)

Node = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Seo:
    """What Yoast says about one page."""

    title: str  # the document title, without the site name
    url: str  # canonical
    crumb: str  # the last breadcrumb
    robots: str = "index, follow, max-image-preview:large, max-snippet:-1, max-video-preview:-1"


def _person_id(base: str, author: Author) -> str:
    """The @id Yoast gives an author."""
    return f"{base}/#/schema/person/{hashlib.md5(author.slug.encode()).hexdigest()}"


def _site_nodes(base: str) -> list[Node]:
    """The WebSite and Organization nodes every page carries."""
    website: Node = {
        "@type": "WebSite",
        "@id": f"{base}/#website",
        "url": f"{base}/",
        "name": SITE_NAME,
        "description": TAGLINE,
        "publisher": {"@id": f"{base}/#organization"},
        "potentialAction": [
            {
                "@type": "SearchAction",
                "target": {"@type": "EntryPoint", "urlTemplate": f"{base}/?s={{search_term_string}}"},
                "query-input": {
                    "@type": "PropertyValueSpecification",
                    "valueRequired": True,
                    "valueName": "search_term_string",
                },
            }
        ],
        "inLanguage": "en-US",
    }
    logo: Node = {
        "@type": "ImageObject",
        "inLanguage": "en-US",
        "@id": f"{base}/#/schema/logo/image/",
        "url": base + LOGO,
        "width": 300,
        "height": 100,
        "caption": SITE_NAME,
    }
    organization: Node = {
        "@type": "Organization",
        "@id": f"{base}/#organization",
        "name": SITE_NAME,
        "url": f"{base}/",
        "logo": logo,
        "image": {"@id": f"{base}/#/schema/logo/image/"},
        "sameAs": list(SOCIAL),
    }
    return [website, organization]


def _page_nodes(seo: Seo, base: str) -> list[Node]:
    """The WebPage and BreadcrumbList nodes."""
    webpage: Node = {
        "@type": "WebPage",
        "@id": seo.url,
        "url": seo.url,
        "name": f"{seo.title} - {SITE_NAME}",
        "isPartOf": {"@id": f"{base}/#website"},
        "breadcrumb": {"@id": f"{seo.url}#breadcrumb"},
        "inLanguage": "en-US",
        "potentialAction": [{"@type": "ReadAction", "target": [seo.url]}],
    }
    crumbs: Node = {
        "@type": "BreadcrumbList",
        "@id": f"{seo.url}#breadcrumb",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
            {"@type": "ListItem", "position": 2, "name": seo.crumb},
        ],
    }
    return [webpage, crumbs]


def _article_nodes(post: Post, seo: Seo, base: str, text: str) -> list[Node]:
    """The Article node, and the post's extras on the WebPage node, image and author."""
    published, modified = iso_utc(post.published), iso_utc(post.modified)
    article: Node = {
        "@type": "Article",
        "@id": f"{seo.url}#article",
        "isPartOf": {"@id": seo.url},
        "author": {"name": post.author.name, "@id": _person_id(base, post.author)},
        "headline": post.title,
        "datePublished": published,
        "dateModified": modified,
        "mainEntityOfPage": {"@id": seo.url},
        "wordCount": word_count(text),
        "commentCount": 0,
        "publisher": {"@id": f"{base}/#organization"},
        "keywords": [tag.name for tag in post.tags],
    }
    if post.categories:
        article["articleSection"] = [category.name for category in post.categories]
    article["inLanguage"] = "en-US"
    webpage, crumbs = _page_nodes(seo, base)
    webpage.update({"datePublished": published, "dateModified": modified})
    nodes: list[Node] = [article, webpage]
    if post.featured:
        image_url = base + post.featured.path()
        extras: Node = {"image": {"@id": f"{seo.url}#primaryimage"}, "thumbnailUrl": image_url}
        article.update(extras)
        webpage.update({"primaryImageOfPage": {"@id": f"{seo.url}#primaryimage"}, **extras})
        image: Node = {"@type": "ImageObject", "inLanguage": "en-US", "@id": f"{seo.url}#primaryimage"}
        image.update({"url": image_url, "contentUrl": image_url, "width": 1200, "height": 800})
        if post.featured.alt:
            image["caption"] = post.featured.alt
        nodes.append(image)
    person: Node = {
        "@type": "Person",
        "@id": _person_id(base, post.author),
        "name": post.author.name,
        "url": f"{base}/author/{post.author.slug}/",
    }
    return [*nodes, crumbs, *_site_nodes(base), person]


def _meta(attribute: str, key: str, value: str) -> str:
    """One meta tag."""
    return f'\t<meta {attribute}="{key}" content="{html.escape(value)}" />'


def head(seo: Seo, base: str, post: Post | None = None, text: str = "") -> str:
    """Yoast's block of the head; for a post, pass its body HTML so the word count matches."""
    full_title = f"{seo.title} - {SITE_NAME}"
    lines = [
        f'<meta name="robots" content="{seo.robots}" />',
        "",
        "\t<!-- This site is optimized with the Yoast SEO plugin v23.5 - https://yoast.com/wordpress/plugins/seo/ -->",
        f"\t<title>{wp_text(full_title)}</title>",
        f'\t<link rel="canonical" href="{seo.url}" />',
        _meta("property", "og:locale", "en_US"),
        _meta("property", "og:type", "article" if post else "website"),
        _meta("property", "og:title", full_title),
        _meta("property", "og:url", seo.url),
        _meta("property", "og:site_name", SITE_NAME),
        _meta("property", "article:publisher", SOCIAL[0]),
    ]
    if post is None:
        graph = [*_page_nodes(seo, base), *_site_nodes(base)]
        lines.append(_meta("name", "twitter:card", "summary_large_image"))
    else:
        graph = _article_nodes(post, seo, base, text)
        lines.append(_meta("property", "article:published_time", iso_utc(post.published)))
        if post.modified != post.published:
            lines.append(_meta("property", "article:modified_time", iso_utc(post.modified)))
        if post.featured:
            lines += [
                _meta("property", "og:image", base + post.featured.path()),
                _meta("property", "og:image:width", "1200"),
                _meta("property", "og:image:height", "800"),
                _meta("property", "og:image:type", "image/jpeg"),
            ]
        minutes = max(1, -(-word_count(text) // 200))
        lines += [
            _meta("name", "author", post.author.name),
            _meta("name", "twitter:card", "summary_large_image"),
            _meta("name", "twitter:label1", "Written by"),
            _meta("name", "twitter:data1", post.author.name),
            _meta("name", "twitter:label2", "Est. reading time"),
            _meta("name", "twitter:data2", f"{minutes} minute{'s' if minutes > 1 else ''}"),
        ]
    schema = {"@context": "https://schema.org", "@graph": graph}
    document = json.dumps(schema, ensure_ascii=False, separators=(",", ":"))
    lines += [
        f'\t<script type="application/ld+json" class="yoast-schema-graph">{document}</script>',
        "\t<!-- / Yoast SEO plugin. -->",
    ]
    return "\n".join(lines)
