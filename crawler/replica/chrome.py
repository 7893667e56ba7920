"""The Enfold theme's frame around every page: head assets, header and menu, sidebar, footer, socket."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.replica.model import Post, wp_text
from crawler.replica.site import Month, Site
from crawler.replica.yoast import LOGO, SITE_NAME, SOCIAL

LOGIN_PATH = "/wp-login.php"

_HTML_CLASS = (
    "html_stretched responsive av-preloader-disabled html_header_top html_logo_left html_main_nav_header"
    " html_menu_right html_slim html_header_sticky html_header_shrinking html_header_topbar_active"
    " html_mobile_menu_tablet html_header_searchicon html_content_align_center html_header_unstick_top_disabled"
    " html_header_stretch_disabled html_av-submenu-hidden html_av-submenu-display-click html_av-overlay-side"
    " html_av-overlay-side-classic html_av-submenu-noclone html_entry_id_{entry_id} av-cookies-no-cookie-consent"
    " av-no-preview av-default-lightbox html_text_menu_active av-mobile-menu-switch-default"
)
_BODY_CLASS = (
    "{body_class} stretched rtl_columns av-curtain-numeric helvetica-neue-websave helvetica_neue "
    " avia-responsive-images-support"
)
_STYLES = ("avia-grid", "avia-base", "avia-layout", "avia-module-blog", "avia-module-social", "avia-dynamic")
_MAIN_CLASS = (
    "content units av-content-small alpha  av-blog-meta-author-disabled av-blog-meta-comments-disabled"
    " av-blog-meta-category-disabled av-blog-meta-html-info-disabled av-blog-meta-tag-disabled av-main-single"
)
_CIRCLE = "M16 2q5.8 0 9.9 4.1t4.1 9.9-4.1 9.9-9.9 4.1-9.9-4.1-4.1-9.9 4.1-9.9 9.9-4.1z"


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One entry of the main menu; an empty path is the "#" placeholder of a parent."""

    wp_id: int
    title: str
    path: str
    children: tuple[MenuItem, ...] = ()


MENU = (
    MenuItem(107, "Welcome", "/"),
    MenuItem(
        114,
        "About",
        "/about/",
        (
            MenuItem(115, "Gallery", "/gallery/"),
            MenuItem(116, "Services", "/services/"),
            MenuItem(117, "Good Faith Estimate", "/good-faith-estimate/"),
        ),
    ),
    MenuItem(
        121,
        "Dance Medicine Services",
        "/dance-medicine-services/",
        (
            MenuItem(122, "Education", "/education/"),
            MenuItem(123, "Teacher Trainings", "/teacher-trainings/"),
            MenuItem(124, "Dancer Programs", "/dancer-programs/"),
        ),
    ),
    MenuItem(128, "Testimonials", "/testimonials/"),
    MenuItem(
        135,
        "Resources",
        "",
        (
            MenuItem(136, "Dance Med Spotlight Podcast", "/dance-med-spotlight-podcast/"),
            MenuItem(137, "Backstage at Back in Step", "/backstage-at-back-in-step/"),
            MenuItem(138, "Blog", "/blog/"),
            MenuItem(139, "eBooks", "/ebooks/"),
            MenuItem(140, "Our Favorite Things", "/our-favorite-things/"),
        ),
    ),
    MenuItem(142, "Contact", "/contact/"),
    MenuItem(149, "Media", "/media/"),
)


def _menu_item(item: MenuItem, base: str, top_level: int | None) -> str:
    """One `li` of the main menu, with its sub-menu."""
    object_type = "post_type menu-item-object-page" if item.path else "custom menu-item-object-custom"
    classes = ["menu-item", f"menu-item-type-{object_type}"]
    if item.path == "/":
        classes.append("menu-item-home")
    if item.children:
        classes.append("menu-item-has-children")
    if top_level is not None:
        classes.append(f"menu-item-top-level menu-item-top-level-{top_level}")
    href = base + item.path if item.path else "#"
    link = (
        f'<a href="{href}" itemprop="url" tabindex="0"><span class="avia-bullet"></span>'
        f'<span class="avia-menu-text">{wp_text(item.title)}</span><span class="avia-menu-fx">'
        '<span class="avia-arrow-wrap"><span class="avia-arrow"></span></span></span></a>'
    )
    submenu = ""
    if item.children:
        children = "\n".join(f"\t{_menu_item(child, base, None)}" for child in item.children)
        submenu = f'\n<ul class="sub-menu">\n{children}\n</ul>\n'
    return f'<li role="menuitem" id="menu-item-{item.wp_id}" class="{" ".join(classes)}">{link}{submenu}</li>'


