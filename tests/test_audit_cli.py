"""`blog-archive audit`: the report, its JSON and the --fail-on exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from crawler.cli import EXIT_AUDIT_FINDINGS, EXIT_FAILED, EXIT_OK, EXIT_USAGE, cli
from crawler.web.audit import AUDIT_NAMES
from tests.served import free_port
from tests.support import Crawled, copy_archive


def audit(db_path: Path, *options: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["audit", "--db", str(db_path), *options])
    return result.exit_code, result.stdout, result.stderr


def test_the_report_has_a_section_per_audit_with_counts_and_first_rows(crawled: Crawled) -> None:
    code, out, _ = audit(crawled.db_path, "--rows", "2")
    assert code == EXIT_OK
    assert out.splitlines()[0].startswith(f"Audit of {crawled.db_path}: ")
    for name in AUDIT_NAMES:
        assert f"[{name}]: " in out
    assert "Broken links [broken-links]: 1" in out
    assert crawled.truth.removed_url in out
    assert "… and " in out  # more images lack alt text than the two rows shown


def test_json_lists_every_audit_with_its_count_and_rows(crawled: Crawled) -> None:
    code, out, _ = audit(crawled.db_path, "--json", "--rows", "0")
    assert code == EXIT_OK
    report = json.loads(out)
    audits = {entry["name"]: entry for entry in report["audits"]}
    assert list(audits) == list(AUDIT_NAMES)
    assert audits["broken-links"]["rows"][0]["target_url"] == crawled.truth.removed_url
    assert audits["uncategorized"]["count"] == len(audits["uncategorized"]["rows"]) == 2
    assert audits["archive"]["count"] == 0 and audits["unlisted"]["count"] == 0
    assert audits["changes"]["count"] == len(crawled.truth.posts)


def test_fail_on_exits_4_only_when_a_named_audit_finds_something(crawled: Crawled) -> None:
    assert audit(crawled.db_path, "--fail-on", "unlisted,archive")[0] == EXIT_OK
    code, _, err = audit(crawled.db_path, "--fail-on", "unlisted, broken-links,missing-alt")
    assert code == EXIT_AUDIT_FINDINGS == 4
    assert "broken-links, missing-alt" in err
    assert audit(crawled.db_path, "--fail-on", "all")[0] == EXIT_AUDIT_FINDINGS


def test_an_unknown_audit_is_a_usage_error(crawled: Crawled) -> None:
    code, _, err = audit(crawled.db_path, "--fail-on", "broken-links,typo")
    assert code == EXIT_USAGE
    assert "unknown audit typo" in err


def test_a_file_that_is_no_archive_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("not a database")
    code, _, err = audit(path)
    assert code == EXIT_FAILED
    assert "is not an SQLite database" in err


def test_an_archive_whose_latest_crawl_failed_is_still_audited(crawled: Crawled, tmp_path: Path) -> None:
    db_path = copy_archive(crawled.db_path, tmp_path / "archive.db")
    dead = f"http://127.0.0.1:{free_port()}/blog/"  # the site "moved" to where nothing answers
    failed = CliRunner().invoke(cli, ["crawl", "-q", dead, "--site-moved", "--db", str(db_path)])
    assert failed.exit_code == EXIT_FAILED and "failed" in failed.stderr
    code, out, err = audit(db_path, "--rows", "1")
    assert (code, err) == (EXIT_OK, "")
    assert "Broken links [broken-links]: 1" in out
