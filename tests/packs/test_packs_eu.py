from __future__ import annotations

import datetime as dt

import pytest

import personal_touch as pt
from builders import (
    AT,
    DOCUMENTED,
    call,
    codes,
    customer_in,
    decide,
    grant,
    local,
    message,
    rule_ids,
    soft_opt_in,
    touch,
)
from personal_touch.packs.eu import age_of_digital_consent
from personal_touch.values import DisclosureCode

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER


class TestElectronicMarketing:
    def test_consent_allows_email(self) -> None:
        """Marketing e-mail with consent goes, with sender and opt-out disclosures."""
        d = decide(customer_in("DE"), message(), consents=[grant("marketing.email")])
        assert ALLOW == d.verdict
        assert d.requires(DisclosureCode.UNSUBSCRIBE)
        assert d.requires(DisclosureCode.SENDER_IDENTITY)

    def test_no_consent_denied_with_citation(self) -> None:
        """Without consent ePrivacy denies electronic marketing and cites Art. 13(1)."""
        d = decide(customer_in("DE"), message())
        assert DENY == d.verdict
        reason = next(r for r in d.reasons if r.rule == "EU-EPD-ART13-01")
        assert reason.citation is not None
        assert "Art. 13(1)" in reason.citation

    def test_soft_opt_in_similar_product(self) -> None:
        """A soft opt-in covers the customer's own similar products."""
        d = decide(
            customer_in("IE"), message(product_category="boots"), consents=[soft_opt_in({"boots"})]
        )
        assert ALLOW == d.verdict
        assert "EU-EPD-ART13-02" in rule_ids(d, "permit")

    def test_soft_opt_in_not_similar(self) -> None:
        """A product outside the sale's categories is not covered."""
        d = decide(
            customer_in("IE"), message(product_category="cars"), consents=[soft_opt_in({"boots"})]
        )
        assert DENY == d.verdict
        assert "soft_opt_in_not_similar" in codes(d)

    def test_soft_opt_in_needs_opt_out_at_collection(self) -> None:
        """No opt-out offered at collection, no soft opt-in."""
        ev = pt.Evidence(source="checkout", method="checkbox")
        d = decide(
            customer_in("IE"),
            message(product_category="boots"),
            consents=[soft_opt_in({"boots"}, evidence=ev)],
        )
        assert DENY == d.verdict
        assert "opt_out_not_offered_at_collection" in codes(d)

    def test_soft_opt_in_needs_opt_out_in_message(self) -> None:
        """A message without an opt-out cannot rely on the soft opt-in."""
        m = message(
            product_category="boots", content=pt.ContentFlags.declared(unsubscribe_offered=False)
        )
        d = decide(customer_in("IE"), m, consents=[soft_opt_in({"boots"})])
        assert DENY == d.verdict
        assert {"opt_out_missing_in_message", "unsubscribe_missing"} <= codes(d)

    def test_sender_must_be_named(self) -> None:
        """A message concealing its sender is denied."""
        m = message(content=pt.ContentFlags.declared(sender_identified=False))
        d = decide(customer_in("NL"), m, consents=[grant("marketing.email")])
        assert DENY == d.verdict
        assert "sender_not_named" in codes(d)

    def test_automated_call_needs_consent(self) -> None:
        """A recorded marketing call needs prior consent even where live calls do not."""
        li = grant("marketing.phone", "legitimate_interest")
        d = decide(customer_in("IE"), call(authorship="automated"), consents=[li])
        assert DENY == d.verdict
        assert "EU-EPD-ART13-03" in rule_ids(d, "deny")


class TestLegitimateInterest:
    def test_post_on_legitimate_interest_capped(self) -> None:
        """Postal marketing may rest on legitimate interest, capped at CONTEXTUAL."""
        m = message(channel="post", level="personal")
        d = decide(customer_in("IE"), m, consents=[grant("marketing.post", "legitimate_interest")])
        assert ALLOW == d.verdict
        assert d.level <= pt.Level.CONTEXTUAL
        assert "EU-GDPR-ART6-01" in rule_ids(d, "permit")

    def test_email_not_on_legitimate_interest(self) -> None:
        """Legitimate interest does not replace ePrivacy consent for e-mail."""
        d = decide(
            customer_in("IE"), message(), consents=[grant("marketing.email", "legitimate_interest")]
        )
        assert DENY == d.verdict


