"""
learn(): behaviour becomes facts with provenance, recency and sensitivity, explained.
"""

from __future__ import annotations

import datetime as dt
import math

import pendulum
import pytest

import personal_touch as pt
from builders import FULL, contact, decide, decide_core, message
from personal_touch._signals import (
    ChangeKind,
    LearningRules,
    SkipReason,
    interest_strength,
    learn,
)
from personal_touch.exceptions import InvalidFieldError, NaiveDateTimeError

AT = pendulum.datetime(2026, 11, 30, 15, tz="UTC")
TSHIRTS = "Apparel > T-Shirts"
DENY = pt.Verdict.DENY


def sig(kind: str, days_ago: float, **changes: object) -> pt.Signal:
    """A signal of contact ``c-1``, *days_ago* days before :data:`AT`."""
    return pt.Signal(contact_id="c-1", kind=kind, at=AT.subtract(hours=days_ago * 24), **changes)  # type: ignore[arg-type]


def shopper() -> list[pt.Signal]:
    """The seed's T-shirt shopper: three views over two weeks, then a purchase."""
    return [
        sig("viewed", 14, category=TSHIRTS, source="web"),
        sig("viewed", 7, category=TSHIRTS, source="web"),
        sig("viewed", 2, category=TSHIRTS, source="web"),
        sig("purchased", 0, category=TSHIRTS, source="shopify", id="order-1"),
    ]


class TestInterests:
    def test_the_t_shirt_shopper(self) -> None:
        """Views and a purchase make an observed interest, explained with counts and days."""
        learned = learn(contact(), shopper(), at=AT)
        fact = learned.contact.fact("interests.apparel.t_shirts")
        assert fact is not None
        assert pt.Provenance.OBSERVED is fact.provenance
        assert pt.Sensitivity.ORDINARY is fact.sensitivity
        assert "shopify" == fact.source
        assert AT == fact.recorded_at
        value = fact.value
        assert (3, 0, 0, 1) == tuple(value[k] for k in ("views", "searches", "carts", "purchases"))  # type: ignore[index, call-overload]
        assert "2026-11-16T15:00:00+00:00" == value["first_seen"]  # type: ignore[index, call-overload]
        assert "2026-11-30T15:00:00+00:00" == value["last_seen"]  # type: ignore[index, call-overload]
        assert (
            "interests.apparel.t_shirts: 3 views and 1 purchase in 14 days" in learned.explanations
        )

    def test_strength_in_unit_range_and_decays(self) -> None:
        """Strength is in [0, 1] and falls as time passes without new signals."""
        fact = learn(contact(), shopper(), at=AT).contact.fact("interests.apparel.t_shirts")
        assert fact is not None
        now = interest_strength(fact, at=AT)
        later = interest_strength(fact, at=AT.add(days=30))
        much_later = interest_strength(fact, at=AT.add(days=400))
        assert 0 < much_later < later < now < 1
        assert now == fact.value["strength"]  # type: ignore[index, call-overload]

    def test_purchase_decays_slower_than_views(self) -> None:
        """Each kind has its own half-life: a purchase outlasts a view of the same weight."""
        rules = LearningRules(weights={"viewed": 0.5, "purchased": 0.5})
        viewed = learn(contact(), [sig("viewed", 0, category="a")], at=AT, rules=rules)
        bought = learn(contact(), [sig("purchased", 0, category="a")], at=AT, rules=rules)
        later = AT.add(days=30)
        v, b = (x.contact.fact("interests.a") for x in (viewed, bought))
        assert v is not None
        assert b is not None
        assert interest_strength(v, at=later, rules=rules) < interest_strength(
            b, at=later, rules=rules
        )

    def test_half_life_halves_the_score(self) -> None:
        """After one half-life of its kind, a lone signal's score is half."""
        rules = LearningRules(weights={"viewed": 0.4}, half_lives={"viewed": 10})
        fact = learn(contact(), [sig("viewed", 0, category="a")], at=AT, rules=rules).contact.fact(
            "interests.a"
        )
        assert fact is not None
        s = interest_strength(fact, at=AT.add(days=10), rules=rules)
        assert pytest.approx(1 - math.exp(-0.2)) == s

    def test_more_signals_strengthen(self) -> None:
        """A later view strengthens the learned interest, and says so."""
        first = learn(contact(), shopper()[:2], at=AT.subtract(days=6))
        second = learn(first.contact, shopper()[2:3], at=AT.subtract(days=2))
        assert [ChangeKind.STRENGTHENED] == [c.kind for c in second.changes]
        assert ("interests.apparel.t_shirts: 1 view in 1 day",) == second.explanations

    def test_return_weakens(self) -> None:
        """Returning what was bought weakens the interest and counts the return."""
        bought = learn(contact(), shopper(), at=AT)
        returned = learn(
            bought.contact, [sig("returned", 0, category=TSHIRTS, id="ret-1")], at=AT.add(hours=1)
        )
        kinds = {c.key: c.kind for c in returned.changes}
        assert ChangeKind.WEAKENED is kinds["interests.apparel.t_shirts"]
        assert ChangeKind.ADDED is kinds["returns.apparel.t_shirts"]
        counted = returned.contact.fact("returns.apparel.t_shirts")
        assert counted is not None
        assert 1 == counted.value["count"]  # type: ignore[index, call-overload]

    def test_purchases_counted(self) -> None:
        """Purchases are also counted under purchases.<category>."""
        learned = learn(contact(), shopper(), at=AT)
        fact = learned.contact.fact("purchases.apparel.t_shirts")
        assert fact is not None
        assert (1, "2026-11-30T15:00:00+00:00") == (fact.value["count"], fact.value["last"])  # type: ignore[index, call-overload]

    def test_weak_interest_expires(self) -> None:
        """A learned interest whose strength falls below the threshold is forgotten."""
        learned = learn(contact(), [sig("viewed", 0, category="a")], at=AT)
        assert learned.contact.fact("interests.a") is not None
        later = learn(learned.contact, [], at=AT.add(days=80))
        assert later.contact.fact("interests.a") is None
        assert [ChangeKind.EXPIRED] == [c.kind for c in later.changes]

    def test_lone_weak_signal_learns_nothing(self) -> None:
        """A signal too weak to pass the threshold adds no fact."""
        learned = learn(contact(), [sig("opened", 0, category="a")], at=AT)
        assert learned.contact.fact("interests.a") is None
        assert () == learned.changes

    def test_behaviour_without_category_is_skipped(self) -> None:
        """A view of nothing in particular is skipped as incomplete."""
        learned = learn(contact(), [sig("viewed", 0, id="v1")], at=AT)
        assert [(SkipReason.INCOMPLETE, "v1")] == [(s.reason, s.id) for s in learned.skipped]

    def test_complaint_is_not_a_fact(self) -> None:
        """Complaints and unsubscribes are interactions, not facts: skipped."""
        learned = learn(contact(), [sig("complained", 0), sig("unsubscribed", 1)], at=AT)
        assert {SkipReason.NOT_LEARNED} == {s.reason for s in learned.skipped}
        assert learned.contact == contact()


