from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch import Level
from personal_touch._levels import optional_authorship, optional_level
from personal_touch.values import Authorship


class TestLevel:
    def test_order(self) -> None:
        """Levels rise from the same-for-everyone to the written-for-you."""
        assert [
            Level.GENERIC,
            Level.SEGMENTED,
            Level.CUSTOMIZED,
            Level.CONTEXTUAL,
            Level.PERSONAL,
            Level.INDIVIDUAL,
        ] == sorted([Level.INDIVIDUAL, Level.CUSTOMIZED, Level.GENERIC, Level.PERSONAL,
                     Level.CONTEXTUAL, Level.SEGMENTED])  # fmt: skip

    @given(st.sampled_from(Level), st.sampled_from(Level), st.sampled_from(Level))
    def test_total_order(self, a: Level, b: Level, c: Level) -> None:
        """The order is total, antisymmetric and transitive, and agrees with rank."""
        assert (a <= b) or (b <= a)
        assert (a == b) == (a <= b <= a)
        if a <= b <= c:
            assert a <= c
        assert (a < b) == (a.rank < b.rank)

    def test_min_and_max(self) -> None:
        """min() and max() pick by order, so caps compose."""
        assert Level.CONTEXTUAL == min(Level.PERSONAL, Level.CONTEXTUAL, Level.INDIVIDUAL)
        assert Level.INDIVIDUAL == max(Level)

    def test_values_are_stable_strings(self) -> None:
        """Members serialize as their lower-case names."""
        assert "personal" == Level.PERSONAL.value
        assert "personal" == str(Level.PERSONAL)

    def test_every_member_documented(self) -> None:
        """Each member documents its meaning with an example in the source."""
        import inspect

        import personal_touch._levels as mod

        source = inspect.getsource(mod.Level)
        for member in Level:
            before = source.split(f"    {member.name} = ")[0].rstrip().splitlines()[-1]
            assert before.strip().startswith("#:"), member

    def test_compare_across_enums_is_a_type_error(self) -> None:
        """Levels do not compare with other ordered enums."""
        from personal_touch import Stage

        with pytest.raises(TypeError):
            _ = Level.PERSONAL < Stage.CUSTOMER  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Level.PERSONAL <= "personal"  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Level.PERSONAL > 1  # type: ignore[operator]
        with pytest.raises(TypeError):
            _ = Level.PERSONAL >= None  # type: ignore[operator]

    def test_hashable(self) -> None:
        """Members stay hashable despite the custom comparisons."""
        assert {Level.GENERIC: 1}[Level.GENERIC] == 1


class TestOptionalConverters:
    def test_optional_level(self) -> None:
        """None passes through; strings become members."""
        assert optional_level(None) is None
        assert Level.PERSONAL is optional_level("personal")

    def test_optional_authorship(self) -> None:
        """None passes through; strings become members."""
        assert optional_authorship(None) is None
        assert Authorship.HUMAN is optional_authorship("human")
