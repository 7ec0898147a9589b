"""
Consent from the web: IAB TCF and GPP strings, ``Sec-GPC``, and Google Consent Mode.

Decode and encode IAB TCF v2 TC strings (:func:`decode_tc_string`, :func:`encode_tc_string`) and
GPP strings (:func:`decode_gpp`, :func:`encode_gpp`: the EU TCF, US Privacy, and the US national
and state sections from the IAB's field tables), read the ``Sec-GPC`` request header
(:func:`has_gpc`) and Consent Mode parameters (:func:`read_consent_mode`), and turn what a
banner recorded into what the policy reads (:func:`read_web_consent`): grants with evidence,
purposes the person opted out of, and the GPC signal.

Malformed input raises :class:`~personal_touch.exceptions.ConsentStringError`, which names the
segment and field and never repeats the string.  ``import personal_touch`` does not load this
module; import it by name.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from ._web._gpp import GppString, RawSection, UsPrivacy, decode_gpp, encode_gpp
from ._web._read import (
    ConsentModeSignal,
    WebConsent,
    has_gpc,
    read_consent_mode,
    read_web_consent,
)
from ._web._sections import UsSection
from ._web._tcf import (
    PublisherPurposes,
    PublisherRestriction,
    RestrictionType,
    TCString,
    decode_tc_string,
    encode_tc_string,
)

__all__ = [
    "ConsentModeSignal",
    "GppString",
    "PublisherPurposes",
    "PublisherRestriction",
    "RawSection",
    "RestrictionType",
    "TCString",
    "UsPrivacy",
    "UsSection",
    "WebConsent",
    "decode_gpp",
    "decode_tc_string",
    "encode_gpp",
    "encode_tc_string",
    "has_gpc",
    "read_consent_mode",
    "read_web_consent",
]
