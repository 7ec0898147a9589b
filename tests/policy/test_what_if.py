"""
Decision.what_if(): computed counterfactuals, each re-decided through the same policy.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, FULL, customer_in, decide, fact, message, traveller
from personal_touch import converters
from personal_touch.exceptions import DecisionInputsError, InvalidFieldError
from personal_touch.values import HYPOTHETICAL, Change, ChangeKind, Scenario, WhatIf
from strategies import SECRET_ADDRESS, SECRET_NAME, SECRET_VALUES, decision_cases

if TYPE_CHECKING:
    from collections.abc import Iterable

PROPS = settings(max_examples=60)
#: 22:00 in Berlin: quiet hours until 08:00 the next morning.
NIGHT = pendulum.datetime(2026, 11, 30, 22, 0, tz="Europe/Berlin")
MORNING = pendulum.datetime(2026, 12, 1, 8, 0, tz="Europe/Berlin")
POINTS = (pt.ContactPoint("email", "a@example.org"), pt.ContactPoint("sms", "+491700000000"))
_VERDICT = {pt.Verdict.DENY: 0, pt.Verdict.DEFER: 1, pt.Verdict.ALLOW: 2}


def _score(d: pt.Decision) -> tuple[int, int]:
    return _VERDICT[d.verdict], d.level.rank


def _kinds(found: Iterable[WhatIf]) -> list[tuple[ChangeKind, ...]]:
    return [tuple(c.kind for c in w.changes) for w in found]


def _scenario(case: dict[str, Any]) -> Scenario:
    c = case["contact"]
    return Scenario(
        contact=c,
        message=case["message"],
        consents=pt.ConsentLedger(c.id, tuple(case["consents"])),
        at=case["at"],
    )


def _redecide(w: WhatIf, case: dict[str, Any]) -> pt.Decision:
    s = w.apply(_scenario(case))
    return pt.decide(
        s.contact,
        s.message,
        consents=s.consents,
        history=case["history"],
        at=s.at,
        policy=case["policy"],
    )


class TestSuggestions:
    def test_no_grant_suggests_a_hypothetical_grant(self) -> None:
        """Without consent, granting the message's purpose on its channel is suggested."""
        d = decide(traveller(), message(), at=NIGHT)
        found = d.what_if()
        first = found[0]
        assert pt.Verdict.DENY == d.verdict
        expected = Change(kind="add_grant", purpose="marketing", channel="email")
        assert (expected,) == first.changes
        assert pt.Verdict.DEFER == first.decision.verdict  # quiet hours still hold
        assert first.decision.grants[0].id == "what_if:marketing:email"

    def test_a_grant_and_the_end_of_quiet_hours(self) -> None:
        """No single change allows it, so the grant followed by the wait is suggested too."""
        found = decide(traveller(), message(), at=NIGHT).what_if()
        assert [(ChangeKind.ADD_GRANT,), (ChangeKind.ADD_GRANT, ChangeKind.WAIT)] == _kinds(found)
        pair = found[1]
        assert MORNING == pair.changes[1].until
        assert pt.Verdict.ALLOW == pair.decision.verdict

    def test_a_deferral_waits_until_it_ends(self) -> None:
        """A deferral's suggestion is to wait until its not_before, which allows it."""
        d = decide(traveller(), message(), consents=FULL, at=NIGHT)
        (w,) = d.what_if()
        assert (Change(kind="wait", until=d.not_before),) == w.changes
        assert pt.Verdict.ALLOW == w.decision.verdict
        assert MORNING == w.decision.at

    def test_the_minute_before_quiet_hours_end(self) -> None:
        """At 07:59 the wait is one minute; at 08:00 nothing is left to change."""
        before = decide(traveller(), message(), consents=FULL, at=MORNING.subtract(minutes=1))
        assert MORNING == before.what_if()[0].changes[0].until
        assert () == decide(traveller(), message(), consents=FULL, at=MORNING).what_if()

    def test_a_cooling_off_period_ends(self) -> None:
        """After a complaint the cap lifts 180 days on: waiting until then is suggested."""
        complained = pt.Interaction(
            contact_id="c-1",
            kind="complained",
            at=AT.subtract(days=10),
            channel="email",
            purpose="marketing",
        )
        m = message(level="contextual", content_facts=("purchases.last",))
        d = decide(traveller(), m, consents=FULL, history=[complained])
        assert pt.Level.GENERIC == d.level
        (w,) = d.what_if()
        lifts = complained.at.add(days=180)
        assert (Change(kind="wait", until=lifts),) == w.changes
        assert pt.Level.CONTEXTUAL == w.decision.level
        day_before = decide(
            traveller(), m, consents=FULL, history=[complained], at=lifts.subtract(days=1)
        )
        assert pt.Level.GENERIC == day_before.level

    def test_another_channel(self) -> None:
        """A channel the contact has an address for and a grant covers is suggested."""
        c = traveller(contact_points=POINTS)
        d = decide(c, message(channel="sms"), consents=FULL)
        (w,) = d.what_if()
        assert (Change(kind="use_channel", channel="email"),) == w.changes
        assert pt.Verdict.ALLOW == w.decision.verdict

    def test_dropping_an_inferred_sensitive_fact_the_message_targets(self) -> None:
        """Forgetting an inferred health fact the message targets on lifts the denial."""
        health = fact("health.condition", "x", "inferred", sensitivity="health")
        c = traveller(facts=(health,))
        d = decide(c, message(targeting_facts=("health.condition",)), consents=FULL)
        assert pt.Verdict.DENY == d.verdict
        (w,) = d.what_if()
        assert (Change(kind="drop_fact", fact_key="health.condition"),) == w.changes
        assert pt.Verdict.ALLOW == w.decision.verdict

    def test_never_forgets_a_childs_age(self) -> None:
        """Dropping a birth date the law protects a child by is never suggested."""
        child = customer_in("DE", birth_date=pendulum.date(2014, 5, 17))
        d = decide(child, message(), consents=FULL)
        assert pt.Verdict.DENY == d.verdict
        assert all(c.kind is not ChangeKind.DROP_FACT for w in d.what_if() for c in w.changes)

    def test_allowed_at_the_asked_level_needs_nothing(self) -> None:
        """A decision that already allows the level asked for has no suggestion."""
        assert () == decide(traveller(), message(), consents=FULL).what_if()

    def test_target_personal_asks_for_it(self) -> None:
        """A target above the message's level starts every suggestion by asking for it."""
        c = traveller(stage="advocate")
        m = message(level="customized", content_facts=("travel.next_trip",))
        d = decide(c, m, consents=FULL)
        found = d.what_if(target=pt.Level.PERSONAL)
        assert found
        assert all(ChangeKind.ASK_LEVEL is w.changes[0].kind for w in found)
        assert pt.Level.PERSONAL == found[0].decision.level

    def test_sorted_smallest_first(self) -> None:
        """Suggestions come fewer changes first, then by kind and data."""
        found = decide(traveller(contact_points=POINTS), message(channel="sms"), at=NIGHT)
        keys = [w.sort_key() for w in found.what_if()]
        assert sorted(keys) == keys

    def test_deterministic(self) -> None:
        """Asking twice gives equal suggestions."""
        first = decide(traveller(), message(), at=NIGHT).what_if()
        again = decide(traveller(), message(), at=NIGHT).what_if()
        assert first == again


