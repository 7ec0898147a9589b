from __future__ import annotations

import datetime as dt
from typing import Any

import pendulum

import personal_touch as pt
from builders import (
    AT,
    DOCUMENTED,
    call,
    codes,
    customer_in,
    decide,
    grant,
    message,
    rule_ids,
    soft_opt_in,
    touch,
)

ALLOW, DENY = pt.Verdict.ALLOW, pt.Verdict.DENY
LONDON = "Europe/London"


def charity(**changes: object) -> pt.ConsentGrant:
    fields: dict[str, Any] = {"evidence": DOCUMENTED, **changes}
    return grant("fundraising.email", "charitable_soft_opt_in", **fields)


class TestSoftOptIn:
    def test_similar_product_allowed(self) -> None:
        """Soft opt-in covers the sender's own similar products."""
        d = decide(
            customer_in("GB"), message(product_category="boots"), consents=[soft_opt_in({"boots"})]
        )
        assert ALLOW == d.verdict
        assert "UK-PECR-22-02" in rule_ids(d, "permit")
        assert ("g-marketing.email-soft_opt_in",) == tuple(g.id for g in d.grants)

    def test_non_similar_product_denied(self) -> None:
        """A product not in the sale's categories needs consent."""
        d = decide(
            customer_in("GB"), message(product_category="cars"), consents=[soft_opt_in({"boots"})]
        )
        assert DENY == d.verdict
        assert {"soft_opt_in_not_similar", "prior_consent_required"} <= codes(d)

    def test_message_without_category_not_similar(self) -> None:
        """A message that names no product category cannot show similarity."""
        d = decide(customer_in("GB"), message(), consents=[soft_opt_in({"boots"})])
        assert DENY == d.verdict

    def test_sms_soft_opt_in(self) -> None:
        """Soft opt-in covers SMS as electronic mail."""
        g = soft_opt_in({"boots"}, "marketing.sms")
        at = pendulum.datetime(2026, 11, 30, 12, tz=LONDON)
        d = decide(
            customer_in("GB"), message(channel="sms", product_category="boots"), consents=[g], at=at
        )
        assert ALLOW == d.verdict


class TestCharitySoftOptIn:
    def test_not_in_force_before_5_february_2026(self) -> None:
        """Before commencement a CHARITABLE_SOFT_OPT_IN grant is no permission."""
        at = pendulum.datetime(2026, 2, 4, 12, tz=LONDON)
        g = charity(granted_at=pendulum.datetime(2026, 1, 10, tz=LONDON))
        d = decide(customer_in("GB"), message("fundraising"), consents=[g], at=at)
        assert DENY == d.verdict
        assert "charitable_soft_opt_in_not_in_force" in codes(d)

    def test_in_force_from_5_february_2026(self) -> None:
        """From 5 February 2026 it permits fundraising e-mail to supporters recruited since."""
        at = pendulum.datetime(2026, 2, 5, 0, 0, tz=LONDON)
        g = charity(granted_at=pendulum.datetime(2026, 2, 5, 0, 0, tz=LONDON))
        d = decide(customer_in("GB"), message("fundraising"), consents=[g], at=at.add(hours=12))
        assert ALLOW == d.verdict
        assert "UK-PECR-22-03" in rule_ids(d, "permit")

    def test_not_retrospective(self) -> None:
        """Supporters recruited before commencement are not covered."""
        g = charity(granted_at=pendulum.datetime(2026, 2, 4, 23, 59, tz=LONDON))
        d = decide(customer_in("GB"), message("fundraising"), consents=[g])
        assert DENY == d.verdict

    def test_needs_opt_out_in_every_message(self) -> None:
        """Without an opt-out in the message the charitable soft opt-in does not apply."""
        m = message("fundraising", content=pt.ContentFlags.declared(unsubscribe_offered=False))
        d = decide(customer_in("GB"), m, consents=[charity()])
        assert DENY == d.verdict


