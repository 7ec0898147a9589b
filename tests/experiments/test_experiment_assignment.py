"""Tests for consent-aware assignment and exposures."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import decide, grant, message, traveller
from personal_touch.exceptions import InvalidFieldError
from personal_touch.experiments import (
    HOLDOUT_VARIANT,
    Assignment,
    AssignmentStatus,
    Experiment,
    Holdout,
    Variant,
    assign,
    bucket_of,
    bucket_ranges,
    choose_variation,
    expose,
    hash,
    tally,
)
from strategies import decision_cases

AT = pendulum.datetime(2027, 1, 15, 10, tz="UTC")
START = pendulum.datetime(2027, 1, 1, tz="UTC")
END = START.add(months=2)

LEVELS = Experiment(
    key="levels",
    variants=[
        Variant(key="contextual", level="contextual"),
        Variant(key="personal", level="personal"),
    ],
    start=START,
    end=END,
)


def _full(contact: pt.Contact) -> tuple[pt.ConsentGrant, ...]:
    """Marketing e-mail and profile personalization consent for *contact*."""
    return tuple(
        grant(p, contact_id=contact.id) for p in ("marketing.email", "personalization.profile")
    )


def _decider(
    contact: pt.Contact, consents: tuple[pt.ConsentGrant, ...] | None = None
) -> Callable[[pt.Message], pt.Decision]:
    grants = _full(contact) if consents is None else consents
    return lambda m: decide(contact, m, consents=grants, at=AT)


def _assign(contact: pt.Contact, experiment: Experiment = LEVELS, **kw: Any) -> Assignment:
    fields: dict[str, object] = {
        "at": AT,
        "message": message(id="m-1"),
        "decide": _decider(contact),
    }
    fields.update(kw)
    return assign(experiment, contact, **fields)  # type: ignore[arg-type]


def _people(n: int) -> list[pt.Contact]:
    return [traveller(id=f"c-{i}") for i in range(n)]


class TestBuckets:
    def test_same_bucket_as_growthbook_functions(self) -> None:
        """An experiment buckets a person by hash, bucket ranges and choose_variation."""
        for i in range(200):
            n = hash("levels", f"c-{i}", 2)
            assert n is not None
            index = choose_variation(n, bucket_ranges(2, 1.0, None))
            assert (n, LEVELS.variants[index]) == bucket_of(LEVELS, f"c-{i}")

    def test_outside_coverage_names_no_variant(self) -> None:
        """Outside coverage, no variant is named."""
        exp = Experiment(key="k", variants=[Variant(key="a")], start=START, end=END, coverage=0)
        assert None is bucket_of(exp, "c-1")[1]


class TestAssign:
    def test_eligible_arm(self) -> None:
        """A customer with consent in the contextual arm gets it: VARIANT, allowed."""
        people = _people(60)
        found = [
            a for a in (_assign(c) for c in people) if a.variant and a.variant.key == "contextual"
        ]
        assert found
        for a in found:
            assert (AssignmentStatus.VARIANT, True) == (a.status, a.may_send)

    def test_arm_above_ceiling_is_ineligible_not_moved(self) -> None:
        """An automated PERSONAL arm above a customer's ceiling: INELIGIBLE, still that arm."""
        people = _people(60)
        found = [
            a for a in (_assign(c) for c in people) if a.variant and a.variant.key == "personal"
        ]
        assert found
        for a in found:
            assert (AssignmentStatus.INELIGIBLE, "level", "personal", False) == (
                a.status,
                a.reason,
                a.variant.key,
                a.may_send,
            )

    def test_no_consent_is_ineligible_denied(self) -> None:
        """Without consent every arm is denied: INELIGIBLE with reason denied."""
        a = _assign(traveller(), decide=_decider(traveller(), ()))
        assert (AssignmentStatus.INELIGIBLE, "denied") == (a.status, a.reason)

    def test_assisted_personal_arm_is_eligible(self) -> None:
        """An assisted message may be PERSONAL for a customer, so that arm is eligible."""
        people = _people(60)
        m = message(id="m-1", authorship="assisted")
        found = [
            a
            for a in (_assign(c, message=m, decide=_decider(c)) for c in people)
            if a.variant is not None and a.variant.key == "personal"
        ]
        assert found
        assert {AssignmentStatus.VARIANT} == {a.status for a in found}

    @pytest.mark.parametrize(
        ("changes", "reason"),
        [
            ({"start": END, "end": END.add(days=1)}, "inactive"),
            ({"stages": ["awareness"]}, "stage"),
            ({"namespace": ("ns", 0.0, 0.0)}, "namespace"),
            ({"coverage": 0.0}, "coverage"),
        ],
    )
    def test_not_in_experiment(self, changes: dict[str, object], reason: str) -> None:
        """Outside time, stage, namespace or coverage: NOT_IN_EXPERIMENT, never decided."""
        import attrs

        exp = attrs.evolve(LEVELS, **changes)
        calls: list[pt.Message] = []
        a = _assign(traveller(), exp, decide=calls.append)
        assert (AssignmentStatus.NOT_IN_EXPERIMENT, reason, []) == (a.status, a.reason, calls)

    def test_holdout_gets_the_generic_message(self) -> None:
        """A held-out person gets the generic message, decided, whatever the arm."""
        a = _assign(
            traveller(),
            message=message(id="m-1", level="personal", content_facts=["travel.next_trip"]),
            holdout=Holdout(share=1.0, seed="h"),
        )
        assert (AssignmentStatus.HOLDOUT, pt.Level.GENERIC, frozenset(), True) == (
            a.status,
            a.message.level,
            a.message.content_facts,
            a.may_send,
        )

    def test_naive_at_refused(self) -> None:
        """The instant must be aware."""
        with pytest.raises(ValueError, match="at"):
            _assign(traveller(), at=AT.naive())

    def test_order_independent(self) -> None:
        """Assigning people in any order gives each the same assignment."""
        people = _people(40)
        first = {c.id: _assign(c) for c in people}
        shuffled = people[:]
        random.Random(3).shuffle(shuffled)
        assert first == {c.id: _assign(c) for c in shuffled}


