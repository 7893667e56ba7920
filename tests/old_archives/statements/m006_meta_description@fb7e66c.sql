ALTER TABLE "posts" ADD COLUMN "meta_description" TEXT;

