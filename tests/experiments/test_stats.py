"""The statistics of an experiment: Wilson, Newcombe, chance to beat control, chi-square."""

from __future__ import annotations

import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from personal_touch._experiments._stats import (
    chance_to_beat,
    chi2_sf,
    difference_interval,
    sample_ratio,
    wilson_interval,
)
from personal_touch.exceptions import InvalidFieldError

COUNTS = st.integers(min_value=0, max_value=2_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


def _binomial(rng: random.Random, n: int, p: float) -> int:
    return sum(rng.random() < p for _ in range(n))


class TestWilsonInterval:
    """The Wilson score interval of a proportion."""

    def test_known_value(self) -> None:
        """7 of 50 at 95%: the textbook interval."""
        interval = wilson_interval(7, 50)
        assert 0.069508 == pytest.approx(interval.low, abs=1e-6)
        assert 0.261862 == pytest.approx(interval.high, abs=1e-6)
        assert 0.95 == interval.confidence

    def test_no_trials_knows_nothing(self) -> None:
        """With no trials the interval is [0, 1]."""
        interval = wilson_interval(0, 0)
        assert (0.0, 1.0) == (interval.low, interval.high)

    @given(COUNTS)
    def test_contains_the_observed_rate(self, counts: tuple[int, int]) -> None:
        """The interval lies in [0, 1] and holds the observed rate."""
        s, n = counts
        interval = wilson_interval(s, n)
        assert 0.0 <= interval.low <= interval.high <= 1.0
        if n:
            assert s / n in interval

    @given(COUNTS)
    def test_wider_at_higher_confidence(self, counts: tuple[int, int]) -> None:
        """A higher confidence never narrows the interval."""
        s, n = counts
        narrow, wide = wilson_interval(s, n, confidence=0.9), wilson_interval(s, n, confidence=0.99)
        assert wide.low <= narrow.low + 1e-12
        assert narrow.high <= wide.high + 1e-12

    @pytest.mark.parametrize(("s", "n"), [(-1, 10), (11, 10), (0, -1)])
    def test_rejects_impossible_counts(self, s: int, n: int) -> None:
        """Counts outside 0 <= successes <= n are refused."""
        with pytest.raises(InvalidFieldError):
            wilson_interval(s, n)

    @pytest.mark.parametrize("confidence", [0.0, 1.0, 1.5])
    def test_rejects_impossible_confidence(self, confidence: float) -> None:
        """A confidence outside (0, 1) is refused."""
        with pytest.raises(InvalidFieldError):
            wilson_interval(1, 2, confidence=confidence)

    def test_matches_scipy(self) -> None:
        """The bounds are scipy's Wilson interval (binomtest, method='wilson')."""
        stats = pytest.importorskip("scipy.stats")
        for s, n in [(0, 10), (1, 10), (7, 50), (50, 100), (999, 1000), (123, 45_678)]:
            for confidence in (0.8, 0.95, 0.99):
                ours = wilson_interval(s, n, confidence=confidence)
                theirs = stats.binomtest(s, n).proportion_ci(confidence, method="wilson")
                assert theirs.low == pytest.approx(ours.low, abs=1e-12)
                assert theirs.high == pytest.approx(ours.high, abs=1e-12)

    def test_covers_the_true_rate_about_95_percent(self) -> None:
        """Over 2,000 seeded simulated arms the 95% interval holds the true rate 93-97%."""
        rng = random.Random(20261203)
        sims, covered = 2_000, 0
        for _ in range(sims):
            p, n = rng.uniform(0.02, 0.5), rng.randrange(100, 600)
            covered += p in wilson_interval(_binomial(rng, n, p), n)
        assert 0.93 <= covered / sims <= 0.97


class TestDifferenceInterval:
    """Newcombe's hybrid score interval of a difference of proportions."""

    def test_known_value(self) -> None:
        """Newcombe (1998), table II, example (a): 56/70 vs 48/80 gives -0.0524 to 0.3339."""
        interval = difference_interval(56, 70, 48, 80)
        assert 0.0524 == pytest.approx(interval.low, abs=1e-4)
        assert 0.3339 == pytest.approx(interval.high, abs=1e-4)

    @given(COUNTS, COUNTS)
    def test_holds_the_observed_difference(
        self, arm: tuple[int, int], control: tuple[int, int]
    ) -> None:
        """The interval lies in [-1, 1] and holds the observed difference."""
        (s1, n1), (s2, n2) = arm, control
        interval = difference_interval(s1, n1, s2, n2)
        assert -1.0 <= interval.low <= interval.high <= 1.0
        if n1 and n2:
            d = s1 / n1 - s2 / n2
            assert interval.low - 1e-12 <= d <= interval.high + 1e-12

    @given(COUNTS, COUNTS)
    def test_antisymmetric(self, arm: tuple[int, int], control: tuple[int, int]) -> None:
        """Swapping the arms mirrors the interval."""
        (s1, n1), (s2, n2) = arm, control
        ab, ba = difference_interval(s1, n1, s2, n2), difference_interval(s2, n2, s1, n1)
        assert ab.low == pytest.approx(-ba.high, abs=1e-12)
        assert ab.high == pytest.approx(-ba.low, abs=1e-12)

    def test_covers_the_true_difference_about_95_percent(self) -> None:
        """Over 2,000 seeded simulated experiments the interval holds the true lift 93-97%."""
        rng = random.Random(13)
        sims, covered = 2_000, 0
        for _ in range(sims):
            p1, p2, n = rng.uniform(0.05, 0.5), rng.uniform(0.05, 0.5), rng.randrange(100, 500)
            s1, s2 = _binomial(rng, n, p1), _binomial(rng, n, p2)
            covered += p1 - p2 in difference_interval(s1, n, s2, n)
        assert 0.93 <= covered / sims <= 0.97


class TestChanceToBeat:
    """The exact posterior chance that an arm beats control (Beta(1, 1) priors)."""

    def test_even_arms_are_even(self) -> None:
        """Identical counts: one half."""
        assert 0.5 == pytest.approx(chance_to_beat(30, 100, 30, 100), abs=1e-12)

    def test_no_data_is_even(self) -> None:
        """No exposures on either side: one half."""
        assert 0.5 == pytest.approx(chance_to_beat(0, 0, 0, 0), abs=1e-12)

    @given(COUNTS, COUNTS)
    def test_complementary(self, arm: tuple[int, int], control: tuple[int, int]) -> None:
        """P(A > B) + P(B > A) = 1 (ties have no mass)."""
        (s1, n1), (s2, n2) = arm, control
        total = chance_to_beat(s1, n1, s2, n2) + chance_to_beat(s2, n2, s1, n1)
        assert 1.0 == pytest.approx(total, abs=1e-9)

    @given(COUNTS, COUNTS)
    def test_more_successes_never_lower_the_chance(
        self, arm: tuple[int, int], control: tuple[int, int]
    ) -> None:
        """One more success (one failure fewer) never lowers the arm's chance."""
        (s1, n1), (s2, n2) = arm, control
        if s1 < n1:
            assert chance_to_beat(s1, n1, s2, n2) <= chance_to_beat(s1 + 1, n1, s2, n2) + 1e-9

    def test_large_arms_are_quick_and_exact(self) -> None:
        """A million exposures per arm: the same value by either side, no sampling."""
        p = chance_to_beat(40_300, 1_000_000, 40_000, 1_000_000)
        q = chance_to_beat(40_000, 1_000_000, 40_300, 1_000_000)
        assert 1.0 == pytest.approx(p + q, abs=1e-9)
        assert 0.8600593 == pytest.approx(p, abs=1e-6)

    def test_deterministic(self) -> None:
        """The same counts always give the same number (no sampling)."""
        assert chance_to_beat(412, 10_000, 380, 10_000) == chance_to_beat(412, 10_000, 380, 10_000)

    def test_matches_numeric_integration(self) -> None:
        """The closed form agrees with scipy's integral of pdf_arm * cdf_control."""
        stats = pytest.importorskip("scipy.stats")
        integrate = pytest.importorskip("scipy.integrate")
        cases = [
            (10, 100, 5, 100),  # the arm's successes are fewest
            (3, 50, 8, 60),
            (500, 10_000, 480, 10_000),  # the control's successes are fewest
            (990, 1_000, 985, 1_000),  # the arm's failures are fewest
            (985, 1_000, 990, 1_000),  # the control's failures are fewest
        ]
        for s1, n1, s2, n2 in cases:
            arm, ctl = stats.beta(s1 + 1, n1 - s1 + 1), stats.beta(s2 + 1, n2 - s2 + 1)
            lo, hi = arm.ppf([1e-12, 1 - 1e-12])
            expected, _ = integrate.quad(
                lambda x, a=arm, c=ctl: a.pdf(x) * c.cdf(x), lo, hi, epsabs=1e-12, limit=500
            )
            assert expected == pytest.approx(chance_to_beat(s1, n1, s2, n2), abs=1e-8)


class TestChiSquare:
    """The chi-square survival function and the sample-ratio check."""

    def test_known_values(self) -> None:
        """The 5% critical values give 0.05."""
        assert 0.05 == pytest.approx(chi2_sf(3.841458820694124, 1), abs=1e-12)
        assert 0.05 == pytest.approx(chi2_sf(5.991464547107979, 2), abs=1e-12)
        assert 1.0 == chi2_sf(0.0, 3)

    def test_matches_scipy(self) -> None:
        """The survival function is scipy's chi2.sf over a grid of statistics and degrees."""
        stats = pytest.importorskip("scipy.stats")
        for df in (1, 2, 3, 5, 10, 30, 100):
            for x in (1e-4, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 120.0, 400.0):
                expected = float(stats.chi2.sf(x, df))
                assert expected == pytest.approx(chi2_sf(x, df), rel=1e-9, abs=1e-300)

    def test_rejects_no_degrees(self) -> None:
        """Degrees of freedom below one are refused."""
        with pytest.raises(InvalidFieldError):
            chi2_sf(1.0, 0)

    def test_even_split_is_no_mismatch(self) -> None:
        """5,000 vs 5,010 at 50/50: no mismatch."""
        check = sample_ratio([5_000, 5_010], [0.5, 0.5])
        assert not check.is_mismatch
        assert 1 == check.df
        assert (5_005.0, 5_005.0) == check.expected

    def test_skewed_split_is_a_mismatch(self) -> None:
        """5,000 vs 5,400 at 50/50: a mismatch (p far below 0.001)."""
        check = sample_ratio([5_000, 5_400], [1, 1])
        assert check.is_mismatch
        assert check.p_value < 1e-4

    def test_matches_scipy_chisquare(self) -> None:
        """The statistic and p-value are scipy's chisquare with the expected counts."""
        stats = pytest.importorskip("scipy.stats")
        observed, weights = [980, 2_050, 1_010], [1, 2, 1]
        check = sample_ratio(observed, weights)
        result = stats.chisquare(observed, [sum(observed) * w / 4 for w in weights])
        assert float(result.statistic) == pytest.approx(check.chi2, rel=1e-12)
        assert float(result.pvalue) == pytest.approx(check.p_value, rel=1e-9)

    def test_false_alarms_are_rare(self) -> None:
        """Seeded 60/40 assignment: about alpha of 1,000 checks at alpha=0.05 flag a mismatch."""
        rng = random.Random(7)
        alarms = 0
        for _ in range(1_000):
            a = _binomial(rng, 1_000, 0.6)
            alarms += sample_ratio([a, 1_000 - a], [0.6, 0.4], alpha=0.05).is_mismatch
        assert 0.03 <= alarms / 1_000 <= 0.07

    @pytest.mark.parametrize(
        ("observed", "weights"), [([1, 2], [1.0]), ([5], [1.0]), ([1, 2], [1, 0])]
    )
    def test_rejects_bad_weights(self, observed: list[int], weights: list[float]) -> None:
        """One positive weight per arm, at least two arms."""
        with pytest.raises(InvalidFieldError):
            sample_ratio(observed, weights)

    def test_large_statistic_is_finite(self) -> None:
        """A huge statistic gives a tiny p-value, not an error."""
        assert 0.0 <= chi2_sf(1e5, 3) < 1e-300 or math.isclose(chi2_sf(1e5, 3), 0.0)
