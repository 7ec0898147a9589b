"""
The core relevance rule: coats are not advertised to a T-shirt shopper, nor what they just bought.
"""

from __future__ import annotations

import pickle

import pytest
from shoppers import (
    BOOKS,
    COATS,
    T_SHIRTS,
    bought,
    decide,
    interest,
    offer,
    relevance_codes,
    shopper,
)

import personal_touch as pt
from builders import AT, contact, fact
from personal_touch import rules
from personal_touch.exceptions import InvalidFieldError

SCORING = pt.default_policy().replacing_rule("relevance", rules.Relevance(strictness="score"))
WITHOUT = pt.default_policy().without_rule("relevance")


class TestSeed:
    def test_coats_to_the_t_shirt_shopper_denied(self) -> None:
        """An observed T-shirt shopper gets no coat offer; the reason names the fact key."""
        d = decide(shopper(), offer(COATS))
        assert pt.Verdict.DENY == d.verdict
        assert ("relevance", "not_relevant") == (d.decisive_reason.rule, d.decisive_reason.code)
        assert "interests.apparel.t_shirts" in d.decisive_reason.message
        assert "apparel.outerwear.coats" in d.decisive_reason.message

    def test_stated_interest_in_outerwear_allows_coats(self) -> None:
        """A stated interest in outerwear (above coats) says otherwise."""
        stated = interest("apparel.outerwear", 0.6, "stated", days_ago=200)
        d = decide(shopper(stated), offer(COATS))
        assert pt.Verdict.ALLOW == d.verdict
        assert [] == relevance_codes(d)

    def test_t_shirts_to_the_t_shirt_shopper_allowed(self) -> None:
        """The category they shop in is relevant."""
        assert pt.Verdict.ALLOW == decide(shopper(), offer(T_SHIRTS)).verdict

    def test_just_bought_not_recommended(self) -> None:
        """What they bought three days ago is not advertised to them; a month later it is."""
        person = shopper(bought("apparel.t_shirts"))
        d = decide(person, offer(T_SHIRTS))
        assert ["recently_bought"] == relevance_codes(d)
        assert pt.Verdict.DENY == d.verdict
        assert "purchases.apparel.t_shirts" in d.decisive_reason.message
        later = decide(person, offer(T_SHIRTS), at=AT.add(days=28))
        assert [] == relevance_codes(later)

    def test_returned_not_recommended(self) -> None:
        """What they returned is not advertised for 90 days."""
        person = shopper(bought("apparel.t_shirts", days_ago=40, kind="returns"))
        assert ["recently_returned"] == relevance_codes(decide(person, offer(T_SHIRTS)))
        assert [] == relevance_codes(decide(person, offer(T_SHIRTS), at=AT.add(days=51)))

    def test_reasons_never_hold_values(self) -> None:
        """The explanation names keys and the message's category, never a fact's value."""
        d = decide(shopper(bought("apparel.outerwear.coats")), offer(COATS))
        text = d.explain()
        assert "purchases.apparel.outerwear.coats" in text
        assert "first_seen" not in text
        assert "strength" not in text
        assert AT.subtract(days=3).isoformat() not in text


class TestClearEvidenceOnly:
    def test_old_sibling_interest_decayed(self) -> None:
        """A T-shirt interest that has decayed below 0.5 is no clear evidence."""
        person = contact(facts=[interest("apparel.t_shirts", 0.8, days_ago=60)])
        assert [] == relevance_codes(decide(person, offer(COATS)))

    def test_weak_interest_in_the_category_keeps_it(self) -> None:
        """Some observed interest in coats keeps coats relevant."""
        person = shopper(interest("apparel.outerwear.coats", 0.3))
        assert [] == relevance_codes(decide(person, offer(COATS)))

    def test_unrelated_interest_never_denies(self) -> None:
        """A strong interest in books says nothing against coats."""
        person = contact(facts=[interest("books", 1.0)])
        assert [] == relevance_codes(decide(person, offer(COATS)))

    def test_purchase_of_another_category_never_denies(self) -> None:
        """Only the same category bought counts against it."""
        person = contact(facts=[bought("apparel.hats")])
        assert [] == relevance_codes(decide(person, offer(T_SHIRTS)))


