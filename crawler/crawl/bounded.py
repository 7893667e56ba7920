"""Response bodies capped after decompression: a gzip bomb stops at the cap, never inflates past it."""

from __future__ import annotations

import zlib

ENCODINGS_ACCEPTED = "gzip, deflate"  # the only codings the crawler asks for, and decodes itself


class BodyTooLarge(Exception):
    """The decoded body passed the size limit."""


class UnreadableBody(Exception):
    """The body's Content-Encoding is unknown or its bytes do not decode."""


class BoundedBody:
    """Accumulates raw response chunks, decoding gzip/deflate incrementally, up to `limit` bytes."""

    def __init__(self, content_encoding: str | None, limit: int) -> None:
        self.limit = limit
        self.data = bytearray()
        coding = (content_encoding or "identity").strip().lower()
        if coding in ("", "identity"):
            self._decoder = None
        elif coding in ("gzip", "x-gzip"):
            self._decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            self._decoder = zlib.decompressobj(zlib.MAX_WBITS)
        else:
            raise UnreadableBody(f"unsupported Content-Encoding {coding!r}")

    def feed(self, chunk: bytes) -> None:
        """Add one raw chunk; raise BodyTooLarge as soon as the decoded size passes the limit."""
        if self._decoder is None:
            self._append(chunk)
            return
        try:
            decoded = self._decoder.decompress(chunk, self.limit - len(self.data) + 1)
        except zlib.error as exc:
            raise UnreadableBody(f"corrupt compressed body: {exc}") from exc
        self._append(decoded)
        if self._decoder.unconsumed_tail:
            raise BodyTooLarge(self.limit)

    def finish(self) -> bytes:
        """The whole decoded body."""
        if self._decoder is not None:
            try:
                self._append(self._decoder.flush())
            except zlib.error as exc:
                raise UnreadableBody(f"corrupt compressed body: {exc}") from exc
        return bytes(self.data)

    def _append(self, decoded: bytes) -> None:
        """Keep decoded bytes, enforcing the limit."""
        self.data.extend(decoded)
        if len(self.data) > self.limit:
            raise BodyTooLarge(self.limit)
