"""
A booked trip as a ``travel.trips.*`` fact, valid until the end of its return day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

import pendulum

from .._facts import Fact, Provenance

if TYPE_CHECKING:
    from .._contacts import Contact
    from ._signal import Signal

__all__ = ["trip_fact"]


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def trip_fact(contact: Contact, key: str, signal: Signal, at: pendulum.DateTime) -> Fact | None:
    """
    The trip fact a ``booked_travel`` *signal* makes, or ``None``.

    ``None`` when it has no departure date, returns before it departs, or is over by *at*.
    The value is the signal's (``departs``, ``returns``, ``destination``...); the fact is
    valid until midnight after the return day (the departure day without one) in the
    contact's calendar zone.
    """
    value = signal.value
    if not isinstance(value, Mapping):
        return None
    departs = _date(value.get("departs"))
    raw_returns = value.get("returns")
    returns = None if raw_returns is None else _date(raw_returns)
    if departs is None or (raw_returns is not None and returns is None):
        return None
    last = returns or departs
    if last < departs:
        return None
    try:
        until = pendulum.datetime(last.year, last.month, last.day, tz=contact.tz).add(days=1)
    except (OverflowError, ValueError):
        return None
    if until <= signal.at or until <= at:
        return None
    return Fact(
        key=key,
        value=value,
        provenance=Provenance.OBSERVED,
        recorded_at=signal.at,
        valid_until=until,
        source=signal.source or "signals",
    )
