"""m017 on: exercises for research (attributes, dose and evidence, families, a flat export); the media audits.

Add new migrations at the end of this module; released ones are frozen like every era's.
"""

from __future__ import annotations

from crawler.archive.migrations.frozen import Step

M017_EXERCISE_ATTRIBUTES = Step(
    "m017_exercise_attributes",
    "Exercises keep their family, kind, equipment, body position, muscles, dose and evidence; steps their rest and "
    "tempo; versions their exercises; views exercise_catalogue, exercise_families and exercise_steps_flat.",
    """
        ALTER TABLE "exercises" ADD COLUMN "family" TEXT;
        ALTER TABLE "exercises" ADD COLUMN "kind" TEXT;
        ALTER TABLE "exercises" ADD COLUMN "equipment" TEXT;
        ALTER TABLE "exercises" ADD COLUMN "body_position" TEXT;
        ALTER TABLE "exercises" ADD COLUMN "muscles" TEXT;
        ALTER TABLE "exercises" ADD COLUMN "sets" INTEGER;
        ALTER TABLE "exercises" ADD COLUMN "reps" INTEGER;
        ALTER TABLE "exercises" ADD COLUMN "hold_seconds_min" INTEGER;
        ALTER TABLE "exercises" ADD COLUMN "hold_seconds_max" INTEGER;
        ALTER TABLE "exercises" ADD COLUMN "per_side" INTEGER;
        ALTER TABLE "exercises" ADD COLUMN "rest_seconds" INTEGER;
        ALTER TABLE "exercises" ADD COLUMN "tempo" TEXT;
        ALTER TABLE "exercises" ADD COLUMN "evidence" TEXT;
        ALTER TABLE "exercise_steps" ADD COLUMN "rest_seconds" INTEGER;
        ALTER TABLE "exercise_steps" ADD COLUMN "tempo" TEXT;
        ALTER TABLE "post_versions" ADD COLUMN "exercises" TEXT;
        CREATE INDEX IF NOT EXISTS "idx_exercises_family" ON "exercises" ("family");

        DROP VIEW IF EXISTS "exercise_catalogue";
        CREATE VIEW "exercise_catalogue" AS
            SELECT
                e.id AS exercise_id,
                e.name,
                e.family,
                e.level,
                e.label,
                e.kind,
                e.equipment,
                e.body_position,
                e.muscles,
                (SELECT count(*) FROM exercise_steps s WHERE s.exercise_id = e.id) AS steps,
                e.sets,
                e.reps,
                e.hold_seconds_min,
                e.hold_seconds_max,
                e.per_side,
                e.rest_seconds,
                e.tempo,
                e.image_url,
                p.title AS post_title,
                p.published,
                e.post_url
            FROM exercises e
            JOIN posts p ON p.url = e.post_url
            WHERE p.removed_in_run IS NULL
            ORDER BY coalesce(e.family, lower(e.name), lower(e.label)), e.level, p.published, e.position;

        DROP VIEW IF EXISTS "exercise_families";
        CREATE VIEW "exercise_families" AS
            WITH taught AS (
                SELECT
                    e.family, e.name, e.level, e.position, e.post_url, p.title, p.published,
                    CASE
                        WHEN e.name IS NULL THEN e.label
                        WHEN e.level IS NULL OR instr(lower(e.label), lower(e.name)) > 0 THEN e.name
                        ELSE e.name || ', ' || e.label
                    END AS variation
                FROM exercises e
                JOIN posts p ON p.url = e.post_url
                WHERE p.removed_in_run IS NULL AND e.family IS NOT NULL
            )
            SELECT
                t.family,
                (SELECT json_group_array(name) FROM (
                    SELECT name FROM taught n WHERE n.family = t.family AND n.name IS NOT NULL
                    GROUP BY name ORDER BY min(published), min(position)
                )) AS names,
                count(*) AS variations,
                (SELECT json_group_array(variation) FROM (
                    SELECT variation FROM taught v WHERE v.family = t.family
                    ORDER BY v.published, v.post_url, v.position
                )) AS levels,
                count(DISTINCT t.post_url) AS posts,
                (SELECT json_group_array(taught_in) FROM (
                    SELECT w.title || ' (' || coalesce(substr(w.published, 1, 10), 'undated') || ')' AS taught_in
                    FROM taught w WHERE w.family = t.family
                    GROUP BY w.post_url ORDER BY w.published, w.post_url
                )) AS taught_in,
                min(substr(t.published, 1, 10)) AS first_taught,
                max(substr(t.published, 1, 10)) AS last_taught
            FROM taught t
            GROUP BY t.family
            ORDER BY t.family;

        DROP VIEW IF EXISTS "exercise_steps_flat";
        CREATE VIEW "exercise_steps_flat" AS
            SELECT
                p.title AS post_title,
                p.published,
                e.post_url,
                e.id AS exercise_id,
                e.position AS exercise_position,
                e.name,
                e.level,
                e.label,
                e.family,
                e.kind,
                (SELECT group_concat(value, ', ') FROM json_each(e.equipment)) AS equipment,
                e.body_position,
                (SELECT group_concat(value, ', ') FROM json_each(e.muscles)) AS muscles,
                e.sets,
                e.reps,
                e.hold_seconds_min,
                e.hold_seconds_max,
                e.per_side,
                e.rest_seconds,
                e.tempo,
                s.step,
                s.text AS step_text,
                s.sets AS step_sets,
                s.reps AS step_reps,
                s.hold_seconds_min AS step_hold_seconds_min,
                s.hold_seconds_max AS step_hold_seconds_max,
                s.per_side AS step_per_side,
                s.rest_seconds AS step_rest_seconds,
                s.tempo AS step_tempo,
                e.image_url,
                e.image_alt,
                e.evidence
            FROM exercises e
            JOIN posts p ON p.url = e.post_url
            LEFT JOIN exercise_steps s ON s.exercise_id = e.id
            WHERE p.removed_in_run IS NULL
            ORDER BY p.published, e.post_url, e.position, s.step;
    """,
)

M018_MEDIA_COUNTS_AND_AUDITS = Step(
    "m018_media_counts_and_audits",
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

STEPS = (M017_EXERCISE_ATTRIBUTES, M018_MEDIA_COUNTS_AND_AUDITS)
