from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, CORE, FULL, codes, decide_core, fact, grant, message, touch, traveller
from personal_touch import rules
from personal_touch.rules import StageTable
from personal_touch.values import (
    Authorship,
    DisclosureCode,
    Effect,
    FrequencyLimit,
    GrantScope,
    QuietHours,
)

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER
L = pt.Level


class TestConsent:
    def test_grant_in_force_permits(self) -> None:
        """A marketing e-mail grant in force permits a marketing e-mail and is cited."""
        d = decide_core()
        assert ALLOW == d.verdict
        assert ["g-marketing.email"] == [g.id for g in d.grants]

    def test_withdrawal_one_minute_after_still_allows(self) -> None:
        """A withdrawal one minute after the instant does not reach back."""
        g = grant("marketing.email", withdrawn_at=AT.add(minutes=1))
        assert ALLOW == decide_core(consents=[g]).verdict

    def test_withdrawal_one_minute_before_denies(self) -> None:
        """A withdrawal one minute before the instant denies, saying the grant was withdrawn."""
        g = grant("marketing.email", withdrawn_at=AT.subtract(minutes=1))
        d = decide_core(consents=[g])
        assert DENY == d.verdict
        assert "consent_withdrawn" in codes(d)
        assert "no_permission" not in codes(d)

    def test_withdrawal_at_the_instant_denies(self) -> None:
        """Withdrawal is end-exclusive: withdrawn at 15:00 means no at 15:00."""
        g = grant("marketing.email", withdrawn_at=AT)
        assert DENY == decide_core(consents=[g]).verdict

    def test_expiry_on_the_day(self) -> None:
        """A grant expiring later the same day still counts; one that expired this morning not."""
        later = grant("marketing.email", expires_at=AT.add(hours=8))
        earlier = grant("marketing.email", expires_at=AT.subtract(hours=8))
        assert ALLOW == decide_core(consents=[later]).verdict
        d = decide_core(consents=[earlier])
        assert DENY == d.verdict
        assert "consent_expired" in codes(d)

    def test_pending_double_opt_in_does_not_count(self) -> None:
        """An unconfirmed double opt-in is not consent; the confirmed one is."""
        pending = grant("marketing.email", requires_confirmation=True)
        d = decide_core(consents=[pending])
        assert DENY == d.verdict
        assert "consent_pending_confirmation" in codes(d)
        confirmed = pending.confirm(at=AT.subtract(days=1))
        assert ALLOW == decide_core(consents=[confirmed]).verdict

    def test_grant_not_yet_given(self) -> None:
        """A grant starting after the instant does not count and says so."""
        g = grant("marketing.email", granted_at=AT.add(days=1))
        d = decide_core(consents=[g])
        assert "consent_not_yet_granted" == d.decisive_reason.code  # type: ignore[union-attr]
        assert "no_permission" not in codes(d)

    def test_no_grant_fails_closed_with_hint(self) -> None:
        """Without any grant the message is denied with a hint naming the grant needed."""
        d = decide_core(consents=[])
        assert DENY == d.verdict
        hints = [r.hint for r in d.reasons if r.code == "no_permission"]
        assert ["a marketing grant covering email would permit this"] == hints

    def test_other_channel_does_not_count(self) -> None:
        """An SMS grant does not permit an e-mail."""
        assert DENY == decide_core(consents=[grant("marketing.sms")]).verdict

    def test_transactional_needs_no_consent(self) -> None:
        """A receipt goes without any grant."""
        d = decide_core(m=message(purpose="transactional"), consents=[])
        assert ALLOW == d.verdict
        assert "transactional" in codes(d)

    def test_transactional_respects_blocked_channel(self) -> None:
        """Even a receipt never uses a channel the person blocked."""
        c = traveller(preferences=pt.Preferences(blocked_channels=["email"]))
        d = decide_core(c, message(purpose="transactional"), consents=[])
        assert DENY == d.verdict
        assert "channel_blocked" in codes(d)

    def test_objection_is_absolute(self) -> None:
        """An objection to direct marketing denies even with consent in force."""
        c = traveller(privacy=pt.PrivacySignals(objected_to_marketing_at=AT.subtract(days=1)))
        d = decide_core(c)
        assert DENY == d.verdict
        assert "objection_direct_marketing" in codes(d)
        assert ALLOW == decide_core(c, message(purpose="transactional")).verdict

    def test_objection_after_the_instant_does_not_count(self) -> None:
        """An objection recorded later does not reach back."""
        c = traveller(privacy=pt.PrivacySignals(objected_to_marketing_at=AT.add(minutes=1)))
        assert ALLOW == decide_core(c).verdict

    def test_implied_basis_needs_a_pack(self) -> None:
        """A soft opt-in grant alone does not permit under the core rules."""
        g = grant("marketing.email", basis="soft_opt_in")
        d = decide_core(consents=[g])
        assert DENY == d.verdict
        assert "implied_basis" in codes(d)

    def test_relationship_may_rest_on_marketing_grant(self) -> None:
        """A relationship message may use a marketing grant, a contract too."""
        assert ALLOW == decide_core(m=message(purpose="relationship")).verdict
        contract = grant("relationship", basis="contract")
        assert ALLOW == decide_core(m=message(purpose="relationship"), consents=[contract]).verdict
        assert DENY == decide_core(consents=[grant("marketing", basis="contract")]).verdict

    def test_reply_to_recent_inquiry_needs_no_marketing_consent(self) -> None:
        """A human answer to the person's own recent inquiry is permitted; a stale one is not."""
        m = message(purpose="relationship", authorship="human", in_reply_to_inquiry=True)
        recent = [touch(AT.subtract(days=3), kind="inquired")]
        stale = [touch(AT.subtract(days=300), kind="inquired")]
        d = decide_core(m=m, consents=[], history=recent)
        assert ALLOW == d.verdict
        assert "inquiry_reply" in codes(d)
        assert DENY == decide_core(m=m, consents=[], history=stale).verdict

    def test_grants_of_other_contacts_are_ignored(self) -> None:
        """Grants of another contact passed by mistake never permit."""
        other = grant("marketing.email", contact_id="c-2")
        assert DENY == decide_core(consents=[other]).verdict


