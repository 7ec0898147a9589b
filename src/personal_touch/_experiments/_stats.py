"""
The statistics an experiment's analysis reads, in pure standard-library Python.

Every function here is deterministic arithmetic on counts (``math`` and ``statistics`` only,
no random numbers):

* :func:`wilson_interval`: the Wilson score interval of a proportion.
* :func:`difference_interval`: Newcombe's hybrid score interval (his method 10, 1998) of a
  difference of two independent proportions, built from the two Wilson intervals.
* :func:`chance_to_beat`: the posterior probability that one rate is above another under
  independent ``Beta(1, 1)`` priors, computed exactly (a finite sum of Beta functions).
* :func:`chi2_sf` and :func:`sample_ratio`: the chi-square goodness-of-fit test of the
  observed arm sizes against the weights they were assigned with (sample-ratio mismatch).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

import attrs

from ..exceptions import InvalidFieldError

__all__ = [
    "Interval",
    "SampleRatio",
    "chance_to_beat",
    "chi2_sf",
    "difference_interval",
    "sample_ratio",
    "wilson_interval",
]


@attrs.frozen
class Interval:
    """
    A two-sided confidence interval.

    Args:
        low: The lower bound.
        high: The upper bound.
        confidence: Its confidence level (``0.95``).

    .. versionadded:: 0.4.0
    """

    low: float
    high: float
    confidence: float

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high


_EPS = 1e-16  # relative precision at which the series and continued fraction stop


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise InvalidFieldError("confidence", "must be between 0 and 1 (exclusive)")
    return statistics.NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _check_counts(successes: int, n: int) -> None:
    if n < 0:
        raise InvalidFieldError("n", "must be at least 0")
    if not 0 <= successes <= n:
        raise InvalidFieldError("successes", "must be between 0 and n")


def wilson_interval(successes: int, n: int, *, confidence: float = 0.95) -> Interval:
    """
    The Wilson score interval of the proportion *successes* / *n*.

    With no trials the interval is ``[0, 1]`` (nothing is known).

    .. versionadded:: 0.4.0
    """
    _check_counts(successes, n)
    z = _z(confidence)
    if n == 0:
        return Interval(0.0, 1.0, confidence)
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(low, high, confidence)


def difference_interval(
    successes: int, n: int, control_successes: int, control_n: int, *, confidence: float = 0.95
) -> Interval:
    """
    Newcombe's hybrid score interval of ``rate - control rate`` (independent samples).

    .. versionadded:: 0.4.0
    """
    arm = wilson_interval(successes, n, confidence=confidence)
    base = wilson_interval(control_successes, control_n, confidence=confidence)
    p1 = successes / n if n else 0.5
    p2 = control_successes / control_n if control_n else 0.5
    d = p1 - p2
    low = d - math.sqrt((p1 - arm.low) ** 2 + (base.high - p2) ** 2)
    high = d + math.sqrt((arm.high - p1) ** 2 + (p2 - base.low) ** 2)
    return Interval(max(-1.0, low), min(1.0, high), confidence)


def _log_beta(a: float, b: float) -> float:
    return math.lgamma(a) + math.lgamma(b) - math.lgamma(a + b)


def _beats(a1: int, b1: int, a2: int, b2: int) -> float:
    """
    P(X1 > X2) for X1 ~ Beta(a1, b1), X2 ~ Beta(a2, b2) with integer a1: a sum of a1 terms.

    Term ``i`` is ``B(a2 + i, b1 + b2) / ((b1 + i) B(1 + i, b1) B(a2, b2))``; each is the
    previous times ``(a2 + i)(b1 + i) / ((a2 + b1 + b2 + i)(1 + i))``, summed in logs so
    that tiny terms neither underflow nor cost a log-gamma each.
    """
    log_term = _log_beta(a2, b1 + b2) - _log_beta(a2, b2)
    terms = []
    for i in range(a1):
        terms.append(math.exp(log_term))
        log_term += math.log((a2 + i) * (b1 + i) / ((a2 + b1 + b2 + i) * (1 + i)))
    return min(1.0, max(0.0, math.fsum(terms)))


def chance_to_beat(successes: int, n: int, control_successes: int, control_n: int) -> float:
    """
    The posterior probability that the arm's rate is above the control's.

    Each rate has a ``Beta(1, 1)`` (uniform) prior, so its posterior is
    ``Beta(1 + successes, 1 + failures)``. The probability is exact, Evan Miller's closed
    form: a sum with as many terms as the smallest of the four posterior parameters (the
    form is applied to whichever of the arm, the control, or their failure rates is
    smallest), so it costs at most half the smaller arm's exposures in additions.

    .. versionadded:: 0.4.0
    """
    _check_counts(successes, n)
    _check_counts(control_successes, control_n)
    a1, b1 = successes + 1, n - successes + 1
    a2, b2 = control_successes + 1, control_n - control_successes + 1
    smallest = min(a1, a2, b1, b2)
    if smallest == a1:
        return _beats(a1, b1, a2, b2)
    if smallest == a2:
        return 1.0 - _beats(a2, b2, a1, b1)
    if smallest == b2:  # X1 > X2 exactly when 1 - X2 > 1 - X1, and 1 - X ~ Beta(b, a)
        return _beats(b2, a2, b1, a1)
    return 1.0 - _beats(b1, a1, b2, a2)


def _lower_series(a: float, x: float) -> float:
    """The regularized lower incomplete gamma P(a, x) by its power series (x < a + 1)."""
    term = total = 1.0 / a
    k = a
    while abs(term) > abs(total) * _EPS:
        k += 1.0
        term *= x / k
        total += term
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _upper_fraction(a: float, x: float) -> float:
    """The regularized upper incomplete gamma Q(a, x) by its continued fraction (x >= a + 1)."""
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPS:
            break
    return h * math.exp(-x + a * math.log(x) - math.lgamma(a))


def chi2_sf(x: float, df: int) -> float:
    """
    The survival function of the chi-square distribution: ``P(X >= x)`` with *df* degrees.

    .. versionadded:: 0.4.0
    """
    if df < 1:
        raise InvalidFieldError("df", "must be at least 1")
    if x <= 0.0:
        return 1.0
    a, half = df / 2.0, x / 2.0
    if half < a + 1.0:
        return max(0.0, 1.0 - _lower_series(a, half))
    return _upper_fraction(a, half)


@attrs.frozen
class SampleRatio:
    """
    A sample-ratio-mismatch check: are the arms the sizes their weights promise?

    Args:
        observed: Exposures per arm.
        expected: Exposures per arm the weights promise (same total).
        chi2: The chi-square statistic.
        df: Its degrees of freedom (arms minus one).
        p_value: The chance of a statistic this large if assignment works as weighted.
        alpha: The threshold below which :attr:`is_mismatch` is true.

    .. versionadded:: 0.4.0
    """

    observed: tuple[int, ...]
    expected: tuple[float, ...]
    chi2: float
    df: int
    p_value: float
    alpha: float

    @property
    def is_mismatch(self) -> bool:
        """
        Whether the p-value is below :attr:`alpha`: assignment or logging is likely broken.
        """
        return self.p_value < self.alpha


def sample_ratio(
    observed: Sequence[int], weights: Sequence[float], *, alpha: float = 0.001
) -> SampleRatio:
    """
    Test observed arm sizes against their assignment weights (chi-square goodness of fit).

    The usual threshold is strict (``alpha=0.001``) because a mismatch means the results
    cannot be trusted at all, and the check is run on every look.

    .. versionadded:: 0.4.0
    """
    if len(observed) != len(weights) or len(observed) < 2:  # noqa: PLR2004
        raise InvalidFieldError("weights", "must have one weight per arm, at least two arms")
    if any(w <= 0 for w in weights):
        raise InvalidFieldError("weights", "must all be above 0")
    total, weight = sum(observed), math.fsum(weights)
    expected = tuple(total * w / weight for w in weights)
    chi2 = (
        math.fsum((o - e) ** 2 / e for o, e in zip(observed, expected, strict=True))
        if total
        else 0.0
    )
    df = len(observed) - 1
    return SampleRatio(tuple(observed), expected, chi2, df, chi2_sf(chi2, df), alpha)