def social_links() -> str:
    """The Facebook, Instagram and YouTube icons."""
    items = []
    for number, (name, url) in enumerate(zip(("Facebook", "Instagram", "Youtube"), SOCIAL, strict=False), start=1):
        key = name.lower()
        items.append(
            f"<li class='social_bookmarks_{key} av-social-link-{key} social_icon_{number} avia_social_iconfont'>"
            f"<a target=\"_blank\" aria-label=\"Link to {name}\" href='{url}' data-av_svg_icon='{key}'"
            f' data-av_iconset=\'svg_wp-persona\' title="Link to {name}" desc="Link to {name}" rel="noopener">'
            '<svg version="1.1" xmlns="http://www.w3.org/2000/svg" width="25" height="32" viewBox="0 0 25 32"'
            ' preserveAspectRatio="xMidYMid meet" role="graphics-symbol" aria-hidden="true">'
            f"<path d=\"{_CIRCLE}\"></path></svg><span class='avia_hidden_link_text'>Link to {name}</span></a></li>"
        )
    return f"<ul class='noLightbox social_bookmarks icon_count_3'>{''.join(items)}</ul>"


def _search_item(base: str) -> str:
    """The menu's search icon, a nofollow link to `?s=` on the current page."""
    form = (
        f"&lt;search&gt;&lt;form role=&quot;search&quot; action=&quot;{base}/&quot; id=&quot;searchform&quot;"
        " method=&quot;get&quot; class=&quot;&quot;&gt;&lt;div&gt;&lt;input type=&quot;search&quot; id=&quot;s&quot;"
        " name=&quot;s&quot; value=&quot;&quot; aria-label=&#x27;Search&#x27; placeholder=&#x27;Search&#x27;"
        " required /&gt;&lt;/div&gt;&lt;/form&gt;&lt;/search&gt;"
    )
    return (
        '<li id="menu-item-search" class="noMobile menu-item menu-item-search-dropdown menu-item-avia-special"'
        ' role="menuitem"><a class="avia-svg-icon avia-font-svg_entypo-fontello" aria-label="Search" href="?s="'
        f' rel="nofollow" title="Click to open the search input field" data-avia-search-tooltip="{form}"'
        " data-av_svg_icon='search' data-av_iconset='svg_entypo-fontello'>"
        '<span class="avia_hidden_link_text">Search</span></a></li>'
        '<li class="av-burger-menu-main menu-item-avia-special " role="menuitem"><a href="#" aria-label="Menu"'
        ' aria-hidden="false"><span class="av-hamburger av-hamburger--spin av-js-hamburger">'
        '<span class="av-hamburger-box"><span class="av-hamburger-inner"></span><strong>Menu</strong></span>'
        '</span><span class="avia_hidden_link_text">Menu</span></a></li>'
    )


def header(base: str) -> str:
    """The top bar with the address, the logo and the main menu."""
    items = "\n".join(_menu_item(item, base, number) for number, item in enumerate(MENU, start=1))
    return f"""<header id='header' class='all_colors header_color light_bg_color  av_header_top av_logo_left av_main_nav_header av_menu_right av_slim av_header_sticky av_header_shrinking av_header_stretch_disabled av_mobile_menu_tablet av_header_searchicon av_header_unstick_top_disabled av_bottom_nav_disabled  av_header_border_disabled' aria-label="Header" data-av_shrink_factor='50' role="banner" itemscope="itemscope" itemtype="https://schema.org/WPHeader" >

		<div id='header_meta' class='container_wrap container_wrap_meta  av_icon_active_main av_phone_active_right av_extra_header_active av_entry_id_0'>
		      <div class='container'>
			      <div class='phone-info '><div>6551 S. Revere Parkway, Suite 215, Centennial, CO | (303) 960-2075</div></div>			      </div>
		</div>

		<div  id='header_main' class='container_wrap container_wrap_logo'>

        <div class='container av-logo-container'><div class='inner-container'><span class='logo avia-standard-logo'><a href='{base}/' class='' aria-label='{SITE_NAME}' title='{SITE_NAME}'><img src="{base}{LOGO}" height="100" width="300" alt='{SITE_NAME}' title='{SITE_NAME}' /></a></span><nav class='main_menu' data-selectname='Select a page'  role="navigation" itemscope="itemscope" itemtype="https://schema.org/SiteNavigationElement" ><div class="avia-menu av-main-nav-wrap av_menu_icon_beside"><ul role="menu" class="menu av-main-nav" id="avia-menu">{items}
{_search_item(base)}</ul>{social_links()}</div></nav></div> </div>
		<!-- end container_wrap-->
		</div>
<div class="header_bg"></div>
<!-- end header -->
</header>"""


