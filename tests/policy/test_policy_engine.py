from __future__ import annotations

import attrs
import pendulum
import pytest

import personal_touch as pt
from builders import AT, CORE, FULL, codes, decide_core, fact, grant, message, touch, traveller
from personal_touch import rules
from personal_touch.exceptions import DecisionDeniedError, InvalidFieldError, NaiveDateTimeError
from personal_touch.values import Disclosure, Effect, FrequencyLimit

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER


def _const(rule_id: str, *outcomes: rules.Outcome) -> rules.FunctionRule:
    return rules.FunctionRule(rule_id, lambda _request: outcomes)


class TestCombining:
    def test_deny_wins_over_defer_and_permit(self) -> None:
        """Any deny wins: the level drops to GENERIC and no fact is usable."""
        deny = _const("x", rules.Deny("x", "no", "no"))
        m = message(level="segmented", content_facts=["interests.food"])
        d = decide_core(m=m, policy=CORE.with_rule(deny))
        assert (DENY, pt.Level.GENERIC, ()) == (d.verdict, d.level, d.usable_facts)
        assert () == d.disclosures

    def test_latest_defer_wins(self) -> None:
        """Of several defers, the latest not_before wins."""
        early, late = AT.add(hours=1), AT.add(hours=2)
        policy = CORE.with_rule(
            _const(
                "x",
                rules.Defer("x", "a", "a", early),
                rules.Defer("x", "b", "b", late),
            )
        )
        policy = policy.with_rule(_const("y", *()))
        d = decide_core(policy=policy)
        assert (DEFER, late) == (d.verdict, d.not_before)

    def test_lowest_cap_wins(self) -> None:
        """The level is the minimum of the request and every cap."""
        policy = CORE.with_rule(
            _const(
                "x",
                rules.Cap("x", "a", "a", pt.Level.CUSTOMIZED),
                rules.Cap("x", "b", "b", pt.Level.SEGMENTED),
            )
        )
        d = decide_core(traveller(stage="advocate"), message(level="personal"), policy=policy)
        assert pt.Level.SEGMENTED == d.level
        assert [pt.Level.CUSTOMIZED, pt.Level.SEGMENTED] == [
            r.level for r in d.reasons if r.effect is Effect.CAP
        ]

    def test_no_rules_fail_closed(self) -> None:
        """A policy without rules denies every non-transactional message."""
        empty = pt.Policy(name="empty")
        assert DENY == decide_core(policy=empty).verdict
        assert ALLOW == decide_core(m=message(purpose="transactional"), policy=empty).verdict

    def test_notes_and_conditional_disclosures(self) -> None:
        """Notes are recorded; a disclosure whose fact is withheld is neither kept nor listed."""
        note = rules.Note("x", "fyi", "for the record", citation="Law s. 2")
        disclose = rules.Disclose(
            "x",
            "why",
            "why",
            Disclosure("fact_source"),
            if_fact_used="pets.name",
        )
        d = decide_core(policy=CORE.with_rule(_const("x", note, disclose)))
        assert ["Law s. 2"] == [r.citation for r in d.reasons if r.code == "fyi"]
        assert "why" not in codes(d)

    def test_withhold_from_any_rule(self) -> None:
        """A custom rule can withhold a fact, and the level follows."""
        hold = _const("x", rules.Withhold("x", "not_today", "not today", "travel.next_trip"))
        m = message(level="personal", content_facts=["travel.next_trip"])
        d = decide_core(traveller(stage="advocate"), m, policy=CORE.with_rule(hold))
        assert (pt.Level.CUSTOMIZED, "not_today") == (d.level, d.withheld_facts[0].code)


