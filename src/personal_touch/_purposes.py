"""
The one vocabulary of purposes and bases that the core rules and the packs share.

Which message purposes count as direct marketing, which lawful bases are an opt-in, and which
grant purposes may permit a message purpose: each is written here once, below both the core
rules and the jurisdiction packs, so the two cannot come to mean different things.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._consent import LawfulBasis, Purpose
from ._message import MessagePurpose

__all__ = [
    "CONSENT_BASES",
    "CONTRACT_PURPOSES",
    "MARKETING_PURPOSES",
    "OBJECTION_PURPOSES",
    "PARENTAL_BASES",
    "PURPOSE_KEYS",
    "purpose_key",
]

#: Purposes treated as direct marketing: offers, fundraising, and requests for consent (a
#: consent request is itself a commercial electronic message under CASL, and the ICO treats
#: consent-seeking e-mails as marketing).  An unsubscribe bars them at once (CORE-SUPP-01).
MARKETING_PURPOSES = frozenset(
    {MessagePurpose.MARKETING, MessagePurpose.FUNDRAISING, MessagePurpose.CONSENT_REQUEST}
)

#: Purposes an objection to direct marketing bars (GDPR Art. 21(2)-(3): absolute): the
#: marketing purposes and the relationship messages that promote us too.
OBJECTION_PURPOSES = MARKETING_PURPOSES | {MessagePurpose.RELATIONSHIP}

#: Message purposes a contract basis permits by itself: keeping up the relationship it
#: created, and asking how it went.
CONTRACT_PURPOSES = frozenset({MessagePurpose.RELATIONSHIP, MessagePurpose.SURVEY})

#: Bases where the person (or their guardian) actively opted in (consent, explicit
#: consent, prior express written consent, a parent's consent: each basis says so itself,
#: ``LawfulBasis.is_consent``); the core consent rule accepts them by itself, implied
#: bases need a pack's permit.
CONSENT_BASES = frozenset(b for b in LawfulBasis if b.is_consent)

#: A parent's or guardian's consent, as a basis set.
PARENTAL_BASES = frozenset({LawfulBasis.PARENTAL_CONSENT})

#: The grant purposes that may permit each message purpose, in order of preference.
#: A relationship message may also rest on a marketing grant (it is the narrower ask).
PURPOSE_KEYS: Mapping[MessagePurpose, tuple[str, ...]] = MappingProxyType(
    {
        MessagePurpose.MARKETING: (Purpose.MARKETING,),
        MessagePurpose.RELATIONSHIP: (Purpose.RELATIONSHIP, Purpose.MARKETING),
        MessagePurpose.FUNDRAISING: (Purpose.FUNDRAISING,),
        MessagePurpose.CONSENT_REQUEST: (Purpose.CONSENT_REQUEST, Purpose.MARKETING),
        MessagePurpose.SURVEY: (Purpose.SURVEY, Purpose.RELATIONSHIP, Purpose.MARKETING),
        MessagePurpose.TRANSACTIONAL: (),
    }
)

#: The grant purposes the law itself names: a consent request is marketing in law, a
#: survey is part of the relationship.
_LEGAL_PURPOSES = frozenset({Purpose.MARKETING, Purpose.RELATIONSHIP, Purpose.FUNDRAISING})

_LEGAL_KEYS: Mapping[MessagePurpose, str | None] = MappingProxyType(
    {
        purpose: next((k for k in keys if k in _LEGAL_PURPOSES), None)
        for purpose, keys in PURPOSE_KEYS.items()
    }
)


def purpose_key(purpose: MessagePurpose) -> str | None:
    """
    The grant purpose the law asks a consent for, for a message of *purpose*.

    The first of :data:`PURPOSE_KEYS` that the law itself names (marketing, relationship,
    fundraising); ``None`` for transactional messages, which need no grant.

    >>> purpose_key(MessagePurpose.CONSENT_REQUEST), purpose_key(MessagePurpose.SURVEY)
    (<Purpose.MARKETING: 'marketing'>, <Purpose.RELATIONSHIP: 'relationship'>)
    >>> purpose_key(MessagePurpose.SURVEY) == "relationship"
    True

    .. versionadded:: 0.1.0
    """
    return _LEGAL_KEYS.get(purpose)
