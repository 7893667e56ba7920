"""InventoryStore: what WordPress's REST API lists (wp_inventory, wp_terms), how each run used it, and where
the API and the pages disagree. Saving an inventory also says what changed since the last one."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from crawler.records import InventoryStatus
from parsers.wp_rest import Inventory, InventoryItem, InventoryTerm


@dataclass(frozen=True, slots=True)
class InventoryDelta:
    """What a run's inventory changed against the previous run's: the work an incremental crawl has left."""

    previous_run: int | None  # the run whose inventory this one is compared with; None for the first
    added: tuple[int, ...]  # ids listed now and not before
    modified: tuple[int, ...]  # listed before, with another modified_gmt now
    moved: tuple[tuple[int, str, str], ...]  # (id, old url, new url): the API's link changed
    gone: tuple[int, ...]  # listed before, not now

    @property
    def is_unchanged(self) -> bool:
        """Whether the site's inventory is as it was: nothing added, modified, moved or gone."""
        return self.previous_run is not None and not (self.added or self.modified or self.moved or self.gone)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One field where the REST API and the post's own page say different things."""

    wp_id: int
    post_url: str
    field: str  # e.g. "url", "title", "modified"
    api_value: str | None
    page_value: str | None


class InventoryStore:
    """wp_inventory, wp_terms, inventory_disagreements and crawl_runs.inventory, written with sqlite-utils."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def latest_run(self, before: int | None = None) -> int | None:
        """The newest run (before `before`, if given) whose inventory was saved."""
        sql = "SELECT max(last_seen_run) FROM wp_inventory" + (" WHERE last_seen_run < ?" if before else "")
        row = self.db.execute(sql, [before] if before else []).fetchone()
        return int(row[0]) if row and row[0] is not None else None

    def save_inventory(self, inventory: Inventory, run_id: int) -> InventoryDelta:
        """Record what the API lists as seen by this run, and return how it differs from the previous inventory."""
        previous_run = self.latest_run(before=run_id)
        before = {item.wp_id: item for item in self.load_items(previous_run)} if previous_run else {}
        delta = _delta(before, inventory.items, previous_run)
        rows = [_item_row(inventory, item, run_id) for item in inventory.items]
        terms = [_term_row(term, run_id) for term in (*inventory.categories, *inventory.tags)]
        with self.db.atomic():
            self._upsert("wp_inventory", rows, ["wp_id"])
            self._upsert("wp_terms", terms, ["taxonomy", "wp_id"])
            self.record_use(run_id, "used", None)
        return delta

    def _upsert(self, table: str, rows: list[dict[str, object]], keys: list[str]) -> None:
        """Insert the rows, or update them keeping the run that first saw each."""
        if not rows:
            return
        first_seen = {
            tuple(row[key] for key in keys): row["first_seen_run"]
            for row in self.db[table].rows_where(select=", ".join([*keys, "first_seen_run"]))
        }
        for row in rows:
            row["first_seen_run"] = first_seen.get(tuple(row[key] for key in keys), row["first_seen_run"])
        self.db.table(table).upsert_all(rows, pk=keys)

    def take_over(self, resumed_run: int, run_id: int) -> Inventory | None:
        """A resumed run takes over the inventory of the run it resumes: the rows that run saw become this run's, and
        its use (or why not) is recorded for this run too. Returns the inventory when it was used.

        What that inventory changed since the run before is not known again (its rows were updated in place), so a
        resumed run skips no post or page by it, and says so in `crawl_runs.inventory_detail`."""
        status, detail = self.run_use(resumed_run)
        with self.db.atomic():
            for table in ("wp_inventory", "wp_terms"):
                self.db.execute(
                    f'UPDATE "{table}" SET last_seen_run = ? WHERE last_seen_run = ?', [run_id, resumed_run]
                )
            if status == "used":
                detail = (
                    f"taken over from run {resumed_run}, which this run resumes; what it changed since the run before"
                    " is not known again, so no page was skipped by it"
                )
            elif status is None:
                status, detail = (
                    "unavailable",
                    f"run {resumed_run}, which this run resumes, stopped before it read the API",
                )
            self.record_use(run_id, status, detail)
        if status != "used":
            return None
        categories = tuple(term for term in self.load_terms(run_id) if term.taxonomy == "category")
        tags = tuple(term for term in self.load_terms(run_id) if term.taxonomy == "post_tag")
        return Inventory("", tuple(self.load_items(run_id)), categories, tags)  # the API's root is not kept

    def record_use(self, run_id: int, status: InventoryStatus, detail: str | None) -> None:
        """How the run used the inventory (`used`, or why not), in its crawl_runs row."""
        self.db.execute(
            "UPDATE crawl_runs SET inventory = ?, inventory_detail = ? WHERE id = ?", [status, detail, run_id]
        )

    def run_use(self, run_id: int) -> tuple[InventoryStatus | None, str | None]:
        """What crawl_runs says about the run's inventory: its status and detail."""
        row = self.db.execute("SELECT inventory, inventory_detail FROM crawl_runs WHERE id = ?", [run_id]).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def load_items(self, run_id: int | None = None) -> list[InventoryItem]:
        """The posts and pages a run's inventory listed (default: the latest saved), posts first, by id."""
        run_id = run_id if run_id is not None else self.latest_run()
        if run_id is None:
            return []
        rows = self.db.execute(
            "SELECT wp_id, type, url, slug, date_gmt, modified_gmt, title, category_ids, tag_ids FROM wp_inventory"
            " WHERE last_seen_run = ? ORDER BY type DESC, wp_id",
            [run_id],
        ).fetchall()
        return [
            InventoryItem(
                wp_id=wp_id,
                type=item_type,
                url=url,
                slug=slug,
                date_gmt=date_gmt,
                modified_gmt=modified_gmt,
                title=title,
                category_ids=tuple(json.loads(category_ids or "[]")),
                tag_ids=tuple(json.loads(tag_ids or "[]")),
            )
            for wp_id, item_type, url, slug, date_gmt, modified_gmt, title, category_ids, tag_ids in rows
        ]

    def load_terms(self, run_id: int | None = None) -> list[InventoryTerm]:
        """The categories and tags a run's inventory listed (default: the latest saved), by taxonomy and name."""
        run_id = run_id if run_id is not None else self.latest_run()
        if run_id is None:
            return []
        return [
            InventoryTerm(wp_id, taxonomy, name, slug, url, count)
            for taxonomy, wp_id, name, slug, url, count in self.db.execute(
                "SELECT taxonomy, wp_id, name, slug, url, count FROM wp_terms WHERE last_seen_run = ?"
                " ORDER BY taxonomy, name",
                [run_id],
            ).fetchall()
        ]

    def item_at(self, url: str) -> InventoryItem | None:
        """The item the latest inventory lists at this URL, if any."""
        return next((item for item in self.load_items() if item.url == url), None)

    def save_disagreements(self, run_id: int, disagreements: Iterable[Disagreement]) -> None:
        """Record where the API and the pages disagree; the archive keeps what the page says."""
        rows = [
            {
                "run_id": run_id,
                "wp_id": found.wp_id,
                "post_url": found.post_url,
                "field": found.field,
                "api_value": found.api_value,
                "page_value": found.page_value,
            }
            for found in disagreements
        ]
        if rows:
            self.db.table("inventory_disagreements").upsert_all(rows, pk=["run_id", "wp_id", "field"])

    def disagreements(self, run_id: int) -> list[Disagreement]:
        """The disagreements a run recorded, by id and field."""
        return [
            Disagreement(wp_id, post_url, field, api_value, page_value)
            for wp_id, post_url, field, api_value, page_value in self.db.execute(
                "SELECT wp_id, post_url, field, api_value, page_value FROM inventory_disagreements"
                " WHERE run_id = ? ORDER BY wp_id, field",
                [run_id],
            ).fetchall()
        ]


