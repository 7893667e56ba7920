CREATE TABLE "crawl_runs" (
   "id" INTEGER PRIMARY KEY,
   "started_at" TEXT NOT NULL,
   "finished_at" TEXT,
   "start_url" TEXT NOT NULL,
   "mode" TEXT NOT NULL,
   "status" TEXT NOT NULL,
   "requests" INTEGER DEFAULT 0,
   "pages_fetched" INTEGER DEFAULT 0,
   "not_modified" INTEGER DEFAULT 0,
   "errors" INTEGER DEFAULT 0,
   "new_posts" INTEGER DEFAULT 0,
   "changed_posts" INTEGER DEFAULT 0,
   "removed_posts" INTEGER DEFAULT 0,
   "seconds" REAL,
   "pid" INTEGER,
   "user_agent" TEXT,
   "resumed_run" INTEGER,
   "error" TEXT
);

CREATE TABLE "bodies" (
   "hash" TEXT PRIMARY KEY,
   "size" INTEGER NOT NULL,
   "stored_size" INTEGER,
   "compression" TEXT NOT NULL,
   "data" BLOB NOT NULL
);

CREATE TABLE "pages" (
   "url" TEXT PRIMARY KEY,
   "final_url" TEXT,
   "status" INTEGER,
   "kind" TEXT,
   "title" TEXT,
   "content_type" TEXT,
   "etag" TEXT,
   "last_modified" TEXT,
   "content_hash" TEXT REFERENCES "bodies"("hash"),
   "fetched_at" TEXT,
   "run_id" INTEGER REFERENCES "crawl_runs"("id"),
   "error" TEXT,
   "missing" TEXT
);

CREATE TABLE "responses" (
   "id" INTEGER PRIMARY KEY,
   "run_id" INTEGER REFERENCES "crawl_runs"("id"),
   "url" TEXT,
   "status" INTEGER,
   "headers" TEXT,
   "fetched_at" TEXT,
   "body_hash" TEXT REFERENCES "bodies"("hash")
);

CREATE TABLE "posts" (
   "url" TEXT PRIMARY KEY,
   "wp_id" INTEGER,
   "slug" TEXT,
   "title" TEXT,
   "published" TEXT,
   "modified" TEXT,
   "author" TEXT,
   "excerpt" TEXT,
   "body_text" TEXT,
   "body_html" TEXT,
   "word_count" INTEGER,
   "featured_image_url" TEXT,
   "featured_image_alt" TEXT,
   "content_hash" TEXT,
   "first_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
   "last_seen_run" INTEGER REFERENCES "crawl_runs"("id"),
   "removed_in_run" INTEGER REFERENCES "crawl_runs"("id")
);

CREATE TABLE "post_categories" (
   "post_url" TEXT REFERENCES "posts"("url"),
   "category" TEXT,
   PRIMARY KEY ("post_url", "category")
);

CREATE TABLE "post_tags" (
   "post_url" TEXT REFERENCES "posts"("url"),
   "tag" TEXT,
   PRIMARY KEY ("post_url", "tag")
);

CREATE TABLE "archive_months" (
   "id" TEXT PRIMARY KEY,
   "year" INTEGER,
   "month" INTEGER,
   "label" TEXT,
   "url" TEXT,
   "listed_count" INTEGER,
   "last_seen_run" INTEGER REFERENCES "crawl_runs"("id")
);

CREATE TABLE "related_links" (
   "source_url" TEXT REFERENCES "posts"("url"),
   "position" INTEGER,
   "target_url" TEXT,
   "title" TEXT,
   "thumbnail_url" TEXT,
   "thumbnail_alt" TEXT,
   PRIMARY KEY ("source_url", "position")
);

CREATE TABLE "exercises" (
   "id" INTEGER PRIMARY KEY,
   "post_url" TEXT REFERENCES "posts"("url"),
   "position" INTEGER,
   "name" TEXT,
   "level" INTEGER,
   "label" TEXT,
   "image_url" TEXT,
   "image_alt" TEXT
);

CREATE TABLE "exercise_steps" (
   "exercise_id" INTEGER REFERENCES "exercises"("id"),
   "step" INTEGER,
   "text" TEXT,
   "hold_seconds_min" INTEGER,
   "hold_seconds_max" INTEGER,
   "reps" INTEGER,
   "sets" INTEGER,
   "per_side" INTEGER,
   PRIMARY KEY ("exercise_id", "step")
);

CREATE TABLE "links" (
   "source_url" TEXT REFERENCES "pages"("url"),
   "target_url" TEXT,
   "anchor_text" TEXT,
   "is_internal" INTEGER,
   PRIMARY KEY ("source_url", "target_url", "anchor_text")
);

CREATE TABLE "images" (
   "page_url" TEXT REFERENCES "posts"("url"),
   "position" INTEGER,
   "src" TEXT,
   "alt" TEXT,
   PRIMARY KEY ("page_url", "position")
);

CREATE TABLE "listings" (
   "page_url" TEXT REFERENCES "pages"("url"),
   "position" INTEGER,
   "post_url" TEXT,
   "archive_month" TEXT,
   PRIMARY KEY ("page_url", "position")
);

CREATE TABLE "post_changes" (
   "id" INTEGER PRIMARY KEY,
   "run_id" INTEGER REFERENCES "crawl_runs"("id"),
   "post_url" TEXT REFERENCES "posts"("url"),
   "change" TEXT,
   "old_hash" TEXT,
   "new_hash" TEXT
);

