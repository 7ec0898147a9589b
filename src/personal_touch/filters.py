r"""
Locale-aware formatting, as templates use it and as plain functions.

Every function takes the locale explicitly (never the environment's) and reuses babel
patterns prepared once per locale, so calling them in a loop stays fast.  Inside a template
the same formatting is spelled as filters, with the contact's locale and time zone::

    {{ facts.order.placed_at | date: "long" }}      {{ facts.order.total | currency: "EUR" }}
    {{ facts.trip.starts | relative }}              {{ facts.kids | list }}
    {{ facts.nights | plural: one="# night", other="# nights" }}
    {{ contact.name | name }}                       {{ contact.name.given | default: "there" }}

:data:`FILTERS` lists every template filter with a line on what it does.

>>> import datetime as dt
>>> from personal_touch import filters
>>> filters.format_date(dt.date(2026, 12, 3), "long", locale="fr")
'3 décembre 2026'
>>> filters.format_currency(1234.5, "EUR", locale="de_DE")
'1.234,50\xa0€'
>>> filters.format_list(["Anna", "Ben", "Chloé"], locale="es")
'Anna, Ben y Chloé'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping, Sequence

from ._contacts import Contact, Name, Register
from ._templates._filter_specs import SPECS
from ._templates._formats import (
    DATE_FORMATS,
    LIST_STYLES,
    NAME_STYLES,
    formats_for,
    in_zone,
    is_currency,
    zone,
)
from ._templates._formats import format_name as _format_name
from ._templates._formats import register_for as _register_for
from ._time import normalize_timezone
from .exceptions import InvalidFieldError

__all__ = [
    "DATE_FORMATS",
    "FILTERS",
    "LIST_STYLES",
    "NAME_STYLES",
    "format_currency",
    "format_date",
    "format_datetime",
    "format_list",
    "format_name",
    "format_number",
    "format_percent",
    "format_relative",
    "format_time",
    "pluralize",
    "register_for",
]

#: Every template filter, by name, with what it does.
FILTERS: Mapping[str, str] = {name: spec.doc for name, spec in SPECS.items()}

Number = int | float | decimal.Decimal


def _local(value: dt.date, tz: str | None) -> dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise InvalidFieldError("value", "datetime must be time-zone aware (it has no tzinfo)")
        if tz is not None:
            return in_zone(value, zone(normalize_timezone(tz)))
    return value


def _check_format(fmt: str) -> None:
    if fmt not in DATE_FORMATS:
        raise InvalidFieldError("format", f"must be one of {', '.join(DATE_FORMATS)}")


def format_date(
    value: dt.date, format: str = "medium", *, locale: str, tz: str | None = None
) -> str:
    """
    A date (or an aware datetime's date in zone *tz*) as *locale* writes it.

    Args:
        value: A date or an aware datetime.
        format: ``short``, ``medium``, ``long`` or ``full``.
        locale: A babel locale identifier.
        tz: An IANA zone to convert datetimes to first.

    >>> format_date(dt.date(2026, 12, 3), "full", locale="pt_BR")
    'quinta-feira, 3 de dezembro de 2026'

    .. versionadded:: 0.1.0
    """
    _check_format(format)
    return formats_for(locale).format_date(_local(value, tz), format)


def format_time(
    value: dt.datetime, format: str = "short", *, locale: str, tz: str | None = None
) -> str:
    r"""
    A time of day as *locale* writes it, in zone *tz* if given.

    >>> format_time(dt.datetime(2026, 12, 3, 18, 30, tzinfo=dt.UTC), locale="en_US")
    '6:30\u202fPM'

    .. versionadded:: 0.1.0
    """
    _check_format(format)
    local = _local(value, tz)
    if not isinstance(local, dt.datetime):
        raise InvalidFieldError("value", "expected an aware datetime")
    return formats_for(locale).format_time(local, format)


def format_datetime(
    value: dt.datetime,
    format: str = "medium",
    *,
    locale: str,
    tz: str | None = None,
) -> str:
    """
    A date and time as *locale* writes them, in zone *tz* if given.

    >>> format_datetime(dt.datetime(2026, 12, 3, 18, 30, tzinfo=dt.UTC), "short", locale="de")
    '03.12.26, 18:30'

    .. versionadded:: 0.1.0
    """
    _check_format(format)
    local = _local(value, tz)
    if not isinstance(local, dt.datetime):
        raise InvalidFieldError("value", "expected an aware datetime")
    return formats_for(locale).format_datetime(local, format)


def format_relative(
    value: dt.date,
    *,
    at: dt.datetime,
    locale: str,
    tz: str = "UTC",
    granularity: str | None = None,
) -> str:
    """
    How far *value* is from the instant *at*: "in 3 days", "2 hours ago".

    Dates are compared with *at*'s date in zone *tz*, in days unless *granularity* says
    otherwise; datetimes in the largest fitting unit ("in 10 hours").

    >>> at = dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)
    >>> format_relative(dt.date(2026, 11, 28), at=at, locale="en")
    'in 3 days'
    >>> format_relative(dt.date(2026, 11, 28), at=at, locale="de")
    'in 3 Tagen'
    >>> format_relative(dt.datetime(2026, 11, 25, 19, tzinfo=dt.UTC), at=at, locale="fr")
    'dans 10 heures'

    .. versionadded:: 0.1.0
    """
    if at.tzinfo is None:
        raise InvalidFieldError("at", "datetime must be time-zone aware (it has no tzinfo)")
    local_at = in_zone(at, zone(normalize_timezone(tz)), field="at")
    delta: dt.timedelta
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise InvalidFieldError("value", "datetime must be time-zone aware (it has no tzinfo)")
        delta = value - local_at
        unit = granularity or "second"
    else:
        delta = dt.timedelta(days=(value - local_at.date()).days)
        unit = granularity or "day"
    return formats_for(locale).format_relative(delta, granularity=unit)


def format_currency(amount: Number, currency: str, *, locale: str) -> str:
    r"""
    An amount of *currency* (ISO 4217) as *locale* writes it.

    >>> format_currency(1234.5, "USD", locale="en_US")
    '$1,234.50'
    >>> format_currency(1234.5, "EUR", locale="fr")
    '1\u202f234,50\xa0€'

    Raises:
        InvalidFieldError: *amount* is NaN, infinite or has more than 1,000 integer digits (the
            message names the field, never the value).

    .. versionadded:: 0.1.0
    """
    if not is_currency(currency):
        raise InvalidFieldError("currency", "must be an ISO 4217 code such as 'EUR'")
    try:
        return formats_for(locale).format_currency(amount, currency)
    except InvalidFieldError as error:
        problem = error.problem
    raise InvalidFieldError("amount", problem)


def format_number(value: Number, *, locale: str) -> str:
    """
    A number with *locale*'s separators.

    >>> format_number(1234567.891, locale="de")
    '1.234.567,891'

    Raises:
        InvalidFieldError: *value* is NaN, infinite or has more than 1,000 integer digits (the
            message names the field, never the value).

    .. versionadded:: 0.1.0
    """
    return formats_for(locale).format_number(value)


def format_percent(value: Number, *, locale: str) -> str:
    r"""
    A fraction as a percentage: ``0.25`` is "25 %" in German.

    >>> format_percent(0.25, locale="de")
    '25\xa0%'

    Raises:
        InvalidFieldError: *value* is NaN, infinite or has more than 1,000 integer digits (the
            message names the field, never the value).

    .. versionadded:: 0.1.0
    """
    return formats_for(locale).format_percent(value)


def format_list(items: Sequence[str], *, locale: str, style: str = "standard") -> str:
    """
    Items joined the way *locale* joins them ("Anna, Ben and Chloé").

    >>> format_list(["Anna", "Ben", "Chloé"], locale="pt")
    'Anna, Ben e Chloé'

    .. versionadded:: 0.1.0
    """
    if style not in LIST_STYLES:
        raise InvalidFieldError("style", f"must be one of {', '.join(LIST_STYLES)}")
    return formats_for(locale).format_list(items, style)


def pluralize(count: Number, *, locale: str, **forms: str) -> str:
    """
    The form for *count*'s CLDR plural category in *locale*; ``#`` stands for the count.

    Forms are named by category (``zero``, ``one``, ``two``, ``few``, ``many``, ``other``);
    ``other`` is required.

    >>> pluralize(0, locale="fr", one="# nuit", other="# nuits")
    '0 nuit'
    >>> pluralize(0, locale="en", one="# night", other="# nights")
    '0 nights'

    Raises:
        InvalidFieldError: *count* is NaN, infinite or has more than 1,000 integer digits (the
            message names the field, never the value).

    .. versionadded:: 0.1.0
    """
    if "other" not in forms:
        raise InvalidFieldError("forms", "the 'other' form is required")
    fmt = formats_for(locale)
    try:
        category = fmt.plural_form(count)
    except InvalidFieldError as error:
        problem = error.problem
    else:
        return forms.get(category, forms["other"]).replace("#", fmt.format_number(count))
    raise InvalidFieldError("count", problem)


def register_for(contact: Contact) -> Register:
    """
    How to address *contact*.

    Their stated register, else formal until they are a repeat customer and informal from
    then on.

    .. versionadded:: 0.1.0
    """
    return _register_for(contact.stage, contact.preferences.register)


def format_name(
    name: Name,
    *,
    locale: str,
    register: Register | str = Register.FORMAL,
    style: str = "auto",
) -> str | None:
    """
    *name* as *locale* addresses a person in *register*, or ``None`` if no part fits.

    Styles: ``auto`` (by register), ``formal``, ``informal``, ``full``, ``given``,
    ``family``.  Formal address uses the honorific the person gave with the family name, or
    else the full name; informal uses the preferred name only if the person gave one.

    >>> from personal_touch import Name
    >>> format_name(Name("Anna", "Schmidt", honorific="Frau"), locale="de")
    'Frau Schmidt'
    >>> format_name(Name("Beatrice", "Rossi", preferred="Bea"), locale="en", register="informal")
    'Bea'
    >>> format_name(Name("太郎", "山田"), locale="ja")
    '山田様'

    .. versionadded:: 0.1.0
    """
    return _format_name(
        name, language=formats_for(locale).language, register=Register(register), style=style
    )
