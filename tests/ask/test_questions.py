"""
``Question``, ``Form``, ``Freshness`` and ``questions_to_ask``: ask only what is unknown or stale.
"""

from __future__ import annotations

import pendulum
import pytest
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, contact, fact
from personal_touch import listening, rules
from personal_touch.exceptions import InvalidFieldError, NaiveDateTimeError

SIZE = "apparel.shirt_size"
SHOES = "apparel.shoe_size"
PET = "pets.name"
FORM = listening.Form(
    [listening.Question(SIZE), listening.Question(SHOES), listening.Question(PET)]
)


def keys(questions: tuple[listening.Question, ...]) -> list[str]:
    return [q.key for q in questions]


class TestQuestionAndForm:
    def test_question_fields(self) -> None:
        """A question names its key, and optionally its own age and a text id."""
        q = listening.Question(SIZE, max_age=90, text_id="survey.size")
        assert (SIZE, 90, "survey.size") == (q.key, q.max_age, q.text_id)
        assert listening.Question(SIZE).max_age is None

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"key": "Shirt Size"}, "key"),
            ({"key": SIZE, "max_age": -1}, "max_age"),
            ({"key": SIZE, "max_age": True}, "max_age"),
            ({"key": SIZE, "max_age": 1.5}, "max_age"),
            ({"key": SIZE, "text_id": 3}, "text_id"),
        ],
    )
    def test_question_validation(self, kwargs: dict[str, object], field: str) -> None:
        """A bad question is refused naming the field."""
        with pytest.raises(InvalidFieldError) as e:
            listening.Question(**kwargs)  # type: ignore[arg-type]
        assert field == e.value.field

    def test_form_keeps_order_and_refuses_repeats(self) -> None:
        """A form is ordered; asking one key twice is refused."""
        assert (SIZE, SHOES, PET) == FORM.keys
        with pytest.raises(InvalidFieldError) as e:
            listening.Form([listening.Question(SIZE), listening.Question(SIZE, max_age=3)])
        assert "questions" == e.value.field
        with pytest.raises(InvalidFieldError):
            listening.Form(["apparel.shirt_size"])  # type: ignore[list-item]


class TestFreshness:
    def test_default_ages(self) -> None:
        """Sizes go stale after a year, a birthday never, anything else after two years."""
        ages = rules.DEFAULT_FRESHNESS
        assert 365 == ages.days(SIZE) == ages.days("sizes.shoe")
        assert ages.days("dates.birthday") is None
        assert 730 == ages.days(PET)

    def test_most_specific_pattern_wins(self) -> None:
        """The matching pattern naming most characters wins; * matches across dots."""
        ages = rules.Freshness(
            max_age={"*size*": 365, "apparel.*": 30, "apparel.shirt_size": 7}, default=None
        )
        assert 7 == ages.days(SIZE)
        assert 30 == ages.days(SHOES)
        assert 365 == ages.days("sizes.ring")
        assert ages.days(PET) is None

    def test_a_key_beats_a_pattern_naming_as_much(self) -> None:
        """A key listed itself wins over a pattern that also matches it."""
        ages = rules.Freshness(max_age={"pets.name*": 1, "pets.name": 2, "*.name": 3})
        assert 2 == ages.days(PET)
        assert 1 == ages.days("pets.names")

    def test_tables_are_values(self) -> None:
        """Equal tables are equal whatever their order, and hash alike."""
        a = rules.Freshness(max_age={"*size*": 365, "apparel.*": 30})
        b = rules.Freshness(max_age={"apparel.*": 30, "*size*": 365})
        assert a == b
        assert hash(a) == hash(b)
        assert a != rules.Freshness(max_age={"apparel.*": 31, "*size*": 365})

    @pytest.mark.parametrize(
        "kwargs",
        [{"max_age": {"Apparel": 3}}, {"max_age": {"a": -1}}, {"max_age": []}, {"default": -5}],
    )
    def test_validation(self, kwargs: dict[str, object]) -> None:
        """Patterns must be fact keys (with *), ages whole days from 0."""
        with pytest.raises(InvalidFieldError):
            rules.Freshness(**kwargs)  # type: ignore[arg-type]


