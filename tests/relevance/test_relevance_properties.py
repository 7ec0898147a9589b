"""
Relevance properties: more evidence never lowers a score; the order of candidates never matters.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from shoppers import EMAIL_OK, bought, decide, interest, offer, relevance_codes

import personal_touch as pt
from builders import AT, contact
from personal_touch import rules

CATEGORIES = (
    "apparel",
    "apparel.t_shirts",
    "apparel.outerwear",
    "apparel.outerwear.coats",
    "apparel.hats",
    "books",
    "books.fiction",
    "garden",
)
SCORING = pt.default_policy().replacing_rule("relevance", rules.Relevance(strictness="score"))


@st.composite
def evidence(draw: st.DrawFn, categories: tuple[str, ...] = CATEGORIES) -> pt.Fact:
    """An interest, purchase or return fact in one of *categories*."""
    kind = draw(st.sampled_from(("interests", "interests", "purchases", "returns")))
    category = draw(st.sampled_from(categories))
    days_ago = draw(st.floats(0, 200))
    if kind != "interests":
        return bought(category, days_ago=days_ago, kind=kind)
    return interest(
        category,
        draw(st.floats(0, 1)),
        draw(st.sampled_from(("observed", "stated"))),
        days_ago=days_ago,
    )


facts = st.lists(evidence(), max_size=6, unique_by=lambda f: f.key)
categories = st.sampled_from(CATEGORIES)


def related(category: str) -> tuple[str, ...]:
    """The category, every category above it and one below it."""
    parts = category.split(".")
    return (*(".".join(parts[:n]) for n in range(1, len(parts) + 1)), f"{category}.special")


def score(person: pt.Contact, category: str) -> float:
    return pt.rank(person, [offer(category)], at=AT, consents=EMAIL_OK).offers[0].score


@st.composite
def more_evidence(draw: st.DrawFn) -> tuple[list[pt.Fact], str, pt.Fact]:
    """Facts, a category, and a new interest in it (or above or below it) not among them."""
    known = draw(facts)
    category = draw(categories)
    taken = {f.key for f in known}
    # Never empty: "<category>.special" is no category the facts are drawn from.
    free = [c for c in related(category) if f"interests.{c}" not in taken]
    extra = interest(
        draw(st.sampled_from(free)),
        draw(st.floats(0, 1)),
        draw(st.sampled_from(("observed", "stated"))),
        days_ago=draw(st.floats(0, 200)),
    )
    return known, category, extra


class TestMonotonic:
    @given(more_evidence())
    def test_more_interest_never_lowers_the_score(self, case: Any) -> None:
        """A new interest in the category (or above or below it) never lowers its score."""
        known, category, extra = case
        before = score(contact(facts=known), category)
        after = score(contact(facts=[*known, extra]), category)
        assert before <= after

    @given(more_evidence())
    def test_more_interest_never_denies(self, case: Any) -> None:
        """What the relevance rule did not deny, it does not deny with more interest."""
        known, category, extra = case
        before = relevance_codes(decide(contact(facts=known), offer(category)))
        after = relevance_codes(decide(contact(facts=[*known, extra]), offer(category)))
        assert before or not after

    @given(facts, categories, st.floats(0, 1), st.floats(0, 1))
    def test_stronger_interest_never_lowers_the_score(
        self, known: list[pt.Fact], category: str, a: float, b: float
    ) -> None:
        """The same interest in the category, stronger, never lowers its score."""
        known = [f for f in known if f.key != f"interests.{category}"]
        weak, strong = sorted((a, b))
        before = score(contact(facts=[*known, interest(category, weak)]), category)
        after = score(contact(facts=[*known, interest(category, strong)]), category)
        assert before <= after


class TestAgreement:
    @given(facts, categories)
    def test_rank_scores_what_the_rule_notes(self, known: list[pt.Fact], category: str) -> None:
        """rank() and the rule under SCORE read the same score (None: no evidence)."""
        person = contact(facts=known)
        noted = rules.Relevance.score_in(decide(person, offer(category), policy=SCORING))
        ranked = pt.rank(person, [offer(category)], at=AT, consents=EMAIL_OK, policy=SCORING)
        assert (0.5 if noted is None else noted) == ranked.offers[0].score


candidate = st.builds(
    offer,
    st.sampled_from((None, *CATEGORIES)),
    st.sampled_from(("marketing", "marketing", "relationship")),
    channel=st.sampled_from(("email", "email", "sms")),
    id=st.sampled_from((None, "a", "b")),
)


class TestOrderIndependence:
    @given(facts, st.lists(candidate, max_size=6), st.data())
    def test_input_order_never_changes_the_answer(
        self, known: list[pt.Fact], candidates: list[pt.Message], data: st.DataObject
    ) -> None:
        """Any permutation of the candidates ranks the same, best offer included."""
        person = contact(facts=known)
        shuffled = data.draw(st.permutations(candidates))
        first = pt.rank(person, candidates, at=AT, consents=EMAIL_OK)
        again = pt.rank(person, shuffled, at=AT, consents=EMAIL_OK)
        assert first == again
        assert first.best == again.best
        assert first.explain() == again.explain()
