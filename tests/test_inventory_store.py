"""InventoryStore on real SQLite archives: inventories saved and loaded, what changed between two, the runs' use of
the API, disagreements kept, and the inventory_audit view."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from crawler.archive.inventory import Disagreement, InventoryStore
from crawler.archive.runs import RunTotals
from crawler.archive.store import Archive
from crawler.replica import ReplicaServer, build_site
from parsers.wp_rest import Inventory, InventoryItem, InventoryTerm
from tests.test_inventory_client import take_inventory

SITE = "https://backinsteppt.com"
DANCE = InventoryTerm(3, "category", "Dance Medicine", "dance-medicine", f"{SITE}/category/dance-medicine/", 2)
KNEE = InventoryTerm(21, "post_tag", "knee", "knee", f"{SITE}/tag/knee/", 1)


def item(wp_id: int, slug: str, modified: str = "2024-01-01T10:00:00", item_type: str = "post") -> InventoryItem:
    return InventoryItem(
        wp_id=wp_id,
        type=item_type,  # type: ignore[arg-type]
        url=f"{SITE}/2024/01/01/{slug}/" if item_type == "post" else f"{SITE}/{slug}/",
        slug=slug,
        date_gmt="2024-01-01T10:00:00",
        modified_gmt=modified,
        title=slug.replace("-", " ").title(),
        category_ids=(3,) if item_type == "post" else (),
        tag_ids=(21, 99) if item_type == "post" else (),  # 99: a tag the API did not list
    )


def inventory(*items: InventoryItem) -> Inventory:
    return Inventory(f"{SITE}/wp-json/", items, (DANCE,), (KNEE,))


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    store = Archive(tmp_path / "archive.db")
    yield store
    store.close()


def new_run(archive: Archive, status: str = "ok") -> int:
    run_id = archive.runs.start(f"{SITE}/blog/", "incremental", 1, "test")
    archive.runs.finish(run_id, status, RunTotals(), 1.0)  # type: ignore[arg-type]
    return run_id


def test_an_inventory_is_saved_and_loaded_whole(archive: Archive) -> None:
    store = InventoryStore(archive.db)
    run_id = new_run(archive)
    saved = inventory(item(40, "first-post"), item(41, "second-post"), item(7, "about", item_type="page"))
    delta = store.save_inventory(saved, run_id)
    assert (delta.previous_run, delta.added, delta.is_unchanged) == (None, (7, 40, 41), False)
    assert store.load_items() == [item(40, "first-post"), item(41, "second-post"), item(7, "about", item_type="page")]
    assert store.load_terms() == [DANCE, KNEE]
    row = archive.db.execute("SELECT categories, tags, first_seen_run FROM wp_inventory WHERE wp_id = 40").fetchone()
    assert (json.loads(row[0]), json.loads(row[1]), row[2]) == (["Dance Medicine"], ["knee"], run_id)
    assert store.run_use(run_id) == ("used", None)
    assert store.item_at(f"{SITE}/about/") == item(7, "about", item_type="page")


def test_the_next_inventory_says_what_was_added_modified_moved_and_gone(archive: Archive) -> None:
    store = InventoryStore(archive.db)
    first = new_run(archive)
    store.save_inventory(inventory(item(40, "a"), item(41, "b"), item(42, "c"), item(43, "d")), first)
    second = new_run(archive)
    same = store.save_inventory(inventory(item(40, "a"), item(41, "b"), item(42, "c"), item(43, "d")), second)
    assert (same.previous_run, same.is_unchanged) == (first, True)
    third = new_run(archive)
    moved = item(42, "c-renamed", modified="2025-06-12T15:30:00")
    delta = store.save_inventory(
        inventory(item(40, "a"), item(41, "b", modified="2025-06-12T15:30:00"), moved, item(44, "e")), third
    )
    assert delta.previous_run == second and not delta.is_unchanged
    assert (delta.added, delta.modified, delta.gone) == ((44,), (41, 42), (43,))
    assert delta.moved == ((42, f"{SITE}/2024/01/01/c/", f"{SITE}/2024/01/01/c-renamed/"),)
    assert [listed.wp_id for listed in store.load_items(third)] == [40, 41, 42, 44]
    assert [listed.wp_id for listed in store.load_items(second)] == [43], "a gone item keeps its last sighting"
    rows = archive.db.execute("SELECT wp_id, first_seen_run, last_seen_run FROM wp_inventory ORDER BY wp_id").fetchall()
    assert rows == [(40, first, third), (41, first, third), (42, first, third), (43, first, second), (44, third, third)]


def test_a_run_without_the_api_says_why_and_keeps_the_last_inventory(archive: Archive) -> None:
    store = InventoryStore(archive.db)
    first = new_run(archive)
    store.save_inventory(inventory(item(40, "a")), first)
    blocked = new_run(archive)
    store.record_use(blocked, "403", f"{SITE}/wp-json/wp/v2/posts answered 403")
    assert store.run_use(blocked) == ("403", f"{SITE}/wp-json/wp/v2/posts answered 403")
    assert store.latest_run() == first and [listed.wp_id for listed in store.load_items()] == [40]


def test_disagreements_are_recorded_per_run(archive: Archive) -> None:
    store = InventoryStore(archive.db)
    run_id = new_run(archive)
    found = [
        Disagreement(40, f"{SITE}/2024/01/01/a/", "title", "A – new", "A"),
        Disagreement(40, f"{SITE}/2024/01/01/a/", "modified", "2025-06-12T15:30:00", None),
    ]
    store.save_disagreements(run_id, found)
    store.save_disagreements(run_id, found[:1])  # seen again in the same run: one row
    assert store.disagreements(run_id) == sorted(found, key=lambda row: row.field)


def add_post(archive: Archive, url: str, wp_id: int | None, run_id: int, removed: bool = False) -> None:
    archive.db.table("posts").insert(
        {
            "url": url,
            "wp_id": wp_id,
            "title": url,
            "first_seen_run": run_id,
            "last_seen_run": run_id,
            "removed_in_run": run_id if removed else None,
        }
    )


def audit(archive: Archive) -> list[tuple[str, int | None, str, str]]:
    return [
        (row["problem"], row["wp_id"], row["url"].removeprefix(SITE), row["why"])
        for row in archive.db.query("SELECT * FROM inventory_audit")
    ]


def test_inventory_audit_lists_what_the_archive_misses_and_what_the_api_does_not_list(archive: Archive) -> None:
    store = InventoryStore(archive.db)
    assert audit(archive) == [], "no inventory yet: nothing to compare"
    run_id = new_run(archive)
    listed = [item(40, "by-id"), item(41, "by-url"), item(42, "gone-404"), item(43, "never"), item(44, "robots")]
    store.save_inventory(inventory(*listed, item(7, "about", item_type="page")), run_id)
    add_post(archive, f"{SITE}/2024/01/01/old-address-of-by-id/", 40, run_id)  # the page gives the id
    add_post(archive, f"{SITE}/2024/01/01/by-url/", None, run_id)  # no id on the page: matched by address
    add_post(archive, f"{SITE}/2023/05/05/not-listed/", 77, run_id)
    add_post(archive, f"{SITE}/2023/05/05/removed/", 78, run_id, removed=True)
    archive.db.table("pages").insert({"url": f"{SITE}/2024/01/01/gone-404/", "status": 404, "run_id": run_id})
    archive.db.table("skipped_urls").insert({"run_id": run_id, "url": f"{SITE}/2024/01/01/robots/", "reason": "robots"})
    assert audit(archive) == [
        ("not archived", 42, "/2024/01/01/gone-404/", "answered HTTP 404"),
        ("not archived", 43, "/2024/01/01/never/", "never fetched"),
        ("not archived", 44, "/2024/01/01/robots/", "skipped: robots"),
        ("not in the inventory", 77, "/2023/05/05/not-listed/", "a live archived post the REST API does not list"),
    ]


def test_a_failed_run_inventory_is_not_audited(archive: Archive) -> None:
    store = InventoryStore(archive.db)
    store.save_inventory(inventory(item(40, "a")), new_run(archive, status="failed"))
    assert audit(archive) == []


def test_the_replicas_inventory_round_trips_through_a_real_archive(tmp_path: Path) -> None:
    with ReplicaServer(build_site(edition=2, rename=True), crawl_delay=0.0) as server:
        result, _root = asyncio.run(take_inventory(server))
    assert result.inventory is not None
    with closing(Archive(tmp_path / "archive.db")) as archive:
        store = InventoryStore(archive.db)
        run_id = new_run(archive)
        store.save_inventory(result.inventory, run_id)
        assert sorted(store.load_items(), key=lambda listed: listed.wp_id) == sorted(
            result.inventory.items, key=lambda listed: listed.wp_id
        )
        assert len(store.load_terms()) == len(result.inventory.categories) + len(result.inventory.tags)
    with closing(sqlite3.connect(tmp_path / "archive.db")) as conn:
        (names,) = conn.execute("SELECT categories FROM wp_inventory WHERE title LIKE 'Your First Visit%'").fetchone()
    assert json.loads(names) == ["Wellness"]
