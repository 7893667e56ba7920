"""The crawl's HTTP transports: httpx's own, with TLS set up when the crawl first fetches an https URL.

httpx builds an SSL context with the CA bundle (certifi) loaded whenever it builds a transport: a tenth of a second
of an unchanged re-crawl, spent even by a crawl that never leaves plain http (the replica, a site on an intranet).
Here plain http goes through a transport that can make no TLS connection, and https through a transport built with
httpx's defaults (certificates verified against the CA bundle) on its first request.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable

import httpx

Mounts = dict[str, httpx.AsyncBaseTransport | None]


class BuiltOnFirstRequest(httpx.AsyncBaseTransport):
    """A transport that builds the transport it stands for when the first request comes."""

    def __init__(self, build: Callable[[], httpx.AsyncBaseTransport]) -> None:
        self._build = build
        self._transport: httpx.AsyncBaseTransport | None = None

    @property
    def is_built(self) -> bool:
        """Whether a request has come, so that the transport was built."""
        return self._transport is not None

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send the request through the transport, built now if this is the first."""
        if self._transport is None:
            self._transport = self._build()
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        """Close the transport, if it was ever built."""
        if self._transport is not None:
            await self._transport.aclose()


def no_tls_context() -> ssl.SSLContext:
    """An SSL context for a transport that only carries plain http: it trusts no certificate, so that it could make
    no TLS connection even if one were asked of it (no CA bundle is loaded: that is the point)."""
    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verify_mode CERT_REQUIRED and check_hostname, as for a client


def crawl_transports(limits: httpx.Limits) -> tuple[BuiltOnFirstRequest, Mounts]:
    """The client's transport (https: httpx's defaults, built on first use) and the mount for plain http URLs."""
    https = BuiltOnFirstRequest(lambda: httpx.AsyncHTTPTransport(limits=limits, trust_env=False))
    plain = httpx.AsyncHTTPTransport(verify=no_tls_context(), limits=limits, trust_env=False)
    return https, {"http://": plain}
