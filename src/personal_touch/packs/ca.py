"""
Canada's packs.

Canada: Canada's Anti-Spam Legislation (CASL), the CRTC's Unsolicited Telecommunications Rules
(telemarketing hours, the National Do Not Call List) and Quebec's Law 25.

Implied consent lasts for a period the law fixes from the relationship event: a grant of
basis ``implied_existing_business`` has ``granted_at`` = the purchase and holds through the
same date two years later; ``implied_inquiry`` has ``granted_at`` = the inquiry and holds
through the same date six months later (clamped to the month's end) — both counted on the
recipient's calendar.  The pack computes those days itself and ignores the caller's
``expires_at`` for it (a grant that lapses or is withdrawn earlier stops counting, of
course).  Express consent does not lapse.  A written contract's implied consent (two years after it
ends) is recorded the same way: an ``implied_existing_business`` grant whose ``granted_at``
is the contract's end.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from .._consent import LawfulBasis
from .._decision import DisclosureCode
from .._message import MessagePurpose
from ..rules import (
    CALLS,
    ELECTRONIC,
    MARKETING_PURPOSES,
    CallingHours,
    CallingWindow,
    ConsentRequired,
    ContentRequirement,
    ImpliedPermit,
    IndirectConsent,
    LegalRule,
    MinorRule,
    OptOut,
    Pack,
    RegistryCheck,
    RelationshipWindow,
    Requirement,
)

#: CASL s.10(10)(a): purchase, lease or barter within the two years before the day of sending.
PURCHASE_WINDOW = RelationshipWindow(years=2)
#: CASL s.10(10)(b): inquiry or application within the six months before the day of sending.
INQUIRY_WINDOW = RelationshipWindow(months=6)
CASL_WINDOWS = {
    LawfulBasis.IMPLIED_EXISTING_BUSINESS: PURCHASE_WINDOW,
    LawfulBasis.IMPLIED_INQUIRY: INQUIRY_WINDOW,
}
#: A commercial electronic message: offers, and requests for consent (CASL s.1(3)).
#: Registered charities' fundraising messages are exempt (Electronic Commerce Protection
#: Regulations s.3(g)) and left to the core consent rule.
CEM_PURPOSES = MARKETING_PURPOSES - {MessagePurpose.FUNDRAISING}
#: CRTC Unsolicited Telecommunications Rules: 09:00-21:30 weekdays, 10:00-18:00 weekends.
CA_CALLING_WINDOW = CallingWindow.weekly(
    weekdays=[("09:00", "21:30")], weekend=[("10:00", "18:00")]
)
#: A National DNCL registration becomes effective 31 days after it is made
#: (lnnte-dncl.gc.ca, "About the National Do Not Call List").
DNCL_GRACE_DAYS = 31
#: DNCL exemption for an existing business relationship (18 months after a purchase, six
#: months after an inquiry; unverified durations).
DNCL_WINDOWS = {
    LawfulBasis.IMPLIED_EXISTING_BUSINESS: RelationshipWindow(months=18),
    LawfulBasis.IMPLIED_INQUIRY: RelationshipWindow(months=6),
}
#: Contact information in a CEM must stay valid this long after sending.
CONTACT_INFO_VALID_DAYS = 60
#: Quebec, private-sector Act s.4.1 (Law 25): under 14 needs a parent's consent.
QC_MINOR_AGE = 14


PURCHASE = ImpliedPermit(
    id="CA-CASL-10-01",
    statement=(
        "Implied consent from an existing business relationship: a purchase, lease or "
        "barter within the two years before the day the message is sent."
    ),
    citation="CASL s.10(9)(a), 10(10)(a)",
    basis=LawfulBasis.IMPLIED_EXISTING_BUSINESS,
    window=PURCHASE_WINDOW,
    channels=ELECTRONIC,
    purposes=CEM_PURPOSES,
    relationship="purchase",
    confidence="I",
)
INQUIRY = ImpliedPermit(
    id="CA-CASL-10-02",
    statement=(
        "Implied consent from an inquiry or application within the six months before the "
        "day the message is sent."
    ),
    citation="CASL s.10(9)(a), 10(10)(b)",
    basis=LawfulBasis.IMPLIED_INQUIRY,
    window=INQUIRY_WINDOW,
    channels=ELECTRONIC,
    purposes=CEM_PURPOSES,
    relationship="inquiry",
    confidence="I",
)

CASL_RULES: tuple[LegalRule, ...] = (
    ConsentRequired(
        id="CA-CASL-6-01",
        statement=(
            "No commercial electronic message (a request for consent included) without "
            "express consent, which does not lapse, or implied consent still within its "
            "window."
        ),
        citation="CASL s.6(1)(a), s.1(3) (a consent request is a CEM), s.10",
        channels=ELECTRONIC,
        purposes=CEM_PURPOSES,
        also=(PURCHASE, INQUIRY),
    ),
    PURCHASE,
    INQUIRY,
    ContentRequirement(
        id="CA-CASL-6-02",
        statement=(
            "Every CEM identifies the sender, gives a mailing address plus a phone, e-mail or "
            "web contact valid for 60 days, and an unsubscribe mechanism."
        ),
        citation="CASL s.6(2); Electronic Commerce Protection Regulations (CRTC) s.2-3",
        channels=ELECTRONIC,
        purposes=CEM_PURPOSES,
        requirements=(
            Requirement(
                "sender_identified",
                DisclosureCode.SENDER_IDENTITY,
                "sender_not_named",
                "the sender's identity",
            ),
            Requirement(
                "postal_address",
                DisclosureCode.POSTAL_ADDRESS,
                "postal_address_missing",
                "a mailing address",
            ),
            Requirement(
                "unsubscribe_offered",
                DisclosureCode.UNSUBSCRIBE,
                "unsubscribe_missing",
                "an unsubscribe mechanism",
            ),
        ),
        disclosure_params={"valid_for_days": str(CONTACT_INFO_VALID_DAYS)},
    ),
    CallingHours(
        id="CA-CRTC-UTR-01",
        statement=(
            "Telemarketing calls only 09:00-21:30 on weekdays and 10:00-18:00 on weekends, "
            "recipient's local time."
        ),
        citation="CRTC Unsolicited Telecommunications Rules, Part III",
        window=CA_CALLING_WINDOW,
        channels=CALLS,
    ),
    RegistryCheck(
        id="CA-CRTC-DNCL-01",
        statement=(
            "No telemarketing calls to numbers on the National Do Not Call List without "
            "express consent or an existing business relationship; a dated registration "
            "takes effect 31 days after it is made."
        ),
        citation="CRTC Unsolicited Telecommunications Rules, Part II; Telecommunications Act s.41.7",
        registries={"ca_dncl"},
        windows=DNCL_WINDOWS,
        grace_days={"ca_dncl": DNCL_GRACE_DAYS},
        confidence="V",
    ),
    OptOut(
        id="CA-CASL-11-01",
        statement=(
            "An unsubscribe request is given effect without delay (the law allows at most 10 "
            "business days; honoured at once here) until the person consents again."
        ),
        citation="CASL s.11(3)",
        channels=ELECTRONIC,
        purposes=CEM_PURPOSES,
        statutory_max="10 business days",
    ),
    # issue 14 item 3: consent obtained through others
    IndirectConsent(
        id="CA-CASL-10-03",
        statement=(
            "Express consent sought for a named third party counts only for the persons "
            "named; consent sought on behalf of persons not yet known counts for them, "
            "provided each message identifies who obtained the consent and its unsubscribe "
            "reaches them too."
        ),
        citation=(
            "CASL s.10(1)(b), 10(2)-(3); Electronic Commerce Protection Regulations "
            "(SOR/2013-221) s.5"
        ),
        channels=ELECTRONIC,
        purposes=CEM_PURPOSES,
        unknown_third_parties=True,
        confidence="I",
    ),
)

CASL = Pack(
    id="CA-CASL",
    name="Canada: CASL and CRTC telemarketing rules",
    countries={"CA"},
    rules=CASL_RULES,
)

QC_RULES: tuple[LegalRule, ...] = (
    MinorRule(
        id="CA-QC-L25-01",
        statement=(
            "Personal information of a minor under 14 is not collected or used without the "
            "consent of the person having parental authority."
        ),
        citation="Act respecting the protection of personal information in the private sector "
        "(Quebec) s.4.1, as amended by Law 25",
        age=QC_MINOR_AGE,
        purposes=MARKETING_PURPOSES,
    ),
)

QUEBEC = Pack(
    id="CA-QC",
    name="Quebec: Law 25",
    countries={"CA"},
    subdivisions={"CA-QC"},
    rules=QC_RULES,
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (CASL, QUEBEC)

__all__ = [
    "CASL",
    "CASL_WINDOWS",
    "CA_CALLING_WINDOW",
    "INQUIRY_WINDOW",
    "PACKS",
    "PURCHASE_WINDOW",
    "QUEBEC",
]
