from __future__ import annotations

import datetime as dt

import personal_touch as pt
from builders import AT, call, codes, customer_in, decide, grant, local, message, rule_ids, touch

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER
SP = "America/Sao_Paulo"
SYD = "Australia/Sydney"


def health(key: str = "health.condition") -> pt.Fact:
    return pt.Fact(
        key=key, value="x", provenance="stated", recorded_at=AT.subtract(days=3),
        sensitivity="health",
    )  # fmt: skip


class TestBrazil:
    def test_sensitive_data_needs_specific_highlighted_consent(self) -> None:
        """Health data in content needs specific, highlighted (explicit) consent."""
        c = customer_in("BR", facts=(health(),))
        m = message(level="personal", content_facts={"health"})
        consents = [grant("marketing.email"), grant("personalization.profile")]
        d = decide(c, m, consents=consents)
        assert "specific_highlighted_consent_required" in codes(d)
        explicit = grant("personalization.sensitive.health", "explicit_consent")
        assert "BR-LGPD-11-01" not in rule_ids(decide(c, m, consents=[*consents, explicit]))

    def test_child_under_12_needs_parent(self) -> None:
        """An 11-year-old needs a parent's consent; on the 12th birthday that rule ends."""
        at = local(SP, 2026, 11, 30, 12)
        eleven = customer_in("BR", birth_date=dt.date(2014, 12, 1))
        twelve = customer_in("BR", birth_date=dt.date(2014, 11, 30))
        assert "BR-LGPD-14-01" in rule_ids(decide(eleven, message(), at=at), "deny")
        assert "BR-LGPD-14-01" not in rule_ids(decide(twelve, message(), at=at))

    def test_leap_day_child(self) -> None:
        """Born 29 Feb 2016: still 11 on 28 Feb 2028, 12 on 29 Feb 2028 (a leap year)."""
        c = customer_in("BR", birth_date=dt.date(2016, 2, 29))
        consents = [grant("marketing.email", granted_at=AT.subtract(years=3))]
        assert "BR-LGPD-14-01" in rule_ids(
            decide(c, message(), consents=consents, at=local(SP, 2028, 2, 28, 12))
        )
        assert "BR-LGPD-14-01" not in rule_ids(
            decide(c, message(), consents=consents, at=local(SP, 2028, 2, 29, 12))
        )

    def test_adolescent_no_profiling_ads(self) -> None:
        """From 2026-03-17 adolescents get no profiling-targeted ads and stay SEGMENTED."""
        at = local(SP, 2026, 11, 30, 12)
        teen = customer_in("BR", birth_date=dt.date(2010, 1, 1))
        consents = [grant("marketing.email"), grant("personalization.profile")]
        d = decide(teen, message(targeting_facts={"interests"}), consents=consents, at=at)
        assert "profiling_based_advertising_banned" in codes(d)
        d = decide(teen, message(level="personal"), consents=consents, at=at)
        assert pt.Level.SEGMENTED >= d.level
        before = local(SP, 2026, 3, 16, 12)
        d = decide(teen, message(targeting_facts={"interests"}), consents=consents, at=before)
        assert "BR-ECA-DIGITAL-01" not in rule_ids(d)

    def test_opposition(self) -> None:
        """An opposition to marketing is honoured."""
        c = customer_in(
            "BR", privacy=pt.PrivacySignals(objected_to_marketing_at=AT.subtract(days=1))
        )
        assert "BR-LGPD-18-01" in rule_ids(
            decide(c, message(), consents=[grant("marketing.email")])
        )


class TestAustralia:
    def test_inferred_consent_counts(self) -> None:
        """Inferred consent permits commercial electronic messages."""
        at = local(SYD, 2026, 11, 30, 12)
        d = decide(
            customer_in("AU"),
            message(),
            consents=[grant("marketing.email", "inferred_consent")],
            at=at,
        )
        assert ALLOW == d.verdict
        assert "AU-SPAM-SCH2-01" in rule_ids(d, "permit")

    def test_no_consent_denied(self) -> None:
        """Without consent, express or inferred, the Spam Act denies."""
        d = decide(customer_in("AU"), message(), at=local(SYD, 2026, 11, 30, 12))
        assert "AU-SPAM-16-01" in rule_ids(d, "deny")

    def test_unsubscribe_immediate(self) -> None:
        """An unsubscribe stops messages at once, not after 5 business days."""
        at = local(SYD, 2026, 11, 30, 12)
        g = grant("marketing.email", "inferred_consent")
        h = [touch(at.subtract(minutes=5), "email", kind="unsubscribed")]
        d = decide(customer_in("AU"), message(), consents=[g], history=h, at=at)
        assert DENY == d.verdict
        assert "AU-SPAM-18-01" in rule_ids(d, "deny")

    def test_sender_identification(self) -> None:
        """A message that does not identify its sender is denied."""
        m = message(content=pt.ContentFlags.declared(sender_identified=False))
        d = decide(
            customer_in("AU"),
            m,
            consents=[grant("marketing.email")],
            at=local(SYD, 2026, 11, 30, 12),
        )
        assert "sender_not_named" in codes(d)

    def test_dncr(self) -> None:
        """A Do Not Call Register listing blocks calls without consent."""
        c = customer_in("AU", privacy=pt.PrivacySignals(dnc_registries={"au_dncr"}))
        li = grant("marketing.phone", "inferred_consent")
        d = decide(c, call(), consents=[li], at=local(SYD, 2026, 11, 30, 12))
        assert "AU-DNCR-01" in rule_ids(d, "deny")
        assert "AU-DNCR-01" not in rule_ids(
            decide(c, call(), consents=[grant("marketing.phone")], at=local(SYD, 2026, 11, 30, 12))
        )

    def test_hours_across_dst_end(self) -> None:
        """Saturday 17:00 before Easter (DST ends Sunday): next call Tuesday 09:00 AEST."""
        at = local(SYD, 2026, 4, 4, 17)
        g = grant("marketing.phone", granted_at=AT.subtract(years=1))
        d = decide(customer_in("AU"), call(), consents=[g], at=at)
        assert DEFER == d.verdict
        assert local(SYD, 2026, 4, 7, 9) == d.not_before
        assert d.not_before is not None
        assert "+10:00" == d.not_before.in_timezone(SYD).isoformat()[-6:]

    def test_hours_across_dst_start(self) -> None:
        """Saturday evening before DST starts: next call Monday 09:00 AEDT."""
        at = local(SYD, 2026, 10, 3, 18)
        g = grant("marketing.phone", granted_at=AT.subtract(years=1))
        d = decide(customer_in("AU"), call(), consents=[g], at=at)
        assert local(SYD, 2026, 10, 5, 9) == d.not_before
        assert d.not_before is not None
        assert "+11:00" == d.not_before.in_timezone(SYD).isoformat()[-6:]

    def test_sensitive_information_needs_consent(self) -> None:
        """APP 7.4: health information in direct marketing needs consent."""
        c = customer_in("AU", facts=(health(),))
        m = message(level="personal", content_facts={"health"})
        d = decide(c, m, consents=[grant("marketing.email")], at=local(SYD, 2026, 11, 30, 12))
        assert "sensitive_information_consent_required" in codes(d)
