"""
India's pack.

India: TRAI's Telecom Commercial Communications Customer Preference Regulations 2018 (TCCCPR:
promotional calls and texts respect the National Customer Preference Register and a daily
window) and the Digital Personal Data Protection Act 2023 (DPDP: consent; children under 18
need verifiable parental consent and get no tracking or targeted advertising).

The DPDP Act's substantive duties apply from 2027-05-13, eighteen months after the DPDP Rules
2025 were notified (2025-11-13); the rules here start on that date.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

import datetime as dt

from .._levels import Level
from ..rules import (
    CALLS_AND_TEXTS,
    CONSENT_BASES,
    CallingHours,
    CallingWindow,
    ConsentRequired,
    LegalRule,
    MinorCap,
    MinorRule,
    Pack,
    RegistryCheck,
)

#: TCCCPR 2018: promotional commercial communication 09:00-21:00 every day, IST.
IN_CALLING_WINDOW = CallingWindow.weekly(
    weekdays=[("09:00", "21:00")], weekend=[("09:00", "21:00")]
)
#: DPDP Act s.9: a child is under 18.
IN_CHILD_AGE = 18
#: DPDP Rules 2025 r.1: substantive rules in force 18 months after notification.
DPDP_FROM = dt.date(2027, 5, 13)
_TCCCPR = "TRAI Telecom Commercial Communications Customer Preference Regulations 2018"

IN_RULES: tuple[LegalRule, ...] = (
    RegistryCheck(
        id="IN-TCCCPR-01",
        statement=(
            "No promotional call or text to a number registered on the National Customer "
            "Preference Register (fully blocked) without the person's explicit consent."
        ),
        citation=f"{_TCCCPR}, regs. 2(z) (as amended 2025), 7-8",
        registries={"in_ncpr"},
        channels=CALLS_AND_TEXTS,
        confidence="V",
    ),
    CallingHours(
        id="IN-TCCCPR-02",
        statement="Promotional calls and texts only 09:00-21:00, the recipient's local time.",
        citation=f"{_TCCCPR} (time bands); TCCCPR 2010 (09:00-21:00)",
        window=IN_CALLING_WINDOW,
        confidence="V",
    ),
    ConsentRequired(
        id="IN-DPDP-6-01",
        statement=(
            "From 2027-05-13, personal data is processed for marketing only with free, "
            "specific, informed, unconditional and unambiguous consent (no legitimate "
            "interest basis)."
        ),
        citation="DPDP Act 2023 s.4, s.6(1); DPDP Rules 2025 r.1",
        bases=CONSENT_BASES,
        start=DPDP_FROM,
        code="dpdp_consent_required",
        confidence="I",
    ),
    MinorRule(
        id="IN-DPDP-9-01",
        statement=(
            "From 2027-05-13, a child's data (under 18) is processed only with verifiable "
            "consent of a parent or lawful guardian."
        ),
        citation="DPDP Act 2023 s.9(1); DPDP Rules 2025 r.10",
        age=IN_CHILD_AGE,
        start=DPDP_FROM,
    ),
    MinorCap(
        id="IN-DPDP-9-02",
        statement=(
            "From 2027-05-13, no tracking, behavioural monitoring or targeted advertising "
            "directed at children: messages to under-18s are not targeted by facts and "
            "stay SEGMENTED."
        ),
        citation="DPDP Act 2023 s.9(3); DPDP Rules 2025 r.1",
        below=IN_CHILD_AGE,
        level=Level.SEGMENTED,
        deny_targeting=True,
        start=DPDP_FROM,
        confidence="I",
    ),
)

INDIA = Pack(id="IN", name="India: TRAI TCCCPR and DPDP Act", countries={"IN"}, rules=IN_RULES)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (INDIA,)

__all__ = ["DPDP_FROM", "INDIA", "IN_CALLING_WINDOW", "PACKS"]