class TestScopedFunctionRules:
    def test_a_rule_scoped_to_channels_is_asked_only_about_them(self) -> None:
        """rule(channels=...) is asked about messages on those channels, not others."""
        deny_sms = rules.rule("no-sms", channels=["sms"])(
            lambda _request: (rules.Deny("no-sms", "no_sms", "no texts"),)
        )
        policy = CORE.with_rule(deny_sms)
        assert ALLOW == decide_core(policy=policy).verdict
        assert DENY == decide_core(m=message(channel="sms"), policy=policy).verdict

    def test_a_rule_scoped_to_purposes_is_asked_only_about_them(self) -> None:
        """rule(purposes=...) is asked about messages for those purposes, not others."""
        deny = rules.FunctionRule(
            "no-surveys",
            lambda _request: (rules.Deny("no-surveys", "no_surveys", "no surveys"),),
            purposes=["survey"],
        )
        assert frozenset({pt.MessagePurpose.SURVEY}) == deny.purposes
        assert ALLOW == decide_core(policy=CORE.with_rule(deny)).verdict

    def test_an_unknown_channel_is_a_typed_error(self) -> None:
        """A scope naming no channel fails loudly, naming the field."""
        with pytest.raises(InvalidFieldError, match="channels"):
            rules.FunctionRule("x", lambda _request: (), channels=["pigeon"])


class TestPolicyVerbs:
    def test_add_before_after_and_at_end(self) -> None:
        """with_rule places a rule before, after or at the end."""
        r = _const("mine")
        assert "mine" == CORE.with_rule(r).rule_ids[-1]
        assert ("mine", "consent") == CORE.with_rule(r, before="consent").rule_ids[:2]
        assert ("consent", "mine") == CORE.with_rule(r, after="consent").rule_ids[:2]
        with pytest.raises(InvalidFieldError):
            CORE.with_rule(r, before="consent", after="timing")

    def test_remove_replace_reorder(self) -> None:
        """Rules can be removed, replaced in place and reordered; the original is unchanged."""
        assert "timing" not in CORE.without_rule("timing").rule_ids
        replaced = CORE.replacing_rule("timing", _const("my_timing"))
        assert CORE.rule_ids.index("timing") == replaced.rule_ids.index("my_timing")
        order = tuple(reversed(CORE.rule_ids))
        assert order == CORE.reordered(order).rule_ids
        assert "timing" in CORE.rule_ids
        with pytest.raises(InvalidFieldError):
            CORE.reordered(CORE.rule_ids[1:])
        with pytest.raises(InvalidFieldError):
            CORE.without_rule("nope")

    def test_duplicate_ids_refused(self) -> None:
        """Rule ids are unique within a policy."""
        with pytest.raises(InvalidFieldError):
            CORE.with_rule(rules.consent)

    def test_removing_quiet_hours(self) -> None:
        """Without the timing rule a night-time message goes at once."""
        night = pendulum.datetime(2026, 11, 30, 23, tz="Europe/Berlin")
        assert DEFER == decide_core(at=night).verdict
        assert ALLOW == decide_core(at=night, policy=CORE.without_rule("timing")).verdict

    def test_packs_verbs_and_versions(self) -> None:
        """Packs are added, replaced by id and removed; name and version are recorded."""
        pack = rules.Pack(id="XX", name="X", countries={"DE"})
        policy = CORE.with_packs(pack).with_packs(attrs.evolve(pack, version="2"))
        assert ["2"] == [p.version for p in policy.packs]
        assert () == policy.without_packs("XX").packs
        d = decide_core(policy=policy.with_version("mine", "7"))
        assert ("mine", "7") == (d.policy, d.policy_version)

    def test_packs_apply_by_jurisdiction(self) -> None:
        """A subdivision pack applies only there; unknown jurisdictions get every pack."""
        fl = rules.Pack(id="US-FL", name="Florida", countries={"US"}, subdivisions={"US-FL"})
        assert fl.applies_to(pt.Jurisdiction.parse("US-FL"))
        assert not fl.applies_to(pt.Jurisdiction.parse("US-NY"))
        assert not fl.applies_to(pt.Jurisdiction.parse("DE"))
        assert fl.applies_to(None)
        policy = CORE.with_packs(fl)
        assert (fl,) == policy.packs_for(None)
        assert () == policy.packs_for(pt.Jurisdiction.parse("US-NY"))

    def test_stage_table_lookup(self) -> None:
        """The policy's rule() finds a rule by id."""
        assert rules.consent is CORE.rule("consent")


