"""Hypothesis properties: canonical URLs are stable and clean; parsing never raises on any input."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from crawler.crawl.urls import in_scope, skip_reason
from parsers.feeds import parse_feed, parse_sitemap
from parsers.models import PAGE_KINDS
from parsers.page import parse_page
from parsers.steps import parse_step
from parsers.urls import canonical_url, host_and_port

FAST = settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
SITE = "https://backinsteppt.com"

url_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12)
hosts = st.sampled_from(
    [
        "backinsteppt.com",
        "BackInStepPT.com",
        "WWW.BACKINSTEPPT.COM",
        "127.0.0.1",
        "youtube.com",
        "xn--bcher-kva.example",
    ]
)
ports = st.sampled_from(["", ":80", ":443", ":8080", ":8765"])
schemes = st.sampled_from(["http", "https", "HTTP", "HTTPS"])
param_names = st.sampled_from(
    [
        "p",
        "s",
        "page",
        "utm_source",
        "UTM_Medium",
        "utm_campaign",
        "replytocom",
        "share",
        "fbclid",
        "gclid",
        "_ga",
        "a",
        "b",
    ]
)
queries = st.lists(st.tuples(param_names, url_text), max_size=5).map(
    lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)
)
paths = st.lists(url_text, max_size=4).map(lambda parts: "/" + "/".join(parts)) | st.just("")


@st.composite
def site_urls(draw: st.DrawFn) -> str:
    """URLs shaped like the site's: scheme, host, port, path, query and fragment, in any case."""
    query = draw(queries)
    fragment = draw(st.one_of(st.just(""), url_text.map(lambda text: "#" + text)))
    return f"{draw(schemes)}://{draw(hosts)}{draw(ports)}{draw(paths)}{'?' + query if query else ''}{fragment}"