class TestInputs:
    def test_made_by_hand(self) -> None:
        """A decision built by hand holds no inputs: a typed error naming the contact id."""
        d = pt.Decision(
            decision_id="d",
            contact_id="c-1",
            message=message(),
            at=AT,
            verdict="deny",
            level="generic",
        )
        with pytest.raises(DecisionInputsError) as info:
            d.what_if()
        assert "c-1" == info.value.contact_id
        assert isinstance(info.value, LookupError)

    def test_after_both_audit_fields_are_read(self) -> None:
        """Reading the id alone keeps the inputs; reading both lets them go."""
        d = decide(traveller(), message(), at=NIGHT)
        assert d.decision_id
        assert d.what_if()
        assert d.facts_digest
        with pytest.raises(DecisionInputsError):
            d.what_if()

    def test_unpickled(self) -> None:
        """A decision read back from a pickle holds no inputs."""
        d = pickle.loads(pickle.dumps(decide(traveller(), message(), at=NIGHT)))
        with pytest.raises(DecisionInputsError):
            d.what_if()


class TestChange:
    def test_needs_its_field(self) -> None:
        """A change without the field its kind needs is refused, naming the field."""
        with pytest.raises(InvalidFieldError) as info:
            Change(kind="wait")
        assert "until" == info.value.field
        with pytest.raises(InvalidFieldError):
            Change(kind="add_grant", purpose="marketing")

    def test_describe(self) -> None:
        """Changes describe themselves with keys, purposes and instants only."""
        assert "the person grants marketing on email (hypothetical)" == (
            Change(kind="add_grant", purpose="marketing", channel="email").describe()
        )
        assert (
            "drop the facts under travel" == Change(kind="drop_fact", fact_key="travel").describe()
        )
        assert "send by sms instead" == Change(kind="use_channel", channel="sms").describe()
        assert "ask for personal" == Change(kind="ask_level", level="personal").describe()

    def test_drop_a_birth_date(self) -> None:
        """Dropping the birthday key forgets a birth date the contact holds as a field."""
        s = Scenario(
            contact=customer_in("DE"),
            message=message(),
            consents=pt.ConsentLedger("c-1", ()),
            at=AT,
        )
        dropped = Change(kind="drop_fact", fact_key="dates.birthday").apply(s)
        assert dropped.contact.birth_date is None

    def test_grant_is_hypothetical(self) -> None:
        """An added grant is express consent given at the instant, marked hypothetical."""
        g = Change(kind="add_grant", purpose="marketing", channel="sms").grant("c-1", AT)
        assert HYPOTHETICAL == g.evidence
        assert "hypothetical" == g.evidence.method
        assert AT == g.granted_at
        assert frozenset({pt.Channel.SMS}) == g.channels