def _item_row(inventory: Inventory, item: InventoryItem, run_id: int) -> dict[str, object]:
    """A wp_inventory row."""
    return {
        "wp_id": item.wp_id,
        "type": item.type,
        "url": item.url,
        "slug": item.slug,
        "date_gmt": item.date_gmt,
        "modified_gmt": item.modified_gmt,
        "title": item.title,
        "categories": json.dumps(inventory.category_names(item), ensure_ascii=False),
        "tags": json.dumps(inventory.tag_names(item), ensure_ascii=False),
        "category_ids": json.dumps(list(item.category_ids)),
        "tag_ids": json.dumps(list(item.tag_ids)),
        "first_seen_run": run_id,
        "last_seen_run": run_id,
    }


def _term_row(term: InventoryTerm, run_id: int) -> dict[str, object]:
    """A wp_terms row."""
    return {
        "taxonomy": term.taxonomy,
        "wp_id": term.wp_id,
        "name": term.name,
        "slug": term.slug,
        "url": term.url,
        "count": term.count,
        "first_seen_run": run_id,
        "last_seen_run": run_id,
    }


def _delta(before: dict[int, InventoryItem], now: Iterable[InventoryItem], previous_run: int | None) -> InventoryDelta:
    """How the items listed now differ from those listed before."""
    current = {item.wp_id: item for item in now}
    kept = [wp_id for wp_id in current if wp_id in before]
    return InventoryDelta(
        previous_run=previous_run,
        added=tuple(sorted(set(current) - set(before))),
        modified=tuple(sorted(i for i in kept if current[i].modified_gmt != before[i].modified_gmt)),
        moved=tuple(sorted((i, before[i].url, current[i].url) for i in kept if current[i].url != before[i].url)),
        gone=tuple(sorted(set(before) - set(current))),
    )
