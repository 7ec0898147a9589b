"""
Plain data for the hot path: epoch seconds and derived views of immutable model values.

Comparing aware datetimes in different zones costs microseconds (each side's offset is
looked up); comparing floats costs nanoseconds.  Each instant is converted once, where the
snapshot is prepared (:class:`~personal_touch.Prepared` keeps the stamps and the grants'
:class:`GrantInfo`); nothing here keeps a table of its own.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from .._consent._grant import row
from .._consent._instants import exact
from .._facts import fact_stamps
from .._history import HistoryIndex, index_history
from .._time import stamp

if TYPE_CHECKING:
    import pendulum

    from .._channels import Channel
    from .._consent import ConsentGrant, ConsentLedger
    from .._interactions import Interaction

__all__ = [
    "DAY",
    "GrantInfo",
    "fact_stamps",
    "grant_info",
    "history_kinds",
    "in_force",
    "in_force_span",
    "interaction_stamp",
    "stamp",
]

_INF = math.inf

#: Seconds in a day: windows counted in days, compared in epoch seconds.
DAY = 86400.0


class GrantInfo(NamedTuple):
    """
    A grant's effective purpose, channels and bounds, as plain data for the hot path.

    Read the fields by name; their order is kept for readers that unpack the tuple.
    """

    #: The grant described.
    grant: ConsentGrant
    #: Its own purpose, without a channel suffix (``marketing`` for ``marketing.sms``).
    purpose: str
    #: ``purpose + "."``: a purpose below it starts with this.
    prefix: str
    #: The channels it covers (empty: every channel).
    channels: frozenset[Channel]
    #: When it was given, in epoch seconds.
    granted: float
    #: The earlier of expiry and withdrawal in epoch seconds (``inf`` if neither).
    end: float
    #: When it was confirmed: ``-inf`` when no confirmation is needed, ``inf`` when one is
    #: needed but missing.
    confirmed: float


_new_tuple = tuple.__new__


def grant_info(g: ConsentGrant) -> GrantInfo:
    """
    A grant's effective purpose, channels and bounds in epoch seconds.

    Read from the grant's own row (its purpose split, channels and bounds in exact
    microseconds, computed when the grant was made): a microsecond count divided by a
    million is the float :func:`stamp` gives for the same instant.
    """
    own, channels, start, end_us = row(g)
    if not g.requires_confirmation:
        granted, confirmed = start / 1_000_000, -_INF  # a given grant's start is finite
    else:
        granted = stamp(g.granted_at)
        confirmed = _INF if g.confirmed_at is None else start / 1_000_000
    end = _INF if end_us == _INF else end_us / 1_000_000
    # tuple.__new__ directly: a named tuple's own __new__ is a Python function.
    return _new_tuple(GrantInfo, (g, own, own + ".", channels, granted, end, confirmed))


_ENDLESS = frozenset({_INF, -_INF})


def _seconds(us: float) -> float:
    # Epoch seconds of a bound in microseconds, rounded as :func:`stamp` rounds an instant.
    return us if us in _ENDLESS else int(us) / 1_000_000


def in_force(ledger: ConsentLedger, at: pendulum.DateTime) -> tuple[GrantInfo, ...]:
    """
    The grants in force at *at*, as the ledger answers, described.

    Which grants are in force is read from the spans the ledger itself answers from (each
    current grant's row, :func:`~personal_touch._consent._grant.row`, compared in exact
    microseconds, as :meth:`~personal_touch.ConsentLedger.in_force` and
    :meth:`~personal_touch.ConsentLedger.is_granted` compare them), never recomputed in
    float seconds: the engine and the ledger cannot disagree, even where epoch seconds as
    floats no longer tell one microsecond from the next (after 2106, before 1834).

    Raises:
        NaiveDateTimeError: *at* has no time zone.
    """
    t = exact(at, "at")
    return tuple([grant_info(g) for g in ledger if (r := row(g))[2] <= t < r[3]])


def in_force_span(ledger: ConsentLedger, at: pendulum.DateTime) -> tuple[float, float]:
    """
    The span ``[lo, hi)`` around *at* where the same grants are in force (epoch seconds).

    Any instant whose :func:`stamp` lies in it has the grants :func:`in_force` gives for
    *at* in force (a snapshot may be reused there); asked only when a deferral moves the
    instant.  Its ends are the nearest grant bounds around *at*; the lower one is nudged
    up where the float cannot tell the bound from the microsecond before it, so a float
    inside the span is always on the right side of both bounds.

    Raises:
        NaiveDateTimeError: *at* has no time zone.
    """
    t = exact(at, "at")
    bounds = [b for r in map(row, ledger) for b in (r[2], r[3])]
    lo = max([b for b in bounds if b <= t], default=-_INF)
    hi = min([b for b in bounds if b > t], default=_INF)
    low = _seconds(lo)
    if lo != -_INF and _seconds(lo - 1) == low:
        low = math.nextafter(low, _INF)
    return low, _seconds(hi)


def interaction_stamp(h: Interaction) -> float:
    """
    An interaction's instant in epoch seconds.
    """
    return stamp(h.at)


def history_kinds(history: tuple[Interaction, ...]) -> frozenset[str]:
    """
    The kinds (their values) present in *history*.

    Read from its :class:`~personal_touch._history.HistoryIndex` (computed once per index,
    in C); a plain tuple is indexed first.
    """
    index = history if type(history) is HistoryIndex else index_history(history)
    return index.kinds


def message_keys(m: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """
    A message's content and targeting fact keys, each sorted.
    """
    return tuple(sorted(m.content_facts)), tuple(sorted(m.targeting_facts))
