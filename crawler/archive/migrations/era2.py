"""m004-m006, search and audits (released 2026-11-23 to 2026-11-29): audit views, URL variants, meta descriptions.

Released and frozen: never edit, rename or renumber these; add a new migration at the end of the newest era.
"""

from __future__ import annotations

from crawler.archive.migrations.frozen import Step

M004_SEARCH_AND_AUDIT_VIEWS = Step(
    "m004_search_and_audit_views",
    "Clearer audit views, the months_without_posts and posts_not_in_archive_pages audits, post_catalogue.",
    """
        DROP VIEW IF EXISTS "archive_audit";
        CREATE VIEW "archive_audit" AS
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
            ORDER BY id DESC;

        DROP VIEW IF EXISTS "broken_links";
        CREATE VIEW "broken_links" AS
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
            ORDER BY target_url, source_url;

        DROP VIEW IF EXISTS "images_missing_alt";
        CREATE VIEW "images_missing_alt" AS
            SELECT 'body' AS place, i.page_url, p.title, i.position, i.src, i.alt
            FROM images i JOIN posts p ON p.url = i.page_url
            WHERE p.removed_in_run IS NULL AND (i.alt IS NULL OR trim(i.alt) = '')
            UNION ALL
            SELECT 'featured image' AS place, p.url AS page_url, p.title, 0 AS position,
                   p.featured_image_url AS src, p.featured_image_alt AS alt
            FROM posts p
            WHERE p.removed_in_run IS NULL AND p.featured_image_url IS NOT NULL
              AND (p.featured_image_alt IS NULL OR trim(p.featured_image_alt) = '')
            ORDER BY page_url, position;

        DROP VIEW IF EXISTS "posts_without_category";
        CREATE VIEW "posts_without_category" AS
            SELECT p.url, p.title, p.published,
                   (SELECT group_concat(c.category, ', ') FROM post_categories c WHERE c.post_url = p.url)
                       AS categories
            FROM posts p
            WHERE p.removed_in_run IS NULL
              AND NOT EXISTS (
                  SELECT 1 FROM post_categories c
                  WHERE c.post_url = p.url AND lower(c.category) NOT IN ('uncategorized', 'uncategorised')
              )
            ORDER BY p.published DESC;

        DROP VIEW IF EXISTS "months_without_posts";
        CREATE VIEW "months_without_posts" AS
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
                trim(substr('January  February March    April    May      June     July     August   SeptemberOctober  November December ', 9 * (CAST(substr(c.month, 6, 2) AS INTEGER) - 1) + 1, 9))
                    || ' ' || substr(c.month, 1, 4) AS label,
                coalesce(posted.removed, 0) AS removed_posts,
                m.url AS archive_page
            FROM calendar c
            LEFT JOIN posted ON posted.month = c.month
            LEFT JOIN archive_months m ON m.id = c.month
            WHERE c.month IS NOT NULL AND coalesce(posted.live, 0) = 0
            ORDER BY c.month;

        DROP VIEW IF EXISTS "posts_not_in_archive_pages";
        CREATE VIEW "posts_not_in_archive_pages" AS
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
            ORDER BY p.published DESC;

        DROP VIEW IF EXISTS "post_catalogue";
        CREATE VIEW "post_catalogue" AS
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
            FROM posts p;
    """,
)


M005_SKIPPED_URL_VARIANTS = Step(
    "m005_skipped_url_variants",
    "Keep the href a duplicate was found under (a tracking or case variant of a canonical URL).",
    """
        ALTER TABLE "skipped_urls" ADD COLUMN "variant" TEXT;
    """,
)


M006_META_DESCRIPTION = Step(
    "m006_meta_description",
    "posts.meta_description: the page's own meta description, for the content audits.",
    """
        ALTER TABLE "posts" ADD COLUMN "meta_description" TEXT;
    """,
)

STEPS = (M004_SEARCH_AND_AUDIT_VIEWS, M005_SKIPPED_URL_VARIANTS, M006_META_DESCRIPTION)
