"""m015 on, media: every picture a post page shows, kept in the archive file.

Add new migrations at the end of this module. There is no m014: earlier releases recorded m014_content_audits,
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

M016_MEDIA_COUNTS_AND_AUDITS = Step(
    "m016_media_counts_and_audits",
    "crawl_runs counts picture requests, pictures kept, bytes and failures; the missing_images and heavy_images audits.",
    """
        ALTER TABLE "crawl_runs" ADD COLUMN "media_requests" INTEGER;
        ALTER TABLE "crawl_runs" ADD COLUMN "media_kept" INTEGER;
        ALTER TABLE "crawl_runs" ADD COLUMN "media_bytes" INTEGER;
        ALTER TABLE "crawl_runs" ADD COLUMN "media_errors" INTEGER;

        CREATE INDEX IF NOT EXISTS "idx_post_version_media_post" ON "post_version_media" ("post_url", "version");

        DROP VIEW IF EXISTS "missing_images";
        CREATE VIEW "missing_images" AS
            WITH shown AS (
                SELECT p.url AS post_url, p.title, pm.position, pm.media_url, pm.role
                FROM posts p
                JOIN post_version_media pm ON pm.post_url = p.url
                 AND pm.version = (SELECT max(v.version) FROM post_versions v WHERE v.post_url = p.url)
                WHERE p.removed_in_run IS NULL
            )
            SELECT s.post_url, s.title, s.role, s.media_url, m.status,
                   CASE
                       WHEN m.url IS NULL THEN 'never fetched'
                       WHEN m.error IS NOT NULL AND m.sha256 IS NOT NULL THEN m.error || ' (older bytes are archived)'
                       WHEN m.error IS NOT NULL THEN m.error
                       ELSE 'nothing kept'
                   END AS problem,
                   m.sha256 IS NOT NULL AS archived,
                   m.fetched_at
            FROM shown s LEFT JOIN media m ON m.url = s.media_url
            WHERE m.url IS NULL OR m.sha256 IS NULL OR m.error IS NOT NULL
            ORDER BY s.post_url, s.position;

        DROP VIEW IF EXISTS "heavy_images";
        CREATE VIEW "heavy_images" AS
            WITH shown AS (
                SELECT DISTINCT pm.media_url, p.url AS post_url
                FROM posts p
                JOIN post_version_media pm ON pm.post_url = p.url
                 AND pm.version = (SELECT max(v.version) FROM post_versions v WHERE v.post_url = p.url)
                WHERE p.removed_in_run IS NULL
            )
            SELECT m.url, m.size, round(m.size / 1024.0) AS size_kb, m.content_type, m.width, m.height,
                   count(s.post_url) AS post_count, json_group_array(s.post_url) AS posts
            FROM media m JOIN shown s ON s.media_url = m.url
            WHERE m.sha256 IS NOT NULL AND m.size > 300 * 1024
            GROUP BY m.url
            ORDER BY m.size DESC, m.url;
    """,
)

STEPS = (M015_MEDIA, M016_MEDIA_COUNTS_AND_AUDITS)
