"""
Aware datetimes, time zones and locales: validation shared by every value type.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import TYPE_CHECKING, Any

import babel
import pendulum
from pendulum.tz.exceptions import InvalidTimezone

if TYPE_CHECKING:
    import attrs

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
    if type(value) is pendulum.DateTime and value.tzinfo is not None:
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


def to_datetime(value: dt.datetime) -> pendulum.DateTime:
    """
    Convert for attrs: an aware datetime as :class:`pendulum.DateTime`.

    Anything else passes through unchanged for :func:`check_aware` to refuse with the
    field's name.
    """
    if type(value) is pendulum.DateTime and value.tzinfo is not None:
        return value
    if (
        isinstance(value, dt.datetime)
        and value.tzinfo is not None
        and value.tzinfo.utcoffset(value) is not None
    ):
        return pendulum.instance(value)
    return value  # type: ignore[return-value]


def to_datetime_or_none(value: dt.datetime | None) -> pendulum.DateTime | None:
    """
    Convert for attrs: like :func:`to_datetime`, passing ``None`` through.
    """
    return None if value is None else to_datetime(value)


def check_aware(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """
    Validate for attrs: refuse anything but an aware datetime, naming the field.
    """
    if type(value) is not pendulum.DateTime or value.tzinfo is None:
        aware(value, attribute.name)


def check_aware_or_none(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """
    Validate for attrs: like :func:`check_aware`, allowing ``None``.
    """
    if value is not None:
        check_aware(_instance, attribute, value)