class TestCalls:
    def test_tps_blocks_live_calls(self) -> None:
        """A TPS-listed number gets no marketing calls on legitimate interest."""
        c = customer_in("GB", privacy=pt.PrivacySignals(dnc_registries={"uk_tps"}))
        li = grant("marketing.phone", "legitimate_interest")
        d = decide(c, call(), consents=[li])
        assert DENY == d.verdict
        assert "UK-PECR-21-01" in rule_ids(d, "deny")

    def test_ctps_too(self) -> None:
        """The corporate register counts as well."""
        c = customer_in("GB", privacy=pt.PrivacySignals(dnc_registries={"uk_ctps"}))
        d = decide(c, call(), consents=[grant("marketing.phone", "legitimate_interest")])
        assert "UK-PECR-21-01" in rule_ids(d, "deny")

    def test_consent_overrides_tps(self) -> None:
        """A subscriber who told you they do not object may be called."""
        c = customer_in("GB", privacy=pt.PrivacySignals(dnc_registries={"uk_tps"}))
        d = decide(c, call(), consents=[grant("marketing.phone")])
        assert ALLOW == d.verdict

    def test_live_call_on_legitimate_interest_allowed(self) -> None:
        """Unlisted numbers may get live calls on legitimate interest, capped at CONTEXTUAL."""
        li = grant("marketing.phone", "legitimate_interest")
        d = decide(customer_in("GB"), call(level="personal"), consents=[li])
        assert ALLOW == d.verdict
        assert pt.Level.CONTEXTUAL >= d.level

    def test_recorded_call_needs_consent(self) -> None:
        """Automated marketing calls need consent."""
        li = grant("marketing.phone", "legitimate_interest")
        d = decide(customer_in("GB"), call(authorship="automated"), consents=[li])
        assert "UK-PECR-19-01" in rule_ids(d, "deny")


class TestUkGdpr:
    def test_under_13_needs_parent(self) -> None:
        """A 12-year-old needs a parent's consent; a 13-year-old does not (but is capped)."""
        consents = [grant("marketing.email")]
        twelve = customer_in("GB", birth_date=dt.date(2013, 12, 1))
        thirteen = customer_in("GB", birth_date=dt.date(2013, 11, 30))
        assert "parental_consent_required" in codes(decide(twelve, message(), consents=consents))
        d = decide(thirteen, message(level="personal"), consents=consents)
        assert ALLOW == d.verdict
        assert pt.Level.SEGMENTED >= d.level

    def test_leap_day_thirteenth_birthday(self) -> None:
        """Born 29 Feb 2012: 13 only on 1 March 2025 in the UK."""
        c = customer_in("GB", birth_date=dt.date(2012, 2, 29))
        consents = [grant("marketing.email", granted_at=AT.subtract(years=3))]
        feb28 = pendulum.datetime(2025, 2, 28, 12, tz=LONDON)
        assert DENY == decide(c, message(), consents=consents, at=feb28).verdict
        d = decide(c, message(), consents=consents, at=feb28.add(days=1))
        assert ALLOW == d.verdict

    def test_objection_absolute(self) -> None:
        """An objection blocks even soft opt-in marketing."""
        c = customer_in(
            "GB", privacy=pt.PrivacySignals(objected_to_marketing_at=AT.subtract(days=1))
        )
        d = decide(c, message(product_category="boots"), consents=[soft_opt_in({"boots"})])
        assert "UK-GDPR-ART21-01" in rule_ids(d, "deny")


class TestOptOut:
    def test_unsubscribe_honoured(self) -> None:
        """An unsubscribe from e-mail stops soft opt-in marketing at once."""
        h = [touch(AT.subtract(minutes=1), "email", kind="unsubscribed")]
        d = decide(
            customer_in("GB"),
            message(product_category="boots"),
            consents=[soft_opt_in({"boots"})],
            history=h,
        )
        assert DENY == d.verdict
        assert "UK-PECR-22-04" in rule_ids(d, "deny")
