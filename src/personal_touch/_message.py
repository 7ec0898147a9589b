"""
A message someone wants to send: what the policy engine is asked about.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

import attrs

from ._channels import Channel, parse_channel
from ._facts import key_set
from ._levels import Authorship, Level
from ._validators import (
    StrictStrEnum,
    boolean,
    instance_of,
    optional_text,
    str_set,
)
from .exceptions import InvalidFieldError, UnknownPurposeError


class MessagePurpose(StrictStrEnum):
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


def parse_purpose(value: MessagePurpose | str) -> MessagePurpose:
    """
    The :class:`MessagePurpose` *value* names (idempotent).

    Raises:
        UnknownPurposeError: It names none; the message lists the purposes, never *value*.
    """
    # A lookup, not MessagePurpose(value): no exception echoing the input is chained.
    found = _PURPOSES.get(value) if isinstance(value, str) else None
    if found is None:
        raise UnknownPurposeError("purpose", tuple(_PURPOSES))
    return found


def within_subscription(topic: str | None, subscription: str) -> bool:
    """
    Whether a message on *topic* belongs to *subscription* (a list or topic key).

    It does when its topic is the subscription or lies below it: ``"newsletter"`` holds
    ``"newsletter.weekly"`` but not ``"newsletters"``.  A message without a topic belongs
    to no subscription.

    >>> within_subscription("newsletter.weekly", "newsletter"), within_subscription(None, "news")
    (True, False)

    .. versionadded:: 0.4.0
    """
    return topic is not None and (topic == subscription or topic.startswith(subscription + "."))


def _claims(values: Iterable[str]) -> frozenset[str]:
    return str_set(values, "authorship_claims")


def _keys(values: Iterable[str]) -> frozenset[str]:
    return key_set(values, "facts")


def _asks(values: Iterable[str]) -> frozenset[str]:
    return key_set(values, "asks")


def _flag(_instance: object, attribute: attrs.Attribute[bool | None], value: object) -> None:
    if value is not None and not isinstance(value, bool):
        raise InvalidFieldError(
            f"content.{attribute.name}", "must be true, false or null (undeclared)"
        )


@attrs.frozen(kw_only=True)
class ContentFlags:
    """
    What the message content does that the law cares about, as the sender declares it.

    Each flag is ``True`` (it does), ``False`` (it does not) or ``None`` (undeclared, the
    default).  Nothing is assumed: a legal rule that needs a flag the message left undeclared
    denies it (code ``content_undeclared``) and its hint names the flag to declare.  Declare
    ``sender_identified``, ``unsubscribe_offered`` and ``postal_address`` true when the
    template carries them or :meth:`Template.render <personal_touch.Template.render>` adds
    them from a :class:`~personal_touch.SenderProfile` (it refuses to render without them).

    Args:
        sender_identified: The sender is named and its header information is accurate.
        unsubscribe_offered: The message offers a working way to opt out.
        postal_address: The message gives the sender's valid physical postal address.
        accurate_subject: The subject line matches the content.
        identified_as_ad: The message says it is an advertisement.
        third_party_disclosure: Sending it discloses the recipient's data to a third party.
        custom_audience: The recipient's data is uploaded to build an advertising audience.

    >>> import personal_touch as pt
    >>> pt.ContentFlags().unsubscribe_offered is None
    True
    >>> pt.ContentFlags.declared().undeclared()
    ()

    .. versionadded:: 0.1.0
    """

    sender_identified: bool | None = attrs.field(default=None, validator=_flag)
    unsubscribe_offered: bool | None = attrs.field(default=None, validator=_flag)
    postal_address: bool | None = attrs.field(default=None, validator=_flag)
    accurate_subject: bool | None = attrs.field(default=None, validator=_flag)
    identified_as_ad: bool | None = attrs.field(default=None, validator=_flag)
    third_party_disclosure: bool | None = attrs.field(default=None, validator=_flag)
    custom_audience: bool | None = attrs.field(default=None, validator=_flag)

    @classmethod
    def declared(
        cls,
        *,
        sender_identified: bool = True,
        unsubscribe_offered: bool = True,
        postal_address: bool = True,
        accurate_subject: bool = True,
        identified_as_ad: bool = True,
        third_party_disclosure: bool = False,
        custom_audience: bool = False,
    ) -> Self:
        """
        Every flag declared; by default every legal element carried, no data shared.

        Pass what differs: ``ContentFlags.declared(custom_audience=True)``.  Declaring is a
        statement about the message you send; render with a
        :class:`~personal_touch.SenderProfile` so that the sender, address and opt-out
        really are in it.

        .. versionadded:: 0.1.0
        """
        return cls(
            sender_identified=sender_identified,
            unsubscribe_offered=unsubscribe_offered,
            postal_address=postal_address,
            accurate_subject=accurate_subject,
            identified_as_ad=identified_as_ad,
            third_party_disclosure=third_party_disclosure,
            custom_audience=custom_audience,
        )

    def undeclared(self) -> tuple[str, ...]:
        """
        The names of the flags left undeclared (``None``), in field order.

        .. versionadded:: 0.1.0
        """
        return tuple(a.name for a in attrs.fields(type(self)) if getattr(self, a.name) is None)


#: The flags of a first-party message that shares no data with third parties, declaring
#: nothing else (what the planner and the demos send).
FIRST_PARTY = ContentFlags(third_party_disclosure=False, custom_audience=False)


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
        topic: What it is about (fact-key-like), for excluded topics and per-subject caps;
            also the subscription (list or topic key, such as ``"newsletter.weekly"``) it
            belongs to, which a subscription-scoped opt-out or suppression reads.
        in_reply_to_inquiry: A human answering the person's own question.
        content: Legally relevant content flags, undeclared unless you declare them.
        authorship_claims: Codes of claims of personal authorship or attention found in
            its template (see the template linter); an automated message with any is denied.
        moment_id: The moment it acts on, if any.
        id: Your id for the message or campaign.
        asks: Fact keys it asks the person for (a question such as "What's your shirt
            size?" asks for ``apparel.shirt_size``): the policy denies asking again for an
            answer the person already gave and that is still fresh.
        automated_decision: It results from a decision based solely on automated
            processing that has legal or similarly significant effects on the person (an
            automated credit refusal, a price set by profiling): GDPR Art. 22 applies.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       ``asks``.
    .. versionchanged:: 0.4.0
       ``automated_decision``.
    """

    purpose: MessagePurpose = attrs.field(converter=parse_purpose)
    channel: Channel = attrs.field(converter=parse_channel)
    authorship: Authorship = attrs.field(default=Authorship.AUTOMATED, converter=Authorship)
    level: Level = attrs.field(default=Level.GENERIC, converter=Level)
    content_facts: frozenset[str] = attrs.field(default=frozenset(), converter=_keys)
    targeting_facts: frozenset[str] = attrs.field(default=frozenset(), converter=_keys)
    product_category: str | None = attrs.field(
        default=None, validator=optional_text("product_category")
    )
    topic: str | None = attrs.field(default=None, validator=optional_text("topic"))
    in_reply_to_inquiry: bool = attrs.field(default=False, validator=boolean("in_reply_to_inquiry"))
    content: ContentFlags = attrs.field(
        factory=ContentFlags, validator=instance_of(ContentFlags, "content")
    )
    authorship_claims: frozenset[str] = attrs.field(default=frozenset(), converter=_claims)
    moment_id: str | None = attrs.field(default=None, validator=optional_text("moment_id"))
    id: str | None = attrs.field(default=None, validator=optional_text("id"))
    asks: frozenset[str] = attrs.field(default=frozenset(), converter=_asks)
    automated_decision: bool = attrs.field(default=False, validator=boolean("automated_decision"))
