"""
What the law's rules read from a request: local dates, ages, grants and past interactions.

Small pure helpers over a prepared :class:`~personal_touch.rules.Request`, shared by the rule
shapes and by rules you write yourself.  Answers that every rule of a decision asks for again
are remembered by the prepared contact the request was made from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import pendulum

from .._facts import Sensitivity
from .._policy._model import Tag, shared
from .._purposes import purpose_key

if TYPE_CHECKING:
    from .._channels import Channel
    from .._consent import ConsentGrant, LawfulBasis
    from .._facts import Fact
    from .._interactions import Interaction, InteractionKind
    from .._policy._model import Request
    from ._calendar import RelationshipWindow

__all__ = [
    "age",
    "event_day",
    "facts_used",
    "grants",
    "implied_grants",
    "in_force_on",
    "last_event",
    "local_day",
    "local_now",
    "matching",
    "special_facts",
    "within_window",
]


def local_now(request: Request) -> pendulum.DateTime:
    """
    The request's instant on the contact's wall clock, as a pendulum datetime.

    .. versionadded:: 0.1.0
    """
    local = request.local
    if isinstance(local, pendulum.DateTime) and isinstance(local.tzinfo, pendulum.Timezone):
        return local
    return request.contact.local(request.at)


def local_day(request: Request) -> dt.date:
    """
    The request's date on the contact's calendar.

    .. versionadded:: 0.1.0
    """
    return request.local.date()


def age(request: Request) -> int | None:
    """
    The contact's age on their local date, or ``None`` without a birth date.

    .. versionadded:: 0.1.0
    """
    return request.contact.age_on(local_day(request))


def event_day(request: Request, instant: pendulum.DateTime) -> dt.date:
    """
    The date of *instant* on the contact's calendar (a purchase, an inquiry).

    .. versionadded:: 0.1.0
    """
    return instant.in_timezone(request.contact.tz).date()


def grants(
    request: Request,
    bases: Iterable[LawfulBasis],
    *,
    purpose: str | None = None,
    channel: Channel | None = None,
) -> tuple[ConsentGrant, ...]:
    """
    Grants in force with a basis in *bases* covering the message (or *purpose*/*channel*).

    Grants in force at the request's instant with a basis in *bases* that cover *purpose* (default:
    the message's purpose) on *channel* (default: the message's channel).

    .. versionadded:: 0.1.0
    """
    key = purpose if purpose is not None else purpose_key(request.message.purpose)
    if key is None:
        return ()
    wanted = bases if type(bases) is frozenset else frozenset(bases)
    ch = channel if channel is not None else request.message.channel
    covering = request.grants_for(key, ch)  # remembered by the snapshot
    if not covering:
        return ()
    return tuple(g for g in covering if g.basis in wanted)


def within_window(request: Request, grant: ConsentGrant, window: RelationshipWindow) -> bool:
    """
    Whether an implied grant's window still holds on the contact's calendar.

    Whether the request's local date is on or before the last day of *grant*'s implied
    consent window, counted from the grant's relationship event on the contact's calendar.

    .. versionadded:: 0.1.0
    """
    return local_day(request) <= window.last_day(event_day(request, grant.granted_at))


def implied_grants(
    request: Request,
    windows: Mapping[LawfulBasis, RelationshipWindow],
    *,
    purpose: str | None = None,
    channel: Channel | None = None,
) -> tuple[ConsentGrant, ...]:
    """
    Implied grants (bases in *windows*) in force whose window still holds.

    .. versionadded:: 0.1.0
    """
    return tuple(
        g
        for g in grants(request, windows, purpose=purpose, channel=channel)
        if within_window(request, g, windows[g.basis])
    )


def facts_used(request: Request, keys: Iterable[str]) -> tuple[Fact, ...]:
    """
    The valid facts under any of *keys* (exact keys or prefixes).

    .. versionadded:: 0.1.0
    """
    wanted = tuple(keys)
    if not wanted:
        return ()
    return matching(request.facts.values(), wanted)


def matching(facts: Iterable[Fact], wanted: tuple[str, ...]) -> tuple[Fact, ...]:
    """
    The *facts* (in their order) whose key is one of *wanted* or lies below one of them.

    .. versionadded:: 0.2.0
    """
    exact = frozenset(wanted)
    prefixes = tuple(k + "." for k in wanted)
    return tuple(f for f in facts if f.key in exact or f.key.startswith(prefixes))


def special_facts(request: Request) -> tuple[Fact, ...]:
    """
    The valid facts of a special category (not ordinary), in the request's fact order.

    Remembered by the prepared contact the request was made from.

    .. versionadded:: 0.1.0
    """
    facts = request.facts
    return shared(request, _SPECIAL, lambda: _special(facts))


_SPECIAL = (Tag("special facts"),)


def _special(facts: Mapping[str, Fact]) -> tuple[Fact, ...]:
    return tuple(f for f in facts.values() if f.sensitivity is not Sensitivity.ORDINARY)


def last_event(
    request: Request,
    kinds: frozenset[InteractionKind],
    channels: frozenset[Channel] | None = None,
    *,
    scoped: bool = False,
) -> Interaction | None:
    """
    The latest matching interaction up to the request's instant.

    The latest interaction up to the request's instant of one of *kinds*, on *channels*
    (an interaction without a channel counts for every channel).  With *scoped*, only an
    opt-out whose scope covers the request's message counts
    (:meth:`Interaction.within_scope <personal_touch.Interaction.within_scope>`): an
    unsubscribe from one newsletter does not bar another.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       The *scoped* argument.
    """
    if not scoped:
        return request.history_index.last(kinds, until=request.timestamp, channels=channels)
    msg = request.message
    purpose, topic = msg.purpose, msg.topic
    return request.history_index.last(
        kinds,
        until=request.timestamp,
        channels=channels,
        where=lambda h: h.within_scope(purpose, topic),
    )


def in_force_on(request: Request, start: dt.date | None, end: dt.date | None) -> bool:
    """
    Whether the request's local date lies in ``[start, end]`` (open bounds are ``None``).

    .. versionadded:: 0.1.0
    """
    if start is None and end is None:
        return True
    day = local_day(request)
    return (start is None or day >= start) and (end is None or day <= end)
