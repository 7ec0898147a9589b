"""
Australia's pack.

Australia: the Spam Act 2003 (consent, express or inferred; sender identification; functional
unsubscribe), the Do Not Call Register Act 2006, the Telemarketing and Research Calls Industry
Standard 2017 (calling hours) and Australian Privacy Principle 7.

Public holidays: the calling-hours rule closes on the *national* public holidays (New
Year's Day, Australia Day, Good Friday, Easter Monday, Anzac Day, Christmas Day, Boxing Day,
with the Monday substitutes for New Year's Day, Australia Day, Christmas and Boxing Day),
computed on the recipient's calendar.  The state and territory packs (``AU-NSW``,
``AU-VIC``...) add each state's statewide holidays for a contact whose jurisdiction names the
state (:mod:`personal_touch.packs.au_states`).

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from .._consent import LawfulBasis
from .._decision import DisclosureCode
from .._facts import Sensitivity
from ..rules import (
    CALLS,
    CONSENT_BASES,
    ELECTRONIC,
    BasisPermit,
    CallingHours,
    CallingWindow,
    ConsentRequired,
    ContentRequirement,
    HolidayCalendar,
    LegalRule,
    OptOut,
    Pack,
    RegistryCheck,
    Requirement,
    SpecialCategories,
)
from .eu import ART9_CATEGORIES

#: Australia: the national public holidays (observed in every state and territory): New
#: Year's Day, Australia Day, Good Friday, Easter Monday, Anzac Day, Christmas Day and Boxing
#: Day, with the usual Monday substitutes for New Year's Day, Australia Day, Christmas and
#: Boxing Day. State-only holidays (the King's Birthday, Labour Day, Melbourne Cup Day...)
#: are in the state and territory packs (``AU_STATE_HOLIDAYS``).
AU_NATIONAL_HOLIDAYS = HolidayCalendar(
    name="Australia, national public holidays",
    fixed=frozenset({(4, 25)}),
    easter_offsets=frozenset({-2, 1}),
    substituted=frozenset({(1, 1), (1, 26), (12, 25), (12, 26)}),
)

#: Telemarketers have 30 days from a registration to stop calling the number
#: (donotcall.gov.au, "About the Do Not Call Register").
DNCR_GRACE_DAYS = 30
#: Telemarketing Standard 2017 s.5: Mon-Fri 09:00-20:00, Sat 09:00-17:00, never on Sunday or
#: a national public holiday; recipient's local time.
AU_CALLING_WINDOW = CallingWindow.weekly(
    weekdays=[("09:00", "20:00")],
    saturday=[("09:00", "17:00")],
    sunday=[],
    holidays=AU_NATIONAL_HOLIDAYS,
)
#: Spam Act s.16 and Sch. 2: consent is express, or inferred from conduct and relationships.
SPAM_ACT_BASES = CONSENT_BASES | {LawfulBasis.INFERRED_CONSENT}
#: Unsubscribe requests take effect within 5 business days (honoured at once here).
UNSUBSCRIBE_MAX = "5 business days"
#: Sender contact details and the unsubscribe facility stay valid this long after sending.
VALID_FOR_DAYS = 30
#: Privacy Act s.6 "sensitive information" used in direct marketing (APP 7.4): the GDPR
#: Art. 9(1) categories and criminal records.
AU_SENSITIVE = ART9_CATEGORIES | {Sensitivity.CRIMINAL_RECORD}

AU_RULES: tuple[LegalRule, ...] = (
    ConsentRequired(
        id="AU-SPAM-16-01",
        statement=(
            "No commercial electronic message (e-mail, SMS, MMS, instant message) without "
            "the recipient's consent, express or inferred."
        ),
        citation="Spam Act 2003 s.16(1)",
        channels=ELECTRONIC,
        bases=SPAM_ACT_BASES,
    ),
    BasisPermit(
        id="AU-SPAM-SCH2-01",
        statement=(
            "Consent may be inferred from the conduct and the business or other relationships "
            "of the account holder (an INFERRED_CONSENT grant)."
        ),
        citation="Spam Act 2003 Sch. 2 cl. 2(b)",
        bases=frozenset({LawfulBasis.INFERRED_CONSENT}),
        channels=ELECTRONIC,
        code="inferred_consent",
        confidence="I",
    ),
    ContentRequirement(
        id="AU-SPAM-17-01",
        statement=(
            "A commercial electronic message identifies the authorising individual or "
            "organisation with contact details valid for 30 days, and carries a functional "
            "unsubscribe facility valid for 30 days."
        ),
        citation="Spam Act 2003 s.17, s.18",
        channels=ELECTRONIC,
        requirements=(
            Requirement(
                "sender_identified",
                DisclosureCode.SENDER_IDENTITY,
                "sender_not_named",
                "the sender's identity and contact details",
            ),
            Requirement(
                "unsubscribe_offered",
                DisclosureCode.UNSUBSCRIBE,
                "unsubscribe_missing",
                "a functional unsubscribe facility",
            ),
        ),
        disclosure_params={"valid_for_days": str(VALID_FOR_DAYS)},
    ),
    OptOut(
        id="AU-SPAM-18-01",
        statement=(
            "An unsubscribe request stops further messages (the law allows up to 5 business "
            "days; honoured at once here) until the person consents again."
        ),
        citation="Spam Act 2003 s.18(1)(b); Sch. 2 cl. 6",
        channels=ELECTRONIC,
        statutory_max=UNSUBSCRIBE_MAX,
        confidence="S",
    ),
    CallingHours(
        id="AU-TSTD-01",
        statement=(
            "Telemarketing calls only 09:00-20:00 Monday to Friday and 09:00-17:00 on "
            "Saturday, never on Sunday or a national public holiday, recipient's local time."
        ),
        citation="Telecommunications (Telemarketing and Research Calls) Industry Standard 2017 s.5",
        window=AU_CALLING_WINDOW,
        channels=CALLS,
    ),
    RegistryCheck(
        id="AU-DNCR-01",
        statement=(
            "No telemarketing calls to numbers on the Do Not Call Register without the "
            "account holder's consent; telemarketers have 30 days from a dated registration "
            "to stop calling."
        ),
        citation="Do Not Call Register Act 2006 s.11(1)-(2)",
        registries={"au_dncr"},
        grace_days={"au_dncr": DNCR_GRACE_DAYS},
    ),
    SpecialCategories(
        id="AU-APP-7.4-01",
        statement="Sensitive information is used for direct marketing only with consent.",
        citation="Privacy Act 1988 Sch. 1, APP 7.4",
        categories=AU_SENSITIVE,
        bases=frozenset({LawfulBasis.CONSENT, LawfulBasis.EXPLICIT_CONSENT}),
        code="sensitive_information_consent_required",
    ),
)

AUSTRALIA = Pack(
    id="AU",
    name="Australia: Spam Act, Do Not Call Register, Telemarketing Standard, APP 7",
    countries={"AU"},
    rules=AU_RULES,
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (AUSTRALIA,)

__all__ = ["AUSTRALIA", "AU_CALLING_WINDOW", "PACKS"]
