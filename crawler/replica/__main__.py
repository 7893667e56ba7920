"""Serve the offline replica of the blog on 127.0.0.1 until Ctrl-C: `python -m crawler.replica [--edition 2]`."""

from __future__ import annotations

import errno
import os
import signal
import sys
import threading
from types import FrameType

import click

from crawler.replica.server import ReplicaServer
from crawler.replica.site import build_site
from crawler.replica.synthetic import MIN_POSTS

DEFAULT_PORT = 8002  # the port the demo's replica uses beside Datasette's default 8001
DEFAULT_CRAWL_DELAY = 0.02  # the robots.txt Crawl-delay the demo's replica asks for


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
def main(
    edition: str,
    port: int,
    posts: int | None,
    traps: bool,
    show_counts: bool,
    validators: str,
    crawl_delay: float,
    latency: float,
) -> None:
    """Serve the offline replica of the Back In Step blog on 127.0.0.1 until Ctrl-C (or SIGTERM).

    Example: python -m crawler.replica --edition 2 --port 8002
    """
    site = build_site(posts, edition=int(edition), show_counts=show_counts)
    replica = ReplicaServer(
        site,
        validators="all" if validators == "all" else "wordpress",
        crawl_delay=crawl_delay,
        latency=latency,
        traps=traps,
        port=port,
    )
    try:
        replica.start()
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        hint = "; choose another port with --port" if exc.errno in (errno.EADDRINUSE, errno.EACCES) else ""
        click.echo(f"Error: cannot listen on 127.0.0.1:{port} ({reason}){hint}", err=True)
        sys.exit(1)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background, which ignores it
    signal.signal(signal.SIGTERM, stop_on_terminate)
    try:
        click.echo(
            f"Replica of the blog (edition {edition}, {len(site.posts)} posts) serving at {replica.start_url}"
            " (Ctrl-C to stop)"
        )
        sys.stdout.flush()
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        replica.stop()


if __name__ == "__main__":
    main(prog_name="python -m crawler.replica")