class TestObjection:
    @pytest.mark.parametrize("channel", ["email", "post", "phone"])
    def test_objection_is_absolute(self, channel: str) -> None:
        """After an Art. 21 objection no direct marketing goes, on any channel."""
        c = customer_in(
            "FR", privacy=pt.PrivacySignals(objected_to_marketing_at=AT.subtract(days=1))
        )
        m = message(channel=channel, authorship="human")
        d = decide(c, m, consents=[grant(f"marketing.{channel}")])
        assert DENY == d.verdict
        assert "EU-GDPR-ART21-01" in rule_ids(d, "deny")

    def test_objection_after_the_instant_does_not_count(self) -> None:
        """An objection recorded after the instant asked about is not yet in force."""
        c = customer_in("FR", privacy=pt.PrivacySignals(objected_to_marketing_at=AT.add(minutes=1)))
        d = decide(c, message(), consents=[grant("marketing.email")])
        assert "EU-GDPR-ART21-01" not in rule_ids(d)


class TestMinors:
    @pytest.mark.parametrize(
        ("country", "age"), [("BE", 13), ("IT", 14), ("FR", 15), ("DE", 16), ("NL", 16)]
    )
    def test_age_of_digital_consent_boundary(self, country: str, age: int) -> None:
        """One day before the national age: denied; on the birthday: allowed (capped)."""
        today = dt.date(2026, 11, 30)
        young = customer_in(
            country, birth_date=today.replace(year=today.year - age) + dt.timedelta(days=1)
        )
        of_age = customer_in(country, birth_date=today.replace(year=today.year - age))
        consents = [grant("marketing.email")]
        assert DENY == decide(young, message(), consents=consents).verdict
        assert "parental_consent_required" in codes(decide(young, message(), consents=consents))
        d = decide(of_age, message(), consents=consents)
        assert ALLOW == d.verdict
        assert pt.Level.SEGMENTED >= d.level

    def test_parental_consent_lets_it_through_capped(self) -> None:
        """With a parent's consent a 12-year-old gets a SEGMENTED message at most."""
        c = customer_in("DE", birth_date=dt.date(2014, 1, 1))
        consents = [grant("marketing.email", "parental_consent")]
        d = decide(c, message(level="personal"), consents=consents)
        assert ALLOW == d.verdict
        assert pt.Level.SEGMENTED >= d.level

    def test_leap_day_birthday(self) -> None:
        """Born 29 Feb 2012: still 13 on 28 Feb 2026 in Austria (age 14), 14 on 1 March."""
        c = customer_in("AT", birth_date=dt.date(2012, 2, 29))
        consents = [grant("marketing.email", granted_at=AT.subtract(years=2))]
        feb28 = local("Europe/Vienna", 2026, 2, 28, 12)
        mar1 = local("Europe/Vienna", 2026, 3, 1, 12)
        assert DENY == decide(c, message(), consents=consents, at=feb28).verdict
        assert ALLOW == decide(c, message(), consents=consents, at=mar1).verdict

    def test_age_table(self) -> None:
        """Unknown country: the strictest age (16)."""
        assert (13, 14, 15, 16, 16) == tuple(
            age_of_digital_consent(c) for c in ("SE", "ES", "CZ", "HR", None)
        )


