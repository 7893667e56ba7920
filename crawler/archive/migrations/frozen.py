"""A migration held as SQL text, and the sqlite-utils migration set that also knows earlier names."""

from __future__ import annotations

import sqlite3
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations


@dataclass(frozen=True, slots=True)
class Step:
    """One numbered migration: its name, what it does, and the SQL it runs, inline as text."""

    name: str
    about: str
    sql: str

    def statements(self) -> list[str]:
        """The SQL split into statements; a trigger's BEGIN ... END stays whole."""
        statements: list[str] = []
        pending = ""
        for line in textwrap.dedent(self.sql).strip().splitlines(keepends=True):
            pending += line
            if sqlite3.complete_statement(pending):
                statements.append(pending.strip())
                pending = ""
        if pending.strip():
            raise ValueError(f"migration {self.name} ends inside a statement: {pending.strip()[:60]!r}")
        return statements

    def run(self, db: Database) -> None:
        """Execute each statement in the transaction sqlite-utils opened (executescript would commit it)."""
        for statement in self.statements():
            db.execute(statement)


class FrozenMigrations(Migrations):
    """sqlite-utils migrations from Steps; a step recorded under a name it had earlier counts as applied."""

    def __init__(self, name: str, steps: Sequence[Step], renamed: Mapping[str, str]) -> None:
        super().__init__(name)
        self.steps = tuple(steps)
        self.renamed = dict(renamed)
        for step in self.steps:
            self(name=step.name)(step.run)

    def applied(self, db: Database) -> list[Migrations._AppliedMigration]:
        """The migrations recorded in `db`, plus each one's current name where it was recorded under an old one."""
        recorded = super().applied(db)
        names = {migration.name for migration in recorded}
        return recorded + [
            self._AppliedMigration(name=self.renamed[migration.name], applied_at=migration.applied_at)
            for migration in recorded
            if migration.name in self.renamed and self.renamed[migration.name] not in names
        ]
