"""
Locale formatting prepared once per locale: babel's patterns, parsed and cached.

:func:`formats_for` returns a :class:`LocaleFormats` holding every pattern a filter needs for
one locale, so rendering never looks a pattern up or parses it again.  Numbers and amounts
take a fast path equal to babel's ``NumberPattern.apply`` for the ordinary patterns (tests
check the two agree) and fall back to babel for the rest.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
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

_QUOTED = re.compile(r"'([^']*)'")


def _unquote(text: str) -> str:
    return _QUOTED.sub(lambda m: m.group(1) or "'", text)


class _Number:
    """
    One number pattern of one locale, with a fast path equal to babel's for plain patterns.
    """

    __slots__ = (
        "_affixes",
        "_fast",
        "_frac",
        "_group",
        "_grouping",
        "_int_min",
        "_locale",
        "_pattern",
        "_point",
        "_quanta",
        "_scale",
    )

    def __init__(self, pattern: babel.numbers.NumberPattern, locale: babel.Locale) -> None:
        self._pattern = pattern
        self._locale = locale
        self._fast = (
            not pattern.exp_prec
            and "@" not in pattern.pattern
            and "¤¤¤" not in pattern.pattern
            and pattern.grouping[0] > 0
        )
        self._scale = pattern.scale
        self._frac = pattern.frac_prec
        self._int_min = pattern.int_prec[0]
        self._grouping = pattern.grouping
        self._group = babel.numbers.get_group_symbol(locale)
        self._point = babel.numbers.get_decimal_symbol(locale)
        self._affixes: dict[str | None, tuple[tuple[str, str], tuple[str, str]]] = {}
        self._quanta: dict[int, decimal.Decimal] = {}

    def _affix(self, currency: str | None) -> tuple[tuple[str, str], tuple[str, str]]:
        found = self._affixes.get(currency)
        if found is None:
            pat = self._pattern

            def fill(text: str) -> str:
                if currency is not None and "¤" in text:
                    text = text.replace("¤¤", currency.upper()).replace(
                        "¤", babel.numbers.get_currency_symbol(currency, self._locale)
                    )
                return _unquote(text)

            found = (
                (fill(pat.prefix[0]), fill(pat.suffix[0])),
                (fill(pat.prefix[1]), fill(pat.suffix[1])),
            )
            self._affixes[currency] = found
        return found

    def format(self, value: float | decimal.Decimal, currency: str | None = None) -> str:  # noqa: PLR0912
        """
        *value* formatted like ``pattern.apply(value, locale, currency=currency)``.
        """
        if not self._fast:
            return str(self._pattern.apply(value, self._locale, currency=currency))
        number = value if isinstance(value, decimal.Decimal) else decimal.Decimal(str(value))
        if not number.is_finite():
            return str(self._pattern.apply(value, self._locale, currency=currency))
        if self._scale:
            number = number.scaleb(self._scale)
        negative = int(number.is_signed())
        number = abs(number)
        if currency is not None:
            digits = _currency_digits(currency)
            lo = hi = digits
        else:
            lo, hi = self._frac
        quantum = self._quanta.get(hi)
        if quantum is None:
            quantum = self._quanta[hi] = decimal.Decimal(10) ** (-hi)
        a, _, b = f"{number.quantize(quantum):f}".partition(".")
        if len(a) < self._int_min:
            a = "0" * (self._int_min - len(a)) + a
        size, size2 = self._grouping
        if len(a) > size:
            groups = [a[-size:]]
            a = a[:-size]
            while len(a) > size2:
                groups.append(a[-size2:])
                a = a[:-size2]
            groups.append(a)
            a = self._group.join(reversed(groups))
        b = b or "0"
        if len(b) < lo:
            b += "0" * (lo - len(b))
        if hi == 0 or (lo == 0 and int(b) == 0):
            frac = ""
        else:
            b = b.rstrip("0")
            if len(b) < lo:
                b += "0" * (lo - len(b))
            frac = self._point + b
        prefix, suffix = self._affix(currency)[negative]
        return f"{prefix}{a}{frac}{suffix}"


@functools.lru_cache(maxsize=512)
def _currency_digits(currency: str) -> int:
    return int(babel.numbers.get_currency_precision(currency))


_FIELD = re.compile(r"%\((\w+)\)s")
_WIDTHS = {3: "abbreviated", 4: "wide", 5: "narrow", 6: "short"}

#: A compiled date or time pattern: the value in, the text out.
DateFormatter = Callable[[Any], str]


def _field(name: str, locale: babel.Locale) -> Callable[[Any], str] | None:
    """
    A function for one pattern field, exactly as babel's ``DateTimeFormat`` formats it.

    ``None`` for fields left to babel.
    """
    char, num = name[0], len(name)
    if char == "y":
        if num == 2:  # noqa: PLR2004 - the two-digit year
            return lambda v: f"{v.year:02d}"[-2:]
        return lambda v: f"{v.year:0{num}d}"
    if char in "ML":
        if num <= 2:  # noqa: PLR2004
            return lambda v: f"{v.month:0{num}d}"
        if num > 5:  # noqa: PLR2004
            return None
        context = "format" if char == "M" else "stand-alone"
        months = dict(babel.dates.get_month_names(_WIDTHS[num], context, locale))  # type: ignore[arg-type]
        return lambda v: months[v.month]
    if char == "d":
        return lambda v: f"{v.day:0{num}d}"
    if char == "E" or (char == "c" and num >= 3):  # noqa: PLR2004
        context = "stand-alone" if char == "c" else "format"
        days = dict(babel.dates.get_day_names(_WIDTHS[max(num, 3)], context, locale))  # type: ignore[arg-type]
        return lambda v: days[v.weekday()]
    if char == "H":
        return lambda v: f"{v.hour:0{num}d}"
    if char == "h":
        return lambda v: f"{(v.hour % 12) or 12:0{num}d}"
    if char == "m":
        return lambda v: f"{v.minute:0{num}d}"
    if char == "s":
        return lambda v: f"{v.second:0{num}d}"
    return None


def compile_date_pattern(
    pattern: babel.dates.DateTimePattern, locale: babel.Locale
) -> DateFormatter:
    """
    *pattern* as one function of the value, equal to ``pattern.apply(value, locale)``.

    Patterns made only of year, month, day, weekday, hour, minute and second fields become a
    ``str.format`` call with the locale's names looked up once; any other field (eras,
    quarters, periods, zones) leaves the whole pattern to babel.
    """
    template: list[str] = []
    fields: list[Callable[[Any], str]] = []
    pos = 0
    text: str = pattern.format  # type: ignore[assignment]  # the %-format string
    for m in _FIELD.finditer(text):
        fn = _field(m.group(1), locale)
        if fn is None:
            return lambda v: str(pattern.apply(v, locale))
        literal = text[pos : m.start()].replace("%%", "%")
        template.append(literal.replace("{", "{{").replace("}", "}}") + "{}")
        fields.append(fn)
        pos = m.end()
    tail = text[pos:].replace("%%", "%")
    fmt = "".join(template) + tail.replace("{", "{{").replace("}", "}}")
    if len(fields) == 1:
        only = fields[0]
        return lambda v: fmt.format(only(v))
    all_fields = tuple(fields)
    return lambda v: fmt.format(*[f(v) for f in all_fields])


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
        self._compiled: dict[tuple[str, str], DateFormatter] = {}
        self.decimal = _Number(locale.decimal_formats[None], locale)
        self.percent = _Number(locale.percent_formats[None], locale)
        self.currency = _Number(locale.currency_formats["standard"], locale)
        self.plural_form: Callable[[float | decimal.Decimal], str] = locale.plural_form

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
        The compiled date (``kind="date"``) or time formatter for a named format or pattern.
        """
        key = (kind, fmt)
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = compile_date_pattern(self.pattern(kind, fmt), self.locale)
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
    return Register.INFORMAL if contact_stage >= Stage.REPEAT_CUSTOMER else Register.FORMAL


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
