"""
Fact values and keys: the JSON-able shapes a fact may hold, frozen, and its dotted keys.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import TypeAlias, Union

from .._frozen import FrozenMap
from .._time import aware
from .._validators import items
from ..exceptions import InvalidFieldError

#: A JSON-able fact value: text, number, boolean, date, aware datetime, a tuple of
#: values, or a string-keyed mapping of values.
FactValue: TypeAlias = Union[  # noqa: UP007 - a recursive alias needs Union
    str,
    int,
    float,
    bool,
    dt.date,
    dt.datetime,
    tuple["FactValue", ...],
    FrozenMap["FactValue"],
    None,
]

_KEY = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")


def validate_key(key: str, field: str = "key") -> str:
    """
    Return *key* if it is a dotted lower-case fact key such as ``travel.next_trip``.
    """
    if not isinstance(key, str) or not _KEY.match(key):
        raise InvalidFieldError(field, "must be a dotted lower-case key like 'travel.next_trip'")
    return key


def key_set(values: object, field: str) -> frozenset[str]:
    """
    A frozenset of fact keys, each checked by :func:`validate_key` under *field*.
    """
    return frozenset(validate_key(v, field) for v in items(values, field))


#: How deeply a fact value may nest arrays and objects (a bound against stack exhaustion).
MAX_DEPTH = 64
#: How many decimal digits an integer in a fact value may have (Python refuses to turn
#: integers of more than 4,300 digits into text, so they could be neither saved nor said).
MAX_INT_DIGITS = 4000
_INT_BOUND = 10**MAX_INT_DIGITS


def check_int(value: int, field: str) -> int:
    """
    Return *value* if it has at most :data:`MAX_INT_DIGITS` digits.
    """
    if -_INT_BOUND < value < _INT_BOUND:
        return value
    raise InvalidFieldError(field, f"integers may have at most {MAX_INT_DIGITS} digits")


def freeze_value(value: object, field: str = "value", *, depth: int = 0) -> FactValue:
    """
    Make a JSON-like value immutable: lists become tuples, dicts frozen mappings.

    The frozen mappings are :class:`~personal_touch.values.FrozenMap`; scalars are kept.

    Raises:
        InvalidFieldError: *value* holds something that is not JSON-able, a non-finite
            float or a naive datetime, an integer of more than :data:`MAX_INT_DIGITS`
            digits, or nests deeper than :data:`MAX_DEPTH` levels.
    """
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return check_int(value, field)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise InvalidFieldError(field, "numbers must be finite")
        return value
    if isinstance(value, dt.datetime):
        return aware(value, field)
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (list, tuple, Mapping)) and depth >= MAX_DEPTH:
        raise InvalidFieldError(field, f"nests deeper than {MAX_DEPTH} levels")
    if isinstance(value, (list, tuple)):
        return tuple(freeze_value(v, field, depth=depth + 1) for v in value)
    if isinstance(value, Mapping):
        items: dict[str, FactValue] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise InvalidFieldError(field, "mapping keys must be strings")
            items[k] = freeze_value(v, field, depth=depth + 1)
        return FrozenMap(items)
    raise InvalidFieldError(field, f"{type(value).__name__} is not a JSON-able fact value")
