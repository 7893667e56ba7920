"""How a crawl went: the summary line, --json and the exit code read it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from crawler.archive.store import Archive
from crawler.records import RunStatus


@dataclass(frozen=True, slots=True)
class CrawlSummary:
    """How a run went, for the summary line, --json and the exit code."""

    run_id: int
    status: RunStatus
    pages: int
    posts: int
    months: int
    related_links: int
    exercises: int
    errors: int
    seconds: float
    requests: int
    not_modified: int
    new_posts: int
    changed_posts: int
    removed_posts: int
    moved_posts: int = 0
    inventory: str | None = None  # how the run used WordPress's REST API: used, or why not
    error: str | None = None  # why the run failed, when it did
    pictures: int = 0  # pictures whose bytes the archive keeps
    media_requests: int = 0  # picture requests this run sent
    media_bytes: int = 0  # picture bytes this run downloaded
    media_errors: int = 0  # pictures this run could not keep (media.error says why)

    def line(self) -> str:
        """The one-line summary a crawl prints, ending with the reason when the run failed."""
        return (
            (
                f"run {self.run_id} {self.status}: {self.pages} pages, {self.posts} posts, "
                f"{self.months} months, {self.related_links} related links, {self.exercises} exercises, "
                f"{self.pictures} pictures, {self.errors} errors, {self.seconds:.1f} s"
            )
            + (f", {self.moved_posts} moved" if self.moved_posts else "")
            + (f"; {self.error}" if self.error else "")
        )

    def as_dict(self) -> dict[str, object]:
        """The summary as a JSON-ready dict."""
        return asdict(self)


def summarize(archive: Archive, run_id: int) -> CrawlSummary:
    """The summary of a finished run, with the archive's totals."""
    run = archive.runs.get(run_id)
    return CrawlSummary(
        run_id=run_id,
        status=run["status"],
        pages=run["pages_fetched"],
        posts=archive.count("posts", "removed_in_run IS NULL"),
        months=archive.count("archive_months"),
        related_links=archive.count("related_links"),
        exercises=archive.count("exercises"),
        errors=run["errors"],
        seconds=run["seconds"] or 0.0,
        requests=run["requests"],
        not_modified=run["not_modified"],
        new_posts=run["new_posts"],
        changed_posts=run["changed_posts"],
        removed_posts=run["removed_posts"],
        moved_posts=run["moved_posts"] or 0,
        inventory=run["inventory"],
        error=run["error"],
        pictures=archive.count("media", "sha256 IS NOT NULL"),
        media_requests=run["media_requests"] or 0,
        media_bytes=run["media_bytes"] or 0,
        media_errors=run["media_errors"] or 0,
    )
