"""Fetcher over httpx.AsyncClient: conditional GET, bounded bodies, retries -> FetchResult."""

from __future__ import annotations

import asyncio
import email.utils
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from crawler.config import CrawlConfig, RetryPolicy
from crawler.crawl.bounded import (
    ENCODINGS_ACCEPTED,
    BodyTooLarge,
    BoundedBody,
    UnreadableBody,
)
from crawler.crawl.throttle import Throttle
from crawler.crawl.transport import crawl_transports
from crawler.records import RETRY_STATUSES, FetchResult, Validators
from parsers.urls import canonical_url

logger = logging.getLogger(__name__)

SLOW_DOWN_STATUSES = frozenset({429, 503})


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date), else None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def retry_delay(
    result: FetchResult,
    attempt: int,
    policy: RetryPolicy,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Seconds to wait before trying again, or None to give up."""
    retryable = (result.status is None and result.retryable) or result.status in RETRY_STATUSES
    if not retryable or attempt > policy.retries:
        return None
    if result.retry_after is not None:
        return min(result.retry_after, policy.max_wait)
    backoff = policy.backoff * 2 ** (attempt - 1)
    jittered = backoff * (1 + policy.jitter * (2 * rand() - 1))
    return float(min(max(0.0, jittered), policy.max_wait))


class Fetcher:
    """Fetches one URL at a time politely: throttled, conditional, bounded and retried.

    `in_flight` bounds the requests out at once, shared with whatever else holds it (a crawl's picture fetches): each
    attempt holds a place while it waits its turn at the throttle and while it is answered, never while a retry
    waits.
    """

    def __init__(
        self,
        config: CrawlConfig,
        throttle: Throttle,
        client: httpx.AsyncClient,
        in_flight: asyncio.Semaphore | None = None,
    ) -> None:
        self.config = config
        self.throttle = throttle
        self.client = client
        self.in_flight = in_flight or asyncio.Semaphore(config.concurrency)
        self.requests = 0

    async def fetch(self, url: str, validators: Validators | None = None) -> FetchResult:
        """GET the URL, retrying transient failures; never raises for network trouble."""
        attempt = 1
        while True:
            async with self.in_flight:
                await self.throttle.wait()
                result = await self._attempt(url, validators)
            if result.status in SLOW_DOWN_STATUSES:
                asked = result.retry_after
                self.throttle.slow_down(None if asked is None else min(asked, self.config.retry.max_wait))
            elif result.status is not None:
                self.throttle.recover()
            wait = retry_delay(result, attempt, self.config.retry)
            if wait is None:
                if result.is_failure:
                    logger.warning("gave up on %s after %d tries: %s", url, attempt, describe(result))
                return result
            logger.info("retrying %s in %.1f s (%s)", url, wait, describe(result))
            await asyncio.sleep(wait)
            attempt += 1

    async def _attempt(self, url: str, validators: Validators | None) -> FetchResult:
        """One GET of the URL, its body read up to the size limit."""
        self.requests += 1
        headers = validators.headers() if validators else {}
        try:
            async with asyncio.timeout(self.config.timeouts.total):
                return await self._get(url, headers)
        except TimeoutError:
            return FetchResult(url, None, None, f"timed out after {self.config.timeouts.total:g} s")
        except httpx.TimeoutException as exc:
            return FetchResult(url, None, None, f"timeout: {type(exc).__name__}")
        except (httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:  # the request itself is wrong
            return FetchResult(url, None, None, f"{type(exc).__name__}: {exc}", retryable=False)
        except httpx.InvalidURL as exc:
            return FetchResult(url, None, None, f"invalid URL: {exc}", retryable=False)
        except httpx.TransportError as exc:
            return FetchResult(url, None, None, f"{type(exc).__name__}: {exc}")

    async def _get(self, url: str, headers: dict[str, str]) -> FetchResult:
        """Stream the response, stopping at max_bytes."""
        async with self.client.stream("GET", url, headers=headers) as response:
            try:
                body = BoundedBody(response.headers.get("content-encoding"), self.config.max_bytes)
                async for chunk in response.aiter_raw():
                    body.feed(chunk)
                return self._result(url, response, body.finish(), None)
            except BodyTooLarge:
                return self._result(url, response, None, f"body larger than {self.config.max_bytes} bytes")
            except UnreadableBody as exc:
                return self._result(url, response, None, str(exc))

    @staticmethod
    def _result(url: str, response: httpx.Response, body: bytes | None, error: str | None) -> FetchResult:
        """A FetchResult from an httpx response."""
        location = response.headers.get("location")
        final_url = canonical_url(location, base=url) if response.is_redirect and location else url
        return FetchResult(
            url=url,
            status=response.status_code,
            body=body,
            error=error,
            final_url=final_url,
            content_type=response.headers.get("content-type"),
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
            headers=tuple(response.headers.multi_items()),
            retry_after=parse_retry_after(response.headers.get("retry-after")),
            request_headers=tuple(response.request.headers.multi_items()),
            http_version=response.http_version,
            reason=response.reason_phrase,
        )


def describe(result: FetchResult) -> str:
    """A short human reason for a failed fetch."""
    if result.error:
        return result.error
    return f"HTTP {result.status}"


def new_client(config: CrawlConfig) -> httpx.AsyncClient:
    """The one HTTP client of a crawl: no redirects followed, bounded pools, our User-Agent, TLS set up when an https
    URL is first fetched (crawler.crawl.transport)."""
    timeouts = config.timeouts
    limits = httpx.Limits(max_connections=config.concurrency, max_keepalive_connections=config.concurrency)
    transport, mounts = crawl_transports(limits)
    return httpx.AsyncClient(
        headers={"User-Agent": config.user_agent, "Accept-Encoding": ENCODINGS_ACCEPTED},
        follow_redirects=False,
        timeout=httpx.Timeout(timeouts.read, connect=timeouts.connect),
        transport=transport,
        mounts=mounts,
        trust_env=False,
    )
