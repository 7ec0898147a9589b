"""
Counterfactuals as values: a change to a decision's inputs, and the decision it would give.

:meth:`Decision.what_if <personal_touch.Decision.what_if>` searches a documented set of
changes (:class:`ChangeKind`) and returns each one that changes the verdict or the level as
a :class:`WhatIf`: the changes, in words (:meth:`WhatIf.describe`) and as data, and the
decision they give, decided again through the same policy.  A change applies to a
:class:`Scenario` (the contact, the message, the consent ledger and the instant), so a
caller can check a suggestion by deciding the changed scenario again.  No change ever adds
a fact; a grant it adds is hypothetical and says so (:data:`HYPOTHETICAL`).
"""

from __future__ import annotations

import enum

import attrs
import pendulum

from ._channels import Channel
from ._consent import ConsentGrant, ConsentLedger, Evidence, LawfulBasis
from ._contacts import Contact
from ._contacts._contact import BIRTHDAY_KEY
from ._decision import Decision
from ._levels import Level
from ._message import Message
from ._time import check_aware_or_none, to_datetime_or_none
from ._validators import tuple_of
from .exceptions import InvalidFieldError

__all__ = ["HYPOTHETICAL", "Change", "ChangeKind", "Scenario", "WhatIf"]

#: The evidence of every grant a change adds: it marks the grant as imagined, never given.
HYPOTHETICAL = Evidence(source="what_if", method="hypothetical")


class ChangeKind(enum.StrEnum):
    """
    The kinds of change :meth:`~personal_touch.Decision.what_if` tries, smallest first.

    .. versionadded:: 0.3.0
    """

    #: Ask for another level (only when a target level above the message's is asked).
    ASK_LEVEL = "ask_level"
    #: The person grants a purpose on the message's channel (express consent, given at the
    #: instant; its evidence is :data:`HYPOTHETICAL`).
    ADD_GRANT = "add_grant"
    #: Decide at a later instant: when the deferral ends, a grant or a fact starts or stops
    #: holding, a fact grows too old or a cooling-off period ends.
    WAIT = "wait"
    #: Forget every fact under a key (never one the message does not use, to lift a
    #: protection the law attaches to it, such as a child's birth date).
    DROP_FACT = "drop_fact"
    #: Send on another channel the contact has an address for.
    USE_CHANNEL = "use_channel"


_RANK = {k: i for i, k in enumerate(ChangeKind)}


@attrs.frozen(kw_only=True)
class Scenario:
    """
    What a change changes: the contact, the message, their consent ledger and the instant.

    .. versionadded:: 0.3.0
    """

    contact: Contact
    message: Message
    consents: ConsentLedger
    at: pendulum.DateTime


def _needs(kind: ChangeKind) -> str:
    return {
        ChangeKind.ASK_LEVEL: "level",
        ChangeKind.ADD_GRANT: "purpose",
        ChangeKind.WAIT: "until",
        ChangeKind.DROP_FACT: "fact_key",
        ChangeKind.USE_CHANNEL: "channel",
    }[kind]


