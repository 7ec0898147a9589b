"""
Japan's pack.

Japan: the Act on Regulation of Transmission of Specified Electronic Mail (特定電子メール法, opt-in
since the 2008 amendment: consent, sender identification, honouring a refusal) and the Act on
the Protection of Personal Information (APPI) on special care-required personal information.

"Specified electronic mail" is advertising or publicity e-mail sent by a business; SMS is
included.  A business relationship with the recipient is one of the statutory exceptions
(an ``implied_existing_business`` grant here).

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from .._channels import Channel
from .._consent import LawfulBasis
from .._facts import Sensitivity
from ..rules import (
    CONSENT_BASES,
    ConsentRequired,
    ContentRequirement,
    LegalRule,
    OptOut,
    Pack,
    SpecialCategories,
)
from .eu import SENDER_AND_OPT_OUT

#: Specified electronic mail: e-mail and SMS.
SPECIFIED_MAIL = frozenset({Channel.EMAIL, Channel.SMS})
_ACT = "Act on Regulation of Transmission of Specified Electronic Mail (Act No. 26 of 2002)"
#: Art. 3(1): consent, or one of the exceptions (a business relationship counts here).
ASEM_BASES = CONSENT_BASES | {LawfulBasis.IMPLIED_EXISTING_BUSINESS}
#: APPI special care-required personal information (race, creed, medical history, criminal
#: record, and the like).
APPI_SPECIAL_CARE = frozenset(
    {
        Sensitivity.RACIAL_ETHNIC_ORIGIN,
        Sensitivity.RELIGION,
        Sensitivity.HEALTH,
        Sensitivity.REPRODUCTIVE_HEALTH,
        Sensitivity.GENETIC,
        Sensitivity.CRIMINAL_RECORD,
    }
)

JP_RULES: tuple[LegalRule, ...] = (
    ConsentRequired(
        id="JP-ASEM-3-01",
        statement=(
            "Advertising e-mail and SMS only to recipients who consented in advance, or who "
            "have a business relationship with the sender."
        ),
        citation=f"{_ACT} art. 3(1)",
        channels=SPECIFIED_MAIL,
        bases=ASEM_BASES,
        confidence="I",
    ),
    OptOut(
        id="JP-ASEM-3-02",
        statement="After the recipient refuses further mail, none is sent again.",
        citation=f"{_ACT} art. 3(3)",
        channels=SPECIFIED_MAIL,
        confidence="I",
    ),
    ContentRequirement(
        id="JP-ASEM-4-01",
        statement=(
            "Every advertising mail shows the sender's name and how to notify a refusal of "
            "further mail."
        ),
        citation=f"{_ACT} art. 4",
        channels=SPECIFIED_MAIL,
        requirements=SENDER_AND_OPT_OUT,
        confidence="I",
    ),
    SpecialCategories(
        id="JP-APPI-20-01",
        statement=(
            "Special care-required personal information (race, creed, medical history, "
            "criminal record...) is acquired and used only with the person's prior consent."
        ),
        citation="APPI (Act No. 57 of 2003) art. 20(2) (art. 17(2) before the 2022 renumbering), "
        "art. 2(3)",
        categories=APPI_SPECIAL_CARE,
        bases=frozenset({LawfulBasis.CONSENT, LawfulBasis.EXPLICIT_CONSENT}),
        code="special_care_information_consent_required",
        confidence="I",
    ),
)

JAPAN = Pack(
    id="JP",
    name="Japan: Specified Electronic Mail Act and APPI",
    countries={"JP"},
    rules=JP_RULES,
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (JAPAN,)

__all__ = ["APPI_SPECIAL_CARE", "JAPAN", "PACKS", "SPECIFIED_MAIL"]
