"""
How we came to know a fact and how sensitive it is: :class:`Provenance` and :class:`Sensitivity`.
"""

from __future__ import annotations

from .._validators import StrictStrEnum
from ._deprecated import CPRA_SPI, GDPR_ART_9, deprecated


class Provenance(StrictStrEnum):
    """
    How we came to know a fact.

    .. versionadded:: 0.1.0
    """

    #: The person told us (a form, a call, an e-mail).
    STATED = "stated"
    #: Their own behaviour with us (purchases, clicks, visits).
    OBSERVED = "observed"
    #: We derived or predicted it.  Never used to address a person by default.
    INFERRED = "inferred"
    #: Bought or enriched from someone else.
    THIRD_PARTY = "third_party"
    #: Operational records (account created, plan renewed).
    SYSTEM = "system"


class Sensitivity(StrictStrEnum):
    """
    How sensitive a fact is.

    Every member except :attr:`ORDINARY` is a *special category* that needs explicit,
    scoped consent before it may be used to address someone.  The names follow GDPR
    Art. 9(1) and the CPRA's "sensitive personal information" (Cal. Civ. Code
    §1798.140(ae)); which list a category is on is the law's, kept in its pack
    (:data:`personal_touch.packs.eu.ART9_CATEGORIES`,
    :data:`personal_touch.packs.us_states.CPRA_SPI`).  Categories on neither list
    (bereavement, finances outside the CPRA's account credentials) are ones a person must
    still never be surprised by.

    .. versionadded:: 0.1.0
    """

    ORDINARY = "ordinary"
    #: GDPR Art. 9 "data concerning health"; CPRA "health".
    HEALTH = "health"
    #: Pregnancy, fertility, contraception, abortion (GDPR health; CPRA health;
    #: Washington My Health My Data Act).
    REPRODUCTIVE_HEALTH = "reproductive_health"
    #: GDPR "sex life or sexual orientation"; CPRA "sex life or sexual orientation".
    SEX_LIFE = "sex_life"
    #: GDPR "religious or philosophical beliefs"; CPRA "religious or philosophical beliefs".
    RELIGION = "religion"
    #: GDPR "political opinions" (not a CPRA category).
    POLITICAL_OPINIONS = "political_opinions"
    #: GDPR "racial or ethnic origin"; CPRA "racial or ethnic origin".
    RACIAL_ETHNIC_ORIGIN = "racial_ethnic_origin"
    #: GDPR "genetic data"; CPRA "genetic data".
    GENETIC = "genetic"
    #: GDPR "biometric data for the purpose of uniquely identifying"; CPRA "biometric".
    BIOMETRIC = "biometric"
    #: GDPR "trade union membership"; CPRA "union membership".
    TRADE_UNION = "trade_union"
    #: GDPR Art. 10 "criminal convictions and offences" (a separate article, same care).
    CRIMINAL_RECORD = "criminal_record"
    #: CPRA "account log-in, financial account, debit or credit card number"; income,
    #: debts and the like.
    FINANCES = "finances"
    #: CPRA "precise geolocation" (within a radius of 1,850 feet).
    PRECISE_LOCATION = "precise_location"
    #: Data about children (GDPR Art. 8, COPPA, LGPD Art. 14).
    CHILDREN = "children"
    #: CPRA "citizenship or immigration status".
    IMMIGRATION_STATUS = "immigration_status"
    #: CPRA "social security, driver's license, state identification card, or passport".
    GOVERNMENT_ID = "government_id"
    #: A death in the family: on neither list, but never to be surprised by.
    BEREAVEMENT = "bereavement"

    @property
    def is_special(self) -> bool:
        """
        Whether it is anything but :attr:`ORDINARY`.
        """
        return self is not Sensitivity.ORDINARY

    @property
    def gdpr_article_9(self) -> bool:
        """
        Whether GDPR Art. 9(1) lists it as a special category.

        .. deprecated:: 0.2.0
           The law lives in its pack: test membership of
           :data:`personal_touch.packs.eu.ART9_CATEGORIES`.  Removed in 0.3.0.
        """
        deprecated("gdpr_article_9", "personal_touch.packs.eu.ART9_CATEGORIES")
        return self.value in GDPR_ART_9

    @property
    def cpra_sensitive(self) -> bool:
        """
        Whether the CPRA lists it as sensitive personal information.

        .. deprecated:: 0.2.0
           The law lives in its pack: test membership of
           :data:`personal_touch.packs.us_states.CPRA_SPI`.  Removed in 0.3.0.
        """
        deprecated("cpra_sensitive", "personal_touch.packs.us_states.CPRA_SPI")
        return self.value in CPRA_SPI
