"""Exports of the archive: WARC files and re-parsing stored bodies."""
