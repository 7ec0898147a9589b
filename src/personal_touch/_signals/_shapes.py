"""
The shapes of learned facts: which facts learning owns, and the values it writes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import attrs
import pendulum

from .._facts import Fact, Provenance, Sensitivity, validate_key
from .._frozen import FrozenMap
from .._time import stamp
from ..exceptions import InvalidFieldError
from ._strength import utc_text

__all__ = ["answer_key", "is_ours", "learned_fact", "stated_value", "with_confidence"]

_LEARNED = (Provenance.OBSERVED, Provenance.INFERRED)
_new = object.__new__
_set = object.__setattr__
#: Integers a learned value holds without the constructor's digit check (counts).
_SMALL = 2**62


def _frozen(value: dict[str, Any]) -> FrozenMap[Any] | None:
    """*value* frozen if made only of what learning writes (text, ints, finite floats)."""
    out: dict[str, Any] = {}
    for k, v in value.items():
        kind = type(v)
        if (
            kind is str
            or (kind is int and -_SMALL < v < _SMALL)
            or (kind is float and math.isfinite(v))
        ):
            out[k] = v
        elif kind is dict:
            inner = _frozen(v)
            if inner is None:
                return None
            out[k] = inner
        else:
            return None
    return FrozenMap(out)


def learned_fact(
    key: str,
    value: dict[str, Any],
    *,
    provenance: Provenance,
    recorded_at: pendulum.DateTime,
    sensitivity: Sensitivity,
    source: str,
) -> Fact:
    """
    ``Fact(key=..., value=...)`` for a value learning built, without re-freezing it.

    *value* holds text, integers, finite floats and nested dicts of those (checked; anything
    else goes through the :class:`Fact` constructor), *recorded_at* is a signal's or a
    fact's instant and *source* is text: the same fact the constructor would make, at a
    fraction of the cost for a value whose ``seen`` texts grow with every call.
    """
    frozen = _frozen(value) if type(recorded_at) is pendulum.DateTime else None
    if frozen is None:
        return Fact(
            key=key,
            value=value,
            provenance=provenance,
            recorded_at=recorded_at,
            sensitivity=sensitivity,
            source=source,
        )
    fact: Fact = _new(Fact)
    _set(fact, "key", validate_key(key))
    _set(fact, "value", frozen)
    _set(fact, "provenance", provenance)
    _set(fact, "recorded_at", recorded_at)
    _set(fact, "sensitivity", sensitivity)
    _set(fact, "valid_until", None)
    _set(fact, "source", source)
    _set(fact, "confidence", None)
    return fact


def answer_key(subject: str | None) -> str | None:
    """The fact key an answer is recorded under: its subject, if that is a valid key."""
    if subject is None:
        return None
    try:
        return validate_key(subject, "subject")
    except InvalidFieldError:
        return None


def is_ours(fact: Fact) -> bool:
    """Whether *fact* was learned from signals: observed or inferred, and of our shape.

    A fact the application recorded itself with the same key (an observed interest
    ``"ramen"``) is never updated or removed by learning.
    """
    if fact.provenance not in _LEARNED:
        return False
    value = fact.value
    if type(value) is not FrozenMap and not isinstance(value, Mapping):
        return False
    if fact.key.startswith("travel.trips."):
        return "departs" in value
    return "seen" in value


def with_confidence(fact: Fact, strength: float) -> Fact:
    """An inferred fact says how sure the inference is: its strength when learned."""
    return attrs.evolve(fact, confidence=min(1.0, max(0.0, strength)))


def stated_value(signal: Any) -> dict[str, Any]:
    """A stated interest: strength 1 (or the stated number, or 0 for a stated dislike)."""
    told = signal.value
    if told is False:
        level = 0.0
    elif isinstance(told, int | float) and not isinstance(told, bool) and 0 <= told <= 1:
        level = float(told)
    else:
        level = 1.0
    when = utc_text(stamp(signal.at))
    return {"strength": level, "first_seen": when, "last_seen": when}
