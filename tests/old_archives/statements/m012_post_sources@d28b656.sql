ALTER TABLE "posts" ADD COLUMN "sources" TEXT;

