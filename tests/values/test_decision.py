from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from personal_touch import Decision, Level, Message, Reason, Verdict
from personal_touch import exceptions as ex
from personal_touch.values import (
    Disclosure,
    DisclosureCode,
    Effect,
    FrozenMap,
    GrantRef,
    WithheldFact,
)

AT = pendulum.datetime(2026, 11, 30, 9, tz="UTC")


def decision(**kw: object) -> Decision:
    args: dict[str, object] = {
        "decision_id": "d-1",
        "contact_id": "c-001",
        "message": Message(purpose="relationship", channel="email", level="personal"),
        "at": AT,
        "verdict": "allow",
        "level": "contextual",
        "usable_facts": ["interests.sports.team"],
        "withheld_facts": [
            WithheldFact(key="health.pregnancy", code="inferred_sensitive", reason="inferred")
        ],
        "disclosures": [Disclosure("automated_message"), Disclosure("fact_source", {"topic": "sport"})],
        "reasons": [
            Reason(rule="consent", effect="permit", code="grant_in_force", message="ok",
                   citation="GDPR Art. 6(1)(a)"),
            Reason(rule="stage_cap", effect="cap", code="stage", message="capped",
                   level="contextual", hint="PERSONAL needs a personalization.profile grant"),
        ],
        "grants": [GrantRef(id="g-1", purpose="marketing.email", basis="consent")],
    }  # fmt: skip
    args.update(kw)
    return Decision(**args)  # type: ignore[arg-type]


class TestDecision:
    def test_no_truth_value(self) -> None:
        """A Decision cannot be used as a bool: test its verdict."""
        d = decision()
        with pytest.raises(TypeError, match="no truth value"):
            bool(d)

    def test_queries(self) -> None:
        """is_allowed, may_use and requires answer from the value."""
        d = decision()
        assert d.is_allowed
        assert not decision(verdict=Verdict.DENY).is_allowed
        assert d.may_use("interests.sports.team")
        assert not d.may_use("health.pregnancy")
        assert d.requires(DisclosureCode.AUTOMATED_MESSAGE)
        assert not d.requires(DisclosureCode.UNSUBSCRIBE)

    def test_conversions(self) -> None:
        """Strings become enums; parameters are frozen strings."""
        d = decision()
        assert (Verdict.ALLOW, Level.CONTEXTUAL) == (d.verdict, d.level)
        assert Effect.CAP is d.reasons[1].effect
        assert Level.CONTEXTUAL is d.reasons[1].level
        assert FrozenMap({"topic": "sport"}) == d.disclosures[1].params
        assert FrozenMap({"n": "1"}) == Disclosure("unsubscribe", {"n": 1}).params  # type: ignore[dict-item]
        hash(d)

    @pytest.mark.parametrize(
        ("field", "value"),
        [
            ("usable_facts", "interests"),
            ("usable_facts", [1]),
            ("approved_facts", ["interests"]),
            ("withheld_facts", [{"key": "health.pregnancy"}]),
            ("disclosures", ["automated_message"]),
            ("reasons", [None]),
            ("grants", ["g-1"]),
        ],
    )
    def test_collections_refuse_other_items(self, field: str, value: object) -> None:
        """Each collection takes a list of its own values; anything else names the field."""
        with pytest.raises(ex.InvalidFieldError) as info:
            decision(**{field: value})
        assert field == info.value.field

    def test_collections_keep_order_as_tuples(self) -> None:
        """Lists and generators become tuples in their order."""
        keys = ["b.one", "a.two"]
        d = decision(usable_facts=(k for k in keys), grants=[], reasons=iter(decision().reasons))
        assert (("b.one", "a.two"), (), decision().reasons) == (d.usable_facts, d.grants, d.reasons)

    def test_naive_refused(self) -> None:
        """at and not_before must be aware."""
        with pytest.raises(ex.NaiveDateTimeError):
            decision(at=dt.datetime(2026, 1, 1))
        with pytest.raises(ex.NaiveDateTimeError):
            decision(not_before=dt.datetime(2026, 1, 1))

    def test_explain(self) -> None:
        """explain() tells verdict, level, facts, disclosures, grants and reasons."""
        text = decision().explain()
        assert text.startswith("Decision d-1 for contact c-001 at 2026-11-30T09:00:00+00:00\n")
        for line in (
            "  message: relationship by email, automated, asked for personal",
            "  verdict: ALLOW",
            "  level granted: contextual",
            "  may use: interests.sports.team",
            "  withheld health.pregnancy: inferred [inferred_sensitive]",
            "  must disclose: automated_message",
            "  relies on: g-1 (marketing.email, consent)",
            "    - [permit] consent/grant_in_force: ok (GDPR Art. 6(1)(a))",
            "      to change this: PERSONAL needs a personalization.profile grant",
            "  policy: default v1",
        ):
            assert line in text.splitlines()

    def test_explain_defer_and_minimal(self) -> None:
        """A deferral shows until when; empty parts are left out."""
        d = decision(
            verdict="defer",
            not_before=AT.add(hours=12),
            usable_facts=(),
            withheld_facts=(),
            disclosures=(),
            grants=(),
            reasons=(),
        )
        lines = d.explain().splitlines()
        assert "  verdict: DEFER until 2026-11-30T21:00:00+00:00" in lines
        assert not [x for x in lines if x.startswith(("  may use", "  relies on"))]
