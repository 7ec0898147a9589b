"""
Preparing a contact once and deciding many messages against it; deciding a batch.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
import strategies as s
from builders import AT, CORE, FULL, fact, grant, message, touch, traveller
from corpus import generate
from personal_touch import rules
from personal_touch._policy import (
    _audit,
    _combine,
    _compile,
    _engine,
    _inputs,
    _prepared,
    _result,
    _settle,
    _zones,
)
from personal_touch.exceptions import PersonalTouchError

IDS = Path(__file__).parents[1] / "corpus" / "decision_ids.json"


def _snapshot(**changes: Any) -> pt.Prepared:
    fields: dict[str, Any] = {"consents": FULL, "at": AT, "policy": CORE}
    fields.update(changes)
    return pt.prepare(fields.pop("contact", traveller()), **fields)


MESSAGES = [
    message(),
    message(level="personal", content_facts=["travel.next_trip", "purchases.last"]),
    message(channel="sms"),
    message(purpose="transactional", channel="sms"),
    message(purpose="survey"),
]


@pytest.fixture(scope="module")
def corpus() -> list[pt.DecisionRequest]:
    """The first requests of a small corpus (the full one takes a minute to generate)."""
    return list(generate.generate(count=1000))


class TestDecisionIds:
    def test_ids_as_before_the_split(self, corpus: list[pt.DecisionRequest]) -> None:
        """
        Every 5th request of a small corpus keeps the decision id it had before the split.

        (``decision_ids.json`` also holds the digest of the full corpus's 10,000 ids.)
        """
        recorded = json.loads(IDS.read_text())["first_1000"]
        now, batch = {}, {}
        for i in map(int, recorded):
            try:
                now[str(i)] = corpus[i].decide().decision_id
                batch[str(i)] = next(pt.decide_many([corpus[i]])).decision_id
            except PersonalTouchError:
                now[str(i)] = batch[str(i)] = ""
        assert recorded == now
        assert recorded == batch


class TestPrepare:
    def test_same_decisions_as_decide(self) -> None:
        """decide(prepared, m) equals decide(contact, m, ...), id included, for each message."""
        history = (touch(AT.subtract(days=2), kind="felt_intrusive"), touch(AT.subtract(hours=2)))
        prepared = _snapshot(history=history)
        for m in MESSAGES:
            direct = pt.decide(traveller(), m, consents=FULL, history=history, at=AT, policy=CORE)
            assert direct == pt.decide(prepared, m)

    def test_snapshot_holds_what_is_valid_at_the_instant(self) -> None:
        """The snapshot holds the contact's own inputs and what holds at its instant."""
        expired = grant("marketing.sms", expires_at=AT.subtract(days=1))
        own = touch(AT.subtract(days=1))
        other = touch(AT.subtract(days=2), contact_id="c-2")
        old = fact("travel.next_trip", "Rome", recorded_at=AT.subtract(days=90))
        c = traveller(facts=(old, *traveller().facts))
        p = _snapshot(contact=c, consents=(*FULL, expired), history=(other, own))
        assert (own,) == p.history
        assert (own.at.timestamp(),) == p.history_stamps
        assert FULL == p.in_force
        assert "New York" == p.facts["travel.next_trip"].value
        assert "Europe/Berlin" == p.local.timezone_name
        assert (p.local,) == p.local_times
        assert AT.timestamp() == p.timestamp
        assert "Prepared(contact='c-1', at='2026-11-30T15:00:00+00:00')" == repr(p)

    def test_default_policy(self) -> None:
        """Without a policy, a snapshot decides with the default policy."""
        p = pt.prepare(traveller(), consents=FULL, at=AT)
        assert pt.default_policy() is p.policy
        assert pt.decide(traveller(), message(), consents=FULL, at=AT) == pt.decide(p, message())

    def test_other_arguments_refused_with_a_snapshot(self) -> None:
        """A snapshot holds the inputs: giving them again is a TypeError."""
        p = _snapshot()
        for extra in ({"at": AT}, {"consents": FULL}, {"policy": CORE}, {"history": [touch(AT)]}):
            with pytest.raises(TypeError, match="only a message"):
                pt.decide(p, message(), **extra)  # type: ignore[call-overload]

    def test_missing_arguments_for_a_contact(self) -> None:
        """A contact still needs its consents and an instant."""
        with pytest.raises(TypeError, match="'consents'"):
            pt.decide(traveller(), message(), at=AT)  # type: ignore[call-overload]
        with pytest.raises(TypeError, match="'at'"):
            pt.decide(traveller(), message(), consents=FULL)  # type: ignore[call-overload]

    def test_checks_as_decide(self) -> None:
        """prepare() refuses what decide() refuses."""
        with pytest.raises(pt.exceptions.NaiveDateTimeError):
            pt.prepare(traveller(), consents=FULL, at=AT.naive())
        with pytest.raises(pt.exceptions.InvalidFieldError, match="another contact"):
            pt.prepare(traveller(), consents=pt.ConsentLedger("c-2", ()), at=AT)

    def test_deferral_reuses_the_snapshot_inputs(self) -> None:
        """A deferred decision (quiet hours) settles as when deciding directly."""
        night = AT.set(hour=22)
        p = _snapshot(at=night)
        d = pt.decide(p, message())
        assert pt.Verdict.DEFER is d.verdict
        assert d == pt.decide(traveller(), message(), consents=FULL, at=night, policy=CORE)

    def test_at_instant_shares_what_still_holds(self) -> None:
        """Moved within the span its facts and grants hold for, a snapshot shares them."""
        p = _snapshot()
        later = p._at_instant(AT.add(minutes=5))
        assert p.facts is later.facts
        assert p.in_force is later.in_force
        gone = p._at_instant(AT.add(years=2))
        assert () != gone.in_force or p.in_force == ()
        assert AT.add(minutes=5) == later.at

    def test_moved_snapshot_judges_fact_age_at_its_own_instant(self) -> None:
        """Moved within its span, a snapshot shares the facts but judges their age anew."""
        policy = pt.Policy(
            name="core", version="test", rules=rules.CORE_RULES, fact_max_age={"stated": 40}
        )
        m = message(level="contextual", content_facts=["interests.food"])
        p = _snapshot(policy=policy)
        later_at = AT.add(days=20)  # the stated fact is 30 days old at AT, 50 days then
        later = p._at_instant(later_at)
        assert p.facts is later.facts
        now, then = pt.decide(p, m), pt.decide(later, m)
        assert ("interests.food",) == now.usable_facts
        assert ["fact_stale"] == [w.code for w in then.withheld_facts]
        direct = pt.decide(traveller(), m, consents=FULL, at=later_at, policy=policy)
        assert direct == then

    def test_messages_naming_the_same_keys_share_the_vetting(self) -> None:
        """Two messages naming the same facts get the facts rule's very outcomes."""
        p = _snapshot()
        keys = ["travel.next_trip", "purchases.last"]
        a = message(level="personal", content_facts=keys)
        b = message(level="contextual", content_facts=keys, channel="sms")
        req_a, req_b = _prepared.request_for(p, a), _prepared.request_for(p, b)
        assert rules.facts(req_a) is rules.facts(req_b)
        assert pt.decide(p, b) == pt.decide(traveller(), b, consents=FULL, at=AT, policy=CORE)

    @settings(max_examples=40, deadline=None)
    @given(
        c=s.contacts(),
        grants=st.lists(s.consent_grants(), max_size=4),
        at=s.aware_datetimes(),
        ms=st.lists(s.messages, min_size=1, max_size=3),
    )
    def test_property_prepared_equals_direct(
        self,
        c: pt.Contact,
        grants: list[pt.ConsentGrant],
        at: Any,
        ms: list[pt.Message],
    ) -> None:
        """For any contact, grants, instant and messages, a snapshot decides as decide()."""
        grants = [attrs.evolve(g, contact_id=c.id) for g in grants]
        try:
            p = pt.prepare(c, consents=grants, at=at)
        except PersonalTouchError:
            return
        for m in ms:
            assert pt.decide(c, m, consents=grants, at=at) == pt.decide(p, m)


class TestPickling:
    def test_prepared_pickles(self) -> None:
        """A snapshot pickles; the copy decides exactly as the original."""
        p = _snapshot(history=(touch(AT.subtract(days=1)),), suppressions=[])
        pt.decide(p, message())  # the audit digests are remembered, and stay behind
        copy = pickle.loads(pickle.dumps(p))
        assert type(copy) is pt.Prepared
        assert (p.contact, p.ledger, p.history, p.at) == (
            copy.contact,
            copy.ledger,
            copy.history,
            copy.at,
        )
        for m in MESSAGES:
            assert pt.decide(p, m) == pt.decide(copy, m)

    def test_default_policy_snapshot_pickles(self) -> None:
        """A snapshot with the default policy (module-level rules) pickles too."""
        p = pt.prepare(traveller(), consents=FULL, at=AT)
        assert pt.decide(p, message()) == pt.decide(pickle.loads(pickle.dumps(p)), message())

    def test_decision_pickles(self) -> None:
        """A decision pickles to an equal decision."""
        d = pt.decide(_snapshot(), MESSAGES[1])
        assert d == pickle.loads(pickle.dumps(d))


class TestDecideMany:
    def test_in_order_as_each_request(self, corpus: list[pt.DecisionRequest]) -> None:
        """A batch yields each request's own decision, in order."""
        batch = [r for r in corpus[:300] if _decides(r)]
        assert [r.decide() for r in batch] == list(pt.decide_many(batch))

    def test_one_contact_many_messages(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Consecutive requests about one contact share a snapshot and decide as alone."""
        c = traveller()
        requests = [
            pt.DecisionRequest(contact=c, message=m, at=AT, consents=FULL) for m in MESSAGES
        ]
        prepared = []
        real = _engine.prepare

        def spy(*args: Any, **kwargs: Any) -> pt.Prepared:
            prepared.append(real(*args, **kwargs))
            return prepared[-1]

        expected = [r.decide(policy=CORE) for r in requests]
        monkeypatch.setattr(_engine, "prepare", spy)
        assert expected == list(pt.decide_many(requests, policy=CORE))
        assert 1 == len(prepared)
        other = attrs.evolve(requests[0], at=AT.add(hours=1))
        list(pt.decide_many([*requests, other, requests[0]], policy=CORE))
        assert 4 == len(prepared)

    def test_lazy(self) -> None:
        """The batch is decided as it is read: an endless iterable works."""

        def endless() -> Any:
            while True:
                yield pt.DecisionRequest(
                    contact=traveller(), message=message(), at=AT, consents=FULL
                )

        decisions = pt.decide_many(endless(), policy=CORE)
        assert pt.Verdict.ALLOW is next(decisions).verdict
        assert pt.Verdict.ALLOW is next(decisions).verdict

    def test_refused_request_raises(self) -> None:
        """A request decide() refuses ends the batch with the same error."""
        bad = pt.DecisionRequest(
            contact=traveller(),
            message=message(),
            at=AT.set(year=9999, month=12, day=31),
            consents=FULL,
        )
        with pytest.raises(PersonalTouchError):
            list(pt.decide_many([bad]))


def _decides(r: pt.DecisionRequest) -> bool:
    try:
        r.decide()
    except PersonalTouchError:
        return False
    return True


ENGINE = (_audit, _combine, _compile, _engine, _inputs, _prepared, _result, _settle, _zones)


class TestNoIdentityTables:
    def test_a_batch_leaves_no_module_state(self, corpus: list[pt.DecisionRequest]) -> None:
        """Deciding distinct contacts adds nothing to the engine modules' own tables."""

        def sizes() -> dict[str, int]:
            return {
                f"{m.__name__}.{name}": len(value)
                for m in ENGINE
                for name, value in vars(m).items()
                if isinstance(value, (dict, list, set))
            }

        for r in corpus[:50]:
            _decides(r)
        before = sizes()
        for r in corpus[50:400]:
            _decides(r)
        assert before == sizes()

    def test_the_policy_owns_its_compiled_rules_and_clocks(self) -> None:
        """What the engine keeps between calls is held by the policy, and stays behind."""
        policy = attrs.evolve(CORE)
        pt.decide(traveller(), message(), consents=FULL, at=AT, policy=policy)
        kinds = {key[0] for key in policy._compiled}  # type: ignore[union-attr]
        assert {"compiled", "packs", "clock"} >= kinds
        assert "compiled" in kinds
        assert {} == pickle.loads(pickle.dumps(policy))._compiled


class TestZones:
    def test_one_zone_per_offset(self) -> None:
        """A contact without a zone is checked on one wall clock per distinct offset."""
        clock = _zones.ZoneClock(("Europe/Berlin", "Europe/Busingen", "Europe/London"))
        times = clock.times(AT)
        assert {"Europe/Berlin", "Europe/London"} == {t.timezone_name for t in times}
        assert 2 == len(times)
        assert times is clock.times(AT.in_timezone("Asia/Tokyo"))  # the same instant