class TestSpecialCategories:
    def test_health_fact_withheld_without_explicit_consent(self) -> None:
        """A health fact in content needs explicit consent for health."""
        f = pt.Fact(
            key="health.condition",
            value="x",
            provenance="stated",
            recorded_at=AT.subtract(days=3),
            sensitivity="health",
        )
        c = customer_in("ES", facts=(f,))
        m = message(level="personal", content_facts={"health.condition"})
        d = decide(c, m, consents=[grant("marketing.email")])
        assert "health.condition" in {w.key for w in d.withheld_facts}
        assert "EU-GDPR-ART9-01" in rule_ids(d, "withhold")

    def test_explicit_consent_for_category_allows_it(self) -> None:
        """Explicit consent for the category removes the Art. 9 objection."""
        f = pt.Fact(
            key="health.condition",
            value="x",
            provenance="stated",
            recorded_at=AT.subtract(days=3),
            sensitivity="health",
        )
        c = customer_in("ES", facts=(f,))
        m = message(level="personal", content_facts={"health.condition"})
        consents = [
            grant("marketing.email"),
            grant("personalization.sensitive.health", "explicit_consent"),
        ]
        d = decide(c, m, consents=consents)
        assert "EU-GDPR-ART9-01" not in rule_ids(d)

    def test_targeting_on_health_denied(self) -> None:
        """Selecting recipients by a health fact without explicit consent is denied."""
        f = pt.Fact(
            key="health.pregnant",
            value=True,
            provenance="stated",
            recorded_at=AT.subtract(days=3),
            sensitivity="reproductive_health",
        )
        c = customer_in("ES", facts=(f,))
        m = message(targeting_facts={"health"})
        d = decide(c, m, consents=[grant("marketing.email")])
        assert DENY == d.verdict
        assert "targeting_on_sensitive_fact" in codes(d)


class TestGermany:
    def test_marketing_call_needs_consent(self) -> None:
        """No cold calls to consumers in Germany, not even on legitimate interest."""
        d = decide(
            customer_in("DE"), call(), consents=[grant("marketing.phone", "legitimate_interest")]
        )
        assert DENY == d.verdict
        assert "DE-UWG-7-01" in rule_ids(d, "deny")

    def test_documented_consent_allows_call(self) -> None:
        """A documented prior express consent allows the call (in calling hours)."""
        d = decide(
            customer_in("DE"), call(), consents=[grant("marketing.phone", evidence=DOCUMENTED)]
        )
        assert ALLOW == d.verdict

    def test_undocumented_consent_denied(self) -> None:
        """Consent without evidence cannot be demonstrated (UWG §7a)."""
        d = decide(customer_in("DE"), call(), consents=[grant("marketing.phone", evidence=None)])
        assert DENY == d.verdict
        assert "consent_not_demonstrable" in codes(d)


