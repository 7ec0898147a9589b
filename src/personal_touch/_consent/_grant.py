"""
One consent grant: a person's permission for a purpose, its bounds in time and its transitions.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from typing import Self

import attrs
import pendulum

from .._channels import Channel, parse_channel
from .._time import (
    aware,
    aware_or_none,
    check_aware,
    check_aware_or_none,
    to_datetime,
    to_datetime_or_none,
)
from .._validators import items, lookup
from ..exceptions import ConsentStateError, InvalidFieldError
from ._basis import LawfulBasis
from ._evidence import Evidence
from ._instants import NEVER, micros, micros_or_never
from ._purpose import Purpose, question, split
from ._scope import GrantScope, GrantStatus

__all__ = ["ConsentGrant", "Row", "row"]


def _channel_set(values: Iterable[Channel | str]) -> frozenset[Channel]:
    return frozenset(parse_channel(v, "channels") for v in items(values, "channels"))


def _basis(value: LawfulBasis | str) -> LawfulBasis:
    return lookup(LawfulBasis, value, "basis")


def _plain(value: str) -> str:
    # A Purpose member is stored as its plain string: reprs, hashes and JSON stay as they were.
    return str(value) if isinstance(value, Purpose) else value


def _check_purpose(_instance: object, _attribute: object, value: str) -> None:
    Purpose.parse(value)


#: A grant as plain data, ``(own purpose, channels, start, end)``: its purpose without a
#: channel it names and the channels it covers (empty: every one), so ``marketing.email`` is
#: ``("marketing", {Channel.EMAIL}, ...)``; it is in force at ``t`` (:func:`~._instants.micros`)
#: exactly when ``start <= t < end``.  ``start`` is when it was given, or confirmed where
#: double opt-in is required (:data:`~._instants.NEVER` while unconfirmed); ``end`` is the
#: earlier of its withdrawal and expiry (``NEVER`` if neither).
Row = tuple[str, frozenset[Channel], float, float]


def _since(value: pendulum.DateTime | None, given: int, field: str) -> float:
    if value is None:
        return NEVER
    found = micros(value)
    if found < given:
        raise InvalidFieldError(field, "must not be before granted_at")
    return found


@attrs.frozen(kw_only=True)
class ConsentGrant:
    """
    A person's permission for one purpose, on some channels, from an instant on.

    In force at instant ``at`` when ``granted_at <= at`` and ``at`` is before both
    ``expires_at`` and ``withdrawn_at`` (end-exclusive: a withdrawal at 10:00 means no at
    10:00), and, where double opt-in is required, it was confirmed by ``at``.  Instants are
    compared as instants, whatever their time zones (a repeated DST hour included).

    Args:
        id: Your stable id for the grant.
        contact_id: Whose grant it is.
        purpose: A dotted purpose key, see :class:`Purpose` (a member or its string).
        channels: Channels it covers; empty means every channel.
        basis: The lawful basis.
        granted_at: When it was given (for implied bases, the relationship event:
            the purchase, the inquiry).
        scope: Fact keys, special categories or product categories it is limited to.
        expires_at: When it lapses, if it does.
        withdrawn_at: When it was withdrawn.
        requires_confirmation: Whether double opt-in is needed before it counts.
        confirmed_at: When the double opt-in was confirmed.
        evidence: How it was captured.
        recorded_at: When our records learnt of this version (transaction time), as
            opposed to when its events happened (valid time).  ``None`` (the default, and
            what older documents hold) means it was recorded when its
            latest event happened: see :attr:`known_since`.  A ``recorded_at`` naming
            that same instant is kept as ``None``, so one record has one value.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.2.0
       ``recorded_at``: each version says when it was recorded.
    """

    id: str = attrs.field()
    contact_id: str = attrs.field()
    purpose: str = attrs.field(converter=_plain, validator=_check_purpose)
    channels: frozenset[Channel] = attrs.field(default=frozenset(), converter=_channel_set)
    basis: LawfulBasis = attrs.field(default=LawfulBasis.CONSENT, converter=_basis)
    granted_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    scope: GrantScope | None = None
    expires_at: pendulum.DateTime | None = attrs.field(
        default=None,
        converter=to_datetime_or_none,
        validator=check_aware_or_none,
    )
    withdrawn_at: pendulum.DateTime | None = attrs.field(
        default=None,
        converter=to_datetime_or_none,
        validator=check_aware_or_none,
    )
    requires_confirmation: bool = False
    confirmed_at: pendulum.DateTime | None = attrs.field(
        default=None,
        converter=to_datetime_or_none,
        validator=check_aware_or_none,
    )
    evidence: Evidence | None = None
    recorded_at: pendulum.DateTime | None = attrs.field(
        default=None,
        converter=to_datetime_or_none,
        validator=check_aware_or_none,
    )
    _row: Row = attrs.field(init=False, eq=False, hash=False, repr=False, alias="_row")

    @id.validator
    def _check_id(self, _: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidFieldError("id", "must be a non-empty string")

    @contact_id.validator
    def _check_contact_id(self, _: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidFieldError("contact_id", "must be a non-empty string")

    @channels.validator
    def _check_channels(self, _: object, value: frozenset[Channel]) -> None:
        named = split(self.purpose)[1]
        if named is not None and value - {named}:
            raise InvalidFieldError("channels", "contradicts the channel named in purpose")

    def __attrs_post_init__(self) -> None:
        # The instants every question compares, computed once (validating the order of the
        # grant's events as instants, whatever their time zones).
        given = micros(self.granted_at)
        expires = _since(self.expires_at, given, "expires_at")
        withdrawn = _since(self.withdrawn_at, given, "withdrawn_at")
        confirmed = _since(self.confirmed_at, given, "confirmed_at")
        own, named = split(self.purpose)
        channels = self.channels if named is None else frozenset({named})
        start = confirmed if self.requires_confirmation else given
        object.__setattr__(self, "_row", (own, channels, start, min(withdrawn, expires)))
        recorded = self.recorded_at
        if recorded is not None:
            latest = max(given, withdrawn if withdrawn != NEVER else given)
            latest = max(latest, confirmed if confirmed != NEVER else given)
            if micros(recorded) == latest:  # the default, named: one record, one value
                object.__setattr__(self, "recorded_at", None)

    # -- queries -------------------------------------------------------------------------

    @property
    def known_since(self) -> pendulum.DateTime:
        """
        When our records learnt of this version (its transaction time).

        :attr:`recorded_at` if set, else its latest event: the latest of ``granted_at``,
        ``confirmed_at`` and ``withdrawn_at``.

        .. versionadded:: 0.2.0
        """
        if self.recorded_at is not None:
            return self.recorded_at
        latest = self.granted_at
        for event in (self.confirmed_at, self.withdrawn_at):
            if event is not None and micros(event) > micros(latest):
                latest = event
        return latest

    def status_at(self, at: pendulum.DateTime) -> GrantStatus:
        """
        Where the grant stands at instant *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        t = micros(aware(at, "at"))
        if t < micros(self.granted_at):  # not kept in the row: only status reports need it
            return GrantStatus.NOT_YET_GRANTED
        if t >= micros_or_never(self.withdrawn_at):
            return GrantStatus.WITHDRAWN
        if t >= micros_or_never(self.expires_at):
            return GrantStatus.EXPIRED
        if self.requires_confirmation and t < micros_or_never(self.confirmed_at):
            return GrantStatus.PENDING_CONFIRMATION
        return GrantStatus.ACTIVE

    def is_in_force(self, at: pendulum.DateTime) -> bool:
        """
        Whether the grant may be relied on at instant *at*.
        """
        return self.status_at(at) is GrantStatus.ACTIVE

    def covers(self, purpose: str, channel: Channel | None = None) -> bool:
        """
        Whether the grant's purpose and channels cover *purpose* on *channel*.

        ``channel=None`` asks about the purpose alone (``personalization.profile``).  A
        purpose whose last segment names a channel asks about that channel:
        ``covers("marketing.sms")`` is ``covers("marketing", Channel.SMS)``, so an e-mail
        grant never answers for SMS.

        Raises:
            UnknownPurposeError: *purpose* is not in the vocabulary of :class:`Purpose`.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        _, named, heads = question(purpose)
        if channel is not None:
            channel = parse_channel(channel)
        if named is not None:
            if channel is not None and channel is not named:
                return False
            channel = named
        own, channels = self._row[0], self._row[1]
        if own not in heads:
            return False
        return channel is None or not channels or channel in channels

    # -- transitions ---------------------------------------------------------------------

    def withdraw(
        self, *, at: pendulum.DateTime, recorded_at: pendulum.DateTime | None = None
    ) -> Self:
        """
        A copy withdrawn at instant *at* (not retroactive: in force before *at*).

        The copy is a new version, recorded at *recorded_at* (``None``: at *at*).

        Raises:
            ConsentStateError: Already withdrawn, or *at* is before ``granted_at``.
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        if self.withdrawn_at is not None:
            raise ConsentStateError(self.id, "already withdrawn")
        if micros(at) < micros(self.granted_at):
            raise ConsentStateError(self.id, "cannot be withdrawn before it was granted")
        return attrs.evolve(self, withdrawn_at=at, recorded_at=recorded_at)

    def confirm(
        self, *, at: pendulum.DateTime, recorded_at: pendulum.DateTime | None = None
    ) -> Self:
        """
        A copy whose double opt-in was confirmed at instant *at*.

        The copy is a new version, recorded at *recorded_at* (``None``: when its latest
        event happened).

        Raises:
            ConsentStateError: Already confirmed, withdrawn, or *at* is before ``granted_at``.
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        t = micros(at)
        if self.confirmed_at is not None:
            raise ConsentStateError(self.id, "already confirmed")
        if t >= micros_or_never(self.withdrawn_at):
            raise ConsentStateError(self.id, "cannot be confirmed after withdrawal")
        if t < micros(self.granted_at):
            raise ConsentStateError(self.id, "cannot be confirmed before it was granted")
        return attrs.evolve(self, confirmed_at=at, recorded_at=recorded_at)

    def renew(
        self, *, until: pendulum.DateTime | None, recorded_at: pendulum.DateTime | None = None
    ) -> Self:
        """
        A copy that lapses at *until* instead (``None``: never).

        The copy is a new version, recorded at *recorded_at*.  Pass it: a renewal changes
        no event time, so ``None`` means "recorded when the grant's latest event happened",
        and a ledger asked what it knew before the renewal would already see it.

        Raises:
            NaiveDateTimeError: *until* or *recorded_at* has no time zone.
        """
        return attrs.evolve(self, expires_at=aware_or_none(until, "until"), recorded_at=recorded_at)


#: *grant*'s :data:`Row`, computed when it was built (an attribute getter: no Python call).
row: Callable[[ConsentGrant], Row] = operator.attrgetter("_row")
