"""
South Africa's pack.

South Africa: the Protection of Personal Information Act 2013 (POPIA) s. 69 (direct marketing by
electronic communication: consent or the customer exception, one request for consent, sender
identity and opt-out in every message), s. 26-27 (special personal information) and s. 34-35
(children, under 18).

"Direct marketing" includes requests for donations, so fundraising is covered.  A request
for consent is itself allowed once (s. 69(2)); it is governed by ``ZA-POPIA-69-04`` rather
than by the consent rule.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from .._message import MessagePurpose
from .._purposes import MARKETING_PURPOSES
from ..rules import (
    CALLS,
    CONSENT_BASES,
    ELECTRONIC,
    ConsentRequestLimit,
    ConsentRequired,
    ContentRequirement,
    LegalRule,
    MinorRule,
    OptOut,
    Pack,
    SoftOptIn,
    SpecialCategories,
)
from .au import AU_SENSITIVE
from .eu import SENDER_AND_OPT_OUT

_S69 = "POPIA (Act 4 of 2013) s.69"
#: s.69(1): direct marketing other than the one permitted request for consent.
ZA_DM_PURPOSES = MARKETING_PURPOSES - {MessagePurpose.CONSENT_REQUEST}
#: s.1 and s.35: a child is under 18.
ZA_CHILD_AGE = 18
#: s.26: special personal information (religious or philosophical beliefs, race or ethnic
#: origin, trade union membership, political persuasion, health or sex life, biometric
#: information, criminal behaviour).
ZA_SPECIAL = AU_SENSITIVE

ZA_SOFT_OPT_IN = SoftOptIn(
    id="ZA-POPIA-69-03",
    citation=f"{_S69}(1)(b), 69(3)",
    channels=ELECTRONIC,
)

ZA_RULES: tuple[LegalRule, ...] = (
    ConsentRequired(
        id="ZA-POPIA-69-01",
        statement=(
            "Direct marketing (donation requests included) by e-mail, SMS or other "
            "electronic communication needs the person's consent, or the customer exception."
        ),
        citation=f"{_S69}(1)",
        channels=ELECTRONIC,
        purposes=ZA_DM_PURPOSES,
        also=(ZA_SOFT_OPT_IN,),
    ),
    ConsentRequired(
        id="ZA-POPIA-69-02",
        statement="Direct marketing by automatic calling machine needs the person's consent.",
        citation=f"{_S69}(1)",
        channels=CALLS,
        purposes=ZA_DM_PURPOSES,
        authorship={"automated"},
    ),
    ZA_SOFT_OPT_IN,
    ConsentRequestLimit(
        id="ZA-POPIA-69-04",
        statement=(
            "A person who has not consented may be approached once, electronically, to ask "
            "for consent, and not again."
        ),
        citation=f"{_S69}(2)",
        channels=ELECTRONIC,
        confidence="I",
    ),
    ContentRequirement(
        id="ZA-POPIA-69-05",
        statement=(
            "Every direct-marketing communication gives the sender's identity and an address "
            "or other contact to which the person can send a request to stop."
        ),
        citation=f"{_S69}(4)",
        channels=ELECTRONIC,
        requirements=SENDER_AND_OPT_OUT,
    ),
    OptOut(
        id="ZA-POPIA-69-06",
        statement="After the person objects, no further electronic direct marketing.",
        citation=f"{_S69}(3)(c); s.11(3)(b)",
        channels=ELECTRONIC,
        purposes=ZA_DM_PURPOSES,
        regrant_bases=CONSENT_BASES,
        confidence="I",
    ),
    SpecialCategories(
        id="ZA-POPIA-27-01",
        statement=(
            "Special personal information (beliefs, race, trade union, politics, health, sex "
            "life, biometrics, criminal behaviour) is used only with the person's consent."
        ),
        citation="POPIA s.26, s.27(1)(a)",
        categories=ZA_SPECIAL,
        bases=CONSENT_BASES,
        code="special_personal_information_consent_required",
        confidence="I",
    ),
    MinorRule(
        id="ZA-POPIA-35-01",
        statement=(
            "A child's personal information (under 18) is processed for marketing only with "
            "the prior consent of a competent person (a parent or guardian)."
        ),
        citation="POPIA s.1 ('child'), s.34, s.35(1)(a)",
        age=ZA_CHILD_AGE,
        confidence="I",
    ),
)

SOUTH_AFRICA = Pack(
    id="ZA",
    name="South Africa: POPIA direct marketing, special information, children",
    countries={"ZA"},
    rules=ZA_RULES,
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (SOUTH_AFRICA,)

__all__ = ["PACKS", "SOUTH_AFRICA", "ZA_DM_PURPOSES"]
