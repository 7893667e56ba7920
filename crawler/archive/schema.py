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
    db.table("crawl_runs").create(
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
    db.table("bodies").create(
        {"hash": str, "size": int, "stored_size": int, "compression": str, "data": bytes},
        pk="hash",
        not_null={"size", "compression", "data"},
    )
    db.table("pages").create(
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
    db.table("responses").create(
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
    db.table("posts").create(
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
        db.table(table).create(
            {"post_url": str, column: str},
            pk=("post_url", column),
            foreign_keys=[("post_url", "posts", "url")],
        )
    db.table("archive_months").create(
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
    db.table("related_links").create(
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
    db.table("exercises").create(
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
    db.table("exercise_steps").create(
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
    db.table("links").create(
        {"source_url": str, "target_url": str, "anchor_text": str, "is_internal": int},
        pk=("source_url", "target_url", "anchor_text"),
        foreign_keys=[("source_url", "pages", "url")],
    )
    db.table("images").create(
        {"page_url": str, "position": int, "src": str, "alt": str},
        pk=("page_url", "position"),
        foreign_keys=[("page_url", "posts", "url")],
    )
    db.table("listings").create(
        {"page_url": str, "position": int, "post_url": str, "archive_month": str},
        pk=("page_url", "position"),
        foreign_keys=[("page_url", "pages", "url")],
    )
    db.table("post_changes").create(
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
    db.table("frontier").create(
        {"url": str, "run_id": int, "depth": int, "source_url": str, "state": str},
        pk="url",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db.table("skipped_urls").create(
        {"run_id": int, "url": str, "reason": str, "source_url": str},
        pk=("run_id", "url"),
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db.table("exercises").create_index(["post_url", "position"], unique=True)
    db.table("links").create_index(["target_url"])
    db.table("related_links").create_index(["target_url"])
    db.table("listings").create_index(["archive_month"])
    db.table("listings").create_index(["post_url"])
    db.table("posts").create_index(["published"])
    db.table("post_changes").create_index(["run_id"])
    db.table("responses").create_index(["run_id"])
    db.table("frontier").create_index(["state"])
    db.table("posts").enable_fts(["title", "body_text"], create_triggers=True, tokenize="porter")
    for name, sql in VIEWS.items():
        db.create_view(name, sql)


@migrations()
def m002_sitemap_lastmod(db: Database) -> None:
    """Remember the sitemap's lastmod for each page, so unchanged pages need no request."""
    db.table("pages").add_column("sitemap_lastmod", str)


@migrations()
def m003_response_exchange(db: Database) -> None:
    """Keep each response's request headers, HTTP version and reason phrase, for the WARC export."""
    for column in ("request_headers", "http_version", "reason"):
        db.table("responses").add_column(column, str)


MONTH_NAMES = (
    "January  February March    April    May      June     July     August   SeptemberOctober  November December "
)

SEARCH_AND_AUDIT_VIEWS = {  # m005: the audits reworded and extended, and a searchable, faceted list of posts
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
        ), counted AS (
            SELECT m.*, coalesce(found.n, 0) AS posts_found, coalesce(listed.n, 0) AS posts_on_archive_pages
            FROM archive_months m
            LEFT JOIN found ON found.month_id = m.id
            LEFT JOIN listed ON listed.month_id = m.id
        )
        SELECT
            id AS month,
            label,
            url,
            listed_count,
            posts_found,
            posts_on_archive_pages,
            CASE
                WHEN posts_found = 0 AND posts_on_archive_pages = 0 THEN 'no posts found for this month'
                ELSE coalesce(nullif(rtrim(
                    CASE WHEN listed_count IS NOT NULL AND listed_count != posts_on_archive_pages
                        THEN 'the widget counts ' || listed_count || ' but the archive pages list '
                            || posts_on_archive_pages || '; '
                        ELSE '' END
                    || CASE WHEN posts_found != posts_on_archive_pages
                        THEN 'the archive pages list ' || posts_on_archive_pages || ' but the archive holds '
                            || posts_found || ' posts from this month'
                        ELSE '' END,
                    '; '), ''), 'ok')
            END AS status
        FROM counted
        ORDER BY id DESC
    """,
    "broken_links": """
        -- CROSS JOIN: start from the few failed pages, not from every link
        SELECT 'related' AS link_kind, r.source_url, r.target_url, r.title AS text, p.status, p.error
        FROM pages p CROSS JOIN related_links r ON r.target_url = p.url
        WHERE p.status >= 400 OR (p.status IS NULL AND p.error IS NOT NULL)
        UNION ALL
        SELECT 'link' AS link_kind, l.source_url, l.target_url, l.anchor_text AS text, p.status, p.error
        FROM pages p CROSS JOIN links l ON l.target_url = p.url
        WHERE (p.status >= 400 OR (p.status IS NULL AND p.error IS NOT NULL))
          AND l.is_internal = 1
          AND NOT EXISTS (
              SELECT 1 FROM related_links r WHERE r.source_url = l.source_url AND r.target_url = l.target_url
          )
        ORDER BY target_url, source_url
    """,
    "images_missing_alt": """
        SELECT 'body' AS place, i.page_url, p.title, i.position, i.src, i.alt
        FROM images i JOIN posts p ON p.url = i.page_url
        WHERE p.removed_in_run IS NULL AND (i.alt IS NULL OR trim(i.alt) = '')
        UNION ALL
        SELECT 'featured image' AS place, p.url AS page_url, p.title, 0 AS position,
               p.featured_image_url AS src, p.featured_image_alt AS alt
        FROM posts p
        WHERE p.removed_in_run IS NULL AND p.featured_image_url IS NOT NULL
          AND (p.featured_image_alt IS NULL OR trim(p.featured_image_alt) = '')
        ORDER BY page_url, position
    """,
    "posts_without_category": """
        SELECT p.url, p.title, p.published,
               (SELECT group_concat(c.category, ', ') FROM post_categories c WHERE c.post_url = p.url)
                   AS categories
        FROM posts p
        WHERE p.removed_in_run IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM post_categories c
              WHERE c.post_url = p.url AND lower(c.category) NOT IN ('uncategorized', 'uncategorised')
          )
        ORDER BY p.published DESC
    """,
    "months_without_posts": f"""
        WITH RECURSIVE posted AS (
            SELECT substr(published, 1, 7) AS month,
                   sum(removed_in_run IS NULL) AS live,
                   sum(removed_in_run IS NOT NULL) AS removed
            FROM posts
            WHERE published IS NOT NULL
            GROUP BY month
        ), calendar(month) AS (
            SELECT min(month) FROM posted WHERE live > 0
            UNION ALL
            SELECT strftime('%Y-%m', month || '-01', '+1 month') FROM calendar
            WHERE month < (SELECT max(month) FROM posted WHERE live > 0)
        )
        SELECT
            c.month,
            trim(substr('{MONTH_NAMES}', 9 * (CAST(substr(c.month, 6, 2) AS INTEGER) - 1) + 1, 9))
                || ' ' || substr(c.month, 1, 4) AS label,
            coalesce(posted.removed, 0) AS removed_posts,
            m.url AS archive_page
        FROM calendar c
        LEFT JOIN posted ON posted.month = c.month
        LEFT JOIN archive_months m ON m.id = c.month
        WHERE c.month IS NOT NULL AND coalesce(posted.live, 0) = 0
        ORDER BY c.month
    """,
    "posts_not_in_archive_pages": """
        SELECT
            p.url,
            p.title,
            p.published,
            substr(p.published, 1, 7) AS month,
            m.url AS month_page,
            CASE
                WHEN m.id IS NULL THEN 'the Archive widget does not list this month'
                WHEN page.url IS NULL OR page.status >= 400 OR page.error IS NOT NULL
                    THEN 'the month''s archive page was not archived'
                ELSE 'missing from the month''s archive pages'
            END AS reason
        FROM posts p
        LEFT JOIN archive_months m ON m.id = substr(p.published, 1, 7)
        LEFT JOIN pages page ON page.url = m.url
        WHERE p.removed_in_run IS NULL
          AND NOT EXISTS (SELECT 1 FROM listings l WHERE l.post_url = p.url AND l.archive_month IS NOT NULL)
        ORDER BY p.published DESC
    """,
    "post_catalogue": """
        SELECT
            p.rowid AS post_rowid,
            p.url,
            p.title,
            p.published,
            CAST(substr(p.published, 1, 4) AS INTEGER) AS year,
            substr(p.published, 1, 7) AS month,
            p.author,
            (SELECT json_group_array(category)
             FROM (SELECT category FROM post_categories c WHERE c.post_url = p.url ORDER BY category))
                AS categories,
            (SELECT json_group_array(tag)
             FROM (SELECT tag FROM post_tags t WHERE t.post_url = p.url ORDER BY tag)) AS tags,
            p.word_count,
            (SELECT count(*) FROM exercises e WHERE e.post_url = p.url) AS exercises,
            p.excerpt,
            p.removed_in_run
        FROM posts p
    """,
}


@migrations()
def m004_search_and_audit_views(db: Database) -> None:
    """Clearer audit views, the months_without_posts and posts_not_in_archive_pages audits, post_catalogue."""
    for name, sql in SEARCH_AND_AUDIT_VIEWS.items():
        db.create_view(name, sql, replace=True)


@migrations()
def m005_skipped_url_variants(db: Database) -> None:
    """Keep the href a duplicate was found under (a tracking or case variant of a canonical URL)."""
    db.table("skipped_urls").add_column("variant", str)


@migrations()
def m006_meta_description(db: Database) -> None:
    """posts.meta_description: the page's own meta description, for the content audits."""
    db.table("posts").add_column("meta_description", str)


LATEST_SITE_CHANGES = """
    SELECT c.run_id, c.change, c.post_url, p.title, c.fields, c.old_hash, c.new_hash
    FROM post_changes c
    LEFT JOIN posts p ON p.url = c.post_url
    WHERE c.run_id = (SELECT max(id) FROM crawl_runs WHERE mode != 'reparse') AND c.cause = 'site'
    ORDER BY c.change, c.post_url
"""


@migrations()
def m007_post_history(db: Database) -> None:
    """post_versions, field-level post_changes with a cause, archive_month_changes, crawl_runs.parser_version."""
    db.table("crawl_runs").add_column("parser_version", str)
    db.table("post_changes").add_column("fields", str)
    db.table("post_changes").add_column("cause", str)
    db.execute(
        "UPDATE post_changes SET cause = CASE WHEN run_id IN (SELECT id FROM crawl_runs WHERE mode = 'reparse') "
        "THEN 'parser' ELSE 'site' END"
    )
    db.table("post_versions").create(
        {
            "post_url": str,
            "version": int,
            "content_hash": str,
            "first_seen_run": int,
            "last_seen_run": int,
            "title": str,
            "published": str,
            "modified": str,
            "author": str,
            "excerpt": str,
            "meta_description": str,
            "body_text": str,
            "featured_image_url": str,
            "featured_image_alt": str,
            "categories": str,
            "tags": str,
            "related_links": str,
            "images": str,
            "body_hash": str,
        },
        pk=("post_url", "version"),
        foreign_keys=[
            ("post_url", "posts", "url"),
            ("first_seen_run", "crawl_runs", "id"),
            ("last_seen_run", "crawl_runs", "id"),
        ],
    )
    db.table("archive_month_changes").create(
        {"id": int, "run_id": int, "month": str, "change": str, "old_count": int, "new_count": int, "cause": str},
        pk="id",
        foreign_keys=[("run_id", "crawl_runs", "id")],
    )
    db.table("archive_month_changes").create_index(["run_id"])
    db.execute(  # what an archive made before versions were kept knows: each post's current content, as version 1
        """
        INSERT INTO post_versions
        SELECT p.url, 1, p.content_hash, p.first_seen_run, p.last_seen_run, p.title, p.published, p.modified,
               p.author, p.excerpt, p.meta_description, p.body_text, p.featured_image_url, p.featured_image_alt,
               (SELECT json_group_array(category) FROM
                   (SELECT DISTINCT category FROM post_categories WHERE post_url = p.url ORDER BY category)),
               (SELECT json_group_array(tag) FROM (SELECT DISTINCT tag FROM post_tags WHERE post_url = p.url ORDER BY tag)),
               (SELECT json_group_array(target_url) FROM
                   (SELECT target_url FROM related_links WHERE source_url = p.url ORDER BY position)),
               (SELECT json_group_array(json_array(src, alt)) FROM
                   (SELECT src, alt FROM images WHERE page_url = p.url ORDER BY position)),
               (SELECT content_hash FROM pages WHERE url = p.url)
        FROM posts p
        """
    )
    db.create_view("latest_changes", LATEST_SITE_CHANGES, replace=True)


@migrations()
def m008_post_sources(db: Database) -> None:
    """posts.sources: a JSON object naming where on the page each field of the post was read."""
    db.table("posts").add_column("sources", str)


CONTENT_AUDIT_VIEWS = {  # m009: the content audits marketing acts on, and the latest changes without hashes
    "duplicate_titles": """
        WITH live AS (
            SELECT url, title, published, lower(trim(title)) AS same FROM posts WHERE removed_in_run IS NULL
        ), repeated AS (
            SELECT same, count(*) AS posts FROM live GROUP BY same HAVING count(*) > 1
        )
        SELECT live.title, repeated.posts AS posts_with_this_title, live.url, live.published
        FROM live JOIN repeated ON repeated.same = live.same
        ORDER BY live.same, live.published
    """,
    "missing_meta_descriptions": """
        SELECT p.url, p.title, p.published,
               CASE WHEN p.meta_description IS NULL OR trim(p.meta_description) = '' THEN 'missing'
                    ELSE 'too long' END AS problem,
               length(p.meta_description) AS description_length,
               p.meta_description
        FROM posts p
        WHERE p.removed_in_run IS NULL
          AND (p.meta_description IS NULL OR trim(p.meta_description) = '' OR length(p.meta_description) > 160)
        ORDER BY p.published DESC
    """,
    "long_titles": """
        SELECT p.url, p.title, length(p.title) AS title_length, p.published
        FROM posts p
        WHERE p.removed_in_run IS NULL AND length(p.title) > 60
        ORDER BY title_length DESC, p.published DESC
    """,
    "thin_posts": """
        SELECT p.url, p.title, p.word_count, p.published,
               (SELECT count(*) FROM exercises e WHERE e.post_url = p.url) AS exercises
        FROM posts p
        WHERE p.removed_in_run IS NULL AND p.word_count < 300
        ORDER BY p.word_count, p.published DESC
    """,
    "orphan_posts": """
        -- inbound content links: another live post's You might also like entry, or a link in its text; a link
        -- a WordPress page carries too (menu, footer widget) is the theme's, and the previous/next arrows are
        -- not in the text, so neither counts
        WITH theme_links AS (
            SELECT DISTINCT w.target_url, w.anchor_text
            FROM pages wp CROSS JOIN links w ON w.source_url = wp.url
            WHERE wp.kind = 'page'
        )
        SELECT p.url, p.title, p.published
        FROM posts p
        WHERE p.removed_in_run IS NULL
          AND NOT EXISTS (
              SELECT 1 FROM related_links r JOIN posts s ON s.url = r.source_url
              WHERE r.target_url = p.url AND r.source_url != p.url AND s.removed_in_run IS NULL
          )
          AND NOT EXISTS (
              SELECT 1 FROM links l JOIN posts s ON s.url = l.source_url
              WHERE l.target_url = p.url AND l.source_url != p.url AND s.removed_in_run IS NULL
                AND (l.target_url, l.anchor_text) NOT IN (SELECT target_url, anchor_text FROM theme_links)
                AND instr(s.body_html, 'href="' || p.url || '"') > 0
          )
        ORDER BY p.published DESC
    """,
    "posts_without_featured_image": """
        SELECT p.url, p.title, p.published
        FROM posts p
        WHERE p.removed_in_run IS NULL AND p.featured_image_url IS NULL
        ORDER BY p.published DESC
    """,
    "stale_posts": """
        WITH crawled AS (SELECT substr(max(started_at), 1, 10) AS day FROM crawl_runs WHERE mode != 'reparse')
        SELECT p.url, p.title, p.published, p.modified,
               substr(coalesce(p.modified, p.published), 1, 10) AS last_updated,
               round((julianday(crawled.day) - julianday(substr(coalesce(p.modified, p.published), 1, 10)))
                     / 365.25, 1) AS years_since_update
        FROM posts p, crawled
        WHERE p.removed_in_run IS NULL AND p.published IS NOT NULL
          AND substr(coalesce(p.modified, p.published), 1, 10) < date(crawled.day, '-3 years')
        ORDER BY last_updated, p.url
    """,
    "redirected_links": """
        -- CROSS JOIN: start from the few redirecting pages, not from every link
        SELECT l.source_url, l.target_url, t.status, t.final_url AS redirects_to, l.anchor_text AS text
        FROM pages t CROSS JOIN links l ON l.target_url = t.url
        WHERE t.status IN (301, 302, 303, 307, 308) AND l.is_internal = 1
        ORDER BY l.target_url, l.source_url
    """,
    "latest_changes": """
        SELECT c.run_id, r.started_at AS run_started, c.change, c.post_url, p.title, c.fields
        FROM post_changes c
        LEFT JOIN posts p ON p.url = c.post_url
        JOIN crawl_runs r ON r.id = c.run_id
        WHERE c.run_id = (SELECT max(id) FROM crawl_runs WHERE mode != 'reparse') AND c.cause = 'site'
        ORDER BY c.change, c.post_url
    """,
}


@migrations()
def m009_content_audits(db: Database) -> None:
    """The content audits (duplicate titles, meta descriptions, thin, orphan, stale posts ...); no hashes in latest_changes."""
    db.execute("DROP INDEX IF EXISTS idx_links_target_url")  # its columns lead the new one
    db.table("links").create_index(
        ["target_url", "anchor_text"], if_not_exists=True
    )  # links to a post, theme ones told apart
    db.table("posts").create_index(
        ["url", "removed_in_run"], if_not_exists=True
    )  # is a linking post live, without its body
    for name, sql in CONTENT_AUDIT_VIEWS.items():
        db.create_view(name, sql, replace=True)


CRAWL_TRAPS_VIEW = """
    SELECT
        s.run_id,
        s.pattern,
        s.rule,
        max(s.requests_spent) AS requests_spent,
        count(*) AS urls_refused,
        min(s.url) AS example_url,
        min(s.source_url) AS example_source
    FROM skipped_urls s
    WHERE s.reason = 'trap'
    GROUP BY s.run_id, s.pattern, s.rule
    ORDER BY s.run_id DESC, urls_refused DESC
"""


@migrations()
def m010_trap_rules(db: Database) -> None:
    """skipped_urls says which trap rule refused a URL, on which pattern, after how many requests; crawl_traps."""
    skipped = db.table("skipped_urls")
    skipped.add_column("rule", str)
    skipped.add_column("pattern", str)
    skipped.add_column("requests_spent", int)
    db.create_view("crawl_traps", CRAWL_TRAPS_VIEW, replace=True)


AUDITED_POST_COLUMNS = (  # m012: every posts column the audit views read, beside the text and HTML
    "removed_in_run", "published", "url", "title", "modified", "word_count",
    "featured_image_url", "featured_image_alt", "meta_description",
)  # fmt: skip


@migrations()
def m012_audit_indexes(db: Database) -> None:
    """Indexes that let the audits read live posts and trap refusals without scanning the posts' bodies or every skip."""
    db.table("posts").create_index(AUDITED_POST_COLUMNS, index_name="idx_posts_audited", if_not_exists=True)
    db.execute(  # a partial index: only the few trap refusals among the many skipped URLs
        "CREATE INDEX IF NOT EXISTS idx_skipped_urls_traps ON skipped_urls (run_id, pattern, rule) WHERE reason = 'trap'"
    )


ANY_CRAWL = "FROM crawl_runs WHERE mode != 'reparse')"
FINISHED_CRAWL = "FROM crawl_runs WHERE mode != 'reparse' AND status IN ('ok', 'partial'))"


@migrations()
def m013_finished_run_views(db: Database) -> None:
    """latest_changes and stale_posts read the newest crawl that ended ok or partial, never one running or failed."""
    for name in ("latest_changes", "stale_posts"):
        db.create_view(name, CONTENT_AUDIT_VIEWS[name].replace(ANY_CRAWL, FINISHED_CRAWL), replace=True)
