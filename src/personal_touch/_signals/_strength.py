"""
Interest strength: scores that halve with each kind's half-life, read at any instant.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from .._facts import Fact, Provenance
from .._frozen import FrozenMap
from .._time import aware, stamp
from ._rules import LearningRules, default_learning

__all__ = ["decay", "interest_strength", "plain", "strength", "strength_at", "utc_text"]


def plain(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    """
    *mapping* as a :class:`dict` when it is a frozen map (its items iterate in C), else itself.
    """
    return mapping.to_dict() if type(mapping) is FrozenMap else mapping


def strength(score: float) -> float:
    """
    A score's strength, 0 to 1: ``1 - exp(-score)`` (a negative score is 0).
    """
    return 0.0 if score <= 0.0 else 1.0 - math.exp(-score)


def decay(scores: Mapping[str, float], seconds: float, rules: LearningRules) -> dict[str, float]:
    """
    *scores* by kind, *seconds* later: each halved once per its kind's half-life.
    """
    if seconds <= 0.0:
        return dict(scores)
    halves = plain(rules.half_lives)  # as rules.half_life_seconds(kind), without its calls
    return {
        kind: score * 0.5 ** (seconds / (halves.get(kind, 1.0) * 86400.0))
        for kind, score in scores.items()
    }


def utc_text(seconds: float) -> str:
    """
    Epoch *seconds* as an ISO 8601 instant in UTC.
    """
    return dt.datetime.fromtimestamp(seconds, dt.UTC).isoformat()


def _seconds(text: object) -> float | None:
    if isinstance(text, dt.datetime):
        return stamp(text)
    if isinstance(text, str):
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
        return stamp(parsed) if parsed.tzinfo is not None else None
    return None


def interest_strength(fact: Fact, *, at: dt.datetime, rules: LearningRules | None = None) -> float:
    """
    How strong the interest *fact* records is at instant *at*, 0 to 1.

    A learned interest (``interests.*`` written by :func:`~personal_touch.learn`) decays:
    each kind's share of its score halves once per that kind's half-life in *rules*
    (default: :func:`~personal_touch.listening.default_learning`) since the fact was last
    seen.  A stated interest does not decay: what a person told us holds until they say
    otherwise.  Another mapping with a numeric ``"strength"`` gives that number; any other
    value gives 1.0 when stated and 0.0 otherwise.

    Raises:
        NaiveDateTimeError: *at* has no time zone.

    .. versionadded:: 0.4.0
    """
    stated = fact.provenance is Provenance.STATED
    return strength_at(fact.value, stamp(aware(at, "at")), rules, stated=stated)


def strength_at(
    value: object, when: float, rules: LearningRules | None = None, *, stated: bool = False
) -> float:
    """
    :func:`interest_strength` of a fact's *value* at epoch seconds *when*.

    *stated*: whether the fact is STATED.  For callers that read many facts at one instant.
    """
    if type(value) is not FrozenMap and not isinstance(value, Mapping):
        return 1.0 if stated and value is not False else 0.0
    value = plain(value)
    stored = value.get("strength")
    base = (
        float(stored) if isinstance(stored, int | float) and not isinstance(stored, bool) else None
    )
    scores = value.get("scores")
    last = _seconds(value.get("last_seen"))
    if stated or not isinstance(scores, Mapping) or last is None:
        return base if base is not None else (1.0 if stated else 0.0)
    numbers = {k: float(v) for k, v in plain(scores).items() if isinstance(v, int | float)}
    if when <= last:
        return base if base is not None else strength(sum(numbers.values()))
    chosen = default_learning() if rules is None else rules
    return strength(sum(decay(numbers, when - last, chosen).values()))
