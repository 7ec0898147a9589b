"""
Web signals become grants with evidence, opt-outs and GPC, narrowly and failing closed.
"""

from __future__ import annotations

import pendulum
import pytest

from personal_touch.exceptions import ConsentStringError
from personal_touch.web_signals import (
    ConsentModeSignal,
    GppString,
    TCString,
    UsPrivacy,
    UsSection,
    encode_gpp,
    encode_tc_string,
    has_gpc,
    read_consent_mode,
    read_web_consent,
)

AT = pendulum.datetime(2026, 5, 1, 12, tz="Europe/Paris")
GIVEN = pendulum.datetime(2026, 4, 30, tz="UTC")


def tc(**changes: object) -> TCString:
    base = {"created": GIVEN, "last_updated": GIVEN, "cmp_id": 31, "vendor_list_version": 180}
    return TCString(**(base | changes))  # type: ignore[arg-type]


class TestTcf:
    def test_content_personalisation_purposes_give_a_behaviour_grant_with_evidence(self) -> None:
        web = read_web_consent(
            "c-1", at=AT, tc_string=encode_tc_string(tc(purpose_consents={1, 5, 6}))
        )
        (grant,) = web.grants
        assert grant.purpose == "personalization.behaviour"
        assert grant.contact_id == "c-1"
        assert grant.granted_at == GIVEN
        assert grant.recorded_at == AT
        assert grant.evidence is not None
        assert grant.evidence.source == "IAB TCF CMP 31"
        assert grant.evidence.notice_version == "TCF policy 5"
        assert grant.evidence.notice_id == "IAB GVL 180"
        assert web.sources == ("tcf",)

    def test_one_purpose_of_a_pair_is_not_enough(self) -> None:
        web = read_web_consent("c-1", at=AT, tc_string=tc(purpose_consents={5, 3}))
        assert web.grants == ()

    def test_advertising_purposes_give_a_custom_audience_grant(self) -> None:
        web = read_web_consent("c-1", at=AT, tc_string=tc(purpose_consents={3, 4}))
        assert [g.purpose for g in web.grants] == ["advertising.custom_audience"]

    def test_a_tc_string_never_grants_marketing(self) -> None:
        web = read_web_consent("c-1", at=AT, tc_string=tc(purpose_consents=set(range(1, 25))))
        assert all(not g.purpose.startswith("marketing") for g in web.grants)


class TestGpp:
    def test_us_opt_outs_and_gpc(self) -> None:
        section = UsSection.of("usca", gpc=True, SaleOptOut=1, SharingOptOut=2)
        gpp = encode_gpp(GppString(section_ids=(8,), sections=(section,)))
        web = read_web_consent("c-1", at=AT, gpp=gpp)
        assert web.opted_out == {"data.sale"}
        assert web.gpc is True
        assert web.limit_sensitive_data is False

    def test_a_sensitive_category_opted_out_limits_sensitive_data(self) -> None:
        section = UsSection.of("usnat", SensitiveDataProcessing=(2, 2, 1) + (0,) * 13)
        web = read_web_consent("c-1", at=AT, gpp=GppString(section_ids=(7,), sections=(section,)))
        assert web.limit_sensitive_data is True

    def test_us_privacy_sale_opt_out(self) -> None:
        gpp = GppString(section_ids=(6,), sections=(UsPrivacy(notice="Y", opt_out_sale="Y"),))
        assert read_web_consent("c-1", at=AT, gpp=gpp).opted_out == {"data.sale"}

    def test_an_opt_out_wins_over_a_grant_for_the_same_purpose(self) -> None:
        gpp = GppString(
            section_ids=(2, 7),
            sections=(
                tc(purpose_consents={3, 4}),
                UsSection.of("usnat", TargetedAdvertisingOptOut=1),
            ),
        )
        web = read_web_consent("c-1", at=AT, gpp=gpp)
        assert web.grants == ()
        assert web.opted_out == {"advertising.custom_audience"}

    def test_order_of_signals_does_not_change_the_answer(self) -> None:
        grant_first = read_web_consent(
            "c-1",
            at=AT,
            tc_string=tc(purpose_consents={3, 4}),
            consent_mode={"ad_personalization": "denied"},
        )
        assert grant_first.grants == ()
        assert grant_first.opted_out == {"advertising.custom_audience"}


class TestGpcAndConsentMode:
    @pytest.mark.parametrize(
        ("headers", "expected"),
        [
            ({"Sec-GPC": "1"}, True),
            ({"SEC-GPC": " 1 "}, True),
            ({"Sec-GPC": "0"}, False),
            ({}, False),
        ],
    )
    def test_the_gpc_header(self, headers: dict[str, str], expected: bool) -> None:
        assert has_gpc(headers) is expected
        assert read_web_consent("c-1", at=AT, headers=headers).gpc is expected

    def test_consent_mode_grants_carry_the_instant_read(self) -> None:
        web = read_web_consent(
            "c-1", at=AT, consent_mode={"ad_user_data": "granted", "analytics_storage": "denied"}
        )
        (grant,) = web.grants
        assert (grant.purpose, grant.granted_at) == ("data.sharing", AT)
        assert web.opted_out == frozenset()

    def test_consent_mode_values_are_checked(self) -> None:
        with pytest.raises(ConsentStringError, match=r"consent_mode\.ad_storage"):
            read_consent_mode({"ad_storage": "yes"})
        with pytest.raises(ConsentStringError, match=r"consent_mode\.ad_strage"):
            read_consent_mode({"ad_strage": "granted"})
        assert read_consent_mode({"region": ["DE"], "wait_for_update": 500}) == ConsentModeSignal()

    def test_naive_instants_are_refused(self) -> None:
        import datetime as dt

        with pytest.raises(Exception, match="at"):
            read_web_consent("c-1", at=dt.datetime(2026, 5, 1), headers={})
