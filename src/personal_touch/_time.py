"""
Aware datetimes, time zones and locales: validation shared by every value type.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import zoneinfo
from itertools import repeat
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


#: Names that resolve to whatever the host is configured with, not to one IANA zone.
_HOST_ZONES = frozenset({"localtime", "Factory", "posixrules"})
_HOST_PREFIXES = ("posix/", "right/")


@functools.lru_cache(maxsize=1024)
def timezone(name: str) -> pendulum.Timezone:
    """
    The pendulum time zone called *name* (cached).

    Host-dependent names (``localtime``, ``Factory``, ``posixrules``, the ``posix/`` and
    ``right/`` trees) are refused: an answer must not depend on the machine deciding.

    Raises:
        UnknownTimezoneError: *name* is not an IANA time zone.
    """
    if (
        not isinstance(name, str)
        or not name
        or name in _HOST_ZONES
        or name.startswith(_HOST_PREFIXES)
    ):
        raise UnknownTimezoneError("timezone")
    try:
        tz = pendulum.timezone(name)
    except (InvalidTimezone, ValueError, TypeError):
        tz = None  # raise below, outside the handler: the chained error would repeat *name*
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
        pass  # raise below, outside the handler: the chained error would repeat *identifier*
    raise UnknownLocaleError("locale")


def normalize_timezone(name: str) -> str:
    """
    Validate an IANA time zone name and return it unchanged.
    """
    if not isinstance(name, str):
        raise UnknownTimezoneError("timezone")
    timezone(name)
    return name


def normalize_timezone_or_none(name: str | None) -> str | None:
    """
    Like :func:`normalize_timezone`, passing ``None`` (zone unknown) through.
    """
    return None if name is None else normalize_timezone(name)


@functools.lru_cache(maxsize=512)
def region_zones(country: str, subdivision: str | None = None) -> tuple[str, ...]:
    """
    Every IANA time zone of a country (sorted), from CLDR's territory data in babel.

    CLDR maps zones to countries, not to subdivisions: for ``US-CA`` this is every zone of
    the United States, a superset of the state's (stricter, never wrong for rules that
    must hold in every zone).  Names the installed zone database lacks are skipped.

    >>> region_zones("DE")
    ('Europe/Berlin', 'Europe/Busingen')

    .. versionadded:: 0.1.0
    """
    del subdivision  # no dependency maps subdivisions to zones: use the whole country
    names = babel.core.get_global("territory_zones").get(country, ())
    found = []
    for name in names:
        try:
            timezone(name)
        except UnknownTimezoneError:
            continue
        found.append(name)
    return tuple(sorted(found))


_P_UTC = pendulum.UTC
_P_EPOCH = dt.datetime(1970, 1, 1, tzinfo=_P_UTC)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SUB = dt.datetime.__sub__
_SECONDS = dt.timedelta.total_seconds
#: Zone keys of UTC itself (fixed at offset zero in the tz database).
_UTC_KEYS = frozenset({"UTC", "Etc/UTC"})


def stamp(value: dt.datetime) -> float:
    """
    Epoch seconds of the aware datetime *value*, exactly as ``value.timestamp()``.

    ``timestamp`` subtracts the epoch in UTC; against an epoch carrying the instant's own
    UTC zone object (pendulum's or the standard library's) the subtraction skips both
    offset look-ups (the costly part of a pendulum instant's ``timestamp``), with the same
    result.  Instants in other zones are converted by ``timestamp`` itself.
    """
    tz = value.tzinfo
    if tz is _P_UTC:
        return _SECONDS(_SUB(value, _P_EPOCH))
    if tz is dt.UTC:
        return _SECONDS(_SUB(value, _EPOCH))
    return value.timestamp()


def stamps(values: list[dt.datetime]) -> list[float]:
    """
    :func:`stamp` of each aware datetime of *values*, in one pass in C.

    The epoch carries the first instant's UTC zone object when it has one (then every
    instant in that zone skips the offset look-ups); an instant in another zone is still
    subtracted with its offsets, so the answer is the same for any mix of zones.
    """
    if not values:
        return []
    tz = values[0].tzinfo
    epoch = _EPOCH
    if tz is _P_UTC:
        epoch = _P_EPOCH
    elif isinstance(tz, zoneinfo.ZoneInfo) and tz.key in _UTC_KEYS:
        epoch = dt.datetime(1970, 1, 1, tzinfo=tz)
    return list(map(_SECONDS, map(_SUB, values, repeat(epoch, len(values)))))


#: Instants the library computes with: a day inside the calendar's ends (years 1 and 9999),
#: so an instant has a wall-clock date in every zone (offsets stay within a day).
MIN_INSTANT = pendulum.datetime(1, 1, 2, tz="UTC")
MAX_INSTANT = pendulum.datetime(9999, 12, 30, tz="UTC")
MIN_STAMP = MIN_INSTANT.timestamp()
MAX_STAMP = MAX_INSTANT.timestamp()


def in_range(value: dt.datetime, field: str) -> pendulum.DateTime:
    """
    :func:`aware`, refusing instants outside :data:`MIN_INSTANT` to :data:`MAX_INSTANT`.

    Raises:
        NaiveDateTimeError: *value* has no tzinfo.
        InvalidFieldError: *value* lies within a day of the calendar's ends.
    """
    instant = aware(value, field)
    try:
        ts = stamp(instant)
    except (OverflowError, ValueError):
        ts = -math.inf
    if not MIN_STAMP <= ts <= MAX_STAMP:
        raise InvalidFieldError(field, "outside the supported range 0001-01-02 to 9999-12-30 UTC")
    return instant


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
