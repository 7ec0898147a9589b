"""
The values a store returns beside the library's own: consent events and decision records.
"""

from __future__ import annotations

import enum
import hashlib

import attrs
import pendulum

from .._consent import ConsentGrant
from .._decision import Decision, Verdict
from .._levels import Level
from .._time import check_aware, to_datetime
from .._validators import integer, text, tuple_of
from ..converters import unstructure
from ._chain import canonical

__all__ = ["ConsentEvent", "DecisionRecord", "EventKind", "event_kind", "occurred_at"]


class EventKind(enum.StrEnum):
    """
    What a consent event records, read from the grant version it holds.

    .. versionadded:: 0.1.0
    """

    #: A grant given (or a new version of one that is neither confirmed nor withdrawn).
    GRANTED = "granted"
    #: A double opt-in confirmed.
    CONFIRMED = "confirmed"
    #: A grant withdrawn.
    WITHDRAWN = "withdrawn"


def event_kind(grant: ConsentGrant) -> EventKind:
    """
    The kind of event a version of *grant* records.
    """
    if grant.withdrawn_at is not None:
        return EventKind.WITHDRAWN
    if grant.confirmed_at is not None:
        return EventKind.CONFIRMED
    return EventKind.GRANTED


def occurred_at(grant: ConsentGrant) -> pendulum.DateTime:
    """
    When the change a version of *grant* records happened (its valid time).
    """
    return grant.withdrawn_at or grant.confirmed_at or grant.granted_at


@attrs.frozen(kw_only=True)
class ConsentEvent:
    """
    One appended consent event: a version of a grant, when it happened and when we recorded it.

    Attributes:
        seq: Its position in the consent chain (1, 2, 3...).
        grant: The grant version recorded.
        kind: What it records.
        occurred_at: When it happened (valid time).
        recorded_at: When we recorded it (transaction time, as the application said).
        link: Its link in the hash chain.

    .. versionadded:: 0.1.0
    """

    seq: int = attrs.field(validator=integer("seq", low=1))
    grant: ConsentGrant
    kind: EventKind = attrs.field(converter=EventKind)
    occurred_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    recorded_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    link: str


def _codes(values: object) -> tuple[str, ...]:
    return tuple_of(str, values, "rule_codes")


def _grant_ids(values: object) -> tuple[str, ...]:
    return tuple_of(str, values, "grant_ids")


def _digest(decision: Decision) -> str:
    # What the decision was asked, without the answer: the message described (fact keys and
    # flags, never values), the instant, and the digest of the fact set the engine read.
    asked = {
        "contact_id": decision.contact_id,
        "at": unstructure(decision.at),
        "message": unstructure(decision.message),
        "facts_digest": decision.facts_digest,
    }
    return hashlib.sha256(canonical(asked)).hexdigest()


@attrs.frozen(kw_only=True)
class DecisionRecord:
    """
    What the decision log keeps of one decision: ids, codes and digests, no personal data.

    Attributes:
        decision_id: The decision's id.
        contact_id: Whose decision it was (an id).
        at: The instant decided about.
        verdict: Allow, deny or defer.
        level: The level allowed.
        rule_codes: The codes of its reasons, in the decision's order.
        grant_ids: The ids of the grants it relied on.
        policy: The policy's name.
        policy_version: The policy's version.
        input_digest: SHA-256 of what it was asked (the message described, the instant, the
            contact id and the digest of the facts read), to check a replay against.

    .. versionadded:: 0.1.0
    """

    decision_id: str = attrs.field(validator=text("decision_id"))
    contact_id: str = attrs.field(validator=text("contact_id"))
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    verdict: Verdict = attrs.field(converter=Verdict)
    level: Level = attrs.field(converter=Level)
    rule_codes: tuple[str, ...] = attrs.field(default=(), converter=_codes)
    grant_ids: tuple[str, ...] = attrs.field(default=(), converter=_grant_ids)
    policy: str = "default"
    policy_version: str = "1"
    input_digest: str = ""

    @classmethod
    def from_decision(cls, decision: Decision) -> DecisionRecord:
        """
        The record of *decision*.
        """
        return cls(
            decision_id=decision.decision_id,
            contact_id=decision.contact_id,
            at=decision.at,
            verdict=decision.verdict,
            level=decision.level,
            rule_codes=tuple(r.code for r in decision.reasons),
            grant_ids=tuple(g.id for g in decision.grants),
            policy=decision.policy,
            policy_version=decision.policy_version,
            input_digest=_digest(decision),
        )