class TestStatedNeverOutranked:
    def test_stated_interest_kept(self) -> None:
        """Behaviour never replaces a stated interest for the same key."""
        told = pt.Fact(
            key="interests.apparel.t_shirts",
            value={"strength": 0.0},
            provenance="stated",
            recorded_at=AT.subtract(days=100),
        )
        learned = learn(contact(facts=[told]), shopper(), at=AT)
        assert told == learned.contact.fact("interests.apparel.t_shirts")
        assert [] == [c for c in learned.changes if c.key == "interests.apparel.t_shirts"]
        assert 4 == sum(s.reason is SkipReason.STATED_FACT for s in learned.skipped)

    def test_stated_preference_replaces_observed(self) -> None:
        """Telling us a preference makes a stated interest that replaces the observed one."""
        seen = learn(contact(), shopper(), at=AT)
        told = learn(
            seen.contact,
            [sig("stated_preference", -0.5, category=TSHIRTS, value=False, source="prefs")],
            at=AT.add(days=1),
        )
        fact = told.contact.fact("interests.apparel.t_shirts")
        assert fact is not None
        assert pt.Provenance.STATED is fact.provenance
        assert 0.0 == interest_strength(fact, at=AT.add(days=1))
        assert 1 == len(told.contact.facts_under("interests.apparel.t_shirts"))

    def test_statement_in_the_same_batch_wins(self) -> None:
        """A preference stated alongside behaviour is the fact kept; the behaviour is skipped."""
        stated = sig("stated_preference", 30, category=TSHIRTS, value=True, source="prefs")
        learned = learn(contact(), [*shopper(), stated], at=AT)
        fact = learned.contact.fact("interests.apparel.t_shirts")
        assert fact is not None
        assert pt.Provenance.STATED is fact.provenance
        assert ["interests.apparel.t_shirts"] == [
            c.key for c in learned.changes if c.key.startswith("interests.")
        ]

    def test_app_recorded_fact_untouched(self) -> None:
        """An observed fact the application recorded at the same key is neither read nor removed."""
        own = pt.Fact(
            key="interests.apparel.t_shirts",
            value="band shirts",
            provenance="observed",
            recorded_at=AT.subtract(days=100),
        )
        learned = learn(contact(facts=[own]), shopper(), at=AT)
        assert own in learned.contact.facts
        assert 2 == len(learned.contact.facts_under("interests.apparel.t_shirts"))

    def test_malformed_learned_value_does_not_fail(self) -> None:
        """A learned-looking value with bad instants or scores is read as far as it makes sense."""
        odd = pt.Fact(
            key="interests.apparel.t_shirts",
            value={"seen": {}, "scores": "x", "last_seen": "yesterday", "first_seen": 3},
            provenance="observed",
            recorded_at=AT.subtract(days=1),
        )
        learned = learn(contact(facts=[odd]), shopper(), at=AT)
        fact = learned.contact.fact("interests.apparel.t_shirts")
        assert fact is not None
        assert 3 == fact.value["views"]  # type: ignore[index, call-overload]