@FAST
@given(site_urls())
def test_canonical_url_is_idempotent(url: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


@FAST
@given(site_urls())
def test_canonical_url_is_clean(url: str) -> None:
    result = canonical_url(url)
    parts = urlsplit(result)
    assert "#" not in result
    assert parts.netloc == parts.netloc.lower()
    assert parts.scheme in ("http", "https")
    assert parts.port != {"http": 80, "https": 443}[parts.scheme]
    names = [name.lower() for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
    assert not any(
        name.startswith("utm_") or name in ("replytocom", "share", "fbclid", "gclid", "_ga") for name in names
    )


@FAST
@given(st.text(max_size=200), st.one_of(st.none(), st.text(max_size=40)))
def test_canonical_url_never_raises_on_any_text(url: str, base: str | None) -> None:
    assert isinstance(canonical_url(url, base), str)


@FAST
@given(st.text(max_size=300))
def test_parse_page_never_raises_on_text(markup: str) -> None:
    page = parse_page(markup, f"{SITE}/2019/05/15/strong-hips-are-crucial/")
    assert page.kind in PAGE_KINDS


@FAST
@given(st.binary(max_size=300))
def test_parse_page_never_raises_on_bytes(markup: bytes) -> None:
    page = parse_page(markup, f"{SITE}/blog/")
    assert page.kind in PAGE_KINDS


TAGS = [
    "div",
    "p",
    "h3",
    "ul",
    "li",
    "strong",
    "em",
    "a",
    "img",
    "article",
    "main",
    "aside",
    "section",
    "select",
    "option",
    "time",
    "script",
]
ATTRIBUTES = [
    "", " class='hentry'", " class='entry-content'", " class='entry-title'", " class='widget_archive'",
    " class='related_posts'", " rel='bookmark' href='/2019/05/15/x/'", " href='http://[::1'", " datetime='2019-05-15T10:00:00-06:00'",
    " alt='Clamshell Level 1' src='/x.jpg'", " name='archive-dropdown'", " value='/2019/05/'", " class='single-post postid-1'",
]  # fmt: skip
WORDS = [
    "",
    "Level 1",
    "Exercise 1: Bridge",
    "Step 1: Stand",
    "Hold for 5-10 seconds.",
    "May 2019 (3)",
    "DISCLAIMER: x",
    "&nbsp;",
    "&#0;",
    "<",
    "]]>",
    "\x00",
]


@st.composite
def html_trees(draw: st.DrawFn) -> str:
    """Random, often unbalanced and deeply nested HTML built from the site's own tags and classes."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.tuples(st.sampled_from(TAGS), st.sampled_from(ATTRIBUTES)).map(lambda pair: f"<{pair[0]}{pair[1]}>"),
                st.sampled_from(TAGS).map(lambda tag: f"</{tag}>"),
                st.sampled_from(WORDS),
            ),
            max_size=60,
        )
    )
    depth = draw(st.integers(min_value=0, max_value=250))
    return "<html><body class='single single-post'>" + "<div>" * depth + "".join(pieces)


@settings(FAST, max_examples=25)
@given(html_trees())
def test_parse_page_never_raises_on_site_like_html(markup: str) -> None:
    for url in (f"{SITE}/2019/05/15/strong-hips-are-crucial/", f"{SITE}/2021/09/"):
        page = parse_page(markup, url)
        assert page.kind in PAGE_KINDS
        assert all(link.target_url.startswith(("http://", "https://")) for link in page.links)


@FAST
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda text: text.encode("utf-8")))
def test_sitemap_and_feed_never_raise(xml: bytes) -> None:
    assert isinstance(parse_sitemap(b"<urlset>" + xml), list)
    assert isinstance(parse_feed(b"<rss><channel><item>" + xml), list)


@FAST
@given(st.text(max_size=120))
def test_parse_step_never_raises_and_orders_holds(text: str) -> None:
    hold_min, hold_max, _reps, _sets, per_side = parse_step(text)
    assert (hold_min is None) == (hold_max is None)
    assert hold_min is None or hold_max is None or hold_min <= hold_max
    assert isinstance(per_side, bool)


# --- hostile input: scope decided by the canonical URL, tracking variants collapse, bodies sanitised ---

START = f"{SITE}/blog/"
plain_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.~", max_size=10)
plain_paths = st.lists(plain_text, max_size=4).map(lambda parts: "/" + "/".join(parts))
plain_queries = st.lists(st.tuples(st.sampled_from(["p", "s", "page", "a"]), plain_text), max_size=3)
tracking_pairs = st.lists(
    st.tuples(
        st.sampled_from(["utm_source", "UTM_Medium", "utm_campaign", "replytocom", "share", "fbclid", "gclid", "_ga"]),
        plain_text,
    ),
    min_size=1,
    max_size=3,
)
site_origins = st.sampled_from(
    [
        "https://backinsteppt.com",
        "HTTPS://BACKINSTEPPT.COM",
        "https://BackInStepPT.com:443",
        "hTTps://backinsteppt.COM:443",
    ]
)


@FAST
@given(site_urls())
def test_scope_is_decided_by_the_canonical_url_alone(url: str) -> None:
    once = canonical_url(url)
    assert in_scope(canonical_url(once), START) == in_scope(once, START)
    assert skip_reason(canonical_url(once), START) == skip_reason(once, START)
    same_site = urlsplit(once).scheme == "https" and host_and_port(once) == host_and_port(START)
    assert in_scope(once, START) == same_site


@FAST
@given(site_origins, plain_paths, plain_queries, tracking_pairs, st.sampled_from(["", "#", "#comments", "#:~:text=x"]))
def test_tracking_variants_of_a_site_url_collapse_to_its_canonical_url(
    origin: str, path: str, query: list[tuple[str, str]], tracking: list[tuple[str, str]], fragment: str
) -> None:
    plain = f"{SITE}{path}" + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
    pairs = [*tracking[:1], *query, *tracking[1:]]
    variant = f"{origin}{path}?" + "&".join(f"{k}={v}" for k, v in pairs) + fragment
    assert canonical_url(variant) == canonical_url(plain)
    assert in_scope(canonical_url(variant), START)


@FAST
@given(plain_paths.filter(lambda path: not path.startswith("//")), plain_queries)
def test_a_relative_link_stays_in_scope(path: str, query: list[tuple[str, str]]) -> None:
    link = path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")
    assert in_scope(canonical_url(link, START), START)


DANGEROUS_MARKUP = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<img src=x onerror=alert(1)>",
    "<a href='javascript:alert(1)'>j</a>", "<a href=' JaVaScRiPt:alert(1)'>j</a>", "<a href='java&#x09;script:alert(1)'>j</a>",
    "<a href='data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;'>d</a>", "<style>p{display:none}</style>",
    "<iframe src=//evil.example/></iframe>", "<svg onload=alert(1)><circle r=1 /></svg>", "<p onclick=alert(1)>",
    "<div onmouseover='alert(1)'>", "<object data=x.swf></object>", "<embed src=x.swf>", "<form action=javascript:alert(1)>",
    "<base href=//evil.example/>", "<meta http-equiv=refresh content='0;url=//evil.example/'>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", "<noscript><p title='</noscript><img src=x onerror=alert(1)>'>",
    "<template><script>alert(1)</script></template>", "<img src=x onload=alert(1) alt=ok>", "<body onload=alert(1)>",
    "</div><script>alert(1)</script>", "<!--<script>alert(1)</script>-->", "<![CDATA[<script>alert(1)</script>]]>",
]  # fmt: skip
SAFE_MARKUP = [
    "<p>",
    "</p>",
    "Stretch slowly.",
    "<strong>",
    "</strong>",
    "<a href='/2019/05/15/x/'>x</a>",
    "<ul><li>",
    "</div>",
]


@settings(FAST, max_examples=60)
@given(st.lists(st.sampled_from(DANGEROUS_MARKUP) | st.sampled_from(SAFE_MARKUP), min_size=1, max_size=12))
def test_a_post_body_never_keeps_script_style_or_handlers(pieces: list[str]) -> None:
    markup = (
        "<html><head><title>x</title></head><body class='single single-post postid-1'><article class='hentry'>"
        "<h1 class='entry-title'>A post</h1><div class='entry-content'><p>Words first.</p>"
        + "".join(pieces)
        + "</div></article></body></html>"
    )
    page = parse_page(markup, f"{SITE}/2019/05/15/strong-hips-are-crucial/")
    assert page.post is not None
    assert active_parts(page.post.body_html) == []


ACTIVE_TAGS = frozenset({"script", "style", "iframe", "svg", "object", "embed", "form", "meta", "base", "link", "math"})


def active_parts(html: str) -> list[str]:
    """What a browser reading the HTML would run, load or restyle: active elements, event handlers, script URLs."""
    found = []
    for element in LexborHTMLParser(html).body.css("*"):  # type: ignore[union-attr]
        if element.tag in ACTIVE_TAGS:
            found.append(element.tag)
        for name, value in element.attributes.items():
            url = "".join((value or "").split()).lower()
            if name.lower().startswith("on") or url.startswith(("javascript:", "data:", "vbscript:")):
                found.append(f"{element.tag} {name}={value}")
    return found


def test_active_parts_are_found_where_a_browser_finds_them() -> None:
    assert active_parts("<p title='&lt;img src=x onerror=alert(1)&gt;'>onerror is an attribute</p>") == []
    assert active_parts("<p><img src=x onerror=alert(1)><a href=' java\tscript:x'>j</a><svg></svg></p>") == [
        "img onerror=alert(1)",
        "a href= java\tscript:x",
        "svg",
    ]
