"""
The core dial-back rule: recent negative reactions lower the ceiling for a while.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from ..._interactions import InteractionKind
from .._fast import DAY, history_kinds, memo
from .._model import Cap, rule
from ._levels import RANK

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._model import Outcome, Request

__all__ = ["dial_back"]

_NEGATIVE = frozenset(k for k in InteractionKind if k.is_negative)
_NEGATIVES: dict[object, object] = {}
_NEGATIVE_VALUES = frozenset(k.value for k in _NEGATIVE)


@rule("dial_back")
def dial_back(request: Request) -> Iterable[Outcome]:
    """
    Recent negative reactions lower the ceiling for a while.

    Recent negative reactions (felt intrusive, a complaint, an unsubscribe) cap the level
    for a cooling-off period (the policy's ``dial_back`` table); afterwards it recovers.
    """
    history = request.history
    if not history or _NEGATIVE_VALUES.isdisjoint(history_kinds(history)):
        return ()
    now = request.timestamp
    latest: dict[InteractionKind, float] = {}
    stamps = request.history_stamps
    if len(stamps) == len(history):
        # Oldest first: read back from the instant until every negative kind the history
        # holds is found (the first one back is the latest).
        present = _NEGATIVE_VALUES.intersection(history_kinds(history))
        for i in range(bisect_right(stamps, now) - 1, -1, -1):
            kind = history[i].kind
            if kind in _NEGATIVE and kind not in latest:
                latest[kind] = stamps[i]
                if len(latest) == len(present):
                    break
    else:
        negatives = memo(
            _NEGATIVES,
            id(history),
            history,
            lambda: tuple(
                (h.kind, t) for h, t in zip(history, stamps, strict=False) if h.kind in _NEGATIVE
            ),
        )
        for kind, t in negatives:
            if t <= now:
                latest[kind] = t
    if not latest:
        return ()
    wanted = request.message.level
    out: list[Outcome] = []
    for d in request.policy.dial_back:
        if RANK[d.level._value_] >= RANK[wanted._value_]:
            continue
        last = latest.get(d.kind)
        if last is not None and now < last + d.days * DAY:
            out.append(
                Cap(
                    "dial_back",
                    f"dial_back_{d.kind.value}",
                    f"a recent '{d.kind.value}' reaction caps the level at "
                    f"{d.level.value} for {d.days} days",
                    d.level,
                    hint="the cap lifts when the cooling-off period ends",
                )
            )
    return out
