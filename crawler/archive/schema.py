"""Where the rest of the code finds the archive's migrations; they live, frozen, in crawler.archive.migrations."""

from __future__ import annotations

import re

from crawler.archive.migrations import migrations
from crawler.archive.migrations.era1 import M001_INITIAL

_CREATE_VIEW = re.compile(r'CREATE VIEW "(\w+)" AS\s+(.*);', re.DOTALL)

# The first release's views, as m001 created them (name -> SELECT), for tests of archives that old.
VIEWS = {match[1]: match[2] for match in map(_CREATE_VIEW.fullmatch, M001_INITIAL.statements()) if match}

__all__ = ["VIEWS", "migrations"]
