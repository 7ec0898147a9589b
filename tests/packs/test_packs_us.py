from __future__ import annotations

import datetime as dt

import pytest

import personal_touch as pt
from builders import AT, call, codes, customer_in, decide, grant, local, message, rule_ids, touch
from personal_touch.values import DisclosureCode

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER
LAW_FLOOR = pt.default_policy().with_standard("law_floor")
NY = "America/New_York"
LA = "America/Los_Angeles"


def pewc(channel: str = "sms", **changes: object) -> pt.ConsentGrant:
    return grant(f"marketing.{channel}", "prior_express_written_consent", **changes)  # type: ignore[arg-type]


def text(**changes: object) -> pt.Message:
    return message("marketing", "sms", **changes)  # type: ignore[arg-type]


class TestCanSpam:
    def test_email_without_prior_consent_allowed(self) -> None:
        """Under the law's floor, commercial e-mail needs no prior consent (CAN-SPAM)."""
        d = decide(customer_in("US-NY"), message(), policy=LAW_FLOOR)
        assert ALLOW == d.verdict
        assert "US-CANSPAM-01" in rule_ids(d, "permit")
        for code in (
            DisclosureCode.UNSUBSCRIBE,
            DisclosureCode.POSTAL_ADDRESS,
            DisclosureCode.AD_IDENTIFICATION,
            DisclosureCode.SENDER_IDENTITY,
        ):
            assert d.requires(code)

    def test_opt_out_honoured_at_once(self) -> None:
        """After an unsubscribe no more commercial e-mail, without waiting 10 business days."""
        h = [touch(AT.subtract(hours=1), "email", kind="unsubscribed")]
        d = decide(customer_in("US-NY"), message(), history=h)
        assert DENY == d.verdict
        assert "US-CANSPAM-02" in rule_ids(d, "deny")

    @pytest.mark.parametrize(
        ("flag", "code"),
        [
            ("accurate_subject", "deceptive_subject"),
            ("postal_address", "postal_address_missing"),
            ("unsubscribe_offered", "unsubscribe_missing"),
            ("sender_identified", "header_inaccurate"),
        ],
    )
    def test_content_requirements(self, flag: str, code: str) -> None:
        """A commercial e-mail missing a required element is denied."""
        m = message(content=pt.ContentFlags.declared(**{flag: False}))
        d = decide(customer_in("US-NY"), m)
        assert DENY == d.verdict
        assert code in codes(d)