class TestProperties:
    @PROPS
    @given(decision_cases, st.booleans())
    def test_each_suggestion_gives_what_it_promised(
        self, case: dict[str, Any], more_points: bool
    ) -> None:
        """Applying a suggestion and deciding again gives exactly its decision; it betters."""
        if more_points:
            c = case["contact"]
            case["contact"] = attrs.evolve(c, contact_points=(*c.contact_points, *POINTS[1:]))
        d = pt.decide(case["contact"], case["message"], **_rest(case))
        for target in (None, pt.Level.PERSONAL):
            for w in d.what_if(target=target):
                assert _redecide(w, case) == w.decision
                assert _score(w.decision) > _score(d) or (
                    target is not None and w.changes[0].kind is ChangeKind.ASK_LEVEL
                )
                assert (w.decision.verdict, w.decision.level) != (d.verdict, d.level)
                _never_adds_facts_or_real_grants(w, case)

    @PROPS
    @given(decision_cases)
    def test_no_personal_data_in_descriptions(self, case: dict[str, Any]) -> None:
        """Descriptions hold keys and instants, never a fact value, a name or an address."""
        d = pt.decide(case["contact"], case["message"], **_rest(case))
        for w in d.what_if(target=pt.Level.PERSONAL):
            text = w.describe()
            for secret in (*SECRET_VALUES, *SECRET_NAME, SECRET_ADDRESS):
                assert secret not in text


def _rest(case: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in case.items() if k not in {"contact", "message"}}


def _never_adds_facts_or_real_grants(w: WhatIf, case: dict[str, Any]) -> None:
    s = w.apply(_scenario(case))
    before = set(case["contact"].known_facts)
    assert set(s.contact.known_facts) <= before
    added = [g for g in s.consents if g not in case["consents"]]
    assert all(HYPOTHETICAL == g.evidence for g in added)
    real = {g.id for g in case["consents"]}
    assert all(g.id not in real for g in added)


class TestSerialization:
    @pytest.mark.parametrize(
        "change",
        [
            Change(kind="wait", until=pendulum.datetime(2026, 12, 1, 8, tz="Europe/Berlin")),
            Change(kind="add_grant", purpose="marketing", channel="sms"),
            Change(kind="drop_fact", fact_key="travel.next_trip"),
            Change(kind="use_channel", channel="email"),
            Change(kind="ask_level", level="personal"),
        ],
        ids=lambda c: c.kind.value,
    )
    def test_change_round_trips(self, change: Change) -> None:
        """A change survives a JSON round trip through the converters."""
        assert change == converters.loads(converters.dumps(change), Change)
