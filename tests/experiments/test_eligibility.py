"""Eligibility read by the analysis: who was assigned, who was eligible, who is compared."""

from __future__ import annotations

import datetime as dt
import random
import statistics

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import decide, grant, message, traveller
from personal_touch._experiments._eligibility import homogeneity
from personal_touch.exceptions import InvalidFieldError, NaiveDateTimeError
from personal_touch.experiments import (
    HOLDOUT_VARIANT,
    Assignment,
    AssignmentStatus,
    Enrolment,
    Experiment,
    Holdout,
    Variant,
    analyse,
    assign,
    hash,
    tally,
)

AT = pendulum.datetime(2027, 1, 15, 10, tz="UTC")
START = pendulum.datetime(2027, 1, 1, tz="UTC")
WEEK = pendulum.duration(days=7)
LEVELS = Experiment(
    key="levels",
    variants=[
        Variant(key="contextual", level="contextual"),
        Variant(key="personal", level="personal"),
    ],
    start=START,
    end=START.add(months=2),
)


@attrs.frozen
class Assigned:
    """The minimal assignment shape the analysis reads."""

    experiment_key: str
    contact_id: str
    variant_key: str | None
    eligible_for: frozenset[str]
    at: dt.datetime = AT


@attrs.frozen
class Seen:
    """The minimal exposure shape the analysis reads."""

    experiment_key: str
    variant_key: str
    contact_id: str
    message_id: str
    at: dt.datetime = AT


def _both(contact: str, arm: str) -> Assigned:
    return Assigned("levels", contact, arm, frozenset({"contextual", "personal"}))


def _one(contact: str, arm: str) -> Assigned:
    return Assigned("levels", contact, arm, frozenset({"contextual"}))


def _converted(contact: str) -> pt.Interaction:
    return pt.Interaction(
        contact_id=contact, kind="converted", at=AT.add(days=1), message_id=f"m-{contact}"
    )


def _seen(contact: str, arm: str) -> Seen:
    return Seen("levels", arm, contact, f"m-{contact}")


def _assign(contact: pt.Contact, purposes: tuple[str, ...], **kw: object) -> Assignment:
    grants = tuple(grant(p, contact_id=contact.id) for p in purposes)
    return assign(
        LEVELS,
        contact,
        at=AT,
        message=message(id="m-1", authorship="assisted"),
        decide=lambda m: decide(contact, m, consents=grants, at=AT),
        **kw,  # type: ignore[arg-type]
    )


class TestAssignmentRecords:
    """`assign` decides every arm and records which the policy permits."""

    def test_full_consent_is_eligible_for_every_arm(self) -> None:
        """With profile consent both arms (and the holdout's generic note) are permitted."""
        people = [traveller(id=f"c-{i}") for i in range(20)]
        found = [
            _assign(
                c,
                ("marketing.email", "personalization.profile"),
                holdout=Holdout(share=0.2, seed="h"),
            )
            for c in people
        ]
        assert {frozenset({"contextual", "personal", HOLDOUT_VARIANT})} == {
            a.eligible_for for a in found
        }
        assert {"contextual", "personal", HOLDOUT_VARIANT} == {a.variant_key for a in found}

    def test_without_profile_consent_only_contextual(self) -> None:
        """Without profile consent: eligible for contextual only, wherever the hash put them."""
        people = [traveller(id=f"c-{i}") for i in range(30)]
        found = [_assign(c, ("marketing.email", "personalization.behaviour")) for c in people]
        assert {frozenset({"contextual"})} == {a.eligible_for for a in found}
        personal = [a for a in found if a.variant_key == "personal"]
        assert personal
        assert {AssignmentStatus.INELIGIBLE} == {a.status for a in personal}

    def test_outside_the_experiment_has_no_arm(self) -> None:
        """Outside the experiment (coverage): no arm, eligible for nothing, never decided."""
        calls: list[pt.Message] = []
        a = assign(
            attrs.evolve(LEVELS, coverage=0.0),
            traveller(),
            at=AT,
            message=message(id="m-1"),
            decide=calls.append,  # type: ignore[arg-type]
        )
        assert (None, frozenset(), []) == (a.variant_key, a.eligible_for, calls)

    def test_held_out_outside_the_experiment_is_not_in_it(self) -> None:
        """A held-out person outside the experiment says why and names no arm."""
        a = assign(
            attrs.evolve(LEVELS, stages=["awareness"]),
            traveller(),
            at=AT,
            message=message(id="m-1"),
            decide=lambda m: decide(traveller(), m, consents=(), at=AT),
            holdout=Holdout(share=1.0, seed="h"),
        )
        assert (AssignmentStatus.HOLDOUT, "stage", None) == (a.status, a.reason, a.variant_key)


