"""m015 on: media (every picture a post page shows, kept in the archive file), identity and the REST inventory.

Closed: new migrations go at the end of era5.py. There is no m014: earlier releases recorded m014_content_audits,
which is m009_content_audits now (see the package), so the number stays unused.
"""

from __future__ import annotations

from crawler.archive.migrations.frozen import Step

M015_MEDIA = Step(
    "m015_media",
    "media per picture URL, media_blobs per distinct content (SHA-256), media_versions, post_version_media.",
    """
        CREATE TABLE "media_blobs" (
           "sha256" TEXT PRIMARY KEY,
           "size" INTEGER NOT NULL,
           "content_type" TEXT NOT NULL,
           "width" INTEGER,
           "height" INTEGER,
           "data" BLOB NOT NULL
        );

        CREATE TABLE "media" (
           "url" TEXT PRIMARY KEY,
           "status" INTEGER,
           "content_type" TEXT,
           "declared_type" TEXT,
           "size" INTEGER,
           "width" INTEGER,
           "height" INTEGER,
           "sha256" TEXT REFERENCES "media_blobs"("sha256"),
           "etag" TEXT,
           "last_modified" TEXT,
           "first_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "last_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "fetched_at" TEXT,
           "error" TEXT
        );

        CREATE INDEX "idx_media_sha256"
            ON "media" ("sha256");

        CREATE TABLE "media_versions" (
           "url" TEXT REFERENCES "media"("url"),
           "version" INTEGER,
           "sha256" TEXT NOT NULL REFERENCES "media_blobs"("sha256"),
           "first_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "last_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "fetched_at" TEXT,
           "status" INTEGER,
           "headers" TEXT,
           "request_headers" TEXT,
           "http_version" TEXT,
           "reason" TEXT,
           PRIMARY KEY ("url", "version")
        );

        CREATE INDEX "idx_media_versions_sha256"
            ON "media_versions" ("sha256");

        CREATE TABLE "post_version_media" (
           "post_url" TEXT,
           "version" INTEGER,
           "position" INTEGER,
           "media_url" TEXT,
           "role" TEXT,
           PRIMARY KEY ("post_url", "version", "media_url"),
           FOREIGN KEY ("post_url", "version") REFERENCES "post_versions"("post_url", "version")
        );

        CREATE INDEX "idx_post_version_media_media_url"
            ON "post_version_media" ("media_url");
    """,
)

M016_IDENTITY_AND_INVENTORY = Step(
    "m016_identity_and_inventory",
    "wp_inventory and wp_terms (what the REST API lists), post_urls (a post's earlier addresses), moves in"
    " post_changes.old_url, crawl_runs.inventory, inventory_disagreements and the inventory_audit view.",
    """
        CREATE TABLE "wp_inventory" (
           "wp_id" INTEGER PRIMARY KEY,
           "type" TEXT,
           "url" TEXT,
           "slug" TEXT,
           "date_gmt" TEXT,
           "modified_gmt" TEXT,
           "title" TEXT,
           "categories" TEXT,
           "tags" TEXT,
           "category_ids" TEXT,
           "tag_ids" TEXT,
           "first_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "last_seen_run" INTEGER REFERENCES "crawl_runs"("id")
        );

        CREATE INDEX "idx_wp_inventory_url"
            ON "wp_inventory" ("url");

        CREATE TABLE "wp_terms" (
           "taxonomy" TEXT,
           "wp_id" INTEGER,
           "name" TEXT,
           "slug" TEXT,
           "url" TEXT,
           "count" INTEGER,
           "first_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "last_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           PRIMARY KEY ("taxonomy", "wp_id")
        );

        CREATE TABLE "post_urls" (
           "url" TEXT PRIMARY KEY,
           "post_url" TEXT REFERENCES "posts"("url"),
           "first_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
           "moved_in_run" INTEGER REFERENCES "crawl_runs"("id")
        );

        CREATE INDEX "idx_post_urls_post_url"
            ON "post_urls" ("post_url");

        CREATE TABLE "inventory_disagreements" (
           "run_id" INTEGER REFERENCES "crawl_runs"("id"),
           "wp_id" INTEGER,
           "post_url" TEXT,
           "field" TEXT,
           "api_value" TEXT,
           "page_value" TEXT,
           PRIMARY KEY ("run_id", "wp_id", "field")
        );

        ALTER TABLE "crawl_runs" ADD COLUMN "inventory" TEXT;
        ALTER TABLE "crawl_runs" ADD COLUMN "inventory_detail" TEXT;
        ALTER TABLE "crawl_runs" ADD COLUMN "moved_posts" INTEGER;
        ALTER TABLE "post_changes" ADD COLUMN "old_url" TEXT;

        CREATE INDEX IF NOT EXISTS "idx_posts_wp_id"
            ON "posts" ("wp_id");

        DROP VIEW IF EXISTS "inventory_audit";
        CREATE VIEW "inventory_audit" AS
            WITH inventoried AS (
                SELECT max(id) AS run_id FROM crawl_runs WHERE inventory = 'used' AND status IN ('ok', 'partial')
            ),
            skipped AS (
                SELECT s.url, group_concat(DISTINCT s.reason) AS reasons
                FROM skipped_urls s JOIN inventoried ON s.run_id = inventoried.run_id
                GROUP BY s.url
            )
            SELECT inventoried.run_id AS inventory_run, 'not archived' AS problem, i.wp_id, i.url, i.title,
                   i.modified_gmt,
                   CASE
                       WHEN pg.error IS NOT NULL THEN pg.error
                       WHEN pg.status IS NOT NULL AND pg.status != 200 THEN 'answered HTTP ' || pg.status
                       WHEN skipped.reasons IS NOT NULL THEN 'skipped: ' || skipped.reasons
                       WHEN pg.url IS NOT NULL THEN 'fetched, but not read as a post (kind ' || pg.kind || ')'
                       ELSE 'never fetched'
                   END AS why
            FROM wp_inventory i
            JOIN inventoried ON i.last_seen_run = inventoried.run_id
            LEFT JOIN pages pg ON pg.url = i.url
            LEFT JOIN skipped ON skipped.url = i.url
            WHERE i.type = 'post'
              AND NOT EXISTS (
                  SELECT 1 FROM posts p WHERE p.removed_in_run IS NULL AND (p.wp_id = i.wp_id OR p.url = i.url)
              )
            UNION ALL
            SELECT inventoried.run_id, 'not in the inventory', p.wp_id, p.url, p.title, NULL,
                   'a live archived post the REST API does not list'
            FROM posts p
            JOIN inventoried ON inventoried.run_id IS NOT NULL
            WHERE p.removed_in_run IS NULL
              AND NOT EXISTS (
                  SELECT 1 FROM wp_inventory i
                  WHERE i.type = 'post' AND i.last_seen_run = inventoried.run_id AND (i.wp_id = p.wp_id OR i.url = p.url)
              )
            ORDER BY problem, url;
    """,
)


STEPS = (M015_MEDIA, M016_IDENTITY_AND_INVENTORY)
