"""
A contact's history indexed once: epoch seconds, kinds, and windows found by bisection.

Rules ask a history a few questions: which kinds it holds, the latest event of some kinds on
some channels up to an instant, how many events fall in a window, which events fall in a
window.  :class:`HistoryIndex` answers them from the interactions sorted once with their
instants in epoch seconds: a window is found by bisection, the latest event of a kind by a
search run in C from the instant back, so a question costs what it reads, not the length of
the history.
"""

from __future__ import annotations

import itertools
import math
import operator
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Any, Self

from .._interactions import Interaction, InteractionKind
from .._time import stamps as epoch_seconds
from ..exceptions import HistoryHorizonError

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable

    from .._channels import Channel
    from .._message import MessagePurpose

__all__ = ["HistoryIndex", "epoch_seconds", "index_history"]

_INF = math.inf


class HistoryIndex(tuple[Interaction, ...]):
    """
    A contact's interactions, oldest first, indexed once for the questions rules ask.

    It is the tuple of the interactions (a rule may still walk it) with their instants in
    epoch seconds and lazily built views of their kinds; the query methods read only the
    window or the events they need.  Instants are epoch seconds (``request.timestamp``).

    An index made from a :class:`~personal_touch.HistorySummary` holds every interaction
    from :attr:`kept_from` on and, before it, only the latest of each kind, channel and
    purpose: its queries answer as the whole history would, and a question about a window
    starting before :attr:`kept_from` raises
    :class:`~personal_touch.exceptions.HistoryHorizonError` rather than answer from part of
    it.

    Attributes:
        stamps: Each interaction's instant in epoch seconds.
        kept_from: The epoch seconds from which every interaction is held (``-inf``: the
            whole history).
        summary_digest: The audit digest of the summary it was made from (``None`` for a
            whole history).

    .. versionadded:: 0.2.0
    """

    stamps: tuple[float, ...]
    kept_from: float
    summary_digest: str | None
    #: Lazily built: the kinds held (their values), the kind values newest first, the
    #: audit digest of the whole history.
    _kinds: frozenset[str] | None
    _back: list[str] | None
    digest_cache: str | None

    def __new__(
        cls,
        interactions: Iterable[Interaction] = (),
        *,
        stamps: tuple[float, ...] | None = None,
        kept_from: float = -_INF,
        summary_digest: str | None = None,
    ) -> Self:
        """
        Index *interactions*, oldest first (*stamps* their epoch seconds if known).
        """
        self = super().__new__(cls, interactions)
        self.stamps = tuple(epoch_seconds(list(map(_AT, self)))) if stamps is None else stamps
        self.kept_from = kept_from
        self.summary_digest = summary_digest
        self._kinds = None
        self._back = None
        self.digest_cache = None
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        # The interactions and their instants travel; the lazy views are rebuilt.
        return (_rebuild, (tuple(self), self.stamps, self.kept_from, self.summary_digest))

    # -- what it holds ------------------------------------------------------------------

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds it holds, by value (one pass in C, on first use)."""
        found = self._kinds
        if found is None:
            found = self._kinds = frozenset(map(_KIND_VALUE, self))
        return found

    def holds_any(self, kinds: Iterable[InteractionKind | str]) -> bool:
        """Whether it holds an interaction of one of *kinds*."""
        return not self.kinds.isdisjoint(map(_value, kinds))

    def check_from(self, since: float) -> None:
        """
        Raise if it does not hold every interaction from *since* on.

        Raises:
            HistoryHorizonError: *since* is before :attr:`kept_from`.
        """
        if since < self.kept_from:
            raise HistoryHorizonError(since, self.kept_from)

    # -- the latest event ---------------------------------------------------------------

    def latest(
        self,
        kinds: Collection[InteractionKind | str],
        *,
        until: float,
        channels: Collection[Channel] | None = None,
        where: Callable[[Interaction], bool] | None = None,
    ) -> int:
        """
        The position of the latest interaction of *kinds* at or before *until* (-1: none).

        With *channels*, only interactions on one of them count, and so do those without a
        channel (they concern every channel).  With *where*, only those it holds true for
        (an opt-out whose scope covers a message).

        Raises:
            HistoryHorizonError: *until* is before :attr:`kept_from`.
        """
        present = self.kinds.intersection(map(_value, kinds))
        if not present:
            return -1
        self.check_from(until)
        back = self._back
        if back is None:
            back = self._back = list(map(_KIND_VALUE, reversed(self)))
        n = len(back)
        start = n - bisect_right(self.stamps, until)
        # For each kind, its next position searching back (list.index runs in C).
        found = {v: _find(back, v, start) for v in present}
        while found:
            value = min(found, key=found.__getitem__)
            j = found[value]
            if j >= n:
                return -1
            i = n - 1 - j
            found_at = self[i]
            channel = found_at.channel
            if (channels is None or channel is None or channel in channels) and (
                where is None or where(found_at)
            ):
                return i
            found[value] = _find(back, value, j + 1)
        return -1

    def last(
        self,
        kinds: Collection[InteractionKind | str],
        *,
        until: float,
        channels: Collection[Channel] | None = None,
        where: Callable[[Interaction], bool] | None = None,
    ) -> Interaction | None:
        """The latest interaction of *kinds* at or before *until* (see :meth:`latest`)."""
        i = self.latest(kinds, until=until, channels=channels, where=where)
        return None if i < 0 else self[i]

    def last_stamp(
        self,
        kinds: Collection[InteractionKind | str],
        *,
        until: float,
        channels: Collection[Channel] | None = None,
        where: Callable[[Interaction], bool] | None = None,
    ) -> float | None:
        """The epoch seconds of :meth:`last`, ``None`` when there is none."""
        i = self.latest(kinds, until=until, channels=channels, where=where)
        return None if i < 0 else self.stamps[i]

    # -- windows ------------------------------------------------------------------------

    def span(self, since: float, until: float, *, closed: bool = True) -> tuple[int, int]:
        """
        The positions ``[lo, hi)`` of the interactions from *since* to *until*.

        *until* is included when *closed*, excluded otherwise.

        Raises:
            HistoryHorizonError: *since* is before :attr:`kept_from`.
        """
        self.check_from(since)
        stamps = self.stamps
        lo = bisect_left(stamps, since)
        hi = bisect_right(stamps, until) if closed else bisect_left(stamps, until)
        return lo, hi

    def window(self, since: float, until: float, *, closed: bool = True) -> tuple[Interaction, ...]:
        """The interactions from *since* to *until*, oldest first (see :meth:`span`)."""
        lo, hi = self.span(since, until, closed=closed)
        return self[lo:hi]

    def tally(
        self,
        kinds: Collection[InteractionKind],
        *,
        since: float,
        before: float,
        channels: Collection[Channel] | None = None,
        excluding: Collection[MessagePurpose] = (),
    ) -> int:
        """
        How many interactions of *kinds* fall in ``[since, before)``.

        With *channels*, only those on one of them (an interaction without a channel is not
        on any); interactions whose purpose is in *excluding* are not counted.

        Raises:
            HistoryHorizonError: *since* is before :attr:`kept_from`.
        """
        lo, hi = self.span(since, before, closed=False)
        n = 0
        for h in self[lo:hi]:
            if (
                h.kind in kinds
                and (channels is None or h.channel in channels)
                and h.purpose not in excluding
            ):
                n += 1
        return n


def _rebuild(
    interactions: tuple[Interaction, ...],
    stamps: tuple[float, ...],
    kept_from: float,
    summary_digest: str | None,
) -> HistoryIndex:
    return HistoryIndex(
        interactions, stamps=stamps, kept_from=kept_from, summary_digest=summary_digest
    )


def _value(kind: InteractionKind | str) -> str:
    # ``_value_``, not ``value``: the enum's property runs Python code (3.11).
    return kind._value_ if isinstance(kind, InteractionKind) else InteractionKind(kind)._value_


def _find(values: list[str], value: str, start: int) -> int:
    """The first position of *value* in *values* from *start* (``len(values)``: none)."""
    try:
        return values.index(value, start)
    except ValueError:
        return len(values)


def index_history(history: Iterable[Interaction], contact_id: str | None = None) -> HistoryIndex:
    """
    The interactions of *history* (those of *contact_id* when given) indexed, oldest first.

    Every pass over the history runs in C (attribute getters, ``map``, ``list.count``): a
    history already in time order (or in reverse time order) and all of this contact, the
    usual cases, costs no Python-level work per interaction.  The sort is stable:
    interactions at the same instant keep their given order.
    """
    if (
        type(history) is HistoryIndex
        and history.kept_from == -_INF
        and (
            contact_id is None or list(map(_CONTACT_ID, history)).count(contact_id) == len(history)
        )
    ):
        return history
    own = history if type(history) is tuple else tuple(history)
    if contact_id is not None and list(map(_CONTACT_ID, own)).count(contact_id) != len(own):
        own = tuple(h for h in own if h.contact_id == contact_id)
    stamps = epoch_seconds(list(map(_AT, own)))
    if not all(map(operator.le, stamps, itertools.islice(stamps, 1, None))):
        if all(map(operator.gt, stamps, itertools.islice(stamps, 1, None))):
            # Newest first without ties: reversed, the order is the same as sorting's.
            own, stamps = own[::-1], stamps[::-1]
        else:
            order = sorted(range(len(stamps)), key=stamps.__getitem__)
            own = tuple(map(own.__getitem__, order))
            stamps = list(map(stamps.__getitem__, order))
    return HistoryIndex(own, stamps=tuple(stamps))


_CONTACT_ID = operator.attrgetter("contact_id")
_AT = operator.attrgetter("at")
_KIND_VALUE = operator.attrgetter("kind._value_")
