"""Migrations: frozen once released, every released archive migrates to the fresh schema, the dump is current."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from crawler.archive import files
from crawler.archive.migrations import RENAMED, STEPS, FrozenMigrations, Step, migrations
from crawler.archive.migrations.dump import REGENERATE, SCHEMA_SQL, dump_schema, fresh_schema, schema_objects
from crawler.errors import SchemaError

OLD_ARCHIVES = Path(__file__).parent / "old_archives"
STATES: list[dict[str, Any]] = json.loads((OLD_ARCHIVES / "archives.json").read_text())

# sha256 (first 16 hex digits) of each released migration's statements. A released migration is frozen:
# when this fails for an existing name, undo the edit and add a new migration at the end instead.
RELEASED = {
    "m001_initial": "ae294313050d4372",
    "m002_sitemap_lastmod": "7bd1b06a83119905",
    "m003_response_exchange": "c1ce6ffa64e1a690",
    "m004_search_and_audit_views": "a6bee3c13f2cd503",
    "m005_skipped_url_variants": "88bfdc4721bc850b",
    "m006_meta_description": "744e57f6ad35de03",
    "m007_post_history": "7c9dd1dbaacbfd99",
    "m008_post_sources": "cc0f5e7d9c6c3526",
    "m009_content_audits": "fb17c4752cdd5b32",
    "m010_trap_rules": "1665bd84ebd25361",
    "m012_audit_indexes": "92d36229705d0561",
    "m013_finished_run_views": "a96751a589a66996",
    "m015_media": "64f2d65a52b611f6",
    "m016_identity_and_inventory": "2e5fced148f52e03",
    "m017_exercise_attributes": "f9504c672571de68",
    "m018_media_counts_and_audits": "dd56973532ad3e0a",
}


def digest(step: Step) -> str:
    return hashlib.sha256("\n".join(step.statements()).encode()).hexdigest()[:16]


def build_old_archive(path: Path, state: dict[str, Any]) -> Path:
    """An archive as the code at state['commit'] built it: the statements it ran, recorded under its names."""
    old = Migrations(migrations.name)
    for label in state["migrations"]:
        name = label.split("@")[0]
        old(name=name)(Step(name, label, (OLD_ARCHIVES / "statements" / f"{label}.sql").read_text()).run)
    db = Database(path)
    old.apply(db)
    db.close()
    return path


def state(commit: str) -> dict[str, Any]:
    return next(state for state in STATES if state["commit"] == commit)


def objects(path: Path) -> list[str]:
    db = Database(path)
    try:
        return schema_objects(db)
    finally:
        db.close()


def pending_names(path: Path) -> list[str]:
    db = Database(path)
    try:
        return [migration.name for migration in migrations.pending(db)]
    finally:
        db.close()


def recorded_names(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as conn:
        return [row[0] for row in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The schema objects of a new archive with every migration applied."""
    db = Database(tmp_path_factory.mktemp("fresh") / "archive.db")
    migrations.apply(db)
    return schema_objects(db)


def test_a_fresh_archive_matches_the_committed_schema_dump() -> None:
    assert fresh_schema() == SCHEMA_SQL.read_text(), (
        f"{SCHEMA_SQL.name} differs from a freshly migrated archive. If you added a migration on purpose, "
        f"run `{REGENERATE}` and commit the file with it; released migrations are never edited."
    )


def test_migrating_one_step_at_a_time_gives_the_fresh_archive(tmp_path: Path) -> None:
    path = tmp_path / "stepwise.db"
    for count in range(1, len(STEPS) + 1):  # each step a release of its own: a new connection every time
        db = Database(path)
        applied_before = len(migrations.applied(db)) if count > 1 else 0
        FrozenMigrations(migrations.name, STEPS[:count], RENAMED).apply(db)
        assert len(migrations.applied(db)) == applied_before + 1
        db.close()
    db = Database(path)
    assert dump_schema(db) == fresh_schema()
    db.close()


def test_released_migrations_are_never_edited() -> None:
    names = [step.name for step in STEPS]
    assert names[: len(RELEASED)] == list(RELEASED), "released migrations keep their names and order"
    changed = {
        step.name: digest(step) for step in STEPS if step.name in RELEASED and digest(step) != RELEASED[step.name]
    }
    assert not changed, f"released migrations were edited: {changed}; restore them and add a new migration instead"
    unlisted = {step.name: digest(step) for step in STEPS if step.name not in RELEASED}
    assert not unlisted, f"add each new migration's hash to RELEASED once it is released: {unlisted}"


def test_old_names_lead_to_current_migrations() -> None:
    names = {step.name for step in STEPS}
    assert set(RENAMED.values()) <= names
    assert not set(RENAMED) & names
    ever_recorded = {label.split("@")[0] for archive in STATES for label in archive["migrations"]}
    assert set(RENAMED) <= ever_recorded, "every old name was recorded by some released archive"
    assert ever_recorded - names - set(RENAMED) == {"m014_content_audits"}  # the one run again, on purpose


def test_migration_sql_splits_into_whole_statements() -> None:
    statements = next(step for step in STEPS if step.name == "m001_initial").statements()
    triggers = [statement for statement in statements if statement.startswith("CREATE TRIGGER")]
    assert len(triggers) == 3 and all(trigger.endswith("END;") for trigger in triggers)
    assert all(sqlite3.complete_statement(statement) for statement in statements)
    with pytest.raises(ValueError, match="m999_broken ends inside a statement"):
        Step("m999_broken", "", "CREATE TABLE t (a);\nCREATE TABLE u (").statements()


