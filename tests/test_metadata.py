"""Docs can't drift: every table, view and column of the archive is described for Datasette."""

from __future__ import annotations

import json

from crawler.serve import METADATA_PATH, metadata_for
from crawler.store import Archive

INTERNAL_PREFIXES = ("sqlite_", "posts_fts_")


def test_every_table_view_and_column_is_described(archive: Archive) -> None:
    described = json.loads(METADATA_PATH.read_text())["databases"]["archive"]["tables"]
    names = archive.db.table_names() + archive.db.view_names()
    missing = []
    for name in names:
        if name.startswith(INTERNAL_PREFIXES):
            continue
        entry = described.get(name, {})
        if not entry.get("description"):
            missing.append(name)
        columns = archive.db[name].columns_dict
        missing += [f"{name}.{column}" for column in columns if not entry.get("columns", {}).get(column)]
    assert missing == []


def test_every_audit_view_is_a_canned_query(archive: Archive) -> None:
    queries = json.loads(METADATA_PATH.read_text())["databases"]["archive"]["queries"]
    for view in archive.db.view_names():
        assert queries[view]["sql"] == f"select * from {view}"
        assert queries[view]["title"] and queries[view]["description"]


def test_metadata_is_keyed_by_the_served_database_name(tmp_path) -> None:
    metadata = metadata_for(tmp_path / "demo.db")
    assert list(metadata["databases"]) == ["demo"]