def _permit_pack(*, personalization: dict[str, pt.Level] | None = None) -> rules.Pack:
    @rules.rule("XX-PERMIT")
    def permit_soft(request: rules.Request) -> list[rules.Outcome]:
        return [rules.Permit("XX-PERMIT", "soft_opt_in", "soft opt-in", citation="Law s. 1")]

    return rules.Pack(
        id="XX",
        name="Testland",
        countries={"DE"},
        rules=(permit_soft,),
        personalization_bases=personalization or {},
    )


def unsubscribe(at: pendulum.DateTime, channel: str | None = "email") -> pt.Interaction:
    """An unsubscribe by c-1 at *at* (from every channel when *channel* is None)."""
    return touch(at, kind="unsubscribed", channel=channel, purpose=None)


class TestUnsubscribe:
    def test_unsubscribe_before_the_instant_denies(self) -> None:
        """An unsubscribe one minute before the instant blocks a marketing e-mail at once."""
        d = decide_core(history=[unsubscribe(AT.subtract(minutes=1))])
        assert DENY == d.verdict
        reason = d.decisive_reason
        assert reason is not None
        assert ("consent", "unsubscribed") == (reason.rule, reason.code)
        assert "only a new opt-in given after the unsubscribe lifts it" == reason.hint

    def test_unsubscribe_at_the_instant_denies(self) -> None:
        """An unsubscribe received at the instant already counts (received_at <= t)."""
        assert DENY == decide_core(history=[unsubscribe(AT)]).verdict

    def test_unsubscribe_after_the_instant_does_not_reach_back(self) -> None:
        """An unsubscribe one minute after the instant does not block it."""
        assert ALLOW == decide_core(history=[unsubscribe(AT.add(minutes=1))]).verdict

    def test_other_channel_unaffected(self) -> None:
        """An SMS unsubscribe leaves e-mail marketing alone."""
        assert ALLOW == decide_core(history=[unsubscribe(AT.subtract(days=1), "sms")]).verdict

    def test_unsubscribe_without_channel_blocks_every_channel(self) -> None:
        """An unsubscribe without a channel blocks SMS as well as e-mail."""
        h = [unsubscribe(AT.subtract(days=1), None)]
        sms = message(channel="sms")
        assert DENY == decide_core(m=sms, consents=[grant("marketing.sms")], history=h).verdict
        assert DENY == decide_core(history=h).verdict

    @pytest.mark.parametrize(
        ("purpose", "key"),
        [
            ("fundraising", "fundraising.email"),
            ("consent_request", "consent_request.email"),
        ],
    )
    def test_fundraising_and_consent_requests_blocked(self, purpose: str, key: str) -> None:
        """Fundraising and consent requests are blocked like marketing."""
        d = decide_core(
            m=message(purpose=purpose),
            consents=[grant(key)],
            history=[unsubscribe(AT.subtract(days=1))],
        )
        assert DENY == d.verdict
        assert "unsubscribed" in codes(d)

    def test_transactional_unaffected(self) -> None:
        """A receipt still goes after an unsubscribe."""
        d = decide_core(
            m=message(purpose="transactional"), history=[unsubscribe(AT.subtract(days=1))]
        )
        assert ALLOW == d.verdict

    def test_new_opt_in_after_unsubscribe_lifts_it(self) -> None:
        """A marketing grant given after the unsubscribe (a new opt-in) permits again."""
        h = [unsubscribe(AT.subtract(days=2))]
        fresh = grant("marketing.email", id="g-new", granted_at=AT.subtract(days=1))
        d = decide_core(consents=[grant("marketing.email"), fresh], history=h)
        assert ALLOW == d.verdict

    def test_grant_before_unsubscribe_does_not_lift_it(self) -> None:
        """A grant in force given before the unsubscribe does not lift it."""
        h = [unsubscribe(AT.subtract(days=2))]
        earlier = grant("marketing.email", granted_at=AT.subtract(days=3))
        assert DENY == decide_core(consents=[earlier], history=h).verdict

    def test_implied_grant_after_unsubscribe_is_no_opt_in(self) -> None:
        """An implied basis given after the unsubscribe is not a new opt-in."""
        h = [unsubscribe(AT.subtract(days=2))]
        implied = grant(
            "marketing.email", basis="implied_existing_business", granted_at=AT.subtract(days=1)
        )
        d = decide_core(consents=[implied], history=h, policy=pt.default_policy())
        assert "unsubscribed" in codes(d)

    def test_withdrawn_new_opt_in_does_not_lift_it(self) -> None:
        """A new opt-in that is itself withdrawn again no longer lifts the unsubscribe."""
        h = [unsubscribe(AT.subtract(days=3))]
        fresh = grant(
            "marketing.email",
            granted_at=AT.subtract(days=2),
            withdrawn_at=AT.subtract(days=1),
        )
        assert DENY == decide_core(consents=[fresh], history=h).verdict

    @pytest.mark.parametrize("jurisdiction", ["BR", "US-CA", "DE", "GB", "CA", "AU", None])
    def test_default_policy_denies_everywhere(self, jurisdiction: str | None) -> None:
        """With every pack, Brazil and an unknown jurisdiction deny like the others."""
        c = traveller(jurisdiction=jurisdiction)
        d = decide_core(
            c, history=[unsubscribe(AT.subtract(minutes=5))], policy=pt.default_policy()
        )
        assert DENY == d.verdict
        assert "unsubscribed" in {r.code for r in d.reasons if r.rule == "consent"}

    @pytest.mark.parametrize(
        ("jurisdiction", "pack_rule"),
        [
            ("CA", "CA-CASL-11-01"),
            ("AU", "AU-SPAM-18-01"),
            ("GB", "UK-PECR-22-04"),
            ("US-CA", "US-CANSPAM-02"),
            ("DE", "EU-EPD-ART13-05"),
        ],
    )
    def test_packs_agree_with_the_core(self, jurisdiction: str, pack_rule: str) -> None:
        """A pack's own opt-out rule denies alongside the core, and both yield to a new opt-in."""
        c = traveller(jurisdiction=jurisdiction)
        h = [unsubscribe(AT.subtract(minutes=5))]
        d = decide_core(c, history=h, policy=pt.default_policy())
        deny_rules = {r.rule for r in d.reasons if r.effect is Effect.DENY}
        assert {"consent", pack_rule} <= deny_rules
        fresh = grant("marketing.email", id="g-new", granted_at=AT.subtract(minutes=1))
        again = decide_core(c, consents=[*FULL, fresh], history=h, policy=pt.default_policy())
        assert ALLOW == again.verdict


