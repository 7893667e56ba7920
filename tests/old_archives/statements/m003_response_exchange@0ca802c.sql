ALTER TABLE "responses" ADD COLUMN "request_headers" TEXT;

ALTER TABLE "responses" ADD COLUMN "http_version" TEXT;

ALTER TABLE "responses" ADD COLUMN "reason" TEXT;

