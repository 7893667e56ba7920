"""Pure functions from a page's HTML and URL to typed records: no network, database or clock."""

# Bumped whenever the parsers' output for the same page changes, so a run can tell a parser change from a site change.
PARSER_VERSION = "2026.12.1"
