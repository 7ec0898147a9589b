"""
The core dial-back rule: recent negative reactions lower the ceiling for a while.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._interactions import InteractionKind
from .._fast import DAY
from .._model import Cap, rule
from ._levels import RANK

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._model import Outcome, Request

__all__ = ["dial_back"]

_NEGATIVE = tuple(k for k in InteractionKind if k.is_negative)
_NEGATIVE_VALUES = frozenset(k.value for k in _NEGATIVE)


@rule("dial_back")
def dial_back(request: Request) -> Iterable[Outcome]:
    """
    Recent negative reactions lower the ceiling for a while.

    Recent negative reactions (felt intrusive, a complaint, an unsubscribe) cap the level
    for a cooling-off period (the policy's ``dial_back`` table); afterwards it recovers.
    """
    history = request.history_index
    if not history or _NEGATIVE_VALUES.isdisjoint(history.kinds):
        return ()
    now = request.timestamp
    latest: dict[InteractionKind, float] = {}
    for kind in _NEGATIVE:
        last = history.last_stamp((kind,), until=now)
        if last is not None:
            latest[kind] = last
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
