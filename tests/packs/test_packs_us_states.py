from __future__ import annotations

import datetime as dt

import pytest

import personal_touch as pt
from builders import AT, call, codes, customer_in, decide, grant, local, message, rule_ids, touch

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER
NY = "America/New_York"
LA = "America/Los_Angeles"
CHI = "America/Chicago"


def fact(key: str, sensitivity: str) -> pt.Fact:
    return pt.Fact(
        key=key, value="x", provenance="stated", recorded_at=AT.subtract(days=3),
        sensitivity=sensitivity,
    )  # fmt: skip


AUDIENCE = pt.ContentFlags.declared(custom_audience=True)
SHARED = pt.ContentFlags.declared(third_party_disclosure=True)


class TestCalifornia:
    GPC = pt.PrivacySignals(global_privacy_control=True)

    @pytest.mark.parametrize("flags", [AUDIENCE, SHARED])
    def test_gpc_denies_third_party_delivery(self, flags: pt.ContentFlags) -> None:
        """With GPC, custom-audience delivery and third-party disclosure are denied."""
        d = decide(customer_in("US-CA", privacy=self.GPC), message(content=flags))
        assert DENY == d.verdict
        assert "opt_out_sale_sharing" in codes(d)

    def test_gpc_allows_first_party_email(self) -> None:
        """With GPC, a first-party marketing e-mail still goes."""
        at = local(LA, 2026, 11, 30, 12)
        d = decide(
            customer_in("US-CA", privacy=self.GPC),
            message(),
            at=at,
            consents=[grant("marketing.email")],
        )
        assert ALLOW == d.verdict
        assert "US-CA-1798.120-01" not in rule_ids(d)

    def test_gpc_ignored_where_not_binding(self) -> None:
        """New York has no GPC rule: the pack for California does not apply."""
        d = decide(customer_in("US-NY", privacy=self.GPC), message(content=AUDIENCE))
        assert "opt_out_sale_sharing" not in codes(d)

    def test_gpc_in_other_opt_out_states(self) -> None:
        """Colorado honours universal opt-out signals too."""
        d = decide(customer_in("US-CO", privacy=self.GPC), message(content=AUDIENCE))
        assert "US-UOOM-01" in rule_ids(d, "deny")

    def test_under_16_needs_opt_in_for_sharing(self) -> None:
        """A 15-year-old's data is not shared without their opt-in; a 12-year-old's without a parent's."""
        fifteen = customer_in("US-CA", birth_date=dt.date(2011, 6, 1))
        d = decide(fifteen, message(content=AUDIENCE))
        assert "opt_in_required_for_sale_sharing" in codes(d)
        own = grant("advertising.custom_audience")
        assert "US-CA-1798.120-02" not in rule_ids(
            decide(fifteen, message(content=AUDIENCE), consents=[own])
        )
        twelve = customer_in("US-CA", birth_date=dt.date(2014, 6, 1))
        parent = grant("marketing.email", "parental_consent")
        d = decide(twelve, message(content=AUDIENCE), consents=[parent, own])
        assert "US-CA-1798.120-02" in rule_ids(d, "deny")
        sixteen = customer_in("US-CA", birth_date=dt.date(2010, 11, 30))
        assert "US-CA-1798.120-02" not in rule_ids(decide(sixteen, message(content=AUDIENCE)))

    def test_limit_sensitive_data(self) -> None:
        """After a limit request, sensitive facts are withheld and never target."""
        c = customer_in(
            "US-CA",
            facts=(fact("finances.debt", "finances"), fact("interests.food", "ordinary")),
            privacy=pt.PrivacySignals(limit_sensitive_data=True),
        )
        m = message(level="personal", content_facts={"finances", "interests"})
        d = decide(c, m, consents=[grant("personalization.profile")])
        assert "finances.debt" in {w.key for w in d.withheld_facts}
        assert "interests.food" not in {w.key for w in d.withheld_facts}
        d = decide(c, message(targeting_facts={"finances.debt"}))
        assert DENY == d.verdict
        assert "spi_limit" in codes(d)


