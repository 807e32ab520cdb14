"""Timestamps and partial dates.

Timestamps are timezone-aware UTC datetimes, written as ISO 8601 with a ``Z``. Dates of
evidence (publication, claim, document) are often known only to the month or the year,
so they are kept as partial ISO dates: ``2024``, ``2024-12`` or ``2024-12-20``.

A stamp read from a file (a board, an import, a colleague's copy) may lie in the
future: a machine with a wrong clock, or a hand-edited file. Such a stamp is brought
back to now (:func:`not_in_future`) rather than refused: refusing would lock an
investigator out of a whole board over one wrong clock, while now keeps every item and
takes away the only thing a future date could gain, sorting as the latest.
"""

import functools
import re
from datetime import UTC, date, datetime, timedelta

from evidenceboard.model.errors import InvalidValueError

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FIRST_DAY, _LAST_DAY = date(1, 1, 2), date(9999, 12, 30)
_BEYOND = datetime.min.replace(tzinfo=UTC)

#: How far past now a stored stamp may lie and still be kept: honest clocks drift.
FUTURE_ALLOWANCE = timedelta(days=1)


def utc_now() -> datetime:
    """Return the current time in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def not_in_future(value: datetime, now: datetime | None = None) -> datetime:
    """``value``, or ``now`` when ``value`` is later than now by more than the allowance."""
    now = now or utc_now()
    return now if value > now + FUTURE_ALLOWANCE else value


def format_timestamp(value: datetime) -> str:
    """Write a timestamp as ISO 8601 UTC with a ``Z`` suffix."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


@functools.lru_cache(maxsize=4096)
def parse_timestamp(text: str) -> datetime:
    """Read a timestamp written by :func:`format_timestamp` (or any ISO 8601 form)."""
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidValueError(f"“{text[:40]}” is not a date and time (use ISO 8601).") from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    try:
        value = value.astimezone(UTC)
    except OverflowError:
        value = _BEYOND  # year 1 an hour east of UTC, or 9999 an hour west
    # A day inside the calendar's ends, so that every time zone can show it: the
    # window shows times in local time, and converting 9999-12-31 to UTC+1 overflows.
    if not (_FIRST_DAY <= value.date() <= _LAST_DAY):
        raise InvalidValueError(f"“{text[:40]}” is beyond the dates that can be kept.")
    return value


def normalize_partial_date(text: str) -> str:
    """Check a partial ISO date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and return it.

    An empty string means "unknown" and is returned as it is.
    """
    text = text.strip()
    if not text:
        return ""
    match = _PARTIAL_DATE.match(text)
    if match is None:
        raise InvalidValueError(
            f"“{text}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-12-08)."
        )
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        date(year or 1, month or 1, day or 1)
    except ValueError as exc:
        raise InvalidValueError(f"“{text}” is not a real calendar date.") from exc
    return text


def partial_date_sort_key(text: str) -> str:
    """Return a key that sorts partial dates chronologically (unknown dates last)."""
    return text if text else "9999"
