from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import personal_touch as pt
from builders import call, codes, customer_in, decide, grant, local, message, rule_ids, touch
from personal_touch.values import DisclosureCode

if TYPE_CHECKING:
    import pendulum

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER
VAN = "America/Vancouver"
TOR = "America/Toronto"


def purchase(at: pendulum.DateTime, purpose: str = "marketing.email") -> pt.ConsentGrant:
    return grant(purpose, "implied_existing_business", granted_at=at)


def inquiry(at: pendulum.DateTime) -> pt.ConsentGrant:
    return grant("marketing.email", "implied_inquiry", granted_at=at)


class TestImpliedConsent:
    def test_purchase_window_last_day_on_recipient_calendar(self) -> None:
        """Two years after a purchase, the last valid day is on the recipient's calendar."""
        c = customer_in("CA-BC", timezone=VAN)
        bought = local(VAN, 2024, 11, 30, 20)  # 1 December in UTC
        last_day = local(VAN, 2026, 11, 30, 20)
        day_after = local(VAN, 2026, 12, 1, 10)  # still 1 December two years on in UTC
        d = decide(c, message(), consents=[purchase(bought)], at=last_day)
        assert ALLOW == d.verdict
        assert "CA-CASL-10-01" in rule_ids(d, "permit")
        d = decide(c, message(), consents=[purchase(bought)], at=day_after)
        assert DENY == d.verdict
        assert {"implied_consent_expired", "prior_consent_required"} <= codes(d)

    def test_purchase_on_leap_day(self) -> None:
        """A purchase on 29 February 2024 holds through 28 February 2026."""
        c = customer_in("CA-ON", timezone=TOR)
        bought = local(TOR, 2024, 2, 29, 12)
        g = purchase(bought)
        assert ALLOW == decide(c, message(), consents=[g], at=local(TOR, 2026, 2, 28, 12)).verdict
        assert DENY == decide(c, message(), consents=[g], at=local(TOR, 2026, 3, 1, 12)).verdict

    def test_caller_expiry_is_not_the_window(self) -> None:
        """The pack computes the window from the purchase, not from a later expires_at."""
        c = customer_in("CA-ON", timezone=TOR)
        bought = local(TOR, 2023, 6, 1, 12)
        g = grant(
            "marketing.email",
            "implied_existing_business",
            granted_at=bought,
            expires_at=bought.add(years=5),
        )
        assert DENY == decide(c, message(), consents=[g], at=local(TOR, 2026, 6, 2, 12)).verdict

    def test_inquiry_six_months(self) -> None:
        """Six months after an inquiry: the last day counts, the next does not."""
        c = customer_in("CA-ON", timezone=TOR)
        asked = local(TOR, 2026, 5, 31, 10)
        g = inquiry(asked)
        assert ALLOW == decide(c, message(), consents=[g], at=local(TOR, 2026, 11, 30, 12)).verdict
        d = decide(c, message(), consents=[g], at=local(TOR, 2026, 12, 1, 12))
        assert DENY == d.verdict
        assert "CA-CASL-10-02" in rule_ids(d, "note")

    def test_express_consent_does_not_lapse(self) -> None:
        """Express consent given ten years ago still holds."""
        c = customer_in("CA-ON", timezone=TOR)
        g = grant("marketing.email", granted_at=local(TOR, 2016, 1, 1))
        assert ALLOW == decide(c, message(), consents=[g], at=local(TOR, 2026, 11, 30, 12)).verdict

    def test_consent_request_is_a_cem(self) -> None:
        """An e-mail asking for consent needs consent (or implied consent) itself."""
        c = customer_in("CA-ON", timezone=TOR)
        at = local(TOR, 2026, 11, 30, 12)
        d = decide(c, message("consent_request"), at=at)
        assert DENY == d.verdict
        assert "CA-CASL-6-01" in rule_ids(d, "deny")
        d = decide(c, message("consent_request"), consents=[inquiry(at.subtract(months=1))], at=at)
        assert "CA-CASL-6-01" not in rule_ids(d)


class TestContent:
    def test_mailing_address_required(self) -> None:
        """A CEM without a mailing address is denied."""
        c = customer_in("CA-ON", timezone=TOR)
        m = message(content=pt.ContentFlags.declared(postal_address=False))
        d = decide(c, m, consents=[grant("marketing.email")])
        assert DENY == d.verdict
        assert "postal_address_missing" in codes(d)

    def test_disclosures_valid_sixty_days(self) -> None:
        """The required contact details carry their 60-day validity."""
        c = customer_in("CA-ON", timezone=TOR)
        d = decide(c, message(), consents=[grant("marketing.email")])
        postal = next(x for x in d.disclosures if x.code is DisclosureCode.POSTAL_ADDRESS)
        assert "60" == postal.params["valid_for_days"]


