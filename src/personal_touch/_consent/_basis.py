"""
The lawful bases a consent grant may rest on.
"""

from __future__ import annotations

from .._validators import StrictStrEnum

__all__ = ["LawfulBasis"]


class LawfulBasis(StrictStrEnum):
    """
    The legal ground a grant rests on.

    .. versionadded:: 0.1.0
    """

    #: Freely given, specific, informed opt-in (GDPR Art. 6(1)(a); CASL express consent).
    CONSENT = "consent"
    #: Explicit consent for special categories (GDPR Art. 9(2)(a); LGPD Art. 11 I).
    EXPLICIT_CONSENT = "explicit_consent"
    #: Legitimate interest (GDPR Art. 6(1)(f)); objectable at any time.
    LEGITIMATE_INTEREST = "legitimate_interest"
    #: Necessary for a contract with the person (GDPR Art. 6(1)(b)).
    CONTRACT = "contract"
    #: PECR reg. 22(3) / ePrivacy Art. 13(2): existing customer, similar products.
    SOFT_OPT_IN = "soft_opt_in"
    #: PECR's charitable soft opt-in (in force from 2026-02-05).
    CHARITABLE_SOFT_OPT_IN = "charitable_soft_opt_in"
    #: CASL implied consent from an existing business relationship (a purchase: two years).
    IMPLIED_EXISTING_BUSINESS = "implied_existing_business"
    #: CASL implied consent from an inquiry (six months).
    IMPLIED_INQUIRY = "implied_inquiry"
    #: Australian Spam Act inferred consent.
    INFERRED_CONSENT = "inferred_consent"
    #: TCPA prior express written consent (47 CFR 64.1200(f)(9)).
    PRIOR_EXPRESS_WRITTEN_CONSENT = "prior_express_written_consent"
    #: Consent given by a parent or guardian for a child.
    PARENTAL_CONSENT = "parental_consent"

    @property
    def is_consent(self) -> bool:
        """
        Whether the person (or their guardian) actively opted in.
        """
        return self in _CONSENT_BASES

    @property
    def is_implied(self) -> bool:
        """
        Whether it is an implied, inferred or soft opt-in basis.
        """
        return self in _IMPLIED_BASES


_CONSENT_BASES = frozenset(
    {
        LawfulBasis.CONSENT,
        LawfulBasis.EXPLICIT_CONSENT,
        LawfulBasis.PRIOR_EXPRESS_WRITTEN_CONSENT,
        LawfulBasis.PARENTAL_CONSENT,
    }
)
_IMPLIED_BASES = frozenset(
    {
        LawfulBasis.SOFT_OPT_IN,
        LawfulBasis.CHARITABLE_SOFT_OPT_IN,
        LawfulBasis.IMPLIED_EXISTING_BUSINESS,
        LawfulBasis.IMPLIED_INQUIRY,
        LawfulBasis.INFERRED_CONSENT,
    }
)
