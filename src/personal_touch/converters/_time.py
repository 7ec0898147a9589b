"""
Hooks for time: aware datetimes (with an RFC 9557 zone suffix), dates, times of day, durations.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import zoneinfo
from typing import TYPE_CHECKING, Any

import pendulum

from .._time import timezone as _named_zone
from ..exceptions import InvalidFieldError, NaiveDateTimeError

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "configure_time",
    "format_datetime",
    "format_duration",
    "parse_datetime",
    "parse_duration",
    "structure_date",
]

_OFFSETS: dict[dt.timedelta, dt.tzinfo] = {dt.timedelta(0): pendulum.UTC}
_MAX_OFFSETS = 4096
_DATETIME_HINT = "expected an ISO 8601 date-time string like '2026-12-01T09:30:00+01:00'"


def _fixed_zone(offset: dt.timedelta) -> dt.tzinfo:
    tz = _OFFSETS.get(offset)
    if tz is None:
        tz = pendulum.FixedTimezone(int(offset.total_seconds()))
        if len(_OFFSETS) < _MAX_OFFSETS:  # offsets are few in practice; bound the cache
            _OFFSETS[offset] = tz
    return tz


def parse_datetime(text: str) -> pendulum.DateTime:
    """
    Parse an ISO 8601 date-time with a UTC offset and an optional RFC 9557 zone suffix.

    The offset fixes the instant; a ``[Zone/Name]`` suffix keeps the IANA zone for local
    arithmetic (an offset the zone does not have at that instant is converted into it).

    >>> parse_datetime("2026-10-25T02:30:00+01:00[Europe/Berlin]").fold
    1

    Raises:
        InvalidFieldError: *text* is not such a string.
        NaiveDateTimeError: *text* has no UTC offset.
        UnknownTimezoneError: the suffix is not an IANA time zone.

    .. versionadded:: 0.1.0
    """
    if not isinstance(text, str):
        raise InvalidFieldError("datetime", _DATETIME_HINT)
    zone: str | None = None
    if text.endswith("]"):
        text, bracket, zone = text[:-1].partition("[")
        if not bracket:
            raise InvalidFieldError("datetime", _DATETIME_HINT)
    try:
        d = dt.datetime.fromisoformat(text)
    except ValueError:
        d = None  # raised below, outside the handler, so no chained error repeats the text
    if d is None:
        raise InvalidFieldError("datetime", _DATETIME_HINT)
    offset = d.utcoffset()
    if offset is None:
        raise NaiveDateTimeError("datetime")
    if zone is None:
        tz = _fixed_zone(offset)
        return pendulum.DateTime(
            d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tzinfo=tz
        )
    named = _named_zone(zone)
    for fold in (0, 1):
        local = pendulum.DateTime(
            d.year,
            d.month,
            d.day,
            d.hour,
            d.minute,
            d.second,
            d.microsecond,
            tzinfo=named,
            fold=fold,
        )
        if local.utcoffset() == offset:
            return local
    return pendulum.instance(d).in_timezone(named)


def format_datetime(value: dt.datetime) -> str:
    """
    The JSON form of an aware datetime.

    ISO 8601 with offset, plus ``[Zone/Name]`` for a named IANA zone other than UTC.

    >>> format_datetime(pendulum.datetime(2026, 12, 1, 9, 30, tz="Europe/Paris"))
    '2026-12-01T09:30:00+01:00[Europe/Paris]'

    .. versionadded:: 0.1.0
    """
    text = value.isoformat()
    tz = value.tzinfo
    if isinstance(tz, zoneinfo.ZoneInfo) and tz.key != "UTC":
        return f"{text}[{tz.key}]"
    return text


def _structure_datetime(value: Any, _: Any) -> pendulum.DateTime:
    return parse_datetime(value)


def _unstructure_datetime(value: dt.datetime) -> str:
    return format_datetime(value)


def structure_date(value: Any, _: Any) -> dt.date:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    raise InvalidFieldError("date", "expected an ISO 8601 date string like '2026-12-01'")


def _unstructure_date(value: dt.date) -> str:
    return value.isoformat()


def _structure_time(value: Any, _: Any) -> dt.time:
    if isinstance(value, str):
        try:
            t = dt.time.fromisoformat(value)
        except ValueError:
            pass
        else:
            if t.tzinfo is None:
                return t
    raise InvalidFieldError("time", "expected a local time of day like '21:00'")


def _unstructure_time(value: dt.time) -> str:
    if value.second == 0 and value.microsecond == 0:
        return f"{value.hour:02d}:{value.minute:02d}"
    return value.isoformat()


_DURATION = re.compile(
    r"P(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+(?:\.\d{1,6})?)S)?)?"
)
_DURATION_HINT = "expected an ISO 8601 duration like 'P7D' or 'PT1H30M'"


def parse_duration(text: str) -> dt.timedelta:
    """
    An ISO 8601 duration of weeks, days, hours, minutes and seconds (``"P1DT2H"``).

    Years and months are refused: their length depends on the calendar.

    Raises:
        InvalidFieldError: Anything else (the message never repeats *text*).
    """
    m = _DURATION.fullmatch(text) if isinstance(text, str) else None
    if m is None or text in {"P", "PT"} or text.endswith("T"):
        raise InvalidFieldError("duration", _DURATION_HINT)
    w, d, h, mi, sec = (m.group(k) or "0" for k in "wdhms")
    return dt.timedelta(
        weeks=int(w), days=int(d), hours=int(h), minutes=int(mi), seconds=float(sec)
    )


def format_duration(value: dt.timedelta) -> str:
    """
    *value* as an ISO 8601 duration in days, hours, minutes and seconds (``"P1DT2H"``).

    A negative duration is refused: nothing here needs one.

    Raises:
        InvalidFieldError: *value* is negative.
    """
    if value < dt.timedelta(0):
        raise InvalidFieldError("duration", "must not be negative")
    rest, micro = value.seconds, value.microseconds
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    day = f"{value.days}D" if value.days else ""
    sec = f"{seconds}.{micro:06d}".rstrip("0") if micro else str(seconds)
    parts = (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    parts += f"{sec}S" if seconds or micro else ""
    if not day and not parts:
        return "PT0S"
    return f"P{day}" + (f"T{parts}" if parts else "")


def _structure_duration(value: Any, _: Any) -> dt.timedelta:
    return parse_duration(value)


def configure_time(converter: cattrs.Converter) -> None:
    """
    Register the hooks for datetimes, dates, times of day and durations on *converter*.
    """
    converter.register_structure_hook(dt.timedelta, _structure_duration)
    converter.register_unstructure_hook(dt.timedelta, format_duration)
    converter.register_structure_hook(pendulum.DateTime, _structure_datetime)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook(pendulum.DateTime, _unstructure_datetime)
    converter.register_unstructure_hook(dt.datetime, _unstructure_datetime)
    converter.register_structure_hook(dt.date, structure_date)
    converter.register_unstructure_hook(dt.date, _unstructure_date)
    converter.register_structure_hook(dt.time, _structure_time)
    converter.register_unstructure_hook(dt.time, _unstructure_time)
