"""
The core honesty rule: never fake one-to-one attention, and say where a fact came from.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from ..._decision import Disclosure, DisclosureCode
from ..._levels import Authorship, Level
from ..._time import timezone
from .._fast import message_keys
from .._model import Cap, Deny, Disclose, Tag, rule, shared
from ._facts import exposed_facts
from ._levels import CUSTOMIZED_RANK, PERSONAL_RANK, RANK, fact_level

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..._facts import Fact
    from .._model import Outcome, Request

__all__ = ["honesty"]


@rule("honesty")
def honesty(request: Request) -> Iterable[Outcome]:
    """
    Never fake one-to-one attention.

    Never fake one-to-one attention: an automated message claiming personal authorship is
    denied, never reaches INDIVIDUAL, and above CUSTOMIZED discloses that it is automated;
    a message using a personal fact says where we learned it.
    """
    msg = request.message
    above_customized = RANK[msg.level._value_] > CUSTOMIZED_RANK
    out: list[Outcome] = []
    if msg.authorship is Authorship.AUTOMATED:
        if msg.authorship_claims:
            out.append(
                Deny(
                    "honesty",
                    "automated_claims_personal_authorship",
                    "an automated message claims personal authorship or attention ("
                    + ", ".join(sorted(msg.authorship_claims))
                    + ")",
                    hint="remove the claims or have a person write the message",
                )
            )
        if msg.level is Level.INDIVIDUAL:
            out.append(
                Cap(
                    "honesty",
                    "automated_not_individual",
                    "automated messages are never individual",
                    Level.PERSONAL,
                    hint="INDIVIDUAL needs a person writing the message",
                )
            )
        if above_customized:
            out.append(_AUTOMATED_NOTICE)
    if RANK[msg.level._value_] >= PERSONAL_RANK:  # personal facts need PERSONAL to be used
        tz = request.contact.calendar_zone
        for key in message_keys(msg)[0]:
            for fact in exposed_facts(request, key):
                if fact_level(fact) is Level.PERSONAL:
                    out.append(shared(request, (_SOURCES, fact.key), partial(_source, fact, tz)))
    return out


_SOURCES = Tag("fact sources")
_AUTOMATED_NOTICE = Disclose(
    "honesty",
    "automated_disclosure",
    "an automated message above customized says it is automated",
    Disclosure(DisclosureCode.AUTOMATED_MESSAGE),
    if_level_above=Level.CUSTOMIZED,
)


def _source(fact: Fact, tz: str) -> Disclose:
    return Disclose(
        "honesty",
        "fact_source",
        f"a message using fact {fact.key} says where we learned it",
        Disclosure(
            DisclosureCode.FACT_SOURCE,
            {
                "key": fact.key,
                "topic": fact.topic,
                "provenance": fact.provenance.value,
                "date": fact.recorded_at.astimezone(timezone(tz)).date().isoformat(),
            },
        ),
        if_fact_used=fact.key,
    )
