"""Benchmarks: crawl speed against the network limit and Scrapy, re-crawls, scale, parser speed and accuracy."""
