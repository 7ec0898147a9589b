"""
Switzerland's pack.

Switzerland: the Federal Act against Unfair Competition (UWG/LCD) on mass advertising by
telecommunication (art. 3 para. 1 lit. o) and the directory asterisk (lit. u), and the revised
Federal Act on Data Protection (revDSG/nFADP, in force 2023-09-01) on processing against a
person's express will.

Live marketing calls by a person are not mass advertising: they are lawful unless the number
carries the asterisk in the telephone directory (lit. u).

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from .._consent import LawfulBasis
from ..rules import (
    CALLS,
    ELECTRONIC,
    ConsentRequired,
    ContentRequirement,
    LegalRule,
    Objection,
    OptOut,
    Pack,
    RegistryCheck,
    SoftOptIn,
)
from .eu import SENDER_AND_OPT_OUT

_LIT_O = "UWG (SR 241) art. 3 para. 1 lit. o"

#: Lit. o, second sentence: a seller who got a customer's contact details in a sale, and
#: pointed out the right to refuse, may send mass advertising for its own similar goods.
CH_SOFT_OPT_IN = SoftOptIn(
    id="CH-UWG-3O-02",
    citation=f"{_LIT_O}, second sentence",
    channels=ELECTRONIC,
    confidence="S",
)

CH_RULES: tuple[LegalRule, ...] = (
    ConsentRequired(
        id="CH-UWG-3O-01",
        statement=(
            "Mass advertising by telecommunication (e-mail, SMS, messaging) needs the "
            "recipient's prior consent, or the customer exception."
        ),
        citation=_LIT_O,
        channels=ELECTRONIC,
        also=(CH_SOFT_OPT_IN,),
    ),
    CH_SOFT_OPT_IN,
    ConsentRequired(
        id="CH-UWG-3O-03",
        statement="Advertising calls by an automated calling machine need prior consent.",
        citation=f"{_LIT_O}; BAKOM, 'Wann ist der Massenversand erlaubt?'",
        channels=CALLS,
        authorship={"automated"},
    ),
    ContentRequirement(
        id="CH-UWG-3O-04",
        statement=(
            "Mass advertising names its correct sender and points to an easy, free way to "
            "refuse further messages."
        ),
        citation=_LIT_O,
        channels=ELECTRONIC,
        requirements=SENDER_AND_OPT_OUT,
    ),
    OptOut(
        id="CH-UWG-3O-05",
        statement=(
            "A refusal of further mass advertising stops it at once, until the person "
            "consents again."
        ),
        citation=_LIT_O,
        channels=ELECTRONIC,
        confidence="I",
    ),
    RegistryCheck(
        id="CH-UWG-3U-01",
        statement=(
            "No advertising call to a number whose directory entry carries the asterisk "
            "(no advertising from third parties), unless the person consented or is a "
            "customer with a contract in force."
        ),
        citation="UWG art. 3 para. 1 lit. u; FDV (SR 784.101.1) art. 88",
        registries={"ch_directory_star"},
        unless_in_force={LawfulBasis.CONTRACT},
        confidence="I",
    ),
    Objection(
        id="CH-DSG-30-01",
        statement=(
            "Processing personal data against the person's express will (an objection to "
            "direct marketing) violates their personality: no further marketing."
        ),
        citation="revDSG (SR 235.1) art. 30 para. 2 lit. b",
        confidence="I",
    ),
)

SWITZERLAND = Pack(
    id="CH",
    name="Switzerland: UWG mass advertising and directory asterisk, revDSG",
    countries={"CH"},
    rules=CH_RULES,
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (SWITZERLAND,)

__all__ = ["PACKS", "SWITZERLAND"]
