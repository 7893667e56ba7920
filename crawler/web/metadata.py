"""The project's Datasette metadata (package data): descriptions, canned queries, the dashboard."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

METADATA_PATH = Path(__file__).resolve().parent / "metadata.json"  # package data, beside this module
METADATA_DATABASE_KEY = "archive"  # the metadata describes the database under this name
DASHBOARDS_PLUGIN = "datasette-dashboards"


def metadata_for(db_path: Path) -> dict[str, Any]:
    """The project's metadata, keyed by the name Datasette gives this database file."""
    metadata = load_metadata()
    databases = metadata["databases"]
    databases[db_path.stem] = databases.pop(METADATA_DATABASE_KEY)
    for dashboard in metadata.get("plugins", {}).get(DASHBOARDS_PLUGIN, {}).values():
        for chart in dashboard.get("charts", {}).values():
            if chart.get("db") == METADATA_DATABASE_KEY:
                chart["db"] = db_path.stem
    return metadata


def load_metadata() -> dict[str, Any]:
    """The metadata as shipped, with the database under its canonical name."""
    metadata: dict[str, Any] = json.loads(METADATA_PATH.read_text(encoding="utf-8"))
    return metadata
