DROP INDEX IF EXISTS idx_links_target_url;

CREATE INDEX IF NOT EXISTS "idx_links_target_url_anchor_text"
    ON "links" ("target_url", "anchor_text");

CREATE INDEX IF NOT EXISTS "idx_posts_url_removed_in_run"
    ON "posts" ("url", "removed_in_run");

CREATE VIEW "duplicate_titles" AS 
        WITH live AS (
            SELECT url, title, published, lower(trim(title)) AS same FROM posts WHERE removed_in_run IS NULL
        ), repeated AS (
            SELECT same, count(*) AS posts FROM live GROUP BY same HAVING count(*) > 1
        )
        SELECT live.title, repeated.posts AS posts_with_this_title, live.url, live.published
        FROM live JOIN repeated ON repeated.same = live.same
        ORDER BY live.same, live.published;

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

CREATE VIEW "long_titles" AS 
        SELECT p.url, p.title, length(p.title) AS title_length, p.published
        FROM posts p
        WHERE p.removed_in_run IS NULL AND length(p.title) > 60
        ORDER BY title_length DESC, p.published DESC;

CREATE VIEW "thin_posts" AS 
        SELECT p.url, p.title, p.word_count, p.published,
               (SELECT count(*) FROM exercises e WHERE e.post_url = p.url) AS exercises
        FROM posts p
        WHERE p.removed_in_run IS NULL AND p.word_count < 300
        ORDER BY p.word_count, p.published DESC;

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

CREATE VIEW "posts_without_featured_image" AS 
        SELECT p.url, p.title, p.published
        FROM posts p
        WHERE p.removed_in_run IS NULL AND p.featured_image_url IS NULL
        ORDER BY p.published DESC;

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

CREATE VIEW "redirected_links" AS 
        -- CROSS JOIN: start from the few redirecting pages, not from every link
        SELECT l.source_url, l.target_url, t.status, t.final_url AS redirects_to, l.anchor_text AS text
        FROM pages t CROSS JOIN links l ON l.target_url = t.url
        WHERE t.status IN (301, 302, 303, 307, 308) AND l.is_internal = 1
        ORDER BY l.target_url, l.source_url;

DROP VIEW "latest_changes";

CREATE VIEW "latest_changes" AS 
        SELECT c.run_id, r.started_at AS run_started, c.change, c.post_url, p.title, c.fields
        FROM post_changes c
        LEFT JOIN posts p ON p.url = c.post_url
        JOIN crawl_runs r ON r.id = c.run_id
        WHERE c.run_id = (SELECT max(id) FROM crawl_runs WHERE mode != 'reparse') AND c.cause = 'site'
        ORDER BY c.change, c.post_url;