@attrs.frozen(kw_only=True)
class Change:
    """
    One change to a decision's inputs, as data (the field its kind needs is set).

    Args:
        kind: What kind of change.
        purpose: The grant's purpose key (``ADD_GRANT``).
        channel: The grant's channel (``ADD_GRANT``) or the channel to use (``USE_CHANNEL``).
        until: The instant to decide at (``WAIT``).
        fact_key: The key whose facts are forgotten (``DROP_FACT``).
        level: The level to ask for (``ASK_LEVEL``).

    .. versionadded:: 0.3.0
    """

    kind: ChangeKind = attrs.field(converter=ChangeKind)
    purpose: str | None = attrs.field(default=None, converter=attrs.converters.optional(str))
    channel: Channel | None = attrs.field(
        default=None, converter=attrs.converters.optional(Channel)
    )
    until: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    fact_key: str | None = None
    level: Level | None = attrs.field(default=None, converter=attrs.converters.optional(Level))

    def __attrs_post_init__(self) -> None:
        name = _needs(self.kind)
        if getattr(self, name) is None:
            raise InvalidFieldError(name, f"is required for a {self.kind.value} change")
        if self.kind is ChangeKind.ADD_GRANT and self.channel is None:
            raise InvalidFieldError("channel", "is required for an add_grant change")

    def sort_key(self) -> tuple[object, ...]:
        """
        The order of changes: by kind (:class:`ChangeKind`'s order), then by their data.
        """
        until = self.until.timestamp() if self.until is not None else 0.0
        return (
            _RANK[self.kind],
            until,
            self.purpose or "",
            self.channel.value if self.channel is not None else "",
            self.fact_key or "",
            self.level.rank if self.level is not None else -1,
        )

    def describe(self) -> str:
        """
        The change in words (keys, purposes and instants only: no personal data).
        """
        kind = self.kind
        if kind is ChangeKind.ASK_LEVEL:
            return f"ask for {self.level.value}"  # type: ignore[union-attr]
        if kind is ChangeKind.ADD_GRANT:
            return (
                f"the person grants {self.purpose} on {self.channel.value}"  # type: ignore[union-attr]
                " (hypothetical)"
            )
        if kind is ChangeKind.WAIT:
            return f"wait until {self.until.isoformat()}"  # type: ignore[union-attr]
        if kind is ChangeKind.DROP_FACT:
            return f"drop the facts under {self.fact_key}"
        return f"send by {self.channel.value} instead"  # type: ignore[union-attr]

    def grant(self, contact_id: str, at: pendulum.DateTime) -> ConsentGrant:
        """
        The hypothetical grant an ``ADD_GRANT`` change adds for *contact_id*, given at *at*.
        """
        purpose, channel = self.purpose or "", self.channel or Channel.EMAIL  # both set
        return ConsentGrant(
            id=f"what_if:{purpose}:{channel.value}",
            contact_id=contact_id,
            purpose=purpose,
            channels={channel},
            basis=LawfulBasis.CONSENT,
            granted_at=at,
            evidence=HYPOTHETICAL,
        )

    def apply(self, scenario: Scenario) -> Scenario:
        """
        *scenario* with this change made.

        Raises:
            InvalidFieldError: The changed message or contact is not valid (e.g. a channel
                the message cannot use).
        """
        s, kind = scenario, self.kind
        if kind is ChangeKind.ADD_GRANT:
            return attrs.evolve(s, consents=s.consents.record(self.grant(s.contact.id, s.at)))
        if kind is ChangeKind.DROP_FACT:
            return attrs.evolve(s, contact=_without(s.contact, self.fact_key or ""))
        if self.until is not None:  # WAIT
            return attrs.evolve(s, at=self.until)
        if self.level is not None:  # ASK_LEVEL
            return attrs.evolve(s, message=attrs.evolve(s.message, level=self.level))
        if self.channel is not None:  # USE_CHANNEL
            return attrs.evolve(s, message=attrs.evolve(s.message, channel=self.channel))
        raise AssertionError(kind)  # pragma: no cover - post_init checks the fields


def _without(contact: Contact, key: str) -> Contact:
    """*contact* without the facts under *key* (a birth date is the birthday fact)."""
    kept = tuple(f for f in contact.facts if f.key != key)
    birth = contact.birth_date
    if key == BIRTHDAY_KEY and len(kept) == len(contact.facts):
        birth = None
    return attrs.evolve(contact, facts=kept, birth_date=birth)


def _changes(values: tuple[Change, ...] | list[Change]) -> tuple[Change, ...]:
    return tuple_of(Change, values, "changes")


@attrs.frozen(kw_only=True)
class WhatIf:
    """
    A counterfactual: the changes, made in order, and the decision they would give.

    Args:
        changes: The changes (one or two), applied in order.
        decision: The decision the changed scenario gives, decided again through the policy
            that made the original decision.

    .. versionadded:: 0.3.0
    """

    changes: tuple[Change, ...] = attrs.field(converter=_changes)
    decision: Decision = attrs.field(validator=attrs.validators.instance_of(Decision))

    def describe(self) -> str:
        """
        The changes and what they give, in words free of personal data.
        """
        d = self.decision
        what = " and ".join(c.describe() for c in self.changes)
        until = f" from {d.not_before.isoformat()}" if d.not_before is not None else ""
        return f"{what}: {d.verdict.value.upper()}{until} at {d.level.value}"

    def apply(self, scenario: Scenario) -> Scenario:
        """
        *scenario* with every change made, in order.
        """
        for change in self.changes:
            scenario = change.apply(scenario)
        return scenario

    def sort_key(self) -> tuple[object, ...]:
        """
        The order of suggestions: fewer changes first, then by the changes' own order.
        """
        return (len(self.changes), tuple(c.sort_key() for c in self.changes))
