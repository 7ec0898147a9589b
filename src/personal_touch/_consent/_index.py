"""
The index a ledger builds once to answer "in force at this instant?" by bisection.

A ledger's grants never change, so what a question needs is prepared on first use and kept
by the ledger: for each question asked (a purpose and a channel), the spans in force of the
grants that cover it, sorted by their start, with the latest end seen so far; for the
instant, its exact count of microseconds (:func:`~._instants.micros`).  A question is then
a dictionary look-up and a bisection, however long the ledger's history.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools

from .._channels import Channel, parse_channel
from .._time import aware
from ._grant import ConsentGrant, effective, span
from ._instants import micros
from ._purpose import question

__all__ = ["GrantIndex"]

#: The covering grants of one question: their starts, sorted; the latest end among the
#: first ``i + 1`` of them; their ends; their positions in the ledger.
_Answer = tuple[list[float], list[float], list[float], list[int]]
_NOTHING: _Answer = ([], [], [], [])


class GrantIndex:
    """
    The current grants of one ledger, indexed by purpose and channel, and their spans.

    Built by :class:`~personal_touch.ConsentLedger` on its first question and held by it;
    it grows by one entry per distinct question asked (the purpose vocabulary times the
    channels at most) and one per stretch of time between two grant events asked about.
    """

    __slots__ = ("_answers", "_bounds", "_by_head", "_grants", "_last", "_spans", "_stretches")

    def __init__(self, grants: tuple[ConsentGrant, ...]) -> None:
        self._grants = grants
        self._spans: list[tuple[float, float] | None] = [None] * len(grants)
        by_head: dict[str, list[tuple[int, frozenset[Channel]]]] = {}
        for pos, g in enumerate(grants):
            own, channels = effective(g)
            by_head.setdefault(own, []).append((pos, channels))
        self._by_head = by_head
        self._answers: dict[tuple[object, object], _Answer] = {}
        self._bounds: list[float] | None = None
        self._stretches: dict[int, tuple[ConsentGrant, ...]] = {}
        self._last: tuple[object, int] = (None, 0)

    # -- the instant ---------------------------------------------------------------------

    def instant(self, at: dt.datetime) -> int:
        """
        *at* as exact microseconds (the last instant asked about is remembered).

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        last = self._last
        if last[0] is at:
            return last[1]
        t = micros(aware(at, "at"))
        self._last = (at, t)
        return t

    # -- questions -----------------------------------------------------------------------

    def is_granted(self, purpose: str, channel: Channel | None, t: int) -> bool:
        """
        Whether a grant covering *purpose* on *channel* is in force at instant *t*.

        Raises:
            UnknownPurposeError: *purpose* is not in the vocabulary.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        answer = self._answers.get((purpose, channel)) or self._answer(purpose, channel)
        starts, reach = answer[0], answer[1]
        i = bisect.bisect_right(starts, t)
        return i > 0 and reach[i - 1] > t

    def grants_for(self, purpose: str, channel: Channel | None, t: int) -> tuple[ConsentGrant, ...]:
        """
        The grants covering *purpose* on *channel* in force at *t*, in the ledger's order.

        Raises:
            UnknownPurposeError: *purpose* is not in the vocabulary.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        starts, reach, ends, where = self._answers.get((purpose, channel)) or self._answer(
            purpose, channel
        )
        i = bisect.bisect_right(starts, t)
        if not i or reach[i - 1] <= t:
            return ()
        found = sorted(where[k] for k in range(i) if ends[k] > t)
        return tuple(self._grants[p] for p in found)

    def in_force(self, t: int) -> tuple[ConsentGrant, ...]:
        """
        Every grant in force at *t*, in the ledger's order.
        """
        bounds = self._bounds
        if bounds is None:
            bounds = self._bounds = self._all_bounds()
        stretch = bisect.bisect_right(bounds, t)
        found = self._stretches.get(stretch)
        if found is None:
            found = tuple(g for pos, g in enumerate(self._grants) if _inside(self._span(pos), t))
            self._stretches[stretch] = found
        return found

    # -- building ------------------------------------------------------------------------

    def _span(self, pos: int) -> tuple[float, float]:
        found = self._spans[pos]
        if found is None:
            found = self._spans[pos] = span(self._grants[pos])
        return found

    def _answer(self, purpose: str, channel: Channel | None) -> _Answer:
        _, named, heads = question(purpose)
        asked = None if channel is None else parse_channel(channel)
        if named is not None:
            if asked is not None and asked is not named:
                self._answers[(purpose, channel)] = _NOTHING
                return _NOTHING
            asked = named
        covering = []
        for head in heads:
            for pos, channels in self._by_head.get(head, ()):
                if asked is None or not channels or asked in channels:
                    start, end = self._span(pos)
                    if start < end:
                        covering.append((start, end, pos))
        covering.sort()
        answer: _Answer = _NOTHING
        if covering:
            starts = [c[0] for c in covering]
            ends = [c[1] for c in covering]
            reach = list(itertools.accumulate(ends, max))
            answer = (starts, reach, ends, [c[2] for c in covering])
        self._answers[(purpose, channel)] = answer
        return answer

    def _all_bounds(self) -> list[float]:
        bounds: set[float] = set()
        for pos in range(len(self._grants)):
            bounds.update(self._span(pos))
        return sorted(bounds)


def _inside(bounds: tuple[float, float], t: int) -> bool:
    return bounds[0] <= t < bounds[1]
