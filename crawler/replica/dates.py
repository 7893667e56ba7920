"""Denver wall-clock times as WordPress prints them, without the system's time-zone database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import format_datetime

MOUNTAIN_STANDARD = timezone(timedelta(hours=-7))
MOUNTAIN_DAYLIGHT = timezone(timedelta(hours=-6))


def _changeover(year: int, month: int, sunday: int) -> datetime:
    """2 a.m. on the given Sunday of a month, when the clocks change."""
    first = date(year, month, 1)
    day = first + timedelta(days=(6 - first.weekday()) % 7 + 7 * (sunday - 1))
    return datetime(year, month, day.day, 2)


def mountain(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A Denver wall-clock time as an aware datetime (US daylight-saving rules since 2007)."""
    local = datetime(year, month, day, hour, minute)
    daylight = _changeover(year, 3, 2) <= local < _changeover(year, 11, 1)
    return local.replace(tzinfo=MOUNTAIN_DAYLIGHT if daylight else MOUNTAIN_STANDARD)


def parse_day(day: str, hour: int = 10) -> datetime:
    """`"2019-05-15"` at `hour` o'clock in Denver."""
    year, month, dom = (int(part) for part in day.split("-"))
    return mountain(year, month, dom, hour)


def iso_local(moment: datetime) -> str:
    """ISO 8601 with the local offset, as in `time[datetime]`: 2019-05-15T10:00:00-06:00."""
    return moment.isoformat()


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC, as in Yoast's meta tags: 2019-05-15T16:00:00+00:00."""
    return moment.astimezone(UTC).isoformat()


def long_date(moment: datetime) -> str:
    """The date as the theme shows it: May 15, 2019."""
    return f"{moment:%B} {moment.day}, {moment.year}"


def wall_clock(moment: datetime) -> str:
    """The local time without offset, as in the theme's structured data: 2019-05-15 10:00:00."""
    return f"{moment:%Y-%m-%d %H:%M:%S}"


def rfc822(moment: datetime) -> str:
    """An RSS date in UTC: Wed, 15 May 2019 16:00:00 +0000."""
    return format_datetime(moment.astimezone(UTC))


def http_date(moment: datetime) -> str:
    """An HTTP date: Wed, 15 May 2019 16:00:00 GMT."""
    return format_datetime(moment.astimezone(UTC), usegmt=True)
