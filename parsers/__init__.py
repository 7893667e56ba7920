"""Pure functions from a page's HTML and URL to typed records: no network, database or clock."""

PARSER_VERSION = "2026.11.1"  # raise when the parsers read a stored page differently; each run records it
