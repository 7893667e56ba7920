"""Chromium driven by Playwright for the browser tests: a tab that records script errors and CSP violations.

Needs the Debian packages chromium and chromium-driver (`make test` installs them); CHROMIUM overrides the
browser's path. Screenshots land in tests/artifacts/.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import ConsoleMessage, Error, Page

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
TIMEOUT_MS = 15_000
VIEWPORT = {"width": 1280, "height": 800}
LOAD_EVERY_IMAGE = "() => document.querySelectorAll('img[loading=lazy]').forEach(image => image.loading = 'eager')"
EVERY_IMAGE_LOADED = "() => [...document.querySelectorAll('img')].every(image => image.complete)"  # or broken


@dataclass
class Tab:
    """A browser page and the script errors and CSP violations it reported."""

    page: Page
    problems: list[str] = field(default_factory=list)

    def open(self, url: str) -> None:
        """Go to a page and wait for its load event: its scripts, stylesheets and eager pictures are in."""
        response = self.page.goto(url, wait_until="load")
        assert response is not None and response.ok, url

    def load_images(self) -> None:
        """Ask for the lazy pictures too, and wait until every picture has loaded or failed."""
        self.page.evaluate(LOAD_EVERY_IMAGE)
        self.page.wait_for_function(EVERY_IMAGE_LOADED)

    def screenshot(self, name: str, full_page: bool = True) -> Path:
        self.load_images()  # no blank frame where a lazy picture was still on its way
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def on_console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(message.text)

    def on_error(self, error: Error) -> None:
        self.problems.append(str(error))
