ALTER TABLE "skipped_urls" ADD COLUMN "variant" TEXT;

