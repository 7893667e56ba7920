"""Serve the offline replica of the blog on 127.0.0.1 until Ctrl-C: `python -m crawler.replica [--edition 2]`.

Its options serve what the tests serve, to reproduce one by hand: the hostile uploads (`--hostile-pictures`), the
REST API's failure modes (`--api`), edition 2 without its moved post (`--no-rename`), and the uploads on a second
port, as a CDN serves them, with a robots.txt of its own (`--media-host-port`, `--media-host-disallow`).
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from types import FrameType
from typing import cast

import click

from crawler.replica.media_host import MediaHostServer, media_host_robots
from crawler.replica.model import UPLOADS
from crawler.replica.rest_api import API_MODES, ApiMode
from crawler.replica.server import ReplicaServer
from crawler.replica.site import build_site
from crawler.replica.synthetic import MIN_POSTS

DEFAULT_PORT = 8002  # the port the demo's replica uses beside Datasette's default 8001
DEFAULT_CRAWL_DELAY = 0.02  # the robots.txt Crawl-delay the demo's replica asks for
API_OFF = "off"  # --api off: WordPress's REST API switched off and unannounced (build_site(rest_api=False))


def stop_on_terminate(signum: int, frame: FrameType | None) -> None:
    """Turn SIGTERM (`kill`) into the same clean stop as Ctrl-C."""
    raise KeyboardInterrupt


@click.command(
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog="Exit codes: 0 stopped (Ctrl-C or SIGTERM), 1 the port is taken, 2 usage.",
)
@click.option(
    "--edition",
    type=click.Choice(["1", "2"]),
    default="1",
    show_default=True,
    help="1: the blog as first crawled; 2: a week later (a post added, two edited and one retitled, one removed).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=DEFAULT_PORT,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free port); the demo serves its replica on Datasette's port + 1.",
)
@click.option(
    "--posts",
    type=click.IntRange(MIN_POSTS),
    default=None,
    help="Serve a synthetic blog of this many posts instead of the replica's own (as the benchmarks do).",
)
@click.option("--traps", is_flag=True, help="Serve crawler traps beside the blog (calendar, endless pagination...).")
@click.option("--show-counts", is_flag=True, help="The Archive widget shows each month's post count.")
@click.option(
    "--validators",
    type=click.Choice(["wordpress", "all"]),
    default="wordpress",
    show_default=True,
    help="wordpress: ETag and Last-Modified on feeds and sitemaps only, as WordPress sends them; all: on every page.",
)
@click.option(
    "--crawl-delay",
    type=click.FloatRange(0),
    default=DEFAULT_CRAWL_DELAY,
    show_default=True,
    help="Seconds robots.txt asks a crawler to wait between requests.",
)
@click.option(
    "--latency", type=click.FloatRange(0), default=0.0, show_default=True, help="Seconds added to every response."
)
@click.option(
    "--hostile-pictures",
    is_flag=True,
    help="One more post shows the uploads a web server gets wrong: a 404, one over the 25 MB cap, an HTML page"
    " served as image/jpeg, an SVG with a script, a decompression bomb...",
)
@click.option(
    "--api",
    type=click.Choice([API_OFF, *API_MODES]),
    default="open",
    show_default=True,
    help="How WordPress's REST API answers: open; off (switched off, unannounced); 404 (a broken rewrite); 401 or"
    " 403 (a security plugin); robots (robots.txt forbids it); malformed (a PHP warning before the JSON); huge (it"
    " claims a million posts).",
)
@click.option(
    "--no-rename", is_flag=True, help="Edition 2 without its moved post (no slug changed, no 301 from the old one)."
)
@click.option(
    "--media-host-port",
    type=click.IntRange(0, 65535),
    default=None,
    help="Also serve the uploads on this port (0: any free one), as a CDN does; the pages name their pictures there.",
)
@click.option(
    "--media-host-disallow",
    metavar="PATH",
    multiple=True,
    help="A path the media host's robots.txt disallows, e.g. /wp-content/uploads/2019/ (repeatable).",
)
def main(
    edition: str,
    port: int,
    posts: int | None,
    traps: bool,
    show_counts: bool,
    validators: str,
    crawl_delay: float,
    latency: float,
    hostile_pictures: bool,
    api: str,
    no_rename: bool,
    media_host_port: int | None,
    media_host_disallow: tuple[str, ...],
) -> None:
    """Serve the offline replica of the Back In Step blog on 127.0.0.1 until Ctrl-C (or SIGTERM).

    Example: python -m crawler.replica --edition 2 --port 8002
    """
    if media_host_disallow and media_host_port is None:
        raise click.UsageError("--media-host-disallow needs --media-host-port")
    site = build_site(
        posts,
        edition=int(edition),
        show_counts=show_counts,
        rename=not no_rename,
        rest_api=api != API_OFF,
        hostile_pictures=hostile_pictures,
    )
    media_host = None
    if media_host_port is not None:
        robots_txt = media_host_robots(media_host_disallow, crawl_delay)
        media_host = MediaHostServer(site, robots_txt=robots_txt, latency=latency, port=media_host_port)
        listening(media_host, media_host_port, "--media-host-port")
    replica = ReplicaServer(
        site,
        validators="all" if validators == "all" else "wordpress",
        crawl_delay=crawl_delay,
        latency=latency,
        traps=traps,
        api="open" if api == API_OFF else cast(ApiMode, api),  # off: the site's, neither served nor announced
        uploads_base=media_host.base_url if media_host else None,
        port=port,
    )
    try:
        listening(replica, port, "--port")
        signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
        signal.signal(signal.SIGTERM, stop_on_terminate)
        uploads = f", its uploads at {media_host.url(UPLOADS)}" if media_host else ""
        click.echo(
            f"Replica of the blog (edition {edition}, {len(site.posts)} posts) serving at {replica.start_url}{uploads}"
            " (Ctrl-C to stop)"
        )
        sys.stdout.flush()
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        replica.stop()
        if media_host is not None:
            media_host.stop()


def listening(server: ReplicaServer, port: int, option: str) -> None:
    """Start serving; a port that cannot be bound is one line on stderr and exit 1."""
    try:
        server.start()
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        hint = f"; choose another port with {option}" if exc.errno in (errno.EADDRINUSE, errno.EACCES) else ""
        click.echo(f"Error: cannot listen on 127.0.0.1:{port} ({reason}){hint}", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main(prog_name="python -m crawler.replica")
