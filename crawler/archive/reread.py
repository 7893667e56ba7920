"""Re-reading a post's stored bytes with today's parsers, for history's question "did the site or the parsers
change it?". Called before anything is written, never inside a write transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable

from crawler.archive import history
from crawler.archive.bodies import BodyStore, decompress_body
from crawler.errors import CorruptBody
from crawler.pages import parse_html_response

logger = logging.getLogger(__name__)

Reread = Callable[[BodyStore, str, str], "history.Version | None"]  # (bodies, post URL, body hash) -> its reading


def reread_post(bodies: BodyStore, url: str, digest: str) -> history.Version | None:
    """What today's parsers read in a post's stored bytes, or None when they cannot be read or give no such post."""
    source = bodies.latest_response_with_body(url, digest)
    stored = bodies.compressed_body(digest)
    if source is None or stored is None:
        return None
    try:
        parsed = parse_html_response(decompress_body(stored), source.header("content-type"), url)
    except CorruptBody as exc:
        logger.warning("cannot re-read %s: %s", url, exc)
        return None
    except Exception as exc:  # noqa: BLE001  a parser bug leaves the change to the site, as before the re-reading
        logger.warning("cannot re-read %s: %s: %s", url, type(exc).__name__, exc)
        return None
    if parsed.post is None or parsed.post.url != url:
        return None
    return history.version_of(parsed)
