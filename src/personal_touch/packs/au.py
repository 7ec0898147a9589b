"""
Australia's pack.

Australia: the Spam Act 2003 (consent, express or inferred; sender identification; functional
unsubscribe), the Do Not Call Register Act 2006, the Telemarketing and Research Calls Industry
Standard 2017 (calling hours) and Australian Privacy Principle 7.

Public holidays: the calling-hours rule closes on the *national* public holidays (New
Year's Day, Australia Day, Good Friday, Easter Monday, Anzac Day, Christmas Day, Boxing Day,
with the Monday substitutes for New Year's Day, Australia Day, Christmas and Boxing Day),
computed on the recipient's calendar.  State and territory holidays are not modelled; a
policy that needs them can build its own window with a richer
:class:`~personal_touch.packs.HolidayCalendar`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from .._consent import LawfulBasis
from .._decision import DisclosureCode
from .._facts import Sensitivity
from ..rules import Pack
from ._base import (
    CALLS,
    ELECTRONIC,
    EXPRESS,
    LegalRule,
    basis_permit,
    calling_hours,
    consent_required,
    content_rule,
    opt_out_rule,
    registry_rule,
    special_categories,
)
from ._calendar import AU_NATIONAL_HOLIDAYS, CallingWindow

#: Telemarketing Standard 2017 s.5: Mon-Fri 09:00-20:00, Sat 09:00-17:00, never on Sunday or
#: a national public holiday; recipient's local time.
AU_CALLING_WINDOW = CallingWindow.weekly(
    weekdays=[("09:00", "20:00")],
    saturday=[("09:00", "17:00")],
    sunday=[],
    holidays=AU_NATIONAL_HOLIDAYS,
)
#: Spam Act s.16 and Sch. 2: consent is express, or inferred from conduct and relationships.
SPAM_ACT_BASES = EXPRESS | {LawfulBasis.INFERRED_CONSENT}
#: Unsubscribe requests take effect within 5 business days (honoured at once here).
UNSUBSCRIBE_MAX = "5 business days"
#: Sender contact details and the unsubscribe facility stay valid this long after sending.
VALID_FOR_DAYS = 30
#: Privacy Act s.6 "sensitive information" used in direct marketing (APP 7.4).
AU_SENSITIVE = frozenset(
    {
        Sensitivity.HEALTH,
        Sensitivity.REPRODUCTIVE_HEALTH,
        Sensitivity.SEX_LIFE,
        Sensitivity.RELIGION,
        Sensitivity.POLITICAL_OPINIONS,
        Sensitivity.RACIAL_ETHNIC_ORIGIN,
        Sensitivity.GENETIC,
        Sensitivity.BIOMETRIC,
        Sensitivity.TRADE_UNION,
        Sensitivity.CRIMINAL_RECORD,
    }
)

AU_RULES: tuple[LegalRule, ...] = (
    consent_required(
        "AU-SPAM-16-01",
        statement=(
            "No commercial electronic message (e-mail, SMS, MMS, instant message) without "
            "the recipient's consent, express or inferred."
        ),
        citation="Spam Act 2003 s.16(1)",
        channels=ELECTRONIC,
        bases=SPAM_ACT_BASES,
    ),
    basis_permit(
        "AU-SPAM-SCH2-01",
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
    content_rule(
        "AU-SPAM-17-01",
        statement=(
            "A commercial electronic message identifies the authorising individual or "
            "organisation with contact details valid for 30 days, and carries a functional "
            "unsubscribe facility valid for 30 days."
        ),
        citation="Spam Act 2003 s.17, s.18",
        channels=ELECTRONIC,
        requirements=(
            (
                "sender_identified",
                DisclosureCode.SENDER_IDENTITY,
                "sender_not_named",
                "the sender's identity and contact details",
            ),
            (
                "unsubscribe_offered",
                DisclosureCode.UNSUBSCRIBE,
                "unsubscribe_missing",
                "a functional unsubscribe facility",
            ),
        ),
        disclosure_params={"valid_for_days": str(VALID_FOR_DAYS)},
    ),
    opt_out_rule(
        "AU-SPAM-18-01",
        statement=(
            "An unsubscribe request stops further messages (the law allows up to 5 business "
            "days; honoured at once here) until the person consents again."
        ),
        citation="Spam Act 2003 s.18(1)(b); Sch. 2 cl. 6",
        channels=ELECTRONIC,
        statutory_max=UNSUBSCRIBE_MAX,
        confidence="S",
    ),
    calling_hours(
        "AU-TSTD-01",
        statement=(
            "Telemarketing calls only 09:00-20:00 Monday to Friday and 09:00-17:00 on "
            "Saturday, never on Sunday or a national public holiday, recipient's local time."
        ),
        citation="Telecommunications (Telemarketing and Research Calls) Industry Standard 2017 s.5",
        window=AU_CALLING_WINDOW,
        channels=CALLS,
    ),
    registry_rule(
        "AU-DNCR-01",
        statement=(
            "No telemarketing calls to numbers on the Do Not Call Register without the "
            "account holder's consent."
        ),
        citation="Do Not Call Register Act 2006 s.11",
        registries=frozenset({"au_dncr"}),
        confidence="V",
    ),
    special_categories(
        "AU-APP-7.4-01",
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
