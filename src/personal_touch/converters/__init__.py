"""
Turn personal_touch values into JSON-ready data and back, in the cattrs "preconf" shape.

This package owns every structure and unstructure hook of the library; its private modules hold
them by value family (time, values, collections, attrs classes, moments) and turn cattrs'
errors into typed ones that never repeat the input.

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
import gc
import json
import os
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

from ..exceptions import InvalidInputError
from ._converter import Converter, configure_converter, make_converter
from ._converter import default as _default
from ._errors import describe, format_exception
from ._errors import unchained as _unchained
from ._json import parse_json
from ._lenient import structure_contact_leniently
from ._time import format_datetime, parse_datetime
from ._values import structure_fact_value, unstructure_fact_value

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
    "structure_contact_leniently",
    "structure_fact_value",
    "structure_many",
    "unstructure",
    "unstructure_fact_value",
    "unstructure_many",
]

T = TypeVar("T")


def structure(data: Any, cls: type[T]) -> T:
    """
    Structure JSON-ready *data* as *cls* with the default converter.

    >>> import personal_touch as pt
    >>> structure("US-FL", pt.Jurisdiction)
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
