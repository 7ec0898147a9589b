r"""
Folding a batch of behaviour into one learned fact's state: scores, counts, signals seen.

A learned fact remembers the signals it counted (their dedupe keys) in ``"seen"``: one
text per week (``{"2921": "id:a\\x1fid:b"}``, weeks since the epoch), so that updating a
fact costs a few strings per week, not an entry per signal, and weeks older than the
rules' window are dropped.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections.abc import Mapping
from typing import Any

from .._facts import Fact, FactValue, Provenance, Sensitivity
from .._frozen import FrozenMap
from ._signal import Signal, SignalKind
from ._strength import plain, strength, utc_text

__all__ = [
    "SEPARATOR",
    "Item",
    "Tables",
    "counter_noun",
    "fold_counter",
    "fold_interest",
    "learned_provenance",
    "new_items",
    "phrase",
]

#: One signal in a batch: epoch seconds, its dedupe key, the signal.
Item = tuple[float, str, Signal]
#: Per kind (its value): the weight and the half-life in seconds.
Tables = tuple[dict[str, float], dict[str, float]]

#: Separates dedupe keys in a week's text.
SEPARATOR = "\x1f"
_WEEK = 7 * 86400.0
_KIND = {k: k.value for k in SignalKind}

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


def _weeks(value: FactValue) -> Mapping[str, Any]:
    if type(value) is FrozenMap or isinstance(value, Mapping):
        seen = plain(value).get("seen")
        if type(seen) is FrozenMap or isinstance(seen, Mapping):
            return seen
    return {}


def new_items(existing: Fact | None, items: list[Item]) -> tuple[list[Item], list[Item]]:
    """
    *items* split into those not yet counted by *existing* and the duplicates.
    """
    weeks = _weeks(existing.value) if existing is not None else {}
    if not weeks:
        return items, []
    # Keys never hold the separator, so a key is among a week's split keys exactly when
    # it sits between separators in the joined text (no set of every key seen is built).
    texts = [t for t in plain(weeks).values() if isinstance(t, str)]
    joined = SEPARATOR + SEPARATOR.join(texts) + SEPARATOR
    fresh: list[Item] = []
    dupes: list[Item] = []
    for item in items:
        (dupes if SEPARATOR + item[1] + SEPARATOR in joined else fresh).append(item)
    return fresh, dupes


def _kept_weeks(old: Mapping[str, Any], items: list[Item], horizon: float) -> dict[str, str]:
    first = int(horizon // _WEEK)
    weeks = {
        k: v
        for k, v in plain(old).items()
        if isinstance(v, str) and k.isdigit() and int(k) >= first
    }
    times = [i[0] for i in items]
    keys = [i[1] for i in items]
    start, n = 0, len(items)
    while start < n:
        week = int(times[start] // _WEEK)
        stop = bisect.bisect_left(times, (week + 1) * _WEEK, start)
        text = SEPARATOR.join(keys[start:stop])
        name = str(week)
        weeks[name] = weeks[name] + SEPARATOR + text if name in weeks else text
        start = stop
    return {k: weeks[k] for k in sorted(weeks, key=int)}


def _scores(
    state: Mapping[str, Any], items: list[Item], tables: Tables
) -> tuple[dict[str, float], float, dict[str, int]]:
    """Scores by kind as of the latest instant, that instant, and the new signals by kind."""
    weights, halves = tables
    old = _old_scores(state, halves)
    last = _stamp_of(state.get("last_seen"))
    ref = items[-1][0] if last is None else max(last, items[-1][0])
    scores = (
        old
        if last is None or last == ref
        else {k: v * 0.5 ** ((ref - last) / halves[k]) for k, v in old.items()}
    )
    by_kind: dict[str, list[float]] = {}
    kinds = _KIND
    for t, _, signal in items:
        kind = kinds[signal.kind]
        found = by_kind.get(kind)
        if found is None:
            by_kind[kind] = [t]
        else:
            found.append(t)
    for kind, times in by_kind.items():
        w, h = weights[kind], halves[kind]
        added = math.fsum([w * 0.5 ** ((ref - t) / h) for t in times])
        scores[kind] = scores.get(kind, 0.0) + added
    return scores, ref, {k: len(v) for k, v in by_kind.items()}


def fold_interest(
    existing: Fact | None, items: list[Item], tables: Tables, horizon: float
) -> tuple[dict[str, Any], dict[str, int]]:
    """
    The interest value after *items* (new, sorted by instant) on top of *existing*.

    Returns the value and the new signals' counts by noun (``{"views": 3}``).
    """
    old = existing.value if existing is not None else None
    state: Mapping[str, Any] = plain(old) if isinstance(old, Mapping) else {}
    scores, ref, by_kind = _scores(state, items, tables)
    known_first = _stamp_of(state.get("first_seen"))
    first = items[0][0] if known_first is None else min(known_first, items[0][0])
    counts = {k: v for k, v in state.items() if k in _NOUNS and isinstance(v, int)}
    added: dict[str, int] = {}
    for kind, n in by_kind.items():
        noun = COUNT_KEYS[kind]
        counts[noun] = counts.get(noun, 0) + n
        added[noun] = added.get(noun, 0) + n
    value: dict[str, Any] = {"strength": strength(sum(scores.values()))}
    value.update({k: counts.get(k, 0) for k in _ALWAYS})
    value.update({k: v for k, v in sorted(counts.items()) if k not in _ALWAYS})
    value["first_seen"] = utc_text(first)
    value["last_seen"] = utc_text(ref)
    value["scores"] = dict(sorted(scores.items()))
    value["seen"] = _kept_weeks(_weeks(old), items, horizon)
    return value, added


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
        "seen": _kept_weeks(_weeks(old), items, horizon),
    }


def _stamp_of(text: object) -> float | None:
    if not isinstance(text, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed.timestamp() if parsed.tzinfo is not None else None


def _old_scores(state: Mapping[str, Any], halves: Mapping[str, float]) -> dict[str, float]:
    """The stored scores of kinds the rules still know (a malformed entry counts nothing)."""
    stored = state.get("scores")
    if not isinstance(stored, Mapping):
        return {}
    return {
        k: float(v)
        for k, v in plain(stored).items()
        if k in halves and isinstance(v, int | float) and not isinstance(v, bool)
    }


def phrase(counts: Mapping[str, int], items: list[Item]) -> str:
    """
    ``"3 views and 1 purchase in 14 days"``: *counts* by noun and the span of *items*.
    """
    order = [n for n in _NOUNS if n in counts] + sorted(set(counts) - set(_NOUNS))
    parts = [f"{counts[n]} {_NOUNS.get(n, (n, n))[counts[n] != 1]}" for n in order]
    said = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    days = max(1, math.ceil((items[-1][0] - items[0][0]) / 86400.0))
    return f"{said} in {days} day{'s' if days != 1 else ''}"


def counter_noun(key: str) -> str:
    """
    The noun a counter fact counts: ``purchases`` or ``returns``.
    """
    return key.partition(".")[0]


def learned_provenance(sensitivity: Sensitivity) -> Provenance:
    """
    Behaviour in a sensitive proxy category is an inference; otherwise an observation.
    """
    return Provenance.OBSERVED if sensitivity is Sensitivity.ORDINARY else Provenance.INFERRED
