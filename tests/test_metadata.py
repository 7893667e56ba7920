"""Docs can't drift: every table, view and column of the archive is described for Datasette."""

from __future__ import annotations

import json
from pathlib import Path

from crawler.archive.store import Archive
from crawler.web.audit import AUDITS
from crawler.web.metadata import METADATA_PATH, metadata_for

INTERNAL_PREFIXES = ("sqlite_", "posts_fts_")
BROWSE_VIEWS = {
    "post_catalogue",
    "exercise_catalogue",
    "exercise_families",
    "exercise_steps_flat",
}  # browsed, not audits
CRAWL_VIEWS = {"crawl_traps", "inventory_audit"}  # views of how crawls went, each a canned query, not an audit


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
    audit_views = {audit.view for audit in AUDITS}
    assert set(archive.db.view_names()) == audit_views | BROWSE_VIEWS | CRAWL_VIEWS
    for view in audit_views | CRAWL_VIEWS:
        assert queries[view]["sql"] == f"select * from {view}"


def test_every_canned_query_has_a_title_and_description_and_only_reads() -> None:
    queries = json.loads(METADATA_PATH.read_text())["databases"]["archive"]["queries"]
    for name, query in queries.items():
        assert query["title"] and query["description"], name
        assert not query.get("write"), name


def test_dashboard_charts_read_the_served_database(tmp_path: Path) -> None:
    metadata = metadata_for(tmp_path / "demo.db")
    charts = metadata["plugins"]["datasette-dashboards"]["blog-overview"]["charts"]
    assert {chart["db"] for chart in charts.values()} == {"demo"}


def test_metadata_is_keyed_by_the_served_database_name(tmp_path: Path) -> None:
    metadata = metadata_for(tmp_path / "demo.db")
    assert list(metadata["databases"]) == ["demo"]