def sidebar(site: Site, base: str, current: Month | None) -> str:
    """The Archive widget (with counts when the site shows them) and the Categories widget."""
    months = []
    for month in site.months:
        marker = ' aria-current="page"' if month == current else ""
        count = f"&nbsp;({site.month_count(month)})" if site.show_counts else ""
        months.append(f"\t<li><a href='{base}{month.path}'{marker}>{month.label}</a>{count}</li>")
    categories = "\n".join(
        f'<li class="cat-item"><a href="{base}/category/{term.slug}/">{wp_text(term.name)}</a></li>'
        for term in site.categories
    )
    newline = "\n"
    return f"""<aside class='sidebar sidebar_right  smartphones_sidebar_active alpha units' aria-label="Sidebar" role="complementary" itemscope="itemscope" itemtype="https://schema.org/WPSideBar" ><div class="inner_sidebar extralight-border"><section id="archives-2" class="widget clearfix widget_archive"><h3 class="widgettitle">Archive</h3>
			<ul>
{newline.join(months)}
			</ul>

			<span class="seperator extralight-border"></span></section><section id="categories-2" class="widget clearfix widget_categories"><h3 class="widgettitle">Categories</h3>
			<ul>
{categories}
			</ul>

			<span class="seperator extralight-border"></span></section></div></aside>"""


def with_sidebar(site: Site, base: str, content: str, container: str, current: Month | None = None) -> str:
    """The main column and the sidebar, as on posts, listings and the 404 page."""
    return f"""	<div class='container_wrap container_wrap_first main_color sidebar_right'>

			<div class='container {container}'>

				<main class='{_MAIN_CLASS}'  role="main" itemprop="mainContentOfPage" >

{content}

				<!--end content-->
				</main>

{sidebar(site, base, current)}

			</div><!--end container-->

		</div><!-- close default .container_wrap element -->"""


def _recent(posts: tuple[Post, ...], base: str) -> str:
    """The Recent Blogs widget's list items."""
    return "\n".join(
        f'\t\t\t\t<li>\n\t\t\t\t\t<a href="{base}{post.path}">{wp_text(post.title)}</a>\n\t\t\t\t\t\t\t\t\t</li>'
        for post in posts
    )


def footer(site: Site, base: str) -> str:
    """The three footer widgets and the socket with its copyright, icons and log-in link."""
    return f"""				<div class='container_wrap footer_color' id='footer'>

					<div class='container'>

						<div class='flex_column av_one_third  first el_before_av_one_third'><section id="text-2" class="widget clearfix widget_text"><h3 class="widgettitle">{SITE_NAME}</h3>			<div class="textwidget"><p>6551 S Revere Pkwy, Ste 215<br />
Centennial, CO 80111</p>
<p><a href="tel:+13039602075">(303) 960-2075</a><br />
<a href="mailto:info@backinsteppt.com">info@backinsteppt.com</a></p>
</div>
		<span class="seperator extralight-border"></span></section></div><div class='flex_column av_one_third  el_after_av_one_third el_before_av_one_third '><section id="text-3" class="widget clearfix widget_text"><h3 class="widgettitle">Check out our YouTube channel!</h3>			<div class="textwidget"><p><a href="https://www.youtube.com/watch?v=d1jhdHKq8Qc">https://www.youtube.com/watch?v=d1jhdHKq8Qc</a></p>
</div>
		<span class="seperator extralight-border"></span></section></div><div class='flex_column av_one_third  el_after_av_one_third el_before_av_one_third '>
		<section id="recent-posts-3" class="widget clearfix widget_recent_entries">
		<h3 class="widgettitle">Recent Blogs</h3><nav aria-label="Recent Blogs">
		<ul>
{_recent(site.posts[:5], base)}
					</ul>

		</nav><span class="seperator extralight-border"></span></section></div>
					</div>

				<!-- ####### END FOOTER CONTAINER ####### -->
				</div>

			<footer class='container_wrap socket_color' id='socket'  role="contentinfo" itemscope="itemscope" itemtype="https://schema.org/WPFooter" aria-label="Copyright and company info" >
                    <div class='container'>

                        <span class='copyright'>&copy; Copyright 2017-2024, {SITE_NAME}. All Rights Reserved.</span>

                        {social_links()}<nav class='sub_menu_socket' aria-label="Secondary Navigation"><div class="avia3-menu"><ul id="avia3-menu" class="menu"><li class="menu-item menu-item-type-custom menu-item-object-custom menu-item-top-level menu-item-top-level-1"><a href="{base}{LOGIN_PATH}" itemprop="url" tabindex="0"><span class="avia-bullet"></span><span class="avia-menu-text">Log in</span></a></li></ul></div></nav>
                    </div>

	            <!-- ####### END SOCKET CONTAINER ####### -->
				</footer>"""


