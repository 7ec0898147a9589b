"""
Issue 14 item 5 in the US pack: TCPA prior express consent, the FCC revoke-all rule, scoped
opt-outs under CAN-SPAM.
"""

from __future__ import annotations

from typing import Any

import pendulum
import pytest

import personal_touch as pt
from builders import AT, customer_in, decide, grant, local, message, rule_ids, touch
from personal_touch import packs, rules

ALLOW, DENY = pt.Verdict.ALLOW, pt.Verdict.DENY
NY = "America/New_York"


def text(purpose: str = "relationship", **changes: Any) -> pt.Message:
    return message(purpose, "sms", **changes)


def robocall(purpose: str = "relationship", **changes: Any) -> pt.Message:
    fields: dict[str, Any] = {"authorship": "automated"}
    fields.update(changes)
    return message(purpose, "phone", **fields)


def stop(at: Any, channel: str = "sms", **scope: Any) -> pt.Interaction:
    return touch(at, channel, kind="unsubscribed", purpose=None, **scope)


class TestPriorExpressConsent:
    def test_informational_text_needs_prior_express_consent(self) -> None:
        """A relationship text with no grant is refused for want of prior express consent."""
        d = decide(customer_in("US-NY"), text())
        assert DENY == d.verdict
        assert "US-TCPA-PEC-01" in rule_ids(d, "deny")

    @pytest.mark.parametrize("basis", ["consent", "contract"])
    def test_oral_or_contract_consent_is_enough(self, basis: str) -> None:
        """Consent need not be written: a plain consent or a contract meets it."""
        d = decide(customer_in("US-NY"), text(), consents=[grant("relationship.sms", basis)])
        assert "US-TCPA-PEC-01" not in rule_ids(d)
        assert ALLOW == d.verdict

    def test_survey_rests_on_a_relationship_grant(self) -> None:
        """A survey text rests on any grant purpose a survey may rest on."""
        d = decide(customer_in("US-NY"), text("survey"), consents=[grant("relationship.sms")])
        assert "US-TCPA-PEC-01" not in rule_ids(d)

    def test_automated_call_needs_it_human_call_does_not(self) -> None:
        """An autodialed informational call needs it; a person dialling by hand does not."""
        c = customer_in("US-NY")
        assert "US-TCPA-PEC-02" in rule_ids(decide(c, robocall()), "deny")
        assert "US-TCPA-PEC-02" not in rule_ids(decide(c, robocall(authorship="human")))

    def test_marketing_and_receipts_untouched(self) -> None:
        """Marketing texts keep needing written consent; receipts are not informational here."""
        c = customer_in("US-NY")
        assert "US-TCPA-PEC-01" not in rule_ids(decide(c, text("marketing")))
        assert "US-TCPA-PEC-01" not in rule_ids(decide(c, text("transactional")))

    def test_other_countries_untouched(self) -> None:
        """The rule is the US pack's only."""
        d = decide(customer_in("GB"), text(), consents=[grant("relationship.sms")])
        assert "US-TCPA-PEC-01" not in rule_ids(d)


