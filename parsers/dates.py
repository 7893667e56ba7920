"""ISO 8601 dates from machine attributes and from the dates people read."""

from __future__ import annotations

from datetime import date, datetime
from email.utils import parsedate_to_datetime

# Visible date formats WordPress sites commonly show ("January 7, 2021", "7 January 2021").
VISIBLE_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d", "%m/%d/%Y")


def parse_iso(value: str | None) -> datetime | date | None:
    """A datetime (aware or naive) or a date from an ISO 8601 string, or None."""
    if not value:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text) if ("T" in text or " " in text) else date.fromisoformat(text)
    except ValueError:
        return None


def iso_with_offset(value: str | None) -> str | None:
    """The ISO form of a timestamp that carries a UTC offset, else None."""
    parsed = parse_iso(value)
    if isinstance(parsed, datetime) and parsed.utcoffset() is not None:
        return parsed.isoformat()
    return None


def iso_date(value: str | None) -> str | None:
    """The calendar date (YYYY-MM-DD) of any ISO 8601 string, or None."""
    parsed = parse_iso(value)
    if isinstance(parsed, datetime):
        return parsed.date().isoformat()
    if isinstance(parsed, date):
        return parsed.isoformat()
    return None


def visible_date(text: str | None) -> str | None:
    """YYYY-MM-DD from a date as shown on the page ("January 7, 2021"), or None."""
    if not text:
        return None
    cleaned = " ".join(text.replace(",", ", ").split()).replace(" ,", ",")
    for pattern in VISIBLE_DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, pattern).date().isoformat()
        except ValueError:
            continue
    return None


def same_instant(first: str | None, second: str | None) -> bool:
    """True when two ISO 8601 strings name the same moment (or the same date, when either is a date)."""
    a, b = parse_iso(first), parse_iso(second)
    if a is None or b is None:
        return False
    if isinstance(a, datetime) and isinstance(b, datetime):
        if (a.utcoffset() is None) != (b.utcoffset() is None):
            return a.replace(tzinfo=None) == b.replace(tzinfo=None)
        return a == b
    day_a = a.date() if isinstance(a, datetime) else a
    day_b = b.date() if isinstance(b, datetime) else b
    return day_a == day_b


def rfc822_to_iso(value: str | None) -> str | None:
    """An RSS pubDate ("Mon, 22 Aug 2022 16:00:00 +0000") in ISO 8601, or None."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value.strip()).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def normalise_iso(value: str | None) -> str | None:
    """An ISO 8601 string in Python's canonical form: with offset when given, else the date."""
    return iso_with_offset(value) or iso_date(value)