def _rest_links(base: str, rest_item: str | None) -> str:
    """WordPress core's head links to the REST API and to this page's own item in it."""
    item = ""
    if rest_item is not None:
        item = f'<link rel="alternate" title="JSON" type="application/json" href="{base}/wp-json/wp/v2/{rest_item}" />'
    return f'<link rel="https://api.w.org/" href="{base}/wp-json/" />{item}\n'


def _head_assets(base: str, shortlink: int | None, rest_item: str | None, rest_api: bool) -> str:
    """Stylesheets, scripts and the feed, REST and shortlink links after Yoast's block."""
    styles = "\n".join(
        f"<link rel='stylesheet' id='{name}-css' href='{base}/wp-content/themes/enfold/css/{name}.css?ver=6.0.5'"
        " type='text/css' media='all' />"
        for name in _STYLES
    )
    short = f"\n<link rel='shortlink' href='{base}/?p={shortlink}' />" if shortlink is not None else ""
    rest = _rest_links(base, rest_item) if rest_api else ""
    return f"""<link rel='dns-prefetch' href='//www.googletagmanager.com' />
<link rel="alternate" type="application/rss+xml" title="{SITE_NAME} &raquo; Feed" href="{base}/feed/" />
{styles}
<script type="text/javascript" src="{base}/wp-content/themes/enfold/js/avia.js?ver=3.7.1" id="jquery-core-js"></script>
{rest}<meta name="generator" content="WordPress 6.6.2" />{short}"""


@dataclass(frozen=True, slots=True)
class Frame:
    """What differs between pages in the theme's frame."""

    seo_head: str
    body_class: str
    main: str  # everything inside div#main before the footer
    entry_id: int = 0
    shortlink: int | None = None
    after_main: str = ""  # the post navigation arrows
    rest_item: str | None = None  # the page's own REST route under wp/v2, e.g. "posts/123"


def document(site: Site, base: str, frame: Frame) -> str:
    """A whole HTML page."""
    return f"""<!DOCTYPE html>
<html lang="en-US" class="{_HTML_CLASS.format(entry_id=frame.entry_id)}">
<head>
<meta charset="UTF-8" />
{frame.seo_head}

{_head_assets(base, frame.shortlink, frame.rest_item, site.rest_api)}
</head>
<body id="top" class="{_BODY_CLASS.format(body_class=frame.body_class)}" itemscope="itemscope" itemtype="https://schema.org/WebPage" >

	<div id='wrap_all'>


{header(base)}

	<div id='main' class='all_colors' data-scroll-offset='116'>

{frame.main}
{footer(site, base)}


					<!-- end main -->
		</div>
		{frame.after_main}<!-- end wrap_all --></div>
<a href='#top' title='Scroll to top' id='scroll-top-link' class='avia-svg-icon avia-font-svg_entypo-fontello' data-av_svg_icon='up-open' data-av_iconset='svg_entypo-fontello' tabindex='-1' aria-hidden='true'>
	<span class="avia_hidden_link_text">Scroll to top</span>
</a>

<div id="fb-root"></div>

<script type="text/javascript">
 /* <![CDATA[ */
var avia_framework_globals = avia_framework_globals || {{}};
    avia_framework_globals.frameworkUrl = '{base}/wp-content/themes/enfold/framework/';
    avia_framework_globals.installedAt = '{base}/wp-content/themes/enfold/';
    avia_framework_globals.ajaxurl = '{base}/wp-admin/admin-ajax.php';
/* ]]> */
</script>
<script type="text/javascript" src="{base}/wp-content/themes/enfold/js/avia.js?ver=6.0.5" id="avia-default-js"></script>
</body>
</html>
"""