class TestExpose:
    def test_exposure_of_a_sent_arm(self) -> None:
        """A sent eligible arm makes an exposure at the arm's level, within the decision."""
        a = next(
            a for a in (_assign(c) for c in _people(40)) if a.status is AssignmentStatus.VARIANT
        )
        e = expose(a, at=AT)
        assert e is not None
        assert ("levels", "contextual", "m-1", pt.Level.CONTEXTUAL, pt.Level.CONTEXTUAL) == (
            e.experiment,
            e.variant,
            e.message_id,
            e.level,
            e.decided_level,
        )

    def test_exposures_are_tallied(self) -> None:
        """The exposures expose makes are what tally reads, with no adapter."""
        sent = [e for e in (expose(_assign(c), at=AT) for c in _people(40)) if e is not None]
        clicked = [
            pt.Interaction(contact_id=e.contact_id, kind="clicked", message_id="m-1", at=AT)
            for e in sent
            if e.variant == "contextual"
        ]
        counts = tally(sent, clicked, experiment_key="levels", window=pendulum.duration(days=1))
        contextual = counts.arm("contextual")
        assert all((e.experiment_key, e.variant_key) == (e.experiment, e.variant) for e in sent)
        assert contextual.exposures == contextual.count("clicked") == len(clicked) > 0

    def test_no_exposure_when_ineligible(self) -> None:
        """An ineligible arm is never sent, so it makes no exposure."""
        a = _assign(traveller(), decide=_decider(traveller(), ()))
        assert None is expose(a, at=AT)

    def test_holdout_exposure(self) -> None:
        """A held-out person's generic message is exposed under the holdout key."""
        a = _assign(traveller(), holdout=Holdout(share=1.0, seed="h"))
        e = expose(a, at=AT, message_id="m-9")
        assert e is not None
        assert (HOLDOUT_VARIANT, "m-9", pt.Level.GENERIC) == (e.variant, e.message_id, e.level)

    def test_message_id_needed(self) -> None:
        """An exposure must carry a message id to join outcomes on."""
        a = _assign(traveller(), message=message(), holdout=Holdout(share=1.0, seed="h"))
        with pytest.raises(InvalidFieldError) as info:
            expose(a, at=AT)
        assert "message_id" == info.value.field


class TestConsentProperty:
    @settings(max_examples=150, deadline=None)
    @given(
        case=decision_cases,
        arms=st.lists(
            st.builds(
                Variant,
                key=st.sampled_from(["a", "b", "c", "d"]),
                level=st.none() | st.sampled_from(list(pt.Level)),
                channel=st.none() | st.sampled_from(["email", "sms", "phone"]),
            ),
            min_size=1,
            max_size=4,
            unique_by=lambda v: v.key,
        ),
        held=st.booleans(),
    )
    def test_no_exposure_above_its_decision(
        self, case: dict[str, object], arms: list[Variant], held: bool
    ) -> None:
        """No exposure ever has a level above the level decide permits its message."""
        contact = case["contact"]
        at = case["at"]
        others = {k: case[k] for k in ("consents", "history", "policy")}

        def decide_(m: pt.Message) -> pt.Decision:
            return pt.decide(contact, m, at=at, **others)

        exp = Experiment(key="prop", variants=arms, start=at.subtract(days=1), end=at.add(days=1))
        a = assign(
            exp,
            contact,
            at=at,
            message=case["message"],
            decide=decide_,
            holdout=Holdout(share=1.0 if held else 0.0, seed="h"),
        )
        e = expose(a, at=at, message_id="m-1")
        if e is None:
            return
        assert a.message is not None
        fresh = decide_(a.message)
        assert fresh.is_allowed
        assert e.level <= fresh.level
        assert e.level <= e.decided_level
        if a.variant is not None and a.variant.level is not None:
            assert a.variant.level <= fresh.level
