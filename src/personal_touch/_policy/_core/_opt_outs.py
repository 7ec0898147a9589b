"""
The person's no, which the consent rule checks before any grant.

A suppression-list entry, an objection to direct marketing, an unsubscribe (from the channel,
or from the subscription or purposes it is scoped to) and a withdrawn grant each deny at
once, in every jurisdiction, until what lifts them (a new opt-in given after them; for a
suppression, removing the entry, or when the person's choice made it, a newer express opt-in
covering the message; an objection, never).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._interactions import InteractionKind
from ..._purposes import CONSENT_BASES, MARKETING_PURPOSES, OBJECTION_PURPOSES, PURPOSE_KEYS
from .._fast import stamp
from .._model import Deny, Note

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..._consent import ConsentGrant
    from ..._interactions import Interaction
    from ..._message import MessagePurpose
    from ..._suppression import Suppression
    from .._model import Request

__all__ = ["barred", "suppressed", "unsubscribed", "withdrawn"]


def _opted_in_after(request: Request, keys: tuple[str, ...], since: float) -> bool:
    channel = request.message.channel
    return any(
        g.basis in CONSENT_BASES and stamp(g.granted_at) > since
        for key in keys
        for g in request.grants_for(key, channel)
    )


_UNSUBSCRIBED = (InteractionKind.UNSUBSCRIBED,)


def _covers(purpose: MessagePurpose, topic: str | None) -> Callable[[Interaction], bool]:
    """
    Whether an unsubscribe bars a message of *purpose* on *topic*.

    Unscoped: the marketing purposes (CORE-SUPP-01).  Scoped: exactly its scope, never a
    transactional message (:meth:`~personal_touch.Interaction.within_scope`).
    """
    marketing = purpose in MARKETING_PURPOSES

    def covers(h: Interaction) -> bool:
        if h.subscription is None and not h.opt_out_purposes:
            return marketing
        return h.within_scope(purpose, topic)

    return covers


def unsubscribed(request: Request) -> Deny | None:
    """
    An unsubscribe covering the message, unless a new opt-in was given after it.

    The latest ``unsubscribed`` interaction at or before the instant on the message's
    channel (one without a channel counts for every channel) whose scope covers the
    message: an unscoped one covers marketing, fundraising and consent requests; one
    scoped to a subscription or to purposes covers exactly those messages, never a
    transactional one.
    """
    msg = request.message
    index = request.history_index
    i = index.latest(
        _UNSUBSCRIBED,
        until=request.timestamp,
        channels=(msg.channel,),
        where=_covers(msg.purpose, msg.topic),
    )
    if i < 0 or _opted_in_after(request, PURPOSE_KEYS[msg.purpose], index.stamps[i]):
        return None
    found = index[i]
    return Deny(
        "consent",
        "unsubscribed",
        f"the contact unsubscribed from {_scope(found, msg.channel.value)}; "
        "the unsubscribe is honoured at once",
        hint="only a new opt-in given after the unsubscribe lifts it",
        citation="CORE-SUPP-01; GDPR Art. 21(3)",
    )


def _scope(h: Interaction, channel: str) -> str:
    """What an unsubscribe covers, in words (keys and codes only)."""
    if not h.is_scoped:
        return channel
    parts = [] if h.subscription is None else [f"subscription {h.subscription}"]
    if h.opt_out_purposes:
        parts.append("/".join(sorted(p.value for p in h.opt_out_purposes)) + " messages")
    return f"{' '.join(parts)} on {channel}"


def withdrawn(request: Request, covering: list[ConsentGrant]) -> Deny | None:
    """
    A withdrawn grant is an opt-out: it denies what an unsubscribe does, in every law.

    Until a grant for the purpose is given after the withdrawal (even one that has since
    lapsed: the person opted in again), so an opt-out regime (CAN-SPAM) never mails someone
    who took their consent back.
    """
    at = request.timestamp
    withdrawals = [
        stamp(g.withdrawn_at)
        for g in covering
        if g.withdrawn_at is not None and stamp(g.withdrawn_at) <= at
    ]
    if not withdrawals:
        return None
    last = max(withdrawals)
    if any(
        g.basis in CONSENT_BASES and last < stamp(g.granted_at) <= at
        for g in covering
        if g.withdrawn_at is None or stamp(g.withdrawn_at) > at
    ):
        return None
    return Deny(
        "consent",
        "consent_withdrawn",
        f"the {request.message.purpose.value} grant covering {request.message.channel.value} "
        "was withdrawn; a withdrawal is an opt-out, honoured in every jurisdiction",
        hint="a new opt-in would permit this",
        citation="CORE-SUPP-01; GDPR Art. 7(3)",
    )


def barred(request: Request) -> Deny | None:
    """
    The absolute denials: an objection to direct marketing.

    (A suppression-list entry is read by :func:`suppressed` first: a newer express opt-in
    may lift it.)
    """
    objected = request.contact.privacy.objected_to_marketing_at
    if (
        request.message.purpose in OBJECTION_PURPOSES
        and objected is not None
        and stamp(objected) <= request.timestamp
    ):
        return Deny(
            "consent",
            "objection_direct_marketing",
            "the contact objected to direct marketing; the objection is absolute",
        )
    return None


def suppressed(request: Request) -> Deny | Note | None:
    """
    The suppression-list entries barring the message: a denial, or a note that each was lifted.

    An entry the person's choice made is lifted by a newer express opt-in in force that
    covers the message's purpose on its channel (:meth:`~personal_touch.Suppression.lifted_by`);
    the note names each entry's reason and the grant that lifted it.  ``None`` when no entry
    applies.
    """
    msg = request.message
    lifts: list[str] = []
    for s in request.suppressions:
        if not s.applies(msg.channel, msg.purpose, at=request.at, topic=msg.topic):
            continue
        grant = s.lifted_by(_covering_in_force(request)) if s.reason.is_choice else None
        if grant is None:
            return _deny(s)
        where = "every channel" if s.channel is None else s.channel.value
        lifts.append(
            f"the suppression for {where} ({s.reason.value}, since {s.since.isoformat()}) "
            f"was lifted by grant {grant.id}"
        )
    if not lifts:
        return None
    return Note(
        "consent",
        "suppression_lifted",
        f"{'; '.join(lifts)}: an express opt-in given after it covers "
        f"{msg.purpose.value} on {msg.channel.value}",
        citation="CORE-SUPP-01",
    )


def _covering_in_force(request: Request) -> list[ConsentGrant]:
    channel = request.message.channel
    return [
        g for key in PURPOSE_KEYS[request.message.purpose] for g in request.grants_for(key, channel)
    ]


def _deny(s: Suppression) -> Deny:
    where = "every channel" if s.channel is None else s.channel.value
    scope = "" if s.subscription is None else f", subscription {s.subscription}"
    return Deny(
        "consent",
        "suppressed",
        f"the contact is on the suppression list for {where} ({s.reason.value}{scope}); "
        "the suppression is honoured at once",
        hint=(
            "an express opt-in given after it that covers this message, or removing the "
            "entry, lifts it"
            if s.reason.is_choice
            else "only removing the entry from the suppression list lifts it"
        ),
        citation="CORE-SUPP-01; GDPR Art. 21(3)",
    )
