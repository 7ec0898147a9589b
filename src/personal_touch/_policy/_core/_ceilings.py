"""
The core rules that cap how personal a message may be: the stage ceiling, personalization.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._consent import ConsentGrant, Purpose
from ..._levels import Authorship, Level
from ..._purposes import CONSENT_BASES
from .._fast import message_keys
from .._model import Cap, Note, Withhold, rule
from ._facts import exposed_facts
from ._history import answers_inquiry
from ._levels import CUSTOMIZED_RANK, PERSONAL_RANK, RANK, fact_level

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..._facts import Fact
    from .._model import Outcome, Request

__all__ = ["personalization", "stage_ceiling"]


@rule("stage_ceiling")
def stage_ceiling(request: Request) -> Iterable[Outcome]:
    """
    Cap the level by the contact's stage and the message's authorship.

    The consent-creep ceiling: the policy's :class:`~personal_touch.rules.StageTable`
    caps the level by the contact's stage and the message's authorship.
    """
    msg = request.message
    ceiling = request.policy.stage_table.ceiling(
        request.contact.stage, msg.authorship, inquiry=answers_inquiry(request)
    )
    if RANK[ceiling._value_] >= RANK[msg.level._value_]:
        return ()
    return (
        Cap(
            "stage_ceiling",
            "stage_ceiling",
            f"{msg.authorship._value_} messages to contacts at stage "
            f"{request.contact.stage._value_} may be at most {ceiling._value_}",
            ceiling,
            hint="a later stage or a person writing the message allows more",
        ),
    )


def _covers_fact(grants: Iterable[ConsentGrant], fact: Fact) -> bool:
    return any(g.scope is None or g.scope.covers_fact(fact.key, fact.sensitivity) for g in grants)


@rule("personalization")
def personalization(request: Request) -> Iterable[Outcome]:
    """
    Above CUSTOMIZED needs permission.

    Above CUSTOMIZED needs permission: a ``personalization.behaviour`` or
    ``personalization.profile`` consent allows CONTEXTUAL, a ``personalization.profile``
    consent allows PERSONAL and beyond, and a basis the contact's law accepts for
    personalization (legitimate interest in the EU and UK) allows what the pack says
    (CONTEXTUAL).  PERSONAL facts must lie in a profile consent's scope.  A person
    answering the contact's own inquiry is not capped.
    """
    msg = request.message
    wanted = msg.level
    if RANK[wanted._value_] <= CUSTOMIZED_RANK:
        return ()
    profile = request.grants_for(Purpose.PERSONALIZATION_PROFILE)
    consented = tuple(g for g in profile if g.basis in CONSENT_BASES)
    if consented:
        if RANK[wanted._value_] < PERSONAL_RANK:
            return ()  # below PERSONAL the engine withholds personal facts anyway
        return _outside_scope(request, consented)
    if msg.authorship is Authorship.HUMAN and answers_inquiry(request):
        return (
            Note(
                "personalization",
                "inquiry_reply",
                "a person answering the contact's own inquiry needs no personalization grant",
            ),
        )
    ceiling = _ceiling(request, profile)
    if RANK[ceiling._value_] >= RANK[wanted._value_]:
        return ()
    needed = "PERSONAL" if ceiling >= Level.CONTEXTUAL else wanted._value_.upper()
    return (
        Cap(
            "personalization",
            "personalization_not_permitted",
            f"no personalization grant allows more than {ceiling._value_}",
            ceiling,
            hint=f"{needed} needs a {Purpose.PERSONALIZATION_PROFILE} grant"
            if needed != "CONTEXTUAL"
            else f"CONTEXTUAL needs a {Purpose.PERSONALIZATION_BEHAVIOUR} grant",
        ),
    )


def _outside_scope(request: Request, consented: tuple[ConsentGrant, ...]) -> list[Outcome]:
    """
    Withhold the PERSONAL facts the message uses that no profile consent's scope covers.
    """
    out: list[Outcome] = []
    for key in message_keys(request.message)[0]:
        for fact in exposed_facts(request, key):
            if fact_level(fact) is Level.PERSONAL and not _covers_fact(consented, fact):
                out.append(
                    Withhold(
                        "personalization",
                        "outside_personalization_scope",
                        f"fact {fact.key} lies outside the personalization consent's scope",
                        fact.key,
                    )
                )
    return out


def _ceiling(request: Request, profile: tuple[ConsentGrant, ...]) -> Level:
    """
    The highest level the personalization grants allow without a profile consent.

    CUSTOMIZED; CONTEXTUAL with a behaviour consent; what the contact's law grants the
    bases of the profile and behaviour grants, if higher.
    """
    ceiling = Level.CUSTOMIZED
    behaviour = request.grants_for(Purpose.PERSONALIZATION_BEHAVIOUR)
    if any(g.basis in CONSENT_BASES for g in behaviour):
        ceiling = Level.CONTEXTUAL
    bases = request.personalization_bases
    if bases:
        for g in profile + behaviour:
            allowed = bases.get(g.basis._value_)
            if allowed is not None and RANK[allowed._value_] > RANK[ceiling._value_]:
                ceiling = allowed
    return ceiling
