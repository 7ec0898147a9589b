"""
What a message must tell its reader: the disclosures a decision requires.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

from ._frozen import FrozenMap

__all__ = ["Disclosure", "DisclosureCode"]


class DisclosureCode(enum.StrEnum):
    """
    Something the message must tell its reader.

    .. versionadded:: 0.1.0
    """

    #: "This message was sent automatically."
    AUTOMATED_MESSAGE = "automated_message"
    #: "You told us about {topic} on {date}": why we know what we mention.
    FACT_SOURCE = "fact_source"
    #: An unsubscribe link or instruction.
    UNSUBSCRIBE = "unsubscribe"
    #: "Reply STOP to opt out" for SMS.
    SMS_OPT_OUT = "sms_opt_out"
    #: The sender's valid physical postal address (CAN-SPAM).
    POSTAL_ADDRESS = "postal_address"
    #: The sender's identity.
    SENDER_IDENTITY = "sender_identity"
    #: "This is an advertisement."
    AD_IDENTIFICATION = "ad_identification"


def _params(value: Mapping[str, str] | None) -> FrozenMap[str]:
    return FrozenMap({str(k): str(v) for k, v in (value or {}).items()})


@attrs.frozen
class Disclosure:
    """
    A required disclosure: a code and the parameters its text needs (no personal data).

    .. versionadded:: 0.1.0
    """

    code: DisclosureCode = attrs.field(converter=DisclosureCode)
    params: FrozenMap[str] = attrs.field(factory=FrozenMap, converter=_params)
