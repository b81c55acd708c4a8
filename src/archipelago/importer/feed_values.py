"""The feed's values as written → typed values: dates, durations, yes/no, numbers, addresses.

Each reader returns the value, or None when the text does not say one; callers report why.
"""

from __future__ import annotations

import datetime as dt
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

#: Date forms seen in real feeds besides RFC 822, tried in order; all read as UTC.
_OTHER_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y",
    "%a, %d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
)


def read_date(text: str) -> tuple[dt.datetime | None, bool]:
    """(the moment, whether it was in RFC 822 as RSS requires); (None, False) when unreadable.

    A date without a time zone is read as UTC.
    """
    value = " ".join(text.split())
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        moment = None
    if moment is not None:
        return _aware(moment), True
    try:
        return _aware(dt.datetime.fromisoformat(value.replace("Z", "+00:00"))), False
    except ValueError:
        pass
    for form in _OTHER_DATE_FORMATS:
        try:
            return _aware(dt.datetime.strptime(value, form)), False
        except ValueError:
            continue
    return None, False


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=dt.UTC)
    if moment.utcoffset() == dt.timedelta(0):
        moment = moment.replace(tzinfo=dt.UTC)  # "+00:00", one spelling for every UTC date
    return moment.replace(microsecond=0)


def read_clock(text: str) -> float | None:
    """Seconds from ``90``, ``90.5``, ``01:30`` or ``1:02:03.400`` (a duration, or where a
    chapter starts); None when it is not a time."""
    parts = text.strip().split(":")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        return None
    if not 1 <= len(numbers) <= 3 or any(not 0 <= n < 1e7 for n in numbers):
        return None  # the range check also refuses nan and inf
    seconds = 0.0
    for number in numbers:
        seconds = seconds * 60 + number
    return seconds


def read_duration(text: str) -> float | None:
    """An episode's length in seconds (see `read_clock`); None when it is not a length."""
    seconds = read_clock(text)
    return seconds if seconds is not None and 0 < seconds < 1e7 else None


def read_flag(text: str | None) -> bool | None:
    """``yes``/``true``/``explicit`` → True, ``no``/``false``/``clean`` → False, else None."""
    if text is None:
        return None
    value = text.strip().lower()
    if value in ("yes", "true", "explicit", "1"):
        return True
    if value in ("no", "false", "clean", "0"):
        return False
    return None


def read_count(text: str | None) -> int | None:
    """A whole number ≥ 0 (``12``, `` 12 ``); None for ``1.5``, ``-1``, ``twelve``."""
    if text is None:
        return None
    value = text.strip()
    return int(value) if value.isdigit() else None


def absolute(url: str, bases: list[str | None]) -> tuple[str | None, bool]:
    """(the absolute address, whether it was relative); (None, True) when nothing resolves it.

    Args:
        url: the address as written.
        bases: addresses it may be relative to, nearest first (xml:base, the feed's own URL,
            its atom:link self, the channel's link).
    """
    value = url.strip()
    if urlsplit(value).scheme in ("http", "https") and urlsplit(value).netloc:
        return value, False
    if value.startswith("//"):
        return "https:" + value, True
    for base in bases:
        if base and urlsplit(base).scheme in ("http", "https"):
            joined = urljoin(base, value)
            if urlsplit(joined).netloc:
                return joined, True
    return None, True


def one_line(text: str) -> str:
    """Runs of whitespace (new lines included) as one space, trimmed."""
    return " ".join(text.split())
