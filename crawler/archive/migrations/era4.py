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

STEPS = (M015_MEDIA,)
