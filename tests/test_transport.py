"""The crawl's HTTP client: plain http never loads the CA bundle; https still verifies every certificate."""

from __future__ import annotations

import asyncio
import ssl
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import certifi
import httpx
import pytest
import trustme

from crawler.config import CrawlConfig
from crawler.crawl.fetch import new_client
from crawler.crawl.transport import no_tls_context
from crawler.replica import ReplicaServer


class Hello(BaseHTTPRequestHandler):
    """Answers every GET with a short text."""

    def do_GET(self) -> None:
        body = b"hello over TLS"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


@pytest.fixture
def certificate_authority() -> trustme.CA:
    """A certificate authority of the test's own, which no CA bundle holds."""
    return trustme.CA()


@pytest.fixture
def tls_server(certificate_authority: trustme.CA) -> Iterator[str]:
    """An https server on 127.0.0.1 whose certificate the test's own authority issued; yields its URL."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1").configure_cert(context)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def contexts_with_ca_files(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The `cafile` of every SSL context made with ssl.create_default_context (httpx makes its own so) from now on."""
    made: list[str | None] = []
    original: Callable[..., ssl.SSLContext] = ssl.create_default_context

    def recording(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(kwargs.get("cafile"))
        return original(*args, **kwargs)

    monkeypatch.setattr(ssl, "create_default_context", recording)
    return made


def get(url: str) -> httpx.Response:
    """One GET through a new crawl client."""

    async def fetch() -> httpx.Response:
        async with new_client(CrawlConfig(start_url=url)) as client:
            return await client.get(url)

    return asyncio.run(fetch())


def test_a_plain_http_request_loads_no_ca_bundle(
    replica: ReplicaServer, contexts_with_ca_files: list[str | None]
) -> None:
    response = get(replica.url("/robots.txt"))
    assert response.status_code == 200 and b"User-agent" in response.content
    assert contexts_with_ca_files == []


def test_an_https_request_refuses_a_certificate_no_trusted_authority_issued(
    tls_server: str, contexts_with_ca_files: list[str | None]
) -> None:
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        get(tls_server)
    assert contexts_with_ca_files == [certifi.where()]  # httpx's default verification, built for the first request


def test_an_https_request_succeeds_when_the_ca_bundle_holds_the_issuer(
    tls_server: str, certificate_authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "bundle.pem"
    certificate_authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setattr(certifi, "where", lambda: str(bundle))
    response = get(tls_server)
    assert response.status_code == 200 and response.content == b"hello over TLS"


def test_the_plain_http_transport_could_make_no_tls_connection(
    tls_server: str, certificate_authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even with the test's authority in the CA bundle, the context of the plain-http transport trusts nothing."""
    bundle = tmp_path / "bundle.pem"
    certificate_authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setattr(certifi, "where", lambda: str(bundle))
    context = no_tls_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats()["x509_ca"] == 0

    async def fetch() -> None:
        async with httpx.AsyncClient(verify=context) as client:
            await client.get(tls_server)

    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        asyncio.run(fetch())