class TestUnsubscribeProperties:
    @settings(max_examples=60, deadline=None)
    @given(
        minutes=st.integers(min_value=0, max_value=60 * 24 * 800),
        purpose=st.sampled_from(["marketing", "fundraising", "consent_request"]),
        channel=st.sampled_from(["email", "sms", "push", "phone", "post"]),
        everywhere=st.booleans(),
        jurisdiction=st.sampled_from(["BR", "DE", "GB", "US", "CA", "AU", "FR", None]),
    )
    def test_unsubscribe_always_denies_without_a_new_opt_in(
        self,
        minutes: int,
        purpose: str,
        channel: str,
        everywhere: bool,
        jurisdiction: str | None,
    ) -> None:
        """Any in-scope message after an unsubscribe from its channel is denied, anywhere."""
        g = grant(f"{purpose}.{channel}", granted_at=AT.subtract(years=3))
        h = [unsubscribe(AT.subtract(minutes=minutes), None if everywhere else channel)]
        d = decide_core(
            traveller(jurisdiction=jurisdiction),
            message(purpose=purpose, channel=channel),
            consents=[g],
            history=h,
            policy=pt.default_policy(),
        )
        assert DENY == d.verdict
        assert "unsubscribed" in {r.code for r in d.reasons if r.rule == "consent"}


#: Versions of grant g-1 (marketing e-mail): given, withdrawn, given again, renewed.
_G1 = grant("marketing.email", id="g-1", granted_at=AT.subtract(days=30))


@st.composite
def grant_versions(draw: st.DrawFn) -> list[pt.ConsentGrant]:
    """Versions of one marketing e-mail grant, in the order they were drawn."""
    out = []
    for _ in range(draw(st.integers(min_value=1, max_value=5))):
        given = AT.add(minutes=draw(st.integers(min_value=-60, max_value=30)))
        end = st.none() | st.integers(min_value=0, max_value=60).map(
            lambda m, given=given: given.add(minutes=m)
        )
        out.append(
            attrs.evolve(_G1, granted_at=given, withdrawn_at=draw(end), expires_at=draw(end))
        )
    return out


class TestGrantVersions:
    def test_withdrawn_version_first_still_denies(self) -> None:
        """consents=[withdrawn, original] denies, as [original, withdrawn] does."""
        withdrawn = _G1.withdraw(at=AT.subtract(minutes=5))
        for consents in ([withdrawn, _G1], [_G1, withdrawn]):
            d = decide_core(consents=consents)
            assert DENY == d.verdict
            assert "consent_withdrawn" in codes(d)
        assert decide_core(consents=[withdrawn, _G1]) == decide_core(consents=[_G1, withdrawn])

    def test_rerecorded_ledger_still_denies(self) -> None:
        """A ledger where the old version is recorded again after a withdrawal denies."""
        ledger = (
            pt.ConsentLedger("c-1")
            .record(_G1)
            .withdraw("g-1", at=AT.subtract(minutes=5))
            .record(_G1)
        )
        assert DENY == decide_core(consents=ledger).verdict

    @settings(max_examples=80, deadline=None)
    @given(grant_versions(), st.randoms(use_true_random=False), st.integers(0, 90))
    def test_any_permutation_same_decision(
        self, versions: list[pt.ConsentGrant], rnd: Any, probe: int
    ) -> None:
        """Every permutation of the grants gives the same decision as the ledger does."""
        at = AT.add(minutes=probe - 60)
        shuffled = list(versions)
        rnd.shuffle(shuffled)
        first = decide_core(consents=versions, at=at)
        assert first == decide_core(consents=shuffled, at=at)
        ledger = pt.ConsentLedger("c-1", shuffled)
        assert first == decide_core(consents=ledger, at=at)
        allowed = first.verdict is ALLOW
        assert allowed == ledger.is_granted("marketing", pt.Channel.EMAIL, at=at)

    @settings(max_examples=80, deadline=None)
    @given(grant_versions(), st.data(), st.integers(0, 90))
    def test_withdrawing_never_widens(
        self, versions: list[pt.ConsentGrant], data: st.DataObject, probe: int
    ) -> None:
        """Adding a withdrawal of any version never turns a denial into an allow."""
        at = AT.add(minutes=probe - 60)
        target = data.draw(st.sampled_from(versions))
        when = target.granted_at.add(minutes=data.draw(st.integers(0, 60)))
        if target.withdrawn_at is not None:
            when = min(when, target.withdrawn_at)
        after = decide_core(consents=[*versions, attrs.evolve(target, withdrawn_at=when)], at=at)
        if after.verdict is ALLOW:
            assert ALLOW == decide_core(consents=versions, at=at).verdict


