"""
New York's pack.

New York: General Business Law § 399-z (telemarketing: calling hours, the no telemarketing sales
calls statewide registry, which since 2003 is the national do-not-call registry, and the
telemarketer's own do-not-call list).  Telemarketing includes electronic messaging texts.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from .._consent import LawfulBasis
from .._interactions import InteractionKind
from ..rules import (
    CALLS_AND_TEXTS,
    CONSENT_BASES,
    CallingHours,
    CallingWindow,
    LegalRule,
    OptOut,
    Pack,
    RegistryCheck,
)
from .us import SOLICITATION

_GBL = "N.Y. Gen. Bus. Law § 399-z"
#: § 399-z(2): 08:00-21:00 at the customer's location, every day.
NY_CALLING_WINDOW = CallingWindow.weekly(
    weekdays=[("08:00", "21:00")], weekend=[("08:00", "21:00")]
)

NY_RULES: tuple[LegalRule, ...] = (
    CallingHours(
        id="US-NY-399Z-01",
        statement=(
            "Telemarketing calls and texts only 08:00-21:00 at the customer's location "
            "(applied even with consent, as the stricter reading)."
        ),
        citation=f"{_GBL}(2)",
        window=NY_CALLING_WINDOW,
        channels=CALLS_AND_TEXTS,
        purposes=SOLICITATION,
        confidence="I",
    ),
    RegistryCheck(
        id="US-NY-399Z-02",
        statement=(
            "No unsolicited telemarketing sales call or text to a number on the statewide "
            "registry (the national do-not-call registry), unless the customer asked for it "
            "or an established business relationship is in force."
        ),
        citation=f"{_GBL}(1)(j), (5), (8)",
        registries={"us_national_dnc", "us_state_dnc"},
        channels=CALLS_AND_TEXTS,
        purposes=SOLICITATION,
        exempt_bases=CONSENT_BASES,
        unless_in_force={LawfulBasis.CONTRACT},
        confidence="I",
    ),
    OptOut(
        id="US-NY-399Z-03",
        statement=(
            "A customer who asks not to be called again is not called or texted by that "
            "telemarketer again (its own do-not-call list)."
        ),
        citation=f"{_GBL} (telemarketer's do-not-call list)",
        channels=CALLS_AND_TEXTS,
        purposes=SOLICITATION,
        kinds={InteractionKind.UNSUBSCRIBED},
        confidence="V",
    ),
)

NEW_YORK = Pack(
    id="US-NY",
    name="New York: telemarketing (GBL § 399-z)",
    countries={"US"},
    subdivisions={"US-NY"},
    rules=NY_RULES,
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (NEW_YORK,)

__all__ = ["NEW_YORK", "NY_CALLING_WINDOW", "PACKS"]
