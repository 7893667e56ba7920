CREATE INDEX IF NOT EXISTS "idx_posts_audited"
    ON "posts" ("removed_in_run", "published", "url", "title", "modified", "word_count", "featured_image_url", "featured_image_alt", "meta_description");

CREATE INDEX IF NOT EXISTS idx_skipped_urls_traps ON skipped_urls (run_id, pattern, rule) WHERE reason = 'trap';

