"""
Turning the library's values into stored rows and back, through the converters.

Bodies are canonical JSON (:func:`~._chain.canonical` of the converters' unstructured form),
so the bytes hashed into the chain are the bytes stored.  Reading a row that is not a valid
value raises :class:`~personal_touch.exceptions.InvalidInputError` naming the table and the
row's sequence number, never its content.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any, TypeVar

from ..converters import format_datetime, structure, structure_many, unstructure
from ..exceptions import InvalidFieldError, InvalidInputError
from ._chain import canonical

__all__ = ["body", "check", "micros", "read", "read_many", "stamp"]

T = TypeVar("T")


def body(value: object) -> str:
    """
    The canonical JSON text of *value*'s unstructured form.
    """
    return canonical(unstructure(value)).decode()


def stamp(value: dt.datetime) -> str:
    """
    The JSON form of the aware datetime *value*.
    """
    return format_datetime(value)


def micros(value: dt.datetime) -> int:
    """
    The aware datetime *value* as whole microseconds since the epoch (for ordering in SQL).
    """
    utc = value.astimezone(dt.UTC)
    return calendar.timegm(utc.timetuple()) * 1_000_000 + utc.microsecond


def check(value: object, cls: type, field: str) -> None:
    """
    Refuse *value* unless it is a *cls*.

    Raises:
        InvalidFieldError: It is not; the message names *field* and the type expected.
    """
    if not isinstance(value, cls):
        raise InvalidFieldError(field, f"expected a {cls.__name__}")


def _parsed(text: object, where: str) -> Any:
    if not isinstance(text, str):
        raise InvalidInputError(["stored body is not text @ $"], what=where)
    try:
        return json.loads(text)
    except ValueError:
        pass
    raise InvalidInputError(["stored body is not valid JSON @ $"], what=where)


def read(text: object, cls: type[T], where: str) -> T:
    """
    Structure one stored body as *cls*.

    Raises:
        InvalidInputError: The body is not a valid *cls*; *where* names the row.
    """
    data = _parsed(text, where)
    try:
        return structure(data, cls)
    except InvalidInputError as exc:
        problems = exc.errors
    raise InvalidInputError(problems, what=where)


def read_many(rows: Sequence[tuple[int, object]], cls: type[T], table: str) -> list[T]:
    """
    Structure many stored ``(seq, body)`` rows of *table* as *cls*.

    Raises:
        InvalidInputError: A body is not a valid *cls*; the error names the first such row.
    """
    data = [_parsed(text, f"{table} row {seq}") for seq, text in rows]
    try:
        return structure_many(data, cls)
    except InvalidInputError:
        pass
    for (seq, text), _ in zip(rows, data, strict=True):
        read(text, cls, f"{table} row {seq}")
    raise InvalidInputError(["invalid stored body @ $"], what=table)  # pragma: no cover