class TestTallyWithAssignments:
    """Tally reads assignments: enrolment per arm and intention to treat on the eligible."""

    def test_enrolment_per_arm(self) -> None:
        """Assigned, eligible, in the compared population, exposed: counted per arm."""
        assignments = [_both("a", "contextual"), _one("b", "contextual"), _both("c", "personal")]
        assignments += [_one("d", "personal"), Assigned("levels", "e", None, frozenset())]
        exposures = [_seen("a", "contextual"), _seen("b", "contextual"), _seen("c", "personal")]
        counts = tally(exposures, [], experiment_key="levels", window=WEEK, assignments=assignments)
        assert (
            Enrolment("contextual", assigned=2, eligible=2, population=1, exposed=2),
            Enrolment("personal", assigned=2, eligible=1, population=1, exposed=1),
        ) == counts.enrolment
        assert ("contextual", "personal") == counts.compared

    def test_unexposed_eligible_people_count_as_failures(self) -> None:
        """Intention to treat: an eligible person never exposed is in the denominator."""
        assignments = [_both(c, "personal") for c in "abcd"]
        counts = tally(
            [_seen("a", "personal"), _seen("b", "personal")],
            [_converted("a")],
            experiment_key="levels",
            window=WEEK,
            assignments=assignments,
            compare=["contextual", "personal"],
        )
        assert counts.itt is not None
        assert [(0, 0), (4, 1)] == [(a.exposures, a.count("converted")) for a in counts.itt]

    def test_a_person_counts_once_from_their_earliest_assignment(self) -> None:
        """Two assignments of one person: the earliest names the arm, whatever their order."""
        later = attrs.evolve(_both("a", "personal"), at=AT.add(days=1))
        for order in ([later, _both("a", "contextual")], [_both("a", "contextual"), later]):
            counts = tally([], [], experiment_key="levels", window=WEEK, assignments=order)
            assert [("contextual", 1)] == [(e.variant_key, e.assigned) for e in counts.enrolment]

    def test_other_experiments_are_skipped(self) -> None:
        """Assignments of another experiment are not read."""
        other = Assigned("other", "a", "contextual", frozenset({"contextual"}))
        counts = tally([], [], experiment_key="levels", window=WEEK, assignments=[other])
        assert ((), ()) == (counts.enrolment, counts.itt)

    def test_naive_assignment_instant_refused(self) -> None:
        """An assignment's instant must be aware."""
        naive = attrs.evolve(_both("a", "personal"), at=AT.naive())
        with pytest.raises(NaiveDateTimeError):
            tally([], [], experiment_key="levels", window=WEEK, assignments=[naive])

    @settings(max_examples=30, deadline=None)
    @given(st.randoms(use_true_random=False))
    def test_order_of_assignments_changes_nothing(self, rng: random.Random) -> None:
        """Shuffling assignments and exposures gives the same tally."""
        assignments = [
            (_both if i % 3 else _one)(f"c{i}", "personal" if i % 2 else "contextual")
            for i in range(30)
        ]
        exposures = [_seen(a.contact_id, a.variant_key or "") for a in assignments[::2]]
        interactions = [_converted(a.contact_id) for a in assignments[::4]]
        kw = {"experiment_key": "levels", "window": WEEK}
        first = tally(exposures, interactions, assignments=assignments, **kw)  # type: ignore[arg-type]
        rng.shuffle(assignments)
        rng.shuffle(exposures)
        assert first == tally(exposures, interactions, assignments=assignments, **kw)  # type: ignore[arg-type]


class TestAnalysisReadsEligibility:
    """`analyse` says how eligibility was handled and checks buckets and eligibility."""

    def test_says_it_compares_the_eligible_population(self) -> None:
        """With assignments: population "eligible" and a sentence saying intention to treat."""
        assignments = [_both("a", "contextual"), _both("b", "personal"), _one("c", "personal")]
        counts = tally([], [], experiment_key="levels", window=WEEK, assignments=assignments)
        result = analyse(counts, outcome="converted", control="contextual")
        assert "eligible" == result.population
        assert result.eligibility.startswith("intention to treat on the 2 of 3 assigned people")
        assert [1, 1] == [a.exposures for a in result.arms]

    def test_without_assignments_says_exposed(self) -> None:
        """Without assignments the analysis says it compares exposures."""
        counts = tally([_seen("a", "x")], [], experiment_key="levels", window=WEEK)
        result = analyse(counts, outcome="converted", control="x")
        assert ("exposed", ()) == (result.population, result.enrolment)
        assert "eligibility is not known" in result.eligibility

    def test_sample_ratio_on_buckets_not_exposures(self) -> None:
        """The sample-ratio check counts everyone hashed into an arm, eligible or not."""
        assignments = [_both(f"a{i}", "contextual") for i in range(100)]
        assignments += [_one(f"b{i}", "personal") for i in range(100)]
        counts = tally(
            [_seen(f"a{i}", "contextual") for i in range(100)],
            [],
            experiment_key="levels",
            window=WEEK,
            assignments=assignments,
        )
        result = analyse(counts, outcome="converted", control="contextual")
        assert result.sample_ratio is not None
        assert ((100, 100), False) == (
            result.sample_ratio.observed,
            result.sample_ratio.is_mismatch,
        )

    def test_warns_when_consent_thins_an_arm(self) -> None:
        """Eligibility differing between arms beyond chance is a warning."""
        assignments = [_both(f"a{i}", "contextual") for i in range(100)]
        assignments += [
            (_both if i % 2 else _one)(f"b{i}", "personal") for i in range(100)
        ]  # half the personal arm is ineligible
        counts = tally([], [], experiment_key="levels", window=WEEK, assignments=assignments)
        result = analyse(counts, outcome="converted", control="contextual")
        assert 2 == len(result.warnings)
        assert result.warnings[0].startswith("eligibility differs between arms beyond chance")
        assert "'personal' 50 of 100" in result.warnings[0]

    def test_no_warning_when_eligibility_is_balanced(self) -> None:
        """The same share eligible in every arm: no warning."""
        arms = ["contextual"] * 100 + ["personal"] * 100
        assignments = [
            _both(f"c{i}", arm) if i % 4 else Assigned("levels", f"c{i}", arm, frozenset({arm}))
            for i, arm in enumerate(arms)
        ]
        counts = tally([], [], experiment_key="levels", window=WEEK, assignments=assignments)
        assert () == analyse(counts, outcome="converted", control="contextual").warnings

    def test_control_must_be_compared(self) -> None:
        """A control outside the compared arms is refused."""
        counts = tally(
            [], [], experiment_key="levels", window=WEEK, assignments=[_both("a", "personal")]
        )
        with pytest.raises(InvalidFieldError, match="control"):
            analyse(counts, outcome="converted", control="other")


