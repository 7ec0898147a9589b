"""
Locale formatting prepared once per locale: babel's patterns, parsed and cached.

:func:`formats_for` returns a :class:`LocaleFormats` holding every pattern a filter needs for
one locale, so rendering never looks a pattern up or parses it again.  The text itself is
always babel's: numbers through :mod:`._numbers`, dates and times through :mod:`._dates`,
each with a fast path built from babel's data at run time and checked against babel.  What
is added is a bound on the input (finite numbers of at most
:data:`~._numbers.MAX_INTEGER_DIGITS` digits) and typed errors (:class:`InvalidFieldError`,
naming the problem, never the value) where babel would raise its own.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import zoneinfo
from collections.abc import Callable, Sequence
from typing import Any, cast

import babel
import babel.dates
import babel.lists
import babel.numbers

from .._contacts import Name, Register
from .._stages import Stage
from .._time import locale as parse_locale
from ..exceptions import InvalidFieldError
from ._dates import DateFormatter, bind_date_pattern
from ._numbers import NumberFormat, to_decimal, with_babel

DATE_FORMATS = ("short", "medium", "long", "full")
LIST_STYLES = (
    "standard",
    "standard-short",
    "or",
    "or-short",
    "unit",
    "unit-short",
    "unit-narrow",
)
NAME_STYLES = ("auto", "formal", "informal", "full", "given", "family")


def in_zone(value: dt.datetime, tz: dt.tzinfo, *, field: str = "value") -> dt.datetime:
    """
    The aware datetime *value* on the wall clock of *tz*.

    Raises:
        InvalidFieldError: the instant has no date in *tz* (9999-12-31 23:00 UTC is past
            the year 9999 east of Greenwich); it names *field*.
    """
    try:
        return value.astimezone(tz)
    except OverflowError:
        pass
    raise InvalidFieldError(field, "lies beyond the years 1 to 9999 in the time zone")


@functools.lru_cache(maxsize=256)
def zone(name: str) -> zoneinfo.ZoneInfo:
    """
    The standard library's zone *name* (cached; names were validated on the contact).
    """
    return zoneinfo.ZoneInfo(name)


class LocaleFormats:
    """
    Everything the filters need for one locale, prepared once (see :func:`formats_for`).
    """

    def __init__(self, locale: babel.Locale) -> None:
        self.locale = locale
        self.name = str(locale)
        self.language = locale.language
        self.date = {f: locale.date_formats[f] for f in DATE_FORMATS}
        self.time = {f: locale.time_formats[f] for f in DATE_FORMATS}
        self.datetime_glue = {
            f: str(locale.datetime_formats[f]).replace("'", "") for f in DATE_FORMATS
        }
        self._custom: dict[str, babel.dates.DateTimePattern] = {}
        self._bound: dict[tuple[str, str], DateFormatter] = {}
        self.decimal = NumberFormat(locale.decimal_formats[None], locale)
        self.percent = NumberFormat(locale.percent_formats[None], locale)
        self.currency = NumberFormat(locale.currency_formats["standard"], locale)
        self._plural_form: Callable[[float | decimal.Decimal], str] = locale.plural_form

    def pattern(self, kind: str, fmt: str) -> babel.dates.DateTimePattern:
        """
        The date (``kind="date"``) or time pattern for a named format or a CLDR pattern.
        """
        table = self.date if kind == "date" else self.time
        found = table.get(fmt) or self._custom.get(fmt)
        if found is None:
            found = self._custom[fmt] = babel.dates.parse_pattern(fmt)
        return found

    def formatter(self, kind: str, fmt: str) -> DateFormatter:
        """
        The date (``kind="date"``) or time formatter for a named format or pattern.
        """
        key = (kind, fmt)
        found = self._bound.get(key)
        if found is None:
            found = self._bound[key] = bind_date_pattern(self.pattern(kind, fmt), self.locale)
        return found

    def format_date(self, value: dt.date, fmt: str = "medium") -> str:
        """
        A date (or the date of a local datetime) in this locale.
        """
        return self.formatter("date", fmt)(value)

    def format_time(self, value: dt.datetime | dt.time, fmt: str = "short") -> str:
        """
        A time of day in this locale.
        """
        return self.formatter("time", fmt)(value)

    def format_datetime(self, value: dt.datetime, fmt: str = "medium") -> str:
        """
        A date and time in this locale (a named format only).
        """
        glue = self.datetime_glue[fmt]
        return glue.replace("{0}", self.format_time(value, fmt)).replace(
            "{1}", self.format_date(value, fmt)
        )

    def format_relative(self, delta: dt.timedelta, *, granularity: str = "second") -> str:
        """
        "in 3 days", "2 hours ago".
        """
        return str(
            babel.dates.format_timedelta(
                delta, granularity=cast("Any", granularity), add_direction=True, locale=self.locale
            )
        )

    def format_list(self, items: Sequence[str], style: str = "standard") -> str:
        """
        "Anna, Ben and Chloé".
        """
        return str(
            babel.lists.format_list(list(items), style=cast("Any", style), locale=self.locale)
        )

    def plural_form(self, value: float | decimal.Decimal) -> str:
        """
        The CLDR plural category of *value* (babel's ``Locale.plural_form``).

        Raises:
            InvalidFieldError: see :func:`to_decimal`.
        """
        to_decimal(value)
        return with_babel(lambda: self._plural_form(value))

    def format_number(self, value: float | decimal.Decimal) -> str:
        """
        A decimal number with the locale's separators.
        """
        return self.decimal.format(value)

    def format_percent(self, value: float | decimal.Decimal) -> str:
        """
        A fraction as a percentage (``0.25`` is 25 %).
        """
        return self.percent.format(value)

    def format_currency(self, value: float | decimal.Decimal, currency: str) -> str:
        """
        An amount in *currency* with the locale's symbol placement and separators.
        """
        return self.currency.format(value, currency)


@functools.lru_cache(maxsize=256)
def formats_for(identifier: str) -> LocaleFormats:
    """
    The prepared formats of locale *identifier* (``"de_AT"``), cached.

    Raises:
        UnknownLocaleError: babel does not know the locale.
    """
    return LocaleFormats(parse_locale(identifier))


@functools.lru_cache(maxsize=1024)
def _is_currency(code: str) -> bool:
    return bool(babel.numbers.is_currency(code))


def is_currency(code: object) -> bool:
    """
    Whether *code* is an ISO 4217 currency code babel knows.
    """
    return isinstance(code, str) and _is_currency(code)


# -- names and register ----------------------------------------------------------------

#: Languages that write the family name first.
FAMILY_FIRST = frozenset({"ja", "zh", "ko", "hu", "vi"})
_NO_SPACE = frozenset({"ja", "zh", "ko"})
_FORMAL_SUFFIX = {"ja": "様", "ko": "님"}


def register_for(contact_stage: Stage, preferred: Register | None) -> Register:
    """
    The register to address a contact in: theirs if they said, else by stage.

    Formal (Sie, vous, usted, o senhor/a senhora) until they came back to buy again
    (:attr:`Stage.REPEAT_CUSTOMER`), informal from then on.
    """
    if preferred is not None:
        return preferred
    return _BY_STAGE[contact_stage]


#: The register by stage, compared once rather than at every render.
_BY_STAGE = {
    stage: Register.INFORMAL if stage >= Stage.REPEAT_CUSTOMER else Register.FORMAL
    for stage in Stage
}


def _join(language: str, first: str | None, second: str | None) -> str | None:
    parts = [p for p in (first, second) if p]
    if not parts:
        return None
    return ("" if language in _NO_SPACE else " ").join(parts)


def format_name(
    name: Name, *, language: str, register: Register, style: str = "auto"
) -> str | None:
    """
    *name* as a person of *language* would write it in address.

    ``None`` if it has no part that style can use.

    Styles: ``auto`` (the register decides), ``formal`` (honorific and family name when both
    are known, else the full name), ``informal`` (the preferred name if the person gave one,
    else the given name), ``full``, ``given``, ``family``.  Japanese, Chinese, Korean,
    Hungarian and Vietnamese put the family name first; Japanese and Korean formal address
    adds 様/님.
    """
    if style not in NAME_STYLES:
        raise InvalidFieldError("style", f"must be one of {', '.join(NAME_STYLES)}")
    if style == "auto":
        style = "formal" if register is Register.FORMAL else "informal"
    family_first = language in FAMILY_FIRST
    full = (
        _join(language, name.family, name.given)
        if family_first
        else _join(language, name.given, name.family)
    )
    if style == "given":
        return name.given
    if style == "family":
        return name.family
    if style == "full":
        return full
    if style == "informal":
        if language == "vi":
            return name.preferred or name.given
        return name.preferred or name.given or full
    # formal
    suffix = _FORMAL_SUFFIX.get(language)
    if suffix is not None:
        base = name.family if language == "ja" and name.family else full
        return None if base is None else base + suffix
    if family_first:
        return full
    if name.honorific and name.family:
        return f"{name.honorific} {name.family}"
    return full