class TestRevokeAll:
    """A STOP to reminders covers every robotext from 2027-01-31 (FCC DA 26-12)."""

    consents = (
        grant("relationship.sms"),
        grant("marketing.sms", "prior_express_written_consent"),
    )

    def scoped_stop(self) -> pt.Interaction:
        return stop(
            local(NY, 2027, 1, 20, 12), subscription="reminders", opt_out_purposes=["relationship"]
        )

    @pytest.mark.parametrize(
        ("day", "revoked"),
        [(30, False), (31, True)],
    )
    def test_boundary_day(self, day: int, revoked: bool) -> None:
        """The day before the effective date the STOP covers its scope; from it, every text."""
        at = local(NY, 2027, 1, day, 12)
        d = decide(
            customer_in("US-NY"),
            text("marketing", topic="offers"),
            consents=self.consents,
            history=[self.scoped_stop()],
            at=at,
        )
        assert revoked == ("US-TCPA-REVOKE-ALL-01" in rule_ids(d, "deny"))
        assert (DENY if revoked else ALLOW) == d.verdict

    def test_boundary_in_the_contacts_zone(self) -> None:
        """The effective date is read on the contact's calendar (Los Angeles is behind UTC)."""
        c = customer_in("US-CA", timezone="America/Los_Angeles")
        m = text("marketing", topic="offers")
        before = pendulum.datetime(2027, 1, 31, 7, 30, tz="UTC")  # 23:30 on the 30th in LA
        after = pendulum.datetime(2027, 1, 31, 8, 30, tz="UTC")  # 00:30 on the 31st in LA
        for when, revoked in ((before, False), (after, True)):
            d = decide(c, m, consents=self.consents, history=[self.scoped_stop()], at=when)
            assert revoked == ("US-TCPA-REVOKE-ALL-01" in rule_ids(d, "deny"))

    def test_scoped_stop_covers_its_own_scope_before(self) -> None:
        """Before the date, the STOP still bars the reminders it answered."""
        at = local(NY, 2027, 1, 30, 12)
        d = decide(
            customer_in("US-NY"),
            text(topic="reminders"),
            consents=self.consents,
            history=[self.scoped_stop()],
            at=at,
        )
        assert DENY == d.verdict
        assert "unsubscribed" in {r.code for r in d.reasons}

    def test_calls_too_and_receipts_spared(self) -> None:
        """From the date a STOP by text bars robocalls; a receipt still goes."""
        at = local(NY, 2027, 2, 1, 12)
        consents = (*self.consents, grant("relationship.phone"))
        h = [self.scoped_stop()]
        d = decide(customer_in("US-NY"), robocall(), consents=consents, history=h, at=at)
        assert "US-TCPA-REVOKE-ALL-02" in rule_ids(d, "deny")
        d = decide(customer_in("US-NY"), text("transactional"), history=h, at=at)
        assert "US-TCPA-REVOKE-ALL-01" not in rule_ids(d)

    def test_new_consent_lifts(self) -> None:
        """A consent given after the revocation lifts it."""
        at = local(NY, 2027, 2, 1, 12)
        newer = grant(
            "marketing.sms", "prior_express_written_consent", granted_at=at.subtract(days=1)
        )
        d = decide(
            customer_in("US-NY"),
            text("marketing", topic="offers"),
            consents=[newer],
            history=[self.scoped_stop()],
            at=at,
        )
        assert "US-TCPA-REVOKE-ALL-01" not in rule_ids(d)


class TestScopedOptOutsInPacks:
    def test_can_spam_scoped_unsubscribe(self) -> None:
        """Under CAN-SPAM an unsubscribe from one list leaves the others' opt-out regime."""
        # CAN-SPAM's opt-out regime permits only under the law-floor standard.
        floor = pt.default_policy().with_standard("law_floor")
        c = customer_in("US-NY")
        h = [stop(AT.subtract(days=2), "email", subscription="newsletter.weekly")]
        weekly = decide(c, message(topic="newsletter.weekly"), history=h, policy=floor)
        assert DENY == weekly.verdict
        assert "US-CANSPAM-02" in rule_ids(weekly, "deny")
        monthly = decide(c, message(topic="newsletter.monthly"), history=h, policy=floor)
        assert ALLOW == monthly.verdict
        assert "US-CANSPAM-01" in rule_ids(monthly, "permit")
        # Consent-first: without a grant, neither goes.
        assert DENY == decide(c, message(topic="newsletter.monthly"), history=h).verdict

    def test_uk_opt_out_scoped(self) -> None:
        """A pack's OptOut reads the scope too: an unsubscribe from tips leaves offers alone."""
        c = customer_in("GB")
        consents = [grant("marketing.email"), grant("personalization.profile")]
        h = [stop(AT.subtract(days=2), "email", subscription="tips")]
        assert DENY == decide(c, message(topic="tips"), consents=consents, history=h).verdict
        assert ALLOW == decide(c, message(topic="offers"), consents=consents, history=h).verdict


class TestTable:
    def test_rules_listed_with_citations(self) -> None:
        """Every new rule is in the generated pack table with its citation and confidence."""
        rows = {r.id: r for r in packs.rows(packs.all_packs())}
        for rid in ("US-TCPA-PEC-01", "US-TCPA-PEC-02"):
            assert "64.1200(a)(1)(iii)" in rows[rid].citation
        for rid in ("US-TCPA-REVOKE-ALL-01", "US-TCPA-REVOKE-ALL-02"):
            assert "DA 26-12" in rows[rid].citation
            assert "V" == rows[rid].confidence

    def test_shapes_exported(self) -> None:
        """The new shapes are public rule shapes."""
        assert rules.RevokeAll in packs.shapes(packs.all_packs())
        assert rules.PriorExpressConsent in packs.shapes(packs.all_packs())
