"""
Issue 14 item 1: the opt-out regimes of the UK, France and the US under both standards.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

import personal_touch as pt
from builders import call, codes, customer_in, decide, grant, local, message, rule_ids, touch
from personal_touch._policy._default import law_floor_policy
from personal_touch.rules import LAW_PERMITS_CODE, OptOutRegime, Standard
from personal_touch.values import DncListing

if TYPE_CHECKING:
    import pendulum

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER
FLOOR = law_floor_policy()
LONDON, PARIS, NY = "Europe/London", "Europe/Paris", "America/New_York"


def tps(*registries: str) -> pt.PrivacySignals:
    return pt.PrivacySignals(dnc_registries=set(registries))


class TestUkLiveCalls:
    AT = local(LONDON, 2026, 11, 30, 12)

    def test_consent_first_notes_the_law(self) -> None:
        """The default policy still asks for consent, and says the law would not."""
        d = decide(customer_in("GB"), call(), at=self.AT)
        assert DENY == d.verdict
        assert LAW_PERMITS_CODE in codes(d)

    def test_law_floor_permits_unlisted_number(self) -> None:
        """PECR reg. 21: a live call to a number on no register is lawful."""
        d = decide(customer_in("GB"), call(), at=self.AT, policy=FLOOR)
        assert ALLOW == d.verdict
        assert "UK-PECR-21-02" in rule_ids(d, "permit")

    @pytest.mark.parametrize("registry", ["uk_tps", "uk_ctps"])
    def test_listed_number_refused(self, registry: str) -> None:
        """A TPS or CTPS listing without a date bars the call at once."""
        c = customer_in("GB", privacy=tps(registry))
        d = decide(c, call(), at=self.AT, policy=FLOOR)
        assert DENY == d.verdict
        assert "UK-PECR-21-01" in rule_ids(d, "deny")

    def test_automated_call_needs_consent(self) -> None:
        """A recorded call is no live call: reg. 19 asks for consent under both standards."""
        d = decide(customer_in("GB"), call(authorship="automated"), at=self.AT, policy=FLOOR)
        assert DENY == d.verdict

    def test_told_us_not_to_call(self) -> None:
        """Reg. 21(1)(a): after the subscriber said not to call, the law permits no call."""
        h = [touch(self.AT.subtract(days=3), "phone", kind="unsubscribed")]
        d = decide(customer_in("GB"), call(), at=self.AT, history=h, policy=FLOOR)
        assert DENY == d.verdict
        assert "UK-PECR-21-02" not in rule_ids(d, "permit")


class TestUkCorporateEmail:
    def test_corporate_subscriber_law_floor(self) -> None:
        """PECR reg. 22 protects individual subscribers: B2B e-mail is opt-out."""
        c = customer_in("GB", company="Example Ltd")
        d = decide(c, message(), policy=FLOOR)
        assert ALLOW == d.verdict
        assert "UK-PECR-22-06" in rule_ids(d, "permit")
        assert "UK-PECR-22-01" not in rule_ids(d)

    def test_corporate_subscriber_consent_first(self) -> None:
        """Consent-first still asks for consent, citing its own policy, not reg. 22."""
        d = decide(customer_in("GB", company="Example Ltd"), message())
        assert DENY == d.verdict
        assert "UK-PECR-22-01" not in rule_ids(d, "deny")
        decisive = d.decisive_reason
        assert decisive is not None
        assert Standard.CONSENT_FIRST is decisive.standard

    def test_individual_subscriber_needs_consent(self) -> None:
        """Without a company the contact is an individual subscriber: reg. 22 applies."""
        d = decide(customer_in("GB"), message(), policy=FLOOR)
        assert DENY == d.verdict
        assert "UK-PECR-22-01" in rule_ids(d, "deny")

    def test_corporate_sms_is_not_covered(self) -> None:
        """The B2B permission is for e-mail only."""
        c = customer_in("GB", company="Example Ltd")
        d = decide(c, message(channel="sms"), at=local(LONDON, 2026, 11, 30, 12), policy=FLOOR)
        assert "UK-PECR-22-06" not in rule_ids(d)


class TestFranceBloctel:
    MONDAY = dt.date(2026, 6, 1)

    def at(self, hour: int, minute: int = 0, day: dt.date = MONDAY) -> pendulum.DateTime:
        return local(PARIS, day.year, day.month, day.day, hour, minute)

    def test_window_opens_at_ten(self) -> None:
        """Law floor: a minute before 10:00 the call waits; at 10:00 it goes."""
        c = customer_in("FR")
        before = decide(c, call(), at=self.at(9, 59), policy=FLOOR)
        assert DEFER == before.verdict
        assert self.at(10) == before.not_before
        assert ALLOW == decide(c, call(), at=self.at(10), policy=FLOOR).verdict
        assert "FR-CONSO-L223-1-02" in rule_ids(decide(c, call(), at=self.at(10), policy=FLOOR))

    def test_lunch_and_evening(self) -> None:
        """No canvassing 13:00-14:00 nor from 20:00; the next window is 14:00, then 10:00."""
        c = customer_in("FR")
        assert self.at(14) == decide(c, call(), at=self.at(13), policy=FLOOR).not_before
        assert ALLOW == decide(c, call(), at=self.at(19, 59), policy=FLOOR).verdict
        late = decide(c, call(), at=self.at(20), policy=FLOOR)
        assert self.at(10, day=dt.date(2026, 6, 2)) == late.not_before

    def test_bloctel_listing_refused_unless_contract(self) -> None:
        """A Bloctel listing bars the call, unless a contract with the consumer is ongoing."""
        c = customer_in("FR", privacy=tps("fr_bloctel"))
        assert DENY == decide(c, call(), at=self.at(11), policy=FLOOR).verdict
        contract = grant("relationship", "contract")
        d = decide(c, call(), consents=[contract], at=self.at(11), policy=FLOOR)
        assert ALLOW == d.verdict

    def test_opt_in_from_2026_08_11(self) -> None:
        """The day before the opt-in regime the call goes; from 2026-08-11 it needs consent."""
        c = customer_in("FR")
        monday, tuesday = dt.date(2026, 8, 10), dt.date(2026, 8, 11)
        assert ALLOW == decide(c, call(), at=self.at(11, day=monday), policy=FLOOR).verdict
        d = decide(c, call(), at=self.at(11, day=tuesday), policy=FLOOR)
        assert DENY == d.verdict
        assert "FR-L2025-594-01" in rule_ids(d, "deny")

    def test_consent_first_asks_consent(self) -> None:
        """The default policy does not rely on Bloctel's opt-out."""
        d = decide(customer_in("FR"), call(), at=self.at(11))
        assert DENY == d.verdict
        assert LAW_PERMITS_CODE in codes(d)


