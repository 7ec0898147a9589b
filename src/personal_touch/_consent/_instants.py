"""
Instants as whole microseconds since the epoch, so that every comparison is exact.

Two aware datetimes sharing one ``tzinfo`` compare by their wall clocks (``fold`` ignored),
so in a repeated hour (a DST fall-back) ``01:45`` before the change compares as later than
``01:30`` after it although it happened first.  Consent is about instants: every bound of a
grant and every instant asked about is compared as an integer count of microseconds since
1970-01-01 UTC, exact over the whole range of :class:`datetime.datetime`.
"""

from __future__ import annotations

import datetime as dt
import math

from ..exceptions import InvalidFieldError, NaiveDateTimeError

__all__ = ["NEVER", "exact", "micros", "micros_or_never"]

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_ONE = dt.timedelta(microseconds=1)
# datetime's own subtraction: pendulum's returns an Interval, far slower to divide.
_SUB = dt.datetime.__sub__

#: The bound of a span that never ends (compares above every instant).
NEVER = math.inf


def micros(value: dt.datetime) -> int:
    """
    The aware datetime *value* as whole microseconds since the epoch.
    """
    return _SUB(value, _EPOCH) // _ONE


def micros_or_never(value: dt.datetime | None) -> float:
    """
    :func:`micros` of *value*, or :data:`NEVER` for ``None`` (a bound that never comes).
    """
    return NEVER if value is None else micros(value)


def exact(value: dt.datetime, field: str) -> int:
    """
    :func:`micros` of *value*, refusing what is not an aware datetime (no conversion).

    Raises:
        InvalidFieldError: *value* is not a datetime.
        NaiveDateTimeError: *value* has no time zone.
    """
    try:
        if value.tzinfo is not None:
            return _SUB(value, _EPOCH) // _ONE  # a tzinfo without an offset: TypeError
    except (AttributeError, TypeError):
        pass
    if not isinstance(value, dt.datetime):
        raise InvalidFieldError(field, "expected an aware datetime")
    raise NaiveDateTimeError(field)
