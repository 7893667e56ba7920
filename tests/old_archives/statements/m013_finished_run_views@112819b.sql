DROP VIEW "latest_changes";

CREATE VIEW "latest_changes" AS 
        SELECT c.run_id, r.started_at AS run_started, c.change, c.post_url, p.title, c.fields
        FROM post_changes c
        LEFT JOIN posts p ON p.url = c.post_url
        JOIN crawl_runs r ON r.id = c.run_id
        WHERE c.run_id = (SELECT max(id) FROM crawl_runs WHERE mode != 'reparse' AND status IN ('ok', 'partial')) AND c.cause = 'site'
        ORDER BY c.change, c.post_url;

DROP VIEW "stale_posts";

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