class TestLapsedReasons:
    def test_withdrawn_reason_is_decisive_with_hint(self) -> None:
        """A withdrawn grant's denial names the lapse and says a new opt-in would permit."""
        g = grant("marketing.email", withdrawn_at=AT.subtract(days=1))
        d = decide_core(consents=[g])
        reason = d.decisive_reason
        assert reason is not None
        assert ("consent", "consent_withdrawn") == (reason.rule, reason.code)
        assert "a new opt-in would permit this" == reason.hint
        assert "the marketing grant covering email was withdrawn" in reason.message
        assert 1 == sum(r.code == "consent_withdrawn" for r in d.reasons)

    @pytest.mark.parametrize(
        ("changes", "code", "hint"),
        [
            (
                {"expires_at": AT.subtract(hours=1)},
                "consent_expired",
                "a new opt-in would permit this",
            ),
            (
                {"requires_confirmation": True},
                "consent_pending_confirmation",
                "the contact confirming the double opt-in would permit this",
            ),
            (
                {"granted_at": AT.add(days=1)},
                "consent_not_yet_granted",
                "the message may go once the grant starts",
            ),
        ],
    )
    def test_each_lapse_has_its_code(self, changes: dict[str, Any], code: str, hint: str) -> None:
        """Expired, pending and future grants deny with their own code and hint."""
        d = decide_core(consents=[grant("marketing.email", **changes)])
        reason = d.decisive_reason
        assert reason is not None
        assert (code, hint) == (reason.code, reason.hint)

    def test_latest_lapsed_grant_speaks(self) -> None:
        """Of an old withdrawn grant and a newer pending one, the pending one is named."""
        old = grant("marketing.email", id="g-old", withdrawn_at=AT.subtract(days=30))
        new = grant(
            "marketing.email",
            id="g-new",
            granted_at=AT.subtract(days=2),
            requires_confirmation=True,
        )
        d = decide_core(consents=[old, new])
        assert "consent_pending_confirmation" == d.decisive_reason.code  # type: ignore[union-attr]

    def test_no_covering_grant_keeps_no_permission(self) -> None:
        """A withdrawn grant for another channel does not count: the denial stays generic."""
        g = grant("marketing.sms", withdrawn_at=AT.subtract(days=1))
        d = decide_core(consents=[g])
        assert "no_permission" == d.decisive_reason.code  # type: ignore[union-attr]

    def test_lapse_named_without_the_core_consent_rule(self) -> None:
        """Without the core consent rule's note the engine still names the lapse."""
        policy = pt.Policy(
            name="no-consent",
            version="test",
            rules=tuple(r for r in rules.CORE_RULES if r.id != "consent"),
        )
        g = grant("marketing.email", expires_at=AT.subtract(days=1))
        d = decide_core(consents=[g], policy=policy)
        assert "consent_expired" == d.decisive_reason.code  # type: ignore[union-attr]

    def test_lapsed_note_stays_a_note_when_another_rule_permits(self) -> None:
        """When another rule permits, an expired grant stays a note and nothing is denied."""

        @rules.rule("always")
        def always(request: rules.Request) -> tuple[rules.Outcome, ...]:
            return (rules.Permit("always", "permitted", "a test rule permits"),)

        policy = pt.Policy(name="core+", version="test", rules=(*rules.CORE_RULES, always))
        g = grant("marketing.email", expires_at=AT.subtract(days=1))
        d = decide_core(consents=[g], policy=policy)
        assert ALLOW == d.verdict
        assert [Effect.NOTE] == [r.effect for r in d.reasons if r.code == "consent_expired"]

    def test_a_withdrawal_is_an_opt_out_where_the_law_needs_no_grant(self) -> None:
        """A US marketing e-mail (CAN-SPAM, opt-out) is denied once the grant was withdrawn."""
        us = traveller(jurisdiction="US-IL", timezone="America/Chicago")
        m = message(content=pt.ContentFlags.declared())
        at = pendulum.datetime(2026, 11, 30, 12, tz="America/Chicago")
        g = grant("marketing.email", granted_at=at.subtract(days=30))
        law = pt.default_policy().with_standard("law_floor")
        assert ALLOW == decide_core(us, m, consents=[], at=at, policy=law).verdict  # opt-out regime
        withdrawn = g.withdraw(at=at.subtract(days=1))
        for consents in ([withdrawn], [withdrawn, g], [g, withdrawn]):
            d = decide_core(us, m, consents=consents, at=at, policy=law)
            assert DENY == d.verdict
            assert "consent_withdrawn" == d.decisive_reason.code  # type: ignore[union-attr]
        again = grant("marketing.email", id="g-2", granted_at=at.subtract(hours=1), expires_at=at)
        assert ALLOW == decide_core(us, m, consents=[withdrawn, again], at=at, policy=law).verdict


class TestPackPermits:
    def test_pack_permit_counts_for_known_jurisdiction(self) -> None:
        """A pack may permit an implied basis for a contact under its law."""
        policy = CORE.with_packs(_permit_pack())
        d = decide_core(traveller(jurisdiction="DE"), consents=[], policy=policy)
        assert ALLOW == d.verdict
        assert ["Law s. 1"] == [r.citation for r in d.reasons if r.effect is Effect.PERMIT]

    def test_pack_permit_ignored_for_unknown_jurisdiction(self) -> None:
        """With an unknown jurisdiction only the core consent rule may permit (strictest)."""
        policy = CORE.with_packs(_permit_pack())
        d = decide_core(traveller(jurisdiction=None), consents=[], policy=policy)
        assert DENY == d.verdict
        assert "permit_needs_known_jurisdiction" in codes(d)

    def test_pack_does_not_apply_elsewhere(self) -> None:
        """A pack for Germany does nothing for a French contact."""
        policy = CORE.with_packs(_permit_pack())
        assert DENY == decide_core(traveller(jurisdiction="FR"), consents=[], policy=policy).verdict


class TestStageCeiling:
    def test_automated_to_awareness_stays_segmented(self) -> None:
        """An automated message to someone who just noticed us stays SEGMENTED."""
        d = decide_core(traveller(stage="awareness"), message(level="personal"))
        assert L.SEGMENTED == d.level
        assert "stage_ceiling" in codes(d)

    def test_human_reply_to_inquiry_may_be_individual(self) -> None:
        """A person answering an awareness contact's own question may write individually."""
        m = message(
            purpose="relationship", authorship="human", level="individual", in_reply_to_inquiry=True
        )
        d = decide_core(traveller(stage="awareness"), m, history=[touch(AT, kind="inquired")])
        assert (ALLOW, L.INDIVIDUAL) == (d.verdict, d.level)

    def test_table_is_configurable(self) -> None:
        """A stricter table lowers the ceiling."""
        table = StageTable(
            levels={**rules.DEFAULT_STAGE_TABLE.levels, ("customer", "automated"): "segmented"}
        )
        d = decide_core(m=message(level="contextual"), policy=CORE.with_stage_table(table))
        assert L.SEGMENTED == d.level
        same = rules.DEFAULT_STAGE_TABLE.with_level(
            pt.Stage.CUSTOMER, Authorship.AUTOMATED, pt.Level.GENERIC
        )
        assert L.GENERIC == same.ceiling(pt.Stage.CUSTOMER, Authorship.AUTOMATED)

    def test_table_needs_every_cell(self) -> None:
        """A table missing a stage and authorship is refused."""
        with pytest.raises(pt.exceptions.InvalidFieldError):
            StageTable(levels={("customer", "automated"): "generic"})


