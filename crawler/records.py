"""Records both the crawl and the archive use, importable without an HTTP client or a database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

CrawlMode = Literal["incremental", "full"]  # full: ignore stored validators
RunMode = Literal["incremental", "full", "reparse"]  # crawl_runs.mode
RunStatus = Literal["running", "ok", "partial", "failed", "interrupted"]  # crawl_runs.status
ChangeKind = Literal["added", "changed", "removed", "moved"]  # post_changes.change
# crawl_runs.inventory: how a run used WordPress's REST API inventory: "used", or why not
InventoryStatus = Literal[
    "used", "absent", "401", "403", "robots", "malformed", "too large", "unavailable", "incomplete"
]
ChangeCause = Literal["site", "parser"]  # post_changes.cause, archive_month_changes.cause
# skipped_urls.reason: SCHEMA.md's six, then not_content and asset (described in metadata.json)
SkipReason = Literal["out_of_scope", "robots", "query", "duplicate", "limit", "trap", "not_content", "asset"]


@dataclass(frozen=True, slots=True)
class PostChange:
    """One row of post_changes: a post added, changed, removed or moved by a run."""

    post_url: str
    change: ChangeKind
    old_hash: str | None
    new_hash: str | None
    fields: tuple[str, ...] | None = None  # the declared fields that differ; None for added and removed
    cause: ChangeCause = "site"  # site: the site changed; parser: the parsers read the same page differently
    old_url: str | None = None  # for moved: the address the post had


@dataclass(frozen=True, slots=True)
class Validators:
    """What a conditional GET sends back: the stored ETag and Last-Modified."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        """The If-None-Match / If-Modified-Since headers for these validators."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


def utc_now() -> str:
    """The current time as ISO 8601 UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one URL gave: a response (maybe an error status) or the reason none came."""

    url: str  # canonical URL requested
    status: int | None  # None when no response came; then error says why
    body: bytes | None
    error: str | None
    final_url: str | None = None  # the redirect target for 3xx, else the URL
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    fetched_at: str = field(default_factory=utc_now)
    retry_after: float | None = None
    request_headers: tuple[tuple[str, str], ...] = ()  # as sent, for the WARC export
    http_version: str | None = None  # "HTTP/1.1"
    reason: str | None = None  # the status line's reason phrase
    retryable: bool = True  # False for a failure no retry can mend (an unsupported scheme, a malformed request)

    @property
    def is_failure(self) -> bool:
        """No usable answer: no response, a truncated one, or a server error after retries."""
        return self.status is None or self.status in RETRY_STATUSES or self.error is not None

    @property
    def is_redirect(self) -> bool:
        """A 3xx answer with somewhere to go."""
        return self.status is not None and 300 <= self.status < 400 and self.final_url is not None