class TestNeverRead:
    @pytest.mark.parametrize(
        "changes",
        [
            {"sensitivity": "health"},
            {"provenance": "inferred"},
            {"provenance": "third_party"},
        ],
    )
    def test_sensitive_inferred_third_party(self, changes: dict[str, str]) -> None:
        """Sensitive, inferred and third-party facts neither deny nor appear in reasons."""
        provenance = changes.pop("provenance", "observed")
        person = contact(facts=[interest("apparel.t_shirts", 1.0, provenance, **changes)])
        d = decide(person, offer(COATS), policy=SCORING)
        assert [] == relevance_codes(d)

    def test_sensitive_purchase_not_read(self) -> None:
        """A purchase in a special category is never read, not even to deny."""
        person = contact(facts=[bought("pharmacy.allergy", sensitivity="health")])
        d = decide(person, offer("Pharmacy > Allergy"), policy=SCORING)
        assert [] == relevance_codes(d)
        assert "pharmacy" not in d.explain().replace("Pharmacy > Allergy", "")

    def test_excluded_topic_not_read(self) -> None:
        """Facts under a topic the person excluded are not read."""
        prefs = pt.Preferences(excluded_topics=frozenset({"interests"}))
        person = shopper(preferences=prefs)
        assert [] == relevance_codes(decide(person, offer(COATS)))

    def test_legacy_observed_interest_without_strength(self) -> None:
        """An observed interest with no learned strength has no recency: no evidence."""
        person = contact(facts=[fact("interests.apparel.t_shirts", "yes", "observed")])
        assert [] == relevance_codes(decide(person, offer(COATS)))

    def test_legacy_stated_interest_counts_as_stated(self) -> None:
        """A stated interest with no learned strength is still the person's word."""
        legacy = fact("interests.apparel.outerwear", True, "stated")
        assert [] == relevance_codes(decide(shopper(legacy), offer(COATS)))


class TestDoesNotApply:
    @pytest.mark.parametrize("purpose", ["relationship", "transactional", "survey"])
    def test_other_purposes(self, purpose: str) -> None:
        """Only marketing messages are scored."""
        d = decide(shopper(), offer(COATS, purpose), policy=SCORING)
        assert [] == relevance_codes(d)

    @pytest.mark.parametrize("category", [None, "--"])
    def test_no_product_category(self, category: str | None) -> None:
        """A message naming no category (or one with no letter or digit) is not scored."""
        assert [] == relevance_codes(decide(shopper(), offer(category), policy=SCORING))

    def test_contact_without_evidence(self) -> None:
        """A contact with no interest, purchase or return facts decides as without the rule."""
        person = contact(facts=[fact("travel.home_airport", "BER")])
        for policy in (None, SCORING):
            assert [] == relevance_codes(decide(person, offer(COATS), policy=policy))
        assert decide(person, offer(COATS)) == decide(person, offer(COATS), policy=WITHOUT)


class TestScoreStrictness:
    def test_score_noted_never_denied(self) -> None:
        """SCORE notes the score among the reasons and lets the message go."""
        d = decide(shopper(bought("apparel.outerwear.coats")), offer(COATS), policy=SCORING)
        assert pt.Verdict.ALLOW == d.verdict
        assert ["relevance_score"] == relevance_codes(d)
        assert 0.0 == rules.Relevance.score_in(d)

    def test_score_read_back(self) -> None:
        """The noted score is the one the message has: high for their own category."""
        high = rules.Relevance.score_in(decide(shopper(), offer(T_SHIRTS), policy=SCORING))
        low = rules.Relevance.score_in(decide(shopper(), offer(COATS), policy=SCORING))
        neutral = rules.Relevance.score_in(decide(shopper(), offer(BOOKS), policy=SCORING))
        assert high is not None
        assert low is not None
        assert low < rules.Relevance().deny_below
        assert 0.5 == neutral
        assert neutral < high

    def test_no_score_under_deny(self) -> None:
        """The default strictness notes nothing when it does not deny."""
        assert rules.Relevance.score_in(decide(shopper(), offer(T_SHIRTS))) is None


