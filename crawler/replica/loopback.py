"""One loopback HTTP/1.1 server for every test site (the replica, the tests' hostile blog): a port on
127.0.0.1 (a free one unless given), served from a daemon thread until stopped, quiet about clients that hang up."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Generic, Self, TypeVar

OwnerT = TypeVar("OwnerT")
POLL_INTERVAL = 0.05  # seconds: how soon stop() is noticed


class LoopbackHTTPServer(ThreadingHTTPServer, Generic[OwnerT]):
    """A threading HTTP server on 127.0.0.1 that knows the site it serves and ignores clients that hang up."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, owner: OwnerT, handler: type[BaseHTTPRequestHandler], port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), handler)
        self.owner = owner

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Report real errors; a client that timed out or hung up is not one."""
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class LoopbackHandler(BaseHTTPRequestHandler):
    """GET and HEAD answered by `answer`, over HTTP/1.1 keep-alive; quiet, as each site keeps its own request log."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        """A GET request."""
        self.answer(with_body=True)

    def do_HEAD(self) -> None:
        """A HEAD request."""
        self.answer(with_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the site's own request log records every request."""

    def answer(self, with_body: bool) -> None:
        """Log the request and send the response; each site's handler says how."""
        raise NotImplementedError


class LoopbackServer:
    """Serves `handler` on a loopback port in a daemon thread; a context manager; subclasses keep the content."""

    handler: ClassVar[type[BaseHTTPRequestHandler]]

    def __init__(self, port: int = 0) -> None:
        self._requested_port = port  # 0: any free port
        self._server: LoopbackHTTPServer[Self] | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> Self:
        """Bind the port (OSError when it is taken) and serve in a daemon thread."""
        if self._server is None:
            self._server = LoopbackHTTPServer(self, self.handler, self._requested_port)
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": POLL_INTERVAL}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
        self._server = self._thread = None

    def __enter__(self) -> Self:
        """Start serving."""
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Stop serving."""
        self.stop()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        if self._server is None:
            raise RuntimeError(f"the {type(self).__name__} is not running; call start() first")
        return int(self._server.server_port)

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str) -> str:
        """The absolute URL of a path on the site."""
        return self.base_url + path
