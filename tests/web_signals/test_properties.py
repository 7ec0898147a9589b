"""
Properties of the web consent strings: values round-trip, and garbage is only a typed error.
"""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import given
from hypothesis import strategies as st

from personal_touch._web._sections import section_specs
from personal_touch.exceptions import ConsentStringError
from personal_touch.web_signals import (
    GppString,
    PublisherPurposes,
    PublisherRestriction,
    RestrictionType,
    TCString,
    UsPrivacy,
    UsSection,
    decode_gpp,
    decode_tc_string,
    encode_gpp,
    encode_tc_string,
)

EPOCH = pendulum.datetime(1970, 1, 1, tz="UTC")
instants = st.integers(0, 2**36 - 1).map(lambda d: EPOCH + dt.timedelta(seconds=d / 10))
vendor_ids = st.frozensets(st.integers(1, 3000), max_size=60) | st.builds(
    lambda a, n: frozenset(range(a, a + n)), st.integers(1, 2000), st.integers(0, 400)
)
letters = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)


def ids(top: int) -> st.SearchStrategy[frozenset[int]]:
    return st.frozensets(st.integers(1, top), max_size=top)


@st.composite
def publishers(draw: st.DrawFn) -> PublisherPurposes:
    count = draw(st.integers(0, 63))
    custom = ids(count) if count else st.just(frozenset[int]())
    return PublisherPurposes(
        consents=draw(ids(24)),
        legitimate_interests=draw(ids(24)),
        custom_purposes=count,
        custom_consents=draw(custom),
        custom_legitimate_interests=draw(custom),
    )


tc_strings = st.builds(
    TCString,
    created=instants,
    last_updated=instants,
    cmp_id=st.integers(0, 4095),
    cmp_version=st.integers(0, 4095),
    consent_screen=st.integers(0, 63),
    consent_language=letters,
    vendor_list_version=st.integers(0, 4095),
    policy_version=st.integers(0, 3),  # below 4: every legitimate-interest bit is kept
    is_service_specific=st.booleans(),
    use_non_standard_texts=st.booleans(),
    special_feature_opt_ins=ids(12),
    purpose_consents=ids(24),
    purpose_legitimate_interests=ids(24),
    purpose_one_treatment=st.booleans(),
    publisher_country_code=letters,
    vendor_consents=vendor_ids,
    vendor_legitimate_interests=vendor_ids,
    publisher_restrictions=st.lists(
        st.builds(
            PublisherRestriction,
            purpose=st.integers(1, 24),
            restriction=st.sampled_from(RestrictionType),
            vendors=vendor_ids.filter(bool),
        ),
        max_size=3,
    ).map(tuple),
    disclosed_vendors=st.none() | vendor_ids,
    allowed_vendors=st.none() | vendor_ids,
    publisher=st.none() | publishers(),
)


@given(tc_strings)
def test_a_tc_string_round_trips(tc: TCString) -> None:
    assert decode_tc_string(encode_tc_string(tc)) == tc


@st.composite
def us_sections(draw: st.DrawFn) -> tuple[int, UsSection]:
    sid, spec = draw(st.sampled_from(sorted(section_specs().items())))
    values = {}
    for f in spec.fields[spec.version][1:] + spec.consent:
        if f.boolean:
            values[f.name] = draw(st.booleans())
        elif f.size:
            values[f.name] = tuple(
                draw(st.lists(st.integers(0, 3), min_size=f.size, max_size=f.size))
            )
        else:
            values[f.name] = draw(st.integers(0, 3))
    gpc = draw(st.none() | st.booleans()) if spec.gpc else None
    return sid, UsSection.of(spec.prefix, gpc=gpc, **values)


@given(st.lists(us_sections(), max_size=4, unique_by=lambda pair: pair[0]), st.booleans())
def test_a_gpp_string_round_trips(pairs: list[tuple[int, UsSection]], usp: bool) -> None:
    pairs = sorted(pairs, key=lambda pair: pair[0])
    if usp:
        pairs.insert(0, (6, UsPrivacy(notice="Y", opt_out_sale="N", lspa_covered="-")))
    gpp = GppString(section_ids=tuple(p[0] for p in pairs), sections=tuple(p[1] for p in pairs))
    assert decode_gpp(encode_gpp(gpp)) == gpp


@given(st.text(max_size=80))
def test_random_text_is_only_ever_a_typed_error(text: str) -> None:
    for decode in (decode_tc_string, decode_gpp):
        try:
            decode(text)
        except ConsentStringError as error:
            message = str(error)
        else:
            continue
        assert len(text) < 4 or text not in message  # errors never repeat the string


@given(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~", max_size=120))
def test_random_base64url_is_only_ever_a_typed_error(text: str) -> None:
    for decode in (decode_tc_string, decode_gpp):
        try:
            decode("C" + text)
            decode("DBA" + text)
        except ConsentStringError:
            pass


def test_overlapping_hostile_ranges_cost_no_more_than_their_ids() -> None:
    # 4,095 entries, each the range 1..65535: decoding merges them before expanding.
    from personal_touch._web._bits import BitWriter
    from personal_touch._web._vendors import read_ranges

    w = BitWriter()
    w.uint(4095, 12, "n")
    for _ in range(4095):
        w.flag(True, "r")
        w.uint(1, 16, "s")
        w.uint(65535, 16, "e")
    from personal_touch._web._bits import BitReader

    assert read_ranges(BitReader(w.text(), "t"), "f") == frozenset(range(1, 65536))
