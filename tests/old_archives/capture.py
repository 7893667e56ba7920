"""How the files beside this script were made: what each released schema really executed, captured from git.

For every commit on main that changed the schema module, the module is taken from git, its migrations run
on an empty database with SQLite's statement trace on, and each migration's statements are kept (one file
per distinct name and content: statements/NAME@COMMIT.sql, COMMIT being where that content first ran).
archives.json lists, for each distinct state, the migrations an archive built by that commit recorded,
in order. tests/test_migrations.py rebuilds each such archive from these files and migrates it.

These files record history: they are not regenerated when the schema changes. Run from the repository
root, with sqlite-utils installed: python tests/old_archives/capture.py
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from types import ModuleType

from sqlite_utils import Database

HERE = Path(__file__).parent
SCHEMA_PATHS = ("crawler/archive/schema.py", "crawler/schema.py")
LAST_SCHEMA_MODULE = "beb8763"  # the last commit whose migrations lived in crawler/archive/schema.py
INTROSPECTION = re.compile(r"^\s*(SELECT|PRAGMA|SAVEPOINT|RELEASE|BEGIN|COMMIT|ROLLBACK)\b", re.IGNORECASE)


def git(*args: str) -> str:
    """Run git in the repository and return its output."""
    return subprocess.run(["git", *args], capture_output=True, text=True, check=True).stdout


def schema_module(commit: str, directory: Path) -> ModuleType:
    """The schema module as it was at `commit`, imported from a copy."""
    for path in SCHEMA_PATHS:
        shown = subprocess.run(["git", "show", f"{commit}:{path}"], capture_output=True, text=True)
        if shown.returncode == 0:
            copy = directory / f"schema_{commit}.py"
            copy.write_text(shown.stdout)
            spec = importlib.util.spec_from_file_location(f"schema_{commit}", copy)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    raise LookupError(f"no schema module at {commit}")


def traced_migrations(module: ModuleType) -> list[tuple[str, list[str]]]:
    """Each migration's name and the statements it executed on a new database (introspection left out)."""
    db = Database(memory=True)
    migrations = module.migrations
    migrations.ensure_migrations_table(db)
    traced = []
    for migration in migrations._migrations:
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        with db.atomic():
            migration.fn(db)
        db.conn.set_trace_callback(None)
        kept = [
            statement.strip().rstrip(";")
            for statement in statements
            if not statement.startswith("--")  # a virtual table's own statements, run inside another
            and not INTROSPECTION.match(statement)
            and "_sqlite_migrations" not in statement
        ]
        traced.append((migration.name, kept))
    return traced


def main() -> None:
    """Write statements/*.sql and archives.json."""
    commits = git("log", "--reverse", "--format=%h", LAST_SCHEMA_MODULE, "--", *SCHEMA_PATHS).split()
    (HERE / "statements").mkdir(exist_ok=True)
    files: dict[tuple[str, str], str] = {}
    states: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as directory:
        for commit in commits:
            recorded = []
            for name, statements in traced_migrations(schema_module(commit, Path(directory))):
                text = "".join(f"{statement};\n\n" for statement in statements)
                digest = hashlib.sha256(text.encode()).hexdigest()
                if (name, digest) not in files:
                    files[name, digest] = f"{name}@{commit}"
                    (HERE / "statements" / f"{name}@{commit}.sql").write_text(text)
                recorded.append(files[name, digest])
            if states and states[-1]["migrations"] == recorded:
                continue
            date, subject = git("log", "-1", "--format=%as%x00%s", commit).strip().split("\0")
            states.append({"commit": commit, "date": date, "subject": subject[:100], "migrations": recorded})
    (HERE / "archives.json").write_text(json.dumps(states, indent=1) + "\n")
    print(f"{len(states)} archive states, {len(files)} distinct migrations", file=sys.stderr)


if __name__ == "__main__":
    main()
