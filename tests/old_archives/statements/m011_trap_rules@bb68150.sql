ALTER TABLE "skipped_urls" ADD COLUMN "rule" TEXT;

ALTER TABLE "skipped_urls" ADD COLUMN "pattern" TEXT;

ALTER TABLE "skipped_urls" ADD COLUMN "requests_spent" INTEGER;

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

