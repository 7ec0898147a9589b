"""
Stable digests of fact values and fact sets, and a fact's instants in epoch seconds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._time import stamp
from ..exceptions import InvalidFieldError

if TYPE_CHECKING:
    from ._fact import Fact
    from ._values import FactValue


def _canon(value: object) -> object:
    # A JSON shape that keeps every distinction a render can show: dates and datetimes are
    # tagged (never equal to a string), mappings are sorted by key.
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, tuple):
        return [_canon(v) for v in value]
    if isinstance(value, Mapping):
        return {"$map": [[k, _canon(value[k])] for k in sorted(value)]}
    raise InvalidFieldError("value", f"{type(value).__name__} is not a JSON-able fact value")


_SCALARS = {str: "s", int: "i", bool: "b", float: "f"}


def _value_text(value: FactValue) -> str:
    tag = _SCALARS.get(value.__class__)
    if tag is not None:
        return tag + (value if tag == "s" else repr(value))  # type: ignore[operator]
    return "j" + json.dumps(_canon(value), sort_keys=True, separators=(",", ":"))


def value_digest(value: FactValue) -> str:
    """
    A stable digest of a fact value: BLAKE2b (128 bits) of its canonical JSON.

    Equal values have equal digests whatever the process (no ``hash()``, mappings sorted);
    a date and the string of its ISO form differ, and so do ``1``, ``1.0`` and ``True``.

    .. versionadded:: 0.1.0
    """
    return hashlib.blake2b(_value_text(value).encode(), digest_size=16).hexdigest()


def fact_digest(fact: Fact) -> str:
    """
    :func:`value_digest` of *fact*'s value (computed once per fact, which keeps it).

    .. versionadded:: 0.1.0
    """
    try:
        return fact._digest_kept  # a plain slot read once kept
    except AttributeError:
        return fact._digest


def fact_stamps(f: Fact) -> tuple[Fact, float, float]:
    """
    A fact with its ``recorded_at`` and ``valid_until`` (``inf`` if open) in epoch seconds.
    """
    until = f.valid_until
    return (f, stamp(f.recorded_at), math.inf if until is None else stamp(until))


def _fact_canon(f: Fact) -> str:
    _, rec, until = fact_stamps(f)
    return (
        f"{f.key}\x1f{rec!r}\x1f{until!r}\x1f{f.provenance._value_}\x1f{f.sensitivity._value_}"
        f"\x1f{f.source!r}\x1f{f.confidence!r}\x1f{_value_text(f.value)}"
    )


def facts_digest(facts: tuple[Fact, ...]) -> str:
    """
    A digest of a whole fact set, independent of its order.

    Covers every field of every fact, the value through :func:`value_digest`.  A contact
    keeps the digest of its own facts (``Contact._facts_digest``).

    .. versionadded:: 0.1.0
    """
    text = "\x1e".join(sorted(_fact_canon(f) for f in facts))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
