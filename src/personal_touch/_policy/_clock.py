"""
Wall-clock arithmetic for timing rules: local dates and times to instants, across DST.
"""

from __future__ import annotations

import datetime as dt

import pendulum

__all__ = ["next_wall_time", "wall_instant"]

_UTC = dt.UTC


def _wall(u: int, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.fromtimestamp(u, tz).replace(tzinfo=None)


def wall_instant(day: dt.date, time: dt.time, tz: dt.tzinfo) -> pendulum.DateTime:
    """
    The first instant at which the wall clock in *tz* reads *time* on *day* or later.

    An ambiguous wall time (autumn fall-back) is its first occurrence; a wall time that
    does not exist (spring-forward gap) becomes the first instant after the gap, e.g.
    02:30 on the night New York springs forward is 03:00 EDT.

    >>> import zoneinfo
    >>> ny = zoneinfo.ZoneInfo("America/New_York")
    >>> wall_instant(dt.date(2026, 3, 8), dt.time(2, 30), ny).isoformat()
    '2026-03-08T03:00:00-04:00'

    .. versionadded:: 0.1.0
    """
    naive = dt.datetime.combine(day, time.replace(tzinfo=None))
    first = naive.replace(tzinfo=tz, fold=0)
    u0 = first.timestamp()
    if _wall_exact(u0, tz) == naive:
        return pendulum.instance(dt.datetime.fromtimestamp(u0, tz))
    # In a gap: bisect for the first whole second whose wall time is at or after *naive*.
    u1 = naive.replace(tzinfo=tz, fold=1).timestamp()
    lo, hi = int(min(u0, u1)), int(max(u0, u1)) + 1
    while lo < hi:
        mid = (lo + hi) // 2
        if _wall(mid, tz) >= naive:
            hi = mid
        else:
            lo = mid + 1
    return pendulum.instance(dt.datetime.fromtimestamp(lo, tz))


def _wall_exact(u: float, tz: dt.tzinfo) -> dt.datetime:
    return dt.datetime.fromtimestamp(u, tz).replace(tzinfo=None)


def next_wall_time(local: dt.datetime, time: dt.time, tz: dt.tzinfo) -> pendulum.DateTime:
    """
    The first instant at or after *local* at which the wall clock in *tz* reads *time*.

    >>> import zoneinfo
    >>> berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    >>> now = dt.datetime(2026, 10, 24, 22, 0, tzinfo=berlin)
    >>> next_wall_time(now, dt.time(8, 0), berlin).isoformat()
    '2026-10-25T08:00:00+01:00'

    .. versionadded:: 0.1.0
    """
    local = local.astimezone(tz)
    today = local.date()
    candidate = wall_instant(today, time, tz)
    if candidate >= local:
        return candidate
    return wall_instant(today + dt.timedelta(days=1), time, tz)
