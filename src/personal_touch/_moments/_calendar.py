"""
One time zone's calendar for one scan: computed once per zone, read per contact.

The hot loop never converts an instant per contact.  For each zone seen in a scan we compute,
once, the local dates the scan horizon touches, a ``(month, day) -> dates`` table for
recurring dates (with the February 29 rule applied), and each gesture window's bounds as UTC
timestamps, built with the standard library's :mod:`zoneinfo` (correct across DST).  The
pendulum values the public :class:`~personal_touch.moments.Window` holds are built once per window,
and only for windows a moment actually uses.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

import pendulum

from .._time import timezone
from ._model import LeapDay, Window, unchecked

_ONE_DAY = dt.timedelta(days=1)
_from_ordinal = dt.date.fromordinal
#: The span of a window that lies beyond the calendar: it fits no scan.
_NEVER = (float("inf"), float("inf"))

#: A window rule: (days after the anchor date, local hour) for the start and for the end.
WindowRule = tuple[int, int, int, int]

#: Birthdays: the local morning of the day.
BIRTHDAY: WindowRule = (0, 8, 0, 12)
#: Anniversaries: the local working day.
ANNIVERSARY: WindowRule = (0, 9, 0, 17)


@functools.lru_cache(maxsize=1024)
def _zoneinfo(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name)


class ZoneDays:
    """
    The local calendar of one time zone between a scan's start and horizon.
    """

    __slots__ = (
        "_spans",
        "_windows",
        "at_ts",
        "end_ts",
        "first",
        "first_ordinal",
        "last",
        "last_ordinal",
        "months",
        "name",
        "ptz",
        "recurring",
        "today",
        "tz",
    )

    def __init__(self, name: str, at: dt.datetime, end: dt.datetime, leap_day: LeapDay) -> None:
        self.name = name
        self.tz = _zoneinfo(name)
        self.ptz = timezone(name)
        self.at_ts = at.timestamp()
        self.end_ts = end.timestamp()
        self.today = at.astimezone(self.tz).date()
        horizon = end.astimezone(self.tz).date()
        # One day either side: a window may start the day before or end the day after
        # (clamped to the calendar's ends, years 1 and 9999).  Days step on ordinals, in the
        # dates' own type (pendulum's add in Python, many times slower).
        day_of = type(self.today).fromordinal
        first = self.today.toordinal() - 1 if self.today > dt.date.min else self.today.toordinal()
        last = horizon.toordinal() + 1 if horizon < dt.date.max else horizon.toordinal()
        self.first = day_of(first)
        self.last = day_of(last)
        self.first_ordinal = first
        self.last_ordinal = last
        target = _LEAP_TARGET[leap_day]
        recurring: dict[tuple[int, int], list[dt.date]] = {}
        for ordinal in range(first, last + 1):
            day = day_of(ordinal)
            recurring.setdefault((day.month, day.day), []).append(day)
            if not _is_leap(day.year) and (day.month, day.day) == target:
                recurring.setdefault((2, 29), []).append(day)
        self.recurring: dict[tuple[int, int], tuple[dt.date, ...]] = {
            k: tuple(v) for k, v in recurring.items()
        }
        #: The same table by month then day: ``months[m]`` is ``None`` for a month the
        #: calendar does not touch, so most dates are ruled out by one list index (no tuple
        #: key to build).
        self.months: list[dict[int, tuple[dt.date, ...]] | None] = [None] * 13
        for (month, day_of_month), dates in self.recurring.items():
            by_day = self.months[month]
            if by_day is None:
                by_day = self.months[month] = {}
            by_day[day_of_month] = dates
        self._spans: dict[tuple[dt.date, WindowRule], tuple[float, float]] = {}
        self._windows: dict[tuple[float, float], Window] = {}

    def on(self, month: int, day: int) -> tuple[dt.date, ...] | None:
        """
        The calendar's dates that fall on (or stand in for) *month*/*day*, if any.
        """
        by_day = self.months[month]
        return None if by_day is None else by_day.get(day)

    def span(self, day: dt.date, rule: WindowRule) -> tuple[float, float]:
        """
        A window rule's UTC timestamps for anchor date *day* in this zone (cached).
        """
        key = (day, rule)
        found = self._spans.get(key)
        if found is None:
            d0, h0, d1, h1 = rule
            # On ordinals: a pendulum date (from a fact) adds in Python, many times slower.
            ordinal = day.toordinal()
            try:
                found = (
                    self.local_ts(_from_ordinal(ordinal + d0), h0),
                    self.local_ts(_from_ordinal(ordinal + d1), h1),
                )
            except (OverflowError, ValueError):  # past the calendar's ends: never in a scan
                found = _NEVER
            self._spans[key] = found
        return found

    def local_ts(self, day: dt.date, hour: int) -> float:
        """
        The UTC timestamp of *hour* o'clock on local date *day* (a DST gap moves it forward).
        """
        # tzinfo given by position: a keyword makes the constructor look up every name.
        return dt.datetime(day.year, day.month, day.day, hour, 0, 0, 0, self.tz).timestamp()

    def fits(self, span: tuple[float, float]) -> bool:
        """
        Whether *span* overlaps the scan's ``[at, at + within)``.
        """
        return span[0] < self.end_ts and span[1] > self.at_ts

    def window(self, span: tuple[float, float]) -> Window:
        """
        The public :class:`Window` for *span*, in this zone (cached).
        """
        found = self._windows.get(span)
        if found is None:
            # Both ends are aware pendulum values in this zone, start before end: the
            # window's checks would pass, so it is built without them.
            found = unchecked(Window, start=self.instant(span[0]), end=self.instant(span[1]))
            self._windows[span] = found
        return found

    def instant(self, ts: float) -> pendulum.DateTime:
        """
        Timestamp *ts* as a pendulum ``DateTime`` in this zone.

        Equal, field by field and fold included, to ``pendulum.from_timestamp(ts, tz=...)``
        (tested): the standard library finds the local time with pendulum's own zone (a
        :class:`zoneinfo.ZoneInfo`), in C, and pendulum's type is built from it directly.
        """
        ptz = self.ptz
        t = dt.datetime.fromtimestamp(ts, ptz)
        # pendulum starts from UTC with its default fold=1, kept when the zone is its UTC.
        fold = 1 if ptz is pendulum.UTC else t.fold
        return pendulum.DateTime(
            t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, ptz, fold=fold
        )

    def local_date(self, instant: dt.datetime) -> dt.date:
        """
        The local calendar date of *instant* in this zone.
        """
        return instant.astimezone(self.tz).date()


_LEAP_TARGET = {LeapDay.FEB_28: (2, 28), LeapDay.MAR_1: (3, 1)}


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
