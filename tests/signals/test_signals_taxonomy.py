"""
The sensitive-proxy taxonomy and the learning rules: cited data, extendable, JSON round trips.
"""

from __future__ import annotations

import json
from importlib import resources

import pendulum
import pytest

import personal_touch as pt
from personal_touch import converters
from personal_touch.exceptions import InvalidFieldError
from personal_touch.listening import (
    Citation,
    LearningRules,
    ProxyCategory,
    ProxyTaxonomy,
    default_learning,
    interest_strength,
    sensitive_category,
)

AT = pendulum.datetime(2026, 11, 30, 15, tz="UTC")
S = pt.Sensitivity


class TestDefaultTaxonomy:
    @pytest.mark.parametrize(
        ("category", "sensitivity"),
        [
            ("Maternity > Prenatal Vitamins", S.REPRODUCTIVE_HEALTH),
            ("Apparel > Maternity > Dresses", S.REPRODUCTIVE_HEALTH),
            ("Health > Pregnancy Tests", S.REPRODUCTIVE_HEALTH),
            ("Pharmacy > Insulin", S.HEALTH),
            ("Home > Religious Goods", S.RELIGION),
            ("Books > LGBTQ+", S.SEX_LIFE),
            ("Services > Debt Help", S.FINANCES),
            ("Cards > Sympathy", S.BEREAVEMENT),
        ],
    )
    def test_sensitive_categories(self, category: str, sensitivity: pt.Sensitivity) -> None:
        """Categories from the issue's list map to their special category."""
        assert sensitivity is sensitive_category(category)

    @pytest.mark.parametrize(
        "category",
        [
            "Apparel > T-Shirts",
            "Apparel > Coats",
            "Books > Pride and Prejudice",
            "Home > Prayer Plant",
        ],
    )
    def test_ordinary_categories(self, category: str) -> None:
        """Ordinary categories, including near misses by substring, are not sensitive."""
        assert sensitive_category(category) is None

    def test_every_entry_cited(self) -> None:
        """Every shipped category has a citation, and every citation says if it was checked."""
        taxonomy = ProxyTaxonomy.default()
        assert len(taxonomy.categories) >= 30
        assert all(c.citations for c in taxonomy.categories)
        assert any(c.checked for e in taxonomy.categories for c in e.citations)

    def test_shipped_file_is_the_default(self) -> None:
        """The default is the JSON file shipped with the package."""
        raw = resources.files("personal_touch").joinpath("data/sensitive_proxies.json")
        doc = json.loads(raw.read_text("utf-8"))
        assert ProxyTaxonomy.from_json(doc) == ProxyTaxonomy.default()

    def test_malformed_document(self) -> None:
        """A category citing an unknown source is an error naming the taxonomy."""
        doc = {
            "sources": {},
            "categories": [{"term": "x", "sensitivity": "health", "sources": ["nope"]}],
        }
        with pytest.raises(InvalidFieldError) as info:
            ProxyTaxonomy.from_json(doc)
        assert "taxonomy" == info.value.field


class TestExtension:
    def test_extended_by_mapping_cites_the_user(self) -> None:
        """Entries added from a mapping match and cite the user."""
        taxonomy = ProxyTaxonomy.default().extended({"Books > Tarot": "religion"})
        assert S.RELIGION is sensitive_category("books.tarot.decks", taxonomy=taxonomy)
        added = taxonomy.categories[-1]
        assert ("books.tarot", False) == (added.term, added.citations[0].checked)

    def test_extended_by_categories(self) -> None:
        """Entries may be given as ProxyCategory values with their own citations."""
        mine = ProxyCategory(term="vape", sensitivity="health", citations=[Citation(title="ours")])
        assert S.HEALTH is ProxyTaxonomy().extended([mine]).sensitivity_of("shop.vape")

    def test_longest_term_wins(self) -> None:
        """When terms overlap, the longest match decides."""
        taxonomy = ProxyTaxonomy().extended(
            {"tests": "health", "pregnancy.tests": "reproductive_health"}
        )
        assert S.REPRODUCTIVE_HEALTH is taxonomy.sensitivity_of("home.pregnancy_tests")

    def test_ordinary_refused(self) -> None:
        """A proxy category must name a special category."""
        with pytest.raises(InvalidFieldError):
            ProxyCategory(term="x", sensitivity="ordinary")


class TestRulesData:
    def test_default_round_trip(self) -> None:
        """The default rules serialize to an empty object and back."""
        assert {} == converters.unstructure(default_learning())
        assert default_learning() == converters.structure({}, LearningRules)

    def test_custom_round_trip(self) -> None:
        """Custom weights, half-lives, window, threshold and taxonomy survive JSON."""
        rules = LearningRules(
            weights={"viewed": 0.3},
            half_lives={"viewed": 3},
            window_days=30,
            forget_below=0.1,
            taxonomy=ProxyTaxonomy().extended({"tarot": "religion"}),
        )
        assert rules == converters.loads(converters.dumps(rules), LearningRules)

    @pytest.mark.parametrize(
        "changes",
        [
            {"weights": {"nonsense": 1.0}},
            {"weights": {"viewed": float("nan")}},
            {"half_lives": {"viewed": 0}},
            {"weights": {"answered": 1.0}, "half_lives": {"viewed": 1.0}},
            {"window_days": 0},
            {"forget_below": 2},
        ],
    )
    def test_bad_rules_refused(self, changes: dict[str, object]) -> None:
        """Unknown kinds, non-finite weights, non-positive half-lives and bad bounds fail."""
        with pytest.raises(InvalidFieldError):
            LearningRules(**changes)  # type: ignore[arg-type]


class TestInterestStrength:
    def fact(self, value: object, provenance: str = "observed") -> pt.Fact:
        return pt.Fact(key="interests.x", value=value, provenance=provenance, recorded_at=AT)

    def test_stated_does_not_decay(self) -> None:
        """A stated interest keeps its strength."""
        told = self.fact(
            {"strength": 0.7, "last_seen": AT.isoformat(), "scores": {"viewed": 9}}, "stated"
        )
        assert 0.7 == interest_strength(told, at=AT.add(years=3))

    def test_plain_values(self) -> None:
        """Plain stated values count as 1 (False as 0); observed ones without strength as 0."""
        assert 1.0 == interest_strength(self.fact(True, "stated"), at=AT)
        assert 0.0 == interest_strength(self.fact(False, "stated"), at=AT)
        assert 0.0 == interest_strength(self.fact("ramen"), at=AT)
        assert 0.4 == interest_strength(self.fact({"strength": 0.4}), at=AT)

    def test_before_last_seen_is_the_stored_strength(self) -> None:
        """Asked before it was last seen, the stored strength is returned."""
        fact = self.fact({"strength": 0.4, "last_seen": AT.isoformat(), "scores": {"viewed": 1.0}})
        assert 0.4 == interest_strength(fact, at=AT.subtract(days=1))
