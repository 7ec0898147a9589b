"""
Consent grants with their evidence, and the ledger that answers "was it granted then?".
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator
from typing import Self

import attrs
import pendulum

from ._channels import Channel, parse_channel
from ._facts import Sensitivity, validate_key
from ._time import (
    aware,
    aware_or_none,
    check_aware,
    check_aware_or_none,
    to_datetime,
    to_datetime_or_none,
)
from ._validators import StrictStrEnum, enum_set, items, lookup, str_set
from .exceptions import ConsentStateError, InvalidFieldError, UnknownPurposeError


class LawfulBasis(StrictStrEnum):
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
    The vocabulary of grant purposes (dotted keys); anything else is refused.

    A grant for a broader purpose covers narrower ones: ``marketing`` covers
    ``marketing.email``.  The purposes a message may rest on (``marketing``,
    ``relationship``, ``fundraising``, ``consent_request``, ``survey``) may end in a
    segment naming a :class:`Channel`, which restricts the grant to that channel, so
    ``marketing.email`` covers purpose ``marketing`` on :attr:`Channel.EMAIL`.  Every
    other purpose is one of the constants below, or ``personalization.sensitive.<category>``
    (see :meth:`sensitive`).  A typo (``marketing.emial``, ``marketing.email.extra``) is an
    :class:`~personal_touch.exceptions.UnknownPurposeError`, never a silent grant.

    >>> Purpose.parse("marketing.sms")
    'marketing.sms'
    >>> Purpose.is_valid("marketing.emial")
    False

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
    CONSENT_REQUEST = "consent_request"
    SURVEY = "survey"
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

    @staticmethod
    def is_valid(value: object) -> bool:
        """
        Whether *value* is a purpose of the vocabulary.
        """
        return isinstance(value, str) and value in _PURPOSES

    @staticmethod
    def parse(value: object, field: str = "purpose") -> str:
        """
        *value* if it is a purpose of the vocabulary (idempotent).

        Raises:
            UnknownPurposeError: It is not; the message lists the valid purposes and never
                repeats *value*.
        """
        if isinstance(value, str) and value in _PURPOSES:
            return value
        raise UnknownPurposeError(field, _PURPOSE_CHOICES, summary=_PURPOSE_SUMMARY)

    @staticmethod
    def choices() -> tuple[str, ...]:
        """
        Every purpose of the vocabulary, sorted.
        """
        return _PURPOSE_CHOICES


_CHANNEL_VALUES = frozenset(c.value for c in Channel)
#: Purposes a message may rest on: they may name a channel in a last segment.
_CHANNELLED = (
    Purpose.CONSENT_REQUEST,
    Purpose.FUNDRAISING,
    Purpose.MARKETING,
    Purpose.RELATIONSHIP,
    Purpose.SURVEY,
)
_PLAIN = (
    Purpose.CUSTOM_AUDIENCE,
    Purpose.DATA_SALE,
    Purpose.DATA_SHARING,
    Purpose.PERSONALIZATION_BEHAVIOUR,
    Purpose.PERSONALIZATION_PROFILE,
    Purpose.PERSONALIZATION_SENSITIVE,
    Purpose.THIRD_PARTY_ENRICHMENT,
)
_PURPOSES = frozenset(
    {
        *_CHANNELLED,
        *(f"{p}.{c}" for p in _CHANNELLED for c in sorted(_CHANNEL_VALUES)),
        *_PLAIN,
        *(Purpose.sensitive(s) for s in Sensitivity),
    }
)
_PURPOSE_CHOICES = tuple(sorted(_PURPOSES))
_PURPOSE_SUMMARY = (
    f"{', '.join(_CHANNELLED)} (each optionally followed by .<channel>: "
    f"{', '.join(sorted(_CHANNEL_VALUES))}), {', '.join(_PLAIN)}, "
    f"{Purpose.PERSONALIZATION_SENSITIVE}.<category> "
    f"({', '.join(s.value for s in Sensitivity)})"
)


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


def _channel_set(values: Iterable[Channel | str]) -> frozenset[Channel]:
    return frozenset(parse_channel(v, "channels") for v in items(values, "channels"))


def _keys(values: Iterable[str]) -> frozenset[str]:
    return frozenset(validate_key(v, "scope") for v in items(values, "scope"))


def _sensitivities(values: Iterable[Sensitivity | str]) -> frozenset[Sensitivity]:
    return enum_set(Sensitivity, values, "sensitivities")


def _product_categories(values: Iterable[str]) -> frozenset[str]:
    return str_set(values, "product_categories")


def _basis(value: LawfulBasis | str) -> LawfulBasis:
    return lookup(LawfulBasis, value, "basis")


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
    product_categories: frozenset[str] = attrs.field(
        default=frozenset(), converter=_product_categories
    )

    def covers_fact(self, key: str, sensitivity: Sensitivity = Sensitivity.ORDINARY) -> bool:
        """
        Whether a fact with *key* and *sensitivity* is in scope.
        """
        if sensitivity.is_special and sensitivity not in self.sensitivities:
            return False
        if not self.fact_keys:
            return True
        return any(key == k or key.startswith(k + ".") for k in self.fact_keys)


class GrantStatus(StrictStrEnum):
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
    purpose: str = attrs.field(validator=lambda _i, _a, v: Purpose.parse(v))
    channels: frozenset[Channel] = attrs.field(default=frozenset(), converter=_channel_set)
    basis: LawfulBasis = attrs.field(default=LawfulBasis.CONSENT, converter=_basis)
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

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
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

        Raises:
            UnknownPurposeError: *purpose* is not in the vocabulary of :class:`Purpose`.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        purpose = Purpose.parse(purpose)
        if channel is not None:
            channel = parse_channel(channel)
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
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
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
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
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

        Raises:
            NaiveDateTimeError: *until* has no time zone.
        """
        return attrs.evolve(self, expires_at=aware_or_none(until, "until"))


