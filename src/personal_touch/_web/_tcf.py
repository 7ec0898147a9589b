"""
IAB TCF v2 TC strings as values: decode, encode, and the publisher restrictions they carry.

A TC string is a core segment (who recorded what, when, and the user's purpose, special
feature and vendor choices), optionally followed by ``.``-separated segments for disclosed
vendors (type 1), allowed vendors (type 2) and publisher purposes (type 3).  The layout is IAB
Europe's "Consent string and vendor list formats v2" (TCF v2.2).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable

import attrs
import pendulum

from ..exceptions import ConsentStringError
from ._bits import BitReader, BitWriter
from ._vendors import read_ranges, read_vendors, runs, write_ranges, write_vendors

__all__ = [
    "PublisherPurposes",
    "PublisherRestriction",
    "RestrictionType",
    "TCString",
    "decode_tc_string",
    "encode_tc_string",
]

_EPOCH = pendulum.datetime(1970, 1, 1, tz="UTC")
_DISCLOSED, _ALLOWED, _PUBLISHER = 1, 2, 3
_VERSION, _COUNT_BITS = 2, 12
#: TCF v2.2 (policy version 4 and later) allows no legitimate interest for purposes 3 to 6.
_POLICY_V22 = 4
_NO_LEGITIMATE_INTEREST = frozenset({3, 4, 5, 6})


class RestrictionType(enum.IntEnum):
    """What a publisher restriction does to a purpose for the vendors it names."""

    NOT_ALLOWED = 0
    REQUIRE_CONSENT = 1
    REQUIRE_LEGITIMATE_INTEREST = 2
    UNDEFINED = 3


def _ids(values: Iterable[int]) -> frozenset[int]:
    return frozenset(values)


@attrs.frozen(kw_only=True)
class PublisherRestriction:
    """
    A publisher's restriction of one purpose for some vendors.

    .. versionadded:: 0.4.0
    """

    purpose: int
    restriction: RestrictionType = attrs.field(converter=RestrictionType)
    vendors: frozenset[int] = attrs.field(converter=_ids)


@attrs.frozen(kw_only=True)
class PublisherPurposes:
    """
    The publisher purposes segment: the publisher's own purposes and its custom purposes.

    .. versionadded:: 0.4.0
    """

    consents: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)
    legitimate_interests: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)
    #: How many custom purposes the publisher defined (numbered from 1).
    custom_purposes: int = 0
    custom_consents: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)
    custom_legitimate_interests: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)


@attrs.frozen(kw_only=True)
class TCString:
    """
    A decoded TC string: every field of its core segment and of the segments it carries.

    Sets hold the 1-based ids that are on (purpose 1 is "store and/or access information on a
    device").  ``disclosed_vendors``, ``allowed_vendors`` and ``publisher`` are ``None`` when
    the string has no such segment, so a string and its value round-trip.  Defaults are those
    of a new TCF v2.2 string (policy version 5; service-specific, which v2.2 requires).

    .. versionadded:: 0.4.0
    """

    created: pendulum.DateTime
    last_updated: pendulum.DateTime
    version: int = 2
    cmp_id: int = 0
    cmp_version: int = 0
    consent_screen: int = 0
    consent_language: str = "EN"
    vendor_list_version: int = 0
    policy_version: int = 5
    is_service_specific: bool = True
    use_non_standard_texts: bool = False
    special_feature_opt_ins: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)
    purpose_consents: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)
    purpose_legitimate_interests: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)
    purpose_one_treatment: bool = False
    publisher_country_code: str = "AA"
    vendor_consents: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)
    vendor_legitimate_interests: frozenset[int] = attrs.field(default=frozenset(), converter=_ids)
    publisher_restrictions: tuple[PublisherRestriction, ...] = attrs.field(
        default=(), converter=tuple
    )
    disclosed_vendors: frozenset[int] | None = None
    allowed_vendors: frozenset[int] | None = None
    publisher: PublisherPurposes | None = None


def _instant(deciseconds: int) -> pendulum.DateTime:
    return _EPOCH + dt.timedelta(microseconds=deciseconds * 100_000)


def _deciseconds(instant: dt.datetime, field: str) -> int:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ConsentStringError(field, "must be time-zone aware")
    delta = instant - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 10 + delta.microseconds // 100_000


def _restrictions(reader: BitReader) -> tuple[PublisherRestriction, ...]:
    field = "PublisherRestrictions"
    if reader.remaining < _COUNT_BITS:
        return ()  # strings from before restrictions existed end here (zero padding only)
    out = []
    for _ in range(reader.uint(12, field)):
        purpose, kind = reader.uint(6, field), reader.uint(2, field)
        vendors = read_ranges(reader, field)
        out.append(PublisherRestriction(purpose=purpose, restriction=kind, vendors=vendors))
    return tuple(out)


def _core(segment: str) -> dict[str, object]:
    r = BitReader(segment, "tcf.core")
    version = r.uint(6, "Version")
    if version != _VERSION:
        raise ConsentStringError("tcf.core.Version", "is not 2 (only TCF v2 is read)")
    return {
        "version": version,
        "created": _instant(r.uint(36, "Created")),
        "last_updated": _instant(r.uint(36, "LastUpdated")),
        "cmp_id": r.uint(12, "CmpId"),
        "cmp_version": r.uint(12, "CmpVersion"),
        "consent_screen": r.uint(6, "ConsentScreen"),
        "consent_language": r.letters(2, "ConsentLanguage"),
        "vendor_list_version": r.uint(12, "VendorListVersion"),
        "policy_version": r.uint(6, "TcfPolicyVersion"),
        "is_service_specific": r.flag("IsServiceSpecific"),
        "use_non_standard_texts": r.flag("UseNonStandardTexts"),
        "special_feature_opt_ins": r.ids(12, "SpecialFeatureOptIns"),
        "purpose_consents": r.ids(24, "PurposesConsent"),
        "purpose_legitimate_interests": r.ids(24, "PurposesLITransparency"),
        "purpose_one_treatment": r.flag("PurposeOneTreatment"),
        "publisher_country_code": r.letters(2, "PublisherCC"),
        "vendor_consents": read_vendors(r, "VendorConsents"),
        "vendor_legitimate_interests": read_vendors(r, "VendorLegitimateInterests"),
        "publisher_restrictions": _restrictions(r),
    }


def _publisher(r: BitReader) -> PublisherPurposes:
    consents, interests = r.ids(24, "PubPurposesConsent"), r.ids(24, "PubPurposesLITransparency")
    count = r.uint(6, "NumCustomPurposes")
    return PublisherPurposes(
        consents=consents,
        legitimate_interests=interests,
        custom_purposes=count,
        custom_consents=r.ids(count, "CustomPurposesConsent"),
        custom_legitimate_interests=r.ids(count, "CustomPurposesLITransparency"),
    )


_SEGMENT_NAMES = {_DISCLOSED: "disclosed_vendors", _ALLOWED: "allowed_vendors"}


def decode_tc_string(text: str) -> TCString:
    """
    Decode a TC string (TCF v2.0 to v2.2).

    >>> tc = decode_tc_string("CPSG_8APSG_8AAAAAAENAACgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA")
    >>> tc.created.isoformat(), tc.is_service_specific, tc.disclosed_vendors
    ('2022-01-01T00:00:00+00:00', True, frozenset())

    Raises:
        ConsentStringError: When the string is not a TC string, is cut short, repeats a
            segment, or names an unknown segment type.

    .. versionadded:: 0.4.0
    """
    if not isinstance(text, str):
        raise ConsentStringError("tcf", "must be a string")
    core, *rest = text.strip().split(".")
    fields = _core(core)
    for index, segment in enumerate(rest, 1):
        r = BitReader(segment, f"tcf.segment[{index}]")
        kind = r.uint(3, "SegmentType")
        name = _SEGMENT_NAMES.get(kind, "publisher" if kind == _PUBLISHER else "")
        if not name:
            raise ConsentStringError(f"tcf.segment[{index}].SegmentType", "is not 1, 2 or 3")
        if name in fields:
            raise ConsentStringError(f"tcf.segment[{index}]", "repeats a segment type")
        fields[name] = _publisher(r) if kind == _PUBLISHER else read_vendors(r, name)
    return TCString(**fields)  # type: ignore[arg-type]


def _write_core(tc: TCString) -> str:
    w = BitWriter()
    w.uint(tc.version, 6, "Version")
    w.uint(_deciseconds(tc.created, "created"), 36, "Created")
    w.uint(_deciseconds(tc.last_updated, "last_updated"), 36, "LastUpdated")
    w.uint(tc.cmp_id, 12, "CmpId")
    w.uint(tc.cmp_version, 12, "CmpVersion")
    w.uint(tc.consent_screen, 6, "ConsentScreen")
    w.letters(_two_letters(tc.consent_language, "ConsentLanguage"), "ConsentLanguage")
    w.uint(tc.vendor_list_version, 12, "VendorListVersion")
    w.uint(tc.policy_version, 6, "TcfPolicyVersion")
    w.flag(tc.is_service_specific, "IsServiceSpecific")
    w.flag(tc.use_non_standard_texts, "UseNonStandardTexts")
    w.ids(tc.special_feature_opt_ins, 12, "SpecialFeatureOptIns")
    w.ids(tc.purpose_consents, 24, "PurposesConsent")
    interests = tc.purpose_legitimate_interests
    if tc.policy_version >= _POLICY_V22:
        interests -= _NO_LEGITIMATE_INTEREST
    w.ids(interests, 24, "PurposesLITransparency")
    w.flag(tc.purpose_one_treatment, "PurposeOneTreatment")
    w.letters(_two_letters(tc.publisher_country_code, "PublisherCC"), "PublisherCC")
    write_vendors(w, tc.vendor_consents, "VendorConsents")
    write_vendors(w, tc.vendor_legitimate_interests, "VendorLegitimateInterests")
    w.uint(len(tc.publisher_restrictions), 12, "PublisherRestrictions")
    for item in tc.publisher_restrictions:
        w.uint(item.purpose, 6, "PublisherRestrictions")
        w.uint(item.restriction, 2, "PublisherRestrictions")
        write_ranges(w, runs(item.vendors), "PublisherRestrictions")
    return w.text(quantum=24)


def _two_letters(text: str, field: str) -> str:
    if len(text) != 2:  # noqa: PLR2004 - two letters
        raise ConsentStringError(field, "must be two letters")
    return text.upper()


def _write_segment(kind: int, tc: TCString) -> str:
    w = BitWriter()
    w.uint(kind, 3, "SegmentType")
    if kind == _PUBLISHER:
        pub = tc.publisher
        assert pub is not None
        w.ids(pub.consents, 24, "PubPurposesConsent")
        w.ids(pub.legitimate_interests, 24, "PubPurposesLITransparency")
        w.uint(pub.custom_purposes, 6, "NumCustomPurposes")
        w.ids(pub.custom_consents, pub.custom_purposes, "CustomPurposesConsent")
        w.ids(pub.custom_legitimate_interests, pub.custom_purposes, "CustomPurposesLITransparency")
    else:
        ids = tc.disclosed_vendors if kind == _DISCLOSED else tc.allowed_vendors
        write_vendors(w, ids or frozenset(), _SEGMENT_NAMES[kind])
    return w.text(quantum=24)


def encode_tc_string(tc: TCString) -> str:
    """
    Encode a :class:`TCString`; segments follow the core in type order (1, 2, 3).

    Under TCF v2.2 (policy version 4 and later) legitimate interest is not a basis for
    purposes 3 to 6, so their legitimate-interest bits are written as 0, as the IAB's
    reference encoder does.

    >>> text = "CPSG_8APSG_8AAAAAAENAACgAAAAAAAAAAAAAAAAAAAA.IAAA.YAAAAAAAAAAA"
    >>> encode_tc_string(decode_tc_string(text)) == text
    True

    Raises:
        ConsentStringError: When a field does not fit its width (naming the field).

    .. versionadded:: 0.4.0
    """
    present = [
        (_DISCLOSED, tc.disclosed_vendors is not None),
        (_ALLOWED, tc.allowed_vendors is not None),
        (_PUBLISHER, tc.publisher is not None),
    ]
    return ".".join([_write_core(tc), *(_write_segment(k, tc) for k, on in present if on)])
