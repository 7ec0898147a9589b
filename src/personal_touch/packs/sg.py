"""
Singapore's pack.

Singapore: the Personal Data Protection Act 2012 (PDPA) Part 9 (the Do Not Call Registry:
check the register before a marketing call or text to a Singapore number, identify the
sender) and the Spam Control Act 2007 (labelling and unsubscribe in unsolicited commercial
e-mail and texts sent in bulk).

The PDPA counts from the registry: a check result is valid for 21 days (30 days before
2021-02-01), and a newly registered number is protected 21 days after registration.  Here a
listing in ``sg_dnc`` stands for a current check result that found the number listed.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from .._channels import Channel
from .._decision import DisclosureCode
from ..rules import (
    CALLS_AND_TEXTS,
    ContentRequirement,
    LegalRule,
    OptOut,
    Pack,
    RegistryCheck,
    Requirement,
)

#: PDPA s.43 (as amended by the PDP (Amendment) Act 2020, from 2021-02-01): how long a DNC
#: Registry check result stays valid.
DNC_RESULT_VALID_DAYS = 21
#: Spam Control Act s.5(3): an unsubscribe request takes effect after 10 business days.
SCA_UNSUBSCRIBE_MAX = "10 business days"
_SCA = "Spam Control Act 2007 s.11 and Second Schedule"

SG_RULES: tuple[LegalRule, ...] = (
    RegistryCheck(
        id="SG-PDPA-43-01",
        statement=(
            "No marketing call or text to a Singapore number listed on the Do Not Call "
            "Registry (a check result is valid 21 days) without the person's clear and "
            "unambiguous consent in evidential form."
        ),
        citation="PDPA 2012 Part 9, s.43; PDPC: results valid 21 days from 2021-02-01",
        registries={"sg_dnc"},
        channels=CALLS_AND_TEXTS,
    ),
    ContentRequirement(
        id="SG-PDPA-44-01",
        statement=(
            "A marketing text identifies the organisation that sent or authorised it and "
            "how to contact it."
        ),
        citation="PDPA 2012 s.44",
        channels={Channel.SMS},
        requirements=(
            Requirement(
                "sender_identified",
                DisclosureCode.SENDER_IDENTITY,
                "sender_not_named",
                "the sender's identity and contact details",
            ),
        ),
        confidence="V",
    ),
    ContentRequirement(
        id="SG-SCA-11-01",
        statement=(
            "Unsolicited commercial e-mail and texts carry an unsubscribe facility, "
            "accurate header information and subject, and the label <ADV>."
        ),
        citation=_SCA,
        channels={Channel.EMAIL, Channel.SMS},
        requirements=(
            Requirement(
                "sender_identified",
                DisclosureCode.SENDER_IDENTITY,
                "header_inaccurate",
                "accurate header information",
            ),
            Requirement(
                "unsubscribe_offered",
                DisclosureCode.UNSUBSCRIBE,
                "unsubscribe_missing",
                "an unsubscribe facility",
            ),
            Requirement(
                "identified_as_ad",
                DisclosureCode.AD_IDENTIFICATION,
                "not_identified_as_ad",
                "the label <ADV> before the subject",
            ),
        ),
        confidence="I",
    ),
    OptOut(
        id="SG-SCA-5-01",
        statement=(
            "An unsubscribe request stops further commercial messages (the law allows 10 "
            "business days; honoured at once here)."
        ),
        citation="Spam Control Act 2007 s.5(3), Second Schedule para. 2",
        channels={Channel.EMAIL, Channel.SMS},
        statutory_max=SCA_UNSUBSCRIBE_MAX,
        confidence="I",
    ),
)

SINGAPORE = Pack(
    id="SG",
    name="Singapore: PDPA Do Not Call Registry and Spam Control Act",
    countries={"SG"},
    rules=SG_RULES,
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (SINGAPORE,)

__all__ = ["DNC_RESULT_VALID_DAYS", "PACKS", "SINGAPORE"]
