"""
The core ``dont_ask_again`` rule: a message asking for an answer on file is denied.
"""

from __future__ import annotations

import pickle

import pendulum
from hypothesis import given
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, CORE, FULL, codes, decide_core, fact, message, traveller
from personal_touch import listening, rules
from personal_touch._policy._prepared import request_for

SIZE = "apparel.shirt_size"
SECRET = "XXL-secret-size"
QUESTION = pt.Template("Hello!\n{% ask apparel.shirt_size %}What's your shirt size?{% endask %}\n")


def shopper(*facts: pt.Fact) -> pt.Contact:
    """The traveller, with *facts* added."""
    base = traveller()
    return traveller(facts=(*base.facts, *facts))


def asking(**changes: object) -> pt.Message:
    """The marketing e-mail asking for the shirt size, built from the template."""
    return pt.message_for(
        QUESTION,
        purpose="marketing",
        channel="email",
        content=pt.ContentFlags.declared(),
        **changes,  # type: ignore[arg-type]
    )


class TestSeed:
    def test_shirt_size_on_file_denies_asking_again(self) -> None:
        """The seed: they gave their size two months ago; a message asking for it is denied."""
        c = shopper(fact(SIZE, SECRET, recorded_at=AT.subtract(months=2)))
        d = decide_core(c, asking())
        assert pt.Verdict.DENY == d.verdict
        [reason] = [r for r in d.reasons if r.code == "already_answered"]
        assert "dont_ask_again" == reason.rule
        assert SIZE in reason.message
        assert SECRET not in repr(d.reasons)

    def test_stale_size_is_asked_again(self) -> None:
        """A size given more than a year ago is stale: asking is allowed."""
        c = shopper(fact(SIZE, SECRET, recorded_at=AT.subtract(days=400)))
        d = decide_core(c, asking())
        assert pt.Verdict.ALLOW == d.verdict
        assert "already_answered" not in codes(d)

    def test_unknown_size_is_asked(self) -> None:
        """Nobody told us: asking is allowed."""
        assert pt.Verdict.ALLOW == decide_core(traveller(), asking()).verdict

    def test_inferred_size_is_no_answer(self) -> None:
        """A guessed size does not stop us from asking the person."""
        c = shopper(fact(SIZE, SECRET, "inferred"))
        assert "already_answered" not in codes(decide_core(c, asking()))

    def test_observed_and_system_answers_count(self) -> None:
        """What they did with us, or our own records, is an answer too."""
        for provenance in ("observed", "system"):
            c = shopper(fact(SIZE, SECRET, provenance))
            assert "already_answered" in codes(decide_core(c, asking()))

    def test_any_purpose_and_channel(self) -> None:
        """A survey by push asking again is denied just as a marketing e-mail is."""
        c = shopper(fact(SIZE, SECRET))
        m = message("survey", "push", asks=[SIZE])
        assert "already_answered" in codes(decide_core(c, m))


class TestRule:
    def test_one_reason_per_key_in_key_order(self) -> None:
        """Each key already answered gets its own reason, keys sorted; unknown keys none."""
        c = shopper(fact(SIZE, "M"), fact("apparel.colour", "blue"))
        d = decide_core(c, message(asks=[SIZE, "apparel.colour", "pets.name"]))
        found = [r.message for r in d.reasons if r.code == "already_answered"]
        assert 2 == len(found)
        assert "apparel.colour" in found[0]
        assert SIZE in found[1]

    def test_custom_freshness_as_data(self) -> None:
        """Replace the core rule with a DontAskAgain of other ages: a week for sizes."""
        c = shopper(fact(SIZE, "M", recorded_at=AT.subtract(days=10)))
        week = rules.DontAskAgain(freshness=rules.Freshness(max_age={"*size*": 7}))
        policy = CORE.replacing_rule("dont_ask_again", week)
        assert "already_answered" in codes(decide_core(c, asking()))
        assert "already_answered" not in codes(decide_core(c, asking(), policy=policy))

    def test_message_without_asks_is_untouched(self) -> None:
        """The rule says nothing about a message that asks nothing."""
        c = shopper(fact(SIZE, "M"))
        assert () == tuple(rules.dont_ask_again(_request(c, message())))

    def test_rule_pickles_and_is_public(self) -> None:
        """The core rule is public under its id and pickles by reference."""
        assert rules.dont_ask_again is pickle.loads(pickle.dumps(rules.dont_ask_again))
        assert "dont_ask_again" in pt.default_policy().rule_ids


def _request(c: pt.Contact, m: pt.Message) -> rules.Request:
    return request_for(pt.prepare(c, consents=FULL, at=AT, policy=CORE), m)


class TestProperties:
    @given(
        st.sampled_from(["stated", "observed", "system", "inferred", "third_party"]),
        st.integers(0, 800),
        st.integers(-5, 5),
    )
    def test_rule_and_questions_to_ask_agree(self, provenance: str, age: int, shift: int) -> None:
        """The rule denies exactly when questions_to_ask would leave the question out."""
        at = AT.add(days=shift)
        c = shopper(fact(SIZE, "M", provenance, recorded_at=AT.subtract(days=age)))
        denied = "already_answered" in codes(decide_core(c, asking(), at=at))
        form = listening.Form([listening.Question(SIZE)])
        assert denied == (listening.questions_to_ask(c, form, at=pendulum.instance(at)) == ())