CREATE TABLE "frontier" (
   "url" TEXT PRIMARY KEY,
   "run_id" INTEGER REFERENCES "crawl_runs"("id"),
   "depth" INTEGER,
   "source_url" TEXT,
   "state" TEXT
);

CREATE TABLE "skipped_urls" (
   "run_id" INTEGER REFERENCES "crawl_runs"("id"),
   "url" TEXT,
   "reason" TEXT,
   "source_url" TEXT,
   PRIMARY KEY ("run_id", "url")
);

CREATE UNIQUE INDEX "idx_exercises_post_url_position"
    ON "exercises" ("post_url", "position");

CREATE INDEX "idx_links_target_url"
    ON "links" ("target_url");

CREATE INDEX "idx_related_links_target_url"
    ON "related_links" ("target_url");

CREATE INDEX "idx_listings_archive_month"
    ON "listings" ("archive_month");

CREATE INDEX "idx_listings_post_url"
    ON "listings" ("post_url");

CREATE INDEX "idx_posts_published"
    ON "posts" ("published");

CREATE INDEX "idx_post_changes_run_id"
    ON "post_changes" ("run_id");

CREATE INDEX "idx_responses_run_id"
    ON "responses" ("run_id");

CREATE INDEX "idx_frontier_state"
    ON "frontier" ("state");

CREATE VIRTUAL TABLE "posts_fts" USING FTS5 (
    "title", "body_text",
    tokenize='porter',
    content="posts"
);

INSERT INTO "posts_fts" (rowid, "title", "body_text")
    SELECT rowid, "title", "body_text" FROM "posts";

CREATE TRIGGER "posts_ai" AFTER INSERT ON "posts" BEGIN
  INSERT INTO "posts_fts" (rowid, "title", "body_text") VALUES (new.rowid, new."title", new."body_text");
END;

CREATE TRIGGER "posts_ad" AFTER DELETE ON "posts" BEGIN
  INSERT INTO "posts_fts" ("posts_fts", rowid, "title", "body_text") VALUES('delete', old.rowid, old."title", old."body_text");
END;

CREATE TRIGGER "posts_au" AFTER UPDATE ON "posts" BEGIN
  INSERT INTO "posts_fts" ("posts_fts", rowid, "title", "body_text") VALUES('delete', old.rowid, old."title", old."body_text");
  INSERT INTO "posts_fts" (rowid, "title", "body_text") VALUES (new.rowid, new."title", new."body_text");
END;

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
        )
        SELECT
            m.id AS month,
            m.label,
            m.url,
            m.listed_count,
            coalesce(found.n, 0) AS posts_found,
            coalesce(listed.n, 0) AS posts_on_archive_pages,
            CASE
                WHEN coalesce(found.n, 0) = 0 AND coalesce(listed.n, 0) = 0
                    THEN 'no posts found for this month'
                WHEN m.listed_count IS NOT NULL AND m.listed_count != coalesce(listed.n, 0)
                    THEN 'widget counts ' || m.listed_count || ', archive pages list '
                        || coalesce(listed.n, 0)
                WHEN coalesce(found.n, 0) != coalesce(listed.n, 0)
                    THEN 'archive pages list ' || coalesce(listed.n, 0) || ', archive holds '
                        || coalesce(found.n, 0)
                ELSE 'ok'
            END AS status
        FROM archive_months m
        LEFT JOIN found ON found.month_id = m.id
        LEFT JOIN listed ON listed.month_id = m.id
        ORDER BY m.id DESC;

CREATE VIEW "broken_links" AS 
        SELECT 'link' AS link_kind, l.source_url, l.target_url, l.anchor_text AS text,
               p.status, p.error
        FROM links l JOIN pages p ON p.url = l.target_url
        WHERE l.is_internal = 1 AND (p.status >= 400 OR p.status IS NULL)
        UNION ALL
        SELECT 'related' AS link_kind, r.source_url, r.target_url, r.title AS text,
               p.status, p.error
        FROM related_links r JOIN pages p ON p.url = r.target_url
        WHERE p.status >= 400 OR p.status IS NULL
        ORDER BY target_url, source_url;

CREATE VIEW "images_missing_alt" AS 
        SELECT 'body' AS place, i.page_url, i.position, i.src, i.alt
        FROM images i
        WHERE i.alt IS NULL OR trim(i.alt) = ''
        UNION ALL
        SELECT 'featured image' AS place, p.url AS page_url, 0 AS position,
               p.featured_image_url AS src, p.featured_image_alt AS alt
        FROM posts p
        WHERE p.featured_image_url IS NOT NULL
          AND (p.featured_image_alt IS NULL OR trim(p.featured_image_alt) = '')
        ORDER BY page_url, position;

CREATE VIEW "posts_without_category" AS 
        SELECT p.url, p.title, p.published
        FROM posts p
        WHERE p.removed_in_run IS NULL
          AND NOT EXISTS (SELECT 1 FROM post_categories c WHERE c.post_url = p.url)
        ORDER BY p.published DESC;

CREATE VIEW "latest_changes" AS 
        SELECT c.run_id, c.change, c.post_url, p.title, c.old_hash, c.new_hash
        FROM post_changes c
        LEFT JOIN posts p ON p.url = c.post_url
        WHERE c.run_id = (SELECT max(id) FROM crawl_runs)
        ORDER BY c.change, c.post_url;

