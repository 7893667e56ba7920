"""m007-m013, history and content audits (released 2026-11-29): versions, sources, audits, trap rules; then
m015, identity and the REST API inventory.

Released and frozen: never edit, rename or renumber these; add a new migration at the end of this module
(or of a new era4.py once this one nears 400 lines). There is no m011: trap rules were m011_trap_rules on
their branch and became m010_trap_rules when it was merged (see RENAMED in the package).
"""

from __future__ import annotations

from crawler.archive.migrations.frozen import Step

M007_POST_HISTORY = Step(
    "m007_post_history",
    "post_versions, field-level post_changes with a cause, archive_month_changes, crawl_runs.parser_version.",
    """
        ALTER TABLE "crawl_runs" ADD COLUMN "parser_version" TEXT;
        ALTER TABLE "post_changes" ADD COLUMN "fields" TEXT;
        ALTER TABLE "post_changes" ADD COLUMN "cause" TEXT;
        UPDATE post_changes SET cause = CASE WHEN run_id IN (SELECT id FROM crawl_runs WHERE mode = 'reparse') THEN 'parser' ELSE 'site' END;

        CREATE TABLE "post_versions" (
           "post_url" TEXT REFERENCES "posts"("url"),
           "version" INTEGER,
           "content_hash" TEXT,
           "first_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "last_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "title" TEXT,
           "published" TEXT,
           "modified" TEXT,
           "author" TEXT,
           "excerpt" TEXT,
           "meta_description" TEXT,
           "body_text" TEXT,
           "featured_image_url" TEXT,
           "featured_image_alt" TEXT,
           "categories" TEXT,
           "tags" TEXT,
           "related_links" TEXT,
           "images" TEXT,
           "body_hash" TEXT,
           PRIMARY KEY ("post_url", "version")
        );

        CREATE TABLE "archive_month_changes" (
           "id" INTEGER PRIMARY KEY,
           "run_id" INTEGER REFERENCES "crawl_runs"("id"),
           "month" TEXT,
           "change" TEXT,
           "old_count" INTEGER,
           "new_count" INTEGER,
           "cause" TEXT
        );

        CREATE INDEX "idx_archive_month_changes_run_id"
            ON "archive_month_changes" ("run_id");

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
            FROM posts p;

        DROP VIEW IF EXISTS "latest_changes";
        CREATE VIEW "latest_changes" AS
            SELECT c.run_id, c.change, c.post_url, p.title, c.fields, c.old_hash, c.new_hash
            FROM post_changes c
            LEFT JOIN posts p ON p.url = c.post_url
            WHERE c.run_id = (SELECT max(id) FROM crawl_runs WHERE mode != 'reparse') AND c.cause = 'site'
            ORDER BY c.change, c.post_url;
    """,
)


M008_POST_SOURCES = Step(
    "m008_post_sources",
    "posts.sources: a JSON object naming where on the page each field of the post was read.",
    """
        ALTER TABLE "posts" ADD COLUMN "sources" TEXT;
    """,
)


M009_CONTENT_AUDITS = Step(
    "m009_content_audits",
    "The content audits (duplicate titles, meta descriptions, thin, orphan, stale posts ...); no hashes in latest_changes.",
    """
        DROP INDEX IF EXISTS idx_links_target_url;

        CREATE INDEX IF NOT EXISTS "idx_links_target_url_anchor_text"
            ON "links" ("target_url", "anchor_text");

        CREATE INDEX IF NOT EXISTS "idx_posts_url_removed_in_run"
            ON "posts" ("url", "removed_in_run");

        DROP VIEW IF EXISTS "duplicate_titles";
        CREATE VIEW "duplicate_titles" AS
            WITH live AS (
                SELECT url, title, published, lower(trim(title)) AS same FROM posts WHERE removed_in_run IS NULL
            ), repeated AS (
                SELECT same, count(*) AS posts FROM live GROUP BY same HAVING count(*) > 1
            )
            SELECT live.title, repeated.posts AS posts_with_this_title, live.url, live.published
            FROM live JOIN repeated ON repeated.same = live.same
            ORDER BY live.same, live.published;

        DROP VIEW IF EXISTS "missing_meta_descriptions";
        CREATE VIEW "missing_meta_descriptions" AS
            SELECT p.url, p.title, p.published,
                   CASE WHEN p.meta_description IS NULL OR trim(p.meta_description) = '' THEN 'missing'
                        ELSE 'too long' END AS problem,
                   length(p.meta_description) AS description_length,
                   p.meta_description
            FROM posts p
            WHERE p.removed_in_run IS NULL
              AND (p.meta_description IS NULL OR trim(p.meta_description) = '' OR length(p.meta_description) > 160)
            ORDER BY p.published DESC;

        DROP VIEW IF EXISTS "long_titles";
        CREATE VIEW "long_titles" AS
            SELECT p.url, p.title, length(p.title) AS title_length, p.published
            FROM posts p
            WHERE p.removed_in_run IS NULL AND length(p.title) > 60
            ORDER BY title_length DESC, p.published DESC;

        DROP VIEW IF EXISTS "thin_posts";
        CREATE VIEW "thin_posts" AS
            SELECT p.url, p.title, p.word_count, p.published,
                   (SELECT count(*) FROM exercises e WHERE e.post_url = p.url) AS exercises
            FROM posts p
            WHERE p.removed_in_run IS NULL AND p.word_count < 300
            ORDER BY p.word_count, p.published DESC;

        DROP VIEW IF EXISTS "orphan_posts";
        CREATE VIEW "orphan_posts" AS
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
            ORDER BY p.published DESC;

        DROP VIEW IF EXISTS "posts_without_featured_image";
        CREATE VIEW "posts_without_featured_image" AS
            SELECT p.url, p.title, p.published
            FROM posts p
            WHERE p.removed_in_run IS NULL AND p.featured_image_url IS NULL
            ORDER BY p.published DESC;

        DROP VIEW IF EXISTS "stale_posts";
        CREATE VIEW "stale_posts" AS
            WITH crawled AS (SELECT substr(max(started_at), 1, 10) AS day FROM crawl_runs WHERE mode != 'reparse')
            SELECT p.url, p.title, p.published, p.modified,
                   substr(coalesce(p.modified, p.published), 1, 10) AS last_updated,
                   round((julianday(crawled.day) - julianday(substr(coalesce(p.modified, p.published), 1, 10)))
                         / 365.25, 1) AS years_since_update
            FROM posts p, crawled
            WHERE p.removed_in_run IS NULL AND p.published IS NOT NULL
              AND substr(coalesce(p.modified, p.published), 1, 10) < date(crawled.day, '-3 years')
            ORDER BY last_updated, p.url;

        DROP VIEW IF EXISTS "redirected_links";
        CREATE VIEW "redirected_links" AS
            -- CROSS JOIN: start from the few redirecting pages, not from every link
            SELECT l.source_url, l.target_url, t.status, t.final_url AS redirects_to, l.anchor_text AS text
            FROM pages t CROSS JOIN links l ON l.target_url = t.url
            WHERE t.status IN (301, 302, 303, 307, 308) AND l.is_internal = 1
            ORDER BY l.target_url, l.source_url;

        DROP VIEW IF EXISTS "latest_changes";
        CREATE VIEW "latest_changes" AS
            SELECT c.run_id, r.started_at AS run_started, c.change, c.post_url, p.title, c.fields
            FROM post_changes c
            LEFT JOIN posts p ON p.url = c.post_url
            JOIN crawl_runs r ON r.id = c.run_id
            WHERE c.run_id = (SELECT max(id) FROM crawl_runs WHERE mode != 'reparse') AND c.cause = 'site'
            ORDER BY c.change, c.post_url;
    """,
)


