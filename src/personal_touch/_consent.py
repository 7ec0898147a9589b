"""
Consent grants with their evidence, and the ledger that answers "was it granted then?".
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from typing import Self

import attrs
import pendulum

from ._channels import Channel
from ._facts import Sensitivity, validate_key
from ._time import check_aware, check_aware_or_none, to_datetime, to_datetime_or_none
from .exceptions import ConsentStateError, InvalidFieldError


class LawfulBasis(enum.StrEnum):
    """
    The legal ground a grant rests on.

    .. versionadded:: 0.1.0
    """

    #: Freely given, specific, informed opt-in (GDPR Art. 6(1)(a); CASL express consent).
    CONSENT = "consent"
    #: Explicit consent for special categories (GDPR Art. 9(2)(a); LGPD Art. 11 I).
    EXPLICIT_CONSENT = "explicit_consent"
    #: Legitimate interest (GDPR Art. 6(1)(f)); objectable at any time.
    LEGITIMATE_INTEREST = "legitimate_interest"
    #: Necessary for a contract with the person (GDPR Art. 6(1)(b)).
    CONTRACT = "contract"
    #: PECR reg. 22(3) / ePrivacy Art. 13(2): existing customer, similar products.
    SOFT_OPT_IN = "soft_opt_in"
    #: PECR's charitable soft opt-in (in force from 2026-02-05).
    CHARITABLE_SOFT_OPT_IN = "charitable_soft_opt_in"
    #: CASL implied consent from an existing business relationship (a purchase: two years).
    IMPLIED_EXISTING_BUSINESS = "implied_existing_business"
    #: CASL implied consent from an inquiry (six months).
    IMPLIED_INQUIRY = "implied_inquiry"
    #: Australian Spam Act inferred consent.
    INFERRED_CONSENT = "inferred_consent"
    #: TCPA prior express written consent (47 CFR 64.1200(f)(9)).
    PRIOR_EXPRESS_WRITTEN_CONSENT = "prior_express_written_consent"
    #: Consent given by a parent or guardian for a child.
    PARENTAL_CONSENT = "parental_consent"

    @property
    def is_consent(self) -> bool:
        """
        Whether the person (or their guardian) actively opted in.
        """
        return self in _CONSENT_BASES

    @property
    def is_implied(self) -> bool:
        """
        Whether it is an implied, inferred or soft opt-in basis.
        """
        return self in _IMPLIED_BASES


_CONSENT_BASES = frozenset(
    {
        LawfulBasis.CONSENT,
        LawfulBasis.EXPLICIT_CONSENT,
        LawfulBasis.PRIOR_EXPRESS_WRITTEN_CONSENT,
        LawfulBasis.PARENTAL_CONSENT,
    }
)
_IMPLIED_BASES = frozenset(
    {
        LawfulBasis.SOFT_OPT_IN,
        LawfulBasis.CHARITABLE_SOFT_OPT_IN,
        LawfulBasis.IMPLIED_EXISTING_BUSINESS,
        LawfulBasis.IMPLIED_INQUIRY,
        LawfulBasis.INFERRED_CONSENT,
    }
)


class Purpose:
    """
    The documented vocabulary of grant purposes (dotted keys).

    A grant for a broader purpose covers narrower ones: ``marketing`` covers
    ``marketing.email``.  A final segment naming a channel restricts the grant to that
    channel, so ``marketing.email`` covers purpose ``marketing`` on :attr:`Channel.EMAIL`.
    Applications may add their own keys below these.

    .. versionadded:: 0.1.0
    """

    MARKETING = "marketing"
    MARKETING_EMAIL = "marketing.email"
    MARKETING_SMS = "marketing.sms"
    MARKETING_PHONE = "marketing.phone"
    MARKETING_POST = "marketing.post"
    MARKETING_PUSH = "marketing.push"
    RELATIONSHIP = "relationship"
    FUNDRAISING = "fundraising"
    PERSONALIZATION_PROFILE = "personalization.profile"
    PERSONALIZATION_BEHAVIOUR = "personalization.behaviour"
    PERSONALIZATION_SENSITIVE = "personalization.sensitive"
    THIRD_PARTY_ENRICHMENT = "personalization.third_party"
    DATA_SALE = "data.sale"
    DATA_SHARING = "data.sharing"
    CUSTOM_AUDIENCE = "advertising.custom_audience"

    @staticmethod
    def sensitive(category: Sensitivity | str) -> str:
        """
        The purpose for explicit consent to use one special category.

        For example ``personalization.sensitive.health``.
        """
        return f"{Purpose.PERSONALIZATION_SENSITIVE}.{Sensitivity(category).value}"


_CHANNEL_VALUES = frozenset(c.value for c in Channel)


@attrs.frozen(kw_only=True)
class Evidence:
    """
    How a grant was captured, so it can be demonstrated later (GDPR Art. 7(1)).

    Args:
        source: Where: ``"signup form v3"``, ``"call with account manager"``.
        method: How: ``"checkbox"``, ``"double_opt_in"``, ``"verbal"``, ``"paper"``.
        notice_id: The privacy notice or consent text shown.
        notice_version: Its version.
        locale: The language the notice was shown in.
        captured_by: Who or what recorded it (a user id or system name, not a person's name).
        opt_out_offered: Whether a free, simple way to refuse marketing was offered when the
            details were collected (a condition of the PECR/ePrivacy soft opt-in and the
            charitable soft opt-in).

    .. versionadded:: 0.1.0
    """

    source: str
    method: str
    notice_id: str | None = None
    notice_version: str | None = None
    locale: str | None = None
    captured_by: str | None = None
    opt_out_offered: bool = False


def _purpose(value: str) -> str:
    return validate_key(value, "purpose")


def _channel_set(values: Iterable[Channel | str]) -> frozenset[Channel]:
    return frozenset(Channel(v) for v in values)


def _keys(values: Iterable[str]) -> frozenset[str]:
    return frozenset(validate_key(v, "scope") for v in values)


def _sensitivities(values: Iterable[Sensitivity | str]) -> frozenset[Sensitivity]:
    return frozenset(Sensitivity(v) for v in values)


@attrs.frozen(kw_only=True)
class Scope:
    """
    What a grant covers beyond its purpose.

    Fact keys (prefixes), special categories and product categories (for soft opt-in's
    "similar products").

    .. versionadded:: 0.1.0
    """

    fact_keys: frozenset[str] = attrs.field(default=frozenset(), converter=_keys)
    sensitivities: frozenset[Sensitivity] = attrs.field(
        default=frozenset(), converter=_sensitivities
    )
    product_categories: frozenset[str] = attrs.field(default=frozenset(), converter=frozenset)

    def covers_fact(self, key: str, sensitivity: Sensitivity = Sensitivity.ORDINARY) -> bool:
        """
        Whether a fact with *key* and *sensitivity* is in scope.
        """
        if sensitivity.is_special and sensitivity not in self.sensitivities:
            return False
        if not self.fact_keys:
            return True
        return any(key == k or key.startswith(k + ".") for k in self.fact_keys)


class GrantStatus(enum.StrEnum):
    """
    Where a grant stands at an instant.

    .. versionadded:: 0.1.0
    """

    ACTIVE = "active"
    NOT_YET_GRANTED = "not_yet_granted"
    PENDING_CONFIRMATION = "pending_confirmation"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"


@attrs.frozen(kw_only=True)
class ConsentGrant:
    """
    A person's permission for one purpose, on some channels, from an instant on.

    In force at instant ``at`` when ``granted_at <= at`` and ``at`` is before both
    ``expires_at`` and ``withdrawn_at`` (end-exclusive: a withdrawal at 10:00 means no at
    10:00), and, where double opt-in is required, it was confirmed by ``at``.

    Args:
        id: Your stable id for the grant.
        contact_id: Whose grant it is.
        purpose: A dotted purpose key, see :class:`Purpose`.
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

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field()
    contact_id: str = attrs.field()
    purpose: str = attrs.field(validator=lambda _i, _a, v: _purpose(v))
    channels: frozenset[Channel] = attrs.field(default=frozenset(), converter=_channel_set)
    basis: LawfulBasis = attrs.field(default=LawfulBasis.CONSENT, converter=LawfulBasis)
    granted_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    scope: Scope | None = None
    expires_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    withdrawn_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    requires_confirmation: bool = False
    confirmed_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    evidence: Evidence | None = None

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
        head, _sep, last = self.purpose.rpartition(".")
        if head and last in _CHANNEL_VALUES and value - {Channel(last)}:
            raise InvalidFieldError("channels", "contradicts the channel named in purpose")

    @expires_at.validator
    def _check_expires(self, _: object, value: pendulum.DateTime | None) -> None:
        if value is not None and value < self.granted_at:
            raise InvalidFieldError("expires_at", "must not be before granted_at")

    @withdrawn_at.validator
    def _check_withdrawn(self, _: object, value: pendulum.DateTime | None) -> None:
        if value is not None and value < self.granted_at:
            raise InvalidFieldError("withdrawn_at", "must not be before granted_at")

    @confirmed_at.validator
    def _check_confirmed(self, _: object, value: pendulum.DateTime | None) -> None:
        if value is not None and value < self.granted_at:
            raise InvalidFieldError("confirmed_at", "must not be before granted_at")

    # -- queries -------------------------------------------------------------------------

    def status_at(self, at: pendulum.DateTime) -> GrantStatus:
        """
        Where the grant stands at instant *at*.
        """
        if at < self.granted_at:
            return GrantStatus.NOT_YET_GRANTED
        if self.withdrawn_at is not None and at >= self.withdrawn_at:
            return GrantStatus.WITHDRAWN
        if self.expires_at is not None and at >= self.expires_at:
            return GrantStatus.EXPIRED
        if self.requires_confirmation and (self.confirmed_at is None or at < self.confirmed_at):
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
        """
        head, _, last = purpose.rpartition(".")
        if head and last in _CHANNEL_VALUES:
            named = Channel(last)
            if channel is not None and channel is not named:
                return False
            purpose, channel = head, named
        own, channels = self._effective()
        if not (purpose == own or purpose.startswith(own + ".")):
            return False
        return channel is None or not channels or channel in channels

    def _effective(self) -> tuple[str, frozenset[Channel]]:
        head, _, last = self.purpose.rpartition(".")
        if head and last in _CHANNEL_VALUES:
            return head, frozenset({Channel(last)})
        return self.purpose, self.channels

    # -- transitions ---------------------------------------------------------------------

    def withdraw(self, *, at: pendulum.DateTime) -> Self:
        """
        A copy withdrawn at instant *at* (not retroactive: in force before *at*).

        Raises:
            ConsentStateError: Already withdrawn, or *at* is before ``granted_at``.
        """
        if self.withdrawn_at is not None:
            raise ConsentStateError(self.id, "already withdrawn")
        if at < self.granted_at:
            raise ConsentStateError(self.id, "cannot be withdrawn before it was granted")
        return attrs.evolve(self, withdrawn_at=at)

    def confirm(self, *, at: pendulum.DateTime) -> Self:
        """
        A copy whose double opt-in was confirmed at instant *at*.

        Raises:
            ConsentStateError: Already confirmed, withdrawn, or *at* is before ``granted_at``.
        """
        if self.confirmed_at is not None:
            raise ConsentStateError(self.id, "already confirmed")
        if self.withdrawn_at is not None and at >= self.withdrawn_at:
            raise ConsentStateError(self.id, "cannot be confirmed after withdrawal")
        if at < self.granted_at:
            raise ConsentStateError(self.id, "cannot be confirmed before it was granted")
        return attrs.evolve(self, confirmed_at=at)

    def renew(self, *, until: pendulum.DateTime | None) -> Self:
        """
        A copy that lapses at *until* instead (``None``: never).
        """
        return attrs.evolve(self, expires_at=until)


def _grants(values: Iterable[ConsentGrant]) -> tuple[ConsentGrant, ...]:
    return tuple(values)


@attrs.frozen
class ConsentLedger:
    """
    The append-only history of one contact's grants, withdrawals and confirmations.

    Each change appends a new version of a grant; the latest version of each grant id
    answers questions about any instant, because withdrawal and expiry are not
    retroactive.  Unknown means not granted (fail closed).

    >>> ledger = ConsentLedger("c-1")
    >>> ledger.is_granted("marketing", Channel.EMAIL, at=pendulum.datetime(2026, 1, 1))
    False

    .. versionadded:: 0.1.0
    """

    contact_id: str
    entries: tuple[ConsentGrant, ...] = attrs.field(default=(), converter=_grants)
    _latest: dict[str, ConsentGrant] = attrs.field(
        init=False, eq=False, repr=False, hash=False, alias="_latest"
    )

    @entries.validator
    def _check_entries(self, _: object, value: tuple[ConsentGrant, ...]) -> None:
        for g in value:
            if g.contact_id != self.contact_id:
                raise InvalidFieldError(
                    "entries", "every grant must belong to the ledger's contact"
                )

    def __attrs_post_init__(self) -> None:
        latest: dict[str, ConsentGrant] = {}
        for g in self.entries:
            latest[g.id] = g
        object.__setattr__(self, "_latest", latest)

    @classmethod
    def from_grants(cls, contact_id: str, grants: Iterable[ConsentGrant]) -> Self:
        """
        A ledger holding *grants* in the given order.
        """
        return cls(contact_id, tuple(grants))

    def __iter__(self) -> Iterator[ConsentGrant]:
        return iter(self._latest.values())

    def __len__(self) -> int:
        return len(self._latest)

    # -- appends -------------------------------------------------------------------------

    def record(self, grant: ConsentGrant) -> Self:
        """
        A ledger with *grant* (or a new version of it) appended.
        """
        return type(self)(self.contact_id, (*self.entries, grant))

    def withdraw(self, grant_id: str, *, at: pendulum.DateTime) -> Self:
        """
        A ledger with grant *grant_id* withdrawn at *at*.

        Raises:
            ConsentStateError: No such grant, or it cannot be withdrawn.
        """
        return self.record(self._get(grant_id).withdraw(at=at))

    def confirm(self, grant_id: str, *, at: pendulum.DateTime) -> Self:
        """
        A ledger with grant *grant_id*'s double opt-in confirmed at *at*.
        """
        return self.record(self._get(grant_id).confirm(at=at))

    def withdraw_all(self, *, at: pendulum.DateTime, purpose: str | None = None) -> Self:
        """
        Withdraw every grant in force at *at* (for *purpose* and below, if given).

        This is a revocation "by any reasonable means" that names no grant.
        """
        ledger = self
        for g in self.in_force(at):
            if purpose is None or g.covers(purpose) or g.purpose.startswith(purpose + "."):
                ledger = ledger.record(g.withdraw(at=at))
        return ledger

    def _get(self, grant_id: str) -> ConsentGrant:
        try:
            return self._latest[grant_id]
        except KeyError:
            raise ConsentStateError(grant_id, "no such grant in this ledger") from None

    # -- queries -------------------------------------------------------------------------

    def get(self, grant_id: str) -> ConsentGrant | None:
        """
        The latest version of grant *grant_id*, or ``None``.
        """
        return self._latest.get(grant_id)

    def history(self, grant_id: str) -> tuple[ConsentGrant, ...]:
        """
        Every recorded version of grant *grant_id*, oldest first.
        """
        return tuple(g for g in self.entries if g.id == grant_id)

    def in_force(self, at: pendulum.DateTime) -> tuple[ConsentGrant, ...]:
        """
        The grants that may be relied on at instant *at*.
        """
        return tuple(g for g in self._latest.values() if g.is_in_force(at))

    def grants_for(
        self, purpose: str, channel: Channel | None = None, *, at: pendulum.DateTime
    ) -> tuple[ConsentGrant, ...]:
        """
        The grants in force at *at* that cover *purpose* on *channel*.
        """
        return tuple(
            g for g in self._latest.values() if g.covers(purpose, channel) and g.is_in_force(at)
        )

    def is_granted(
        self, purpose: str, channel: Channel | None = None, *, at: pendulum.DateTime
    ) -> bool:
        """
        Whether *purpose* on *channel* is granted at instant *at*.  Unknown is ``False``.
        """
        return any(g.covers(purpose, channel) and g.is_in_force(at) for g in self._latest.values())

    def statuses(self, at: pendulum.DateTime) -> tuple[tuple[ConsentGrant, GrantStatus], ...]:
        """
        Every grant with its status at *at*, for reports ("why is this not in force?").
        """
        return tuple((g, g.status_at(at)) for g in self._latest.values())
