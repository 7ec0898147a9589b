"""
A message someone wants to send: what the policy engine is asked about.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from ._channels import Channel, parse_channel
from ._facts import validate_key
from ._levels import Authorship, Level
from .exceptions import UnknownPurposeError


class MessagePurpose(enum.StrEnum):
    """
    Why a message is sent; decides which consent it needs.

    .. versionadded:: 0.1.0
    """

    #: Promotes products or services (a newsletter, an offer).
    MARKETING = "marketing"
    #: Keeps a relationship warm with no offer in it (a note about their trip).
    RELATIONSHIP = "relationship"
    #: Completes or confirms a transaction the person asked for (a receipt).
    TRANSACTIONAL = "transactional"
    #: Asks for consent; itself a commercial message under CASL.
    CONSENT_REQUEST = "consent_request"
    #: Asks for donations (charities).
    FUNDRAISING = "fundraising"
    #: Asks for feedback with no offer in it.
    SURVEY = "survey"


_PURPOSES = {p.value: p for p in MessagePurpose}


def _purpose(value: MessagePurpose | str) -> MessagePurpose:
    # A lookup, not MessagePurpose(value): no exception echoing the input is chained.
    found = _PURPOSES.get(value) if isinstance(value, str) else None
    if found is None:
        raise UnknownPurposeError("purpose", tuple(_PURPOSES))
    return found


def _keys(values: Iterable[str]) -> frozenset[str]:
    return frozenset(validate_key(v, "facts") for v in values)


@attrs.frozen(kw_only=True)
class ContentFlags:
    """
    What the message content does that the law cares about.

    .. versionadded:: 0.1.0
    """

    sender_identified: bool = True
    unsubscribe_offered: bool = True
    postal_address: bool = True
    accurate_subject: bool = True
    identified_as_ad: bool = False
    third_party_disclosure: bool = False
    custom_audience: bool = False


@attrs.frozen(kw_only=True)
class Message:
    """
    A message someone wants to send, described for the policy engine.

    Args:
        purpose: Why it is sent.
        channel: The channel it goes on.
        authorship: Who writes it.
        level: The most personal level it would like to reach.
        content_facts: Fact keys it wants to use to fill content.
        targeting_facts: Fact keys used to choose the recipient.
        product_category: What it promotes, for soft opt-in's "similar products".
        topic: What it is about (fact-key-like), for excluded topics and per-subject caps.
        in_reply_to_inquiry: A human answering the person's own question.
        content: Legally relevant content flags.
        authorship_claims: Codes of claims of personal authorship or attention found in
            its template (see the template linter); an automated message with any is denied.
        moment_id: The moment it acts on, if any.
        id: Your id for the message or campaign.

    .. versionadded:: 0.1.0
    """

    purpose: MessagePurpose = attrs.field(converter=_purpose)
    channel: Channel = attrs.field(converter=parse_channel)
    authorship: Authorship = attrs.field(default=Authorship.AUTOMATED, converter=Authorship)
    level: Level = attrs.field(default=Level.GENERIC, converter=Level)
    content_facts: frozenset[str] = attrs.field(default=frozenset(), converter=_keys)
    targeting_facts: frozenset[str] = attrs.field(default=frozenset(), converter=_keys)
    product_category: str | None = None
    topic: str | None = None
    in_reply_to_inquiry: bool = False
    content: ContentFlags = attrs.field(factory=ContentFlags)
    authorship_claims: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)
    moment_id: str | None = None
    id: str | None = None
