"""Whole HTML pages: a post, a listing page, a WordPress page, the 404 page and the log-in form."""

from __future__ import annotations

import html
from urllib.parse import quote

from crawler.replica.bodies import body_html
from crawler.replica.chrome import Frame, document, with_sidebar
from crawler.replica.dates import iso_local, long_date, wall_clock
from crawler.replica.model import Page, Post, wp_text
from crawler.replica.site import Listing, Month, Site
from crawler.replica.yoast import LOGO, SITE_NAME, Seo, head

DEFAULT_THUMBNAIL = LOGO  # what the related block shows for a post without a featured image
_SHARE = (
    ("facebook", "Share on Facebook", "https://www.facebook.com/sharer.php?u={url}&amp;t={title}"),
    ("twitter", "Share on X", "https://twitter.com/share?text={title}&amp;url={shortlink}"),
    ("whatsapp", "Share on WhatsApp", "https://api.whatsapp.com/send?text={quoted}"),
    (
        "pinterest",
        "Share on Pinterest",
        "https://pinterest.com/pin/create/button/?url={quoted}&amp;description={title}",
    ),
    ("linkedin", "Share on LinkedIn", "https://linkedin.com/shareArticle?mini=true&amp;title={title}&amp;url={url}"),
    ("tumblr", "Share on Tumblr", "https://www.tumblr.com/share/link?url={quoted}&amp;name={title}"),
    ("vk", "Share on Vk", "https://vk.com/share.php?url={url}"),
    ("reddit", "Share on Reddit", "https://reddit.com/submit?url={url}&amp;title={title}"),
    ("mail", "Share by Mail", "mailto:?subject={title}&amp;body={url}"),
)


def _attribute(text: str) -> str:
    """Text for an HTML attribute value."""
    return html.escape(text, quote=True)


def _article_classes(post: Post, loop: int, last: bool, ids: bool = True) -> str:
    """The classes WordPress and Enfold put on a post's article element (`ids` off: a theme that prints no id)."""
    parity = "odd" if loop % 2 else "even"
    image = " with-slider" if post.featured else ""
    thumbnail = " has-post-thumbnail" if post.featured else ""
    terms = "".join(f" category-{term.slug}" for term in post.categories)
    terms += "".join(f" tag-{term.slug}" for term in post.tags)
    ending = " post-entry-last " if last else ""
    entry, own = (f" post-entry-{post.wp_id}", f" post-{post.wp_id}") if ids else ("", "")
    return (
        f"post-entry post-entry-type-standard{entry} post-loop-{loop} post-parity-{parity}"
        f"{ending} single-big{image}{own} post type-post status-publish format-standard"
        f"{thumbnail} hentry{terms}"
    )


def _preview(post: Post, base: str, link: str) -> str:
    """The featured image above the title, linking to `link`."""
    if post.featured is None:
        return ""
    photo = post.featured
    wide = base + photo.path("845x321")
    return (
        '<div class="big-preview single-big"  itemprop="image" itemscope="itemscope"'
        f' itemtype="https://schema.org/ImageObject" ><a href="{link}" data-srcset="{base}{photo.path()} 1200w,'
        f' {wide} 845w" data-sizes="(max-width: 845px) 100vw, 845px"  title="{_attribute(post.title)}" >'
        f'<img width="845" height="321" src="{wide}" class="wp-image-{photo.attachment_id}'
        f" avia-img-lazy-loading-{photo.attachment_id} attachment-entry_with_sidebar size-entry_with_sidebar"
        f' wp-post-image" alt="{_attribute(photo.alt or "")}" decoding="async" loading="lazy" /></a></div>'
    )


def _share_box(post: Post, base: str, ids: bool = True) -> str:
    """The "Share this entry" links (`ids` off: the permalink where the shortlink would be)."""
    url = base + post.path
    values = {
        "url": url,
        "title": quote(post.title),
        "quoted": quote(url, safe=""),
        "shortlink": f"{base}/?p={post.wp_id}" if ids else url,
    }
    items = "".join(
        f"<li class='av-share-link av-social-link-{key} avia_social_iconfont' ><a target=\"_blank\""
        f" aria-label=\"{label}\" href='{pattern.format(**values)}' data-av_svg_icon='{key}'"
        f" data-av_iconset='svg_wp-persona' title='' data-avia-related-tooltip='{label}' rel=\"noopener\">"
        f"<span class='avia_hidden_link_text'>{label}</span></a></li>"
        for key, label, pattern in _SHARE
    )
    return (
        "<div class='av-social-sharing-box av-social-sharing-box-default av-social-sharing-box-fullwidth'>"
        "<div class=\"av-share-box\"><h5 class='av-share-link-description av-no-toc '>Share this entry</h5>"
        f'<ul class="av-share-box-list noLightbox">{items}</ul></div></div>'
    )


