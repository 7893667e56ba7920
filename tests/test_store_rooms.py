"""The store's rooms and the decisions around them: history decides before anything is written (a stored post is
never re-read inside a write transaction), and one locked-run skeleton records every run, whatever ends it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.archive import history
from crawler.archive.bodies import BodyStore
from crawler.archive.locked_run import locked_archive, recorded_run
from crawler.archive.reread import reread_post
from crawler.archive.runs import RunTotals
from crawler.archive.store import Archive
from crawler.pages import parse_html_response
from crawler.records import FetchResult, PostChange
from parsers import PARSER_VERSION
from tests.support import Crawled, copy_archive

OLDER_PARSERS = "older-parsers"


@dataclass
class Edited:
    """A stored post, its bytes as stored, and the same page with its title edited."""

    archive: Archive
    url: str
    content_type: str | None
    stored: bytes
    edited: bytes

    def fields(self) -> tuple[str, ...]:
        """The content fields the edit changes, as today's parsers read both."""
        old, new = (
            history.version_of(parse_html_response(body, self.content_type, self.url))
            for body in (self.stored, self.edited)
        )
        return tuple(history.changed_fields(old, new))


@pytest.fixture
def edited(crawled: Crawled, tmp_path: Path) -> Iterator[Edited]:
    """A copy of the crawled archive whose crawl ran older parsers, and a post whose title the site edits."""
    archive = Archive(copy_archive(crawled.db_path, tmp_path / "archive.db"))
    archive.db.execute("UPDATE crawl_runs SET parser_version = ?", [OLDER_PARSERS])
    archive.db.conn.commit()
    for post in crawled.truth.posts:
        stored = archive.bodies.stored_body(post["url"])
        if stored is not None and post["title"].replace(" ", "").isalnum():  # the same in text, markup and JSON-LD
            edited = stored.replace(post["title"].encode(), f"{post['title']} revised".encode())
            source = archive.bodies.latest_ok_response(post["url"])
            assert source is not None
            yield Edited(archive, post["url"], source.header("content-type"), stored, edited)
            archive.close()
            return
    pytest.fail("no post has a title of letters and spaces only")


def save_edited(edited: Edited, run_id: int) -> PostChange | None:
    """Store the edited page as run `run_id` fetched it."""
    result = FetchResult(edited.url, 200, edited.edited, None, edited.url, edited.content_type)
    parsed = parse_html_response(edited.edited, edited.content_type, edited.url)
    return edited.archive.save_page(result, "post", parsed, run_id)


class Rereads:
    """A re-read function that checks no transaction is open when it runs, and counts its calls."""

    def __init__(self, archive: Archive, answer: history.Version | None = None) -> None:
        self.archive = archive
        self.answer = answer
        self.calls: list[tuple[str, bool]] = []

    def __call__(self, bodies: BodyStore, url: str, digest: str) -> history.Version | None:
        self.calls.append((url, self.archive.db.conn.in_transaction))
        assert not self.archive.db.conn.in_transaction, "a stored post is parsed inside a write transaction"
        return self.answer if self.answer is not None else reread_post(bodies, url, digest)


@pytest.mark.parametrize("batched", [False, True])
def test_a_site_edit_is_told_from_a_parser_upgrade_by_a_reread_outside_any_transaction(
    edited: Edited, batched: bool
) -> None:
    archive = edited.archive
    rereads = Rereads(archive)
    archive.reread = rereads
    run_id = archive.runs.start(edited.url, "incremental", 0, None)
    if batched:  # as a crawl stores pages: each a savepoint of a transaction committed every so often
        with archive.commits_batched(60.0):
            change = save_edited(edited, run_id)
            assert archive.db.conn.in_transaction, "the batch goes on after the re-read"
    else:
        change = save_edited(edited, run_id)
    assert rereads.calls == [(edited.url, False)]
    assert "title" in edited.fields()
    assert change is not None and (change.change, change.fields, change.cause) == ("changed", edited.fields(), "site")
    versions = list(
        archive.db.query("SELECT title FROM post_versions WHERE post_url = ? ORDER BY version", [edited.url])
    )
    assert [row["title"].endswith(" revised") for row in versions] == [False, True]


def test_when_todays_parsers_read_the_stored_bytes_as_the_new_content_the_cause_is_the_parsers(
    edited: Edited,
) -> None:
    archive = edited.archive
    new_reading = history.version_of(parse_html_response(edited.edited, edited.content_type, edited.url))
    rereads = Rereads(archive, answer=new_reading)
    archive.reread = rereads
    run_id = archive.runs.start(edited.url, "incremental", 0, None)
    with archive.commits_batched(60.0):
        change = save_edited(edited, run_id)
    assert rereads.calls == [(edited.url, False)]
    assert change is not None and (change.fields, change.cause) == (edited.fields(), "parser")
    assert archive.count("post_versions", "post_url = ?", [edited.url]) == 1, "the parsers' reading is no new version"


def test_a_reread_that_would_run_inside_a_caller_s_transaction_is_refused_before_parsing(edited: Edited) -> None:
    archive = edited.archive
    rereads = Rereads(archive)
    archive.reread = rereads
    run_id = archive.runs.start(edited.url, "incremental", 0, None)
    archive.db.conn.commit()
    before = archive.count("responses")
    with pytest.raises(RuntimeError, match="inside a write transaction"), archive.db.atomic():
        save_edited(edited, run_id)
    assert rereads.calls == [] and archive.count("responses") == before


