"""
Plain data for the hot path, memoised by object identity.

Plain data for the hot path: epoch seconds and derived views of immutable model values,
memoised by object identity.

Comparing aware datetimes in different zones costs microseconds (each side's offset is
looked up); comparing floats costs nanoseconds.  Model values are frozen, so what is derived
from one object never changes; the caches hold a strong reference to the object they
describe (so its id cannot be reused while cached) and are cleared when they grow too big.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

from .._channels import Channel
from .._facts import fact_stamps
from .._history import HistoryIndex, index_history

if TYPE_CHECKING:
    import datetime as dt

    from .._consent import ConsentGrant
    from .._interactions import Interaction

__all__ = [
    "DAY",
    "GrantInfo",
    "fact_stamps",
    "grant_info",
    "history_kinds",
    "interaction_stamp",
    "stamp",
]

_MAX = 4096
_INF = math.inf

#: Seconds in a day: windows counted in days, compared in epoch seconds.
DAY = 86400.0

_STAMPS: dict[int, tuple[Any, float]] = {}


def stamp(value: dt.datetime) -> float:
    """
    Epoch seconds of the aware datetime *value* (memoised by identity).

    .. versionadded:: 0.1.0
    """
    hit = _STAMPS.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    ts = value.timestamp()
    if len(_STAMPS) >= _MAX:
        _STAMPS.clear()
    _STAMPS[id(value)] = (value, ts)
    return ts


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


_GRANTS: dict[int, GrantInfo] = {}
_CHANNEL_VALUES = frozenset(c.value for c in Channel)


def grant_info(g: ConsentGrant) -> GrantInfo:
    """
    A grant's effective purpose, channels and bounds in epoch seconds (memoised by identity).
    """
    hit = _GRANTS.get(id(g))
    if hit is not None and hit.grant is g:
        return hit
    head, _, last = g.purpose.rpartition(".")
    if head and last in _CHANNEL_VALUES:
        own, channels = head, frozenset({Channel(last)})
    else:
        own, channels = g.purpose, g.channels
    end = _INF
    if g.expires_at is not None:
        end = g.expires_at.timestamp()
    if g.withdrawn_at is not None:
        end = min(end, g.withdrawn_at.timestamp())
    if not g.requires_confirmation:
        confirmed = -_INF
    elif g.confirmed_at is None:
        confirmed = _INF
    else:
        confirmed = g.confirmed_at.timestamp()
    info = GrantInfo(g, own, own + ".", channels, g.granted_at.timestamp(), end, confirmed)
    if len(_GRANTS) >= _MAX:
        _GRANTS.clear()
    _GRANTS[id(g)] = info
    return info


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


_KEYS: dict[int, tuple[Any, tuple[str, ...], tuple[str, ...]]] = {}


def message_keys(m: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """
    A message's content and targeting fact keys, each sorted (memoised by identity).
    """
    hit = _KEYS.get(id(m))
    if hit is not None and hit[0] is m:
        return hit[1], hit[2]
    content, targeting = tuple(sorted(m.content_facts)), tuple(sorted(m.targeting_facts))
    if len(_KEYS) >= _MAX:
        _KEYS.clear()
    _KEYS[id(m)] = (m, content, targeting)
    return content, targeting


def memo(cache: dict[Any, Any], key: Any, anchor: Any, build: Any) -> Any:
    """
    ``build()`` memoised in *cache* under *key*, valid while *anchor* is the same object.
    """
    hit = cache.get(key)
    if hit is not None and hit[0] is anchor:
        return hit[1]
    value = build()
    if len(cache) >= _MAX:
        cache.clear()
    cache[key] = (anchor, value)
    return value
