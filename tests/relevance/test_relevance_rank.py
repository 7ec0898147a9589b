"""
rank(): the most relevant offer the policy allows, each candidate decided and explained.
"""

from __future__ import annotations

import pytest
from shoppers import BOOKS, COATS, EMAIL_OK, HATS, T_SHIRTS, bought, interest, offer, shopper

import personal_touch as pt
from builders import AT, contact
from personal_touch import listening, rules


def _rank(person: pt.Contact, candidates: list[pt.Message | str], **kw: object) -> listening.Ranked:
    return pt.rank(person, candidates, at=AT, consents=EMAIL_OK, **kw)  # type: ignore[arg-type]


class TestSeed:
    def test_t_shirts_chosen_coats_denied(self) -> None:
        """The T-shirt shopper is offered T-shirts; coats are reported as denied."""
        ranked = _rank(shopper(), [offer(COATS), offer(T_SHIRTS), offer(BOOKS)])
        assert ranked.best is not None
        assert "apparel.t_shirts" == ranked.best.category
        assert ["apparel.t_shirts", "books", "apparel.outerwear.coats"] == [
            o.category for o in ranked.offers
        ]
        (coats,) = ranked.denied
        assert "apparel.outerwear.coats" == coats.category
        assert pt.Verdict.DENY == coats.decision.verdict
        assert coats.reasons[-1].startswith("denied by relevance/not_relevant")

    def test_just_bought_passed_over(self) -> None:
        """After buying T-shirts, the best offer is something else (hats are apparel too)."""
        ranked = _rank(
            shopper(bought("apparel.t_shirts")), [offer(T_SHIRTS), offer(HATS), offer(BOOKS)]
        )
        assert ranked.best is not None
        assert "books" == ranked.best.category
        assert ["apparel.hats", "apparel.t_shirts"] == sorted(o.category for o in ranked.denied)
        assert 0.0 == next(o.score for o in ranked.offers if o.category == "apparel.t_shirts")

    def test_categories_put_into_a_message(self) -> None:
        """Categories rank as *like* with that product category."""
        like = offer(None, id="weekly")
        ranked = _rank(shopper(), [COATS, T_SHIRTS], like=like)
        assert ranked.best is not None
        assert T_SHIRTS == ranked.best.message.product_category
        assert "weekly" == ranked.best.message.id

    def test_scores_under_score_strictness(self) -> None:
        """Under SCORE nothing is denied for relevance: coats rank last but allowed."""
        policy = pt.default_policy().replacing_rule(
            "relevance", rules.Relevance(strictness="score")
        )
        ranked = _rank(shopper(), [offer(COATS), offer(T_SHIRTS)], policy=policy)
        assert ["apparel.t_shirts", "apparel.outerwear.coats"] == [
            o.category for o in ranked.offers
        ]
        assert () == ranked.denied
        for o in ranked.offers:
            assert rules.Relevance.score_in(o.decision) == o.score


class TestPolicyDecides:
    def test_nothing_bypasses_decide(self) -> None:
        """Without consent every offer is denied, however relevant: no best offer."""
        ranked = pt.rank(shopper(), [offer(T_SHIRTS)], at=AT, consents=[])
        assert ranked.best is None
        assert ranked.offers == ranked.denied
        assert "best: none is allowed now" in ranked.explain()

    def test_decisions_are_decides(self) -> None:
        """Each offer's decision is what decide() says about its message."""
        person = shopper()
        for o in _rank(person, [offer(COATS), offer(T_SHIRTS)]).offers:
            assert pt.decide(person, o.message, consents=EMAIL_OK, at=AT) == o.decision

    def test_allowed_before_deferred_before_denied(self) -> None:
        """A deferred offer ranks after an allowed one, whatever their scores."""
        night = AT.set(hour=23)  # 00:00 in Berlin: quiet hours defer
        person = shopper()
        ranked = pt.rank(person, [offer(T_SHIRTS), offer(COATS)], at=night, consents=EMAIL_OK)
        assert [pt.Verdict.DEFER, pt.Verdict.DENY] == [o.decision.verdict for o in ranked.offers]
        assert ranked.best is None
        assert ranked.offers[0].reasons[-1].startswith("deferred by ")


class TestArguments:
    def test_prepared(self) -> None:
        """A prepared contact ranks as the contact it was prepared from."""
        person = shopper()
        prepared = pt.prepare(person, consents=EMAIL_OK, at=AT)
        candidates = [offer(COATS), offer(T_SHIRTS)]
        assert _rank(person, candidates) == pt.rank(prepared, candidates)
        with pytest.raises(TypeError):
            pt.rank(prepared, candidates, at=AT)

    @pytest.mark.parametrize("missing", ["at", "consents"])
    def test_missing(self, missing: str) -> None:
        """A contact needs at= and consents=."""
        kw: dict[str, object] = {"at": AT, "consents": EMAIL_OK}
        del kw[missing]
        with pytest.raises(TypeError, match=missing):
            pt.rank(shopper(), [offer(COATS)], **kw)  # type: ignore[arg-type]

    def test_category_needs_like(self) -> None:
        """A category candidate without like= is a TypeError."""
        with pytest.raises(TypeError, match="like"):
            _rank(shopper(), [COATS])

    def test_empty(self) -> None:
        """No candidates, no offer."""
        ranked = _rank(shopper(), [])
        assert () == ranked.offers
        assert ranked.best is None

    def test_no_category_and_no_evidence_are_neutral(self) -> None:
        """A message without a category, or a person without evidence, scores 0.5."""
        ranked = _rank(contact(), [offer(None), offer(COATS)])
        assert [0.5, 0.5] == [o.score for o in ranked.offers]
        assert all(isinstance(o, listening.Offer) for o in ranked.offers)
        # Equal scores: the category key breaks the tie (no category first).
        assert [None, "apparel.outerwear.coats"] == [o.category for o in ranked.offers]


class TestExplain:
    def test_names_keys_never_values(self) -> None:
        """The account names categories, fact keys and verdicts, never a fact's value."""
        person = shopper(interest("books", 0.9, "stated"), bought("apparel.hats"))
        text = _rank(person, [offer(COATS, id="c1"), offer(T_SHIRTS), offer(HATS)]).explain()
        assert "Ranked 3 offers for contact c-1" in text
        assert "apparel.outerwear.coats [c1]: score " in text
        assert "interests.apparel.t_shirts" in text
        assert "purchases.apparel.hats" in text
        assert "strength" not in text
        assert "first_seen" not in text
        assert "best: apparel.t_shirts" in text
