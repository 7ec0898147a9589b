"""
Suppression lists: who must not be sent to, kept apart from (and outliving) the history.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Self

import attrs
import pendulum

from ._channels import Channel, parse_channel
from ._message import MessagePurpose
from ._purposes import MARKETING_PURPOSES
from ._time import aware, check_aware, to_datetime
from ._validators import items
from .exceptions import InvalidFieldError, UnknownPurposeError

if TYPE_CHECKING:
    from ._contacts import Contact

__all__ = ["Suppression", "SuppressionList", "SuppressionReason"]

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


def _opt_channel(value: Channel | str | None) -> Channel | None:
    return None if value is None else parse_channel(value)


def _purposes(values: Iterable[MessagePurpose | str]) -> frozenset[MessagePurpose]:
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
    messages included).  It holds until it is removed from the list: unlike an unsubscribe
    in the history, a later grant does not lift it (fail closed).

    Args:
        contact_id: Whose entry it is, if known by id.
        address_digest: :meth:`digest` of the address, if known by address.
        channel: The channel it bars; ``None`` for every channel.
        purposes: The message purposes it bars; empty for every purpose.  By default
            what an unsubscribe covers (CORE-SUPP-01): marketing, fundraising and
            consent requests.
        reason: Why.
        since: When it took effect (aware).

    .. versionadded:: 0.1.0
    """

    contact_id: str | None = attrs.field(default=None, converter=_opt_id)
    address_digest: str | None = attrs.field(default=None, converter=_opt_digest, repr=False)
    channel: Channel | None = attrs.field(default=None, converter=_opt_channel)
    purposes: frozenset[MessagePurpose] = attrs.field(
        default=MARKETING_PURPOSES, converter=_purposes
    )
    reason: SuppressionReason = attrs.field(
        default=SuppressionReason.UNSUBSCRIBED, converter=_reason
    )
    since: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)

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

    def applies(self, channel: Channel, purpose: MessagePurpose, *, at: pendulum.DateTime) -> bool:
        """
        Whether it bars *purpose* on *channel* at instant *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return (
            self.since <= at
            and (self.channel is None or self.channel is parse_channel(channel))
            and (not self.purposes or purpose in self.purposes)
        )


def _entries(values: Iterable[Suppression]) -> tuple[Suppression, ...]:
    if isinstance(values, SuppressionList):
        return values.entries
    if isinstance(values, (Suppression, str)) or not isinstance(values, Iterable):
        raise InvalidFieldError("entries", "expected a collection of Suppression values")
    items = set()
    for s in values:
        if not isinstance(s, Suppression):
            raise InvalidFieldError("entries", "expected Suppression values")
        items.add(s)
    return tuple(sorted(items, key=_order))


def _order(s: Suppression) -> tuple[float, str, str, str, str, tuple[str, ...], str]:
    return (
        s.since.timestamp(),
        s.contact_id or "",
        s.address_digest or "",
        "" if s.channel is None else s.channel.value,
        s.reason.value,
        tuple(sorted(p.value for p in s.purposes)),
        repr(s.since),
    )


@attrs.frozen
class SuppressionList:
    """
    A set of :class:`Suppression` entries, indexed by contact id and address digest.

    Pass it to :func:`~personal_touch.decide` (``suppressions=``): the consent rule denies
    what an entry matching the contact bars, whatever the history and the grants say.
    Entries are kept in a canonical order, so the order they were loaded in never matters.
    A list that carries a salt (:meth:`with_salt`) matches an address by its plain digest
    and by its digest salted with it (as a store writes them when it erases a person).

    .. versionadded:: 0.1.0
    """

    entries: tuple[Suppression, ...] = attrs.field(default=(), converter=_entries)
    _by_contact: dict[str, tuple[Suppression, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, alias="_by_contact"
    )
    _by_digest: dict[str, tuple[Suppression, ...]] = attrs.field(
        init=False, eq=False, repr=False, hash=False, alias="_by_digest"
    )
    _salt: bytes | None = attrs.field(
        init=False, default=None, eq=False, repr=False, hash=False, alias="_salt"
    )

    def __attrs_post_init__(self) -> None:
        by_contact: dict[str, list[Suppression]] = {}
        by_digest: dict[str, list[Suppression]] = {}
        for s in self.entries:
            if s.contact_id is not None:
                by_contact.setdefault(s.contact_id, []).append(s)
            if s.address_digest is not None:
                by_digest.setdefault(s.address_digest, []).append(s)
        object.__setattr__(self, "_by_contact", {k: tuple(v) for k, v in by_contact.items()})
        object.__setattr__(self, "_by_digest", {k: tuple(v) for k, v in by_digest.items()})

    def __iter__(self) -> Iterator[Suppression]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def salt(self) -> bytes | None:
        """
        The salt salted digests are matched with, or ``None``.

        .. versionadded:: 0.2.0
        """
        return self._salt

    def with_salt(self, salt: bytes | None) -> Self:
        """
        This list, matching addresses also by their digest salted with *salt*.

        Raises:
            InvalidFieldError: *salt* is not non-empty bytes or ``None``.

        .. versionadded:: 0.2.0
        """
        if salt is not None and (not isinstance(salt, bytes) or not salt):
            raise InvalidFieldError("salt", "must be non-empty bytes or None")
        out = type(self)(self.entries)
        object.__setattr__(out, "_salt", salt)
        return out

    def add(self, suppression: Suppression) -> Self:
        """
        A list with *suppression* added (keeping its salt).
        """
        return type(self)((*self.entries, suppression)).with_salt(self._salt)

    def for_contact(self, contact: Contact) -> tuple[Suppression, ...]:
        """
        The entries naming *contact* by id or by one of its contact points, in list order.
        """
        found = set(self._by_contact.get(contact.id, ()))
        if self._by_digest:
            for point in contact.contact_points:
                found.update(self._by_digest.get(Suppression.digest(point.address), ()))
                if self._salt is not None:
                    salted = Suppression.digest(point.address, salt=self._salt)
                    found.update(self._by_digest.get(salted, ()))
        return tuple(sorted(found, key=_order))

    def is_suppressed(
        self,
        contact: Contact,
        *,
        channel: Channel | str,
        purpose: MessagePurpose | str,
        at: pendulum.DateTime,
    ) -> bool:
        """
        Whether an entry bars *purpose* on *channel* to *contact* at instant *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownChannelError: *channel* is not a channel.
            UnknownPurposeError: *purpose* is not a message purpose.
        """
        at = aware(at, "at")
        ch = parse_channel(channel)
        (mp,) = _purposes((purpose,))
        return any(s.applies(ch, mp, at=at) for s in self.for_contact(contact))
