"""The archive's schema as numbered sqlite-utils migrations, frozen once released.

sqlite-utils records each applied migration by name in `_sqlite_migrations` and runs every name it does
not find there. So, for whoever changes the schema:

- A new migration is a new `Step` added at the end (of era5.py, or a new era module listed in STEPS
  below), with its SQL inline as text: no shared constants, no SQL built by Python, no `str.replace`.
- A released migration is never edited, renamed or renumbered. A view to change gets a new migration
  that drops and re-creates it; a wrong migration is corrected by a later one.
- Then regenerate the schema dump, `python -m crawler.archive.migrations.dump`, review its diff, and
  add the new step's hash to RELEASED in tests/test_migrations.py.

Before this rule, migrations were renumbered after archives had recorded them; RENAMED maps each old
name to the current one, so such an archive counts those migrations as applied instead of running them
again (the column each adds already exists). m014_content_audits is left out on purpose: its SQL
changed three times under that name, so m009_content_audits runs again over it, which its
DROP ... IF EXISTS / CREATE ... IF NOT EXISTS statements allow.
"""

from __future__ import annotations

from crawler.archive.migrations import era1, era2, era3, era4, era5
from crawler.archive.migrations.frozen import FrozenMigrations, Step

STEPS: tuple[Step, ...] = (*era1.STEPS, *era2.STEPS, *era3.STEPS, *era4.STEPS, *era5.STEPS)

RENAMED = {  # name an earlier release recorded -> the same migration's name now
    "m004_sitemap_lastmod": "m002_sitemap_lastmod",  # 9ad0728 and 0ca802c, 2026-11-23; renamed in 5b08fee
    "m005_search_and_audit_views": "m004_search_and_audit_views",  # 0ca802c; renamed in 5b08fee
    "m013_post_history": "m007_post_history",  # cbc621a, 2026-11-29; renamed in 4663214
    "m012_post_sources": "m008_post_sources",  # d28b656; renamed in 4663214
    "m011_trap_rules": "m010_trap_rules",  # bb68150; renamed in the merge 7bea394
}

migrations = FrozenMigrations("blog-archive", STEPS, RENAMED)

__all__ = ["RENAMED", "STEPS", "FrozenMigrations", "Step", "migrations"]