M010_TRAP_RULES = Step(
    "m010_trap_rules",
    "skipped_urls says which trap rule refused a URL, on which pattern, after how many requests; crawl_traps.",
    """
        ALTER TABLE "skipped_urls" ADD COLUMN "rule" TEXT;
        ALTER TABLE "skipped_urls" ADD COLUMN "pattern" TEXT;
        ALTER TABLE "skipped_urls" ADD COLUMN "requests_spent" INTEGER;
        DROP VIEW IF EXISTS "crawl_traps";
        CREATE VIEW "crawl_traps" AS
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
            ORDER BY s.run_id DESC, urls_refused DESC;
    """,
)


M012_AUDIT_INDEXES = Step(
    "m012_audit_indexes",
    "Indexes that let the audits read live posts and trap refusals without scanning the posts' bodies or every skip.",
    """
        CREATE INDEX IF NOT EXISTS "idx_posts_audited"
            ON "posts" ("removed_in_run", "published", "url", "title", "modified", "word_count", "featured_image_url", "featured_image_alt", "meta_description");

        CREATE INDEX IF NOT EXISTS idx_skipped_urls_traps ON skipped_urls (run_id, pattern, rule) WHERE reason = 'trap';
    """,
)


M013_FINISHED_RUN_VIEWS = Step(
    "m013_finished_run_views",
    "latest_changes and stale_posts read the newest crawl that ended ok or partial, never one running or failed.",
    """
        DROP VIEW IF EXISTS "latest_changes";
        CREATE VIEW "latest_changes" AS
            SELECT c.run_id, r.started_at AS run_started, c.change, c.post_url, p.title, c.fields
            FROM post_changes c
            LEFT JOIN posts p ON p.url = c.post_url
            JOIN crawl_runs r ON r.id = c.run_id
            WHERE c.run_id = (SELECT max(id) FROM crawl_runs WHERE mode != 'reparse' AND status IN ('ok', 'partial')) AND c.cause = 'site'
            ORDER BY c.change, c.post_url;

        DROP VIEW IF EXISTS "stale_posts";
        CREATE VIEW "stale_posts" AS
            WITH crawled AS (SELECT substr(max(started_at), 1, 10) AS day FROM crawl_runs WHERE mode != 'reparse' AND status IN ('ok', 'partial'))
            SELECT p.url, p.title, p.published, p.modified,
                   substr(coalesce(p.modified, p.published), 1, 10) AS last_updated,
                   round((julianday(crawled.day) - julianday(substr(coalesce(p.modified, p.published), 1, 10)))
                         / 365.25, 1) AS years_since_update
            FROM posts p, crawled
            WHERE p.removed_in_run IS NULL AND p.published IS NOT NULL
              AND substr(coalesce(p.modified, p.published), 1, 10) < date(crawled.day, '-3 years')
            ORDER BY last_updated, p.url;
    """,
)


STEPS = (
    M007_POST_HISTORY,
    M008_POST_SOURCES,
    M009_CONTENT_AUDITS,
    M010_TRAP_RULES,
    M012_AUDIT_INDEXES,
    M013_FINISHED_RUN_VIEWS,
)
