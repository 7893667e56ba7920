"""A one-line progress display for crawls run at a terminal; silent under cron."""

from __future__ import annotations

import sys
from typing import TextIO


class TerminalProgress:
    """Rewrites one stderr line with pages handled out of pages known."""

    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.shown = False

    @staticmethod
    def wanted(stream: TextIO = sys.stderr) -> bool:
        """Whether a progress line makes sense: only when a person is watching."""
        return stream.isatty()

    def __call__(self, handled: int, known: int) -> None:
        width = 30
        filled = width * handled // max(known, 1)
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {handled}/{known} pages")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        """End the progress line so the summary starts on a line of its own."""
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
