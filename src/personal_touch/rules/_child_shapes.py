"""
Rule shapes for children: who counts as a child, verified parents, profiling off by default.

A contact is treated as a child below an age on their own calendar, or, when the policy's
sender runs a service directed at children (``SenderProfile(child_directed=True)``), whenever
their age is unknown.  :class:`ChildProfiling` keeps profiling off for children unless it was
switched on; :class:`ChildDirectedService` asks a child-directed service for a verified
parent's consent and forbids behavioural advertising to children.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._consent import ParentalVerification, Purpose
from .._facts import Provenance
from .._message import MessagePurpose
from .._purposes import CONSENT_BASES, PARENTAL_BASES
from .._validators import enum_set
from ._legal import LegalRule, label, names
from ._requests import age, facts_used, grants

if TYPE_CHECKING:
    from .._consent import ConsentGrant
    from .._facts import Fact
    from .._policy._model import Outcome, Request

__all__ = [
    "PROFILING_PROVENANCE",
    "VERIFIED_PARENT",
    "ChildDirectedService",
    "ChildProfiling",
    "is_child",
    "is_verified",
    "verification_set",
]

#: Facts that come from watching or predicting a person, or from others: profiling.
PROFILING_PROVENANCE = frozenset({Provenance.OBSERVED, Provenance.INFERRED, Provenance.THIRD_PARTY})
#: Every way of verifying a parent (16 CFR 312.5(b)(2)); e-mail plus only for internal use.
VERIFIED_PARENT = frozenset(ParentalVerification)
#: The grant purposes that switch profiling on.
_PROFILING_ON = (Purpose.PERSONALIZATION_BEHAVIOUR.value, Purpose.PERSONALIZATION_PROFILE.value)
#: Every purpose but completing what the person asked for.
_NOT_TRANSACTIONAL = frozenset(MessagePurpose) - {MessagePurpose.TRANSACTIONAL}


def verification_set(
    values: Iterable[ParentalVerification | str],
) -> frozenset[ParentalVerification]:
    """
    Convert for attrs: a frozenset of parental verification methods.

    .. versionadded:: 0.4.0
    """
    return enum_set(ParentalVerification, values, "verified")


def is_verified(grant: ConsentGrant, methods: frozenset[ParentalVerification]) -> bool:
    """
    Whether *grant*'s evidence records a verification of the parent among *methods*.

    .. versionadded:: 0.4.0
    """
    ev = grant.evidence
    return ev is not None and ev.verification in methods


def is_child(request: Request, below: int) -> bool:
    """
    Whether the contact is treated as a child younger than *below*.

    With a birth date: their age on their own calendar.  Without one: only when the policy's
    sender runs a service directed at children.

    .. versionadded:: 0.4.0
    """
    years = age(request)
    if years is not None:
        return years < below
    sender = request.policy.sender
    return sender is not None and sender.child_directed


def _profiling_facts(request: Request, keys: Iterable[str]) -> tuple[Fact, ...]:
    return tuple(f for f in facts_used(request, keys) if f.provenance in PROFILING_PROVENANCE)


def _switched_on(request: Request) -> bool:
    channel = request.message.channel
    return any(grants(request, CONSENT_BASES, purpose=p, channel=channel) for p in _PROFILING_ON)


@attrs.frozen(kw_only=True)
class ChildProfiling(LegalRule):
    """
    Profiling off by default for children: no observed, inferred or bought facts.

    For a child (see :func:`is_child`), withhold every content fact that was observed,
    inferred or bought (so the level drops to what stated and system facts support), and deny
    selecting the child by such facts, unless profiling was switched on: a consent (the
    child's or a parent's) to ``personalization.behaviour`` or ``personalization.profile``
    is in force, the documented exception.

    Args:
        below: The age below which a contact is a child.

    .. versionadded:: 0.4.0
    """

    below: int = attrs.field(metadata=label("below age"))
    purposes: frozenset[MessagePurpose] | None = attrs.field(default=_NOT_TRANSACTIONAL)

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if not is_child(request, self.below):
            return ()
        m = request.message
        targeting = _profiling_facts(request, m.targeting_facts)
        content = _profiling_facts(request, m.content_facts)
        if not (targeting or content) or _switched_on(request):
            return ()
        hint = "switch profiling on only with a consent to personalization.behaviour"
        if targeting:
            return (
                self.deny(
                    "child_profiling_off",
                    f"a child under {self.below} is not selected by observed or inferred "
                    "facts while profiling is off",
                    hint,
                ),
            )
        return tuple(
            self.withhold(
                "child_profiling_off",
                f"a {f.provenance.value} fact is not used for a child under {self.below} "
                "while profiling is off",
                f.key,
            )
            for f in content
        )


@attrs.frozen(kw_only=True)
class ChildDirectedService(LegalRule):
    """
    A service directed at children: a verified parent first, and no behavioural advertising.

    For a child (see :func:`is_child`): deny selecting them by observed, inferred or bought
    facts (behavioural advertising is not a support for internal operations); and, on a
    service directed at children, treat a contact of unknown age as a child, whose data is
    used only with a parent's consent verified by one of *verified*.

    Args:
        below: The age below which a contact is a child.
        verified: The ways of verifying a parent this law accepts.

    .. versionadded:: 0.4.0
    """

    below: int = attrs.field(metadata=label("below age"))
    verified: frozenset[ParentalVerification] = attrs.field(
        default=VERIFIED_PARENT, converter=verification_set, metadata=label("parent verified by")
    )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if not is_child(request, self.below):
            return ()
        if _profiling_facts(request, request.message.targeting_facts):
            return (
                self.deny(
                    "behavioural_advertising_to_child",
                    f"a child under {self.below} is not selected by observed or inferred facts",
                    "send to children without targeting facts",
                ),
            )
        if age(request) is not None:
            return ()  # a known age: the minor rule asks for the parent's consent
        if any(is_verified(g, self.verified) for g in grants(request, PARENTAL_BASES)):
            return ()
        return (
            self.deny(
                "child_directed_service_needs_vpc",
                f"the service is directed at children and the contact's age is unknown: "
                f"treated as under {self.below}, with no verified parent's consent in force",
                "record the contact's birth date, or a parental_consent grant verified by "
                "one of: " + names(self.verified),
            ),
        )