class TestAnswers:
    def test_answer_becomes_stated_fact(self) -> None:
        """An answered question is a stated fact at its key, explained without its value."""
        answer = sig(
            "answered", 1, subject="apparel.shirt_size", value="M", source="survey:onboarding"
        )
        learned = learn(contact(), [answer], at=AT)
        fact = learned.contact.fact("apparel.shirt_size")
        assert fact is not None
        assert ("M", pt.Provenance.STATED, "survey:onboarding") == (
            fact.value,
            fact.provenance,
            fact.source,
        )
        assert ("apparel.shirt_size: answered (survey:onboarding)",) == learned.explanations

    def test_older_answer_superseded(self) -> None:
        """An answer older than the one on file changes nothing."""
        newer = learn(contact(), [sig("answered", 1, subject="a.size", value="L")], at=AT)
        older = learn(newer.contact, [sig("answered", 5, subject="a.size", value="S")], at=AT)
        assert newer.contact == older.contact
        assert [SkipReason.SUPERSEDED] == [s.reason for s in older.skipped]

    def test_answer_without_key_skipped(self) -> None:
        """An answer whose subject is no fact key is skipped."""
        learned = learn(contact(), [sig("answered", 1, subject="Shirt size?", value="M")], at=AT)
        assert [SkipReason.INCOMPLETE] == [s.reason for s in learned.skipped]


class TestTrips:
    def test_nyc_booking_becomes_a_trip_moment(self) -> None:
        """The seed's NYC booking becomes travel.trips.* and the moment scan finds the trip."""
        booking = sig(
            "booked_travel",
            1,
            id="bk_nyc",
            source="web",
            value={"departs": "2026-12-10", "returns": "2026-12-14", "destination": "New York"},
        )
        learned = learn(contact(timezone="America/New_York"), [booking], at=AT)
        fact = learned.contact.fact("travel.trips.bk_nyc")
        assert fact is not None
        assert pendulum.datetime(2026, 12, 15, tz="America/New_York") == fact.valid_until
        scan = pt.scan_moments([learned.contact], at=AT, within=dt.timedelta(days=30))
        trips = [m for m in scan if isinstance(m, pt.moments.TripMoment)]
        assert ["New York"] == [m.destination for m in trips]

    def test_trip_over_is_skipped(self) -> None:
        """A trip that is already over is not learned."""
        over = sig("booked_travel", 1, value={"departs": "2026-11-01", "returns": "2026-11-05"})
        learned = learn(contact(), [over], at=AT)
        assert [SkipReason.BAD_TRIP] == [s.reason for s in learned.skipped]

    def test_trip_id_made_key_safe(self) -> None:
        """An id that is no key segment gives a readable key with a digest."""
        trip = sig("booked_travel", 1, id="NYC-1", value={"departs": "2027-01-02"})
        keys = [f.key for f in learn(contact(), [trip], at=AT).contact.facts]
        assert 1 == len(keys)
        assert keys[0].startswith("travel.trips.nyc_1_")


class TestTime:
    def test_signals_after_at_are_skipped(self) -> None:
        """Signals after `at` are not learned yet: skipped, not an error."""
        learned = learn(contact(), [sig("viewed", -1, category="a")], at=AT)
        assert [SkipReason.AFTER_AT] == [s.reason for s in learned.skipped]
        assert () == learned.contact.facts

    def test_signals_older_than_the_window_are_skipped(self) -> None:
        """Signals older than the window are skipped."""
        learned = learn(contact(), [sig("purchased", 91, category="a")], at=AT)
        assert [SkipReason.OUTSIDE_WINDOW] == [s.reason for s in learned.skipped]

    def test_naive_at_refused(self) -> None:
        """A naive `at` is refused."""
        with pytest.raises(NaiveDateTimeError):
            learn(contact(), [], at=AT.naive())

    def test_other_contacts_signal_refused(self) -> None:
        """A signal of another contact is an error naming contact_id."""
        other = pt.Signal(contact_id="c-2", kind="viewed", at=AT, category="a")
        with pytest.raises(InvalidFieldError) as info:
            learn(contact(), [other], at=AT)
        assert "contact_id" == info.value.field