class TestTelemarketing:
    def test_weekend_hours(self) -> None:
        """On Saturday calls wait for 10:00 Toronto time."""
        c = customer_in("CA-ON", timezone=TOR)
        d = decide(
            c, call(), consents=[grant("marketing.phone")], at=local(TOR, 2026, 11, 28, 9, 30)
        )
        assert DEFER == d.verdict
        assert local(TOR, 2026, 11, 28, 10) == d.not_before
        assert "CA-CRTC-UTR-01" in rule_ids(d, "defer")

    def test_weekend_evening_waits_for_monday(self) -> None:
        """Sunday 18:00 is past the weekend window: the call waits for Monday 09:00."""
        c = customer_in("CA-ON", timezone=TOR)
        d = decide(c, call(), consents=[grant("marketing.phone")], at=local(TOR, 2026, 11, 29, 18))
        assert local(TOR, 2026, 11, 30, 9) == d.not_before

    def test_dncl(self) -> None:
        """A DNCL listing blocks calls unless an existing business relationship is recent."""
        c = customer_in(
            "CA-ON", timezone=TOR, privacy=pt.PrivacySignals(dnc_registries={"ca_dncl"})
        )
        at = local(TOR, 2026, 11, 30, 12)
        assert "CA-CRTC-DNCL-01" in rule_ids(decide(c, call(), at=at), "deny")
        recent = purchase(at.subtract(months=17), "marketing.phone")
        assert "CA-CRTC-DNCL-01" not in rule_ids(decide(c, call(), consents=[recent], at=at))
        old = purchase(at.subtract(months=19), "marketing.phone")
        assert "CA-CRTC-DNCL-01" in rule_ids(decide(c, call(), consents=[old], at=at), "deny")


class TestQuebec:
    def test_under_14_needs_parent(self) -> None:
        """In Quebec a 13-year-old needs a parent's consent; in Ontario the QC rule is absent."""
        at = local(TOR, 2026, 11, 30, 12)
        born = dt.date(2013, 6, 1)
        qc = customer_in("CA-QC", timezone="America/Montreal", birth_date=born)
        d = decide(qc, message(), consents=[grant("marketing.email")], at=at)
        assert DENY == d.verdict
        assert "CA-QC-L25-01" in rule_ids(d, "deny")
        on = customer_in("CA-ON", timezone=TOR, birth_date=born)
        assert "CA-QC-L25-01" not in rule_ids(
            decide(on, message(), consents=[grant("marketing.email")], at=at)
        )

    def test_fourteenth_birthday(self) -> None:
        """On the 14th birthday the parental-consent rule stops applying."""
        at = local("America/Montreal", 2026, 11, 30, 12)
        qc = customer_in("CA-QC", timezone="America/Montreal", birth_date=dt.date(2012, 11, 30))
        d = decide(qc, message(), consents=[grant("marketing.email")], at=at)
        assert "CA-QC-L25-01" not in rule_ids(d)


class TestUnsubscribe:
    def test_unsubscribe_honoured_at_once(self) -> None:
        """An unsubscribe is honoured at once, not after 10 business days."""
        c = customer_in("CA-ON", timezone=TOR)
        at = local(TOR, 2026, 11, 30, 12)
        h = [touch(at.subtract(minutes=1), "email", kind="unsubscribed")]
        d = decide(c, message(), consents=[inquiry(at.subtract(months=1))], history=h, at=at)
        assert DENY == d.verdict
        assert "CA-CASL-11-01" in rule_ids(d, "deny")


class TestQuebecLeapDay:
    def test_leap_day_fourteenth_birthday(self) -> None:
        """Born 29 Feb 2012: 14 in Quebec only on 1 March 2026."""
        qc = customer_in("CA-QC", timezone="America/Montreal", birth_date=dt.date(2012, 2, 29))
        g = grant("marketing.email", granted_at=local(TOR, 2025, 1, 1))
        feb28 = local("America/Montreal", 2026, 2, 28, 12)
        assert "CA-QC-L25-01" in rule_ids(decide(qc, message(), consents=[g], at=feb28), "deny")
        mar1 = local("America/Montreal", 2026, 3, 1, 12)
        assert "CA-QC-L25-01" not in rule_ids(decide(qc, message(), consents=[g], at=mar1))