class TestPersonalization:
    def test_contextual_needs_a_grant(self) -> None:
        """Without a personalization grant a message stays CUSTOMIZED and says what would help."""
        d = decide_core(m=message(level="contextual"), consents=[grant("marketing.email")])
        assert L.CUSTOMIZED == d.level
        assert ["CONTEXTUAL needs a personalization.behaviour grant"] == [
            r.hint for r in d.reasons if r.code == "personalization_not_permitted"
        ]

    def test_personal_needs_a_profile_grant(self) -> None:
        """A behaviour grant allows CONTEXTUAL; PERSONAL needs a profile grant."""
        c = traveller(stage="advocate")
        consents = [grant("marketing.email"), grant("personalization.behaviour")]
        d = decide_core(c, message(level="personal"), consents=consents)
        assert L.CONTEXTUAL == d.level
        assert "PERSONAL needs a personalization.profile grant" in {r.hint for r in d.reasons}
        assert L.PERSONAL == decide_core(c, message(level="personal")).level

    def test_legitimate_interest_where_the_law_allows(self) -> None:
        """A pack accepting legitimate interest lets a profile grant on it reach CONTEXTUAL."""
        pack = _permit_pack(personalization={"legitimate_interest": pt.Level.CONTEXTUAL})
        policy = CORE.with_packs(pack)
        li = grant("personalization.profile", basis="legitimate_interest")
        consents = [grant("marketing.email"), li]
        m = message(level="personal")
        c = traveller(stage="advocate", jurisdiction="DE")
        assert L.CONTEXTUAL == decide_core(c, m, consents=consents, policy=policy).level
        unknown = traveller(stage="advocate", jurisdiction=None)
        assert L.CUSTOMIZED == decide_core(unknown, m, consents=consents, policy=policy).level

    def test_personal_fact_outside_scope_is_withheld(self) -> None:
        """A profile consent limited to interests does not cover the trip."""
        scoped = grant("personalization.profile", scope=GrantScope(fact_keys=["interests"]))
        m = message(level="personal", content_facts=["travel.next_trip"])
        d = decide_core(traveller(stage="advocate"), m, consents=[grant("marketing.email"), scoped])
        assert ("outside_personalization_scope",) == tuple(w.code for w in d.withheld_facts)


