"""Canonical URLs and the internal/external test, pure string work."""

from __future__ import annotations

import re
from functools import lru_cache
from posixpath import splitext
from urllib.parse import (
    unquote,
    unquote_plus,
    urljoin,
    urlparse,
    urlsplit,
    urlunparse,
    urlunsplit,
    uses_netloc,
    uses_relative,
)

from w3lib.url import canonicalize_url

TRACKING_PARAMS = frozenset({"replytocom", "share", "fbclid", "gclid", "_ga"})
TRACKING_PREFIXES = ("utm_",)
DEFAULT_PORTS = {"http": 80, "https": 443}
CACHED_URLS = 4096  # URLs remembered by canonical_url and host_and_port


def is_tracking_param(name: str) -> bool:
    """True for query parameters that only track visitors (utm_*, replytocom, share, ...)."""
    lowered = name.strip().lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


def _without_tracking(url: str) -> str:
    """The URL with tracking parameters and the fragment dropped, other pairs untouched."""
    head, _, _fragment = url.partition("#")
    base, sep, query = head.partition("?")
    if not sep:
        return base
    pairs = [pair for pair in query.split("&") if pair and not is_tracking_param(unquote_plus(pair.split("=", 1)[0]))]
    return f"{base}?{'&'.join(pairs)}" if pairs else base


def _safe_port(port: str) -> int | None:
    """The port as an int, or None when absent or not a number."""
    return int(port) if port.isdigit() else None


def _split_netloc(netloc: str) -> tuple[str, str, str]:
    """(userinfo, host, port) of a netloc, host as written (IPv6 keeps its brackets)."""
    userinfo, at, hostport = netloc.rpartition("@")
    if hostport.startswith("["):
        host, bracket, rest = hostport.partition("]")
        return (userinfo + at, host + bracket, rest[1:] if rest.startswith(":") else "")
    host, _, port = hostport.partition(":")
    return (userinfo + at, host, port)


def _drop_default_port(url: str) -> str:
    """The URL without :80 on http or :443 on https, host and scheme lower-cased."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    userinfo, host, port = _split_netloc(parts.netloc)
    if port and _safe_port(port) == DEFAULT_PORTS.get(scheme):
        port = ""
    netloc = f"{userinfo}{host.lower()}{':' + port if port else ''}"
    return urlunsplit((scheme, netloc, parts.path, parts.query, ""))


def canonical_url(url: str, base: str | None = None) -> str:
    """The archive's canonical form of a URL, built on w3lib.url.canonicalize_url.

    Absolute against `base`; scheme and host lower-case; default port dropped; no fragment;
    tracking parameters (utm_*, replytocom, share, fbclid, gclid, _ga) removed; the remaining
    query sorted into a stable order; the path's trailing slash kept as given. Never raises:
    a URL w3lib cannot read (bad port, broken IPv6 host) gets the same cleaning by string work.
    """
    text = url.strip()
    try:
        if base:
            text = joined_url(base.strip(), text)
    except (ValueError, UnicodeError):
        return _lower_scheme_and_host(_without_tracking(text))
    return _canonical_absolute(text)


def joined_url(base: str, url: str) -> str:
    """urljoin(base, url), quicker for the usual link that names its own host: that needs only the base's scheme."""
    if base and url:
        own_host = _own_host_url(_scheme(base), url)
        if own_host is not None:
            return own_host
    return urljoin(base, url)


@lru_cache(maxsize=CACHED_URLS)
def _scheme(base: str) -> str:
    """The scheme urljoin reads from a base URL."""
    return urlparse(base, "").scheme


@lru_cache(maxsize=CACHED_URLS)
def _own_host_url(scheme: str, url: str) -> str | None:
    """urljoin's answer for a URL under a base of this scheme when the rest of the base cannot matter, else None."""
    parts = urlparse(url, scheme)
    if parts.scheme != scheme or parts.scheme not in uses_relative:
        return url
    if parts.scheme in uses_netloc and parts.netloc:
        return urlunparse(parts)
    return None


@lru_cache(maxsize=CACHED_URLS)
def _canonical_absolute(text: str) -> str:
    """canonical_url of a URL already made absolute (remembered: pages repeat their site-wide links)."""
    try:
        return _drop_default_port(canonicalize_url(_without_tracking(text), keep_fragments=False))
    except (ValueError, UnicodeError):
        return _lower_scheme_and_host(_without_tracking(text))


def _lower_scheme_and_host(url: str) -> str:
    """Scheme and host lower-cased by plain string work, for URLs too broken for urllib and w3lib."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    ends = [index for index in (rest.find("/"), rest.find("?")) if index >= 0]
    host_end = min(ends) if ends else len(rest)
    return f"{scheme.lower()}://{rest[:host_end].lower()}{rest[host_end:]}"


@lru_cache(maxsize=CACHED_URLS)
def host_and_port(url: str) -> tuple[str, int | None]:
    """(lower-case host, explicit non-default port or None) of an absolute URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
        host = (parts.hostname or "").lower()
    except ValueError:
        return ("", None)
    if port is not None and port == DEFAULT_PORTS.get(parts.scheme.lower()):
        port = None
    return (host, port)


def is_internal(url: str, site_url: str) -> bool:
    """True when `url` is on the same host and port as `site_url` (http and https alike)."""
    host, port = host_and_port(canonical_url(url, site_url))
    site_host, site_port = host_and_port(site_url)
    return bool(host) and (host, port) == (site_host, site_port)


def is_web_url(url: str) -> bool:
    """True for absolute http(s) URLs."""
    return url.lower().startswith(("http://", "https://"))


DIRECTORY_INDEX_RE = re.compile(r"/index\.(?:html?|php)$", re.IGNORECASE)


def without_index_file(url: str) -> str:
    """A URL that names its directory's index file ("…/slug/index.html", as static exports write canonical links)
    as the directory ("…/slug/"): the same page, in the form WordPress permalinks take."""
    parts = urlsplit(url)
    if parts.query or not DIRECTORY_INDEX_RE.search(parts.path):
        return url
    return urlunsplit(parts._replace(path=DIRECTORY_INDEX_RE.sub("/", parts.path)))


def path_segments(url: str) -> list[str]:
    """The non-empty path segments of a URL, percent-decoded."""
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return []
    return [unquote(segment) for segment in path.split("/") if segment]


ARCHIVE_MONTH_PATH = re.compile(r"^/(\d{4})/(\d{2})/(?:page/\d+/)?$")


def archive_month_id(url: str) -> str | None:
    """ "2019-05" for a month archive URL (/2019/05/ or /2019/05/page/2/), else None."""
    match = ARCHIVE_MONTH_PATH.match(urlsplit(url).path)
    return f"{match[1]}-{match[2]}" if match else None


WORDPRESS_SIZE_SUFFIX_RE = re.compile(r"-(?:\d+x\d+|scaled)$")  # "photo-300x200", "photo-scaled"


def image_file(url: str) -> str:
    """The file name of an image URL without WordPress's size suffix ("photo-300x200.jpg", "photo-scaled.jpg" as
    "photo.jpg"), so that a resized copy, or one a CDN serves, names the same upload."""
    name, extension = splitext(url.partition("?")[0].partition("#")[0].rpartition("/")[2])
    return WORDPRESS_SIZE_SUFFIX_RE.sub("", name) + extension
