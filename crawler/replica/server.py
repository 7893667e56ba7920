"""The replica served over real HTTP/1.1 on 127.0.0.1, with a request log and fault injection."""

from __future__ import annotations

import hashlib
import socket
import struct
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urlsplit

from crawler.replica.dates import http_date
from crawler.replica.faults import Fault, Faults, Kind
from crawler.replica.loopback import LoopbackHandler, LoopbackHTTPServer, LoopbackServer
from crawler.replica.rest_api import API_MODES, ApiMode
from crawler.replica.routes import HTML, Resource, respond, uploads_moved
from crawler.replica.site import Site
from crawler.replica.traps import trapped

Validators = Literal["wordpress", "all"]
RENDERED_KEPT = 1000  # responses kept rendered: a benchmark's server answers at network speed, not at render speed
_ERROR_PAGE = "<!DOCTYPE html>\n<html><head><title>{status}</title></head><body><h1>{status}</h1></body></html>\n"


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the replica received and what it sent back."""

    method: str
    path: str  # path and query, as requested
    headers: dict[str, str]  # names lower-cased
    status: int | None  # None until the status line goes out
    bytes_sent: int  # body bytes handed to the socket; 0 when the client had gone
    time: float  # time.monotonic() when the request arrived
    finished: float | None = None  # time.monotonic() when the response was written (None while it is being answered)


@dataclass(slots=True)
class _Exchange:
    """A request being answered, logged on arrival so no client sees its response before the log does."""

    method: str
    path: str
    headers: dict[str, str]
    time: float
    status: int | None = None
    bytes_sent: int = 0
    finished: float | None = None

    def record(self) -> RequestRecord:
        """A frozen copy for the request log."""
        return RequestRecord(
            self.method, self.path, self.headers, self.status, self.bytes_sent, self.time, self.finished
        )


def etag(body: bytes) -> str:
    """A strong entity tag: a hash of the body."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _validator_headers(resource: Resource, mode: Validators) -> dict[str, str]:
    """ETag and Last-Modified, when this kind of response carries them in this mode."""
    if resource.status != 200 or not (mode == "all" or resource.feed_like):
        return {}
    return {"ETag": etag(resource.body), "Last-Modified": http_date(resource.last_modified)}


def is_not_modified(request: dict[str, str], validators: dict[str, str], resource: Resource) -> bool:
    """Whether a conditional GET gets 304: If-None-Match first, else If-Modified-Since."""
    if not validators:
        return False
    if "if-none-match" in request:
        tags = [tag.strip().removeprefix("W/") for tag in request["if-none-match"].split(",")]
        return "*" in tags or validators["ETag"] in tags
    if "if-modified-since" in request:
        try:
            since = parsedate_to_datetime(request["if-modified-since"])
        except (TypeError, ValueError):
            return False
        return since.tzinfo is not None and resource.last_modified.replace(microsecond=0) <= since
    return False


def _failure(fault: Fault, modified: datetime) -> Resource:
    """The error response a FAIL fault sends instead of the page."""
    return Resource(fault.status, HTML, _ERROR_PAGE.format(status=fault.status).encode(), modified)