class TestFacts:
    def test_inferred_pregnancy_for_targeting_denies(self) -> None:
        """Choosing the recipient by an inferred pregnancy denies the message."""
        preg = fact(
            "health.pregnancy", True, pt.Provenance.INFERRED, sensitivity="reproductive_health"
        )
        c = traveller(facts=(preg,))
        d = decide_core(c, message(targeting_facts=["health.pregnancy"]))
        assert DENY == d.verdict
        assert "targeting_on_sensitive_inference" in codes(d)

    def test_inferred_pregnancy_for_content_is_withheld(self) -> None:
        """An inferred pregnancy is never used in content, even with explicit consent."""
        preg = fact(
            "health.pregnancy", True, pt.Provenance.INFERRED, sensitivity="reproductive_health"
        )
        c = traveller(stage="advocate", facts=(preg,))
        explicit = grant("personalization.sensitive.reproductive_health", basis="explicit_consent")
        d = decide_core(
            c,
            message(level="personal", content_facts=["health.pregnancy"]),
            consents=[*FULL, explicit],
        )
        assert ALLOW == d.verdict
        assert ("health.pregnancy", "inferred_special_category") == (
            d.withheld_facts[0].key,
            d.withheld_facts[0].code,
        )
        assert not d.may_use("health.pregnancy")

    def test_special_category_needs_named_explicit_consent(self) -> None:
        """A stated health fact needs explicit consent naming the category."""
        care = fact("family.parent_care", "x", sensitivity="health")
        c = traveller(stage="advocate", facts=(care,))
        m = message(level="personal", content_facts=["family.parent_care"])
        d = decide_core(c, m)
        assert "special_category_needs_explicit_consent" == d.withheld_facts[0].code
        broad = grant("personalization.sensitive", basis="explicit_consent")
        assert d.withheld_facts == decide_core(c, m, consents=[*FULL, broad]).withheld_facts
        named = grant("personalization.sensitive.health", basis="explicit_consent")
        assert ("family.parent_care",) == decide_core(c, m, consents=[*FULL, named]).usable_facts
        plain = grant("personalization.sensitive.health")
        assert () == decide_core(c, m, consents=[*FULL, plain]).usable_facts

    def test_targeting_on_special_category_without_consent_denies(self) -> None:
        """Selecting by stated health data needs explicit consent; with it the message goes."""
        care = fact("family.parent_care", "x", sensitivity="health")
        c = traveller(facts=(care,))
        m = message(targeting_facts=["family.parent_care"])
        assert "targeting_on_special_category" in codes(decide_core(c, m))
        named = grant("personalization.sensitive.health", basis="explicit_consent")
        assert ALLOW == decide_core(c, m, consents=[*FULL, named]).verdict

    def test_inferred_ordinary_fact_not_used_by_default(self) -> None:
        """An inferred interest does not fill content unless the policy allows inferences."""
        guess = fact("interests.golf", True, pt.Provenance.INFERRED)
        c = traveller(stage="advocate", facts=(guess,))
        m = message(level="personal", content_facts=["interests.golf"])
        assert "inferred_fact" == decide_core(c, m).withheld_facts[0].code
        import attrs

        lenient = attrs.evolve(CORE, use_inferred_facts=True)
        assert ("interests.golf",) == decide_core(c, m, policy=lenient).usable_facts

    def test_expired_and_unknown_facts_are_withheld(self) -> None:
        """A trip that is over, and a key we never learned, are withheld with their codes."""
        trip = fact("travel.next_trip", "x", valid_until=AT)
        c = traveller(stage="advocate", facts=(trip,))
        m = message(level="personal", content_facts=["travel.next_trip", "pets.name"])
        got = {w.key: w.code for w in decide_core(c, m).withheld_facts}
        assert {"travel.next_trip": "fact_expired", "pets.name": "fact_unknown"} == got

    def test_stale_observed_fact_is_withheld(self) -> None:
        """Behaviour older than a year is too old; 364 days is fine."""
        old = fact("purchases.last", "x", pt.Provenance.OBSERVED, recorded_at=AT.subtract(days=366))
        ok = fact("purchases.last", "x", pt.Provenance.OBSERVED, recorded_at=AT.subtract(days=364))
        m = message(level="contextual", content_facts=["purchases.last"])
        assert "fact_stale" == decide_core(traveller(facts=(old,)), m).withheld_facts[0].code
        assert ("purchases.last",) == decide_core(traveller(facts=(ok,)), m).usable_facts

    def test_excluded_topic_is_withheld_and_blocks_targeting(self) -> None:
        """A topic the person excluded is never mentioned, nor used to choose them."""
        c = traveller(stage="advocate", preferences=pt.Preferences(excluded_topics=["travel"]))
        m = message(level="personal", content_facts=["travel.next_trip"])
        assert "excluded_by_contact" == decide_core(c, m).withheld_facts[0].code
        assert DENY == decide_core(c, message(targeting_facts=["travel.next_trip"])).verdict

    def test_third_party_fact_needs_basis(self) -> None:
        """Bought data needs an enrichment grant."""
        bought = fact("interests.cars", "x", pt.Provenance.THIRD_PARTY)
        c = traveller(stage="advocate", facts=(bought,))
        m = message(level="personal", content_facts=["interests.cars"])
        assert "third_party_needs_basis" == decide_core(c, m).withheld_facts[0].code
        enrich = grant("personalization.third_party")
        assert ("interests.cars",) == decide_core(c, m, consents=[*FULL, enrich]).usable_facts

    def test_withholding_lowers_the_level(self) -> None:
        """Without the withheld trip, a PERSONAL message supports only CONTEXTUAL."""
        c = traveller(stage="advocate", preferences=pt.Preferences(excluded_topics=["travel"]))
        m = message(level="personal", content_facts=["travel.next_trip", "purchases.last"])
        d = decide_core(c, m)
        assert (L.CONTEXTUAL, ("purchases.last",)) == (d.level, d.usable_facts)
        assert "withheld_facts_lower_level" in codes(d)

    def test_withholding_everything_keeps_customized(self) -> None:
        """With every fact withheld the message may still use the name (CUSTOMIZED)."""
        c = traveller(stage="advocate", preferences=pt.Preferences(excluded_topics=["travel"]))
        d = decide_core(c, message(level="personal", content_facts=["travel.next_trip"]))
        assert L.CUSTOMIZED == d.level

    def test_fact_above_the_granted_level_is_withheld(self) -> None:
        """A CUSTOMIZED message cannot mention the trip (it needs PERSONAL)."""
        d = decide_core(m=message(level="customized", content_facts=["travel.next_trip"]))
        assert "above_granted_level" == d.withheld_facts[0].code

    @pytest.mark.parametrize(
        ("key", "provenance", "sensitivity", "expected"),
        [
            ("name.nickname", "stated", "ordinary", L.CUSTOMIZED),
            ("company.size", "system", "ordinary", L.CUSTOMIZED),
            ("interests.food", "stated", "ordinary", L.CONTEXTUAL),
            ("purchases.last", "observed", "ordinary", L.CONTEXTUAL),
            ("account.since", "system", "ordinary", L.CONTEXTUAL),
            ("travel.next_trip", "stated", "ordinary", L.PERSONAL),
            ("interests.golf", "inferred", "ordinary", L.PERSONAL),
            ("interests.cars", "third_party", "ordinary", L.PERSONAL),
            ("purchases.meds", "observed", "health", L.PERSONAL),
        ],
    )
    def test_fact_level(self, key: str, provenance: str, sensitivity: str, expected: L) -> None:
        """Each kind of fact needs the documented level."""
        assert expected == rules.fact_level(fact(key, 1, provenance, sensitivity=sensitivity))


class TestPreferences:
    def test_max_level_caps(self) -> None:
        """The person's own ceiling wins."""
        c = traveller(stage="advocate", preferences=pt.Preferences(max_level="customized"))
        d = decide_core(c, message(level="personal"))
        assert L.CUSTOMIZED == d.level
        assert "contact_max_level" in codes(d)

    def test_pause_defers_until_it_ends(self) -> None:
        """A pause defers marketing to its end; receipts still go."""
        end = AT.add(days=2)
        c = traveller(preferences=pt.Preferences(paused_until=end))
        d = decide_core(c)
        assert (DEFER, end) == (d.verdict, d.not_before)
        assert ALLOW == decide_core(c, message(purpose="transactional")).verdict
        assert ALLOW == decide_core(c, at=end).verdict

    def test_excluded_topic_denies_the_message(self) -> None:
        """A message about a topic the person excluded is denied."""
        c = traveller(preferences=pt.Preferences(excluded_topics=["family"]))
        assert "topic_excluded" in codes(decide_core(c, message(topic="family.wedding")))
        assert ALLOW == decide_core(c, message(topic="familyhistory")).verdict