class TestQuestionsToAsk:
    def test_the_seed_shirt_size_on_file_is_not_asked(self) -> None:
        """The seed: a stated shirt size on file is not asked again; the rest is, in order."""
        c = contact(facts=[fact(SIZE, "M")])
        assert [SHOES, PET] == keys(listening.questions_to_ask(c, FORM, at=AT))

    def test_stale_answer_is_asked_again(self) -> None:
        """A size older than a year is asked again."""
        c = contact(facts=[fact(SIZE, "M", recorded_at=AT.subtract(days=366))])
        assert [SIZE, SHOES, PET] == keys(listening.questions_to_ask(c, FORM, at=AT))

    def test_question_age_overrides_freshness(self) -> None:
        """A question's own max_age wins over the table; None there means the table's."""
        c = contact(facts=[fact(SIZE, "M", recorded_at=AT.subtract(days=40))])
        strict = listening.Form([listening.Question(SIZE, max_age=30)])
        assert [SIZE] == keys(listening.questions_to_ask(c, strict, at=AT))
        short = rules.Freshness(max_age={}, default=10)
        assert [SIZE] == keys(
            listening.questions_to_ask(
                c, listening.Form([listening.Question(SIZE)]), at=AT, freshness=short
            )
        )

    @pytest.mark.parametrize("provenance", ["stated", "observed", "system"])
    def test_given_provenances_count(self, provenance: str) -> None:
        """What the person told us, did with us, or our records hold is an answer."""
        c = contact(facts=[fact(PET, "Rex", provenance)])
        assert PET not in keys(listening.questions_to_ask(c, FORM, at=AT))

    @pytest.mark.parametrize("provenance", ["inferred", "third_party"])
    def test_guesses_and_bought_data_do_not_count(self, provenance: str) -> None:
        """An inference or a third party's data is no answer: ask the person."""
        c = contact(facts=[fact(PET, "Rex", provenance)])
        assert PET in keys(listening.questions_to_ask(c, FORM, at=AT))

    def test_expired_and_future_facts_do_not_count(self) -> None:
        """A fact expired at, or recorded after, the instant is no answer then."""
        expired = fact(SIZE, "M", valid_until=AT)
        later = fact(SHOES, "42", recorded_at=AT.add(seconds=1))
        c = contact(facts=[expired, later])
        assert [SIZE, SHOES, PET] == keys(listening.questions_to_ask(c, FORM, at=AT))

    def test_exact_key_only(self) -> None:
        """A fact below or above the key does not answer it."""
        c = contact(facts=[fact("apparel", "x"), fact("pets.name.nick", "R")])
        assert [SIZE, SHOES, PET] == keys(listening.questions_to_ask(c, FORM, at=AT))

    def test_birth_date_answers_the_birthday(self) -> None:
        """The contact's birth date is the stated fact dates.birthday: never stale by default."""
        c = contact(birth_date=pendulum.date(1980, 5, 1))
        form = listening.Form([listening.Question("dates.birthday")])
        assert () == listening.questions_to_ask(c, form, at=AT.add(years=30))

    def test_arguments_checked(self) -> None:
        """A naive instant, or something else than a Form, is refused."""
        c = contact()
        with pytest.raises(NaiveDateTimeError):
            listening.questions_to_ask(c, FORM, at=AT.naive())  # type: ignore[arg-type]
        with pytest.raises(InvalidFieldError):
            listening.questions_to_ask(c, [listening.Question(SIZE)], at=AT)  # type: ignore[arg-type]
        with pytest.raises(InvalidFieldError):
            listening.questions_to_ask(c, FORM, at=AT, freshness={})  # type: ignore[arg-type]


KEYS = (SIZE, SHOES, PET, "dates.anniversary", "travel.home_airport")
facts_drawn = st.lists(
    st.builds(
        fact,
        st.sampled_from(KEYS),
        st.just("v"),
        st.sampled_from(list(pt.Provenance)),
        recorded_at=st.integers(0, 1000).map(lambda d: AT.subtract(days=d)),
    ),
    max_size=6,
)
forms_drawn = st.lists(
    st.builds(listening.Question, st.sampled_from(KEYS), max_age=st.none() | st.integers(0, 800)),
    unique_by=lambda q: q.key,
).map(listening.Form)


class TestProperties:
    @given(facts_drawn, forms_drawn, st.sampled_from(KEYS), st.integers(0, 300))
    def test_a_fresh_stated_fact_never_adds_a_question(
        self, facts: list[pt.Fact], form: listening.Form, key: str, age: int
    ) -> None:
        """Adding a stated answer recorded at or before the instant only ever removes questions."""
        before = set(keys(listening.questions_to_ask(contact(facts=facts), form, at=AT)))
        new = fact(key, "v", recorded_at=AT.subtract(days=age))
        after = set(keys(listening.questions_to_ask(contact(facts=[*facts, new]), form, at=AT)))
        assert after <= before

    @given(facts_drawn, forms_drawn, st.randoms(use_true_random=False))
    def test_order_of_facts_does_not_matter(
        self, facts: list[pt.Fact], form: listening.Form, rnd: object
    ) -> None:
        """The same facts in any order give the same questions, in form order."""
        shuffled = list(facts)
        rnd.shuffle(shuffled)  # type: ignore[attr-defined]
        a = listening.questions_to_ask(contact(facts=facts), form, at=AT)
        b = listening.questions_to_ask(contact(facts=shuffled), form, at=AT)
        assert a == b
        assert keys(a) == [k for k in form.keys if k in keys(a)]
