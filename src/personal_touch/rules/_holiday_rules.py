"""
Holidays that move from year to year.

The nth weekday of a month, a weekday on or after a date, and days fixed by proclamation, on
top of a :class:`HolidayCalendar`.
"""

from __future__ import annotations

import calendar
import datetime as dt

import attrs

from ._calendar import HolidayCalendar

__all__ = ["MovableHolidayCalendar", "nth_weekday"]

_DAYS_IN_WEEK = 7


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """
    The *n*-th *weekday* (Monday is 0) of *month*; ``n=-1`` is the last one.

    >>> nth_weekday(2026, 6, 0, 2)  # the second Monday of June 2026
    datetime.date(2026, 6, 8)
    >>> nth_weekday(2026, 9, 0, -1)  # the last Monday of September 2026
    datetime.date(2026, 9, 28)

    .. versionadded:: 0.4.0
    """
    if n == -1:
        last = dt.date(year, month, calendar.monthrange(year, month)[1])
        return last - dt.timedelta(days=(last.weekday() - weekday) % _DAYS_IN_WEEK)
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % _DAYS_IN_WEEK
    return first + dt.timedelta(days=offset + _DAYS_IN_WEEK * (n - 1))


def _on_or_after(year: int, month: int, day: int, weekday: int) -> dt.date:
    start = dt.date(year, month, day)
    return start + dt.timedelta(days=(weekday - start.weekday()) % _DAYS_IN_WEEK)


@attrs.frozen(kw_only=True)
class MovableHolidayCalendar(HolidayCalendar):
    """
    A holiday calendar with holidays that move: by weekday rules, or by proclamation.

    Adds to the fixed, Easter-based and substituted days of
    :class:`~personal_touch.rules.HolidayCalendar`:

    Args:
        nth_weekdays: ``(month, weekday, n)``: the *n*-th weekday (Monday 0) of the month;
            ``n=-1`` is the last (the second Monday of June is ``(6, 0, 2)``).
        on_or_after: ``(month, day, weekday)``: the first such weekday on or after the date
            (the Monday on or after 27 May is ``(5, 27, 0)``).
        dated: Days fixed by proclamation or by an event, listed by date.

    .. versionadded:: 0.4.0
    """

    nth_weekdays: frozenset[tuple[int, int, int]] = frozenset()
    on_or_after: frozenset[tuple[int, int, int]] = frozenset()
    dated: frozenset[dt.date] = frozenset()

    def days(self, year: int) -> frozenset[dt.date]:
        """
        Every holiday (and substitute day) of *year*.
        """
        days = set(super().days(year))
        days.update(nth_weekday(year, m, w, n) for m, w, n in self.nth_weekdays)
        days.update(_on_or_after(year, m, d, w) for m, d, w in self.on_or_after)
        days.update(d for d in self.dated if d.year == year)
        return frozenset(days)
