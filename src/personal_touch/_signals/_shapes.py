"""
The shapes of learned facts: which facts learning owns, and the values it writes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from .._facts import Fact, Provenance, validate_key
from .._time import stamp
from ..exceptions import InvalidFieldError
from ._strength import utc_text

__all__ = ["answer_key", "is_ours", "stated_value", "with_confidence"]

_LEARNED = (Provenance.OBSERVED, Provenance.INFERRED)


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
    if not isinstance(value, Mapping):
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
