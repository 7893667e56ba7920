"""Re-parse parses first and writes after: every stored body is read into a staging file beside the archive while
no write transaction is open, then one transaction writes what was staged; a fault or a kill while it writes
leaves the archive as it was, and the staging file never outlives the re-parse."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from collections import Counter
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

import crawler.archive.locked_run
import crawler.archive.reread
import crawler.export.reparse
from crawler.archive import history
from crawler.archive.posts import PostStore
from crawler.archive.staging import Reading, Staging, Step, staging_dirs
from crawler.archive.store import Archive, PostChange
from crawler.crawl.pictures import MediaHosts
from crawler.export.reparse import reparse_archive
from crawler.media import KeptPicture
from crawler.pages import parse_html_response, parse_with_pictures
from parsers.models import ParsedPage
from tests.support import MARK, Crawled, copy_archive, retitled

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def week_copy(week_later: Crawled, tmp_path: Path) -> Path:
    """A copy of the archive of two crawls a week apart: current pages, removed posts and older versions."""
    return copy_archive(week_later.db_path, tmp_path / "archive.db")


def snapshot(db_path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows but the run log's (a re-parse always records its run), order-free."""
    with closing(sqlite3.connect(db_path)) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {
            table: sorted(db.execute(f"SELECT * FROM [{table}]").fetchall(), key=repr)
            for table in tables
            if table != "crawl_runs"
        }


def last_run(db_path: Path) -> tuple[str, str, str | None]:
    """Mode, status and error of the newest crawl_runs row."""
    with closing(sqlite3.connect(db_path)) as db:
        return db.execute("SELECT mode, status, error FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()


def some_posts(db_path: Path, count: int = 3) -> set[str]:
    """A few live posts' URLs."""
    with closing(sqlite3.connect(db_path)) as db:
        rows = db.execute("SELECT url FROM posts WHERE removed_in_run IS NULL ORDER BY url LIMIT ?", [count])
        return {row[0] for row in rows}


def is_write_locked(db_path: Path) -> bool:
    """Whether some connection holds the archive's write lock, asked from a connection of our own."""
    with closing(sqlite3.connect(db_path, timeout=0, isolation_level=None)) as probe:
        try:
            probe.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc), exc
            return True
        probe.execute("ROLLBACK")
        return False


class Watch:
    """The archives a re-parse opens, and checks that nothing parses while one of them is being written."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.archives: list[Archive] = []
        self.events: Counter[str] = Counter()
        self.violations: list[str] = []  # kept, not raised: a re-parse counts a parser's exception as a skipped page

    def check_not_writing(self, what: str) -> None:
        """No archive this re-parse opened has a transaction open, and nobody holds the file's write lock."""
        if not self.archives:
            self.violations.append(f"{what} before the re-parse opened its archive")
        if any(archive.db.conn.in_transaction for archive in self.archives):
            self.violations.append(f"{what} inside the archive's write transaction")
        if is_write_locked(self.db_path):
            self.violations.append(f"{what} while the archive's write lock is held")
        self.events[what] += 1


def watch_reparse(monkeypatch: pytest.MonkeyPatch, db_path: Path, change: Any = lambda page: page) -> Watch:
    """Record every archive the re-parse opens; parsing (a re-parse's, or history's re-read) and staging assert
    that no write transaction is open; storing a page checks that one is, and checks the staged re-read."""
    watch = Watch(db_path)

    class Watched(Archive):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            watch.archives.append(self)

        def save_content(
            self, page_url: str, parsed: ParsedPage, run_id: int, reparse: bool = False, body: str | None = None
        ) -> PostChange | None:
            change = super().save_content(page_url, parsed, run_id, reparse, body)
            assert self.db.conn.in_transaction and is_write_locked(watch.db_path)  # the probes can see a write
            parses = watch.events["parse"]
            if parsed.post is not None and parsed.post.url == page_url:
                digest = self.db.execute("SELECT content_hash FROM pages WHERE url = ?", [page_url]).fetchone()[0]
                assert self.reread(self.bodies, page_url, digest) == history.version_of(parsed)
                watch.events["staged re-read"] += 1
            assert watch.events["parse"] == parses, "history's re-read parsed"
            watch.events["write"] += 1
            return change

    def parse(body: bytes, content_type: str | None, url: str) -> ParsedPage:
        watch.check_not_writing("parse")
        return change(parse_html_response(body, content_type, url))

    def parse_pictured(
        body: bytes, content_type: str | None, url: str, hosts: MediaHosts
    ) -> tuple[ParsedPage, tuple[KeptPicture, ...]]:
        watch.check_not_writing("parse")
        parsed, pictures = parse_with_pictures(body, content_type, url, hosts)
        return change(parsed), pictures

    stage = Staging.stage

    def staged(staging: Staging, step: Step, reading: Reading) -> None:
        watch.check_not_writing(f"stage {step}")
        stage(staging, step, reading)

    monkeypatch.setattr(crawler.archive.locked_run, "Archive", Watched)
    monkeypatch.setattr(crawler.export.reparse, "parse_with_pictures", parse_pictured)
    monkeypatch.setattr(crawler.archive.reread, "parse_html_response", parse)
    monkeypatch.setattr(Staging, "stage", staged)
    return watch


