"""
The European Union's packs.

European Union: the GDPR (lawful bases, children's consent, special categories, the right to
object), the ePrivacy Directive (electronic marketing, soft opt-in) and the member-state telephone
rules of Germany, France and Spain.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt

from .._channels import Channel
from .._consent import LawfulBasis
from .._decision import DisclosureCode
from .._facts import Sensitivity
from .._levels import Level
from ..rules import (
    CALLS,
    ELECTRONIC,
    AutomatedDecision,
    BasisPermit,
    ConsentRequired,
    ContentRequirement,
    DocumentedConsent,
    IndirectConsent,
    LegalRule,
    MinorCap,
    MinorRule,
    Objection,
    OptOut,
    Pack,
    ProofRetention,
    RegistryCheck,
    Requirement,
    SoftOptIn,
    SpecialCategories,
)
from ._ages import (
    AGE_OF_DIGITAL_CONSENT,
    DEFAULT_AGE_OF_DIGITAL_CONSENT,
    age_of_digital_consent,
)
from .fr import FR_CALLING_WINDOW, FRANCE

#: What ePrivacy Art. 13(4) (and PECR reg. 23, which transposes it) asks of every message.
SENDER_AND_OPT_OUT = (
    Requirement(
        "sender_identified",
        DisclosureCode.SENDER_IDENTITY,
        "sender_not_named",
        "the sender's identity",
    ),
    Requirement(
        "unsubscribe_offered", DisclosureCode.UNSUBSCRIBE, "unsubscribe_missing", "a way to opt out"
    ),
)

#: EU member states, plus the EEA states that apply the GDPR (Iceland, Liechtenstein, Norway).
EU_MEMBER_STATES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()  # noqa: SIM905
)
EEA = EU_MEMBER_STATES | {"IS", "LI", "NO"}

#: Recital 71 / DSA Art. 28: profiling should not concern a child (engine policy: cap).
MINOR_AGE = 18
MINOR_CAP = Level.SEGMENTED
#: Recital 47: legitimate interest supports personalization up to this level (engine policy).
LEGITIMATE_INTEREST_CAP = Level.CONTEXTUAL
#: Channels outside ePrivacy's consent rule where legitimate interest may carry marketing:
#: post, in person, and live (human) calls where the member state runs an opt-out regime.
LEGITIMATE_INTEREST_CHANNELS = frozenset({Channel.POST, Channel.IN_PERSON, Channel.PHONE})
#: Special categories of GDPR Art. 9(1) (health includes pregnancy); finances, bereavement and
#: criminal records are not on the list (Art. 10 governs criminal records).
ART9_CATEGORIES = frozenset(
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
    }
)
#: ePrivacy Art. 13(2): the soft opt-in covers electronic mail (e-mail, SMS/MMS).
SOFT_OPT_IN_CHANNELS = frozenset({Channel.EMAIL, Channel.SMS})


GDPR_RULES: tuple[LegalRule, ...] = (
    BasisPermit(
        id="EU-GDPR-ART6-01",
        statement=(
            "Direct marketing by post, in person or by live call may rest on legitimate "
            "interests (where no e-privacy consent rule applies); personalization under it "
            "stays at most CONTEXTUAL."
        ),
        citation="GDPR Art. 6(1)(f) and Recital 47",
        bases=frozenset({LawfulBasis.LEGITIMATE_INTEREST}),
        channels=LEGITIMATE_INTEREST_CHANNELS,
        ceiling=LEGITIMATE_INTEREST_CAP,
        confidence="I",
    ),
    MinorRule(
        id="EU-GDPR-ART8-01",
        statement=(
            "Below the member state's age of digital consent, consent must be given or "
            "authorised by the holder of parental responsibility."
        ),
        citation="GDPR Art. 8(1); national ages per the twobirds GDPR tracker",
        age=DEFAULT_AGE_OF_DIGITAL_CONSENT,
        ages=AGE_OF_DIGITAL_CONSENT,
    ),
    MinorCap(
        id="EU-GDPR-R71-01",
        statement="Profiling should not concern a child: marketing to under-18s stays SEGMENTED.",
        citation="GDPR Recital 71; DSA Art. 28(2)",
        below=MINOR_AGE,
        level=MINOR_CAP,
        confidence="V",
    ),
    SpecialCategories(
        id="EU-GDPR-ART9-01",
        statement=(
            "Special-category data (health incl. pregnancy, sex life, religion, political "
            "opinions, ethnic origin, genetic, biometric, trade union) may be used only with "
            "explicit consent for that category; selecting a recipient by one is processing it."
        ),
        citation="GDPR Art. 9(1), 9(2)(a); EDPB Guidelines 05/2020 paras 91-94",
        categories=ART9_CATEGORIES,
    ),
    Objection(
        id="EU-GDPR-ART21-01",
        statement=(
            "After an objection to direct marketing, personal data are no longer processed "
            "for it, on any channel and whatever the lawful basis; no balancing applies."
        ),
        citation="GDPR Art. 21(2), 21(3)",
    ),
    # issue 14 item 8: GDPR Art. 22 (messages flagged Message.automated_decision)
    AutomatedDecision(
        id="EU-GDPR-ART22-01",
        statement=(
            "A message that results from a decision based solely on automated processing "
            "with legal or similarly significant effects is sent only when the decision is "
            "necessary for a contract with the person or rests on their explicit consent "
            "(explicit consent only, when special-category data is used); authorisation by "
            "Union or member-state law is not modelled."
        ),
        citation="GDPR Art. 22(1), 22(2)(a) and (c), 22(4)",
        categories=ART9_CATEGORIES,
    ),
)

GDPR = Pack(
    id="EU-GDPR",
    name="EU General Data Protection Regulation",
    countries=EEA,
    rules=GDPR_RULES,
    personalization_bases={LawfulBasis.LEGITIMATE_INTEREST.value: LEGITIMATE_INTEREST_CAP},
)

#: ePrivacy Art. 13(2): the soft opt-in, also accepted in place of consent (EU-EPD-ART13-01).
EPD_SOFT_OPT_IN = SoftOptIn(
    id="EU-EPD-ART13-02",
    citation="Directive 2002/58/EC Art. 13(2); DE UWG §7(3); FR CPCE L.34-5",
    channels=SOFT_OPT_IN_CHANNELS,
)

EPD_RULES: tuple[LegalRule, ...] = (
    ConsentRequired(
        id="EU-EPD-ART13-01",
        statement=(
            "Direct marketing by electronic mail (e-mail, SMS, messaging; push by engine "
            "convention) needs the person's prior consent, or the soft opt-in."
        ),
        citation="Directive 2002/58/EC Art. 13(1); EU-PUSH-01 (engine convention)",
        channels=ELECTRONIC,
        also=(EPD_SOFT_OPT_IN,),
    ),
    EPD_SOFT_OPT_IN,
    ConsentRequired(
        id="EU-EPD-ART13-03",
        statement="Automated calling machines may be used for direct marketing only with prior consent.",
        citation="Directive 2002/58/EC Art. 13(1)",
        channels=CALLS,
        authorship={"automated"},
    ),
    ContentRequirement(
        id="EU-EPD-ART13-04",
        statement=(
            "Electronic marketing never disguises or conceals the sender and always gives a "
            "valid address to opt out."
        ),
        citation="Directive 2002/58/EC Art. 13(4)",
        channels=ELECTRONIC,
        requirements=SENDER_AND_OPT_OUT,
        confidence="V",
    ),
    OptOut(
        id="EU-EPD-ART13-05",
        statement=(
            "An opt-out from electronic marketing (an unsubscribe) ends consent and the soft "
            "opt-in for electronic marketing at once, until the person opts in again."
        ),
        citation="Directive 2002/58/EC Art. 13(2); GDPR Art. 7(3), 21(3)",
        channels=ELECTRONIC,
        confidence="I",
    ),
    # issue 14 item 3: consent obtained through others
    IndirectConsent(
        id="EU-EPD-ART13-06",
        statement=(
            "Consent obtained by another organisation counts for electronic marketing only "
            "for the senders its notice named; a list's consent for unnamed partners or "
            "categories of them is not consent to this sender."
        ),
        citation=(
            "Directive 2002/58/EC Art. 13(1) with GDPR Art. 4(11), 7; EDPB Guidelines 05/2020 "
            "on consent (controllers relying on consent must be named)"
        ),
        channels=ELECTRONIC,
        also=(EPD_SOFT_OPT_IN,),
        confidence="I",
    ),
)

EPRIVACY = Pack(
    id="EU-EPD",
    name="EU ePrivacy Directive (electronic marketing)",
    countries=EEA,
    rules=EPD_RULES,
)

# -- Germany -------------------------------------------------------------------------------


DE_RULES: tuple[LegalRule, ...] = (
    ConsentRequired(
        id="DE-UWG-7-01",
        statement=(
            "Telephone advertising to consumers needs their prior express consent; there is "
            "no existing-customer exception (every contact is treated as a consumer)."
        ),
        citation="UWG §7(2) Nr. 1; fines up to EUR 300,000 (§20 UWG)",
        channels=CALLS,
        code="phone_consent_required",
    ),
    DocumentedConsent(
        id="DE-UWG-7A-01",
        statement=(
            "Prior express consent to telephone advertising must be documented in appropriate "
            "form when given and kept five years from grant and after each use."
        ),
        citation="UWG §7a (in force 2021-10-01)",
        retention=ProofRetention(years=5, after_use=True),
        channels=CALLS,
    ),
)

GERMANY = Pack(id="DE", name="Germany: UWG telephone advertising", countries={"DE"}, rules=DE_RULES)

# -- Spain ---------------------------------------------------------------------------------

ES_OPT_IN_FROM = dt.date(2023, 6, 29)

ES_RULES: tuple[LegalRule, ...] = (
    ConsentRequired(
        id="ES-LGT-66-01",
        statement="Since 2023-06-29, unsolicited commercial calls need the person's prior consent.",
        citation="Ley 11/2022 General de Telecomunicaciones art. 66.1.b",
        channels=CALLS,
        start=ES_OPT_IN_FROM,
        code="phone_consent_required",
    ),
    RegistryCheck(
        id="ES-LOPDGDD-23-01",
        statement=(
            "Before direct marketing, check the advertising exclusion system (Lista Robinson): "
            "a listed person is not contacted unless they consented to you."
        ),
        citation="Ley Orgánica 3/2018 (LOPDGDD) art. 23.4",
        registries={"es_robinson"},
        channels=frozenset(Channel),
        confidence="V",
    ),
)

SPAIN = Pack(id="ES", name="Spain: commercial calls", countries={"ES"}, rules=ES_RULES)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (GDPR, EPRIVACY, GERMANY, FRANCE, SPAIN)

__all__ = [
    "AGE_OF_DIGITAL_CONSENT",
    "EEA",
    "EPRIVACY",
    "EU_MEMBER_STATES",
    "FRANCE",
    "FR_CALLING_WINDOW",
    "GDPR",
    "GERMANY",
    "PACKS",
    "SPAIN",
    "age_of_digital_consent",
]
