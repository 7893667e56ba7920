ALTER TABLE "pages" ADD COLUMN "sitemap_lastmod" TEXT;