class TestFrance:
    PARIS = "Europe/Paris"

    def test_calls_outside_hours_deferred(self) -> None:
        """A call at 13:15 Paris time waits for 14:00."""
        at = local(self.PARIS, 2026, 11, 30, 13, 15)
        d = decide(customer_in("FR"), call(), consents=[grant("marketing.phone")], at=at)
        assert DEFER == d.verdict
        assert local(self.PARIS, 2026, 11, 30, 14, 0) == d.not_before
        assert "FR-CONSO-D223-9-01" in rule_ids(d, "defer")

    def test_saturday_call_waits_for_monday(self) -> None:
        """Saturday calls wait for Monday 10:00."""
        at = local(self.PARIS, 2026, 11, 28, 11)
        d = decide(customer_in("FR"), call(), consents=[grant("marketing.phone")], at=at)
        assert DEFER == d.verdict
        assert local(self.PARIS, 2026, 11, 30, 10) == d.not_before

    def test_fifth_call_in_thirty_days_denied(self) -> None:
        """Four calls in the last 30 calendar days block a fifth."""
        at = local(self.PARIS, 2026, 11, 30, 11)
        calls = [touch(local(self.PARIS, 2026, 11, d, 11), "phone") for d in (2, 10, 18, 25)]
        d = decide(
            customer_in("FR"), call(), consents=[grant("marketing.phone")], history=calls, at=at
        )
        assert DENY == d.verdict
        assert "FR-CONSO-D223-9-02" in rule_ids(d, "deny")

    def test_call_thirty_days_ago_drops_out(self) -> None:
        """A call on the 31st calendar day back (recipient's calendar) no longer counts."""
        at = local(self.PARIS, 2026, 11, 30, 11)
        calls = [touch(local(self.PARIS, 2026, 10, 31, 23, 30), "phone")] + [
            touch(local(self.PARIS, 2026, 11, d, 11), "phone") for d in (10, 18, 25)
        ]
        d = decide(
            customer_in("FR"), call(), consents=[grant("marketing.phone")], history=calls, at=at
        )
        assert "FR-CONSO-D223-9-02" not in rule_ids(d)
        calls[0] = touch(local(self.PARIS, 2026, 11, 1, 0, 30), "phone")
        d = decide(
            customer_in("FR"), call(), consents=[grant("marketing.phone")], history=calls, at=at
        )
        assert "FR-CONSO-D223-9-02" in rule_ids(d, "deny")

    def test_refusal_blocks_sixty_days(self) -> None:
        """A refusal during a call blocks calls for 60 days."""
        at = local(self.PARIS, 2026, 11, 30, 11)
        refusal = touch(at.subtract(days=59), "phone", kind="unsubscribed")
        consents = [grant("marketing.phone", granted_at=at.subtract(days=90))]
        d = decide(customer_in("FR"), call(), consents=consents, history=[refusal], at=at)
        assert "FR-CONSO-D223-9-03" in rule_ids(d, "deny")
        refusal = touch(at.subtract(days=61), "phone", kind="unsubscribed")
        d = decide(customer_in("FR"), call(), consents=consents, history=[refusal], at=at)
        assert "FR-CONSO-D223-9-03" not in rule_ids(d)

    def test_bloctel_before_cut_over(self) -> None:
        """Until 2026-08-10 a Bloctel listing blocks canvassing without a contract."""
        at = local(self.PARIS, 2026, 8, 10, 11)
        c = customer_in("FR", privacy=pt.PrivacySignals(dnc_registries={"fr_bloctel"}))
        li = grant("marketing.phone", "legitimate_interest", granted_at=at.subtract(days=90))
        d = decide(c, call(), consents=[li], at=at)
        assert "FR-CONSO-L223-1-01" in rule_ids(d, "deny")
        contract = grant("relationship", "contract", granted_at=at.subtract(days=90))
        d = decide(c, call(), consents=[li, contract], at=at)
        assert "FR-CONSO-L223-1-01" not in rule_ids(d)

    def test_opt_in_from_2026_08_11(self) -> None:
        """From 2026-08-11 canvassing calls need prior consent; the day before they did not."""
        li = grant("marketing.phone", "legitimate_interest", granted_at=AT.subtract(years=1))
        before = local(self.PARIS, 2026, 8, 10, 11)
        after = local(self.PARIS, 2026, 8, 11, 11)
        assert "FR-L2025-594-01" not in rule_ids(
            decide(customer_in("FR"), call(), consents=[li], at=before)
        )
        d = decide(customer_in("FR"), call(), consents=[li], at=after)
        assert DENY == d.verdict
        assert "fr_opt_in_from_2026_08_11" in codes(d)


class TestSpain:
    def test_calls_need_consent(self) -> None:
        """Spain requires consent for commercial calls."""
        li = grant("marketing.phone", "legitimate_interest")
        d = decide(customer_in("ES"), call(), consents=[li])
        assert "ES-LGT-66-01" in rule_ids(d, "deny")


class TestOptOut:
    def test_unsubscribe_ends_soft_opt_in(self) -> None:
        """An unsubscribe ends the soft opt-in at once; a later opt-in restores marketing."""
        h = [touch(AT.subtract(days=1), "email", kind="unsubscribed")]
        m = message(product_category="boots")
        d = decide(customer_in("IE"), m, consents=[soft_opt_in({"boots"})], history=h)
        assert DENY == d.verdict
        assert "EU-EPD-ART13-05" in rule_ids(d, "deny")
        again = grant("marketing.email", granted_at=AT.subtract(hours=1))
        assert "EU-EPD-ART13-05" not in rule_ids(
            decide(customer_in("IE"), m, consents=[again], history=h)
        )


class TestSpainRobinson:
    def test_listed_person_needs_consent(self) -> None:
        """A person on the Lista Robinson gets no marketing without consent to you."""
        c = customer_in("ES", privacy=pt.PrivacySignals(dnc_registries={"es_robinson"}))
        li = grant("marketing.post", "legitimate_interest")
        d = decide(c, message(channel="post"), consents=[li])
        assert "ES-LOPDGDD-23-01" in rule_ids(d, "deny")
        d = decide(c, message(channel="post"), consents=[grant("marketing.post")])
        assert "ES-LOPDGDD-23-01" not in rule_ids(d)
