"""Which pictures of a post page the archive keeps, and the hosts they may come from (pure decisions)."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from crawler.media import KeptPicture, PictureRole
from parsers.urls import WORDPRESS_SIZE_SUFFIX_RE, host_and_port, image_file

if TYPE_CHECKING:  # the crawl's own process loads no HTML parser
    from parsers.models import ParsedPage
    from parsers.pictures import ShownImage

# Jetpack's image CDN serves a site's own uploads as https://i0.wp.com/<site host>/<path>.
JETPACK_HOSTS = frozenset({"i0.wp.com", "i1.wp.com", "i2.wp.com", "i3.wp.com"})


@dataclass(frozen=True, slots=True)
class MediaHosts:
    """Where the blog's pictures may come from: its own host, the hosts serving its uploads, Jetpack's copies."""

    site: str  # the blog's host, with its port when it has one: "backinsteppt.com", "127.0.0.1:8080"
    cdn: frozenset[str] = frozenset()  # hosts that serve the blog's uploads, e.g. "cdn.backinsteppt.com"

    @classmethod
    def of(cls, start_url: str, cdn: Iterable[str] = ()) -> MediaHosts:
        """The hosts for a crawl starting at `start_url`."""
        return cls(site=_host(start_url), cdn=frozenset(host.lower() for host in cdn))


def _host(url: str) -> str:
    """host[:port] of a URL, lower-case, default ports dropped."""
    host, port = host_and_port(url)
    return f"{host}:{port}" if port is not None else host


def _bare(host: str) -> str:
    """A host without its www. prefix."""
    return host.removeprefix("www.")


def is_own_media(url: str, hosts: MediaHosts) -> bool:
    """Whether the picture is the blog's own: on its host (www. or not), a host serving its uploads, or a Jetpack
    copy of one of its files; never a third-party embed, avatar or tracker."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return False
    host = _host(url)
    if not host:
        return False
    if _bare(host) == _bare(hosts.site) or host in hosts.cdn:
        return True
    if host in JETPACK_HOSTS:
        copied = parts.path.lstrip("/").partition("/")[0].lower()
        return bool(copied) and _bare(copied) in {_bare(hosts.site), *(_bare(cdn) for cdn in hosts.cdn)}
    return False


def original_of(url: str) -> str | None:
    """The upload a resized copy was made from ("photo-300x200.jpg" -> "photo.jpg"), or None when the URL names no
    size; a Jetpack copy's resizing query goes too."""
    parts = urlsplit(url)
    stem, extension = posixpath.splitext(parts.path)
    path = WORDPRESS_SIZE_SUFFIX_RE.sub("", stem) + extension
    query = "" if _host(url) in JETPACK_HOSTS else parts.query
    if path == parts.path and query == parts.query:
        return None
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def pictures_to_keep(page: ParsedPage, shown: Sequence[ShownImage], hosts: MediaHosts) -> list[KeptPicture]:
    """The pictures of a post page the archive keeps, each once, in this order: the featured image as displayed
    and its original, each body image and its srcset's largest candidate, each exercise's image, each related post's
    thumbnail; only those on the blog's own hosts (`is_own_media`)."""
    largest = {image.src: image.largest for image in shown if image.largest}
    found: list[tuple[str | None, PictureRole]] = []
    featured = page.post.featured_image_url if page.post else None
    if featured:
        wanted = image_file(featured)
        displayed = [image.src for image in shown if image.src != featured and image_file(image.src) == wanted]
        found += [(url, "featured") for url in dict.fromkeys(displayed)]
        found += [(featured, "featured_original"), (original_of(featured), "featured_original")]
    for image in page.images:
        found += [(image.src, "body"), (largest.get(image.src), "body_largest")]
    for exercise in page.exercises:
        if exercise.image_url:
            found += [(exercise.image_url, "exercise"), (largest.get(exercise.image_url), "exercise")]
    found += [(link.thumbnail_url, "related") for link in page.related_links]
    kept: dict[str, PictureRole] = {}
    for url, role in found:
        if url and url not in kept and is_own_media(url, hosts):
            kept[url] = role
    return [KeptPicture(url, role) for url, role in kept.items()]
