"""Datasette over the archive, with the project's metadata, canned queries, dashboard and plugin."""

from __future__ import annotations

import json
import os
import socket
import tempfile
from pathlib import Path

from datasette.cli import cli as datasette_cli

from crawler.archive.files import connect_readonly
from crawler.errors import ArchiveError
from crawler.web.metadata import metadata_for

SETTINGS = {  # Datasette settings for an archive of any size (`datasette --setting NAME VALUE`)
    "sql_time_limit_ms": 1000,
    "facet_time_limit_ms": 500,  # the catalogue's tag and category facets take about 150 ms at 10,000 posts
    "suggest_facets": False,  # suggestions query every column of a page again, the bulk of a large table's page
}


def check_archive(db_path: Path) -> None:
    """Refuse, before Datasette starts, a file that is not an up-to-date archive (serve never migrates)."""
    connect_readonly(db_path).close()


def check_port(host: str, port: int) -> None:
    """Raise ArchiveError now, before any crawl or server starts, if nothing can listen on host:port."""
    if port == 0:
        return
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        socket.create_server((host, port), family=family).close()
    except socket.gaierror as exc:
        raise ArchiveError(f"cannot listen on {host} ({exc.strerror or exc}); check --host") from exc
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise ArchiveError(f"cannot listen on {host}:{port} ({reason}); choose another port with --port") from exc


def datasette_arguments(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The `datasette serve` arguments: the archive opened read-only, writes refused."""
    return [
        "serve",
        str(db_path),
        "--metadata",
        str(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
        *[argument for name, value in SETTINGS.items() for argument in ("--setting", name, setting_value(value))],
    ]


def setting_value(value: int | bool) -> str:
    """A setting's value as `datasette serve --setting` reads it."""
    return ("on" if value else "off") if isinstance(value, bool) else str(value)


def run_datasette(db_path: Path, host: str, port: int) -> int:
    """Serve the archive in this process until interrupted or terminated; return the exit code."""
    check_archive(db_path)
    check_port(host, port)
    with tempfile.TemporaryDirectory() as folder:
        metadata_path = Path(folder) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata_for(db_path)), encoding="utf-8")
        datasette_cli.main(datasette_arguments(db_path, metadata_path, host, port), "datasette", standalone_mode=False)
    return 0
