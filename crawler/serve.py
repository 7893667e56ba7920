"""Datasette over the archive, with the project's metadata and canned queries."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

METADATA_PATH = Path(__file__).resolve().parent.parent / "data" / "metadata.json"
METADATA_DATABASE_KEY = "archive"  # the metadata describes the database under this name


def metadata_for(db_path: Path) -> dict[str, Any]:
    """The project's metadata, keyed by the name Datasette gives this database file."""
    metadata: dict[str, Any] = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    databases = metadata["databases"]
    databases[db_path.stem] = databases.pop(METADATA_DATABASE_KEY)
    return metadata


def datasette_command(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The `datasette serve` command line for the archive."""
    return [
        sys.executable,
        "-m",
        "datasette",
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
    """Serve the archive until interrupted; return Datasette's exit code."""
    with tempfile.TemporaryDirectory() as folder:
        metadata_path = Path(folder) / "metadata.json"
        metadata_path.write_text(json.dumps(metadata_for(db_path)), encoding="utf-8")
        try:
            return subprocess.call(datasette_command(db_path, metadata_path, host, port))
        except KeyboardInterrupt:
            return 0
