"""
The index a ledger builds when it is made, to answer "in force at this instant?" cheaply.

A ledger's grants never change, and each grant computed its span in force when it was built
(:func:`~._grant.row`), so grouping them is a dictionary append per grant, done once with
the ledger: its current grants by their own purpose.  A question is a look-up of the few
purposes that may cover it and a scan of their rows.  A question covered by many grants is
scanned the first time it is asked (a batch asks each contact once) and, asked again,
prepared once: the covering spans sorted by start with the latest end seen so far, so that
a long history is answered by bisection.  The instant asked about becomes its exact count
of microseconds (:func:`~._instants.exact`), remembered for the next question.
"""

from __future__ import annotations

import bisect
import itertools
from typing import TYPE_CHECKING

from .._channels import Channel, parse_channel
from ._grant import ConsentGrant, Row, row
from ._instants import exact
from ._purpose import QUESTIONS, question

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["GrantIndex"]

#: Questions covered by this many grants or fewer are always scanned, more by bisection
#: once they are asked a second time.
_SCAN = 8

#: The grants covering one long question, sorted by start: their starts, and the latest end
#: among the first ``i + 1`` of them.
_Answer = tuple[list[float], list[float]]

#: Marks a long question asked once (scanned): the second time prepares its answer.
_ONCE: _Answer = ([], [])


class GrantIndex:
    """
    The current grants of one ledger, by purpose and channel, with their spans in force.

    Built with a :class:`~personal_touch.ConsentLedger` and held by it.  A question covered
    by a few grants is answered by a scan of their rows; one covered by many is scanned
    once, then prepared sorted by start and answered by bisection.  It grows by one entry
    per such question (the purpose vocabulary times the channels, at most) and one per
    stretch of time between two grant events asked about.
    """

    __slots__ = ("_answers", "_bounds", "_by_head", "_grants", "_last", "_stretches")

    def __init__(self, grants: tuple[ConsentGrant, ...]) -> None:
        self._grants = grants
        by_head: dict[str, list[Row]] = {}
        for r in map(row, grants):
            if r[2] < r[3]:  # a grant never in force answers nothing
                rows = by_head.get(r[0])
                if rows is None:
                    by_head[r[0]] = [r]
                else:
                    rows.append(r)
        self._by_head = by_head
        self._answers: dict[tuple[object, object], _Answer] | None = None
        self._bounds: list[float] | None = None
        self._stretches: dict[int, tuple[ConsentGrant, ...]] | None = None
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
        t = exact(at, "at")
        self._last = (at, t)
        return t

    def is_granted(self, purpose: str, channel: Channel | None, at: dt.datetime) -> bool:
        """
        Whether a grant covering *purpose* on *channel* is in force at *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not in the vocabulary.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        last = self._last
        t = last[1] if last[0] is at else self.instant(at)
        asked = QUESTIONS.get(purpose) or question(purpose)  # refuses a purpose outside it
        if channel is not None and channel.__class__ is not Channel:
            channel = parse_channel(channel)
        named = asked[1]
        if named is not None:
            if channel is not None and channel is not named:
                return False
            channel = named
        by_head = self._by_head
        for head in asked[2]:
            rows = by_head.get(head)
            if rows is None:
                continue
            if len(rows) > _SCAN:
                return self._long(purpose, channel, t)
            for _, chans, start, end in rows:
                if start <= t < end and (channel is None or not chans or channel in chans):
                    return True
        return False

    def grants_for(
        self, purpose: str, channel: Channel | None, at: dt.datetime
    ) -> tuple[ConsentGrant, ...]:
        """
        The grants covering *purpose* on *channel* in force at *at*, in the ledger's order.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not in the vocabulary.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        t = self.instant(at)
        heads, asked = _asked(purpose, channel)
        return tuple(
            g
            for g in self._grants
            if (r := row(g))[0] in heads
            and r[2] <= t < r[3]
            and (asked is None or not r[1] or asked in r[1])
        )

    def in_force(self, at: dt.datetime) -> tuple[ConsentGrant, ...]:
        """
        Every grant in force at *at*, in the ledger's order.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        t = self.instant(at)
        bounds = self._bounds
        if bounds is None:
            bounds = self._bounds = sorted({b for g in self._grants for b in row(g)[2:]})
        stretches = self._stretches
        if stretches is None:
            stretches = self._stretches = {}
        stretch = bisect.bisect_right(bounds, t)
        found = stretches.get(stretch)
        if found is None:
            found = tuple(g for g in self._grants if row(g)[2] <= t < row(g)[3])
            stretches[stretch] = found
        return found

    def _long(self, purpose: str, channel: Channel | None, t: int) -> bool:
        """A question covered by many grants: scanned the first time, then bisected."""
        answers = self._answers
        if answers is None:
            answers = self._answers = {}
        key = (purpose, channel)
        answer = answers.get(key)
        heads, asked = _asked(purpose, channel)
        if answer is None:
            answers[key] = _ONCE
            return any(
                r[2] <= t < r[3]
                for h in heads
                for r in self._by_head.get(h, ())
                if asked is None or not r[1] or asked in r[1]
            )
        if answer is _ONCE:
            rows = sorted(
                (
                    r
                    for h in heads
                    for r in self._by_head.get(h, ())
                    if asked is None or not r[1] or asked in r[1]
                ),
                key=_start,
            )
            reach = list(itertools.accumulate((r[3] for r in rows), max))
            answer = answers[key] = ([r[2] for r in rows], reach)
        starts, reach = answer
        i = bisect.bisect_right(starts, t)
        return i > 0 and reach[i - 1] > t


def _asked(purpose: str, channel: Channel | None) -> tuple[tuple[str, ...], Channel | None]:
    """
    The own purposes of the grants that may cover *purpose*, and the channel asked about.

    No purposes at all when *purpose* names a channel other than *channel*.

    Raises:
        UnknownPurposeError: *purpose* is not in the vocabulary.
        UnknownChannelError: *channel* is not a :class:`Channel`.
    """
    _, named, heads = question(purpose)
    if channel is not None:
        channel = parse_channel(channel)
    if named is None:
        return heads, channel
    return (heads if channel is None or channel is named else ()), named


def _start(entry: Row) -> float:
    return entry[2]