class TestDefaultPolicy:
    def test_cached_with_every_pack(self) -> None:
        """The default policy is built once and holds the core rules and every pack."""
        from personal_touch import packs

        policy = pt.default_policy()
        assert policy is pt.default_policy()
        assert rules.CORE_RULES == policy.rules
        assert {p.id for p in packs.all_packs()} == {p.id for p in policy.packs}

    def test_decide_defaults_to_it(self) -> None:
        """decide_core() without a policy uses the default policy."""
        d = pt.decide(traveller(), message(), consents=FULL, at=AT)
        assert "default" == d.policy


class TestInputs:
    def test_naive_instant_refused(self) -> None:
        """A naive `at` is an error naming the field."""
        with pytest.raises(NaiveDateTimeError, match="at"):
            pt.decide(traveller(), message(), consents=(), at=AT.naive())

    def test_ledger_of_another_contact_refused(self) -> None:
        """A ledger belonging to someone else is an error, not a silent denial."""
        with pytest.raises(InvalidFieldError, match="consents"):
            decide_core(consents=pt.ConsentLedger("c-2"))

    def test_ledger_and_grants_agree(self) -> None:
        """A ledger and the same grants as a list give the same decision."""
        ledger = pt.ConsentLedger.from_grants("c-1", FULL)
        assert decide_core(consents=FULL) == decide_core(consents=ledger)

    def test_history_order_does_not_matter(self) -> None:
        """History is sorted by time before rules read it."""
        h = [touch(AT.subtract(days=d), kind="felt_intrusive") for d in (1, 200, 50)]
        m = message(level="contextual")
        c = traveller(stage="advocate")
        assert decide_core(c, m, history=h) == decide_core(c, m, history=list(reversed(h)))

    def test_same_ledger_at_different_instants(self) -> None:
        """Cached views of a ledger never leak from one instant to another."""
        ledger = pt.ConsentLedger.from_grants(
            "c-1", [grant("marketing.email", withdrawn_at=AT.add(days=1))]
        )
        assert ALLOW == decide_core(consents=ledger).verdict
        assert DENY == decide_core(consents=ledger, at=AT.add(days=2)).verdict
        assert ALLOW == decide_core(consents=ledger, at=AT.add(hours=1)).verdict

    def test_same_contact_facts_at_different_instants(self) -> None:
        """Cached valid facts follow the instant asked about."""
        trip = fact("travel.next_trip", "x", valid_until=AT.add(days=1))
        c = traveller(stage="advocate", facts=(trip,))
        m = message(level="personal", content_facts=["travel.next_trip"])
        assert ("travel.next_trip",) == decide_core(c, m).usable_facts
        assert () == decide_core(c, m, at=AT.add(days=2)).usable_facts
        assert () == decide_core(c, m, at=AT.subtract(days=31)).usable_facts

    def test_same_history_tuple_for_two_contacts(self) -> None:
        """A shared history tuple is filtered per contact, even when cached."""
        h = (touch(AT.subtract(days=1), kind="complained"),)
        m = message(level="contextual")
        assert pt.Level.GENERIC == decide_core(traveller(stage="advocate"), m, history=h).level
        other = traveller(id="c-2", stage="advocate")
        mine = [grant("marketing.email", contact_id="c-2")]
        assert pt.Level.CUSTOMIZED == decide_core(other, m, consents=mine, history=h).level


class TestDecisionId:
    def test_deterministic_across_copies(self) -> None:
        """Equal inputs built separately give the same id."""
        a = decide_core(traveller(), message(), consents=[grant("marketing.email")])
        b = decide_core(traveller(), message(), consents=[grant("marketing.email")])
        assert a.decision_id == b.decision_id
        assert 32 == len(a.decision_id)

    @pytest.mark.parametrize(
        "change",
        [
            {"at": AT.add(seconds=1)},
            {"m": message(id="other-campaign")},
            {"consents": [grant("marketing.email", withdrawn_at=AT.add(days=9))]},
            {"history": [touch(AT.subtract(days=400))]},
            {"policy": CORE.with_version("core", "other")},
        ],
    )
    def test_changes_with_inputs(self, change: dict[str, object]) -> None:
        """A different instant, message, grant version, history or policy changes the id."""
        base = decide_core(consents=[grant("marketing.email")])
        kwargs: dict[str, object] = {"consents": [grant("marketing.email")], **change}
        assert base.decision_id != decide_core(**kwargs).decision_id  # type: ignore[arg-type]