def test_bytes_read_by_todays_parsers_are_never_reread(edited: Edited) -> None:
    archive = edited.archive
    archive.db.execute("UPDATE crawl_runs SET parser_version = ?", [PARSER_VERSION])
    archive.db.conn.commit()
    rereads = Rereads(archive)
    archive.reread = rereads
    change = save_edited(edited, archive.runs.start(edited.url, "incremental", 0, None))
    assert rereads.calls == []
    assert change is not None and change.cause == "site"


# history.decide, as a table

OLD = dict.fromkeys(history.VERSION_FIELDS) | {"title": "Old", "categories": [], "tags": []}
NEW = {**OLD, "title": "New"}
OLD_HASH, NEW_HASH = history.content_hash(OLD), history.content_hash(NEW)


def never() -> history.Version | None:
    raise AssertionError("re-read when the answer did not matter")


@pytest.mark.parametrize(
    ("stored", "latest", "reparse", "had_body", "reread", "expected"),
    [
        # new post: added, first version
        (None, None, False, False, never, ("added", None, "site", "add", False)),
        # back after removal, as its newest version was: that version again
        (history.StoredPost(NEW_HASH, True), NEW, False, False, never, ("added", None, "site", "update", False)),
        # back after removal, changed: a new version
        (history.StoredPost(OLD_HASH, True), OLD, False, False, never, ("added", None, "site", "add", False)),
        # unchanged: the newest version seen again
        (history.StoredPost(NEW_HASH, False), NEW, False, False, never, (None, None, None, "update", False)),
        # the very bytes stored before, read differently: the parsers
        (history.StoredPost(OLD_HASH, False), OLD, False, True, never, ("changed", ("title",), "parser", "update", False)),
        # other bytes, no re-reading possible: the site
        (history.StoredPost(OLD_HASH, False), OLD, False, False, lambda: None, ("changed", ("title",), "site", "add", False)),
        # other bytes that today's parsers read as the new content: the parsers
        (history.StoredPost(OLD_HASH, False), OLD, False, False, lambda: NEW, ("changed", ("title",), "parser", "update", False)),
        # re-read differently from the stored version and from the new one: the site, the old version replaced
        (history.StoredPost(OLD_HASH, False), OLD, False, False, lambda: {**OLD, "author": "A"}, ("changed", ("title", "author"), "site", "add", True)),
        # a re-parse: the parsers, versions left to the rebuild
        (history.StoredPost(OLD_HASH, False), OLD, True, False, never, ("changed", ("title",), "parser", None, False)),
        (history.StoredPost(OLD_HASH, True), OLD, True, False, never, ("changed", ("title",), "parser", None, False)),
    ],
)  # fmt: skip
def test_decide(
    stored: history.StoredPost | None,
    latest: history.Version | None,
    reparse: bool,
    had_body: bool,
    reread: Callable[[], history.Version | None],
    expected: tuple[object, ...],
) -> None:
    decision = history.decide("u", NEW, stored, latest, reparse, lambda: had_body, reread)
    change = decision.change
    found = (
        change and change.change, change and change.fields, change and change.cause,
        decision.write, decision.reread is not None,
    )  # fmt: skip
    assert found == expected
    assert decision.content_hash == NEW_HASH


# The locked-run skeleton


def test_a_run_that_raises_is_recorded_failed_and_the_lock_released(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with (
        pytest.raises(ValueError, match="broken"),
        locked_archive(db_path) as archive,
        recorded_run(archive, "full", "https://blog.example/", "agent") as run,
    ):
        run.totals = RunTotals(pages_fetched=3)
        raise ValueError("broken")
    with locked_archive(db_path) as archive:  # the lock is free again
        row = archive.runs.get(1)
    assert (row["status"], row["error"], row["pages_fetched"], row["user_agent"]) == (
        "failed", "ValueError: broken", 3, "agent",
    )  # fmt: skip


def test_a_run_stopped_by_a_signal_is_interrupted_and_the_next_one_resumes_it(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    start = "https://blog.example/"
    with (
        pytest.raises(KeyboardInterrupt),
        locked_archive(db_path) as archive,
        recorded_run(archive, "incremental", start, None) as run,
    ):
        archive.frontier.add(run.run_id, [(start + "queued/", 1, None)])
        archive.db.conn.commit()
        raise KeyboardInterrupt
    with locked_archive(db_path) as archive:
        with recorded_run(archive, "incremental", start, None) as run:
            assert run.resumed_from == 1
            run.end("ok")
        with recorded_run(archive, "reparse", None, None, lambda exc: f"nothing changed: {exc!r}") as reparse:
            assert (reparse.start_url, reparse.resumed_from) == (start, None)
            reparse.end("partial", RunTotals(errors=2), "2 stored bodies unreadable")
        rows = [dict(row) for row in archive.db.query("SELECT status, error, resumed_run, mode FROM crawl_runs")]
    assert rows == [
        {"status": "interrupted", "error": "stopped by a signal", "resumed_run": None, "mode": "incremental"},
        {"status": "ok", "error": None, "resumed_run": 1, "mode": "incremental"},
        {"status": "partial", "error": "2 stored bodies unreadable", "resumed_run": None, "mode": "reparse"},
    ]


def test_runs_left_running_by_a_dead_process_are_marked_interrupted_when_the_next_run_starts(tmp_path: Path) -> None:
    db_path = tmp_path / "archive.db"
    with locked_archive(db_path) as archive:
        dead = archive.runs.start("https://blog.example/", "full", 0, None)
        with recorded_run(archive, "full", "https://blog.example/", None) as run:
            assert archive.runs.get(dead)["status"] == "interrupted"
            run.end("ok")