class _Handler(LoopbackHandler):
    """Answers one connection's requests from the ReplicaServer that owns the server."""

    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: LoopbackHTTPServer[ReplicaServer]
    _exchange: _Exchange

    def answer(self, with_body: bool) -> None:
        """Log the request, then respond."""
        replica = self.server.owner
        headers = {name.lower(): value for name, value in self.headers.items()}
        self._exchange = _Exchange(self.command, self.path, headers, time.monotonic())
        replica._remember(self._exchange)
        try:
            self._respond(replica, headers, with_body)
        finally:
            self._exchange.finished = time.monotonic()

    def _respond(self, replica: ReplicaServer, request: dict[str, str], with_body: bool) -> None:
        """Apply latency and faults, then send the resource or a 304."""
        if replica.latency:
            time.sleep(replica.latency)
        fault = replica.faults.take(urlsplit(self.path).path)
        if fault is not None and fault.kind is Kind.STALL:
            time.sleep(fault.seconds)
        if fault is not None and fault.kind is Kind.FAIL:
            resource = _failure(fault, replica.site.updated)
        else:
            resource = replica.rendered(replica.base_url, self.path)
        validators = _validator_headers(resource, replica.validators)
        if is_not_modified(request, validators, resource):
            self._send_head(304, list(validators.items()))
            return
        headers = [("Content-Type", resource.content_type), ("Content-Length", str(len(resource.body)))]
        headers += [*validators.items(), *resource.headers]
        if resource.location:
            headers.append(("Location", resource.location))
        if fault is not None and fault.retry_after is not None:
            headers.append(("Retry-After", fault.retry_after))
        self._send_head(resource.status, headers)
        if with_body:
            self._send_body(resource.body, fault)

    def _send_head(self, status: int, headers: list[tuple[str, str]]) -> None:
        """The status line and headers (a name may repeat, as Link does)."""
        self._exchange.status = status
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    def _send_body(self, body: bytes, fault: Fault | None) -> None:
        """Write the body, or only half of it for RESET and TRUNCATE faults."""
        cut_short = fault is not None and fault.kind in (Kind.RESET, Kind.TRUNCATE)
        part = body[: len(body) // 2] if cut_short else body
        self._exchange.bytes_sent = len(part)
        try:
            self.wfile.write(part)
        except OSError:
            self._exchange.bytes_sent = 0
            raise
        if not cut_short:
            return
        self.close_connection = True
        if fault is not None and fault.kind is Kind.RESET:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()


class ReplicaServer(LoopbackServer):
    """Serves a Site on a loopback port (any free one unless `port` is given); `site`, `latency` and the rest can change
    while it runs."""

    handler = _Handler

    def __init__(
        self,
        site: Site,
        *,
        validators: Validators = "wordpress",
        crawl_delay: float = 1.0,
        latency: float = 0.0,
        traps: bool = False,
        api: ApiMode = "open",
        uploads_base: str | None = None,
        port: int = 0,
    ) -> None:
        if validators not in ("wordpress", "all"):
            raise ValueError(f"validators must be 'wordpress' or 'all', not {validators!r}")
        if api not in API_MODES:
            raise ValueError(f"api must be one of {', '.join(API_MODES)}, not {api!r}")
        super().__init__(port)
        self.site = site
        self.validators: Validators = validators
        self.crawl_delay = crawl_delay
        self.latency = latency
        self.traps = traps  # serve crawler traps beside the blog (crawler.replica.traps)
        self.api: ApiMode = api  # how the REST API answers (crawler.replica.rest_api)
        self.uploads_base = uploads_base  # pages name their uploads on this host (a CDN, crawler.replica.media_host)
        self.faults = Faults()
        self._log: list[_Exchange] = []
        self._log_lock = threading.Lock()
        self._rendered: dict[tuple[Site, bool, float, ApiMode, str | None, str, str], Resource] = {}  # oldest first

    @property
    def start_url(self) -> str:
        """Where a crawl of the blog starts: the blog index."""
        return self.url("/blog/")

    @property
    def requests(self) -> list[RequestRecord]:
        """A copy of the request log, oldest first."""
        with self._log_lock:
            return [exchange.record() for exchange in self._log]

    def settled_requests(self, timeout: float = 5.0) -> list[RequestRecord]:
        """The request log once every request in it is answered: a client may read a response before its
        handler thread notes the time it finished. Raises TimeoutError if one is still being answered."""
        deadline = time.monotonic() + timeout
        while True:
            log = self.requests
            if all(record.finished is not None for record in log):
                return log
            if time.monotonic() > deadline:
                raise TimeoutError(f"the replica is still answering after {timeout} s")
            time.sleep(0.005)

    def clear_log(self) -> None:
        """Empty the request log."""
        with self._log_lock:
            self._log.clear()

    def rendered(self, base: str, target: str) -> Resource:
        """The response for a request target, rendered once per site, setting and target (the latest few kept)."""
        key = (self.site, self.traps, self.crawl_delay, self.api, self.uploads_base, base, target)
        with self._log_lock:
            found = self._rendered.get(key)
        if found is not None:
            return found
        resource = respond(self.site, base, target, self.crawl_delay, self.api)
        if self.traps:
            resource = trapped(self.site, base, target, resource)
        if self.uploads_base is not None:
            resource = uploads_moved(resource, base, self.uploads_base)
        with self._log_lock:
            self._rendered[key] = resource
            while len(self._rendered) > RENDERED_KEPT:
                del self._rendered[next(iter(self._rendered))]
        return resource

    def _remember(self, exchange: _Exchange) -> None:
        """Add a request being answered to the log."""
        with self._log_lock:
            self._log.append(exchange)
