"""
The United Kingdom's pack.

United Kingdom: UK GDPR and the Privacy and Electronic Communications Regulations (PECR), as amended
by the Data (Use and Access) Act 2025.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs

from .._channels import Channel
from .._consent import LawfulBasis
from ..rules import (
    CALLS,
    ELECTRONIC,
    CharitableSoftOptIn,
    ChildProfiling,
    ConsentRequired,
    IndirectConsent,
    LegalRule,
    MinorRule,
    OptOutRegime,
    Pack,
    RegistryCheck,
    SoftOptIn,
)
from .eu import (
    EPRIVACY,
    GDPR,
    LEGITIMATE_INTEREST_CAP,
    SOFT_OPT_IN_CHANNELS,
)

#: UK GDPR Art. 8 as applied by the DPA 2018 s.9: the UK chose 13.
UK_AGE_OF_DIGITAL_CONSENT = 13
#: The Age Appropriate Design Code protects children: everyone under 18.
CHILD_AGE = 18
#: PECR reg. 22 "electronic mail": e-mail, SMS/MMS and similar stored messages (social and
#: chat messages as electronic mail per ICO guidance; push by engine convention).
PECR_ELECTRONIC_MAIL = ELECTRONIC
#: Telephone Preference Service registers (individuals and corporate subscribers).
UK_REGISTRIES = frozenset({"uk_tps", "uk_ctps"})
#: PECR reg. 21(3): a number listed for less than 28 days before the day of the call is not
#: yet barred (the TPS and the CTPS are one register under reg. 26).
TPS_GRACE_DAYS = 28
UK_REGISTRY_GRACE = {"uk_tps": TPS_GRACE_DAYS, "uk_ctps": TPS_GRACE_DAYS}


#: The charitable soft opt-in's commencement (DUAA 2025 s.114; Commencement Order No. 6).
CHARITY_SOFT_OPT_IN_FROM = dt.date(2026, 2, 5)

SOFT_OPT_IN = SoftOptIn(
    id="UK-PECR-22-02",
    citation="PECR reg. 22(3); ICO direct marketing guidance",
    channels=SOFT_OPT_IN_CHANNELS,
)
CHARITABLE_SOFT_OPT_IN = CharitableSoftOptIn(
    id="UK-PECR-22-03",
    citation=(
        "PECR reg. 22(3A) inserted by Data (Use and Access) Act 2025 s.114; in force "
        f"{CHARITY_SOFT_OPT_IN_FROM.isoformat()} (Commencement Order No. 6)"
    ),
    channels=SOFT_OPT_IN_CHANNELS,
    commences=CHARITY_SOFT_OPT_IN_FROM,
)


def _kept(eu_rule_id: str, **changes: Any) -> LegalRule:
    # An EU rule as the UK kept it after leaving (UK GDPR; PECR transposes ePrivacy): the
    # same shape and parameters under its own id, statement and citation.
    eu = (r for p in (GDPR, EPRIVACY) for r in p.rules if isinstance(r, LegalRule))
    return attrs.evolve(next(r for r in eu if r.id == eu_rule_id), **changes)


UK_RULES: tuple[LegalRule, ...] = (
    _kept(
        "EU-GDPR-ART6-01",
        id="UK-GDPR-ART6-01",
        statement=(
            "Direct marketing by post, in person or by live call may rest on legitimate "
            "interests; personalization under it stays at most CONTEXTUAL."
        ),
        citation="UK GDPR Art. 6(1)(f) and Recital 47; DPA 2018 s.122(5)",
    ),
    MinorRule(
        id="UK-GDPR-ART8-01",
        statement="Under 13, consent must be given or authorised by a parent.",
        citation="UK GDPR Art. 8; DPA 2018 s.9",
        age=UK_AGE_OF_DIGITAL_CONSENT,
    ),
    _kept(
        "EU-GDPR-R71-01",
        id="UK-GDPR-R71-01",
        citation="UK GDPR Recital 71; ICO Age Appropriate Design Code",
    ),
    _kept(
        "EU-GDPR-ART9-01",
        id="UK-GDPR-ART9-01",
        statement=(
            "Special-category data, including inferences, may be used only with explicit "
            "consent for that category; selecting a recipient by one is processing it."
        ),
        citation="UK GDPR Art. 9(2)(a); ICO special-category guidance on inferences",
    ),
    _kept(
        "EU-GDPR-ART21-01",
        id="UK-GDPR-ART21-01",
        statement=(
            "After an objection to direct marketing, personal data are no longer processed "
            "for it, on any channel; no balancing applies."
        ),
        citation="UK GDPR Art. 21(2), 21(3)",
    ),
    ConsentRequired(
        id="UK-PECR-22-01",
        statement=(
            "Unsolicited direct marketing by electronic mail to individuals needs prior "
            "consent, unless the soft opt-in or the charitable soft opt-in applies."
        ),
        citation="PECR reg. 22(2)",
        channels=PECR_ELECTRONIC_MAIL,
        also=(SOFT_OPT_IN, CHARITABLE_SOFT_OPT_IN),
        individuals_only=True,
    ),
    SOFT_OPT_IN,
    CHARITABLE_SOFT_OPT_IN,
    RegistryCheck(
        id="UK-PECR-21-01",
        statement=(
            "No live marketing calls to numbers on the TPS or CTPS unless the subscriber told "
            "the caller they do not object; a dated listing bars calls from the 28th day "
            "after it (an undated one at once)."
        ),
        citation="PECR reg. 21(1)(b), 21(3)-(4); ICO live-calls guidance",
        registries=UK_REGISTRIES,
        grace_days=UK_REGISTRY_GRACE,
    ),
    ConsentRequired(
        id="UK-PECR-19-01",
        statement="Automated (recorded) marketing calls need prior consent.",
        citation="PECR reg. 19",
        channels=CALLS,
        authorship={"automated"},
        confidence="V",
    ),
    _kept(
        "EU-EPD-ART13-04",
        id="UK-PECR-23-01",
        statement=(
            "Marketing by electronic mail must not conceal the sender and must give a valid "
            "address to opt out."
        ),
        citation="PECR reg. 23",
    ),
    _kept(
        "EU-EPD-ART13-05",
        id="UK-PECR-22-04",
        statement=(
            "An opt-out from electronic marketing (an unsubscribe) ends consent and the soft "
            "opt-ins for electronic mail at once, until the person opts in again."
        ),
        citation="PECR reg. 22(3)(c); UK GDPR Art. 7(3), 21(3)",
    ),
    # issue 14 items 3 and 4: consent obtained through others; the Children's Code
    IndirectConsent(
        id="UK-PECR-22-05",
        statement=(
            'Consent obtained by a third party ("indirect consent") counts for electronic '
            "mail only if the organisation sending was specifically named; consent to "
            '"selected partners" or a category of them is not enough.'
        ),
        citation=(
            "PECR reg. 22(2) (the recipient has notified the sender that they consent); ICO "
            "consent guidance (name every controller relying on the consent; categories of "
            "third parties are not specific enough)"
        ),
        channels=PECR_ELECTRONIC_MAIL,
        also=(SOFT_OPT_IN, CHARITABLE_SOFT_OPT_IN),
        confidence="I",
    ),
    ChildProfiling(
        id="UK-AADC-12-01",
        statement=(
            "Profiling is off by default for a child (under 18): no observed, inferred or "
            "bought facts select or fill a message unless profiling was switched on by a "
            "consent to behavioural or profile personalization."
        ),
        citation=(
            "ICO Age Appropriate Design Code, standards 7 (default settings) and 12 "
            "(profiling); DPA 2018 s.123"
        ),
        below=CHILD_AGE,
        confidence="I",
    ),
    # issue 14 item 1: opt-out regimes (the law-floor standard relies on them)
    OptOutRegime(
        id="UK-PECR-21-02",
        statement=(
            "A live (human) marketing call needs no prior consent while the number is not on "
            "the TPS or CTPS (28 days after listing) and the subscriber has not told the "
            "caller not to call. The law-floor standard relies on it."
        ),
        citation="PECR reg. 21(1), 21(3); ICO live-calls guidance",
        channels=CALLS,
        authorship={"human"},
        registries=UK_REGISTRIES,
        grace_days=UK_REGISTRY_GRACE,
        regime="a live call to a number on neither the TPS nor the CTPS",
    ),
    OptOutRegime(
        id="UK-PECR-22-06",
        statement=(
            "Marketing e-mail to a corporate subscriber (a contact reached at a company; not "
            "a sole trader or partnership) needs no prior consent: PECR reg. 22 protects "
            "individual subscribers only; it must still name the sender and offer an opt-out "
            "(reg. 23). The law-floor standard relies on it."
        ),
        citation="PECR reg. 22(1)-(2), 23; ICO guidance on business-to-business marketing",
        channels={Channel.EMAIL},
        corporate_only=True,
        regime="e-mail to a corporate subscriber, outside PECR reg. 22",
        confidence="I",
    ),
)

UK = Pack(
    id="UK",
    name="United Kingdom: UK GDPR and PECR",
    countries={"GB"},
    rules=UK_RULES,
    personalization_bases={LawfulBasis.LEGITIMATE_INTEREST.value: LEGITIMATE_INTEREST_CAP},
)

#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = (UK,)

__all__ = ["PACKS", "TPS_GRACE_DAYS", "UK", "UK_AGE_OF_DIGITAL_CONSENT", "UK_REGISTRIES"]