def version_key(grant: ConsentGrant) -> tuple[float, float, bool, bool, float, str]:
    """
    Where a version of a grant stands among the others: by its own event times.

    Its latest event (given, confirmed or withdrawn), then when it was given; at the same
    instant a withdrawn version comes after one that is not (withdrawal wins a tie), then
    a confirmed one, then the later expiry, then the id.  Versions with equal keys are
    put in the order of their ``repr`` (see :func:`ordered_versions`), so the order never
    depends on the order versions were recorded or loaded in.

    .. versionadded:: 0.1.0
    """
    given = grant.granted_at.timestamp()
    confirmed = grant.confirmed_at
    withdrawn = grant.withdrawn_at
    last = given
    if confirmed is not None:
        last = max(last, confirmed.timestamp())
    if withdrawn is not None:
        last = max(last, withdrawn.timestamp())
    return (
        last,
        given,
        withdrawn is not None,
        confirmed is not None,
        math.inf if grant.expires_at is None else grant.expires_at.timestamp(),
        grant.id,
    )


def ordered_versions(grants: Iterable[ConsentGrant]) -> list[ConsentGrant]:
    """
    *grants* without duplicates, in :func:`version_key` order (ties by ``repr``).

    .. versionadded:: 0.1.0
    """
    keyed = sorted(((version_key(g), g) for g in set(grants)), key=_first)
    out: list[ConsentGrant] = []
    for _, group in itertools.groupby(keyed, key=_first):
        same = [g for _, g in group]
        if len(same) > 1:
            same.sort(key=repr)
        out.extend(same)
    return out


_VersionKey = tuple[float, float, bool, bool, float, str]


def _first(pair: tuple[_VersionKey, ConsentGrant]) -> _VersionKey:
    return pair[0]


