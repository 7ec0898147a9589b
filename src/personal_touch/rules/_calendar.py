"""
Calendars for the law.

Calendars for the law: calling windows on the recipient's wall clock, public holidays and
relationship windows counted in calendar days, months and years.

Everything here works on local dates and wall-clock times of the *recipient* (CORE-TZ-01):
windows are start-inclusive and end-exclusive, and the next permitted instant is found on the
local calendar, so it is right across daylight-saving transitions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
import pendulum

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
#: How far ahead :meth:`CallingWindow.next_open` looks for an open span.
_HORIZON_DAYS = 400


def easter_sunday(year: int) -> dt.date:
    """
    Western (Gregorian) Easter Sunday of *year* (the anonymous Gregorian algorithm).

    >>> easter_sunday(2026)
    datetime.date(2026, 4, 5)

    .. versionadded:: 0.1.0
    """
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


_SATURDAY, _SUNDAY = 5, 6
_DAYS_IN_WEEK = 7


def _substitute_monday(day: dt.date) -> dt.date:
    """
    The weekday a weekend holiday is observed on: the following Monday.
    """
    if day.weekday() == _SATURDAY:
        return day + dt.timedelta(days=2)
    if day.weekday() == _SUNDAY:
        return day + dt.timedelta(days=1)
    return day


@attrs.frozen(kw_only=True)
class HolidayCalendar:
    """
    Public holidays as data.

    Public holidays as data: fixed dates, days counted from Easter Sunday, and fixed dates that are
    also observed on the next Monday when they fall on a weekend.

    Args:
        name: What the calendar is, for the docs ("France, public holidays").
        fixed: ``(month, day)`` pairs observed on that date.
        easter_offsets: Days after Easter Sunday (``-2`` is Good Friday, ``1`` Easter Monday).
        substituted: ``(month, day)`` pairs observed on that date and, when it falls on a
            Saturday or Sunday, also on the next weekday (a Monday; a Tuesday when the next
            Monday is already taken, as for Boxing Day after a Sunday Christmas).

    .. versionadded:: 0.1.0
    """

    name: str
    fixed: frozenset[tuple[int, int]] = frozenset()
    easter_offsets: frozenset[int] = frozenset()
    substituted: frozenset[tuple[int, int]] = frozenset()

    def days(self, year: int) -> frozenset[dt.date]:
        """
        Every holiday (and substitute day) of *year*.
        """
        days = {dt.date(year, m, d) for m, d in self.fixed}
        easter = easter_sunday(year)
        days |= {easter + dt.timedelta(days=o) for o in self.easter_offsets}
        actual = sorted(dt.date(year, m, d) for m, d in self.substituted)
        days.update(actual)
        for day in actual:
            observed = _substitute_monday(day)
            while observed != day and observed in days:
                observed += dt.timedelta(days=1)
            days.add(observed)
        return frozenset(days)

    def is_holiday(self, day: dt.date) -> bool:
        """
        Whether *day* is a holiday on this calendar.
        """
        return day in _days(self, day.year)


_CACHE: dict[tuple[HolidayCalendar, int], frozenset[dt.date]] = {}


def _days(calendar: HolidayCalendar, year: int) -> frozenset[dt.date]:
    key = (calendar, year)
    days = _CACHE.get(key)
    if days is None:
        days = _CACHE[key] = calendar.days(year)
    return days


def _time(value: dt.time | str) -> dt.time:
    return value if isinstance(value, dt.time) else dt.time.fromisoformat(value)


@attrs.frozen
class Span:
    """
    A span of local wall-clock time on one day: ``start`` inclusive, ``end`` exclusive.

    ``end`` of ``None`` means midnight at the end of the day.

    .. versionadded:: 0.1.0
    """

    start: dt.time = attrs.field(converter=_time)
    end: dt.time | None = attrs.field(default=None, converter=attrs.converters.optional(_time))

    def contains(self, t: dt.time) -> bool:
        """
        Whether wall-clock time *t* lies in the span.
        """
        t = t.replace(tzinfo=None)
        return self.start <= t and (self.end is None or t < self.end)

    def __str__(self) -> str:
        end = "24:00" if self.end is None else self.end.strftime("%H:%M")
        return f"{self.start.strftime('%H:%M')}-{end}"


def _spans(values: Iterable[Span | tuple[str, str]]) -> tuple[Span, ...]:
    return tuple(v if isinstance(v, Span) else Span(*v) for v in values)


def _week(values: Iterable[Iterable[Span | tuple[str, str]]]) -> tuple[tuple[Span, ...], ...]:
    return tuple(_spans(d) for d in values)


@attrs.frozen(kw_only=True)
class CallingWindow:
    """
    When calls or texts may arrive, on the recipient's wall clock.

    When calls or texts may arrive, on the recipient's wall clock: open spans per weekday and days
    on which nothing may arrive (public holidays).

    >>> w = CallingWindow.weekly(weekdays=[("08:00", "21:00")], weekend=[("08:00", "21:00")])
    >>> str(w)
    'Mon-Sun 08:00-21:00'

    Args:
        days: Seven tuples of spans, Monday first; an empty tuple is a closed day.
        holidays: A calendar whose days are closed, if any.

    .. versionadded:: 0.1.0
    """

    days: tuple[tuple[Span, ...], ...] = attrs.field(converter=_week)
    holidays: HolidayCalendar | None = None

    @days.validator
    def _check_days(self, _: object, value: tuple[tuple[Span, ...], ...]) -> None:
        if len(value) != _DAYS_IN_WEEK:
            raise ValueError("a calling window needs spans for seven weekdays")

    @classmethod
    def weekly(
        cls,
        *,
        weekdays: Iterable[tuple[str, str]],
        saturday: Iterable[tuple[str, str]] | None = None,
        sunday: Iterable[tuple[str, str]] | None = None,
        weekend: Iterable[tuple[str, str]] = (),
        holidays: HolidayCalendar | None = None,
    ) -> CallingWindow:
        """
        A window with one set of spans for weekdays and others for the weekend.

        A window with the same spans Monday to Friday and its own for Saturday and Sunday
        (``weekend`` for both unless given separately).
        """
        week = _spans(weekdays)
        sat = _spans(weekend if saturday is None else saturday)
        sun = _spans(weekend if sunday is None else sunday)
        return cls(days=(week,) * 5 + (sat, sun), holidays=holidays)

    def allows(self, local: pendulum.DateTime) -> bool:
        """
        Whether a call may arrive at *local* (a datetime on the recipient's wall clock).
        """
        day = local.date()
        if self.holidays is not None and self.holidays.is_holiday(day):
            return False
        return any(s.contains(local.time()) for s in self.days[day.weekday()])

    def next_open(self, local: pendulum.DateTime) -> pendulum.DateTime:
        """
        The first instant at or after *local* at which a call may arrive, in *local*'s zone.

        The search walks the recipient's calendar, so a window opening at 08:00 opens at
        08:00 local time on the day after a daylight-saving change as on any other day.
        """
        if self.allows(local):
            return local
        tz = local.timezone
        for offset in range(_HORIZON_DAYS):
            day = local.date() + dt.timedelta(days=offset)
            if self.holidays is not None and self.holidays.is_holiday(day):
                continue
            for span in self.days[day.weekday()]:
                opens = pendulum.datetime(
                    day.year, day.month, day.day, span.start.hour, span.start.minute, tz=tz
                )
                if opens >= local:
                    return opens
        raise ValueError("the calling window never opens")

    def __str__(self) -> str:
        groups: list[tuple[int, int, tuple[Span, ...]]] = []
        for i, spans in enumerate(self.days):
            if groups and groups[-1][2] == spans and groups[-1][1] == i - 1:
                groups[-1] = (groups[-1][0], i, spans)
            else:
                groups.append((i, i, spans))
        parts = []
        for first, last, spans in groups:
            names = _WEEKDAYS[first] if first == last else f"{_WEEKDAYS[first]}-{_WEEKDAYS[last]}"
            parts.append(f"{names} " + (", ".join(map(str, spans)) if spans else "closed"))
        text = "; ".join(parts)
        if self.holidays is not None:
            text += f"; closed on {self.holidays.name}"
        return text


def add_years(day: dt.date, years: int) -> dt.date:
    """
    *day* moved by whole calendar years; February 29 becomes February 28 in common years.

    >>> add_years(dt.date(2024, 2, 29), 2)
    datetime.date(2026, 2, 28)

    .. versionadded:: 0.1.0
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """
    *day* moved by whole calendar months, clamped to the end of a shorter month.

    >>> add_months(dt.date(2026, 8, 31), 6)
    datetime.date(2027, 2, 28)

    .. versionadded:: 0.1.0
    """
    index = day.year * 12 + day.month - 1 + months
    year, month0 = divmod(index, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month0 + 1, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@attrs.frozen
class RelationshipWindow:
    """
    How long an implied consent lasts after its relationship event.

    How long an implied consent lasts after the relationship event (a purchase, an inquiry): the
    last day a message may be sent is the event's local date plus *years* and *months* (CASL's
    "period immediately before the day on which the message is sent").

    .. versionadded:: 0.1.0
    """

    years: int = 0
    months: int = 0

    def last_day(self, event_day: dt.date) -> dt.date:
        """
        The last local date on which the implied consent still holds.
        """
        return add_months(add_years(event_day, self.years), self.months)

    def __str__(self) -> str:
        parts = []
        if self.years:
            parts.append(f"{self.years} year{'s' if self.years != 1 else ''}")
        if self.months:
            parts.append(f"{self.months} month{'s' if self.months != 1 else ''}")
        return " ".join(parts) or "same day"
