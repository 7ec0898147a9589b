"""
The index a ledger builds once to answer "in force at this instant?" without re-reading grants.

A ledger's grants never change, and each grant computed its span in force when it was built
(:func:`~._grant.row`), so what a question needs is prepared on first use and kept by the
ledger: its grants grouped by their own purpose; for each question asked (a purpose and a
channel), the spans of the grants that cover it, sorted by their start with the latest end
seen so far, so that a long history is answered by bisection; for the instant, its exact
count of microseconds (:func:`~._instants.micros`).
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING

from .._channels import Channel, parse_channel
from .._time import aware
from ._grant import ConsentGrant, row
from ._instants import micros
from ._purpose import question

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["GrantIndex"]

#: Questions covered by this many grants or fewer are answered by a scan, more by bisection.
_SCAN = 8

#: The covering grants of one question as ``(start, end, position)``, sorted; then, for
#: bisection (``None`` for a short list), their starts and the latest end among the first
#: ``i + 1`` of them.
_Answer = tuple[list[tuple[float, float, int]], list[float] | None, list[float] | None]
_NOTHING: _Answer = ([], None, None)


class GrantIndex:
    """
    The current grants of one ledger, by purpose and channel, with their spans in force.

    Built by :class:`~personal_touch.ConsentLedger` on its first question and held by it;
    it grows by one entry per distinct question asked (the purpose vocabulary times the
    channels, at most) and one per stretch of time between two grant events asked about.
    """

    __slots__ = ("_answers", "_bounds", "_by_head", "_grants", "_last", "_rows", "_stretches")

    def __init__(self, grants: tuple[ConsentGrant, ...]) -> None:
        self._grants = grants
        self._rows = rows = [row(g) for g in grants]
        by_head: dict[str, list[int]] = {}
        for pos, r in enumerate(rows):
            if r[2] < r[3]:  # a grant never in force answers nothing
                by_head.setdefault(r[0], []).append(pos)
        self._by_head = by_head
        self._answers: dict[tuple[object, object], _Answer] = {}
        self._bounds: list[float] | None = None
        self._stretches: dict[int, tuple[ConsentGrant, ...]] = {}
        self._last: tuple[object, int] = (None, 0)

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

    def is_granted(self, purpose: str, channel: Channel | None, t: int) -> bool:
        """
        Whether a grant covering *purpose* on *channel* is in force at instant *t*.

        Raises:
            UnknownPurposeError: *purpose* is not in the vocabulary.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        spans, starts, reach = self._answers.get((purpose, channel)) or self._answer(
            purpose, channel
        )
        if starts is None or reach is None:
            return any(start <= t < end for start, end, _ in spans)
        i = bisect.bisect_right(starts, t)
        return i > 0 and reach[i - 1] > t

    def grants_for(self, purpose: str, channel: Channel | None, t: int) -> tuple[ConsentGrant, ...]:
        """
        The grants covering *purpose* on *channel* in force at *t*, in the ledger's order.

        Raises:
            UnknownPurposeError: *purpose* is not in the vocabulary.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        spans, starts, _ = self._answers.get((purpose, channel)) or self._answer(purpose, channel)
        last = len(spans) if starts is None else bisect.bisect_right(starts, t)
        found = sorted(pos for start, end, pos in spans[:last] if start <= t < end)
        return tuple(self._grants[pos] for pos in found)

    def in_force(self, t: int) -> tuple[ConsentGrant, ...]:
        """
        Every grant in force at *t*, in the ledger's order.
        """
        bounds = self._bounds
        if bounds is None:
            bounds = self._bounds = sorted({b for r in self._rows for b in (r[2], r[3])})
        stretch = bisect.bisect_right(bounds, t)
        found = self._stretches.get(stretch)
        if found is None:
            rows = self._rows
            found = tuple(
                g for pos, g in enumerate(self._grants) if rows[pos][2] <= t < rows[pos][3]
            )
            self._stretches[stretch] = found
        return found

    def _answer(self, purpose: str, channel: Channel | None) -> _Answer:
        _, named, heads = question(purpose)
        asked = None if channel is None else parse_channel(channel)
        answer = _NOTHING
        if named is None or asked is None or asked is named:
            if named is not None:
                asked = named
            rows = self._rows
            spans = sorted(
                (rows[pos][2], rows[pos][3], pos)
                for head in heads
                for pos in self._by_head.get(head, ())
                if asked is None or not rows[pos][1] or asked in rows[pos][1]
            )
            if len(spans) > _SCAN:
                reach = list(itertools.accumulate((s[1] for s in spans), max))
                answer = (spans, [s[0] for s in spans], reach)
            elif spans:
                answer = (spans, None, None)
        self._answers[(purpose, channel)] = answer
        return answer
