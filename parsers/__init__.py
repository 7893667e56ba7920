"""Pure functions from a page's HTML and URL to typed records: no network, database or clock."""
