"""Content-Security-Policy for Datasette: no script runs unless Datasette's own pages put it there."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

TEMPLATE_SCRIPT = re.compile(
    r"<script>(.*?)</script>", re.DOTALL
)  # inline, attribute-less, as in Datasette's templates
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
DASHBOARD_PATH = re.compile(r"^/-/dashboards(/|$)")  # datasette-dashboards' pages: no archive content, vega needs eval
ALLOW_FACET_VALUES = ("true", "false")  # what table.html's {{ datasette_allow_facet }} renders as

BASE_DIRECTIVES = {
    "default-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",  # Datasette's templates and vega set style attributes
    "img-src": "'self' data:",  # pictures come from the archive alone (/<database>/-/media/<sha256>)
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'self'",
}


def script_hash(script: str | bytes) -> str:
    """The CSP source expression that allows exactly this inline script."""
    data = script.encode() if isinstance(script, str) else script
    return f"'sha256-{base64.b64encode(hashlib.sha256(data).digest()).decode()}'"


def template_scripts(folder: Path) -> set[str]:
    """The inline scripts of the templates in a folder, rendered the way Datasette renders them."""
    environment = jinja2.Environment(keep_trailing_newline=True, autoescape=True)
    scripts = set()
    for path in sorted(folder.glob("*.html")):
        for script in TEMPLATE_SCRIPT.findall(path.read_text(encoding="utf-8")):
            template = environment.from_string(script)
            scripts |= {template.render(datasette_allow_facet=value) for value in ALLOW_FACET_VALUES}
    return scripts


def policy(script_sources: Iterable[str], allow_eval: bool = False) -> str:
    """The header value: scripts from this server plus the given hashes, never inline handlers."""
    script_src = " ".join(["'self'", *sorted(set(script_sources)), *(["'unsafe-eval'"] if allow_eval else [])])
    return "; ".join(f"{name} {value}" for name, value in {"script-src": script_src, **BASE_DIRECTIVES}.items())


def inline_script_hashes(html: bytes) -> list[str]:
    """Hashes of the inline scripts in a page."""
    return [script_hash(script) for script in INLINE_SCRIPT.findall(html)]


class ContentSecurityPolicy:
    """ASGI middleware adding a Content-Security-Policy header to every HTTP response whose path it applies to."""

    def __init__(
        self,
        app: App,
        trusted_scripts: Callable[[], Awaitable[set[str]]],
        applies: Callable[[str], bool] = lambda path: True,
    ) -> None:
        self.app = app
        self.trusted_scripts = trusted_scripts
        self.applies = applies
        self._policy: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.applies(scope.get("path", "")):
            await self.app(scope, receive, send)
        elif DASHBOARD_PATH.match(scope.get("path", "")):
            await self._send_dashboard(scope, receive, send)
        else:
            header = await self.policy()

            async def send_with_policy(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [*message.get("headers", []), (b"content-security-policy", header.encode())]
                await send(message)

            await self.app(scope, receive, send_with_policy)

    async def policy(self) -> str:
        """The policy for Datasette's pages: inline scripts only as its templates and plugins write them."""
        if self._policy is None:
            self._policy = policy(script_hash(script) for script in await self.trusted_scripts())
        return self._policy

    async def _send_dashboard(self, scope: Scope, receive: Receive, send: Send) -> None:
        """A dashboard page, whose chart set-up script is allowed by its hash (it shows no archive HTML)."""
        messages: list[Message] = []

        async def hold(message: Message) -> None:
            messages.append(message)

        await self.app(scope, receive, hold)
        body = b"".join(message.get("body", b"") for message in messages if message["type"] == "http.response.body")
        header = policy(inline_script_hashes(body), allow_eval=True)  # vega compiles chart expressions
        for message in messages:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", header.encode())]
            await send(message)