class TestHomogeneity:
    """The chi-square test of equal shares across arms."""

    def test_equal_to_scipy(self) -> None:
        """The p-value equals scipy's chi2_contingency without continuity correction."""
        stats = pytest.importorskip("scipy.stats")
        hits, totals = [30, 45, 12], [100, 110, 60]
        table = [hits, [n - h for h, n in zip(hits, totals, strict=True)]]
        expected = stats.chi2_contingency(table, correction=False).pvalue
        assert expected == pytest.approx(homogeneity(hits, totals), rel=1e-9)

    @pytest.mark.parametrize(
        ("hits", "totals"), [([5, 5], [5, 5]), ([0, 0], [3, 4]), ([2], [3]), ([1, 0], [2, 0])]
    )
    def test_nothing_to_compare(self, hits: list[int], totals: list[int]) -> None:
        """One arm, or a share of 0 or 1 everywhere: p is 1."""
        assert 1.0 == homogeneity(hits, totals)


def _simulate(seed: int, people: int = 2_000) -> tuple[float, float, tuple[float, float]]:
    """
    One experiment where consent thins the personal arm and consenters convert more.

    60% consent to profile personalization; they convert at 10% on the contextual note and
    12% on the personal one; the others convert at 4% and may only get the contextual note.
    The true effect on the people eligible for both arms is +2 points.  Returns the naive
    difference (exposed people), the eligible intention-to-treat difference and its interval.
    """
    rng = random.Random(seed)
    assignments, exposures, interactions = [], [], []
    for i in range(people):
        contact = f"c-{i}"
        consents = rng.random() < 0.6
        arm = "personal" if (hash(f"s{seed}", contact, 2) or 0) < 0.5 else "contextual"
        eligible = frozenset({"contextual", "personal"} if consents else {"contextual"})
        assignments.append(Assigned("levels", contact, arm, eligible))
        if arm not in eligible:
            continue
        exposures.append(_seen(contact, arm))
        rate = (0.12 if arm == "personal" else 0.10) if consents else 0.04
        if rng.random() < rate:
            interactions.append(_converted(contact))
    kw = {"experiment_key": "levels", "window": WEEK}
    naive = analyse(tally(exposures, interactions, **kw), outcome="converted", control="contextual")  # type: ignore[arg-type]
    itt = analyse(
        tally(exposures, interactions, assignments=assignments, **kw),  # type: ignore[arg-type]
        outcome="converted",
        control="contextual",
    )
    arm = itt.arm("personal")
    return (
        naive.arm("personal").difference,
        arm.difference,
        (arm.difference_interval.low, arm.difference_interval.high),
    )


class TestConsentThinnedExperiment:
    """Seeded simulations: the naive comparison is biased, the eligible one is not."""

    def test_naive_biased_eligible_unbiased(self) -> None:
        """Over 100 runs the naive difference is off by ~2.4 points; the eligible one is not."""
        runs = [_simulate(seed) for seed in range(100)]
        naive = statistics.fmean(r[0] for r in runs)
        itt = statistics.fmean(r[1] for r in runs)
        # naive: 12% among consenters against 0.6 * 10% + 0.4 * 4% = 7.6%: +4.4 points.
        assert 0.044 == pytest.approx(naive, abs=0.006)
        # eligible: 12% against 10% among consenters: +2 points (standard error ~0.2 point).
        assert 0.020 == pytest.approx(itt, abs=0.006)
        covered = sum(low <= 0.02 <= high for _, _, (low, high) in runs) / len(runs)
        assert 0.91 <= covered <= 0.99
