"""What the project's templates show people: a post as a page, and the home page's audits with their counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from crawler.web.archives import archive_names
from crawler.web.audit import AUDITS, Audit
from crawler.web.labels import table_title

Row = dict[str, Any]


def readable_date(value: str | None) -> str | None:
    """An ISO 8601 date or time as a date people read, e.g. 14 May 2019; None when it is no date."""
    try:
        day = date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
    return f"{day.day} {day:%B %Y}"


@dataclass
class Exercise:
    """One exercise variation of a post and its ordered steps."""

    id: int
    name: str
    label: str | None
    level: int | None
    image_url: str | None
    image_alt: str | None
    family: str | None = None
    steps: list[Row] = field(default_factory=list)


@dataclass
class PostPage:
    """A post with everything its page shows."""

    post: Row
    categories: list[str]
    tags: list[str]
    exercises: list[Exercise]
    related: list[Row]  # with `archived`: 1 when the target is a post in the archive
    versions: list[Row]
    earlier_addresses: list[Row] = field(default_factory=list)  # where the post was before it moved
    featured_shown: list[str] = field(default_factory=list)  # the featured image as the page displayed it
    pictures: dict[str, str] = field(default_factory=dict)  # picture URL -> where Datasette serves the archive's copy

    def picture_urls(self) -> list[str | None]:
        """Every picture URL the post page shows but those in its body."""
        return [
            self.post.get("featured_image_url"),
            *self.featured_shown,
            *(exercise.image_url for exercise in self.exercises),
            *(link.get("thumbnail_url") for link in self.related),
        ]

    def featured_url(self) -> str | None:
        """The featured image to show: as the page displayed it when archived, else its original."""
        original = self.post.get("featured_image_url")
        return next((url for url in [*self.featured_shown, original] if url in self.pictures), original)


async def rows(db: Any, sql: str, params: list[Any]) -> list[Row]:
    """Rows of a read query on a Datasette database, as dicts."""
    results = await db.execute(sql, params)
    return [dict(row) for row in results.rows]


async def load_post_page(db: Any, url: str) -> PostPage | None:
    """The post at `url` with its terms, exercises, related posts and versions; None when there is none."""
    posts = await rows(db, "select * from posts where url = ?", [url])
    if not posts:
        return None
    categories = [
        row["category"]
        for row in await rows(db, "select category from post_categories where post_url = ? order by category", [url])
    ]
    tags = [row["tag"] for row in await rows(db, "select tag from post_tags where post_url = ? order by tag", [url])]
    exercises = [
        Exercise(
            row["id"], row["name"], row["label"], row["level"], row["image_url"], row["image_alt"], row.get("family")
        )
        for row in await rows(db, "select * from exercises where post_url = ? order by position", [url])
    ]
    by_id = {exercise.id: exercise for exercise in exercises}
    steps = await rows(
        db,
        "select s.* from exercise_steps s join exercises e on e.id = s.exercise_id where e.post_url = ? order by s.exercise_id, s.step",
        [url],
    )
    for step in steps:
        by_id[step["exercise_id"]].steps.append(step)
    related = await rows(
        db,
        "select r.*, exists (select 1 from posts p where p.url = r.target_url and p.removed_in_run is null) as archived"
        " from related_links r where r.source_url = ? order by r.position",
        [url],
    )
    featured_shown = [
        row["media_url"]
        for row in await rows(
            db,
            "select media_url from post_version_media where post_url = ? and role = 'featured' and version ="
            " (select max(version) from post_versions where post_url = ?) order by position",
            [url, url],
        )
    ]
    versions = await load_versions(db, url)
    earlier = await load_earlier_addresses(db, url)
    return PostPage(posts[0], categories, tags, exercises, related, versions, earlier, featured_shown)


async def load_earlier_addresses(db: Any, url: str) -> list[Row]:
    """The addresses the post had before, with the run that found it moved (an archive without post_urls: none)."""
    if not await db.table_exists("post_urls"):
        return []
    return await rows(
        db,
        "select u.url, u.moved_in_run, r.started_at as moved_at from post_urls u"
        " left join crawl_runs r on r.id = u.moved_in_run where u.post_url = ? order by u.moved_in_run, u.url",
        [url],
    )


async def load_versions(db: Any, url: str) -> list[Row]:
    """The post's versions, oldest first."""
    return await rows(
        db,
        "select v.version, v.title, v.first_seen_run, r.started_at as first_seen from post_versions v"
        " left join crawl_runs r on r.id = v.first_seen_run where v.post_url = ? order by v.version",
        [url],
    )


