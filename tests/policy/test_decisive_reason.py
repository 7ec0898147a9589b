from __future__ import annotations

import pendulum

import personal_touch as pt
from personal_touch._tour.templates import render_section
from personal_touch.exceptions import DecisionDeniedError
from personal_touch.moments import Writer
from personal_touch.testing import load_sample

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")


def reason(effect: str, code: str) -> pt.Reason:
    """A reason of rule ``r`` with *effect* and *code*."""
    return pt.Reason(rule="r", effect=effect, code=code, message=code.replace("_", " "))


def decision(verdict: str, *reasons: pt.Reason, **kw: object) -> pt.Decision:
    """A decision with *verdict* and *reasons*."""
    return pt.Decision(
        decision_id="d-1",
        contact_id="c-1",
        message=pt.Message(purpose="marketing", channel="email", level="segmented"),
        at=AT,
        verdict=verdict,
        level="generic",
        reasons=reasons,
        **kw,  # type: ignore[arg-type]
    )


QUIET = reason("defer", "quiet_hours")
WITHDRAWN = reason("deny", "consent_withdrawn")
NOTE = reason("note", "implied_basis")


class TestDecisiveReason:
    def test_denial_skips_an_earlier_deferral(self) -> None:
        """A denial's decisive reason is its first DENY, even after a quiet-hours DEFER."""
        assert WITHDRAWN == decision("deny", NOTE, QUIET, WITHDRAWN).decisive_reason

    def test_deferral_is_its_first_defer(self) -> None:
        """A deferral's decisive reason is its first DEFER."""
        later = reason("defer", "frequency_cap")
        d = decision("defer", NOTE, QUIET, later, not_before=AT.add(hours=1))
        assert QUIET == d.decisive_reason

    def test_allow_has_none(self) -> None:
        """An allowed decision has no decisive reason."""
        assert decision("allow", reason("permit", "consent_in_force")).decisive_reason is None

    def test_explain_uses_it(self) -> None:
        """explain() names the decisive reason, not the earlier deferral."""
        lines = decision("deny", QUIET, WITHDRAWN).explain().splitlines()
        assert "  decided by: r/consent_withdrawn" in lines

    def test_denied_error_names_it(self) -> None:
        """DecisionDeniedError names the decisive denial, not the earlier deferral."""
        error = DecisionDeniedError(decision("deny", QUIET, WITHDRAWN))
        assert "decision d-1 is deny: r/consent_withdrawn" == str(error)


SAMPLE = load_sample()


class TestSampleUses:
    def test_template_demo_shows_the_denial(self) -> None:
        """The template demo names a denial's deny reason, not its quiet-hours deferral."""
        text = render_section(SAMPLE, SAMPLE.at)  # 04:00 in Montreal for c-004
        (line,) = [x for x in text.splitlines() if x.startswith("c-004") and "email" in x]
        assert line.endswith("email: DENY: consent/no_permission")

    def test_plan_skip_says_consent_withdrawn(self) -> None:
        """A planner skip after a withdrawal says 'consent withdrawn' in the summary."""
        week = pendulum.duration(days=7)
        moments = tuple(pt.scan_moments(SAMPLE.contacts, at=SAMPLE.at, within=week))
        trip = next(m for m in moments if m.contact_id == "c-001")
        ledgers = dict(SAMPLE.ledgers)
        ledgers["c-001"] = ledgers["c-001"].withdraw_all(at=SAMPLE.at.subtract(days=1))
        p = pt.plan(
            (trip,),
            SAMPLE.contacts,
            consents=ledgers,
            history=SAMPLE.history,
            team=(Writer(id="ana", name="Ana"),),
            at=SAMPLE.at,
        )
        (skip,) = p.skipped
        assert ("consent_withdrawn", "consent withdrawn") == (skip.code, skip.reason)
        assert p.summary().endswith("1 skipped: consent withdrawn")