def test_no_parse_runs_while_the_archive_is_being_written(week_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    targets = some_posts(week_copy)
    watch = watch_reparse(monkeypatch, week_copy, retitled(targets))

    summary = reparse_archive(week_copy, workers=0)

    assert watch.violations == []
    assert summary.status == "ok" and summary.changed_posts == len(targets)
    assert watch.events["parse"] == summary.parsed > 0
    # every kind of stored body was staged: current pages, removed posts' last pages, older versions
    assert {"stage page", "stage other", "stage version"} <= set(watch.events)
    assert watch.events["write"] > 0 and watch.events["staged re-read"] > 0
    with closing(sqlite3.connect(week_copy)) as db:
        titles = {row[0] for row in db.execute("SELECT url FROM posts WHERE title LIKE ?", [f"%{MARK}"])}
    assert titles == targets


@pytest.mark.parametrize(("fault", "status"), [(RuntimeError, "failed"), (KeyboardInterrupt, "interrupted")])
def test_a_fault_while_writing_leaves_the_archive_as_it_was(
    week_copy: Path, monkeypatch: pytest.MonkeyPatch, fault: type[BaseException], status: str
) -> None:
    targets = some_posts(week_copy)
    watch = watch_reparse(monkeypatch, week_copy, retitled(targets))
    before = snapshot(week_copy)
    replace_versions = PostStore.replace_versions
    rebuilt: list[str] = []

    def fail_part_way(posts: PostStore, post_url: str, versions: Any) -> None:
        if len(rebuilt) == 5:
            pending = posts.db.execute("SELECT count(*) FROM posts WHERE title LIKE ?", [f"%{MARK}"]).fetchone()[0]
            assert pending == len(targets)  # the new titles are written, not yet committed
            raise fault("fault injected while writing")
        rebuilt.append(post_url)
        replace_versions(posts, post_url, versions)

    monkeypatch.setattr(PostStore, "replace_versions", fail_part_way)

    with pytest.raises(fault, match="fault injected"):
        reparse_archive(week_copy, workers=0)

    assert watch.violations == [] and watch.events["write"] > 0
    assert snapshot(week_copy) == before
    mode, run_status, error = last_run(week_copy)
    assert (mode, run_status) == ("reparse", status) and error is not None and "nothing changed" in error
    assert staging_dirs(week_copy) == []


KILLED_REPARSE = """
import os, signal, sys
from pathlib import Path
import pytest
from crawler.archive.posts import PostStore
from crawler.export.reparse import reparse_archive
from tests.support import retitled, use_parser

db_path, targets = Path(sys.argv[1]), set(sys.argv[2:])
use_parser(pytest.MonkeyPatch(), {}, retitled(targets))
replace_versions = PostStore.replace_versions
rebuilt = []

def kill_part_way(posts, post_url, versions):
    if len(rebuilt) == 5:
        print("killing", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    rebuilt.append(post_url)
    replace_versions(posts, post_url, versions)

PostStore.replace_versions = kill_part_way
reparse_archive(db_path, workers=0)
"""


def test_a_reparse_killed_while_writing_leaves_the_archive_as_it_was_and_the_next_clears_its_staging(
    week_copy: Path,
) -> None:
    before = snapshot(week_copy)
    script = textwrap.dedent(KILLED_REPARSE)
    command = [sys.executable, "-c", script, str(week_copy), *sorted(some_posts(week_copy))]
    killed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)

    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert "killing" in killed.stdout
    left = staging_dirs(week_copy)
    assert len(left) == 1 and any(left[0].iterdir())  # a kill leaves its staging file behind...
    assert snapshot(week_copy) == before
    assert last_run(week_copy)[:2] == ("reparse", "running")

    summary = reparse_archive(week_copy, workers=0)

    assert summary.status == "ok" and summary.changed_posts == 0
    assert staging_dirs(week_copy) == []  # ...which the next re-parse, holding the lock, removes
    assert snapshot(week_copy) == before
    with closing(sqlite3.connect(week_copy)) as db:
        statuses = [row[0] for row in db.execute("SELECT status FROM crawl_runs WHERE mode = 'reparse' ORDER BY id")]
    assert statuses == ["interrupted", "ok"]


def test_the_staging_file_lives_beside_the_archive_only_while_the_reparse_runs(
    week_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []
    stage = Staging.stage

    def staged(staging: Staging, step: Step, reading: Reading) -> None:
        assert staging.path.is_file() and staging.path.parent.parent == week_copy.parent
        seen.append(staging.path)
        stage(staging, step, reading)

    monkeypatch.setattr(Staging, "stage", staged)
    assert reparse_archive(week_copy, workers=0).status == "ok"
    assert seen and len(set(seen)) == 1
    assert not seen[0].exists() and staging_dirs(week_copy) == []


def test_a_fault_while_parsing_removes_the_staging_file_and_changes_nothing(
    week_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = snapshot(week_copy)
    parsed: list[str] = []

    def interrupted(
        body: bytes, content_type: str | None, url: str, hosts: MediaHosts
    ) -> tuple[ParsedPage, tuple[KeptPicture, ...]]:
        if len(parsed) == 20:
            assert len(staging_dirs(week_copy)) == 1
            raise KeyboardInterrupt
        parsed.append(url)
        return parse_with_pictures(body, content_type, url, hosts)

    monkeypatch.setattr(crawler.export.reparse, "parse_with_pictures", interrupted)
    with pytest.raises(KeyboardInterrupt):
        reparse_archive(week_copy, workers=0)

    assert staging_dirs(week_copy) == []
    assert snapshot(week_copy) == before
    assert last_run(week_copy)[:2] == ("reparse", "interrupted")
