from __future__ import annotations

import datetime as dt

import personal_touch as pt
from builders import (
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
)
from personal_touch.values import DisclosureCode

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER
PARIS = "Europe/Paris"


def unknown(**changes: object) -> pt.Contact:
    return customer_in(None, timezone=PARIS, **changes)  # type: ignore[arg-type]


AT = local(PARIS, 2026, 11, 30, 11)


class TestStrictestCombination:
    def test_every_pack_applies(self) -> None:
        """With no jurisdiction every pack's rules run."""
        d = decide(unknown(), message(), at=AT)
        assert {"EU-EPD-ART13-01", "UK-PECR-22-01", "CA-CASL-6-01", "AU-SPAM-16-01"} <= rule_ids(
            d, "deny"
        )

    def test_us_opt_out_regime_does_not_let_mail_through(self) -> None:
        """CAN-SPAM's permission does not count: opt-in regimes deny e-mail without consent."""
        d = decide(unknown(), message(), at=AT)
        assert DENY == d.verdict

    def test_soft_opt_in_is_not_enough(self) -> None:
        """Implied bases that only some laws accept do not permit for an unknown contact."""
        g = soft_opt_in({"boots"})
        d = decide(unknown(), message(product_category="boots"), consents=[g], at=AT)
        assert DENY == d.verdict

    def test_express_consent_with_every_disclosure(self) -> None:
        """Express consent goes, carrying every law's required disclosures."""
        d = decide(unknown(), message(), consents=[grant("marketing.email")], at=AT)
        assert ALLOW == d.verdict
        for code in (
            DisclosureCode.UNSUBSCRIBE,
            DisclosureCode.POSTAL_ADDRESS,
            DisclosureCode.SENDER_IDENTITY,
            DisclosureCode.AD_IDENTIFICATION,
        ):
            assert d.requires(code)

    def test_highest_age_of_consent(self) -> None:
        """A 15-year-old of unknown jurisdiction is treated as below the EU's 16."""
        c = unknown(birth_date=dt.date(2011, 6, 1))
        d = decide(c, message(), consents=[grant("marketing.email")], at=AT)
        assert DENY == d.verdict
        assert "EU-GDPR-ART8-01" in rule_ids(d, "deny")

    def test_calls_wait_for_every_window(self) -> None:
        """A Saturday call waits for the first instant every window allows (Monday 10:00)."""
        sat = local(PARIS, 2026, 11, 28, 11)
        consents = [grant("marketing.phone", "prior_express_written_consent", evidence=DOCUMENTED)]
        d = decide(unknown(), call(), consents=consents, at=sat)
        assert DEFER == d.verdict
        assert local(PARIS, 2026, 11, 30, 10) == d.not_before

    def test_gpc_honoured(self) -> None:
        """A GPC signal blocks custom-audience delivery wherever the contact is."""
        c = unknown(privacy=pt.PrivacySignals(global_privacy_control=True))
        m = message(content=pt.ContentFlags.declared(custom_audience=True))
        d = decide(c, m, consents=[grant("marketing.email")], at=AT)
        assert "opt_out_sale_sharing" in codes(d)