def _structured_data(post: Post, base: str) -> str:
    """The theme's hidden microdata about the post."""
    image = ""
    if post.featured:
        image = (
            '\n\t\t\t<span class=\'av-structured-data\'  itemprop="image" itemscope="itemscope"'
            ' itemtype="https://schema.org/ImageObject" >\n'
            f"\t\t\t\t\t<span itemprop='url'>{base}{post.featured.path()}</span>\n"
            "\t\t\t\t\t<span itemprop='height'>800</span>\n\t\t\t\t\t<span itemprop='width'>1200</span>\n"
            "\t\t\t\t</span>"
        )
    author = wp_text(post.author.name)
    return (
        f"<span class='hidden'>{image}<span class='av-structured-data'  itemprop=\"publisher\""
        ' itemtype="https://schema.org/Organization" itemscope="itemscope" >\n'
        f"\t\t\t\t<span itemprop='name'>{author}</span>\n"
        "\t\t\t\t<span itemprop='logo' itemscope itemtype='https://schema.org/ImageObject'>\n"
        f"\t\t\t\t\t<span itemprop='url'>{base}{LOGO}</span>\n\t\t\t\t</span>\n\t\t\t</span>"
        '<span class=\'av-structured-data\'  itemprop="author" itemscope="itemscope"'
        f" itemtype=\"https://schema.org/Person\" ><span itemprop='name'>{author}</span></span>"
        f'<span class=\'av-structured-data\'  itemprop="datePublished" datetime="{iso_local(post.published)}" >'
        f"{wall_clock(post.published)}</span><span class='av-structured-data'  itemprop=\"dateModified\""
        f' itemtype="https://schema.org/dateModified" >{wall_clock(post.modified)}</span>'
        "<span class='av-structured-data'  itemprop=\"mainEntityOfPage\""
        f" itemtype=\"https://schema.org/mainEntityOfPage\" ><span itemprop='name'>{wp_text(post.title)}</span>"
        "</span></span>"
    )


def article(post: Post, base: str, *, single: bool, loop: int = 1, last: bool = True, ids: bool = True) -> str:
    """A post's article element, on its own page (`single`) or in a listing; `ids` off: no WordPress id in it."""
    url = base + post.path
    title = wp_text(post.title)
    icon = '<span class="post-format-icon minor-meta"></span>'
    if single:
        heading = f"<h1 class='post-title entry-title '  itemprop=\"headline\" >{title}{icon}</h1>"
        preview_link = base + post.featured.path() if post.featured else url
        footer = f'<footer class="entry-footer">{_share_box(post, base, ids)}</footer>'
    else:
        heading = (
            f'<h2 class=\'post-title entry-title \'  itemprop="headline" ><a href="{url}" rel="bookmark"'
            f' title="Permanent Link: {_attribute(post.title)}">{title}{icon}</a></h2>'
        )
        preview_link = url
        footer = '<footer class="entry-footer"></footer>'
    time = (
        '<span class="post-meta-infos"><time class="date-container minor-meta updated"  itemprop="datePublished"'
        f' datetime="{iso_local(post.published)}" >{long_date(post.published)}</time></span>'
    )
    return (
        f'<article class="{_article_classes(post, loop, last, ids)}" itemscope="itemscope"'
        ' itemtype="https://schema.org/BlogPosting" itemprop="blogPost" >'
        f'{_preview(post, base, preview_link)}<div class="blog-meta"></div>'
        "<div class='entry-content-wrapper clearfix standard-content'>"
        f'<header class="entry-content-header">{heading}{time}</header>'
        f'<div class="entry-content"  itemprop="text" >{body_html(post, base)}\n</div>{footer}'
        "<div class='post_delimiter'></div></div><div class=\"post_author_timeline\"></div>"
        f"{_structured_data(post, base)}</article>"
    )


