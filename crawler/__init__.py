"""Fetch the blog politely into a SQLite archive and serve it with Datasette."""