class TestIdempotence:
    def test_same_signals_twice_change_nothing(self) -> None:
        """Learning the same signals again returns an equal contact and no changes."""
        once = learn(contact(), shopper(), at=AT)
        twice = learn(once.contact, shopper(), at=AT.add(days=1))
        assert once.contact == twice.contact
        assert () == twice.changes
        assert {SkipReason.DUPLICATE} == {s.reason for s in twice.skipped}

    def test_same_id_counts_once(self) -> None:
        """Two signals with one id count once."""
        a = sig("viewed", 2, category="a", id="e1")
        b = sig("viewed", 1, category="a", id="e1")
        fact = learn(contact(), [a, b], at=AT).contact.fact("interests.a")
        assert fact is not None
        assert 1 == fact.value["views"]  # type: ignore[index, call-overload]

    def test_nothing_learned_returns_the_same_contact(self) -> None:
        """With nothing to learn the contact is returned as is."""
        c = contact()
        assert c is learn(c, [], at=AT).contact


class TestSensitiveProxies:
    def maternity(self) -> pt.Contact:
        signals = [
            sig("purchased", 20, category="Maternity > Prenatal Vitamins", id="o-1"),
            sig("purchased", 3, category="Maternity > Prenatal Vitamins", id="o-2"),
            sig("viewed", 1, category="Apparel > Maternity > Dresses"),
        ]
        return learn(contact(), signals, at=AT).contact

    def test_learned_as_inferred_special_category(self) -> None:
        """Maternity purchases are learned as inferred reproductive-health facts."""
        c = self.maternity()
        for key in (
            "interests.maternity.prenatal_vitamins",
            "purchases.maternity.prenatal_vitamins",
        ):
            fact = c.fact(key)
            assert fact is not None
            assert (pt.Provenance.INFERRED, pt.Sensitivity.REPRODUCTIVE_HEALTH) == (
                fact.provenance,
                fact.sensitivity,
            )
        interest = c.fact("interests.maternity.prenatal_vitamins")
        assert interest is not None
        assert interest.confidence is not None

    @pytest.mark.parametrize(
        "key", ["interests.maternity.prenatal_vitamins", "purchases.maternity.prenatal_vitamins"]
    )
    def test_targeting_on_it_is_denied(self, key: str) -> None:
        """A marketing message targeted on the learned maternity fact is denied by default."""
        c = self.maternity()
        assert DENY == decide(c, message(targeting_facts=[key]), consents=FULL).verdict
        d = decide_core(c, message(targeting_facts=[key]))
        assert DENY == d.verdict
        assert "targeting_on_sensitive_inference" in {r.code for r in d.reasons}

    def test_untargeted_message_still_allowed(self) -> None:
        """The learned fact does not deny messages that do not use it."""
        assert DENY != decide_core(self.maternity(), message()).verdict

    def test_content_use_withheld(self) -> None:
        """Using the learned maternity interest in content is withheld."""
        d = decide_core(
            self.maternity(),
            message(level="personal", content_facts=["interests.maternity.prenatal_vitamins"]),
        )
        assert not d.may_use("interests.maternity.prenatal_vitamins")

    def test_explanations_name_no_values(self) -> None:
        """Explanations of sensitive facts name the key, counts and the category only."""
        signals = [sig("purchased", 3, category="Pharmacy > Insulin", subject="SECRET-SKU")]
        learned = learn(contact(), signals, at=AT)
        assert all("SECRET" not in e for e in learned.explanations)
        assert all(c.strength is None for c in learned.changes)
        assert (
            "interests.pharmacy.insulin: 1 purchase in 1 day (inferred health)"
            in learned.explanations
        )

    def test_user_extension(self) -> None:
        """A user-extended taxonomy makes its categories sensitive too."""
        rules = LearningRules(
            taxonomy=pt.listening.ProxyTaxonomy.default().extended({"tarot": "religion"})
        )
        c = learn(contact(), [sig("purchased", 1, category="Books > Tarot")], at=AT, rules=rules)
        fact = c.contact.fact("interests.books.tarot")
        assert fact is not None
        assert pt.Sensitivity.RELIGION is fact.sensitivity