class TestEnforce:
    def test_allow_passes_through(self) -> None:
        """enforce() returns an allowing decision unchanged."""
        d = decide_core()
        assert d is pt.enforce(d)

    def test_deny_raises_typed_error(self) -> None:
        """enforce() raises DecisionDeniedError naming the id and first blocking rule."""
        d = decide_core(consents=[])
        with pytest.raises(DecisionDeniedError) as info:
            pt.enforce(d)
        assert d is info.value.decision
        assert f"decision {d.decision_id} is deny: consent/no_permission" == str(info.value)
        assert isinstance(info.value, PermissionError)

    def test_defer_raises_with_instant(self) -> None:
        """A deferral is not permission to send now."""
        d = decide_core(at=pendulum.datetime(2026, 11, 30, 23, tz="Europe/Berlin"))
        with pytest.raises(DecisionDeniedError, match="defer until 2026-12-01T08:00:00"):
            pt.enforce(d)


class TestExplain:
    def test_account_lists_verdict_facts_and_hints(self) -> None:
        """explain() names the verdict, the facts, the disclosures and what would change it."""
        c = traveller(stage="advocate", preferences=pt.Preferences(excluded_topics=["travel"]))
        m = message(level="personal", content_facts=["travel.next_trip", "purchases.last"])
        text = decide_core(c, m, consents=[grant("marketing.email")]).explain()
        assert "verdict: ALLOW" in text
        assert "withheld travel.next_trip" in text
        assert "to change this: PERSONAL needs a personalization.profile grant" in text
        assert "Anna" not in text
        assert "New York" not in text


