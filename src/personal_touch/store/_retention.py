"""
Retention as data: how long a store keeps each kind of record, rule by rule.

A :class:`RetentionPolicy` is an ordered tuple of :class:`RetentionRule` values.  Each rule
names the records it covers (facts by key prefix and provenance, interactions by kind,
decision-log rows, the consent proof of grants by channel) and how long they are kept
(a :class:`Period`, or ``None``: kept until something else removes them).  A record is
governed by the first rule that covers it; a record no rule covers is kept.
:func:`default_retention` builds the documented default, honouring what the packs state.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._channels import Channel
from .._facts import Provenance
from .._interactions import InteractionKind
from .._validators import enum_set, integer, optional_text, text, tuple_of
from ..exceptions import InvalidFieldError
from ..packs import PACKS
from ..rules import DocumentedConsent, Pack, ProofRetention

if TYPE_CHECKING:
    import pendulum

__all__ = [
    "LIMITATION",
    "Period",
    "Record",
    "RetentionPolicy",
    "RetentionRule",
    "default_retention",
]


class Record(enum.StrEnum):
    """
    The kinds of stored record a retention rule can govern.

    .. versionadded:: 0.3.0
    """

    #: A fact about a contact; its period counts from when it was recorded.
    FACT = "fact"
    #: An interaction; its period counts from when it happened.
    INTERACTION = "interaction"
    #: A decision-log row; its period counts from the instant decided about.
    DECISION = "decision"
    #: The consent events of one grant (its proof); the period counts from when the grant
    #: ended (withdrawn or lapsed) and, for rules with ``after_use``, from its last use.
    CONSENT = "consent"


@attrs.frozen
class Period:
    """
    A calendar length: years, months and days, counted back from an instant in UTC.

    >>> import pendulum
    >>> Period(months=13).start(pendulum.datetime(2027, 2, 1, tz="UTC"))
    DateTime(2026, 1, 1, 0, 0, 0, tzinfo=Timezone('UTC'))

    .. versionadded:: 0.3.0
    """

    years: int = attrs.field(default=0, kw_only=True, validator=integer("years", low=0))
    months: int = attrs.field(default=0, kw_only=True, validator=integer("months", low=0))
    days: int = attrs.field(default=0, kw_only=True, validator=integer("days", low=0))

    def start(self, at: pendulum.DateTime) -> pendulum.DateTime:
        """
        The earliest instant still within the period that ends at *at*.

        A record is past its period at *at* when its anchor is before this instant.
        """
        return at.in_timezone("UTC").subtract(years=self.years, months=self.months, days=self.days)

    def __str__(self) -> str:
        parts = [
            f"{n} {unit}{'' if n == 1 else 's'}"
            for n, unit in ((self.years, "year"), (self.months, "month"), (self.days, "day"))
            if n
        ]
        return " ".join(parts) or "no time"


def _provenances(values: Iterable[Provenance | str]) -> frozenset[Provenance]:
    return enum_set(Provenance, values, "provenances")


def _kinds(values: Iterable[InteractionKind | str]) -> frozenset[InteractionKind]:
    return enum_set(InteractionKind, values, "kinds")


def _channels(values: Iterable[Channel | str]) -> frozenset[Channel]:
    return enum_set(Channel, values, "channels")


@attrs.frozen(kw_only=True)
class RetentionRule:
    """
    How long one kind of record is kept.

    Args:
        id: A stable name for the rule; purge reports count by it.
        record: The kind of record it governs.
        keep: How long it is kept; ``None`` keeps it until something else removes it
            (a fact stated by the person stays until they withdraw or correct it).
        key_prefix: Facts only: the keys it covers (``"travel"`` covers ``"travel.trip"``).
        provenances: Facts only: the provenances it covers (empty: every one).
        kinds: Interactions only: the kinds it covers (empty: every one).
        channels: Consent only: the grants it covers, by channel (empty: every grant; a
            grant for every channel is covered by any).
        after_use: Consent only: count the period from the grant's last use as well (the
            latest touch of the contact on a channel the grant covers whose own record is
            kept: keep touches at least as long as such proof).
        citation: Where the period comes from.

    .. versionadded:: 0.3.0
    """

    id: str = attrs.field(validator=text("id"))
    record: Record = attrs.field(converter=Record)
    keep: Period | None = None
    key_prefix: str | None = attrs.field(default=None, validator=optional_text("key_prefix"))
    provenances: frozenset[Provenance] = attrs.field(default=frozenset(), converter=_provenances)
    kinds: frozenset[InteractionKind] = attrs.field(default=frozenset(), converter=_kinds)
    channels: frozenset[Channel] = attrs.field(default=frozenset(), converter=_channels)
    after_use: bool = False
    citation: str = ""

    def __attrs_post_init__(self) -> None:
        own = {
            Record.FACT: ("key_prefix", "provenances"),
            Record.INTERACTION: ("kinds",),
            Record.DECISION: (),
            Record.CONSENT: ("channels", "after_use"),
        }[self.record]
        for name in ("key_prefix", "provenances", "kinds", "channels", "after_use"):
            if name not in own and getattr(self, name):
                raise InvalidFieldError(name, f"does not apply to {self.record.value} rules")

    def covers_fact(self, key: str, provenance: Provenance) -> bool:
        """
        Whether it governs a fact with *key* and *provenance*.
        """
        if self.record is not Record.FACT:
            return False
        if self.provenances and provenance not in self.provenances:
            return False
        p = self.key_prefix
        return p is None or key == p or key.startswith(p + ".")

    def covers_interaction(self, kind: InteractionKind) -> bool:
        """
        Whether it governs an interaction of *kind*.
        """
        return self.record is Record.INTERACTION and (not self.kinds or kind in self.kinds)

    def covers_grant(self, channels: frozenset[Channel]) -> bool:
        """
        Whether it governs the proof of a grant on *channels* (empty: every channel).
        """
        if self.record is not Record.CONSENT:
            return False
        return not self.channels or not channels or bool(self.channels & channels)


def _rules(values: Iterable[RetentionRule]) -> tuple[RetentionRule, ...]:
    return tuple_of(RetentionRule, values, "rules")


@attrs.frozen
class RetentionPolicy:
    """
    Ordered retention rules: a record is governed by the first rule that covers it.

    A record no rule covers is kept: purging removes only what a rule says has expired.
    Suppressions are never governed by retention (they are what keeps an erased or
    unsubscribed person from being contacted again).

    .. versionadded:: 0.3.0
    """

    rules: tuple[RetentionRule, ...] = attrs.field(converter=_rules)

    @rules.validator
    def _check_ids(self, _: object, value: tuple[RetentionRule, ...]) -> None:
        if len({r.id for r in value}) != len(value):
            raise InvalidFieldError("rules", "rule ids must be unique")

    def for_fact(self, key: str, provenance: Provenance) -> RetentionRule | None:
        """
        The rule governing a fact with *key* and *provenance*, if any.
        """
        return next((r for r in self.rules if r.covers_fact(key, provenance)), None)

    def for_interaction(self, kind: InteractionKind) -> RetentionRule | None:
        """
        The rule governing an interaction of *kind*, if any.
        """
        return next((r for r in self.rules if r.covers_interaction(kind)), None)

    def for_decision(self) -> RetentionRule | None:
        """
        The rule governing decision-log rows, if any.
        """
        return next((r for r in self.rules if r.record is Record.DECISION), None)

    def for_grant(self, channels: frozenset[Channel]) -> RetentionRule | None:
        """
        The rule governing the proof of a grant on *channels*, if any.
        """
        return next((r for r in self.rules if r.covers_grant(channels)), None)


#: The limitation period the default keeps proof and records of contact for: six years
#: (England and Wales, Limitation Act 1980 ss. 2 and 5), which also covers the four-year
#: federal default that applies to TCPA claims (28 U.S.C. §1658(a)) and Germany's regular
#: three years from the end of the year (BGB §§195, 199).
LIMITATION = Period(years=6)
_LIMITATION_CITE = (
    "limitation period: Limitation Act 1980 ss. 2, 5 (6 years); 28 U.S.C. §1658(a) (TCPA, "
    "4 years); BGB §§195, 199 (3 years from year end)"
)
_BEHAVIOUR = Period(months=13)
_BEHAVIOUR_CITE = (
    "storage limitation (GDPR Art. 5(1)(e)); 13 months follows CNIL deliberation 2020-091 "
    "on trackers"
)
_ENGAGEMENT = frozenset(
    {
        InteractionKind.DELIVERED,
        InteractionKind.BOUNCED,
        InteractionKind.OPENED,
        InteractionKind.CLICKED,
        InteractionKind.REPLIED,
        InteractionKind.CONVERTED,
        InteractionKind.FELT_INTRUSIVE,
    }
)


_TOUCHES = frozenset(
    {
        InteractionKind.SENT,
        InteractionKind.CALLED,
        InteractionKind.MET,
        InteractionKind.PURCHASED,
        InteractionKind.INQUIRED,
    }
)
#: The default's rules after those the packs add.
_GENERAL = (
    RetentionRule(
        id="consent-proof", record=Record.CONSENT, keep=LIMITATION, citation=_LIMITATION_CITE
    ),
    RetentionRule(
        id="facts-stated",
        record=Record.FACT,
        provenances={Provenance.STATED, Provenance.SYSTEM},
        citation="kept while true: the person withdraws or corrects it (GDPR Art. 16, 17)",
    ),
    RetentionRule(
        id="facts-inferred",
        record=Record.FACT,
        provenances={Provenance.INFERRED},
        keep=Period(days=90),
        citation="storage limitation (GDPR Art. 5(1)(e)); a convention: re-derive instead",
    ),
    RetentionRule(
        id="facts-observed",
        record=Record.FACT,
        provenances={Provenance.OBSERVED, Provenance.THIRD_PARTY},
        keep=_BEHAVIOUR,
        citation=_BEHAVIOUR_CITE,
    ),
    RetentionRule(
        id="interactions-opt-outs",
        record=Record.INTERACTION,
        kinds={InteractionKind.UNSUBSCRIBED, InteractionKind.COMPLAINED},
        citation="GDPR Art. 21(3); the opt-out rules read them",
    ),
    RetentionRule(
        id="interactions-touches",
        record=Record.INTERACTION,
        kinds=_TOUCHES,
        keep=LIMITATION,
        citation=_LIMITATION_CITE,
    ),
    RetentionRule(
        id="interactions-engagement",
        record=Record.INTERACTION,
        kinds=_ENGAGEMENT,
        keep=_BEHAVIOUR,
        citation=_BEHAVIOUR_CITE,
    ),
    RetentionRule(
        id="decisions", record=Record.DECISION, keep=LIMITATION, citation=_LIMITATION_CITE
    ),
)


def _pack_rules(packs: Iterable[Pack]) -> list[RetentionRule]:
    # A pack that states how long consent proof is kept: the longer of its period and the
    # limitation period, counted from each use too where the pack says so.
    out: list[RetentionRule] = []
    for pack in packs:
        for rule in pack.rules:
            if isinstance(rule, DocumentedConsent) and isinstance(rule.retention, ProofRetention):
                years = max(rule.retention.years, LIMITATION.years)
                out.append(
                    RetentionRule(
                        id=f"consent-proof:{rule.id}",
                        record=Record.CONSENT,
                        keep=Period(years=years),
                        channels=rule.channels or frozenset(),
                        after_use=rule.retention.after_use,
                        citation=f"{rule.citation}; {_LIMITATION_CITE}",
                    )
                )
    return out


def default_retention(packs: Iterable[Pack] = PACKS) -> RetentionPolicy:
    """
    The default retention policy, honouring the proof periods *packs* state.

    ======================  ================================  ==============================
    Records                 Kept                              Why
    ======================  ================================  ==============================
    consent proof           6 years after the grant ended     limitation period
    (a pack's channels)     the longer of the pack's period   the pack (UWG §7a: 5 years
                            and 6 years, after each use too   from grant and each use)
    stated, system facts    until withdrawn or corrected      the person's own word
    observed, third-party   13 months from recording          storage limitation
    facts
    inferred facts          90 days from recording            re-derive rather than keep
    opt-outs, complaints    kept                              the opt-out rules read them
    touches, purchases,     6 years                           limitation period
    inquiries
    engagement              13 months                         storage limitation
    decision log            6 years                           limitation period
    ======================  ================================  ==============================

    >>> policy = default_retention()
    >>> policy.for_fact("web.visits", Provenance.OBSERVED).keep
    Period(years=0, months=13, days=0)
    >>> str(policy.for_grant(frozenset({Channel.PHONE})).keep)
    '6 years'

    .. versionadded:: 0.3.0
    """
    return RetentionPolicy((*_pack_rules(packs), *_GENERAL))
