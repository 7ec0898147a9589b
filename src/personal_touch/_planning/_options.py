"""
The options for a moment: which gestures, on which channels, with which facts.

Each option becomes a relationship :class:`~personal_touch.Message` that the policy decides.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._channels import Channel
from .._facts import Sensitivity
from .._message import FIRST_PARTY, Message, MessagePurpose
from .._moments._gestures import Gesture, GestureKind, suggest_gestures
from .._moments._variants import TripMoment

if TYPE_CHECKING:
    from .._contacts import Contact
    from .._moments._model import Moment

#: Where software may send an honest automated gesture, in the planner's order.
AUTOMATED_CHANNELS = (Channel.EMAIL, Channel.CHAT, Channel.SMS, Channel.PUSH, Channel.SOCIAL)
#: Where a person's own note or call may go, in the planner's order.
HUMAN_CHANNELS = (
    Channel.EMAIL,
    Channel.CHAT,
    Channel.SOCIAL,
    Channel.SMS,
    Channel.POST,
    Channel.PHONE,
)


def gestures_for(m: Moment, contact: Contact) -> tuple[Gesture, ...]:
    """
    The gestures for *m*, human ones first, each group in the person's preferred formats.

    Software only writes text: a person who stated formats without text (who prefers calls)
    gets no automated gesture.
    """
    gestures = suggest_gestures(m)
    formats = contact.preferences.preferred_formats
    if not formats:
        return gestures
    rank = {f: i for i, f in enumerate(formats)}

    def key(g: Gesture) -> tuple[bool, int]:
        return (not g.is_human, len(rank) if g.format is None else rank.get(g.format, len(rank)))

    return tuple(g for g in sorted(gestures, key=key) if g.is_human or g.format in rank)


def channels_for(contact: Contact, gesture: Gesture) -> tuple[Channel, ...]:
    """
    The channels *gesture* may travel on to *contact*, in the person's order.

    Their preferred channels first, then the planner's order; only channels with a verified
    address that they have not blocked.
    """
    blocked = contact.preferences.blocked_channels
    reachable = {p.channel for p in contact.contact_points if p.verified}
    allowed = gesture.channels or (HUMAN_CHANNELS if gesture.is_human else AUTOMATED_CHANNELS)
    if gesture.kind is not GestureKind.CALL and not gesture.channels:
        allowed = tuple(c for c in allowed if c is not Channel.PHONE)
    return tuple(
        c
        for c in dict.fromkeys((*contact.preferences.preferred_channels, *allowed))
        if c in allowed and c in reachable and c not in blocked
    )


def content_facts(moment: Moment, contact: Contact, gesture: Gesture) -> tuple[str, ...]:
    """
    The fact keys a gesture wants to use.

    The moment's own, and for a trip recommendation the person's ordinary interests too.
    """
    keys = list(moment.fact_keys)
    if isinstance(moment, TripMoment) and gesture.kind is GestureKind.RECOMMENDATION:
        keys += sorted(
            f.key
            for f in contact.facts
            if f.is_under("interests") and f.sensitivity is Sensitivity.ORDINARY
        )
    return tuple(dict.fromkeys(keys))


def message_about(m: Moment, contact: Contact, g: Gesture, channel: Channel) -> Message:
    """
    The relationship message gesture *g* about *m* would be on *channel*, for the policy.
    """
    return Message(
        purpose=MessagePurpose.RELATIONSHIP,
        channel=channel,
        authorship=g.authorship,
        level=g.level,
        content_facts=content_facts(m, contact, g),
        topic=m.kind.value,
        content=FIRST_PARTY,
        moment_id=m.id,
    )
