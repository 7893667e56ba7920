"""A second host serving the blog's uploads, as a CDN does: the same picture bytes, a robots.txt of its own.

Serve it beside a ReplicaServer whose `uploads_base` is its base URL, so that the blog's pages name their pictures
on it; a crawl then meets a media host other than the blog's, with its own robots.txt rules and Crawl-delay.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from crawler.replica import pictures
from crawler.replica.routes import HTML, TEXT, Resource
from crawler.replica.server import ReplicaServer
from crawler.replica.site import Site

_NOT_FOUND = b"<!DOCTYPE html>\n<html><head><title>404</title></head><body><h1>Not Found</h1></body></html>\n"


def media_host_robots(disallow: Iterable[str] = (), crawl_delay: float | None = None) -> str:
    """A media host's robots.txt: every crawler kept out of the `disallow` paths, spaced by `crawl_delay` if given."""
    rules = "".join(f"Disallow: {path}\n" for path in disallow) or "Disallow:\n"
    delay = f"Crawl-delay: {crawl_delay:g}\n" if crawl_delay is not None else ""
    return f"User-agent: *\n{rules}{delay}"


class MediaHostServer(ReplicaServer):
    """Serves a site's uploads (and nothing else) on a loopback port, with a robots.txt of its own (None: 404).

    The request log, faults (e.g. a 503 for /robots.txt), latency and validators work as on the ReplicaServer.
    """

    def __init__(
        self,
        site: Site,
        *,
        robots_txt: str | None = None,
        latency: float = 0.0,
        port: int = 0,
    ) -> None:
        super().__init__(site, crawl_delay=0.0, latency=latency, port=port)
        self.robots_txt = robots_txt

    def rendered(self, base: str, target: str) -> Resource:
        """robots.txt, an upload, or a 404."""
        path = urlsplit(target).path
        if path == "/robots.txt" and self.robots_txt is not None:
            return Resource(200, TEXT, self.robots_txt.encode(), self.site.updated)
        picture = pictures.upload(path, self.site.replaced_uploads)
        if picture is not None:  # a static file: ETag and Last-Modified, as the blog's own host sends them
            return Resource(picture.status, picture.content_type, picture.body, picture.last_modified, feed_like=True)
        return Resource(404, HTML, _NOT_FOUND, self.site.updated)
