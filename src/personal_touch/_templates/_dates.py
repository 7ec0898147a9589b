"""
Date and time patterns bound to a locale: babel's text, each field's piece kept once made.

A pattern such as ``d. MMMM y`` is babel's format string with one field per name.  Most
fields depend on one part of the value alone (``MMMM`` on the month, ``EEEE`` on the
weekday, ``HH`` on the hour): for those, the text babel's own ``DateTimeFormat`` gives for
each part is kept in a table the first time that part is met, and a render fills the
pattern's format string from the tables.  Every piece of text is babel's; a pattern with any
other field (time zones, week numbers, fractions of a second...) is formatted by babel
whole.  A pattern takes the fast path only after it gave babel's exact text for every one
of :data:`PROBES`.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable
from typing import Any, cast

import babel
import babel.dates

from ..exceptions import InvalidFieldError

#: A date or time pattern bound to a locale: the value in, the text out.
DateFormatter = Callable[[Any], str]

_weekday = operator.methodcaller("weekday")
_hour = operator.attrgetter("hour")
#: The one part of the value each field character's text depends on (in babel's
#: ``DateTimeFormat``: ``y`` is the calendar year; ``Y``, the week year, is not here).
PARTS: dict[str, Callable[[Any], int]] = {
    "y": operator.attrgetter("year"),
    "M": operator.attrgetter("month"),
    "L": operator.attrgetter("month"),
    "d": operator.attrgetter("day"),
    "E": _weekday,
    "e": _weekday,
    "c": _weekday,
    "a": _hour,
    "H": _hour,
    "h": _hour,
    "K": _hour,
    "k": _hour,
    "m": operator.attrgetter("minute"),
    "s": operator.attrgetter("second"),
}

_BASE = dt.datetime(2026, 12, 3, 9, 5, 7, tzinfo=dt.UTC)
#: Values a fast pattern must format exactly as babel does before it is used.  After the
#: first, each changes one part of it (a day keeps its weekday), so a field read from the
#: wrong part would show the first value's text where babel shows another.
PROBES = (
    _BASE,
    _BASE.replace(year=2025),
    _BASE.replace(month=11),
    _BASE.replace(day=17),
    _BASE.replace(day=4),
    _BASE.replace(hour=21),
    _BASE.replace(hour=10),
    _BASE.replace(minute=45),
    _BASE.replace(second=59),
    dt.datetime(2024, 2, 29, 0, 0, 0, tzinfo=dt.UTC),
    dt.datetime(9, 7, 4, 12, 30, 1, tzinfo=dt.UTC),
)


def _problem(problem: str) -> InvalidFieldError:
    return InvalidFieldError("value", problem)


def _fields(pattern: babel.dates.DateTimePattern, locale: babel.Locale) -> DateFormatter | None:
    """
    *pattern* filled from per-part tables of babel's text, or ``None`` if a field needs more.
    """
    fields: dict[str, tuple[Callable[[Any], int], dict[int, str]]] = {}
    for kind, token in babel.dates.tokenize_pattern(pattern.pattern):
        if kind == "field":
            char, num = cast("tuple[str, int]", token)
            part = PARTS.get(char)
            if part is None:
                return None
            fields[char * num] = (part, {})
    template = cast("str", pattern.format)  # typed as DateTimeFormat in babel, a str
    specs = tuple((name, part, table) for name, (part, table) in fields.items())

    def run(value: Any) -> str:
        texts: dict[str, str] = {}
        for name, part, table in specs:
            key = part(value)
            text = table.get(key)
            if text is None:
                text = table[key] = str(babel.dates.DateTimeFormat(value, locale)[name])
            texts[name] = text
        return str(template % texts)

    for probe in PROBES:
        if run(probe) != str(pattern.apply(probe, locale)):
            return None
    return run


def bind_date_pattern(pattern: babel.dates.DateTimePattern, locale: babel.Locale) -> DateFormatter:
    """
    *pattern* as one function of the value, exactly ``pattern.apply(value, locale)``.

    No hand-written field formatting (it would drift from babel's): what is prepared once is
    the parsed pattern, the locale, and the text babel gave for each part of a value met so
    far (see the module's description).

    The function raises :class:`InvalidFieldError` (never babel's own errors, never
    naming the value) when the pattern shows a time of day and the value is a date
    (``date: 'a'``), or when the value lies outside what babel can compute.
    """
    fast = _fields(pattern, locale)

    def run(value: Any) -> str:
        try:
            if fast is not None:
                return fast(value)
            return str(pattern.apply(value, locale))
        except AttributeError:
            is_date = isinstance(value, dt.date) and not isinstance(value, dt.datetime)
            problem = (
                "the pattern shows a time of day, and a date has none"
                if is_date
                else "cannot be shown in this pattern"
            )
        except (ArithmeticError, ValueError, LookupError, TypeError):
            problem = "cannot be shown in this pattern"
        # Raised outside the handler: babel's error (which may show the value) is not chained.
        raise _problem(problem)

    return run
