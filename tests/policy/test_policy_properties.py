from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, contact, grant
from strategies import SECRET_ADDRESS, SECRET_NAME, SECRET_VALUES, decision_cases

if TYPE_CHECKING:
    import pendulum

PROPS = settings(max_examples=150)


def _decide(case: dict[str, Any], **changes: Any) -> pt.Decision:
    args = {**case, **changes}
    return pt.decide(args.pop("contact"), args.pop("message"), **args)


def _not_looser(before: pt.Decision, after: pt.Decision) -> None:
    assert not (before.verdict is pt.Verdict.DENY and after.verdict is pt.Verdict.ALLOW)
    assert after.level <= before.level or after.verdict is pt.Verdict.DENY


class TestProperties:
    @PROPS
    @given(decision_cases)
    def test_deterministic(self, case: dict[str, Any]) -> None:
        """Equal inputs, even rebuilt as new objects, give equal decisions and ids."""
        first = _decide(case)
        copies = {
            "contact": attrs.evolve(case["contact"]),
            "message": attrs.evolve(case["message"]),
            "consents": [attrs.evolve(g) for g in case["consents"]],
            "history": [attrs.evolve(h) for h in case["history"]],
        }
        again = _decide(case, **copies)
        assert first == again
        assert first.decision_id == again.decision_id

    @PROPS
    @given(decision_cases, st.data())
    def test_withdrawing_a_grant_never_loosens(self, case: dict[str, Any], data: Any) -> None:
        """Withdrawing any grant never raises the level nor turns DENY into ALLOW."""
        grants_ = case["consents"]
        if not grants_:
            return
        i = data.draw(st.integers(0, len(grants_) - 1))
        g = grants_[i]
        when = max(g.granted_at, case["at"].subtract(hours=1))
        withdrawn = [*grants_[:i], g.withdraw(at=when), *grants_[i + 1 :]]
        _not_looser(_decide(case), _decide(case, consents=withdrawn))

    @PROPS
    @given(decision_cases, st.data())
    def test_earlier_stage_never_loosens(self, case: dict[str, Any], data: Any) -> None:
        """Moving the contact to an earlier stage never raises the level nor allows more."""
        c = case["contact"]
        earlier = [s for s in pt.Stage if s <= c.stage]
        stage = data.draw(st.sampled_from(earlier))
        _not_looser(_decide(case), _decide(case, contact=attrs.evolve(c, stage=stage)))

    @PROPS
    @given(decision_cases)
    def test_no_personal_data_in_reasons(self, case: dict[str, Any]) -> None:
        """Reasons and explain() never contain fact values, names or addresses."""
        d = _decide(case)
        text = d.explain() + repr(d.reasons) + repr(d.withheld_facts) + repr(d.disclosures)
        for secret in (*SECRET_VALUES, *SECRET_NAME, SECRET_ADDRESS):
            assert secret not in text

    @PROPS
    @given(decision_cases)
    def test_not_before_is_a_permitted_instant(self, case: dict[str, Any]) -> None:
        """A deferral's not_before is later than the instant, and asking then does not defer."""
        d = _decide(case)
        if d.verdict is not pt.Verdict.DEFER:
            return
        assert d.not_before is not None
        assert d.not_before > case["at"]
        assert pt.Verdict.DEFER != _decide(case, at=d.not_before).verdict

    @PROPS
    @given(
        st.sampled_from(
            ["America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Chicago", None]
        ),
        st.sampled_from(["US-FL", "US-NY", "DE", "AU", None]),
        st.integers(0, 365 * 24 * 4).map(lambda q: AT.add(minutes=15 * q)),
        st.sampled_from(["phone", "sms", "email"]),
    )
    def test_windows_combine_at_every_instant(
        self, zone: str | None, jurisdiction: str | None, at: pendulum.DateTime, channel: str
    ) -> None:
        """
        Quiet hours and legal windows always combine to an instant none of them defers.

        Without a contact zone, that instant is outside quiet hours in every zone of the
        jurisdiction.
        """
        c = contact(timezone=zone, jurisdiction=jurisdiction)
        g = grant("marketing", "prior_express_written_consent", id="g")
        m = pt.Message(purpose="marketing", channel=channel, authorship="human")
        d = pt.decide(c, m, consents=[g], at=at)
        if d.verdict is pt.Verdict.DEFER:
            assert d.not_before is not None
            again = pt.decide(c, m, consents=[g], at=d.not_before)
            assert pt.Verdict.DEFER != again.verdict
            assert c.zones
            for each in c.zones:
                local = d.not_before.in_timezone(each)
                assert (8, 0) <= (local.hour, local.minute) < (21, 0), each

    @settings(max_examples=40)
    @given(
        st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Sydney", None]),
        st.sampled_from(["US-FL", "DE", "AU"]),
        st.integers(0, 365 * 24 * 4).map(lambda q: AT.add(minutes=15 * q)),
    )
    def test_not_before_is_the_first_permitted_instant(
        self, zone: str | None, jurisdiction: str, at: pendulum.DateTime
    ) -> None:
        """
        No quarter hour between the instant and not_before would have been permitted.

        Without a contact zone too: the first instant allowed in every jurisdiction zone.
        """
        c = contact(timezone=zone, jurisdiction=jurisdiction)
        g = grant("marketing", "prior_express_written_consent", id="g")
        m = pt.Message(purpose="marketing", channel="phone", authorship="human")
        d = pt.decide(c, m, consents=[g], at=at)
        if d.verdict is not pt.Verdict.DEFER:
            return
        assert d.not_before is not None
        t = at.add(minutes=15)
        while t < d.not_before:
            assert pt.Verdict.DEFER == pt.decide(c, m, consents=[g], at=t).verdict, t
            t = t.add(minutes=15)
