"""
The command line's instants and horizons: ``--at 2026-11-30T09:00Z``, ``--within 2w``.
"""

from __future__ import annotations

import datetime as dt
import re

import pendulum

from .._time import aware
from ..exceptions import InvalidFieldError

_DURATION = re.compile(r"^\s*(\d+)\s*([wdhm])\s*$")
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}


def parse_instant(value: str) -> pendulum.DateTime:
    """
    Parse an ISO 8601 instant with an offset (``2026-11-30T09:00Z``).

    A date alone (``2026-12-01``) means midnight UTC.

    Raises:
        InvalidFieldError: Not ISO 8601.
        NaiveDateTimeError: A date and time without offset.
    """
    text = value.strip()
    try:
        if "T" not in text and " " not in text:
            day = dt.date.fromisoformat(text)
            return pendulum.datetime(day.year, day.month, day.day, tz="UTC")
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InvalidFieldError(
            "at", "expected an ISO 8601 instant like 2026-11-30T09:00Z"
        ) from None
    return aware(parsed, "at")


def parse_within(text: str) -> dt.timedelta:
    """
    ``"14d"``, ``"2w"``, ``"36h"`` or ``"90m"`` as a duration.

    Raises:
        InvalidFieldError: Anything else, or zero.
    """
    m = _DURATION.match(text)
    if not m or int(m.group(1)) == 0:
        raise InvalidFieldError("within", "expected a positive duration like 14d, 2w or 36h")
    return dt.timedelta(**{_UNITS[m.group(2)]: int(m.group(1))})
