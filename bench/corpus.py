"""Every HTML page of a replica site, rendered in-process (no server), with the kind the replica gives it."""

from __future__ import annotations

from dataclasses import dataclass

from crawler.replica import Site
from crawler.replica.routes import respond

BASE_URL = "http://127.0.0.1:8000"


@dataclass(frozen=True, slots=True)
class Sample:
    """One rendered page: its kind as the replica models it, URL and HTML."""

    kind: str
    url: str
    html: str


def _paths(site: Site) -> list[tuple[str, str]]:
    """(kind, path) of every post, WordPress page, listing page, and one missing page."""
    paths = [("post", post.path) for post in site.posts]
    paths += [("page", page.path) for page in site.pages]
    for listing in site.listings():
        paths += [(listing.kind, listing.page_path(number)) for number in range(1, listing.page_count + 1)]
    paths.append(("other", "/no-such-page/"))
    return paths


def site_pages(site: Site, base_url: str = BASE_URL) -> list[Sample]:
    """Each HTML page the site serves, in a stable order."""
    return [
        Sample(kind, base_url + path, respond(site, base_url, path, 0.0).body.decode()) for kind, path in _paths(site)
    ]
