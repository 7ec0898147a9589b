"""Tests for level experiments and stage-table suggestions."""

from __future__ import annotations

import pendulum
import pytest

import personal_touch as pt
from personal_touch.exceptions import InvalidFieldError
from personal_touch.experiments import (
    LevelResult,
    StageSuggestion,
    level_experiment,
    suggest_stage_table,
)
from personal_touch.rules import DEFAULT_STAGE_TABLE
from personal_touch.values import Authorship

START = pendulum.datetime(2027, 1, 1, tz="UTC")
END = START.add(months=3)
A = Authorship


def result(level: str, successes: int, harms: int = 0, *, n: int = 2000, **kw: str) -> LevelResult:
    """A result for customers' assisted messages at *level* out of *n* exposures."""
    fields = {"stage": "customer", "authorship": "assisted"} | kw
    return LevelResult(level=level, exposures=n, successes=successes, harms=harms, **fields)


class TestLevelExperiment:
    def test_one_arm_per_level_at_its_stage(self) -> None:
        """The default compares CONTEXTUAL and PERSONAL, only for people at the stage."""
        exp = level_experiment("customer", start=START, end=END)
        assert (
            [pt.Level.CONTEXTUAL, pt.Level.PERSONAL],
            frozenset({pt.Stage.CUSTOMER}),
            "levels-customer-contextual-personal",
        ) == ([v.level for v in exp.variants], exp.stages, exp.hash_seed)

    def test_levels_given(self) -> None:
        """Other levels and a key may be given."""
        exp = level_experiment(
            pt.Stage.DECISION, ("customized", "contextual"), start=START, end=END, key="k"
        )
        assert ("k", ["customized", "contextual"]) == (exp.key, [v.key for v in exp.variants])

    @pytest.mark.parametrize("levels", [("personal",), ("personal", "personal")])
    def test_needs_distinct_levels(self, levels: tuple[str, ...]) -> None:
        """Two or more distinct levels are needed."""
        with pytest.raises(InvalidFieldError) as info:
            level_experiment("customer", levels, start=START, end=END)
        assert "levels" == info.value.field


class TestSuggestStageTable:
    def test_raise_when_higher_does_better(self) -> None:
        """PERSONAL doing clearly better and harming no more suggests raising the ceiling."""
        table = DEFAULT_STAGE_TABLE.with_level(pt.Stage.CUSTOMER, A.ASSISTED, pt.Level.CONTEXTUAL)
        out = suggest_stage_table([result("contextual", 100), result("personal", 180)], table)
        assert [(pt.Stage.CUSTOMER, A.ASSISTED, pt.Level.CONTEXTUAL, pt.Level.PERSONAL)] == [
            (c.stage, c.authorship, c.current, c.suggested) for c in out.changes
        ]
        assert pt.Level.PERSONAL == out.table.ceiling(pt.Stage.CUSTOMER, A.ASSISTED)

    def test_lower_when_higher_harms(self) -> None:
        """PERSONAL drawing more complaints suggests the lower level, whatever its rate."""
        out = suggest_stage_table(
            [result("contextual", 100, 2), result("personal", 180, 40)], DEFAULT_STAGE_TABLE
        )
        (change,) = out.changes
        assert (pt.Level.PERSONAL, pt.Level.CONTEXTUAL) == (change.current, change.suggested)
        assert "harms more" in change.reason
        assert change.evidence.harm_interval[0] > 0

    def test_lower_when_higher_does_worse(self) -> None:
        """PERSONAL doing clearly worse suggests the lower level."""
        out = suggest_stage_table(
            [result("contextual", 180), result("personal", 100)], DEFAULT_STAGE_TABLE
        )
        assert [pt.Level.CONTEXTUAL] == [c.suggested for c in out.changes]

    def test_inconclusive_keeps_the_table(self) -> None:
        """No clear difference: no change, the comparison kept as evidence."""
        out = suggest_stage_table(
            [result("contextual", 100), result("personal", 104)], DEFAULT_STAGE_TABLE
        )
        assert ((), 1, "No change suggested.") == (
            out.changes,
            len(out.inconclusive),
            out.explain(),
        )
        assert out.table == out.current

    def test_agreeing_evidence_changes_nothing(self) -> None:
        """Evidence for the level the table already has suggests no change."""
        out = suggest_stage_table(
            [result("contextual", 100), result("personal", 180)], DEFAULT_STAGE_TABLE
        )
        assert () == out.changes

    def test_small_samples_ignored(self) -> None:
        """Levels with fewer than min_exposures are not weighed."""
        out = suggest_stage_table(
            [result("contextual", 1, n=50), result("personal", 40, n=50)], DEFAULT_STAGE_TABLE
        )
        assert ((), ()) == (out.changes, out.inconclusive)

    def test_never_applied(self) -> None:
        """The table passed in and the default policy are untouched."""
        before = dict(DEFAULT_STAGE_TABLE.levels)
        out = suggest_stage_table(
            [result("contextual", 100, 2), result("personal", 180, 40)], DEFAULT_STAGE_TABLE
        )
        assert isinstance(out, StageSuggestion)
        assert before == dict(DEFAULT_STAGE_TABLE.levels)
        assert before == dict(pt.default_policy().stage_table.levels)

    def test_explain_names_the_change(self) -> None:
        """The explanation names the cell, the levels and the interval."""
        text = suggest_stage_table(
            [result("contextual", 180), result("personal", 100)], DEFAULT_STAGE_TABLE
        ).explain()
        assert text.startswith("customer/assisted: personal -> contextual: personal does worse")
        assert "(95% intervals)" in text

    def test_result_counts_checked(self) -> None:
        """Successes and harms cannot exceed exposures."""
        with pytest.raises(InvalidFieldError) as info:
            result("personal", 30, n=10)
        assert "exposures" == info.value.field
