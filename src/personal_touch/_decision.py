"""
The policy engine's answer: a value that explains itself.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs
import pendulum

from ._audited_later import AuditedLater, pending
from ._disclosure import Disclosure, DisclosureCode
from ._explain import explain
from ._facts import Fact, fact_digest, validate_key
from ._levels import Level, optional_level
from ._message import Message
from ._standard import Standard, optional_standard
from ._time import check_aware, check_aware_or_none, to_datetime, to_datetime_or_none
from ._validators import tuple_of
from .exceptions import DecisionInputsError, InvalidFieldError, StaleDecisionError

if TYPE_CHECKING:
    from ._contacts import Contact
    from ._counterfactual import WhatIf


#: Disclosure and DisclosureCode live in ``_disclosure`` and are re-exported here.
__all__ = [
    "ApprovedFact",
    "Decision",
    "Disclosure",
    "DisclosureCode",
    "Effect",
    "GrantRef",
    "Reason",
    "Verdict",
    "WithheldFact",
]


class Verdict(enum.StrEnum):
    """
    Whether the message may go.

    .. versionadded:: 0.1.0
    """

    ALLOW = "allow"
    DENY = "deny"
    #: Not now; ``Decision.not_before`` says when.
    DEFER = "defer"


class Effect(enum.StrEnum):
    """
    What a rule did to the decision.

    .. versionadded:: 0.1.0
    """

    PERMIT = "permit"
    DENY = "deny"
    DEFER = "defer"
    CAP = "cap"
    WITHHOLD = "withhold"
    DISCLOSE = "disclose"
    NOTE = "note"


@attrs.frozen(kw_only=True)
class Reason:
    """
    One rule's contribution to a decision, in words free of personal data.

    Args:
        rule: The rule's id, e.g. ``"consent"`` or ``"CA-CASL-IMPLIED-01"``.
        effect: What it did.
        code: A stable machine code, e.g. ``"consent_withdrawn"``.
        message: A sentence for the audit log; never contains names, addresses or values.
        citation: The law it rests on, for legal rules.
        level: The level cap it imposed, for caps.
        hint: What different input would change the outcome, e.g.
            ``"PERSONAL needs a personalization.profile grant"``.
        standard: Which standard decided, where the consent-first and the law-floor
            standards part (an opt-out regime's permission, relied on or only noted);
            ``None`` where both would say the same.

    .. versionadded:: 0.1.0
    .. versionchanged:: 0.4.0
       ``standard``.
    """

    rule: str
    effect: Effect = attrs.field(converter=Effect)
    code: str
    message: str
    citation: str | None = None
    level: Level | None = attrs.field(default=None, converter=optional_level)
    hint: str | None = None
    standard: Standard | None = attrs.field(default=None, converter=optional_standard)


@attrs.frozen(kw_only=True)
class WithheldFact:
    """
    A fact the message may not use, and why.

    .. versionadded:: 0.1.0
    """

    key: str
    code: str
    reason: str


@attrs.frozen(kw_only=True)
class ApprovedFact:
    """
    One fact instance a decision approved: its key and its identity, never its value.

    The identity is when it was recorded and a BLAKE2b digest of its value's canonical
    JSON, so a later fact under the same key, an edited
    value or an expired one never passes for the approved instance.

    Args:
        key: The fact's key.
        recorded_at: When the approved instance was recorded.
        digest: BLAKE2b digest of the approved instance's value.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=lambda _i, _a, v: validate_key(v))
    recorded_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    digest: str

    @classmethod
    def of(cls, fact: Fact) -> ApprovedFact:
        """
        The approval of exactly *fact*.
        """
        return cls(key=fact.key, recorded_at=fact.recorded_at, digest=fact_digest(fact))

    def matches(self, fact: Fact) -> bool:
        """
        Whether *fact* is the approved instance (same key, record time and value).
        """
        return (
            fact.key == self.key
            and fact.recorded_at == self.recorded_at
            and fact_digest(fact) == self.digest
        )


@attrs.frozen(kw_only=True)
class GrantRef:
    """
    A consent grant a decision relied on, for the audit trail.

    .. versionadded:: 0.1.0
    """

    id: str
    purpose: str
    basis: str
    notice_id: str | None = None
    notice_version: str | None = None


def _usable(values: Iterable[str]) -> tuple[str, ...]:
    return tuple_of(str, values, "usable_facts")


def _approved(values: Iterable[ApprovedFact]) -> tuple[ApprovedFact, ...]:
    return tuple_of(ApprovedFact, values, "approved_facts")


def _usable_default(decision: Decision) -> tuple[str, ...]:
    return tuple(dict.fromkeys(a.key for a in decision.approved_facts))


def _withheld(values: Iterable[WithheldFact]) -> tuple[WithheldFact, ...]:
    return tuple_of(WithheldFact, values, "withheld_facts")


def _disclosures(values: Iterable[Disclosure]) -> tuple[Disclosure, ...]:
    return tuple_of(Disclosure, values, "disclosures")


def _reasons(values: Iterable[Reason]) -> tuple[Reason, ...]:
    return tuple_of(Reason, values, "reasons")


def _grant_refs(values: Iterable[GrantRef]) -> tuple[GrantRef, ...]:
    return tuple_of(GrantRef, values, "grants")


_DECISIVE = {Verdict.DENY: Effect.DENY, Verdict.DEFER: Effect.DEFER}


@attrs.frozen(kw_only=True)
class Decision(AuditedLater):
    """
    Whether, when and how personally a message may go out, and why.

    Deliberately has no ``__bool__``: test ``decision.verdict is Verdict.ALLOW`` or use
    :attr:`is_allowed`.

    The decision binds facts: :attr:`approved_facts` names the exact fact instances it
    approved (key, ``recorded_at`` and a digest of the value), and rendering, briefs and
    plans resolve facts through that set alone (:meth:`approved_in`).  :attr:`usable_facts`
    lists their keys (derived from :attr:`approved_facts` when not given).  A decision made
    by :func:`~personal_touch.decide` records in :attr:`facts_digest` the fact set it read,
    so using it after the contact's facts changed is refused (:meth:`check_facts`).

    A decision made by :func:`~personal_touch.decide` computes :attr:`decision_id` and
    :attr:`facts_digest` when they are first read (comparing, pickling and unstructuring
    read them too), from the inputs it was decided on: until then it keeps those inputs
    (the prepared contact) alive.  The values are the same however they are computed.

    .. versionadded:: 0.1.0
    """

    decision_id: str
    contact_id: str
    message: Message
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    verdict: Verdict = attrs.field(converter=Verdict)
    level: Level = attrs.field(converter=Level)
    approved_facts: tuple[ApprovedFact, ...] = attrs.field(default=(), converter=_approved)
    usable_facts: tuple[str, ...] = attrs.field(default=(), converter=_usable)
    withheld_facts: tuple[WithheldFact, ...] = attrs.field(default=(), converter=_withheld)
    disclosures: tuple[Disclosure, ...] = attrs.field(default=(), converter=_disclosures)
    not_before: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    reasons: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)
    grants: tuple[GrantRef, ...] = attrs.field(default=(), converter=_grant_refs)
    policy: str = "default"
    policy_version: str = "1"
    facts_digest: str | None = None

    def __attrs_post_init__(self) -> None:
        approved = self.approved_facts
        if not approved:
            return
        if not self.usable_facts:
            object.__setattr__(self, "usable_facts", _usable_default(self))
        elif any(a.key not in self.usable_facts for a in approved):
            raise InvalidFieldError("usable_facts", "must list the key of every approved fact")

    def __bool__(self) -> bool:
        raise TypeError(
            "a Decision has no truth value: test decision.verdict or decision.is_allowed"
        )

    @property
    def is_allowed(self) -> bool:
        """
        Whether the verdict is :attr:`Verdict.ALLOW`.
        """
        return self.verdict is Verdict.ALLOW

    def may_use(self, key: str) -> bool:
        """
        Whether fact *key* is among the usable facts.
        """
        return key in self.usable_facts

    def approved_in(self, facts: Iterable[Fact]) -> dict[str, Fact]:
        """
        The approved instances found among *facts*, by key.

        Matches by identity (key, ``recorded_at`` and value digest): another fact under an
        approved key is never returned.  Keys listed in :attr:`usable_facts` without an
        approved instance (a hand-made decision) resolve to nothing.

        .. versionadded:: 0.1.0
        """
        # By key alone: a datetime's first hash asks its zone for the offset (costly).
        wanted: dict[str, list[ApprovedFact]] = {}
        for a in self.approved_facts:
            wanted.setdefault(a.key, []).append(a)
        found: dict[str, Fact] = {}
        for f in facts:
            for a in wanted.get(f.key, ()):
                at = f.recorded_at
                if (at is a.recorded_at or at == a.recorded_at) and fact_digest(f) == a.digest:
                    found[f.key] = f
                    break
        return found

    def check_facts(self, contact: Contact) -> dict[str, Fact]:
        """
        Refuse *contact* unless the decision was made for it and its facts as they are now.

        Every approved instance must be among the contact's facts, and a decision made by
        :func:`~personal_touch.decide` (which records :attr:`facts_digest`) must see the same
        fact set.

        Returns:
            The approved instances among the contact's facts, by key (as :meth:`approved_in`).

        Raises:
            StaleDecisionError: It was made for another contact, or for other facts.

        .. versionadded:: 0.1.0
        """
        if contact.id != self.contact_id:
            raise StaleDecisionError(
                contact.id, "contact_id", "the decision is for another contact"
            )
        digest = None if self._decided_from(contact) else self.facts_digest
        if digest is not None and contact._facts_digest != digest:
            raise StaleDecisionError(
                contact.id, "facts", "the contact's facts changed since the decision"
            )
        approved = self.approved_facts
        found = self.approved_in(contact.known_facts)
        if len(found) != len(approved) and len(found) != len({a.key for a in approved}):
            raise StaleDecisionError(
                contact.id, "facts", "an approved fact is no longer among the contact's facts"
            )
        return found

    def requires(self, code: DisclosureCode) -> bool:
        """
        Whether disclosure *code* is required.
        """
        return any(d.code is code for d in self.disclosures)

    @property
    def decisive_reason(self) -> Reason | None:
        """
        The first reason whose effect set the verdict.

        The first :attr:`Effect.DENY` reason of a denial, the first :attr:`Effect.DEFER`
        reason of a deferral, and ``None`` for an allowed message.  Use it to show why a
        message did not go: a deferral reason (quiet hours) is never the reason of a denial.

        .. versionadded:: 0.1.0
        """
        effect = _DECISIVE.get(self.verdict)
        if effect is None:
            return None
        return next((r for r in self.reasons if r.effect is effect), None)

    def explain(self) -> str:
        """
        A readable multi-line account of the decision, free of personal data.
        """
        return explain(self)

    def what_if(self, *, target: Level | str | None = None) -> tuple[WhatIf, ...]:
        """
        The smallest documented changes that would better this decision, smallest first.

        Each is re-decided through the policy that made this decision: see
        :class:`~personal_touch.values.WhatIf` and the how-to "Ask what would change a
        decision".  *target*: the level to reach (default: the level the message asks for).

        Raises:
            DecisionInputsError: The decision no longer holds the inputs it was made from
                (it was made by hand, read from JSON, or its audit fields were both read).

        .. versionadded:: 0.3.0
        """
        search = getattr(pending(self), "what_if", None)  # the engine's, while it is kept
        if search is None:
            raise DecisionInputsError(self.contact_id)
        found: tuple[WhatIf, ...] = search(self, None if target is None else Level(target))
        return found
