"""
Hooks for the values: scalars, enums, jurisdictions and fact values (tagged dates, ``$map``).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import types
import typing
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._contacts import Jurisdiction
from .._facts import MAX_DEPTH, FactValue, check_int
from .._frozen import FrozenMap
from .._stages import Stage
from .._validators import choices, snake
from ..exceptions import InvalidFieldError
from ._time import format_datetime, parse_datetime, structure_date

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "configure_values",
    "is_fact_value",
    "structure_fact_value",
    "unstructure_fact_value",
]

# -- scalars -----------------------------------------------------------------------------


def _structure_str(value: Any, _: Any) -> str:
    if isinstance(value, str):
        return value
    raise InvalidFieldError("string", "expected a string")


def _structure_bool(value: Any, _: Any) -> bool:
    if value is True or value is False:
        return value
    raise InvalidFieldError("boolean", "expected true or false")


def _structure_int(value: Any, _: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidFieldError("integer", "expected an integer")


def _structure_float(value: Any, _: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise InvalidFieldError("number", "expected a number")


def _structure_jurisdiction(value: Any, _: Any) -> Jurisdiction:
    if not isinstance(value, str):
        raise InvalidFieldError("jurisdiction", "expected a string like 'US-FL'")
    return Jurisdiction.parse(value)


def _unstructure_jurisdiction(value: Jurisdiction) -> str:
    return str(value)


def _structure_stage(value: Any, _: Any) -> Stage:
    return Stage.parse(value)


def _structure_enum(value: Any, cl: type[enum.Enum]) -> enum.Enum:
    if cl is Stage:
        return Stage.parse(value)
    try:
        member = cl._value2member_map_.get(value)
    except TypeError:  # unhashable
        member = None
    if member is None:  # raised outside the handler, so no chained error repeats the value
        raise InvalidFieldError(snake(cl.__name__), f"expected one of: {choices(cl)}")
    return member


def _unstructure_enum(value: enum.Enum) -> Any:
    return value.value


# -- fact values -------------------------------------------------------------------------

_TAG_DATE = "$date"
_TAG_DATETIME = "$datetime"
_TAG_MAP = "$map"
_FACT_VALUE = "a JSON value (text, number, boolean, null, array, object, $date, $datetime)"


def is_fact_value(t: Any) -> bool:
    if t == FactValue:
        return True
    args = typing.get_args(t)
    return (
        typing.get_origin(t) in (typing.Union, types.UnionType)
        and dt.date in args
        and dt.datetime in args
        and str in args
    )


def structure_fact_value(value: Any, _: Any = None, *, depth: int = 0) -> FactValue:
    """
    Read a fact value from its JSON form (tagged dates and datetimes, ``$map`` escapes).

    Arrays and objects nest at most 64 levels deep and integers have at most 4,000 digits;
    anything beyond is refused with a typed error rather than exhausting the stack.

    .. versionadded:: 0.1.0
    """
    t = type(value)
    if (t is list or t is tuple or t is dict) and depth >= MAX_DEPTH:
        raise InvalidFieldError("value", f"nests deeper than {MAX_DEPTH} levels")
    if t is str or t is bool or value is None:
        return value  # type: ignore[no-any-return]
    if t is int:
        return check_int(value, "value")
    if t is float:
        if math.isfinite(value):
            return value  # type: ignore[no-any-return]
        raise InvalidFieldError("value", "numbers must be finite")
    if t is list or t is tuple:
        return tuple([structure_fact_value(v, depth=depth + 1) for v in value])
    if t is dict:
        if len(value) == 1:
            ((key, inner),) = value.items()
            if isinstance(key, str) and key[:1] == "$":
                return _structure_tagged(key, inner, depth)
        elif any(isinstance(k, str) and k[:1] == "$" for k in value):
            raise InvalidFieldError(
                "value", "keys starting with '$' are reserved for $date, $datetime and $map"
            )
        return _structure_mapping(value, depth)
    raise InvalidFieldError("value", f"expected {_FACT_VALUE}")


def _structure_mapping(value: Mapping[Any, Any], depth: int) -> FrozenMap[FactValue]:
    items: dict[str, FactValue] = {}
    for k, v in value.items():
        if not isinstance(k, str):
            raise InvalidFieldError("value", "mapping keys must be strings")
        items[k] = structure_fact_value(v, depth=depth + 1)
    return FrozenMap(items)


def _structure_tagged(tag: str, inner: Any, depth: int) -> FactValue:
    if tag == _TAG_DATE:
        return structure_date(inner, None)
    if tag == _TAG_DATETIME:
        return parse_datetime(inner)
    if tag == _TAG_MAP and type(inner) is dict:
        return _structure_mapping(inner, depth)
    raise InvalidFieldError("value", "unknown tag: use $date, $datetime or $map")


def unstructure_fact_value(value: FactValue) -> Any:
    """
    The JSON form of a fact value.

    .. versionadded:: 0.1.0
    """
    t = type(value)
    if t is str or t is int or t is float or t is bool or value is None:
        return value
    if isinstance(value, dt.datetime):
        return {_TAG_DATETIME: format_datetime(value)}
    if isinstance(value, dt.date):
        return {_TAG_DATE: value.isoformat()}
    if isinstance(value, tuple):
        return [unstructure_fact_value(v) for v in value]
    if isinstance(value, Mapping):
        out = {k: unstructure_fact_value(v) for k, v in value.items()}
        if any(k[:1] == "$" for k in out):
            return {_TAG_MAP: out}
        return out
    return value  # str, int or float subclasses (e.g. a StrEnum member) are JSON already


def configure_values(converter: cattrs.Converter) -> None:
    """
    Register the hooks for scalars, enums, jurisdictions and fact values on *converter*.
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    # Class hooks dispatch by MRO: StrEnum must be registered or str's hook would win.
    for base in (enum.Enum, enum.StrEnum, enum.IntEnum):
        converter.register_structure_hook(base, _structure_enum)
        converter.register_unstructure_hook(base, _unstructure_enum)
    converter.register_structure_hook(Jurisdiction, _structure_jurisdiction)
    converter.register_unstructure_hook(Jurisdiction, _unstructure_jurisdiction)
    converter.register_structure_hook_func(is_fact_value, structure_fact_value)
    converter.register_unstructure_hook_func(is_fact_value, unstructure_fact_value)