def _related_item(site: Site, slug: str, position: int, count: int, base: str) -> str:
    """One thumbnail of the "You might also like" block."""
    target = site.post_by_slug(slug)
    title = _attribute(target.title)
    if target.featured:
        photo = target.featured
        image = (
            f'<img width="180" height="180" src="{base}{photo.path("180x180")}" class="wp-image-{photo.attachment_id}'
            f' avia-img-lazy-loading-{photo.attachment_id} attachment-square size-square wp-post-image"'
            f' alt="{_attribute(photo.alt or "")}" decoding="async" loading="lazy" title="{title}" />'
        )
        visible = ""
    else:
        image = (
            f'<span class=\'related_posts_default_image\'><img width="180" height="180"'
            f' src="{base}{DEFAULT_THUMBNAIL}" alt="" /></span>'
        )
        visible = " related-format-visible"
    edge = " alpha" if position == 1 else " omega" if position == count else ""
    parity = "Odd" if position % 2 else "Even"
    return (
        f"<div class='av_one_eighth no_margin {edge} relThumb relThumb{position} relThumb{parity}"
        " post-format-standard related_column'>\n"
        f"\t<a href='{base}{target.path}' class='relThumWrap noLightbox' title='{title}'>\n"
        f"\t<span class='related_image_wrap' data-avia-related-tooltip=\"{title}\">{image}"
        f"\t<span class='related-format-icon{visible}'><span class='related-format-icon-inner'"
        " data-av_svg_icon='pencil' data-av_iconset='svg_entypo-fontello'></span></span>\t</span>"
        f"<strong class='av-related-title'>{wp_text(target.title)}</strong>\t</a></div>"
    )


def related_block(site: Site, post: Post, base: str) -> str:
    """The "You might also like" block, or nothing when the post has no related posts."""
    if not post.related:
        return ""
    count = len(post.related)
    items = "".join(_related_item(site, slug, position, count, base) for position, slug in enumerate(post.related, 1))
    return (
        "<div class ='related_posts clearfix av-related-style-tooltip'><h5 class='related_title'>You might also"
        f" like</h5><div class='related_entries_container '>{items}</div></div>"
    )


def _post_nav(post: Post | None, direction: str, base: str) -> str:
    """One of the arrows to the previous (older) or next (newer) post."""
    if post is None:
        return ""
    label = _attribute(f"Link to: {post.title}")
    image = ""
    if post.featured:
        photo = post.featured
        image = (
            f'<span class=\'entry-image\'><img width="80" height="80" src="{base}{photo.path("80x80")}"'
            f' class="wp-image-{photo.attachment_id} attachment-thumbnail size-thumbnail wp-post-image"'
            f' alt="{_attribute(photo.alt or "")}" decoding="async" loading="lazy" /></span>'
        )
    arrow = "left" if direction == "prev" else "right"
    return (
        f"<a class='avia-post-nav avia-post-{direction} {'with-image' if image else 'without-image'}'"
        f" href='{base}{post.path}' title='{label}' aria-label='{label}'><span class=\"label iconfont avia-svg-icon"
        f" avia-font-svg_entypo-fontello\" data-av_svg_icon='{arrow}-open-big'"
        ' data-av_iconset=\'svg_entypo-fontello\'></span><span class="entry-info-wrap"><span class="entry-info">'
        f"{image}<span class='entry-title'>{wp_text(post.title)}</span></span></span></a>"
    )


def post_page(site: Site, post: Post, base: str) -> str:
    """A post on its own page."""
    seo = Seo(post.title, base + post.path, post.title)
    ids = site.post_ids
    content = (
        f"{article(post, base, single=True, ids=ids)}<div class='single-big'></div>{related_block(site, post, base)}"
    )
    older, newer = site.neighbours(post)
    frame = Frame(
        seo_head=head(seo, base, post, body_html(post, base)),
        body_class=f"post-template-default single single-post{f' postid-{post.wp_id}' if ids else ''} single-format-standard",
        main=with_sidebar(site, base, content, "template-blog template-single-blog ", Month(*post.month)),
        entry_id=post.wp_id if ids else 0,
        shortlink=post.wp_id if ids else None,
        after_main=_post_nav(older, "prev", base) + _post_nav(newer, "next", base),
        rest_item=f"posts/{post.wp_id}" if ids else None,
    )
    return document(site, base, frame)


def pagination(listing: Listing, number: int, base: str, spread: int = 2) -> str:
    """Enfold's page links: a window of `spread` pages either side, with arrows when pages are hidden."""
    pages = listing.page_count
    if pages == 1:
        return ""
    shown_at_most = 2 * spread + 1

    def url(page: int) -> str:
        """The absolute URL of a page of this listing."""
        return base + listing.page_path(page)

    parts = [f"<span class='pagination-meta'>Page {number} of {pages}</span>"]
    if number > 2 and number > spread + 1 and shown_at_most < pages:
        parts.append(f"<a href='{url(1)}'>&laquo;</a>")
    if number > 1 and shown_at_most < pages:
        parts.append(f"<a href='{url(number - 1)}'>&lsaquo;</a>")
    for page in range(1, pages + 1):
        if pages > shown_at_most and not number - spread <= page <= number + spread:
            continue
        if page == number:
            parts.append(f"<span class='current'>{page}</span>")
            continue
        role = {number - 1: "inactive previous_page", number + 1: "inactive next_page"}.get(page, "inactive")
        parts.append(f"<a href='{url(page)}' class='{role}' >{page}</a>")
    if number < pages and shown_at_most < pages:
        parts.append(f"<a href='{url(number + 1)}'>&rsaquo;</a>")
    if number < pages - 1 and number + spread - 1 < pages and shown_at_most < pages:
        parts.append(f"<a href='{url(pages)}'>&raquo;</a>")
    return f"<nav class='pagination'>{''.join(parts)}</nav>\n"


