"""The crawl itself: scope, robots.txt, politeness, fetching and the loop."""
