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

DROP VIEW "latest_changes";

CREATE VIEW "latest_changes" AS 
    SELECT c.run_id, c.change, c.post_url, p.title, c.fields, c.old_hash, c.new_hash
    FROM post_changes c
    LEFT JOIN posts p ON p.url = c.post_url
    WHERE c.run_id = (SELECT max(id) FROM crawl_runs WHERE mode != 'reparse') AND c.cause = 'site'
    ORDER BY c.change, c.post_url;

