"""
Reading fact values as dates, amounts and names, with a problem code when they do not fit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._frozen import FrozenMap

if TYPE_CHECKING:
    from .._facts import FactValue


class BadValue(Exception):  # noqa: N818 - internal signal, never escapes the package
    """
    A fact value does not fit its kind; carries a code and a value-free description.
    """

    def __init__(self, code: str, problem: str) -> None:
        super().__init__(problem)
        self.code = code
        self.problem = problem


def as_date(value: object, what: str, tz: dt.tzinfo | None = None) -> dt.date:
    """
    A date from a date, an ISO ``YYYY-MM-DD`` string or an aware datetime.

    An aware datetime is read on *tz*'s calendar and refused without *tz*.

    Raises:
        BadValue: Anything else.
    """
    if type(value) is dt.date:
        return value
    if isinstance(value, dt.datetime):
        if tz is None or value.tzinfo is None:
            raise BadValue("not_a_date", f"{what} must be a date without time")
        return value.astimezone(tz).date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise BadValue("not_a_date", f"{what} must be a date like 2026-12-01")


def as_month_day(value: object, what: str) -> tuple[int, int, int | None]:
    """
    ``(month, day, year or None)`` from a date, ``YYYY-MM-DD`` or ``--MM-DD`` (no year).

    Raises:
        BadValue: Anything else.
    """
    if isinstance(value, str) and value.startswith("--"):
        try:
            d = dt.date.fromisoformat("2000" + value[1:])
        except ValueError:
            raise BadValue("not_a_date", f"{what} must be a date like --12-01") from None
        return d.month, d.day, None
    d = as_date(value, what)
    return d.month, d.day, d.year


def as_amount(value: object, what: str) -> float:
    """
    A finite, non-negative number.

    Raises:
        BadValue: Anything else (including booleans and numeric strings).
    """
    t = type(value)
    if (t is int or t is float) and value >= 0:  # type: ignore[operator]
        return float(value)  # type: ignore[arg-type]
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise BadValue("not_an_amount", f"{what} must be a non-negative number")
    return float(value)


def as_mapping(value: FactValue, what: str) -> Mapping[str, FactValue]:
    """
    The value as a mapping.

    A :class:`FrozenMap` gives its own dict (read only here): its ``get`` is a plain dict
    look-up, several times faster than ``Mapping.get`` in the hot loop.

    Raises:
        BadValue: It is not a mapping.
    """
    if type(value) is FrozenMap:
        return value._data
    if not isinstance(value, Mapping):
        raise BadValue("not_a_mapping", f"{what} must be a mapping")
    return value


def opt_text(value: object, what: str) -> str | None:
    """
    Optional non-empty text.

    Raises:
        BadValue: Not a string.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadValue("not_text", f"{what} must be text")
    return value.strip() or None


def team_names(value: FactValue) -> tuple[str, ...]:
    """
    Team names from a string, a mapping with ``name``, or a list of either.

    Raises:
        BadValue: Anything else.
    """
    items = value if isinstance(value, tuple) else (value,)
    names: list[str] = []
    for item in items:
        if isinstance(item, Mapping):
            item = item.get("name")  # noqa: PLW2901
        if not isinstance(item, str) or not item.strip():
            raise BadValue("not_a_team", "team must be a name, a mapping with 'name' or a list")
        names.append(item)
    return tuple(names)


def norm(name: str) -> str:
    """
    A name for matching: case-folded, spaces collapsed.
    """
    return " ".join(name.casefold().split())


def digest(*parts: object) -> str:
    """
    A short, stable token for an occurrence that reveals none of its parts.
    """
    text = "\x1f".join(str(p) for p in parts)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=5).hexdigest()