class TestSettings:
    def test_defaults(self) -> None:
        """The default policy runs the default settings after the preferences rule."""
        ids = pt.default_policy().rule_ids
        assert ids.index("preferences") + 1 == ids.index("relevance")
        assert rules.relevance.purposes == frozenset({pt.MessagePurpose.MARKETING})
        assert rules.Relevance() == rules.Relevance(strictness="deny", deny_below=0.25)

    def test_threshold_is_data(self) -> None:
        """A stricter threshold denies on weaker evidence; zero never denies as irrelevant."""
        person = contact(facts=[interest("apparel.t_shirts", 0.4)])
        assert [] == relevance_codes(decide(person, offer(COATS)))
        strict = pt.default_policy().replacing_rule("relevance", rules.Relevance(deny_below=0.4))
        assert ["not_relevant"] == relevance_codes(decide(person, offer(COATS), policy=strict))
        never = pt.default_policy().replacing_rule("relevance", rules.Relevance(deny_below=0))
        assert [] == relevance_codes(decide(shopper(), offer(COATS), policy=never))

    def test_windows_are_data(self) -> None:
        """A shorter purchase window lets a replenishment offer go sooner."""
        short = pt.default_policy().replacing_rule("relevance", rules.Relevance(purchase_window=2))
        person = shopper(bought("apparel.t_shirts"))
        assert [] == relevance_codes(decide(person, offer(T_SHIRTS), policy=short))

    @pytest.mark.parametrize(
        ("changes", "field"),
        [
            ({"strictness": "loose"}, "strictness"),
            ({"deny_below": 1.5}, "deny_below"),
            ({"deny_below": "x"}, "deny_below"),
            ({"purchase_window": -1}, "purchase_window"),
            ({"return_window": -1}, "return_window"),
        ],
    )
    def test_invalid_settings(self, changes: dict[str, object], field: str) -> None:
        """Bad settings raise a typed error naming the field."""
        with pytest.raises(InvalidFieldError) as caught:
            rules.Relevance(**changes)  # type: ignore[arg-type]
        assert field == caught.value.field

    def test_settings_are_values(self) -> None:
        """Settings compare by value and pickle; the core rule pickles by reference."""
        r = rules.Relevance(strictness=rules.Strictness.SCORE, purchase_window=7)
        assert r == pickle.loads(pickle.dumps(r))
        assert rules.relevance is pickle.loads(pickle.dumps(rules.relevance))


class TestLearnedShopper:
    def test_signals_to_relevance(self) -> None:
        """Three T-shirt views and a purchase, learned: coats denied, T-shirts just bought."""
        signals = [
            pt.Signal(
                contact_id="c-1",
                kind=kind,
                at=AT.subtract(days=days),
                subject=f"sku-{n}",
                category=T_SHIRTS,
                source="web",
            )
            for n, (kind, days) in enumerate(
                [("viewed", 12), ("viewed", 9), ("viewed", 5), ("purchased", 4)]
            )
        ]
        person = pt.learn(contact(), signals, at=AT).contact
        assert ["not_relevant"] == relevance_codes(decide(person, offer(COATS)))
        assert ["recently_bought"] == relevance_codes(decide(person, offer(T_SHIRTS)))
        assert [] == relevance_codes(decide(person, offer(BOOKS)))
        stated = pt.Signal(
            contact_id="c-1",
            kind="stated_preference",
            at=AT.subtract(days=1),
            category="Apparel > Outerwear",
            value=True,
        )
        told_us = pt.learn(person, [stated], at=AT).contact
        assert [] == relevance_codes(decide(told_us, offer(COATS)))
