from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch import Stage
from personal_touch.exceptions import InvalidFieldError, PersonalTouchError, UnknownStageError


class TestStageOrder:
    def test_funnel_order(self) -> None:
        """Stages compare in funnel order, not alphabetically."""
        assert [
            Stage.AWARENESS,
            Stage.CONSIDERATION,
            Stage.DECISION,
            Stage.LAPSED_CUSTOMER,
            Stage.CUSTOMER,
            Stage.SUPPORTER,
            Stage.REPEAT_CUSTOMER,
            Stage.ADVOCATE,
        ] == sorted(Stage, reverse=True)[::-1]
        assert Stage.ADVOCATE > Stage.AWARENESS  # alphabetically "advocate" < "awareness"

    @given(st.sampled_from(Stage), st.sampled_from(Stage))
    def test_comparison_matches_rank(self, a: Stage, b: Stage) -> None:
        """Every comparison agrees with the members' ranks (a monotone total order)."""
        assert (a.rank < b.rank) == (a < b)
        assert (a.rank <= b.rank) == (a <= b)
        assert (a.rank > b.rank) == (a > b)
        assert (a.rank >= b.rank) == (a >= b)

    def test_lowest_and_highest(self) -> None:
        """The first and last stages are the extremes."""
        assert Stage.AWARENESS == Stage.lowest()
        assert Stage.ADVOCATE == Stage.highest()

    def test_comparing_with_a_string_is_a_type_error(self) -> None:
        """A stage never silently compares with a plain string."""
        with pytest.raises(TypeError):
            _ = Stage.CUSTOMER < "decision"  # type: ignore[operator]


class TestStageParse:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("awareness", Stage.AWARENESS),
            ("Subscriber", Stage.AWARENESS),
            ("follower", Stage.AWARENESS),
            ("lead", Stage.CONSIDERATION),
            ("Marketing Qualified Lead", Stage.CONSIDERATION),
            ("marketing-qualified-lead", Stage.CONSIDERATION),
            ("MQL", Stage.CONSIDERATION),
            ("salesqualifiedlead", Stage.DECISION),
            ("SQL", Stage.DECISION),
            ("opportunity", Stage.DECISION),
            ("customer", Stage.CUSTOMER),
            ("client", Stage.CUSTOMER),
            ("repeat_customer", Stage.REPEAT_CUSTOMER),
            ("Repeat Customer", Stage.REPEAT_CUSTOMER),
            ("evangelist", Stage.ADVOCATE),
            ("  Advocate ", Stage.ADVOCATE),
        ],
    )
    def test_aliases(self, name: str, expected: Stage) -> None:
        """Our values and common CRM lifecycle names parse, in any case and separator."""
        assert expected is Stage.parse(name)

    @given(st.sampled_from(Stage))
    def test_idempotent(self, stage: Stage) -> None:
        """Parsing a member or its value returns the member."""
        assert stage is Stage.parse(stage)
        assert stage is Stage.parse(stage.value)

    @pytest.mark.parametrize("bad", ["", "prospective buyer", "customers", "lead!", 3, None])
    def test_unknown_raises(self, bad: object) -> None:
        """Unknown names raise UnknownStageError naming the field, without the value."""
        with pytest.raises(UnknownStageError) as info:
            Stage.parse(bad)  # type: ignore[arg-type]
        assert "stage" == info.value.field
        assert isinstance(info.value, InvalidFieldError)
        assert isinstance(info.value, PersonalTouchError)
        assert isinstance(info.value, ValueError)
        if isinstance(bad, str) and bad:
            assert bad not in str(info.value)