class TestHonesty:
    def test_automated_authorship_claims_deny(self) -> None:
        """An automated message claiming to be handwritten is denied; a human one is not."""
        d = decide_core(m=message(authorship_claims=["handwritten"]))
        assert DENY == d.verdict
        assert "automated_claims_personal_authorship" in codes(d)
        human = message(authorship="human", authorship_claims=["handwritten"])
        assert ALLOW == decide_core(m=human).verdict

    def test_automated_never_individual(self) -> None:
        """Even where the table allows it, automation never reaches INDIVIDUAL."""
        table = rules.DEFAULT_STAGE_TABLE.with_level(
            pt.Stage.CUSTOMER, Authorship.AUTOMATED, pt.Level.INDIVIDUAL
        )
        d = decide_core(m=message(level="individual"), policy=CORE.with_stage_table(table))
        assert L.PERSONAL == d.level
        assert "automated_not_individual" in codes(d)

    def test_automated_disclosure_above_customized(self) -> None:
        """Automated CONTEXTUAL messages say they are automated; CUSTOMIZED ones need not."""
        d = decide_core(c=traveller(stage="advocate"), m=message(level="contextual"))
        assert d.requires(DisclosureCode.AUTOMATED_MESSAGE)
        low = decide_core(m=message(level="customized"))
        assert not low.requires(DisclosureCode.AUTOMATED_MESSAGE)

    def test_disclosure_dropped_when_level_falls(self) -> None:
        """When caps bring the level to CUSTOMIZED, the automated notice is not required."""
        d = decide_core(traveller(stage="awareness"), message(level="contextual"))
        assert not d.requires(DisclosureCode.AUTOMATED_MESSAGE)
        assert "automated_disclosure" not in codes(d)

    def test_fact_source_disclosure_without_the_value(self) -> None:
        """Using the trip requires saying where we learned it: topic and date, never the value."""
        d = decide_core(
            traveller(stage="advocate"),
            message(level="personal", content_facts=["travel.next_trip"]),
        )
        (src,) = [x for x in d.disclosures if x.code is DisclosureCode.FACT_SOURCE]
        assert {
            "key": "travel.next_trip",
            "topic": "travel",
            "provenance": "stated",
            "date": "2026-10-31",
        } == dict(src.params)
        assert "New York" not in repr(d)


class TestTiming:
    def _at(self, zone: str, *args: int) -> pendulum.DateTime:
        return pendulum.datetime(*args, tz=zone)

    @pytest.mark.parametrize(
        ("hour", "minute", "expected"),
        [(20, 59, ALLOW), (21, 0, DEFER), (7, 59, DEFER), (8, 0, ALLOW)],
    )
    def test_quiet_hours_boundaries(self, hour: int, minute: int, expected: pt.Verdict) -> None:
        """21:00 is quiet, 08:00 is not (start inclusive, end exclusive)."""
        at = self._at("Europe/Berlin", 2026, 11, 30, hour, minute)
        assert expected == decide_core(at=at).verdict

    @pytest.mark.parametrize(
        ("zone", "evening", "expected"),
        [
            # spring forward and fall back in each zone
            ("America/New_York", (2026, 3, 7, 22), "2026-03-08T08:00:00-04:00"),
            ("America/New_York", (2026, 10, 31, 22), "2026-11-01T08:00:00-05:00"),
            ("Europe/Berlin", (2026, 3, 28, 22), "2026-03-29T08:00:00+02:00"),
            ("Europe/Berlin", (2026, 10, 24, 22), "2026-10-25T08:00:00+01:00"),
            ("Australia/Sydney", (2026, 10, 3, 22), "2026-10-04T08:00:00+11:00"),
            ("Australia/Sydney", (2026, 4, 4, 22), "2026-04-05T08:00:00+10:00"),
        ],
    )
    def test_quiet_hours_across_dst(
        self, zone: str, evening: tuple[int, int, int, int], expected: str
    ) -> None:
        """The night a zone changes its clocks, the message waits until 08:00 local."""
        d = decide_core(traveller(timezone=zone), at=self._at(zone, *evening))
        assert DEFER == d.verdict
        assert d.not_before is not None
        assert expected == d.not_before.isoformat()

    @pytest.mark.parametrize(
        ("zone", "day", "expected"),
        [
            ("America/New_York", (2026, 3, 8), "2026-03-08T03:00:00-04:00"),
            ("Europe/Berlin", (2026, 3, 29), "2026-03-29T03:00:00+02:00"),
            ("Australia/Sydney", (2026, 10, 4), "2026-10-04T03:00:00+11:00"),
        ],
    )
    def test_quiet_hours_ending_in_a_gap(
        self, zone: str, day: tuple[int, int, int], expected: str
    ) -> None:
        """Quiet hours ending at 02:30 on a spring-forward night end at the first instant after."""
        prefs = pt.Preferences(quiet_hours=QuietHours("22:00", "02:30"))
        at = self._at(zone, *day, 1, 0)
        d = decide_core(traveller(timezone=zone, preferences=prefs), at=at)
        assert d.not_before is not None
        assert expected == d.not_before.isoformat()

    def test_quiet_hours_on_the_repeated_hour(self) -> None:
        """Quiet hours ending at 01:30 on a fall-back night end at its first occurrence."""
        prefs = pt.Preferences(quiet_hours=QuietHours("22:00", "01:30"))
        at = self._at("America/New_York", 2026, 11, 1, 0, 30)
        d = decide_core(traveller(timezone="America/New_York", preferences=prefs), at=at)
        assert d.not_before is not None
        assert "2026-11-01T01:30:00-04:00" == d.not_before.isoformat()

    def test_contact_quiet_hours_and_exemptions(self) -> None:
        """The contact's own hours apply; receipts and letters are never deferred."""
        at = self._at("Europe/Berlin", 2026, 11, 30, 13, 0)
        prefs = pt.Preferences(quiet_hours=QuietHours("12:00", "14:00"))
        d = decide_core(traveller(preferences=prefs), at=at)
        assert "2026-11-30T14:00:00+01:00" == d.not_before.isoformat()  # type: ignore[union-attr]
        night = self._at("Europe/Berlin", 2026, 11, 30, 23, 0)
        assert ALLOW == decide_core(m=message(purpose="transactional"), at=night).verdict
        post = [grant("marketing.post")]
        assert ALLOW == decide_core(m=message(channel="post"), consents=post, at=night).verdict

    def test_pack_windows_combine_with_quiet_hours(self) -> None:
        """Calling hours and a Sunday ban from a pack combine with quiet hours: Monday 09:00."""

        @rules.rule("XX-HOURS")
        def calling_hours(request: rules.Request) -> list[rules.Outcome]:
            local, tz = request.local, request.contact.tz
            if local.weekday() == 6:
                monday = local.date() + dt.timedelta(days=1)
                nb = rules.wall_instant(monday, dt.time(0), tz)
                return [rules.Defer("XX-HOURS", "sunday", "no calls on Sundays", nb)]
            if not dt.time(9) <= local.time() < dt.time(20):
                nb = rules.next_wall_time(local, dt.time(9), tz)
                return [rules.Defer("XX-HOURS", "calling_hours", "calling hours", nb)]
            return []

        pack = rules.Pack(id="XX", name="Testland", countries={"DE"}, rules=(calling_hours,))
        policy = CORE.with_packs(pack)
        saturday_night = self._at("Europe/Berlin", 2026, 11, 28, 22, 0)
        c = traveller(jurisdiction="DE")
        d = decide_core(c, consents=FULL, at=saturday_night, policy=policy)
        assert DEFER == d.verdict
        assert "2026-11-30T09:00:00+01:00" == d.not_before.isoformat()  # type: ignore[union-attr]
        assert {"quiet_hours", "calling_hours", "sunday"} <= codes(d)

    def test_endless_deferral_denies(self) -> None:
        """A window that never opens ends in a denial instead of looping."""

        @rules.rule("never")
        def never(request: rules.Request) -> list[rules.Outcome]:
            return [rules.Defer("never", "never", "never", request.at.add(hours=1))]

        d = decide_core(policy=CORE.with_rule(never))
        assert DENY == d.verdict
        assert "no_permitted_instant" in codes(d)


