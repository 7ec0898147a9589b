"""
Folding a batch of behaviour into one learned fact's state: scores, counts, signals seen.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._facts import Fact, FactValue, Provenance, Sensitivity
from ._signal import Signal
from ._strength import decay, interest_strength, strength, utc_text

if TYPE_CHECKING:
    from ._rules import LearningRules

__all__ = ["Item", "counter_value", "fold_counter", "fold_interest", "phrase"]

#: One signal in a batch: epoch seconds, its dedupe key, the signal.
Item = tuple[float, str, Signal]

#: The interest value's count key per kind (views, searches, carts, purchases always shown).
COUNT_KEYS = {
    "viewed": "views",
    "searched": "searches",
    "added_to_cart": "carts",
    "purchased": "purchases",
    "returned": "returns",
    "clicked": "clicks",
    "visited": "visits",
    "opened": "opens",
    "replied": "replies",
}
_ALWAYS = ("views", "searches", "carts", "purchases")
_NOUNS = {
    "views": ("view", "views"),
    "searches": ("search", "searches"),
    "carts": ("cart addition", "cart additions"),
    "purchases": ("purchase", "purchases"),
    "returns": ("return", "returns"),
    "clicks": ("click", "clicks"),
    "visits": ("visit", "visits"),
    "opens": ("open", "opens"),
    "replies": ("reply", "replies"),
}


def _seen(value: FactValue) -> dict[str, float]:
    if isinstance(value, Mapping):
        seen = value.get("seen")
        if isinstance(seen, Mapping):
            return {k: float(v) for k, v in seen.items() if isinstance(v, int | float)}
    return {}


def new_items(existing: Fact | None, items: list[Item]) -> tuple[list[Item], list[Item]]:
    """
    *items* split into those not yet counted by *existing* and the duplicates.
    """
    seen = _seen(existing.value) if existing is not None else {}
    fresh = [i for i in items if i[1] not in seen]
    dupes = [i for i in items if i[1] in seen]
    return fresh, dupes


def _kept_seen(old: Mapping[str, float], items: list[Item], horizon: float) -> dict[str, float]:
    seen = {k: t for k, t in old.items() if t >= horizon}
    for t, key, _ in items:
        seen[key] = t
    return dict(sorted(seen.items()))


def fold_interest(
    existing: Fact | None, items: list[Item], rules: LearningRules, horizon: float
) -> dict[str, Any]:
    """
    The interest value after *items* (new, sorted by instant) on top of *existing*.
    """
    old = existing.value if existing is not None else None
    state: Mapping[str, Any] = old if isinstance(old, Mapping) else {}
    scores = {k: float(v) for k, v in dict(state.get("scores") or {}).items()}
    counts = {k: v for k, v in state.items() if k in _NOUNS and isinstance(v, int)}
    ref = _stamp_of(state.get("last_seen"))
    first = _stamp_of(state.get("first_seen"))
    weights = rules.weights
    for t, _, signal in items:
        kind = signal.kind.value
        if ref is None:
            ref = t
        elif t > ref:
            scores = decay(scores, t - ref, rules)
            ref = t
        add = weights[kind] * 0.5 ** ((ref - t) / rules.half_life_seconds(kind))
        scores[kind] = scores.get(kind, 0.0) + add
        noun = COUNT_KEYS[kind]
        counts[noun] = counts.get(noun, 0) + 1
        first = t if first is None or t < first else first
    if ref is None or first is None:  # pragma: no cover - items is never empty
        raise ValueError("no items")
    value: dict[str, Any] = {"strength": strength(sum(scores.values()))}
    value.update({k: counts.get(k, 0) for k in _ALWAYS})
    value.update({k: v for k, v in sorted(counts.items()) if k not in _ALWAYS})
    value["first_seen"] = utc_text(first)
    value["last_seen"] = utc_text(ref)
    value["scores"] = dict(sorted(scores.items()))
    value["seen"] = _kept_seen(_seen(old), items, horizon)
    return value


def fold_counter(existing: Fact | None, items: list[Item], horizon: float) -> dict[str, Any]:
    """
    A ``{"count", "last"}`` value (purchases, returns) after *items* on top of *existing*.
    """
    old = existing.value if existing is not None else None
    state: Mapping[str, Any] = old if isinstance(old, Mapping) else {}
    count = state.get("count")
    last = _stamp_of(state.get("last"))
    latest = max(t for t, _, _ in items)
    last = latest if last is None else max(last, latest)
    return {
        "count": (count if isinstance(count, int) else 0) + len(items),
        "last": utc_text(last),
        "seen": _kept_seen(_seen(old), items, horizon),
    }


def counter_value(value: Mapping[str, Any]) -> int:
    """
    The count of a counter value.
    """
    count = value.get("count")
    return count if isinstance(count, int) else 0


def _stamp_of(text: object) -> float | None:
    if not isinstance(text, str):
        return None
    return dt.datetime.fromisoformat(text).timestamp()


def phrase(items: list[Item]) -> str:
    """
    ``"3 views and 1 purchase in 14 days"``: the counts of *items* by kind and their span.
    """
    counts: dict[str, int] = {}
    for _, _, signal in items:
        noun = COUNT_KEYS.get(signal.kind.value, signal.kind.value)
        counts[noun] = counts.get(noun, 0) + 1
    order = [n for n in _NOUNS if n in counts] + sorted(set(counts) - set(_NOUNS))
    parts = [f"{counts[n]} {_NOUNS.get(n, (n, n))[counts[n] != 1]}" for n in order]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    times = [t for t, _, _ in items]
    days = max(1, math.ceil((max(times) - min(times)) / 86400.0))
    return f"{said} in {days} day{'s' if days != 1 else ''}"


def previous_strength(existing: Fact | None, at: Any, rules: LearningRules) -> float | None:
    """
    The strength of *existing* at *at*, or ``None`` without one.
    """
    return None if existing is None else interest_strength(existing, at=at, rules=rules)


def learned_provenance(sensitivity: Sensitivity) -> Provenance:
    """
    Behaviour in a sensitive proxy category is an inference; otherwise an observation.
    """
    return Provenance.OBSERVED if sensitivity is Sensitivity.ORDINARY else Provenance.INFERRED
