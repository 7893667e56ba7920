"""The web side: Datasette serving, the project's plugin, its CSP, metadata and templates, the audits."""