def listing_page(site: Site, listing: Listing, number: int, base: str) -> str:
    """One page of a listing, each post shown in full, then the page links."""
    posts = listing.page(number)
    articles = "".join(
        article(post, base, single=False, loop=loop, last=False, ids=site.post_ids)
        for loop, post in enumerate(posts, start=1)
    )
    content = f"{articles}<div class='single-big'>{pagination(listing, number, base)}</div>"
    title = listing.title if number == 1 else f"{listing.title} - Page {number} of {listing.page_count}"
    paged = f" paged paged-{number}" if number > 1 else ""
    current = Month(*posts[0].month) if listing.kind == "archive_month" and posts else None
    frame = Frame(
        seo_head=head(Seo(title, base + listing.page_path(number), listing.title), base),
        body_class=listing.body_class + paged,
        main=with_sidebar(site, base, content, "template-blog ", current),
    )
    return document(site, base, frame)


def wordpress_page(site: Site, page: Page, base: str) -> str:
    """A WordPress page such as About, full width without the sidebar."""
    text = "".join(f"<p>{wp_text(paragraph)}</p>" for paragraph in page.paragraphs)
    main = (
        "\t<div class='container_wrap container_wrap_first main_color fullsize'><div class='container'>"
        "<main class='template-page content  av-content-full alpha units'  role=\"main\""
        f" itemprop=\"mainContentOfPage\" ><article class='post-entry post-entry-type-page post-entry-{page.wp_id}'"
        '  itemscope="itemscope" itemtype="https://schema.org/CreativeWork" ><div class="entry-content-wrapper'
        f' clearfix"><header class="entry-content-header"><h1 class=\'main-title entry-title \'>{wp_text(page.title)}'
        f'</h1></header><div class="entry-content"  itemprop="text" >{text}</div><footer class="entry-footer">'
        "</footer></div></article><!--end content-->\n</main></div><!--end container--></div>"
        "<!-- close default .container_wrap element -->"
    )
    home = "home " if page.path == "/" else ""
    frame = Frame(
        seo_head=head(Seo(page.title, base + page.path, page.title), base),
        body_class=f"{home}page-template-default page page-id-{page.wp_id}",
        main=main,
        shortlink=page.wp_id,
        rest_item=f"pages/{page.wp_id}",
    )
    return document(site, base, frame)


def not_found_page(site: Site, base: str) -> str:
    """The theme's "Nothing Found" page."""
    content = (
        "<div class='entry entry-content-wrapper clearfix' id='search-fail'><p class='entry-content'>"
        "<strong>Nothing Found</strong><br/>Sorry, the post you are looking for is not available. Maybe you want to"
        f" perform a search?</p><form action='{base}/' id='searchform' method='get'><div><input type='search'"
        " id='s' name='s' value='' placeholder='Search' /></div></form><div class='hr_invisible'></div>"
        '<section class="404_recommendation"><p><strong>For best search results, mind the following suggestions:'
        "</strong></p><ul class='borderlist-not'><li>Always double check your spelling.</li><li>Try similar"
        " keywords, for example: tablet instead of laptop.</li><li>Try using more than one keyword.</li></ul>"
        "</section></div>"
    )
    seo = Seo("Page not found", f"{base}/", "Page not found", robots="noindex, follow")
    frame = Frame(seo_head=head(seo, base), body_class="error404", main=with_sidebar(site, base, content, ""))
    return document(site, base, frame)


def login_page(base: str) -> str:
    """The WordPress log-in form that robots.txt keeps crawlers away from."""
    return (
        f'<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n<title>Log In &lsaquo; {SITE_NAME}'
        '</title>\n<meta name="robots" content="noindex, nofollow" />\n</head>\n<body class="login wp-core-ui">\n'
        f'<form name="loginform" id="loginform" action="{base}/wp-login.php" method="post">\n'
        '<p><label for="user_login">Username or Email Address</label><input type="text" name="log" id="user_login"'
        ' /></p>\n<p><label for="user_pass">Password</label><input type="password" name="pwd" id="user_pass" /></p>\n'
        "</form>\n</body>\n</html>\n"
    )
