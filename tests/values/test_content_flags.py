from __future__ import annotations

import datetime as dt

import attrs
import pytest

import personal_touch as pt
from builders import customer_in, decide, grant, message
from personal_touch import converters
from personal_touch.values import Effect, GrantScope

UNDECLARED = "content_undeclared"


def codes(d: pt.Decision) -> list[str]:
    return [r.code for r in d.reasons if r.effect is Effect.DENY]


class TestUndeclaredContent:
    @pytest.mark.parametrize(
        ("jurisdiction", "rule_id"),
        [
            ("US-NY", "US-CANSPAM-03"),
            ("CA-ON", "CA-CASL-6-02"),
            ("DE", "EU-EPD-ART13-04"),
            ("GB", "UK-PECR-23-01"),
            ("AU", "AU-SPAM-17-01"),
        ],
    )
    def test_message_without_content_flags_is_denied(self, jurisdiction: str, rule_id: str) -> None:
        """A marketing e-mail that declares nothing about its content is denied by the content rule."""
        m = pt.Message(purpose="marketing", channel="email")
        d = decide(customer_in(jurisdiction=jurisdiction), m, consents=[grant("marketing.email")])
        assert pt.Verdict.DENY is d.verdict
        undeclared = [r for r in d.reasons if r.code == UNDECLARED]
        assert rule_id in {r.rule for r in undeclared}
        assert all(r.hint and "message.content." in r.hint for r in undeclared)

    def test_declared_content_passes(self) -> None:
        """The same message with its content declared is allowed."""
        m = message(content=pt.ContentFlags.declared())
        d = decide(customer_in(jurisdiction="US-NY"), m, consents=[grant("marketing.email")])
        assert [] == codes(d)

    def test_one_undeclared_flag_is_named(self) -> None:
        """Leaving one required flag undeclared denies, naming only that flag."""
        flags = pt.ContentFlags(sender_identified=True, unsubscribe_offered=True)
        d = decide(
            customer_in(jurisdiction="DE"),
            message(content=flags),
            consents=[grant("marketing.email")],
        )
        assert pt.Verdict.ALLOW is d.verdict
        flags = pt.ContentFlags(sender_identified=True)
        d = decide(
            customer_in(jurisdiction="DE"),
            message(content=flags),
            consents=[grant("marketing.email")],
        )
        assert [UNDECLARED] == codes(d)
        assert "content.unsubscribe_offered" in d.decisive_reason.message  # type: ignore[union-attr]

    def test_undeclared_sharing_denied_under_gpc(self) -> None:
        """With a GPC signal, a message that does not say whether it shares data is denied."""
        c = customer_in(
            jurisdiction="US-CA", privacy=pt.PrivacySignals(global_privacy_control=True)
        )
        m = message(
            content=pt.ContentFlags(
                sender_identified=True,
                unsubscribe_offered=True,
                postal_address=True,
                accurate_subject=True,
            )
        )
        d = decide(c, m, consents=[grant("marketing.email")])
        assert UNDECLARED in codes(d)
        first_party = decide(c, message(), consents=[grant("marketing.email")])
        assert [] == codes(first_party)

    @pytest.mark.parametrize(
        ("jurisdiction", "born", "rule_id"),
        [
            ("US-NY", dt.date(2016, 1, 1), "US-COPPA-02"),
            ("US-CA", dt.date(2011, 6, 1), "US-CA-1798.120-02"),
        ],
    )
    def test_undeclared_sharing_denied_for_children(
        self, jurisdiction: str, born: dt.date, rule_id: str
    ) -> None:
        """A child's message that does not say whether it shares data is denied; declared, not."""
        c = customer_in(jurisdiction, birth_date=born)
        parent = grant("marketing.email", "parental_consent")
        unknown = message(content=attrs.evolve(pt.ContentFlags.declared(), custom_audience=None))
        d = decide(c, unknown, consents=[parent])
        assert UNDECLARED in [r.code for r in d.reasons if r.rule == rule_id]
        declared = decide(c, message(), consents=[parent])
        assert rule_id not in {r.rule for r in declared.reasons if r.effect is Effect.DENY}

    def test_soft_opt_in_needs_a_declared_opt_out(self) -> None:
        """The soft opt-in needs the message to declare its opt-out; undeclared, it does not hold."""
        soft = grant(
            "marketing.email", "soft_opt_in", scope=GrantScope(product_categories={"boots"})
        )
        flags = attrs.evolve(pt.ContentFlags.declared(), unsubscribe_offered=None)
        d = decide(
            customer_in("GB"), message(product_category="boots", content=flags), consents=[soft]
        )
        assert pt.Verdict.DENY is d.verdict
        assert "opt_out_in_message_undeclared" in {r.code for r in d.reasons}

    def test_flags_refuse_other_values(self) -> None:
        """A flag is true, false or undeclared; anything else is a typed error."""
        with pytest.raises(pt.exceptions.InvalidFieldError) as info:
            pt.ContentFlags(unsubscribe_offered="yes")  # type: ignore[arg-type]
        assert "content.unsubscribe_offered" == info.value.field
        assert "yes" not in str(info.value)

    def test_json_keeps_undeclared(self) -> None:
        """Undeclared flags survive JSON; declared ones too."""
        flags = pt.ContentFlags(unsubscribe_offered=False)
        assert flags == converters.loads(converters.dumps(flags), pt.ContentFlags)
        assert () == pt.ContentFlags.declared().undeclared()
