"""
One suppression-list entry and why it exists: a contact or address that must not be sent to.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Self

import attrs
import pendulum

from .._channels import Channel, parse_channel
from .._consent._instants import micros
from .._message import MessagePurpose, within_subscription
from .._purposes import MARKETING_PURPOSES
from .._time import aware, check_aware, to_datetime
from .._validators import items
from ..exceptions import InvalidFieldError, UnknownPurposeError

if TYPE_CHECKING:
    from .._consent import ConsentGrant

__all__ = ["Suppression", "SuppressionReason", "message_purposes"]

_DIGEST = re.compile(r"^[0-9a-f]{64}$")
_PHONE = re.compile(r"^\+?[0-9\s().-]+$")
_PHONE_NOISE = re.compile(r"[\s().-]")
_MESSAGE_PURPOSES = {p.value: p for p in MessagePurpose}


class SuppressionReason(enum.StrEnum):
    """
    Why a contact or address is suppressed.

    .. versionadded:: 0.1.0
    """

    #: The person unsubscribed (an opt-out link, a STOP reply, a call).
    UNSUBSCRIBED = "unsubscribed"
    #: The person objected to direct marketing (GDPR Art. 21).
    OBJECTED = "objected"
    #: The person marked a message as spam.
    COMPLAINT = "complaint"
    #: The address does not exist (a hard bounce).
    BOUNCED = "bounced"
    #: Kept after the person's data was erased, so their opt-out survives the erasure.
    ERASED = "erased"
    #: Any other reason never to contact them (a legal hold, a deceased person).
    DO_NOT_CONTACT = "do_not_contact"

    @property
    def is_choice(self) -> bool:
        """
        Whether the person's own choice made it (an unsubscribe, an objection, a complaint).

        A newer express opt-in lifts such a suppression (:meth:`Suppression.lifted_by`);
        a hard bounce, an erasure and a do-not-contact entry are never lifted by a grant.

        .. versionadded:: 0.3.0
        """
        return self in _CHOICES


_CHOICES = frozenset(
    {SuppressionReason.UNSUBSCRIBED, SuppressionReason.OBJECTED, SuppressionReason.COMPLAINT}
)


def _opt_id(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError("contact_id", "must be a non-empty string or None")
    return value


def _opt_digest(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not _DIGEST.match(value):
        raise InvalidFieldError(
            "address_digest", "must be a SHA-256 hex digest (see Suppression.digest)"
        )
    return value


def _check_subscription(_instance: object, _attribute: object, value: str | None) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise InvalidFieldError("subscription", "must be a non-empty string or None")


def _opt_channel(value: Channel | str | None) -> Channel | None:
    return None if value is None else parse_channel(value)


def message_purposes(values: Iterable[MessagePurpose | str]) -> frozenset[MessagePurpose]:
    out = set()
    for v in items(values, "purposes"):  # refuses text and non-collections, typed
        found = _MESSAGE_PURPOSES.get(v) if isinstance(v, str) else None
        if found is None:
            raise UnknownPurposeError("purposes", tuple(_MESSAGE_PURPOSES))
        out.add(found)
    return frozenset(out)


def _reason(value: SuppressionReason | str) -> SuppressionReason:
    for r in SuppressionReason:
        if value == r.value:
            return r
    raise InvalidFieldError(
        "reason", f"expected one of: {', '.join(r.value for r in SuppressionReason)}"
    )


@attrs.frozen(kw_only=True)
class Suppression:
    """
    One entry of a suppression list: a contact or an address that must not be sent to.

    It matches a contact by id or by the digest of one of its contact points
    (:meth:`digest`; the list never holds a raw address), from *since* on, on *channel*
    (``None``: every channel), for *purposes* (by default those an unsubscribe covers:
    marketing, fundraising and consent requests; empty: every purpose, transactional
    messages included), and, when it names a *subscription*, only for messages of that
    subscription (a :attr:`Message.topic <personal_touch.Message.topic>` equal to it or
    below it: ``"newsletter"`` bars ``"newsletter.weekly"``).

    It holds until it is removed from the list, or, when the person's own choice made it
    (:attr:`SuppressionReason.is_choice`: unsubscribed, objected, complaint), until a newer
    express opt-in: :func:`~personal_touch.decide` lets a message through when a grant in
    force at the instant, on an express-consent basis
    (:attr:`LawfulBasis.is_consent <personal_touch.LawfulBasis.is_consent>`), given
    strictly after *since*, covers the message's purpose on its channel (the lift goes no
    further than that grant: an e-mail opt-in lifts nothing on SMS), and its reasons name
    that grant.  An implied or soft opt-in, or one given before or at the same instant as
    the suppression, never lifts it; nor does any grant lift a hard bounce, an erasure or a
    do-not-contact entry (fail closed).

    Args:
        contact_id: Whose entry it is, if known by id.
        address_digest: :meth:`digest` of the address, if known by address.
        channel: The channel it bars; ``None`` for every channel.
        purposes: The message purposes it bars; empty for every purpose.  By default
            what an unsubscribe covers (CORE-SUPP-01): marketing, fundraising and
            consent requests.
        reason: Why.
        since: When it took effect (aware).
        subscription: The subscription (your topic or list key, such as
            ``"newsletter.weekly"``) it is scoped to; ``None`` (the default) for every
            message of its purposes.  A message without a topic is outside every
            subscription.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.3.0
       A newer express opt-in lifts an entry the person's choice made; the *subscription*
       scope.
    """

    contact_id: str | None = attrs.field(default=None, converter=_opt_id)
    address_digest: str | None = attrs.field(default=None, converter=_opt_digest, repr=False)
    channel: Channel | None = attrs.field(default=None, converter=_opt_channel)
    purposes: frozenset[MessagePurpose] = attrs.field(
        default=MARKETING_PURPOSES, converter=message_purposes
    )
    reason: SuppressionReason = attrs.field(
        default=SuppressionReason.UNSUBSCRIBED, converter=_reason
    )
    since: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    subscription: str | None = attrs.field(default=None, validator=_check_subscription)

    def __attrs_post_init__(self) -> None:
        if self.contact_id is None and self.address_digest is None:
            raise InvalidFieldError("contact_id", "a suppression needs a contact_id or an address")

    @classmethod
    def for_address(
        cls,
        address: str,
        *,
        since: pendulum.DateTime,
        channel: Channel | str | None = None,
        purposes: Iterable[MessagePurpose | str] = MARKETING_PURPOSES,
        reason: SuppressionReason | str = SuppressionReason.UNSUBSCRIBED,
        salt: bytes | None = None,
    ) -> Self:
        """
        An entry for *address*, holding only its :meth:`digest` (keyed by *salt*, if given).
        """
        return cls(
            address_digest=cls.digest(address, salt=salt),
            channel=channel,
            purposes=purposes,
            reason=reason,
            since=since,
        )

    @staticmethod
    def digest(address: str, *, salt: bytes | None = None) -> str:
        """
        The SHA-256 hex digest of a normalized address (e-mail address, phone number...).

        With *salt*, the digest is HMAC-SHA256 keyed by it: a list of salted digests cannot
        be matched against a table of precomputed phone-number digests, nor against another
        store's list.  A :class:`SuppressionList` given the same salt
        (:meth:`SuppressionList.with_salt`) matches both kinds.

        Normalized: surrounding blanks removed, case folded, and for a phone number the
        spaces, dots, dashes and brackets dropped, so ``" Ana@Example.com"`` and
        ``"ana@example.com"`` match, and so do ``"+1 (312) 555-0100"`` and ``"+13125550100"``.

        >>> Suppression.digest(" Ana@Example.com") == Suppression.digest("ana@example.com")
        True

        Raises:
            InvalidFieldError: *address* is not a non-empty string, or *salt* is not
                non-empty bytes.

        .. versionchanged:: 0.2.0
           The *salt* argument.
        """
        if not isinstance(address, str) or not address.strip():
            raise InvalidFieldError("address", "must be a non-empty string")
        text = address.strip().casefold()
        if _PHONE.match(text):
            text = _PHONE_NOISE.sub("", text)
        if salt is None:
            return hashlib.sha256(text.encode()).hexdigest()
        if not isinstance(salt, bytes) or not salt:
            raise InvalidFieldError("salt", "must be non-empty bytes or None")
        return hmac.new(salt, text.encode(), hashlib.sha256).hexdigest()

    def applies(
        self,
        channel: Channel,
        purpose: MessagePurpose,
        *,
        at: pendulum.DateTime,
        topic: str | None = None,
    ) -> bool:
        """
        Whether it bars *purpose* on *channel*, for a message on *topic*, at instant *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.

        .. versionchanged:: 0.3.0
           The *topic* argument, read by an entry scoped to a subscription.
        """
        at = aware(at, "at")
        sub = self.subscription
        return (
            self.since <= at
            and (self.channel is None or self.channel is parse_channel(channel))
            and (not self.purposes or purpose in self.purposes)
            and (sub is None or within_subscription(topic, sub))
        )

    def lifted_by(self, grants: Iterable[ConsentGrant]) -> ConsentGrant | None:
        """
        The grant among *grants* that lifts it, or ``None``.

        One that lifts it: the entry was made by the person's choice
        (:attr:`SuppressionReason.is_choice`) and the grant is an express opt-in
        (``basis.is_consent``) given strictly after :attr:`since` (an opt-in at the same
        instant cannot be told to come after it: the entry holds).  Of several, the most
        recently given (then the greatest id), so the answer never depends on their order.
        Pass only grants in force at the instant that cover the message's purpose on its
        channel: :func:`~personal_touch.decide` does (and
        :meth:`SuppressionList.is_suppressed` given ``grants=``).

        .. versionadded:: 0.3.0
        """
        if not self.reason.is_choice:
            return None
        since = micros(self.since)
        found = [g for g in grants if g.basis.is_consent and micros(g.granted_at) > since]
        return max(found, key=_given, default=None)


def _given(grant: ConsentGrant) -> tuple[int, str]:
    return micros(grant.granted_at), grant.id
