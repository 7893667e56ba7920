"""The command line: options, output and exit codes, plus one run of the installed command."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from crawler.archive.lock import ArchiveLock
from crawler.cli import EXIT_FAILED, EXIT_LOCKED, EXIT_OK, EXIT_PARTIAL, cli, main
from crawler.errors import RunLocked
from crawler.replica import ReplicaServer
from tests.served import free_port


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["crawl", "--concurrency", "0", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2
    assert "concurrency" in result.output


def test_a_held_archive_exits_75_naming_the_holder(tmp_path: Path, replica: ReplicaServer) -> None:
    db_path = tmp_path / "archive.db"
    with ArchiveLock(db_path):
        result = CliRunner().invoke(cli, ["crawl", replica.start_url, "--db", str(db_path), "--delay", "0"])
    assert result.exit_code == EXIT_LOCKED
    assert f"pid {os.getpid()}" in result.output
    assert not db_path.exists()


def test_a_lock_left_by_a_dead_process_is_taken_over(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    holder = subprocess.run(
        [
            sys.executable,
            "-c",
            f"from crawler.archive.lock import ArchiveLock; from pathlib import Path; ArchiveLock(Path({str(db_path)!r})).acquire()",
        ],
        check=True,
    )
    assert holder.returncode == 0
    assert db_path.with_name("archive.db.lock").read_text()
    with ArchiveLock(db_path) as lock:
        assert f'"pid": {os.getpid()}' in lock.path.read_text()


def test_installed_command_crawls_and_prints_json(tmp_path: Path, replica: ReplicaServer) -> None:
    command = Path(sys.executable).with_name("blog-archive")
    db_path = tmp_path / "archive.db"
    run = subprocess.run(
        [str(command), "crawl", replica.start_url, "--db", str(db_path), "--delay", "0", "--max-pages", "20", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    summary = json.loads(run.stdout)
    assert run.returncode == 0, run.stderr
    assert summary["status"] == "ok"
    assert summary["pages"] == 20
    assert run.stderr == ""
    assert not db_path.with_name("archive.db.lock").exists()


def test_help_names_every_command_and_each_command_its_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"  {name} " in result.output
        assert "Exit codes:" in CliRunner().invoke(cli, [name, "--help"]).output
    assert "75 another crawl" in CliRunner().invoke(cli, ["crawl", "--help"]).output


def test_readme_documents_every_command() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for name in cli.commands:  # type: ignore[attr-defined]
        assert f"blog-archive {name}" in readme, name


def unreachable_start_url() -> str:
    """A start URL on a loopback port nothing listens on."""
    return f"http://127.0.0.1:{free_port()}/blog/"


def test_a_quiet_crawl_that_fails_says_why_on_stderr_and_leaves_only_the_archive(tmp_path: Path) -> None:
    start_url = unreachable_start_url()
    result = CliRunner().invoke(cli, ["crawl", "-q", start_url, "--db", str(tmp_path / "a.db"), "--retries", "0"])
    assert result.exit_code == EXIT_FAILED
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(
        f"Error: run 1 failed: {start_url.removesuffix('blog/')}robots.txt could not be fetched (ConnectError"
    ), result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.db"]  # the failed run's record; no lock file


def test_a_failed_crawl_prints_the_summary_on_stdout_and_the_reason_on_stderr(tmp_path: Path) -> None:
    start_url = unreachable_start_url()
    result = CliRunner().invoke(cli, ["crawl", start_url, "--db", str(tmp_path / "a.db"), "--retries", "0", "--json"])
    assert result.exit_code == EXIT_FAILED
    summary = json.loads(result.stdout)
    assert (summary["status"], summary["run_id"]) == ("failed", 1)
    assert result.stderr == f"Error: run 1 failed: {summary['error']}\n"


def test_the_installed_command_failing_quietly_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    command = Path(sys.executable).with_name("blog-archive")
    start_url = unreachable_start_url()
    run = subprocess.run(
        [str(command), "crawl", "-q", start_url, "--db", str(tmp_path / "a.db"), "--retries", "0"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == EXIT_FAILED
    assert run.stdout == ""
    (line,) = run.stderr.splitlines()
    assert line.startswith("Error: run 1 failed: ") and "robots.txt could not be fetched (ConnectError" in line
    assert sorted(path.name for path in tmp_path.iterdir()) == ["a.db"]


def test_a_partial_crawl_names_its_failed_pages_count_on_stderr(tmp_path: Path, small_replica: ReplicaServer) -> None:
    post_url = small_replica.site.expected(small_replica.base_url).posts[0]["url"]
    small_replica.faults.fail(urlsplit(post_url).path, status=503, times=10)
    arguments = [small_replica.start_url, "--db", str(tmp_path / "a.db"), "--delay", "0", "--retries", "0", "-q"]
    result = CliRunner().invoke(cli, ["crawl", *arguments])
    assert result.exit_code == EXIT_PARTIAL
    assert result.stdout == ""
    assert result.stderr == "Error: run 1 partial: 1 page still failed after retries; pages.error says why for each\n"


def test_a_finished_crawl_leaves_no_lock_file(tmp_path: Path, small_replica: ReplicaServer) -> None:
    db_path = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["crawl", small_replica.start_url, "--db", str(db_path), "--delay", "0"])
    assert result.exit_code == EXIT_OK, result.output
    assert sorted(path.name for path in tmp_path.iterdir()) == ["archive.db"]


def test_the_lock_file_goes_with_its_holder_and_a_second_taker_is_refused_meanwhile(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with ArchiveLock(db_path) as lock:
        assert lock.path.exists()
        with pytest.raises(RunLocked, match=f"pid {os.getpid()}"):
            ArchiveLock(db_path).acquire()
    assert not lock.path.exists()


def test_a_taker_that_opened_the_file_its_holder_then_removed_locks_the_file_at_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race the removal opens: B opens the lock file, A releases (removes it, unlocks), B locks the removed file.

    B must notice and lock the file now at the path, or a third process C would lock a new file there as well.
    """
    opened: list[int] = []
    real_open = ArchiveLock._open

    def open_then_lose_the_race(self: ArchiveLock) -> IO[str]:
        handle = real_open(self)
        if not opened:
            self.path.unlink()  # the holder released between this open and the flock
        opened.append(os.fstat(handle.fileno()).st_ino)
        return handle

    monkeypatch.setattr(ArchiveLock, "_open", open_then_lose_the_race)
    db_path = tmp_path / "archive.db"
    with ArchiveLock(db_path) as lock:
        assert len(opened) == 2
        assert lock.path.stat().st_ino == opened[-1]
        monkeypatch.setattr(ArchiveLock, "_open", real_open)
        with pytest.raises(RunLocked):
            ArchiveLock(db_path).acquire()  # C finds the file B holds


