"""`python -m crawler` runs the blog-archive command."""

from crawler.cli import main

main()