@dataclass(frozen=True, slots=True)
class AuditSummary:
    """One audit on the home page: its query, what it answers and how many rows it finds."""

    query: str
    title: str
    answers: str
    count: int


def first_sentence(text: str) -> str:
    """The first sentence of a description: one line of what an audit answers."""
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


async def count_findings(db: Any, audits: list[Audit]) -> list[int]:
    """How many rows of each audit's view need attention, counted in one query."""
    if not audits:
        return []
    counts = ", ".join(f"(select count(*) from [{audit.view}] where {audit.findings})" for audit in audits)
    results = await db.execute(f"select {counts}")
    return [int(count) for count in results.first()]


async def load_audit_summaries(db: Any, queries: dict[str, Any]) -> list[AuditSummary]:
    """Every audit that has a canned query here, with its current count."""
    audits = [audit for audit in AUDITS if audit.view in queries]
    return [
        AuditSummary(
            audit.view, queries[audit.view]["title"], first_sentence(queries[audit.view]["description"]), count
        )
        for audit, count in zip(audits, await count_findings(db, audits), strict=True)
    ]


SEARCH_QUERY = "search_posts"
CATALOGUE = "post_catalogue"
EXERCISE_VIEWS = ("exercise_catalogue", "exercise_families")  # what researchers browse, as views with facets
DASHBOARD = "blog-overview"
CONTENT_TABLES = (
    "posts", "post_categories", "post_tags", "exercises", "exercise_steps", "related_links", "images", "archive_months", "post_versions",
    "media",
)  # fmt: skip
CRAWL_TABLES = frozenset(
    {"pages", "links", "listings", "responses", "bodies", "crawl_runs", "post_changes", "frontier", "skipped_urls"}
)


@dataclass(frozen=True, slots=True)
class Home:
    """What the home page leads with, for the archive database."""

    database: str
    queries: dict[str, Any]  # the canned queries, by name
    audits: list[AuditSummary]
    content_tables: list[str]
    crawl_tables: list[str]  # everything else that is not hidden: the crawl's own record
    titles: dict[str, str]  # every listed table's and the catalogues' titles, as their own pages are headed
    dashboard: bool
    other_databases: list[str]  # served beside the archive, left as Datasette shows them
    exercise_views: list[str] = field(default_factory=list)  # the exercise catalogue and families the archive has


async def home_page(datasette: Any) -> Home | None:
    """The home page's archive: the first archive with the search query; None when none has it."""
    for name in archive_names(datasette):
        queries = datasette.metadata("queries", database=name) or {}
        if SEARCH_QUERY not in queries:
            continue
        db = datasette.databases[name]
        tables = set(await db.table_names()) - set(await db.hidden_table_names())
        dashboards = datasette.plugin_config("datasette-dashboards") or {}
        content_tables = [table for table in CONTENT_TABLES if table in tables]
        views = set(await db.view_names())
        exercise_views = [view for view in EXERCISE_VIEWS if view in views]
        crawl_tables = sorted(tables - set(CONTENT_TABLES), key=lambda table: table_title(datasette, name, table))
        return Home(
            database=name,
            queries=queries,
            audits=await load_audit_summaries(db, queries),
            content_tables=content_tables,
            crawl_tables=crawl_tables,
            titles={
                table: table_title(datasette, name, table)
                for table in [*content_tables, *crawl_tables, CATALOGUE, *exercise_views]
            },
            dashboard=DASHBOARD in dashboards,
            other_databases=[other for other in datasette.databases if other not in (name, "_internal")],
            exercise_views=exercise_views,
        )
    return None