def imported_modules(importtime_stderr: str) -> set[str]:
    """The module names `python -X importtime` reported."""
    names = set()
    for line in importtime_stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                names.add(name)
    return names


def assert_no_datasette_or_replica(modules: set[str]) -> None:
    assert "crawler.crawl.run" in modules or "crawler.cli" in modules, sorted(modules)[:20]
    loaded = sorted(name for name in modules if name.split(".")[0] == "datasette" or name.startswith("crawler.replica"))
    assert loaded == []
    assert "crawler.web.serve" not in modules and "crawler.demo" not in modules


def test_crawl_help_imports_neither_datasette_nor_the_replica() -> None:
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "crawler", "crawl", "--help"], capture_output=True, text=True
    )
    assert run.returncode == 0 and "Exit codes:" in run.stdout, run.stderr[-2000:]
    modules = imported_modules(run.stderr)
    assert "crawler.cli" in modules
    assert_no_datasette_or_replica(modules)


def test_a_crawl_imports_neither_datasette_nor_the_replica(tmp_path: Path, replica: ReplicaServer) -> None:
    arguments = [replica.start_url, "--db", str(tmp_path / "a.db"), "--delay", "0", "--max-pages", "20", "-q"]
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "crawler", "crawl", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    modules = imported_modules(run.stderr)
    assert {"crawler.crawl.run", "parsers.page"} <= modules
    assert_no_datasette_or_replica(modules)


def test_the_installed_command_is_main() -> None:
    (script,) = entry_points(group="console_scripts", name="blog-archive")
    assert script.value == "crawler.cli:main"


def test_the_command_leaves_what_is_alive_at_its_end_out_of_the_exits_collections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """main() ends the process: it freezes the objects still alive, which the interpreter's last collections skip."""
    monkeypatch.setattr(sys, "argv", ["blog-archive", "--version"])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit) as ended:
            main()
        assert ended.value.code == EXIT_OK
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()  # this test process goes on: its objects are collected again
