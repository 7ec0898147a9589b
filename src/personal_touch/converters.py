"""
Turn personal_touch values into JSON-ready data and back, in the cattrs "preconf" shape.

:func:`configure_converter` registers the hooks on any :class:`cattrs.Converter`;
:func:`make_converter` returns a configured converter that refuses unknown keys, structures
on a fast path and, only when the input is bad, runs again with detailed validation to raise
:class:`~personal_touch.exceptions.InvalidInputError` listing every problem as
``"<what is wrong> @ $.path"``.  The module functions :func:`structure`, :func:`unstructure`,
:func:`loads`, :func:`dumps`, :func:`structure_many` and :func:`unstructure_many` use a cached
default converter.

The JSON form (see ``docs/reference/json.md``):

* datetimes are ISO 8601 strings with a UTC offset (``"2026-12-01T09:30:00+01:00"``); a
  datetime in a named IANA zone other than UTC carries the zone as an RFC 9557 suffix
  (``"2026-10-25T02:30:00+01:00[Europe/Berlin]"``) so that local-time arithmetic and
  ambiguous wall times survive the round trip;
* dates are ``"2026-12-01"``, times of day ``"21:00"``;
* enums are their values, :class:`~personal_touch.Stage` also accepts CRM aliases;
* jurisdictions are ``"US-FL"``; locales and time zones are strings;
* tuples and frozensets are JSON arrays (frozensets sorted, so output is stable);
* fields at their default value are omitted;
* inside :attr:`Fact.value <personal_touch.Fact.value>`, dates and datetimes are tagged
  objects ``{"$date": "2026-12-01"}`` and ``{"$datetime": "2026-12-01T09:30:00+01:00"}``; a
  mapping that has keys starting with ``$`` is wrapped as ``{"$map": {...}}``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import gc
import json
import math
import os
import re
import types
import typing
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.fns import identity
from cattrs.gen import make_dict_structure_fn

from ._contacts import Jurisdiction
from ._facts import MAX_DEPTH, FactValue, check_int
from ._frozen import FrozenMap
from ._stages import Stage
from ._time import timezone as _named_zone
from ._validators import choices, snake
from .exceptions import (
    InvalidFieldError,
    InvalidInputError,
    NaiveDateTimeError,
    PersonalTouchError,
)

__all__ = [
    "Converter",
    "configure_converter",
    "describe",
    "dumps",
    "format_datetime",
    "format_exception",
    "load",
    "loads",
    "make_converter",
    "parse_datetime",
    "parse_json",
    "structure",
    "structure_fact_value",
    "structure_many",
    "unstructure",
    "unstructure_fact_value",
    "unstructure_many",
]

T = TypeVar("T")
_Hook = Callable[[Any, Any], Any]

# -- datetimes ---------------------------------------------------------------------------

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


def _structure_date(value: Any, _: Any) -> dt.date:
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


def _is_fact_value(t: Any) -> bool:
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
        return _structure_date(inner, None)
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


# -- collections -------------------------------------------------------------------------


def _is_sequence_of(t: Any, origin: type) -> bool:
    if typing.get_origin(t) is not origin:
        return False
    args = typing.get_args(t)
    if origin is tuple:
        return len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004
    return len(args) == 1


def _is_tuple(t: Any) -> bool:
    return _is_sequence_of(t, tuple)


def _is_frozenset(t: Any) -> bool:
    return _is_sequence_of(t, frozenset)


def _is_list(t: Any) -> bool:
    return _is_sequence_of(t, list)


def _is_frozen_map(t: Any) -> bool:
    return typing.get_origin(t) is FrozenMap


def _sequence_structure_factory(t: Any, converter: cattrs.Converter) -> _Hook:
    build: Callable[[list[Any]], Any] = typing.get_origin(t)
    elem = typing.get_args(t)[0]
    handle = converter.get_structure_hook(elem)
    label = snake(getattr(build, "__name__", "list"))

    if converter.detailed_validation:

        def structure_detailed(value: Any, _: Any) -> Any:
            if type(value) is not list and type(value) is not tuple:
                raise InvalidFieldError(label, "expected an array")
            out: list[Any] = []
            errors: list[Exception] = []
            for i, v in enumerate(value):
                try:
                    out.append(handle(v, elem))
                except Exception as exc:
                    exc.__notes__ = [
                        *getattr(exc, "__notes__", []),
                        IterableValidationNote(f"Structuring {t} @ index {i}", i, elem),
                    ]
                    errors.append(exc)
            if errors:
                raise IterableValidationError(f"While structuring {t}", errors, t)
            return build(out)

        return structure_detailed

    def structure_fast(value: Any, _: Any) -> Any:
        if type(value) is not list and type(value) is not tuple:
            raise InvalidFieldError(label, "expected an array")
        return build([handle(v, elem) for v in value])

    return structure_fast


def _sequence_unstructure_factory(t: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    handle = converter.get_unstructure_hook(typing.get_args(t)[0])
    if handle is identity:
        return list
    return lambda value: [handle(v) for v in value]


def _set_unstructure_factory(t: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    handle = converter.get_unstructure_hook(typing.get_args(t)[0])

    def unstructure_set(value: Any) -> list[Any]:
        out = [handle(v) for v in value]
        with contextlib.suppress(TypeError):  # the model's sets hold strings and enums
            out.sort()
        return out

    return unstructure_set


def _frozen_map_structure_factory(t: Any, converter: cattrs.Converter) -> _Hook:
    args = typing.get_args(t)
    elem = args[0] if args else Any
    handle = converter.get_structure_hook(elem)

    def structure_frozen_map(value: Any, _: Any) -> FrozenMap[Any]:
        if type(value) is not dict and not isinstance(value, Mapping):
            raise InvalidFieldError("mapping", "expected an object")
        items: dict[str, Any] = {}
        for k, v in value.items():
            if not isinstance(k, str):
                raise InvalidFieldError("mapping", "keys must be strings")
            items[k] = handle(v, elem)
        return FrozenMap(items)

    return structure_frozen_map


def _frozen_map_unstructure_factory(t: Any, converter: cattrs.Converter) -> Callable[[Any], Any]:
    args = typing.get_args(t)
    handle = converter.get_unstructure_hook(args[0] if args else Any)
    if handle is identity:
        return dict
    return lambda value: {k: handle(v) for k, v in value.items()}


# -- attrs classes -----------------------------------------------------------------------


def _is_ours(cl: Any) -> bool:
    return (
        isinstance(cl, type)
        and attrs.has(cl)
        and cl.__module__.startswith("personal_touch.")
        and typing.get_origin(cl) is None
    )


def _attrs_structure_factory(cl: type[Any], converter: cattrs.Converter) -> _Hook:
    if not converter.detailed_validation:
        return make_dict_structure_fn(cl, converter)
    attrs.resolve_types(cl)
    overrides = {}
    for a in attrs.fields(cl):
        if a.init and (a.converter is not None or a.validator is not None):
            base = converter.get_structure_hook(a.type)
            overrides[a.name] = cattrs.gen.override(struct_hook=_checked(base, a))
    generated = make_dict_structure_fn(cl, converter, **overrides)  # type: ignore[arg-type]

    def structure_object(value: Any, t: Any) -> Any:
        if not isinstance(value, Mapping):
            raise InvalidFieldError(snake(cl.__name__), "expected an object")
        return generated(value, t)

    return structure_object


def _checked(base: _Hook, attribute: attrs.Attribute[Any]) -> _Hook:
    """
    Run a field's attrs converter and validator on its value alone.

    So detailed validation reports every bad field, not just the first ``__init__`` meets.
    """
    convert = attribute.converter
    validate = attribute.validator

    def structure_field(value: Any, t: Any) -> Any:
        result = base(value, t)
        checked = result
        if callable(convert):
            checked = convert(result)
        if validate is not None:
            try:
                validate(None, attribute, checked)
            except PersonalTouchError:
                raise
            except Exception:
                pass
        return result

    return structure_field


def _attrs_unstructure_factory(cl: type[Any], converter: cattrs.Converter) -> Callable[[Any], Any]:
    """
    Generate an unstructure function that omits fields at their default value.

    Like cattrs' ``omit_if_default`` but with defaults computed once (cattrs calls a
    factory per object) and the cheapest test per default: ``is not None``, truthiness for
    empty collections, identity for enum members.
    """
    attrs.resolve_types(cl)
    globs: dict[str, Any] = {}
    lines = [f"def unstructure_{cl.__name__}(o):", "  res = {"]
    optional: list[str] = []
    for a in attrs.fields(cl):
        if not a.init:
            continue
        handle = converter.get_unstructure_hook(a.type)
        hn = f"h_{a.name}"
        call = f"o.{a.name}" if handle is identity else f"{hn}(o.{a.name})"
        globs[hn] = handle
        if a.default is attrs.NOTHING:
            lines.append(f"    {a.name!r}: {call},")
            continue
        default = a.default.factory() if isinstance(a.default, attrs.Factory) else a.default  # type: ignore[arg-type]
        dn = f"d_{a.name}"
        globs[dn] = default
        if default is None or isinstance(default, (bool, enum.Enum)):
            test = f"o.{a.name} is not {dn}"
        elif isinstance(default, (tuple, frozenset)) and not default:
            test = f"o.{a.name}"
        else:
            test = f"o.{a.name} != {dn}"
        optional += [f"  if {test}:", f"    res[{a.name!r}] = {call}"]
    lines += ["  }", *optional, "  return res"]
    exec(compile("\n".join(lines), f"<personal_touch unstructure {cl.__name__}>", "exec"), globs)
    fn: Callable[[Any], Any] = globs[f"unstructure_{cl.__name__}"]
    return fn


# -- configuration -----------------------------------------------------------------------


def configure_converter(converter: cattrs.Converter) -> None:
    """
    Register personal_touch's JSON hooks on *converter* (the cattrs "preconf" shape).

    Works with either value of ``detailed_validation``; pass ``forbid_extra_keys=True`` to the
    converter to refuse unknown keys, as :func:`make_converter` does.

    .. versionadded:: 0.1.0
    """
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook(bool, _structure_bool)
    converter.register_structure_hook(int, _structure_int)
    converter.register_structure_hook(float, _structure_float)
    # Class hooks dispatch by MRO: StrEnum must be registered or str's hook would win.
    for base in (enum.Enum, enum.StrEnum, enum.IntEnum):
        converter.register_structure_hook(base, _structure_enum)
    converter.register_structure_hook(pendulum.DateTime, _structure_datetime)
    converter.register_structure_hook(dt.datetime, _structure_datetime)
    converter.register_unstructure_hook(pendulum.DateTime, _unstructure_datetime)
    converter.register_unstructure_hook(dt.datetime, _unstructure_datetime)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_unstructure_hook(dt.date, _unstructure_date)
    converter.register_structure_hook(dt.time, _structure_time)
    converter.register_unstructure_hook(dt.time, _unstructure_time)
    converter.register_structure_hook(Jurisdiction, _structure_jurisdiction)
    converter.register_unstructure_hook(Jurisdiction, _unstructure_jurisdiction)
    for base in (enum.Enum, enum.StrEnum, enum.IntEnum):
        converter.register_unstructure_hook(base, _unstructure_enum)
    converter.register_structure_hook_func(_is_fact_value, structure_fact_value)
    converter.register_unstructure_hook_func(_is_fact_value, unstructure_fact_value)
    for predicate in (_is_tuple, _is_frozenset, _is_list):
        converter.register_structure_hook_factory(predicate, _sequence_structure_factory)
    converter.register_unstructure_hook_factory(_is_tuple, _sequence_unstructure_factory)
    converter.register_unstructure_hook_factory(_is_list, _sequence_unstructure_factory)
    converter.register_unstructure_hook_factory(_is_frozenset, _set_unstructure_factory)
    converter.register_structure_hook_factory(_is_frozen_map, _frozen_map_structure_factory)
    converter.register_unstructure_hook_factory(_is_frozen_map, _frozen_map_unstructure_factory)
    converter.register_structure_hook_factory(_is_ours, _attrs_structure_factory)
    converter.register_unstructure_hook_factory(_is_ours, _attrs_unstructure_factory)
    # Tagged unions defined elsewhere wrap the attrs hooks registered above.
    from ._moments._serialize import configure_moments

    configure_moments(converter)


class Converter(cattrs.Converter):
    """
    The converter :func:`make_converter` returns.

    Structures without detailed validation (fast); when that fails, structures again with a
    detailed twin and raises :class:`~personal_touch.exceptions.InvalidInputError` listing
    every problem.  The error is not chained: cattrs' own errors repeat unknown keys and
    builtin errors repeat input values, and ``logging.exception`` would print them.

    .. versionadded:: 0.1.0
    """

    def __init__(self) -> None:
        super().__init__(detailed_validation=False, forbid_extra_keys=True)
        configure_converter(self)
        self._detailed: cattrs.Converter | None = None

    @property
    def detailed(self) -> cattrs.Converter:
        """
        The twin converter with detailed validation, built on first use.
        """
        if self._detailed is None:
            twin = cattrs.Converter(detailed_validation=True, forbid_extra_keys=True)
            configure_converter(twin)
            self._detailed = twin
        return self._detailed

    def structure(self, obj: Any, cl: Any) -> Any:
        """
        Structure *obj* as *cl*.

        Raises:
            InvalidInputError: *obj* is not a valid *cl*; lists every problem with its path.
        """
        try:
            return self.get_structure_hook(cl)(obj, cl)
        except Exception as exc:
            fast_error = exc
        raise self.explain(obj, cl, fast_error)

    def explain(self, obj: Any, cl: Any, fast_error: BaseException | None = None) -> Exception:
        """
        Structure *obj* as *cl* in detail; return the error describing every problem.

        The result is an :class:`~personal_touch.exceptions.InvalidInputError`.

        The returned error has no ``__cause__`` and suppresses its context: the path list is
        the whole report, and nothing chained to it can carry input values or unknown keys.
        """
        try:
            self.detailed.structure(obj, cl)
        except Exception as exc:
            problems = describe(exc)
        else:
            # The fast path failed but the detailed one did not: report the fast error.
            problems = (
                [f"{format_exception(fast_error, None)} @ $"]
                if fast_error
                else ["invalid input @ $"]
            )
        return _unchained(InvalidInputError(problems))


def make_converter() -> Converter:
    """
    A new converter for every personal_touch type, refusing unknown keys.

    >>> conv = make_converter()
    >>> conv.unstructure(Jurisdiction.parse("us-fl"))
    'US-FL'

    .. versionadded:: 0.1.0
    """
    return Converter()


# -- errors ------------------------------------------------------------------------------


def _type_name(t: Any) -> str:
    if t is None:
        return "value"
    if isinstance(t, type):
        return t.__name__
    if _is_fact_value(t):
        return "FactValue"
    return re.sub(r"\b(?:[a-z_]+\.)+", "", str(t)).replace("typing.", "")


def format_exception(exc: BaseException, type_: Any) -> str:
    """
    Describe one structuring error without echoing the input.

    Usable as the ``format_exception`` of :func:`cattrs.transform_error`.

    Our own typed errors contribute their message, which never holds personal data; every
    other error is described by the expected type alone.

    .. versionadded:: 0.1.0
    """
    if isinstance(exc, PersonalTouchError):
        return str(exc)
    if isinstance(exc, ForbiddenExtraKeysError):
        return _unknown_keys(len(exc.extra_fields))
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    if isinstance(exc, KeyError):
        return "required field missing"
    if isinstance(exc, (TypeError, AttributeError)):
        return f"wrong type, expected {_type_name(type_)}"
    if isinstance(exc, ValueError):
        return f"invalid value, expected {_type_name(type_)}"
    return f"cannot be read as {_type_name(type_)} ({type(exc).__name__})"


def _unknown_keys(count: int) -> str:
    # Never the keys themselves: a key can be personal data (an e-mail address as a key).
    return "unknown key" if count == 1 else f"{count} unknown keys"


def _unchained(error: InvalidInputError) -> InvalidInputError:
    error.__cause__ = None
    error.__context__ = None
    error.__suppress_context__ = True
    return error


def describe(exc: BaseException, path: str = "$") -> list[str]:
    """
    Every problem in a (detailed) cattrs structuring error as ``"<what is wrong> @ $.path"``.

    .. versionadded:: 0.1.0
    """
    return list(_walk(exc, path, None, None))


def _walk(exc: BaseException, path: str, owner: type | None, attr: str | None) -> Iterator[str]:
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _walk(sub, f"{path}.{note.name}", exc.cl, note.name)
        for sub in without:
            yield from _class_level(sub, path, exc.cl)
    elif isinstance(exc, IterableValidationError):
        with_notes_i, without_i = exc.group_exceptions()
        for sub, inote in with_notes_i:
            yield from _walk(sub, f"{path}[{inote.index!r}]", None, None)
        for sub in without_i:
            yield f"{format_exception(sub, None)} @ {path}"
    elif isinstance(exc, InvalidFieldError) and owner is not None and attr is not None:
        yield f"{snake(owner.__name__)}.{attr}: {exc.problem} @ {path}"
    else:
        yield f"{format_exception(exc, None)} @ {path}"


def _class_level(exc: BaseException, path: str, cl: type) -> Iterator[str]:
    if isinstance(exc, ForbiddenExtraKeysError):
        yield f"{snake(cl.__name__)}: {_unknown_keys(len(exc.extra_fields))} @ {path}"
        return
    if isinstance(exc, InvalidFieldError):
        names = {a.name for a in attrs.fields(cl)} if attrs.has(cl) else set()
        if exc.field in names:
            yield from _walk(exc, f"{path}.{exc.field}", cl, exc.field)
            return
        yield f"{snake(cl.__name__)}: {exc.field}: {exc.problem} @ {path}"
        return
    yield from _walk(exc, path, None, None)


# -- module functions --------------------------------------------------------------------


@functools.cache
def _default() -> Converter:
    return make_converter()


def structure(data: Any, cls: type[T]) -> T:
    """
    Structure JSON-ready *data* as *cls* with the default converter.

    >>> structure("US-FL", Jurisdiction)
    Jurisdiction('US-FL')

    Raises:
        InvalidInputError: *data* is not a valid *cls*; lists every problem with its path.

    .. versionadded:: 0.1.0
    """
    return _default().structure(data, cls)  # type: ignore[no-any-return]


def unstructure(obj: Any, cls: Any = None) -> Any:
    """
    The JSON-ready form of *obj* (as *cls* if given) with the default converter.

    .. versionadded:: 0.1.0
    """
    return _default().unstructure(obj, unstructure_as=cls)


def parse_json(text: str | bytes, *, what: str = "input") -> Any:
    """
    Parse JSON *text* (UTF-8 if bytes), refusing bad encodings, bad syntax and deep nesting.

    *what* names the input in the error (a file name, say).

    Raises:
        InvalidInputError: *text* is not UTF-8 or not JSON; the problem names the line and
            column, never the text.

    .. versionadded:: 0.1.0
    """
    problem = _json_problem(text)
    if isinstance(problem, str):
        raise _unchained(InvalidInputError([problem], what=what))
    return problem[0]


def _json_problem(text: str | bytes) -> str | tuple[Any]:
    # Errors are described here and raised by the caller outside any handler, so no
    # chained UnicodeDecodeError or JSONDecodeError (whose .object and .doc hold the whole
    # input) reaches a log.
    if isinstance(text, (bytes, bytearray)):
        raw = bytes(text)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            return f"not UTF-8 text @ line {line}"
        text = text.removeprefix("\ufeff")
    if not isinstance(text, str):
        return "expected JSON text @ $"
    try:
        return (json.loads(text),)
    except json.JSONDecodeError as exc:
        return f"not valid JSON: {exc.msg} @ line {exc.lineno} column {exc.colno}"
    except RecursionError:
        return "not valid JSON: nested too deeply @ $"
    except ValueError:
        return "not valid JSON @ $"


def loads(text: str | bytes, cls: type[T]) -> T:
    """
    Parse JSON *text* (UTF-8 if bytes) and structure it as *cls*.

    Raises:
        InvalidInputError: *text* is not UTF-8, not JSON, or not a valid *cls*.

    .. versionadded:: 0.1.0
    """
    return structure(parse_json(text), cls)


def load(path: str | os.PathLike[str], cls: type[T]) -> T:
    """
    Read the UTF-8 JSON file at *path* and structure it as *cls*.

    Raises:
        InvalidInputError: The file cannot be read, is not UTF-8 or not JSON (the problem
            names the line), or is not a valid *cls*; the message names the file.

    .. versionadded:: 0.1.0
    """
    what = f"file {os.fspath(path)!r}"
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
    else:
        try:
            return structure(parse_json(raw, what=what), cls)
        except InvalidInputError as exc:
            errors = exc.errors
        raise _unchained(InvalidInputError(errors, what=what))
    raise _unchained(InvalidInputError([f"cannot read the file: {reason} @ $"], what=what))


def dumps(obj: Any, **json_kwargs: Any) -> str:
    """
    The JSON text of *obj*; *json_kwargs* go to :func:`json.dumps`.

    .. versionadded:: 0.1.0
    """
    return json.dumps(unstructure(obj), **json_kwargs)


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def structure_many(items: Iterable[Any], cls: type[T]) -> list[T]:
    """
    Structure many JSON-ready items as *cls*, pausing the cyclic garbage collector meanwhile.

    Bulk structuring creates many objects and no cycles; the collector would only slow it.

    Raises:
        InvalidInputError: Some items are invalid; every problem is listed as ``$[i].path``.

    .. versionadded:: 0.1.0
    """
    conv = _default()
    data = items if isinstance(items, list) else list(items)
    hook = conv.get_structure_hook(cls)
    try:
        with _gc_paused():
            return [hook(item, cls) for item in data]
    except Exception as exc:
        fast_error = exc
    raise conv.explain(data, list[cls], fast_error)  # type: ignore[valid-type]


def unstructure_many(objs: Iterable[Any], cls: Any = None) -> list[Any]:
    """
    The JSON-ready forms of many values, pausing the cyclic garbage collector meanwhile.

    .. versionadded:: 0.1.0
    """
    conv = _default()
    with _gc_paused():
        if cls is not None:
            hook = conv.get_unstructure_hook(cls)
            return [hook(o) for o in objs]
        return [conv.unstructure(o) for o in objs]
