"""
Issue 14 item 1: two standards, consent-first (the default) and the law's floor.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, call, customer_in, decide, grant, local, message, rule_ids, touch
from personal_touch._policy._default import law_floor_policy
from personal_touch.exceptions import InvalidFieldError
from personal_touch.rules import LAW_PERMITS_CODE, Standard
from strategies import decision_cases

ALLOW, DENY, DEFER = pt.Verdict.ALLOW, pt.Verdict.DENY, pt.Verdict.DEFER
FIRST = pt.default_policy()
FLOOR = law_floor_policy()
NY = "America/New_York"


def _reasons(d: pt.Decision, code: str) -> list[pt.Reason]:
    return [r for r in d.reasons if r.code == code]


class TestPolicyStandard:
    def test_default_is_consent_first(self) -> None:
        """The default policy decides by the consent-first standard."""
        assert Standard.CONSENT_FIRST is FIRST.standard
        assert Standard.CONSENT_FIRST is pt.Policy().standard

    def test_law_floor_policy(self) -> None:
        """The law-floor policy has the default's rules and packs under its own name."""
        assert Standard.LAW_FLOOR is FLOOR.standard
        assert "law_floor" == FLOOR.name
        assert FIRST.rules == FLOOR.rules
        assert FIRST.packs == FLOOR.packs
        assert FLOOR is law_floor_policy()

    def test_with_standard_by_value(self) -> None:
        """A standard is given by member or by value; anything else names the field."""
        assert Standard.LAW_FLOOR is FIRST.with_standard("law_floor").standard
        with pytest.raises(InvalidFieldError) as info:
            pt.Policy(standard="lawless")  # type: ignore[arg-type]
        assert "standard" == info.value.field


class TestReasonsSayWhichStandard:
    def test_consent_first_notes_what_the_law_permits(self) -> None:
        """Consent-first denies a US e-mail without a grant, saying the law would permit it."""
        d = decide(customer_in("US-NY"), message())
        assert DENY == d.verdict
        (note,) = _reasons(d, LAW_PERMITS_CODE)
        assert Standard.CONSENT_FIRST is note.standard
        assert "US-CANSPAM-01" == note.rule
        assert "the law permits this" in note.message
        assert "your policy requires consent" in note.message
        decisive = d.decisive_reason
        assert decisive is not None
        assert Standard.CONSENT_FIRST is decisive.standard
        assert "the law permits this; your policy requires consent" in decisive.message

    def test_law_floor_permits_and_says_so(self) -> None:
        """Under the law's floor the same e-mail goes; the permit names the standard."""
        d = decide(customer_in("US-NY"), message(), policy=FLOOR)
        assert ALLOW == d.verdict
        (permit,) = [r for r in d.reasons if r.rule == "US-CANSPAM-01"]
        assert Standard.LAW_FLOOR is permit.standard
        assert pt.values.Effect.PERMIT is permit.effect

    def test_no_note_when_a_grant_covers(self) -> None:
        """With consent in force the standards agree: no note, no standard on the reasons."""
        d = decide(customer_in("US-NY"), message(), consents=[grant("marketing.email")])
        assert ALLOW == d.verdict
        assert [] == [r for r in d.reasons if r.standard is not None]

    def test_standard_round_trips_in_json(self) -> None:
        """A reason's standard is part of the decision's JSON form."""
        d = decide(customer_in("US-NY"), message(), policy=FLOOR)
        back = pt.converters.structure(pt.converters.unstructure(d), pt.Decision)
        assert d.reasons == back.reasons


class TestRelationshipAndMarketingAlike:
    @pytest.mark.parametrize("purpose", ["marketing", "relationship"])
    def test_us_email_without_grant(self, purpose: str) -> None:
        """A US relationship e-mail is decided as a marketing one, under each standard."""
        c = customer_in("US-NY")
        assert DENY == decide(c, message(purpose)).verdict
        assert ALLOW == decide(c, message(purpose), policy=FLOOR).verdict

    @pytest.mark.parametrize("purpose", ["marketing", "relationship"])
    def test_opt_out_ends_both(self, purpose: str) -> None:
        """After an unsubscribe from e-mail, neither goes under the law's floor."""
        h = [touch(AT.subtract(days=2), "email", kind="unsubscribed")]
        d = decide(customer_in("US-NY"), message(purpose), history=h, policy=FLOOR)
        assert DENY == d.verdict
        assert "US-CANSPAM-01" not in rule_ids(d, "permit")

    def test_withdrawn_grant_ends_relationship_too(self) -> None:
        """A withdrawn relationship grant is an opt-out: the law's floor relies on it no more."""
        g = grant("relationship.email", granted_at=AT.subtract(days=30))
        withdrawn = g.withdraw(at=AT.subtract(days=1))
        d = decide(
            customer_in("US-NY"), message("relationship"), consents=[withdrawn], policy=FLOOR
        )
        assert DENY == d.verdict


def _worse(first: pt.Decision, floor: pt.Decision) -> bool:
    order = {ALLOW: 2, DEFER: 1, DENY: 0}
    return order[floor.verdict] < order[first.verdict] or (
        floor.verdict is first.verdict and floor.verdict is not DENY and floor.level < first.level
    )


_extras = st.fixed_dictionaries(
    {
        "company": st.none() | st.just("Example Ltd"),
        "registries": st.frozensets(st.sampled_from(["uk_tps", "us_national_dnc", "fr_bloctel"])),
        "listed_days_ago": st.none() | st.integers(0, 60),
        "authorship": st.sampled_from(list(pt.values.Authorship)),
    }
)


class TestProperty:
    @settings(max_examples=150, deadline=None)
    @given(decision_cases, _extras)
    def test_law_floor_never_refuses_what_consent_first_allows(
        self, case: dict[str, Any], extras: dict[str, Any]
    ) -> None:
        """The law-floor standard never refuses what the consent-first standard allows."""
        c: pt.Contact = case["contact"]
        at = case["at"]
        listed = extras["listed_days_ago"]
        privacy = attrs.evolve(
            c.privacy,
            dnc_registries=extras["registries"] if listed is None else (),
            dnc_listings=[]
            if listed is None
            else [pt.values.DncListing(r, at.subtract(days=listed)) for r in extras["registries"]],
        )
        c = attrs.evolve(c, company=extras["company"], privacy=privacy)
        m = attrs.evolve(case["message"], authorship=extras["authorship"])
        policy = case["policy"]
        args = {"consents": case["consents"], "history": case["history"], "at": at}
        first = pt.decide(c, m, policy=policy, **args)
        floor = pt.decide(c, m, policy=policy.with_standard(Standard.LAW_FLOOR), **args)
        assert not _worse(first, floor)


class TestLiveCalls:
    def test_us_live_call_law_floor(self) -> None:
        """A live US call to a number on no registry goes under the law's floor only."""
        at = local(NY, 2026, 11, 30, 12)
        c = customer_in("US-NY")
        assert DENY == decide(c, call(), at=at).verdict
        d = decide(c, call(), at=at, policy=FLOOR)
        assert ALLOW == d.verdict
        assert "US-TSR-LIVE-01" in rule_ids(d, "permit")

    def test_us_automated_call_needs_pewc_under_both(self) -> None:
        """A prerecorded call is no live call: the law's floor still asks for PEWC."""
        at = local(NY, 2026, 11, 30, 12)
        d = decide(customer_in("US-NY"), call(authorship="automated"), at=at, policy=FLOOR)
        assert DENY == d.verdict