class TestShape:
    def test_dated_listing_ends_permission_after_grace(self) -> None:
        """The permission lasts until the listing's grace period has passed."""
        listed = local(LONDON, 2026, 11, 1, 9)
        c = customer_in(
            "GB", privacy=pt.PrivacySignals(dnc_listings=[DncListing("uk_tps", listed)])
        )
        ok = decide(c, call(), at=local(LONDON, 2026, 11, 28, 12), policy=FLOOR)
        assert "UK-PECR-21-02" in rule_ids(ok, "permit")
        late = decide(c, call(), at=local(LONDON, 2026, 11, 29, 12), policy=FLOOR)
        assert "UK-PECR-21-02" not in rule_ids(late)

    def test_regime_listed_in_reference(self) -> None:
        """Every opt-out regime rule shows in the packs' table with a citation."""
        table = pt.packs.markdown(pt.packs.all_packs())
        regimes = [r for p in pt.packs.all_packs() for r in p.rules if isinstance(r, OptOutRegime)]
        assert {"US-CANSPAM-01", "US-TSR-LIVE-01", "UK-PECR-21-02", "UK-PECR-22-06",
                "FR-CONSO-L223-1-02"} == {r.id for r in regimes}  # fmt: skip
        for r in regimes:
            assert f"`{r.id}`" in table
            assert r.citation in table