class TestCaches:
    def test_tiny_caches_give_the_same_decisions(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """With every memo evicted at once, decisions are unchanged (caches are only speed)."""
        from personal_touch._policy import _compile

        c = traveller(
            stage="advocate",
            facts=(fact("travel.next_trip", "x"), fact("purchases.last", "y", "observed")),
            preferences=pt.Preferences(frequency_limits=[FrequencyLimit(3, "day")]),
        )
        m = message(level="personal", content_facts=["travel.next_trip", "purchases.last"])
        history = (touch(AT.subtract(days=2), kind="felt_intrusive"), touch(AT.subtract(hours=2)))
        cases = [(c, m, AT.add(hours=h)) for h in range(0, 48, 7)]
        expected = [decide_core(ci, mi, history=history, at=at) for ci, mi, at in cases]
        monkeypatch.setattr(_compile, "REASONS_MAX", 1)
        fresh = [(attrs.evolve(ci), attrs.evolve(mi), at.add(seconds=0)) for ci, mi, at in cases]
        again = [
            decide_core(ci, mi, consents=[attrs.evolve(g) for g in FULL], history=h, at=at)
            for (ci, mi, at), h in zip(
                fresh, [tuple(attrs.evolve(x) for x in history)] * 7, strict=True
            )
        ]
        again += [decide_core(ci, mi, history=history, at=at) for ci, mi, at in cases]
        assert expected + expected == again

    def test_request_built_by_hand(self) -> None:
        """A request built by hand combines as the engine's own request does."""
        from personal_touch._policy._engine import combine
        from personal_touch._policy._prepared import make_request

        ledger = pt.ConsentLedger.from_grants("c-1", FULL)
        req = make_request(traveller(), message(), ledger=ledger, history=(), at=AT, policy=CORE)
        assert pt.decide(traveller(), message(), consents=ledger, at=AT, policy=CORE) == combine(
            attrs.evolve(req)
        )
        assert "Request(contact='c-1', at='2026-11-30T15:00:00+00:00')" == repr(req)
        assert not req.has_pack("EU-GDPR")

    def test_fast_construction_equals_attrs_construction(self) -> None:
        """Decisions and reasons built on the fast path equal ones built through attrs."""
        c = traveller(stage="advocate", preferences=pt.Preferences(excluded_topics=["travel"]))
        m = message(level="personal", content_facts=["travel.next_trip", "purchases.last"])
        d = decide_core(c, m, at=pendulum.datetime(2026, 11, 30, 23, tz="Europe/Berlin"))
        assert d == attrs.evolve(d)
        assert list(d.reasons) == [attrs.evolve(r) for r in d.reasons]
        assert hash(d) == hash(attrs.evolve(d))


class TestDisclosures:
    def test_equal_disclosures_kept_once(self) -> None:
        """Two rules requiring the same disclosure yield it once, in first-seen order."""
        unsub = rules.Disclose("a", "u", "u", Disclosure("unsubscribe"))
        same = rules.Disclose("b", "u", "u", Disclosure("unsubscribe"))
        addr = rules.Disclose("b", "p", "p", Disclosure("postal_address"))
        policy = CORE.with_rule(_const("a", unsub)).with_rule(_const("b", same, addr, same))
        d = decide_core(policy=policy)
        assert ["unsubscribe", "postal_address"] == [x.code.value for x in d.disclosures]


class TestEdges:
    def test_latest_fact_per_key_wins(self) -> None:
        """Of two valid facts with one key, the later recorded one is used."""
        newer = fact("travel.next_trip", "b", recorded_at=AT.subtract(days=1))
        older = fact("travel.next_trip", "a", recorded_at=AT.subtract(days=9))
        from personal_touch._policy._prepared import make_request

        ledger = pt.ConsentLedger.from_grants("c-1", FULL)
        req = make_request(
            traveller(facts=(newer, older)),
            message(),
            ledger=ledger,
            history=(),
            at=AT,
            policy=CORE,
        )
        assert newer is req.facts["travel.next_trip"]

    def test_withheld_fact_with_equal_support_keeps_level(self) -> None:
        """Withholding one personal fact keeps PERSONAL when another personal fact remains."""
        c = traveller(
            stage="advocate",
            facts=(fact("travel.next_trip", "x"), fact("family.kids", 2)),
            preferences=pt.Preferences(excluded_topics=["travel"]),
        )
        m = message(level="personal", content_facts=["travel.next_trip", "family.kids"])
        d = decide_core(c, m)
        assert (pt.Level.PERSONAL, ("family.kids",)) == (d.level, d.usable_facts)

    def test_plain_datetime_not_before(self) -> None:
        """A rule deferring to a plain aware datetime still yields a pendulum instant."""
        import datetime as dt

        later = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
        d = decide_core(policy=CORE.with_rule(_const("x", rules.Defer("x", "x", "x", later))))  # type: ignore[arg-type]
        assert isinstance(d.not_before, pendulum.DateTime)
        assert later == d.not_before

    def test_core_rules_are_callable(self) -> None:
        """Core rules can be called on a request directly, as users test their own."""
        from personal_touch._policy._prepared import make_request

        ledger = pt.ConsentLedger.from_grants("c-1", FULL)
        req = make_request(traveller(), message(), ledger=ledger, history=(), at=AT, policy=CORE)
        assert ["consent_in_force"] == [o.code for o in rules.consent(req)]

    def test_explain_names_the_deciding_rule(self) -> None:
        """A denial's account names the rule and code that decided it."""
        text = decide_core(consents=[]).explain()
        assert "  decided by: consent/no_permission" in text.splitlines()
        assert "decided by" not in decide_core().explain()

    def test_fast_request_matches_attrs_request(self) -> None:
        """The engine's fast-built Request has the fields attrs' __init__ would give it."""
        from personal_touch._policy._prepared import make_request

        ledger = pt.ConsentLedger.from_grants("c-1", FULL)
        history = (touch(AT.subtract(days=1)),)
        fast = make_request(
            traveller(), message(), ledger=ledger, history=history, at=AT, policy=CORE
        )
        names = [f.name for f in attrs.fields(rules.Request) if f.init]
        slow = rules.Request(**{n: getattr(fast, n) for n in names if n != "history_stamps"})
        for name in names:
            assert getattr(slow, name) == getattr(fast, name), name
        assert slow.grants_for("marketing", pt.Channel.EMAIL) == fast.grants_for(
            "marketing", pt.Channel.EMAIL
        )
