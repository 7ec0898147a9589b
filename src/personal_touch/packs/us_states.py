"""
The United States' state packs.

United States, state law: California (CCPA/CPRA), Florida (FTSA and 501.616), Oklahoma (OTSA),
Maryland (Stop the Spam Calls Act), Washington (telephone solicitation, commercial texts, My Health
My Data Act), Texas (SB 140 calling hours), and the states whose privacy laws make a universal opt-
out signal such as Global Privacy Control binding.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from .._channels import Channel
from .._consent import LawfulBasis, Purpose
from .._facts import Sensitivity
from .._interactions import InteractionKind
from ..rules import (
    CALLS,
    CALLS_AND_TEXTS,
    CONSENT_BASES,
    PARENTAL_BASES,
    CallCap,
    CallingHours,
    CallingWindow,
    ConsentRequired,
    GlobalPrivacyControl,
    LegalRule,
    OptOut,
    Outcome,
    Pack,
    Request,
    SensitiveDataLimit,
    SpecialCategories,
    age,
    grants,
    names,
    shares_data,
    sharing_undeclared,
)
from .us import PEWC, SOLICITATION

#: Calls 08:00-20:00 every day (Florida 501.616(6)(a), Oklahoma, Maryland, Washington).
EIGHT_TO_EIGHT = CallingWindow.weekly(weekdays=[("08:00", "20:00")], weekend=[("08:00", "20:00")])
#: Texas SB 140: registered sellers Mon-Sat 09:00-21:00, Sun 12:00-21:00.
TX_CALLING_WINDOW = CallingWindow.weekly(
    weekdays=[("09:00", "21:00")], saturday=[("09:00", "21:00")], sunday=[("12:00", "21:00")]
)
#: Florida, Oklahoma, Maryland: at most 3 solicitation calls per 24 hours on one subject.
CALLS_PER_DAY = 3
CALL_WINDOW_HOURS = 24
#: CCPA §1798.120(c): under 16 opt-in for sale or sharing; under 13 by a parent.
CA_OPT_IN_AGE = 16
CA_PARENT_AGE = 13
#: CPRA sensitive personal information (Cal. Civ. Code §1798.140(ae)); political opinions
#: are not on it.
CPRA_SPI = frozenset(
    {
        Sensitivity.HEALTH,
        Sensitivity.REPRODUCTIVE_HEALTH,
        Sensitivity.SEX_LIFE,
        Sensitivity.RELIGION,
        Sensitivity.RACIAL_ETHNIC_ORIGIN,
        Sensitivity.GENETIC,
        Sensitivity.BIOMETRIC,
        Sensitivity.TRADE_UNION,
        Sensitivity.FINANCES,
        Sensitivity.PRECISE_LOCATION,
        Sensitivity.IMMIGRATION_STATUS,
        Sensitivity.GOVERNMENT_ID,
    }
)
#: Washington My Health My Data Act: consumer health data (incl. reproductive, genetic and
#: biometric data and inferences about health).
WA_HEALTH_DATA = frozenset(
    {
        Sensitivity.HEALTH,
        Sensitivity.REPRODUCTIVE_HEALTH,
        Sensitivity.GENETIC,
        Sensitivity.BIOMETRIC,
    }
)
#: Washington RCW 80.36.390: after a "no", no further call for a year.
WA_REFUSAL_DAYS = 365
#: States whose privacy laws require honouring universal opt-out mechanisms (GPC) for sale
#: and targeted advertising (research notes US-STATES-UOOM; to verify state by state).
UOOM_STATES = frozenset(
    {"US-CO", "US-CT", "US-DE", "US-MD", "US-MN", "US-MT", "US-NJ", "US-OR", "US-TX"}
)
SALE_PURPOSES = (Purpose.DATA_SALE, Purpose.DATA_SHARING, Purpose.CUSTOM_AUDIENCE)


#: The person's own opt-in, general or explicit (not a guardian's, not the TCPA's written form).
_OWN = frozenset({LawfulBasis.CONSENT, LawfulBasis.EXPLICIT_CONSENT})


@attrs.frozen(kw_only=True)
class MinorSale(LegalRule):
    """
    No sale or sharing of a minor's data without an opt-in: their own, or a parent's when younger.
    """

    below: int = CA_OPT_IN_AGE
    parent_below: int = CA_PARENT_AGE

    def check(self, request: Request, /) -> Iterable[Outcome]:
        shared = shares_data(request)
        if shared is False:
            return ()
        years = age(request)
        if years is None or years >= self.below:
            return ()
        child = years < self.parent_below
        bases = PARENTAL_BASES if child else _OWN
        if any(grants(request, bases, purpose=p) for p in SALE_PURPOSES):
            return ()
        if shared is None:
            return (sharing_undeclared(self),)
        who = "a parent's" if child else "the consumer's own"
        return (
            self.deny(
                "opt_in_required_for_sale_sharing",
                f"the contact is under {self.below}: sale or sharing needs {who} opt-in",
                "record an opt-in grant for data.sharing or advertising.custom_audience",
            ),
        )


CALIFORNIA = Pack(
    id="US-CA",
    name="California: CCPA/CPRA",
    countries={"US"},
    subdivisions={"US-CA"},
    rules=(
        GlobalPrivacyControl(
            id="US-CA-1798.120-01", citation="Cal. Civ. Code §1798.120, §1798.135; 11 CCR §7025"
        ),
        MinorSale(
            id="US-CA-1798.120-02",
            statement=(
                "No sale or sharing of a consumer under 16 without opt-in: by the consumer at "
                "13-15, by a parent under 13."
            ),
            citation="Cal. Civ. Code §1798.120(c)",
        ),
        SensitiveDataLimit(
            id="US-CA-1798.121-01",
            statement=(
                "After a request to limit sensitive personal information, it is used only as "
                "needed for the requested goods or services: never to personalize or target."
            ),
            citation="Cal. Civ. Code §1798.121; 11 CCR §7027",
            categories=CPRA_SPI,
        ),
    ),
)


def _telemarketing_pack(
    code: str,
    name: str,
    *,
    prefix: str,
    law: str,
    hours_cite: str,
    cap_cite: str,
    pewc_cite: str,
    channels: frozenset[Channel],
    confidence: str = "S",
) -> Pack:
    return Pack(
        id=f"US-{code}",
        name=name,
        countries={"US"},
        subdivisions={f"US-{code}"},
        rules=(
            CallingHours(
                id=f"{prefix}-01",
                statement=(
                    f"{law}: solicitation calls and texts only 08:00-20:00 in the called "
                    "person's time zone."
                ),
                citation=hours_cite,
                window=EIGHT_TO_EIGHT,
                purposes=SOLICITATION,
                confidence=confidence,
            ),
            CallCap(
                id=f"{prefix}-02",
                statement=(
                    f"{law}: at most 3 solicitation {names(channels)} contacts per 24 hours "
                    "on the same subject; the fourth is denied."
                ),
                citation=cap_cite,
                limit=CALLS_PER_DAY,
                hours=CALL_WINDOW_HOURS,
                channels=channels,
                purposes=SOLICITATION,
                per_subject=True,
                confidence=confidence,
            ),
            ConsentRequired(
                id=f"{prefix}-03",
                statement=(
                    f"{law}: solicitation calls and texts made with an automated system or a "
                    "recorded message need prior express written consent."
                ),
                citation=pewc_cite,
                channels=CALLS_AND_TEXTS,
                purposes=SOLICITATION,
                bases=PEWC,
                authorship={"automated"},
                code="pewc_required",
                confidence=confidence,
            ),
        ),
    )


FLORIDA = _telemarketing_pack(
    "FL",
    "Florida: Telephone Solicitation Act and 501.616",
    prefix="US-FL-501",
    law="Florida",
    hours_cite="Fla. Stat. 501.616(6)(a)",
    cap_cite="Fla. Stat. 501.616(6)(b)",
    pewc_cite="Fla. Stat. 501.059(8)(a) (FTSA, as amended by HB 761, 2023)",
    channels=CALLS,
)
OKLAHOMA = _telemarketing_pack(
    "OK",
    "Oklahoma: Telephone Solicitation Act of 2022",
    prefix="US-OK-775C",
    law="Oklahoma",
    hours_cite="Okla. Stat. tit. 15 §775C.4",
    cap_cite="Okla. Stat. tit. 15 §775C.4",
    pewc_cite="Okla. Stat. tit. 15 §775C.3",
    channels=CALLS,
)
MARYLAND = _telemarketing_pack(
    "MD",
    "Maryland: Stop the Spam Calls Act",
    prefix="US-MD-14-4502",
    law="Maryland",
    hours_cite="Md. Code, Com. Law §14-4502 (eff. 2024-01-01)",
    cap_cite="Md. Code, Com. Law §14-4502",
    pewc_cite="Md. Code, Com. Law §14-4502",
    channels=CALLS_AND_TEXTS,
)

WASHINGTON = Pack(
    id="US-WA",
    name="Washington: telephone solicitation, commercial texts, My Health My Data",
    countries={"US"},
    subdivisions={"US-WA"},
    rules=(
        CallingHours(
            id="US-WA-19.158-01",
            statement=(
                "Commercial telephone solicitors call only 08:00-20:00 at the called "
                "person's location."
            ),
            citation="RCW 19.158.040",
            window=EIGHT_TO_EIGHT,
            channels=CALLS_AND_TEXTS,
            purposes=SOLICITATION,
        ),
        OptOut(
            id="US-WA-80.36-01",
            statement=(
                "When the called party says no to a solicitation, no further call for one year."
            ),
            citation="RCW 80.36.390",
            channels=CALLS,
            kinds=frozenset({InteractionKind.UNSUBSCRIBED, InteractionKind.COMPLAINED}),
            purposes=SOLICITATION,
            days=WA_REFUSAL_DAYS,
            code="refusal_cooldown",
        ),
        ConsentRequired(
            id="US-WA-19.190-01",
            statement=(
                "No commercial text messages to Washington numbers without clear affirmative "
                "consent."
            ),
            citation="RCW 19.190.060, 19.190.070",
            channels=frozenset({Channel.SMS}),
            purposes=SOLICITATION,
            bases=CONSENT_BASES,
            code="commercial_text_consent_required",
            confidence="S",
        ),
        SpecialCategories(
            id="US-WA-19.373-01",
            statement=(
                "Consumer health data (health, reproductive health, genetic, biometric, "
                "inferences included) is collected or used only with consent for that "
                "purpose."
            ),
            citation="RCW 19.373.030 (My Health My Data Act, from 2024-03-31)",
            categories=WA_HEALTH_DATA,
            bases=_OWN,
            code="mhmda_consent_required",
        ),
    ),
)

TEXAS = Pack(
    id="US-TX",
    name="Texas: SB 140 telephone solicitation",
    countries={"US"},
    subdivisions={"US-TX"},
    rules=(
        CallingHours(
            id="US-TX-SB140-01",
            statement=(
                "Telephone solicitations (calls and texts) only 09:00-21:00 Monday to "
                "Saturday and 12:00-21:00 on Sunday, recipient's local time."
            ),
            citation="Tex. Bus. & Com. Code §302.101 as amended by SB 140 (eff. 2025-09-01)",
            window=TX_CALLING_WINDOW,
            purposes=SOLICITATION,
        ),
    ),
)

UNIVERSAL_OPT_OUT = Pack(
    id="US-UOOM",
    name="US states honouring universal opt-out signals",
    countries={"US"},
    subdivisions=UOOM_STATES,
    rules=(
        GlobalPrivacyControl(
            id="US-UOOM-01",
            citation="Colorado CPA §6-1-1306(1)(a)(IV); Connecticut CTDPA §42-520; Texas TDPSA "
            "§541.055; other state privacy acts (to verify state by state)",
            confidence="V",
        ),
    ),
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (
    CALIFORNIA,
    FLORIDA,
    OKLAHOMA,
    MARYLAND,
    WASHINGTON,
    TEXAS,
    UNIVERSAL_OPT_OUT,
)

__all__ = [
    "CALIFORNIA",
    "EIGHT_TO_EIGHT",
    "FLORIDA",
    "MARYLAND",
    "OKLAHOMA",
    "PACKS",
    "TEXAS",
    "UNIVERSAL_OPT_OUT",
    "UOOM_STATES",
    "WASHINGTON",
]
