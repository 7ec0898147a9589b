"""
The United States' federal pack.

United States, federal law: CAN-SPAM (commercial e-mail under an opt-out regime, with content
requirements), the TCPA (calling hours, prior express written consent, the National Do Not Call
Registry, revocation by any reasonable means) and COPPA.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from .._channels import Channel
from .._consent import LawfulBasis, Purpose
from .._decision import DisclosureCode
from .._interactions import InteractionKind
from .._message import MessagePurpose
from ..rules import (
    CALLS_AND_TEXTS,
    MARKETING_PURPOSES,
    PARENTAL_BASES,
    VERIFIED_PARENT,
    CallingHours,
    CallingWindow,
    ChildDirectedService,
    ConsentRequired,
    ContentRequirement,
    LegalRule,
    MinorRule,
    OptOut,
    OptOutRegime,
    Outcome,
    Pack,
    PriorExpressConsent,
    RegistryCheck,
    RelationshipWindow,
    Request,
    Requirement,
    RevokeAll,
    grants,
    shares_data,
    sharing_undeclared,
)

EMAIL = frozenset({Channel.EMAIL})
#: CAN-SPAM covers commercial e-mail; its primary purpose is commercial (a charity's
#: fundraising is not).
COMMERCIAL = MARKETING_PURPOSES - {MessagePurpose.FUNDRAISING}
#: Telephone solicitation purposes: every marketing purpose (charities' calls are exempt
#: from parts of the TCPA but treated like solicitations here, conservatively).
SOLICITATION = MARKETING_PURPOSES
#: 47 CFR 64.1200(c)(1): no solicitation before 08:00 or after 21:00 at the called party's
#: location; applied to every marketing call and text, consent or not (research §11.1).
TCPA_CALLING_WINDOW = CallingWindow.weekly(
    weekdays=[("08:00", "21:00")], weekend=[("08:00", "21:00")]
)
PEWC = frozenset({LawfulBasis.PRIOR_EXPRESS_WRITTEN_CONSENT})
#: 47 CFR 64.1200(f)(5): an established business relationship exempts from the National DNC
#: for 18 months after a purchase and 3 months after an inquiry.
DNC_EBR_WINDOWS = {
    LawfulBasis.IMPLIED_EXISTING_BUSINESS: RelationshipWindow(months=18),
    LawfulBasis.IMPLIED_INQUIRY: RelationshipWindow(months=3),
}
#: Revocation honoured within 10 business days at most (honoured at once here).
REVOCATION_MAX = "10 business days"
#: COPPA: verifiable parental consent under 13.
COPPA_AGE = 13
#: COPPA 2025 amendments: separate parental consent to disclose a child's data to third
#: parties (targeted advertising included), compliance date.
COPPA_SEPARATE_CONSENT_FROM = dt.date(2026, 4, 22)
CAN_SPAM_OPT_OUT_MAX = "10 business days"
#: What COPPA's consent rules guard here: using a child's data to solicit, keep in touch
#: or ask (transactional messages support the service the parent agreed to).
CHILD_DATA_USES = SOLICITATION | {MessagePurpose.RELATIONSHIP, MessagePurpose.SURVEY}
#: Days after registration before a National Do Not Call listing bars calls (a seller
#: must use a version of the registry no more than 31 days old).
US_DNC_GRACE_DAYS = 31
OPT_OUT_VALID_DAYS = 30
#: 47 CFR 64.1200(a)(10) "revoke-all" (FCC 24-24): the part that makes a revocation in
#: response to one kind of message cover every robocall and robotext from the caller was
#: delayed twice, to 2026-04-11 (FCC order of 2025-04-07) and then to 2027-01-31 (FCC CGB
#: order DA 26-12 of 2026-01-06); the rest of (a)(10) has applied since 2025-04-11.
TCPA_REVOKE_ALL_FROM = dt.date(2027, 1, 31)
#: Informational (non-telemarketing) purposes: the TCPA asks their autodialed or
#: prerecorded calls and texts for prior express consent, oral or written.
INFORMATIONAL = frozenset({MessagePurpose.RELATIONSHIP, MessagePurpose.SURVEY})
#: Every purpose but a transactional one (a receipt the person asked for is left to the
#: FCC's exempted-call conditions, which are not encoded).
ROBOCALL_PURPOSES = frozenset(MessagePurpose) - {MessagePurpose.TRANSACTIONAL}
_AUTOMATED = frozenset({"automated", "assisted"})
_REVOCATIONS = frozenset({InteractionKind.UNSUBSCRIBED, InteractionKind.COMPLAINED})


_UNSUBSCRIBED = frozenset({InteractionKind.UNSUBSCRIBED})
_SHARING = (Purpose.DATA_SHARING, Purpose.DATA_SALE, Purpose.CUSTOM_AUDIENCE)


@attrs.frozen(kw_only=True)
class AdIdentification(LegalRule):
    """
    Require every message inside the guard to identify itself as an advertisement.
    """

    def check(self, request: Request, /) -> Iterable[Outcome]:
        return (
            self.disclose(
                "content_required",
                "the message must identify itself as an advertisement",
                DisclosureCode.AD_IDENTIFICATION,
            ),
        )


@attrs.frozen(kw_only=True)
class CoppaDisclosure(LegalRule):
    """
    Deny disclosing a child's data to third parties without a separate parental consent.
    """

    below: int = COPPA_AGE

    def check(self, request: Request, /) -> Iterable[Outcome]:
        shared = shares_data(request)
        if shared is False:
            return ()
        years = request.contact.age_on(request.local.date())
        if years is None or years >= self.below:
            return ()
        channel = request.message.channel
        if any(grants(request, PARENTAL_BASES, purpose=p, channel=channel) for p in _SHARING):
            return ()
        if shared is None:
            return (sharing_undeclared(self),)
        return (
            self.deny(
                "separate_parental_consent_required",
                f"the contact is under {self.below}: disclosure to third parties needs a "
                "separate parental consent",
                "record a parental_consent grant for data.sharing or advertising.custom_audience",
            ),
        )


US_RULES: tuple[LegalRule, ...] = (
    OptOutRegime(
        id="US-CANSPAM-01",
        statement=(
            "Commercial e-mail is an opt-out regime: no prior consent is needed while the "
            "recipient has not opted out and the content requirements are met (relationship "
            "and charity e-mail, which CAN-SPAM restricts less or not at all, alike). The "
            "law-floor standard relies on it; the consent-first standard asks for consent."
        ),
        citation="CAN-SPAM Act, 15 U.S.C. 7704(a); FTC CAN-SPAM Compliance Guide",
        channels=EMAIL,
        regime="US commercial e-mail under CAN-SPAM's opt-out regime",
    ),
    OptOut(
        id="US-CANSPAM-02",
        statement=(
            "After an opt-out, no further commercial e-mail (the 10-business-day processing "
            "period is a maximum, not a licence)."
        ),
        citation="15 U.S.C. 7704(a)(4); 16 CFR 316.5",
        channels=EMAIL,
        purposes=COMMERCIAL,
        statutory_max=CAN_SPAM_OPT_OUT_MAX,
    ),
    ContentRequirement(
        id="US-CANSPAM-03",
        statement=(
            "Commercial e-mail has accurate header and sender information, a non-deceptive "
            "subject, a clear opt-out working for 30 days, a valid postal address, and is "
            "identified as an advertisement."
        ),
        citation="15 U.S.C. 7704(a)(1)-(3), 7704(a)(5); 16 CFR 316.3-316.5",
        channels=EMAIL,
        purposes=COMMERCIAL,
        requirements=(
            Requirement(
                "sender_identified",
                DisclosureCode.SENDER_IDENTITY,
                "header_inaccurate",
                "accurate sender information",
            ),
            Requirement(
                "accurate_subject",
                None,
                "deceptive_subject",
                "a subject line that matches the content",
            ),
            Requirement(
                "unsubscribe_offered",
                DisclosureCode.UNSUBSCRIBE,
                "unsubscribe_missing",
                "a working opt-out",
            ),
            Requirement(
                "postal_address",
                DisclosureCode.POSTAL_ADDRESS,
                "postal_address_missing",
                "a valid physical postal address",
            ),
        ),
        disclosure_params={"valid_for_days": str(OPT_OUT_VALID_DAYS)},
    ),
    AdIdentification(
        id="US-CANSPAM-04",
        statement="Commercial e-mail is clearly and conspicuously identified as an advertisement.",
        citation="15 U.S.C. 7704(a)(5)(A)(i)",
        channels=EMAIL,
        purposes=COMMERCIAL,
    ),
    CallingHours(
        id="US-TCPA-HOURS-01",
        statement=(
            "No telephone solicitation (calls and texts) before 08:00 or after 21:00 at the "
            "called party's location; applied to every marketing call and text."
        ),
        citation="47 CFR 64.1200(c)(1); 16 CFR 310.4(c)",
        window=TCPA_CALLING_WINDOW,
        purposes=SOLICITATION,
        confidence="I",
    ),
    ConsentRequired(
        id="US-TCPA-PEWC-01",
        statement=(
            "Marketing texts, and marketing calls that are autodialed or use a recorded "
            "voice (automated or assisted here), need prior express written consent."
        ),
        citation="47 CFR 64.1200(a)(2)-(3), (f)(9)",
        channels=frozenset({Channel.SMS}),
        purposes=SOLICITATION,
        bases=PEWC,
        code="pewc_required",
        hint="record a prior_express_written_consent grant naming this number",
    ),
    ConsentRequired(
        id="US-TCPA-PEWC-02",
        statement="Autodialed or prerecorded marketing calls need prior express written consent.",
        citation="47 CFR 64.1200(a)(2)-(3), (f)(9)",
        channels=frozenset({Channel.PHONE}),
        purposes=SOLICITATION,
        bases=PEWC,
        authorship={"automated", "assisted"},
        code="pewc_required",
        hint="record a prior_express_written_consent grant naming this number",
    ),
    RegistryCheck(
        id="US-TCPA-DNC-01",
        statement=(
            "No telephone solicitations (calls and texts) to numbers on the National Do Not "
            "Call Registry without a signed written agreement or an established business "
            "relationship (18 months after a purchase, 3 months after an inquiry); a dated "
            "listing bars calls 31 days after it was registered."
        ),
        citation=("47 CFR 64.1200(c)(2), (c)(2)(i)(D), (f)(5); 16 CFR 310.4(b)(3)(iv); FCC 23-107"),
        registries={"us_national_dnc"},
        grace_days={"us_national_dnc": US_DNC_GRACE_DAYS},
        channels=CALLS_AND_TEXTS,
        purposes=SOLICITATION,
        exempt_bases=PEWC,
        windows=DNC_EBR_WINDOWS,
    ),
    OptOut(
        id="US-TCPA-REVOKE-01",
        statement=(
            "Consent to marketing calls and texts may be revoked by any reasonable means (a "
            "STOP reply, a call, a web form...); after a revocation on either channel no "
            "further marketing calls or texts until a new written consent."
        ),
        citation="47 CFR 64.1200(a)(10) (effective 2025-04-11); FCC 24-24",
        channels=CALLS_AND_TEXTS,
        kinds=frozenset({InteractionKind.UNSUBSCRIBED, InteractionKind.COMPLAINED}),
        purposes=SOLICITATION,
        regrant_bases=PEWC,
        statutory_max=REVOCATION_MAX,
        code="revoked",
    ),
    MinorRule(
        id="US-COPPA-01",
        statement=(
            "Under 13, a child's personal information is not used without verifiable "
            "parental consent."
        ),
        citation="16 CFR 312.5",
        age=COPPA_AGE,
        purposes=CHILD_DATA_USES,
        verified=VERIFIED_PARENT,
    ),
    CoppaDisclosure(
        id="US-COPPA-02",
        statement=(
            "From 2026-04-22, disclosing an under-13's data to third parties (targeted "
            "advertising, custom audiences) needs a separate verifiable parental consent."
        ),
        citation="16 CFR 312.5(a)(2) as amended 2025-04-22 (compliance 2026-04-22)",
        start=COPPA_SEPARATE_CONSENT_FROM,
    ),
    # issue 14 item 4: services directed at children
    ChildDirectedService(
        id="US-COPPA-03",
        statement=(
            "A service directed at children treats a user of unknown age as under 13: no "
            "use of their data without verifiable parental consent; and no child is "
            "selected by observed or inferred facts (behavioural advertising is not a "
            "support for internal operations)."
        ),
        citation="16 CFR 312.2 (directed to children; support for internal operations), 312.5",
        below=COPPA_AGE,
        purposes=CHILD_DATA_USES,
        confidence="I",
    ),
    # issue 14 item 1: opt-out regimes (the law-floor standard relies on them)
    OptOutRegime(
        id="US-TSR-LIVE-01",
        statement=(
            "A live (human) telemarketing call needs no prior consent while the number is "
            "not on the National Do Not Call Registry (31 days after registration) and the "
            "person has not asked not to be called. The law-floor standard relies on it."
        ),
        citation="16 CFR 310.4(b)(1)(iii)(B), 310.4(b)(3)(iv); 47 CFR 64.1200(c)(2), (d)",
        channels=frozenset({Channel.PHONE}),
        authorship={"human"},
        registries={"us_national_dnc"},
        grace_days={"us_national_dnc": US_DNC_GRACE_DAYS},
        regime="a live call to a number not on the National Do Not Call Registry",
        confidence="I",
    ),
    # issue 14 item 5: TCPA prior express consent for informational calls and texts, and
    # the FCC's revoke-all rule (dated).
    PriorExpressConsent(
        id="US-TCPA-PEC-01",
        statement=(
            "Informational (non-telemarketing) texts need the person's prior express "
            "consent, oral or written (a number given for the matter counts)."
        ),
        citation="47 U.S.C. 227(b)(1)(A)(iii); 47 CFR 64.1200(a)(1)(iii)",
        channels=frozenset({Channel.SMS}),
        purposes=INFORMATIONAL,
        confidence="I",
    ),
    PriorExpressConsent(
        id="US-TCPA-PEC-02",
        statement=(
            "Informational autodialed or prerecorded calls to a wireless number need the "
            "person's prior express consent, oral or written."
        ),
        citation="47 U.S.C. 227(b)(1)(A)(iii); 47 CFR 64.1200(a)(1)(iii)",
        channels=frozenset({Channel.PHONE}),
        purposes=INFORMATIONAL,
        authorship=_AUTOMATED,
        confidence="I",
    ),
    RevokeAll(
        id="US-TCPA-REVOKE-ALL-01",
        statement=(
            "From 2027-01-31, a revocation of consent made in response to one kind of call "
            "or text (a STOP to reminders) covers every later robotext from that caller, "
            "on unrelated matters too."
        ),
        citation="47 CFR 64.1200(a)(10) as amended by FCC 24-24; delayed by FCC DA 26-12",
        channels=frozenset({Channel.SMS}),
        purposes=ROBOCALL_PURPOSES,
        kinds=_REVOCATIONS,
        statutory_max=REVOCATION_MAX,
        start=TCPA_REVOKE_ALL_FROM,
        confidence="V",
    ),
    RevokeAll(
        id="US-TCPA-REVOKE-ALL-02",
        statement=(
            "From 2027-01-31, a revocation of consent made in response to one kind of call "
            "or text covers every later autodialed or prerecorded call from that caller."
        ),
        citation="47 CFR 64.1200(a)(10) as amended by FCC 24-24; delayed by FCC DA 26-12",
        channels=frozenset({Channel.PHONE}),
        purposes=ROBOCALL_PURPOSES,
        authorship=_AUTOMATED,
        kinds=_REVOCATIONS,
        statutory_max=REVOCATION_MAX,
        start=TCPA_REVOKE_ALL_FROM,
        confidence="V",
    ),
)

US = Pack(id="US", name="United States: federal law", countries={"US"}, rules=US_RULES)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (US,)

__all__ = ["COPPA_AGE", "PACKS", "TCPA_CALLING_WINDOW", "US", "US_DNC_GRACE_DAYS"]
