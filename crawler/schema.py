"""The archive's tables, indexes, full-text search and audit views, as numbered migrations."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("blog-archive")

VIEWS = {
    "archive_audit": """
        WITH found AS (
            SELECT substr(published, 1, 7) AS month_id, count(*) AS n
            FROM posts
            WHERE removed_in_run IS NULL AND published IS NOT NULL
            GROUP BY month_id
        ), listed AS (
            SELECT archive_month AS month_id, count(DISTINCT post_url) AS n
            FROM listings
            WHERE archive_month IS NOT NULL
            GROUP BY archive_month
        )
        SELECT
            m.id AS month,
            m.label,
            m.url,
            m.listed_count,
            coalesce(found.n, 0) AS posts_found,
            coalesce(listed.n, 0) AS posts_on_archive_pages,
            CASE
                WHEN coalesce(found.n, 0) = 0 AND coalesce(listed.n, 0) = 0
                    THEN 'no posts found for this month'
                WHEN m.listed_count IS NOT NULL AND m.listed_count != coalesce(listed.n, 0)
                    THEN 'widget counts ' || m.listed_count || ', archive pages list '
                        || coalesce(listed.n, 0)
                WHEN coalesce(found.n, 0) != coalesce(listed.n, 0)
                    THEN 'archive pages list ' || coalesce(listed.n, 0) || ', archive holds '
                        || coalesce(found.n, 0)
                ELSE 'ok'
            END AS status
        FROM archive_months m
        LEFT JOIN found ON found.month_id = m.id
        LEFT JOIN listed ON listed.month_id = m.id
        ORDER BY m.id DESC
    """,
    "broken_links": """
        SELECT 'link' AS link_kind, l.source_url, l.target_url, l.anchor_text AS text,
               p.status, p.error
        FROM links l JOIN pages p ON p.url = l.target_url
        WHERE l.is_internal = 1 AND (p.status >= 400 OR p.status IS NULL)
        UNION ALL
        SELECT 'related' AS link_kind, r.source_url, r.target_url, r.title AS text,
               p.status, p.error
        FROM related_links r JOIN pages p ON p.url = r.target_url
        WHERE p.status >= 400 OR p.status IS NULL
        ORDER BY target_url, source_url
    """,
    "images_missing_alt": """
        SELECT 'body' AS place, i.page_url, i.position, i.src, i.alt
        FROM images i
        WHERE i.alt IS NULL OR trim(i.alt) = ''
        UNION ALL
        SELECT 'featured image' AS place, p.url AS page_url, 0 AS position,
               p.featured_image_url AS src, p.featured_image_alt AS alt
        FROM posts p
        WHERE p.featured_image_url IS NOT NULL
          AND (p.featured_image_alt IS NULL OR trim(p.featured_image_alt) = '')
        ORDER BY page_url, position
    """,
    "posts_without_category": """
        SELECT p.url, p.title, p.published
        FROM posts p
        WHERE p.removed_in_run IS NULL
          AND NOT EXISTS (SELECT 1 FROM post_categories c WHERE c.post_url = p.url)
        ORDER BY p.published DESC
    """,
    "latest_changes": """
        SELECT c.run_id, c.change, c.post_url, p.title, c.old_hash, c.new_hash
        FROM post_changes c
        LEFT JOIN posts p ON p.url = c.post_url
        WHERE c.run_id = (SELECT max(id) FROM crawl_runs)
        ORDER BY c.change, c.post_url
    """,
}


@migrations()
def m001_initial(db: Database) -> None:
    """Every table of the data contract, with keys, indexes, FTS and views."""
    db["crawl_runs"].create(
        {
            "id": int,
            "started_at": str,
            "finished_at": str,
            "start_url": str,
            "mode": str,
            "status": str,
            "requests": int,
            "pages_fetched": int,
            "not_modified": int,
            "errors": int,
            "new_posts": int,
            "changed_posts": int,
            "removed_posts": int,
            "seconds": float,
            "pid": int,
            "user_agent": str,
            "resumed_run": int,
            "error": str,
        },
        pk="id",
        not_null={"started_at", "start_url", "mode", "status"},
        defaults={
            "requests": 0,
            "pages_fetched": 0,
            "not_modified": 0,
            "errors": 0,
            "new_posts": 0,
            "changed_posts": 0,
            "removed_posts": 0,
        },
    )
    db["bodies"].create(
        {"hash": str, "size": int, "stored_size": int, "compression": str, "data": bytes},
        pk="hash",
        not_null={"size", "compression", "data"},
    )
    db["pages"].create(
        {
            "url": str,
            "final_url": str,
            "status": int,
            "kind": str,
            "title": str,
            "content_type": str,
            "etag": str,
            "last_modified": str,
            "content_hash": str,
            "fetched_at": str,
            "run_id": int,
            "error": str,
            "missing": str,
        },
        pk="url",
        foreign_keys=[("run_id", "crawl_runs", "id"), ("content_hash", "bodies", "hash")],
    )
    db["responses"].create(
        {
            "id": int,
            "run_id": int,
            "url": str,
            "status": int,
            "headers": str,
            "fetched_at": str,
            "body_hash": str,
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id"), ("body_hash", "bodies", "hash")],
    )
    db["posts"].create(
        {
            "url": str,
            "wp_id": int,
            "slug": str,
            "title": str,
            "published": str,
            "modified": str,
            "author": str,
            "excerpt": str,
            "body_text": str,
            "body_html": str,
            "word_count": int,
            "featured_image_url": str,
            "featured_image_alt": str,
            "content_hash": str,
            "first_seen_run": int,
            "last_seen_run": int,
            "removed_in_run": int,
        },
        pk="url",
        foreign_keys=[
            ("first_seen_run", "crawl_runs", "id"),
            ("last_seen_run", "crawl_runs", "id"),
            ("removed_in_run", "crawl_runs", "id"),
        ],
    )
    for table, column in (("post_categories", "category"), ("post_tags", "tag")):
        db[table].create(
            {"post_url": str, column: str},
            pk=("post_url", column),
            foreign_keys=[("post_url", "posts", "url")],
        )
    db["archive_months"].create(
        {
            "id": str,
            "year": int,
            "month": int,
            "label": str,
            "url": str,
            "listed_count": int,
            "last_seen_run": int,
        },
        pk="id",
        foreign_keys=[("last_seen_run", "crawl_runs", "id")],
    )
    db["related_links"].create(
        {
            "source_url": str,
            "position": int,
            "target_url": str,
            "title": str,
            "thumbnail_url": str,
            "thumbnail_alt": str,
        },
        pk=("source_url", "position"),
        foreign_keys=[("source_url", "posts", "url")],
    )
    db["exercises"].create(
        {
            "id": int,
            "post_url": str,
            "position": int,
            "name": str,
            "level": int,
            "label": str,
            "image_url": str,
            "image_alt": str,
        },
        pk="id",
        foreign_keys=[("post_url", "posts", "url")],
    )
    db["exercise_steps"].create(
        {
            "exercise_id": int,
            "step": int,
            "text": str,
            "hold_seconds_min": int,
            "hold_seconds_max": int,
            "reps": int,
            "sets": int,
            "per_side": int,
        },
        pk=("exercise_id", "step"),
        foreign_keys=[("exercise_id", "exercises", "id")],
    )
    db["links"].create(
        {"source_url": str, "target_url": str, "anchor_text": str, "is_internal": int},
        pk=("source_url", "target_url", "anchor_text"),
        foreign_keys=[("source_url", "pages", "url")],
    )
    db["images"].create(
        {"page_url": str, "position": int, "src": str, "alt": str},
        pk=("page_url", "position"),
        foreign_keys=[("page_url", "posts", "url")],
    )
    db["listings"].create(
        {"page_url": str, "position": int, "post_url": str, "archive_month": str},
        pk=("page_url", "position"),
        foreign_keys=[("page_url", "pages", "url")],
    )
    db["post_changes"].create(
        {
            "id": int,
            "run_id": int,
            "post_url": str,
            "change": str,
            "old_hash": str,
            "new_hash": str,
        },
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id"), ("post_url", "posts", "url")],
    )
    db["frontier"].create(
        {"url": str, "run_id": int, "depth": int, "source_url": str, "state": str},
        pk="url",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db["skipped_urls"].create(
        {"run_id": int, "url": str, "reason": str, "source_url": str},
        pk=("run_id", "url"),
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db["exercises"].create_index(["post_url", "position"], unique=True)
    db["links"].create_index(["target_url"])
    db["related_links"].create_index(["target_url"])
    db["listings"].create_index(["archive_month"])
    db["listings"].create_index(["post_url"])
    db["posts"].create_index(["published"])
    db["post_changes"].create_index(["run_id"])
    db["responses"].create_index(["run_id"])
    db["frontier"].create_index(["state"])
    db["posts"].enable_fts(["title", "body_text"], create_triggers=True, tokenize="porter")
    for name, sql in VIEWS.items():
        db.create_view(name, sql)


@migrations()
def m004_sitemap_lastmod(db: Database) -> None:
    """Remember the sitemap's lastmod for each page, so unchanged pages need no request."""
    db["pages"].add_column("sitemap_lastmod", str)
