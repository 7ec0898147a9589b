"""
What happened between us and a contact: the history rules count and learn from.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs
import pendulum

from ._channels import Channel, optional_channel
from ._facts import key_set
from ._levels import Authorship, Level, optional_authorship, optional_level
from ._message import MessagePurpose, parse_purpose, within_subscription
from ._time import check_aware, to_datetime
from ._validators import StrictStrEnum, items, lookup, optional_text, text
from .exceptions import InvalidFieldError


class InteractionKind(StrictStrEnum):
    """
    What happened.

    .. versionadded:: 0.1.0
    """

    SENT = "sent"
    DELIVERED = "delivered"
    BOUNCED = "bounced"
    OPENED = "opened"
    CLICKED = "clicked"
    REPLIED = "replied"
    CALLED = "called"
    MET = "met"
    UNSUBSCRIBED = "unsubscribed"
    COMPLAINED = "complained"
    FELT_INTRUSIVE = "felt_intrusive"
    CONVERTED = "converted"
    PURCHASED = "purchased"
    INQUIRED = "inquired"

    @property
    def is_negative(self) -> bool:
        """
        Whether it is a reaction that should make us dial back.
        """
        return self in _NEGATIVE

    @property
    def is_touch(self) -> bool:
        """
        Whether we reached out (a message, a call, a meeting).
        """
        return self in _TOUCHES

    @property
    def is_response(self) -> bool:
        """
        Whether the person engaged back (replied, converted, purchased, inquired).
        """
        return self in _RESPONSES


_NEGATIVE = frozenset(
    {InteractionKind.UNSUBSCRIBED, InteractionKind.COMPLAINED, InteractionKind.FELT_INTRUSIVE}
)
_TOUCHES = frozenset({InteractionKind.SENT, InteractionKind.CALLED, InteractionKind.MET})
_RESPONSES = frozenset(
    {
        InteractionKind.REPLIED,
        InteractionKind.CONVERTED,
        InteractionKind.PURCHASED,
        InteractionKind.INQUIRED,
    }
)


def _kind(value: InteractionKind | str) -> InteractionKind:
    return lookup(InteractionKind, value, "kind")


def _keys(values: Iterable[str]) -> frozenset[str]:
    return key_set(values, "facts_used")


def _optional_purpose(value: MessagePurpose | str | None) -> MessagePurpose | None:
    return None if value is None else parse_purpose(value)


def _opt_out_purposes(values: Iterable[MessagePurpose | str]) -> frozenset[MessagePurpose]:
    out = frozenset(parse_purpose(v) for v in items(values, "opt_out_purposes"))
    if MessagePurpose.TRANSACTIONAL in out:
        raise InvalidFieldError(
            "opt_out_purposes", "an opt-out never covers transactional messages (receipts)"
        )
    return out


def _subscription(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidFieldError("subscription", "must be a non-empty string or None")


@attrs.frozen(kw_only=True)
class Interaction:
    """
    One event between us and a contact.

    Args:
        contact_id: Whose history it belongs to.
        kind: What happened.
        at: When (aware).
        channel: The channel it happened on.
        purpose: The message purpose (``"marketing"``), for sent messages; a typo is an
            :class:`~personal_touch.exceptions.UnknownPurposeError`, never a message that
            legal call caps would not count.
        level: How personal a sent message was.
        authorship: Who wrote a sent message.
        facts_used: Fact keys a sent message used.
        topic: What it was about (a fact-key-like topic, e.g. ``"renewal"``); legal call
            caps count calls per subject.
        message_id: Your id of the message or campaign it belongs to.
        moment_id: The moment it acted on, so an occurrence is never acted on twice.

    .. versionadded:: 0.1.0
    """

    contact_id: str = attrs.field(validator=text("contact_id"))
    kind: InteractionKind = attrs.field(converter=_kind)
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    channel: Channel | None = attrs.field(default=None, converter=optional_channel)
    purpose: MessagePurpose | None = attrs.field(default=None, converter=_optional_purpose)
    level: Level | None = attrs.field(default=None, converter=optional_level)
    authorship: Authorship | None = attrs.field(default=None, converter=optional_authorship)
    facts_used: frozenset[str] = attrs.field(default=frozenset(), converter=_keys)
    topic: str | None = attrs.field(default=None, validator=optional_text("topic"))
    message_id: str | None = attrs.field(default=None, validator=optional_text("message_id"))
    moment_id: str | None = attrs.field(default=None, validator=optional_text("moment_id"))
    subscription: str | None = attrs.field(default=None, validator=_subscription)
    opt_out_purposes: frozenset[MessagePurpose] = attrs.field(
        default=frozenset(), converter=_opt_out_purposes
    )

    @property
    def is_scoped(self) -> bool:
        """
        Whether it names a subscription or opt-out purposes: as an opt-out, it is scoped.

        .. versionadded:: 0.4.0
        """
        return self.subscription is not None or bool(self.opt_out_purposes)

    def within_scope(self, purpose: MessagePurpose | str, topic: str | None = None) -> bool:
        """
        Whether a message of *purpose* on *topic* falls within its opt-out scope.

        Unscoped, every message does (the rule reading it decides which purposes an unscoped
        opt-out bars).  Scoped, a message does when its purpose is not transactional, is
        among :attr:`opt_out_purposes` (when any) and its topic lies within
        :attr:`subscription` (when given; a message without a topic lies within none).
        The channel is the caller's to match.

        Raises:
            UnknownPurposeError: *purpose* is not a message purpose.

        .. versionadded:: 0.4.0
        """
        purpose = parse_purpose(purpose)
        if self.subscription is None and not self.opt_out_purposes:
            return True
        if purpose is MessagePurpose.TRANSACTIONAL:
            return False
        if self.opt_out_purposes and purpose not in self.opt_out_purposes:
            return False
        return self.subscription is None or within_subscription(topic, self.subscription)