def _grants(values: Iterable[ConsentGrant]) -> tuple[ConsentGrant, ...]:
    items = tuple(values)
    if not all(isinstance(g, ConsentGrant) for g in items):
        raise InvalidFieldError("entries", "expected ConsentGrant values")
    if len(items) <= 1:
        return items
    # By grant id, then each grant's versions oldest first: only grants with several
    # versions need their event times compared.
    versions: dict[str, list[ConsentGrant]] = {}
    for g in items:
        versions.setdefault(g.id, []).append(g)
    out: list[ConsentGrant] = []
    for gid in sorted(versions):
        same = versions[gid]
        out.extend(same if len(same) == 1 else ordered_versions(same))
    return tuple(out)


def _terms(g: ConsentGrant) -> tuple[object, ...]:
    return (g.purpose, g.channels, g.basis, g.scope)


def _merge(ordered: list[ConsentGrant]) -> ConsentGrant:
    """
    The state of one grant from its versions, without duplicates, in version order.

    The newest express grant (the latest ``granted_at``) defines what the grant covers;
    a withdrawal recorded on any version holds unless that newest grant was given after
    it on a consent basis (re-recording an old version never resurrects a grant; at the
    same instant the withdrawal wins).  Confirmations count from versions of the newest
    grant (the latest one, failing closed); a renewal's later expiry counts.

    Raises:
        ConsentStateError: Versions given at the same instant disagree on purpose,
            channels, basis or scope.
    """
    if len(ordered) == 1:
        return ordered[0]
    newest = max(g.granted_at for g in ordered)
    episode = [g for g in ordered if g.granted_at == newest]
    base = episode[-1]
    if any(_terms(g) != _terms(base) for g in episode):
        raise ConsentStateError(
            base.id, "versions given at the same instant disagree on what the grant covers"
        )
    lifts = base.basis.is_consent
    ends = [
        g.withdrawn_at
        for g in ordered
        if g.withdrawn_at is not None and (g.withdrawn_at >= newest or not lifts)
    ]
    withdrawn = max(min(ends), newest) if ends else None
    confirmed = max((g.confirmed_at for g in episode if g.confirmed_at is not None), default=None)
    expiries = [g.expires_at for g in episode]
    expires = None if None in expiries else max(e for e in expiries if e is not None)
    requires = any(g.requires_confirmation for g in episode)
    state = (withdrawn, confirmed, expires, requires)
    for g in reversed(episode):
        now = (g.withdrawn_at, g.confirmed_at, g.expires_at, g.requires_confirmation)
        if now == state and g.evidence == base.evidence:
            return g
    return attrs.evolve(
        base,
        withdrawn_at=withdrawn,
        confirmed_at=confirmed,
        expires_at=expires,
        requires_confirmation=requires,
    )


