"""
Aware datetimes, time zones and locales: validation shared by every value type.
"""

from __future__ import annotations

import datetime as dt
import functools

import attrs
import babel
import pendulum
from pendulum.tz.exceptions import InvalidTimezone

from .exceptions import (
    InvalidFieldError,
    NaiveDateTimeError,
    UnknownLocaleError,
    UnknownTimezoneError,
)


def aware(value: dt.datetime, field: str) -> pendulum.DateTime:
    """
    Return *value* as a :class:`pendulum.DateTime`, refusing naive datetimes.

    Raises:
        NaiveDateTimeError: *value* has no tzinfo.
    """
    if type(value) is pendulum.DateTime:
        return value
    if not isinstance(value, dt.datetime):
        raise InvalidFieldError(field, "expected an aware datetime")
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDateTimeError(field)
    return pendulum.instance(value)


def aware_or_none(value: dt.datetime | None, field: str) -> pendulum.DateTime | None:
    """
    Like :func:`aware`, passing ``None`` through.
    """
    return None if value is None else aware(value, field)


@functools.lru_cache(maxsize=1024)
def timezone(name: str) -> pendulum.Timezone:
    """
    The pendulum time zone called *name* (cached).

    Raises:
        UnknownTimezoneError: *name* is not an IANA time zone.
    """
    try:
        tz = pendulum.timezone(name)
    except (InvalidTimezone, ValueError, TypeError):
        raise UnknownTimezoneError("timezone") from None
    if not isinstance(tz, pendulum.Timezone):  # fixed offsets are not IANA names
        raise UnknownTimezoneError("timezone")
    return tz


@functools.lru_cache(maxsize=1024)
def locale(identifier: str) -> babel.Locale:
    """
    The babel locale for *identifier*, accepting ``de_AT`` and ``de-AT`` (cached).

    Raises:
        UnknownLocaleError: babel does not know *identifier*.
    """
    try:
        return babel.Locale.parse(identifier.replace("-", "_"))
    except (babel.UnknownLocaleError, ValueError, TypeError, AttributeError):
        raise UnknownLocaleError("locale") from None


def normalize_timezone(name: str) -> str:
    """
    Validate an IANA time zone name and return it unchanged.
    """
    if not isinstance(name, str):
        raise UnknownTimezoneError("timezone")
    timezone(name)
    return name


def normalize_locale(identifier: str | babel.Locale) -> str:
    """
    Validate a locale and return its canonical babel form, e.g. ``"de_AT"``.
    """
    if isinstance(identifier, babel.Locale):
        return str(identifier)
    if not isinstance(identifier, str):
        raise UnknownLocaleError("locale")
    return str(locale(identifier))


def _aware_field(value: dt.datetime, field: attrs.Attribute[object]) -> pendulum.DateTime:
    return aware(value, field.name)


def _aware_or_none_field(
    value: dt.datetime | None, field: attrs.Attribute[object]
) -> pendulum.DateTime | None:
    return None if value is None else aware(value, field.name)


#: attrs converter: an aware :class:`pendulum.DateTime`, naming the field on error.
AWARE = attrs.Converter(_aware_field, takes_field=True)  # type: ignore[misc]
#: attrs converter: like :data:`AWARE`, passing ``None`` through.
AWARE_OR_NONE = attrs.Converter(_aware_or_none_field, takes_field=True)  # type: ignore[misc]
