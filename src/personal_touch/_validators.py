"""
Field converters and validators shared by every value type.

Each raises :class:`~personal_touch.exceptions.InvalidFieldError` naming the field and
what is wrong, never the value, and chains from nothing: a builtin error (``'x' is not a
valid Provenance``, ``'int' object is not iterable``) would echo the input into a log.
"""

from __future__ import annotations

import enum
import functools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from .exceptions import InvalidFieldError

E = TypeVar("E", bound=enum.Enum)
T = TypeVar("T")

_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def snake(name: str) -> str:
    """
    ``"DncRegistry"`` as ``"dnc_registry"``.
    """
    return _CAMEL.sub("_", name).lower()


@functools.cache
def choices(cls: type[enum.Enum]) -> str:
    """
    The values of *cls*, comma-separated (our vocabulary, never input).
    """
    return ", ".join(str(m.value) for m in cls)


def _not_a(cls: type[enum.Enum], field: str) -> InvalidFieldError:
    return InvalidFieldError(
        field, f"not a valid {snake(cls.__name__)}; expected one of: {choices(cls)}"
    )


class StrictStrEnum(enum.StrEnum):
    """
    A :class:`enum.StrEnum` whose look-up by an unknown value raises a typed error.

    ``Provenance("jane.doe@example.com")`` raises
    :class:`~personal_touch.exceptions.InvalidFieldError` naming the enum and listing its
    values, instead of a :class:`ValueError` that repeats the input.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        raise _not_a(cls, snake(cls.__name__)) from None


def lookup(cls: type[E], value: object, field: str) -> E:
    """
    The member of *cls* that is or has value *value*.

    Raises:
        InvalidFieldError: *value* is no member's value; names *field*.
    """
    if isinstance(value, cls):
        return value
    try:
        member = cls._value2member_map_.get(value)
    except TypeError:  # unhashable
        member = None
    if member is None:
        raise _not_a(cls, field) from None
    return member  # type: ignore[return-value]


_COLLECTIONS = frozenset({tuple, list, frozenset, set})


def items(values: object, field: str) -> Iterable[Any]:
    """
    *values* as an iterable of items, refusing text, mappings and non-iterables.

    A string is iterable but never meant as a list of its characters.
    """
    if type(values) in _COLLECTIONS:  # the common case, without the slower ABC checks
        return values  # type: ignore[return-value]
    if isinstance(values, (str, bytes, bytearray, Mapping)) or not isinstance(values, Iterable):
        raise InvalidFieldError(field, "expected a list")
    return values


# Converters are named functions in the value modules (mypy's attrs plugin needs names);
# these helpers do the work.


def enum_tuple(cls: type[E], values: object, field: str) -> tuple[E, ...]:
    """
    Members of *cls* in order, duplicates dropped.
    """
    return tuple(dict.fromkeys(lookup(cls, v, field) for v in items(values, field)))


def enum_set(cls: type[E], values: object, field: str) -> frozenset[E]:
    """
    A frozenset of members of *cls*.
    """
    return frozenset(lookup(cls, v, field) for v in items(values, field))


def tuple_of(cls: type[T], values: object, field: str) -> tuple[T, ...]:
    """
    A tuple of *cls* instances, refusing anything else.
    """
    out = tuple(items(values, field))
    if not all(isinstance(v, cls) for v in out):
        raise InvalidFieldError(field, f"expected a list of {cls.__name__}")
    return out


def str_set(values: object, field: str) -> frozenset[str]:
    """
    A frozenset of strings.
    """
    out = frozenset(items(values, field))
    if not all(isinstance(v, str) for v in out):
        raise InvalidFieldError(field, "expected a list of strings")
    return out


Validator = Callable[[Any, Any, Any], None]


def _range(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"must be between {low:g} and {high:g}"
    return f"must be at least {low:g}" if low is not None else f"must be at most {high:g}"


def text(field: str) -> Validator:
    """
    Validate for attrs: a non-empty string.
    """

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidFieldError(field, "must be a non-empty string")

    return check


def optional_text(field: str) -> Validator:
    """
    Validate for attrs: a string or ``None``.
    """

    def check(_instance: object, _attribute: object, value: object) -> None:
        if value is not None and not isinstance(value, str):
            raise InvalidFieldError(field, "must be a string or None")

    return check


def boolean(field: str) -> Validator:
    """
    Validate for attrs: ``True`` or ``False`` (not 0, 1 or ``"yes"``).
    """

    def check(_instance: object, _attribute: object, value: object) -> None:
        if value is not True and value is not False:
            raise InvalidFieldError(field, "must be True or False")

    return check


def integer(field: str, *, low: int | None = None, high: int | None = None) -> Validator:
    """
    Validate for attrs: an integer (not a bool) within ``[low, high]``.
    """

    def check(_instance: object, _attribute: object, value: object) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise InvalidFieldError(field, "must be an integer")
        if (low is not None and value < low) or (high is not None and value > high):
            raise InvalidFieldError(field, _range(low, high))

    return check


def number(field: str, *, low: float | None = None, high: float | None = None) -> Validator:
    """
    Validate for attrs: a finite int or float (not a bool) within ``[low, high]``.
    """

    def check(_instance: object, _attribute: object, value: object) -> None:
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            raise InvalidFieldError(field, "must be a finite number")
        if (low is not None and value < low) or (high is not None and value > high):
            raise InvalidFieldError(field, _range(low, high))

    return check


def instance_of(
    cls: type[Any] | tuple[type[Any], ...], field: str, *, optional: bool = False
) -> Validator:
    """
    Validate for attrs: an instance of *cls* (or ``None`` if *optional*).
    """
    names = cls.__name__ if isinstance(cls, type) else " or ".join(c.__name__ for c in cls)
    problem = f"must be a {names}" + (" or None" if optional else "")

    def check(_instance: object, _attribute: object, value: object) -> None:
        if optional and value is None:
            return
        if not isinstance(value, cls):
            raise InvalidFieldError(field, problem)

    return check
