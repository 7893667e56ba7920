"""Datasette over the archive, with the project's metadata, canned queries, dashboard and plugin."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from datasette.cli import cli as datasette_cli

from crawler.archive.store import Archive
from crawler.web.metadata import metadata_for


def upgrade_schema(db_path: Path) -> None:
    """Apply any migrations an archive written by an earlier version lacks (views the queries use)."""
    Archive(db_path).close()


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
        "--setting",
        "sql_time_limit_ms",
        "1000",
    ]


def run_datasette(db_path: Path, host: str, port: int) -> int:
    """Serve the archive in this process until interrupted or terminated; return the exit code."""
    upgrade_schema(db_path)
    with tempfile.TemporaryDirectory() as folder:
        metadata_path = Path(folder) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata_for(db_path)), encoding="utf-8")
        datasette_cli.main(datasette_arguments(db_path, metadata_path, host, port), "datasette", standalone_mode=False)
    return 0