class TestTcpa:
    def test_text_needs_pewc(self) -> None:
        """Marketing texts need prior express written consent; plain consent is not enough."""
        at = local(NY, 2026, 11, 30, 12)
        d = decide(customer_in("US-NY"), text(), consents=[grant("marketing.sms")], at=at)
        assert DENY == d.verdict
        assert "pewc_required" in codes(d)
        assert ALLOW == decide(customer_in("US-NY"), text(), consents=[pewc()], at=at).verdict

    def test_automated_call_needs_pewc(self) -> None:
        """A prerecorded marketing call needs PEWC; a live call does not."""
        at = local(NY, 2026, 11, 30, 12)
        consents = [grant("marketing.phone")]
        d = decide(customer_in("US-NY"), call(authorship="automated"), consents=consents, at=at)
        assert "US-TCPA-PEWC-02" in rule_ids(d, "deny")
        d = decide(customer_in("US-NY"), call(), consents=consents, at=at)
        assert ALLOW == d.verdict

    @pytest.mark.parametrize(
        ("at", "not_before"),
        [
            # The evening before spring-forward: opens 08:00 EDT (12:00 UTC).
            (local(NY, 2026, 3, 7, 21, 0), local(NY, 2026, 3, 8, 8, 0)),
            # The evening before fall-back: opens 08:00 EST (13:00 UTC).
            (local(NY, 2026, 10, 31, 21, 30), local(NY, 2026, 11, 1, 8, 0)),
            # 07:59 on the fall-back day itself.
            (local(NY, 2026, 11, 1, 7, 59), local(NY, 2026, 11, 1, 8, 0)),
        ],
    )
    def test_calling_hours_across_dst(self, at: dt.datetime, not_before: dt.datetime) -> None:
        """Outside 08:00-21:00 local, texts defer to the next 08:00, DST-correct."""
        d = decide(
            customer_in("US-NY"), text(), consents=[pewc(granted_at=AT.subtract(years=1))], at=at
        )
        assert DEFER == d.verdict
        assert not_before == d.not_before
        assert "US-TCPA-HOURS-01" in rule_ids(d, "defer")

    def test_national_dnc(self) -> None:
        """A National DNC listing blocks solicitation calls without PEWC or a recent purchase."""
        at = local(NY, 2026, 11, 30, 12)
        c = customer_in("US-NY", privacy=pt.PrivacySignals(dnc_registries={"us_national_dnc"}))
        d = decide(c, call(), consents=[grant("marketing.phone")], at=at)
        assert DENY == d.verdict
        assert "dnc_registry" in codes(d)
        ebr = grant(
            "marketing.phone", "implied_existing_business", granted_at=at.subtract(months=17)
        )
        assert "US-TCPA-DNC-01" not in rule_ids(
            decide(c, call(), consents=[grant("marketing.phone"), ebr], at=at)
        )
        assert "US-TCPA-DNC-01" not in rule_ids(decide(c, call(), consents=[pewc("phone")], at=at))

    def test_revocation_by_any_reasonable_means(self) -> None:
        """A STOP reply revokes consent to texts and calls until a newer written consent."""
        at = local(NY, 2026, 11, 30, 12)
        stop = touch(at.subtract(days=2), "sms", kind="unsubscribed")
        d = decide(customer_in("US-NY"), text(), consents=[pewc()], history=[stop], at=at)
        assert DENY == d.verdict
        assert "revoked" in codes(d)
        d = decide(customer_in("US-NY"), call(), consents=[pewc("phone")], history=[stop], at=at)
        assert "US-TCPA-REVOKE-01" in rule_ids(d, "deny")
        newer = pewc(granted_at=at.subtract(days=1))
        d = decide(customer_in("US-NY"), text(), consents=[newer], history=[stop], at=at)
        assert "US-TCPA-REVOKE-01" not in rule_ids(d)


class TestCoppa:
    def test_under_13_needs_parent(self) -> None:
        """Under 13: verifiable parental consent; from the 13th birthday not."""
        twelve = customer_in("US-NY", birth_date=dt.date(2013, 12, 1))
        thirteen = customer_in("US-NY", birth_date=dt.date(2013, 11, 30))
        assert "US-COPPA-01" in rule_ids(decide(twelve, message()), "deny")
        assert "US-COPPA-01" not in rule_ids(decide(thirteen, message()))
        verified = pt.Evidence(source="parent portal", method="form", verification="signed_form")
        parent = grant("marketing.email", "parental_consent", evidence=verified)
        assert "US-COPPA-01" not in rule_ids(decide(twelve, message(), consents=[parent]), "deny")
        unverified = grant("marketing.email", "parental_consent")
        assert "US-COPPA-01" in rule_ids(decide(twelve, message(), consents=[unverified]), "deny")

    def test_leap_day_birthday(self) -> None:
        """Born 29 Feb 2012: 13 only on 1 March 2025."""
        c = customer_in("US-NY", birth_date=dt.date(2012, 2, 29))
        assert "US-COPPA-01" in rule_ids(decide(c, message(), at=local(NY, 2025, 2, 28, 12)))
        assert "US-COPPA-01" not in rule_ids(decide(c, message(), at=local(NY, 2025, 3, 1, 12)))

    def test_third_party_disclosure_needs_separate_consent(self) -> None:
        """From 2026-04-22 a child's custom-audience delivery needs separate parental consent."""
        c = customer_in("US-NY", birth_date=dt.date(2016, 1, 1))
        m = message(content=pt.ContentFlags.declared(custom_audience=True))
        parent = grant("marketing.email", "parental_consent")
        d = decide(c, m, consents=[parent])
        assert "separate_parental_consent_required" in codes(d)
        before = decide(c, m, consents=[parent], at=local(NY, 2026, 4, 21, 12))
        assert "US-COPPA-02" not in rule_ids(before)
        sharing = grant("advertising.custom_audience", "parental_consent")
        assert "US-COPPA-02" not in rule_ids(decide(c, m, consents=[parent, sharing]))