@pytest.mark.parametrize("archive_state", STATES, ids=[f"{s['date']}-{s['commit']}" for s in STATES])
def test_every_released_archive_migrates_to_the_fresh_schema(
    tmp_path: Path, archive_state: dict[str, Any], fresh: list[str]
) -> None:
    path = build_old_archive(tmp_path / "old.db", archive_state)
    before = recorded_names(path)
    known = set(before) | {RENAMED[name] for name in before if name in RENAMED}
    missing = [step.name for step in STEPS if step.name not in known]
    assert pending_names(path) == missing
    assert files.migrate(path) == len(missing)  # what `blog-archive migrate` does: lock, mark, migrate, checkpoint
    assert pending_names(path) == []
    assert objects(path) == fresh
    assert recorded_names(path)[: len(before)] == before  # the old records stay: the archive's own history
    assert files.inspect_file(path) == "archive"


FROZEN_STATES = [s for s in STATES if all(label.split("@")[0] in RELEASED for label in s["migrations"])]


@pytest.mark.parametrize("archive_state", FROZEN_STATES, ids=[f"{s['date']}-{s['commit']}" for s in FROZEN_STATES])
def test_each_frozen_migration_makes_what_the_released_code_made(tmp_path: Path, archive_state: dict[str, Any]) -> None:
    """Built from the frozen steps an old archive recorded, the schema equals what the old code built."""
    names = {label.split("@")[0] for label in archive_state["migrations"]}
    db = Database(tmp_path / "frozen.db")
    FrozenMigrations(migrations.name, [step for step in STEPS if step.name in names], {}).apply(db)
    assert schema_objects(db) == objects(build_old_archive(tmp_path / "released.db", archive_state))
    db.close()


@pytest.mark.parametrize(
    ("commit", "renamed", "error"),
    [
        ("9ad0728", "m004_sitemap_lastmod", "duplicate column name: sitemap_lastmod"),
        ("cbc621a", "m013_post_history", "duplicate column name: parser_version"),
        ("bb68150", "m011_trap_rules", "duplicate column name: rule"),
        ("d28b656", "m012_post_sources", "duplicate column name: sources"),
    ],
)
def test_a_renamed_migration_is_not_run_again(tmp_path: Path, commit: str, renamed: str, error: str) -> None:
    path = build_old_archive(tmp_path / "old.db", state(commit))
    without_aliases = FrozenMigrations(migrations.name, STEPS, {})
    db = Database(path)
    with pytest.raises(sqlite3.OperationalError, match=error):  # what happened before RENAMED existed
        without_aliases.apply(db)
    db.close()
    pending = pending_names(path)
    assert RENAMED[renamed] not in pending
    assert files.migrate(path) == len(pending)
    assert RENAMED[renamed] not in recorded_names(path) and renamed in recorded_names(path)


def test_an_old_archive_is_refused_read_only_until_migrated(tmp_path: Path) -> None:
    path = build_old_archive(tmp_path / "old.db", state("d28b656"))
    later = len(STEPS) - [step.name for step in STEPS].index("m013_finished_run_views") - 1  # added since this release
    expected = 5 + later  # m007, m009, m010, m012, m013 and every later one: m008 ran as m012_post_sources
    with pytest.raises(
        SchemaError, match=rf"lacks {expected} schema migration\(s\); upgrade it first: blog-archive migrate"
    ):
        files.connect_readonly(path)
    assert files.migrate(path) == expected
    files.connect_readonly(path).close()


def test_posts_of_an_archive_from_before_versions_become_first_versions(tmp_path: Path) -> None:
    path = build_old_archive(tmp_path / "old.db", state("fb7e66c"))
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute(
            "INSERT INTO crawl_runs (id, started_at, start_url, mode, status) VALUES "
            "(1, '2026-11-29T10:00:00Z', 'http://127.0.0.1/blog/', 'full', 'ok'), "
            "(2, '2026-11-29T11:00:00Z', 'http://127.0.0.1/blog/', 'reparse', 'ok')"
        )
        conn.execute(
            "INSERT INTO posts (url, title, content_hash, first_seen_run, last_seen_run, meta_description) "
            "VALUES ('http://127.0.0.1/blog/a/', 'A', 'h1', 1, 2, 'About A')"
        )
        conn.executemany("INSERT INTO post_categories VALUES ('http://127.0.0.1/blog/a/', ?)", [("Knees",), ("Hips",)])
        conn.execute(
            "INSERT INTO post_changes (run_id, post_url, change, old_hash, new_hash) VALUES "
            "(1, 'http://127.0.0.1/blog/a/', 'added', NULL, 'h1'), (2, 'http://127.0.0.1/blog/a/', 'changed', 'h0', 'h1')"
        )
    files.migrate(path)
    with closing(sqlite3.connect(path)) as conn:
        versions = conn.execute(
            "SELECT post_url, version, content_hash, categories, meta_description FROM post_versions"
        )
        assert versions.fetchall() == [("http://127.0.0.1/blog/a/", 1, "h1", '["Hips","Knees"]', "About A")]
        causes = conn.execute("SELECT run_id, cause FROM post_changes ORDER BY run_id").fetchall()
        assert causes == [(1, "site"), (2, "parser")]
        assert conn.execute("SELECT title FROM posts_fts WHERE posts_fts MATCH 'A'").fetchall() == [("A",)]