class TestFrequency:
    def _c(self, *limits: FrequencyLimit) -> pt.Contact:
        return traveller(preferences=pt.Preferences(frequency_limits=limits))

    def test_daily_cap_counts_the_local_day(self) -> None:
        """00:30 Berlin (23:30 UTC the day before) counts for today; 23:30 Berlin yesterday not."""
        c = self._c(FrequencyLimit(1, "day", "email"))
        today = touch(pendulum.datetime(2026, 11, 29, 23, 30, tz="UTC"))
        yesterday = touch(pendulum.datetime(2026, 11, 29, 22, 30, tz="UTC"))
        d = decide_core(c, history=[today])
        assert DEFER == d.verdict
        assert "2026-12-01T08:00:00+01:00" == d.not_before.isoformat()  # type: ignore[union-attr]
        assert ALLOW == decide_core(c, history=[yesterday]).verdict

    def test_week_and_month_periods(self) -> None:
        """Weeks start on Monday, months on the 1st, in the contact's calendar."""
        week = self._c(FrequencyLimit(1, "week"))
        sunday = touch(pendulum.datetime(2026, 11, 29, 12, tz="Europe/Berlin"))
        assert ALLOW == decide_core(week, history=[sunday]).verdict
        monday = touch(pendulum.datetime(2026, 11, 30, 9, tz="Europe/Berlin"))
        d = decide_core(week, history=[monday])
        assert "2026-12-07T08:00:00+01:00" == d.not_before.isoformat()  # type: ignore[union-attr]
        month = self._c(FrequencyLimit(2, "month"))
        two = [touch(pendulum.datetime(2026, 11, day, 9, tz="Europe/Berlin")) for day in (2, 3)]
        assert DEFER == decide_core(month, history=two).verdict
        december = pendulum.datetime(2026, 12, 1, 9, tz="Europe/Berlin")
        assert ALLOW == decide_core(month, history=two, at=december).verdict

    def test_transactional_exempt_and_not_counted(self) -> None:
        """Receipts are neither capped nor counted; other channels do not count either."""
        c = self._c(FrequencyLimit(1, "day", "email"))
        receipt = touch(AT.subtract(hours=1), purpose="transactional")
        sms = touch(AT.subtract(hours=1), channel="sms")
        assert ALLOW == decide_core(c, history=[receipt, sms]).verdict
        sent = touch(AT.subtract(hours=1))
        assert ALLOW == decide_core(c, message(purpose="transactional"), history=[sent]).verdict

    def test_zero_cap_denies(self) -> None:
        """A cap of zero means never."""
        c = self._c(FrequencyLimit(0, "day"))
        assert "frequency_zero" in codes(decide_core(c))

    def test_other_contacts_history_ignored(self) -> None:
        """Only the contact's own history counts."""
        c = self._c(FrequencyLimit(1, "day"))
        other = touch(AT.subtract(hours=1), contact_id="c-2")
        assert ALLOW == decide_core(c, history=[other]).verdict


class TestDialBack:
    def _m(self) -> pt.Message:
        return message(level="contextual")

    def test_intrusive_reaction_caps_then_recovers(self) -> None:
        """A reaction that felt intrusive caps at SEGMENTED for 90 days, then lifts."""
        c = traveller(stage="advocate")
        for days, expected in (
            (1, L.SEGMENTED),
            (89, L.SEGMENTED),
            (90, L.CONTEXTUAL),
            (91, L.CONTEXTUAL),
        ):
            h = [touch(AT.subtract(days=days), kind="felt_intrusive")]
            assert expected == decide_core(c, self._m(), history=h).level, days

    def test_complaint_caps_to_generic(self) -> None:
        """A complaint caps at GENERIC for 180 days."""
        h = [touch(AT.subtract(days=100), kind="complained")]
        d = decide_core(traveller(stage="advocate"), self._m(), history=h)
        assert L.GENERIC == d.level
        assert "dial_back_complained" in codes(d)

    def test_future_reaction_does_not_count(self) -> None:
        """A reaction recorded after the instant does not reach back."""
        h = [touch(AT.add(days=1), kind="complained")]
        assert L.CONTEXTUAL == decide_core(traveller(stage="advocate"), self._m(), history=h).level


class TestInquiryReplies:
    def test_flag_without_inquiry_lifts_nothing(self) -> None:
        """Claiming to answer an inquiry that is not in the history changes nothing."""
        m = message(
            purpose="relationship", authorship="human", level="individual", in_reply_to_inquiry=True
        )
        c = traveller(stage="awareness")
        d = decide_core(c, m, consents=[])
        assert DENY == d.verdict
        assert L.CUSTOMIZED == decide_core(c, m).level