@attrs.frozen
class ConsentLedger:
    """
    The append-only history of one contact's grants, withdrawals and confirmations.

    Each change appends a new version of a grant.  Versions are ordered by their own event
    times, never by the order they were recorded or loaded in: a withdrawal holds until a newer express grant, and recording an old version again
    does not bring a withdrawn grant back.  Withdrawal and expiry are not retroactive, so
    the current state of each grant answers questions about any instant.  Unknown means
    not granted (fail closed); a purpose or channel outside the vocabulary is an error.
    :attr:`entries` holds the versions in a canonical order: by grant id, each grant's
    versions oldest first.

    >>> ledger = ConsentLedger("c-1")
    >>> ledger.is_granted("marketing", Channel.EMAIL, at=pendulum.datetime(2026, 1, 1))
    False

    .. versionadded:: 0.1.0
    """

    contact_id: str
    entries: tuple[ConsentGrant, ...] = attrs.field(default=(), converter=_grants)
    _current: dict[str, ConsentGrant] = attrs.field(
        init=False, eq=False, repr=False, hash=False, alias="_current"
    )

    @entries.validator
    def _check_entries(self, _: object, value: tuple[ConsentGrant, ...]) -> None:
        for g in value:
            if g.contact_id != self.contact_id:
                raise InvalidFieldError(
                    "entries", "every grant must belong to the ledger's contact"
                )

    def __attrs_post_init__(self) -> None:
        versions: dict[str, list[ConsentGrant]] = {}
        for g in self.entries:  # already in order, without duplicates
            versions.setdefault(g.id, []).append(g)
        current = {gid: _merge(vs) for gid, vs in sorted(versions.items())}
        object.__setattr__(self, "_current", current)

    @classmethod
    def from_grants(cls, contact_id: str, grants: Iterable[ConsentGrant]) -> Self:
        """
        A ledger holding *grants* (versions in any order).
        """
        return cls(contact_id, tuple(grants))

    def __iter__(self) -> Iterator[ConsentGrant]:
        return iter(self._current.values())

    def __len__(self) -> int:
        return len(self._current)

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
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return self.record(self._get(grant_id).withdraw(at=at))

    def confirm(self, grant_id: str, *, at: pendulum.DateTime) -> Self:
        """
        A ledger with grant *grant_id*'s double opt-in confirmed at *at*.

        Raises:
            ConsentStateError: No such grant, or it cannot be confirmed.
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return self.record(self._get(grant_id).confirm(at=at))

    def withdraw_all(self, *, at: pendulum.DateTime, purpose: str | None = None) -> Self:
        """
        Withdraw every grant in force at *at* (for *purpose* and below, if given).

        This is a revocation "by any reasonable means" that names no grant.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not in the vocabulary of :class:`Purpose`.
        """
        at = aware(at, "at")
        if purpose is not None:
            purpose = Purpose.parse(purpose)
        ledger = self
        for g in self.in_force(at):
            if purpose is None or g.covers(purpose) or g.purpose.startswith(purpose + "."):
                ledger = ledger.record(g.withdraw(at=at))
        return ledger

    def _get(self, grant_id: str) -> ConsentGrant:
        try:
            return self._current[grant_id]
        except KeyError:
            raise ConsentStateError(grant_id, "no such grant in this ledger") from None

    # -- queries -------------------------------------------------------------------------

    def get(self, grant_id: str) -> ConsentGrant | None:
        """
        The current state of grant *grant_id*, merged from its versions, or ``None``.
        """
        return self._current.get(grant_id)

    def history(self, grant_id: str) -> tuple[ConsentGrant, ...]:
        """
        Every recorded version of grant *grant_id*, oldest first by their own event times.
        """
        return tuple(g for g in self.entries if g.id == grant_id)

    def in_force(self, at: pendulum.DateTime) -> tuple[ConsentGrant, ...]:
        """
        The grants that may be relied on at instant *at*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return tuple(g for g in self._current.values() if g.is_in_force(at))

    def grants_for(
        self, purpose: str, channel: Channel | None = None, *, at: pendulum.DateTime
    ) -> tuple[ConsentGrant, ...]:
        """
        The grants in force at *at* that cover *purpose* on *channel*.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not in the vocabulary of :class:`Purpose`.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        at = aware(at, "at")
        purpose = Purpose.parse(purpose)
        if channel is not None:
            channel = parse_channel(channel)
        return tuple(
            g for g in self._current.values() if g.covers(purpose, channel) and g.is_in_force(at)
        )

    def is_granted(
        self, purpose: str, channel: Channel | None = None, *, at: pendulum.DateTime
    ) -> bool:
        """
        Whether *purpose* on *channel* is granted at instant *at*.  Unknown is ``False``.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not in the vocabulary of :class:`Purpose`.
            UnknownChannelError: *channel* is not a :class:`Channel`.
        """
        return bool(self.grants_for(purpose, channel, at=at))

    def statuses(self, at: pendulum.DateTime) -> tuple[tuple[ConsentGrant, GrantStatus], ...]:
        """
        Every grant with its status at *at*, for reports ("why is this not in force?").

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        at = aware(at, "at")
        return tuple((g, g.status_at(at)) for g in self._current.values())