class TestFlorida:
    def test_calling_hours_eight_to_eight(self) -> None:
        """Florida stops solicitation calls at 20:00, an hour before the TCPA."""
        at = local(NY, 2026, 11, 30, 20, 15)
        d = decide(customer_in("US-FL"), call(), consents=[grant("marketing.phone")], at=at)
        assert DEFER == d.verdict
        assert local(NY, 2026, 12, 1, 8) == d.not_before
        assert "US-FL-501-01" in rule_ids(d, "defer")

    def test_fourth_call_in_24_hours_same_subject_denied(self) -> None:
        """Three calls on one subject in 24 hours block a fourth."""
        at = local(NY, 2026, 11, 30, 12)
        h = [touch(at.subtract(hours=n), "phone", topic="renewal") for n in (2, 5, 23)]
        m = call(topic="renewal")
        d = decide(customer_in("US-FL"), m, consents=[grant("marketing.phone")], history=h, at=at)
        assert DENY == d.verdict
        assert "US-FL-501-02" in rule_ids(d, "deny")

    def test_call_exactly_24_hours_ago_drops_out(self) -> None:
        """A call exactly 24 hours ago no longer counts."""
        at = local(NY, 2026, 11, 30, 12)
        h = [touch(at.subtract(hours=n), "phone", topic="renewal") for n in (2, 5, 24)]
        d = decide(
            customer_in("US-FL"),
            call(topic="renewal"),
            consents=[grant("marketing.phone")],
            history=h,
            at=at,
        )
        assert "US-FL-501-02" not in rule_ids(d)

    def test_other_subjects_do_not_count(self) -> None:
        """Calls on other subjects do not count toward the cap."""
        at = local(NY, 2026, 11, 30, 12)
        h = [touch(at.subtract(hours=n), "phone", topic="other") for n in (2, 5, 23)]
        d = decide(
            customer_in("US-FL"),
            call(topic="renewal"),
            consents=[grant("marketing.phone")],
            history=h,
            at=at,
        )
        assert "US-FL-501-02" not in rule_ids(d)

    def test_automated_calls_need_pewc(self) -> None:
        """Automated solicitation calls need PEWC under the FTSA."""
        at = local(NY, 2026, 11, 30, 12)
        d = decide(
            customer_in("US-FL"),
            call(authorship="automated"),
            consents=[grant("marketing.phone")],
            at=at,
        )
        assert "US-FL-501-03" in rule_ids(d, "deny")


class TestOklahomaMaryland:
    def test_oklahoma_hours(self) -> None:
        """Oklahoma: 08:00-20:00 Central."""
        d = decide(
            customer_in("US-OK"),
            call(),
            consents=[grant("marketing.phone")],
            at=local(CHI, 2026, 11, 30, 7, 30),
        )
        assert local(CHI, 2026, 11, 30, 8) == d.not_before

    def test_maryland_counts_texts(self) -> None:
        """Maryland counts calls and texts toward 3 per 24 hours."""
        at = local(NY, 2026, 11, 30, 12)
        h = [
            touch(at.subtract(hours=1), "sms"),
            touch(at.subtract(hours=2), "phone"),
            touch(at.subtract(hours=3), "sms"),
        ]
        consents = [grant("marketing.sms", "prior_express_written_consent")]
        d = decide(
            customer_in("US-MD"), message("marketing", "sms"), consents=consents, history=h, at=at
        )
        assert "US-MD-14-4502-02" in rule_ids(d, "deny")


class TestWashington:
    def test_commercial_texts_need_consent(self) -> None:
        """Commercial texts to Washington numbers need consent."""
        at = local(LA, 2026, 11, 30, 12)
        d = decide(customer_in("US-WA"), message("marketing", "sms"), at=at)
        assert "US-WA-19.190-01" in rule_ids(d, "deny")

    def test_health_data_needs_consent(self) -> None:
        """Consumer health data needs consent under My Health My Data."""
        c = customer_in("US-WA", facts=(fact("health.pregnancy", "reproductive_health"),))
        m = message(level="personal", content_facts={"health"})
        d = decide(c, m, consents=[grant("personalization.profile")])
        assert "mhmda_consent_required" in codes(d)
        health = grant("personalization.sensitive.reproductive_health")
        d = decide(c, m, consents=[grant("personalization.profile"), health])
        assert "US-WA-19.373-01" not in rule_ids(d)

    def test_no_after_a_refusal_for_a_year(self) -> None:
        """After a no, no call for a year."""
        at = local(LA, 2026, 11, 30, 12)
        no = touch(at.subtract(days=200), "phone", kind="complained")
        d = decide(
            customer_in("US-WA"),
            call(),
            consents=[grant("marketing.phone", granted_at=at.subtract(years=1))],
            history=[no],
            at=at,
        )
        assert "US-WA-80.36-01" in rule_ids(d, "deny")


class TestTexas:
    def test_sunday_noon(self) -> None:
        """Texas solicitations wait for noon on Sunday."""
        d = decide(
            customer_in("US-TX"),
            call(),
            consents=[grant("marketing.phone")],
            at=local(CHI, 2026, 11, 29, 10),
        )
        assert DEFER == d.verdict
        assert local(CHI, 2026, 11, 29, 12) == d.not_before
