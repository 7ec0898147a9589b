"""
Level experiments per funnel stage and the StageTable change their evidence suggests.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Iterable, Sequence

import attrs

from .._levels import Authorship, Level
from .._stages import Stage
from .._validators import integer, number
from ..exceptions import InvalidFieldError
from ..rules import StageTable
from ._model import Experiment, Variant

__all__ = [
    "LevelComparison",
    "LevelResult",
    "StageChange",
    "StageSuggestion",
    "level_experiment",
    "suggest_stage_table",
]


def level_experiment(
    stage: Stage | str,
    levels: Sequence[Level | str] = (Level.CONTEXTUAL, Level.PERSONAL),
    *,
    start: dt.datetime,
    end: dt.datetime,
    key: str | None = None,
    seed: str | None = None,
    weights: Sequence[float] | None = None,
    coverage: float = 1.0,
) -> Experiment:
    """
    A ready experiment comparing *levels* for people at *stage*, one arm per level.

    Each arm asks for its level (its key is the level's value); the first is the control.
    As in every experiment, an arm never raises what the policy permits: a person whose
    decision permits less than an arm's level is recorded ineligible for it.  So a level
    above the stage table's ceiling for the message's authorship is tested only where a
    person approved a policy that permits it (for example a trial table for assisted
    messages).

    >>> import pendulum
    >>> from personal_touch.experiments import level_experiment
    >>> exp = level_experiment(
    ...     "customer",
    ...     start=pendulum.datetime(2027, 1, 1),
    ...     end=pendulum.datetime(2027, 3, 1),
    ... )
    >>> [v.key for v in exp.variants], exp.key
    (['contextual', 'personal'], 'levels-customer-contextual-personal')

    .. versionadded:: 0.4.0
    """
    stage = Stage.parse(stage)
    chosen = tuple(Level(level) for level in levels)
    if len(chosen) < 2 or len(set(chosen)) != len(chosen):  # noqa: PLR2004 - two arms at least
        raise InvalidFieldError("levels", "needs two or more distinct levels")
    key = key or "-".join(("levels", stage.value, *(level.value for level in chosen)))
    return Experiment(
        key=key,
        variants=[Variant(key=level.value, level=level) for level in chosen],
        start=start,
        end=end,
        weights=weights,
        coverage=coverage,
        seed=seed,
        stages={stage},
    )


def _stage(value: Stage | str) -> Stage:
    return Stage.parse(value)


@attrs.frozen(kw_only=True)
class LevelResult:
    """
    What one level did for one stage and authorship: counts of exposures and outcomes.

    Args:
        stage: The funnel stage.
        authorship: Who wrote the messages.
        level: The level they went at.
        exposures: How many were sent.
        successes: How many led to the outcome sought (a reply, a conversion...).
        harms: How many led to an unsubscribe, a complaint or "felt intrusive".

    .. versionadded:: 0.4.0
    """

    stage: Stage = attrs.field(converter=_stage)
    authorship: Authorship = attrs.field(converter=Authorship)
    level: Level = attrs.field(converter=Level)
    exposures: int = attrs.field(validator=integer("exposures", low=0))
    successes: int = attrs.field(validator=integer("successes", low=0))
    harms: int = attrs.field(default=0, validator=integer("harms", low=0))

    def __attrs_post_init__(self) -> None:
        if self.successes > self.exposures or self.harms > self.exposures:
            raise InvalidFieldError("exposures", "must be at least successes and harms")

    @property
    def rate(self) -> float:
        """
        Successes per exposure (0 with no exposure).
        """
        return self.successes / self.exposures if self.exposures else 0.0

    @property
    def harm_rate(self) -> float:
        """
        Harms per exposure (0 with no exposure).
        """
        return self.harms / self.exposures if self.exposures else 0.0


def _difference(p1: float, n1: int, p2: float, n2: int, z: float) -> tuple[float, float, float]:
    diff = p2 - p1
    half = z * math.sqrt(p1 * (1 - p1) / n1 + p2 * (1 - p2) / n2)
    return diff, diff - half, diff + half


@attrs.frozen(kw_only=True)
class LevelComparison:
    """
    The evidence on a lower and a higher level: rate and harm differences with intervals.

    Differences are *higher minus lower*, with normal-approximation (Wald) intervals at
    the suggestion's confidence.

    .. versionadded:: 0.4.0
    """

    lower: LevelResult
    higher: LevelResult
    confidence: float
    difference: float
    interval: tuple[float, float]
    harm_difference: float
    harm_interval: tuple[float, float]

    @classmethod
    def of(cls, lower: LevelResult, higher: LevelResult, *, confidence: float) -> LevelComparison:
        """
        Compare *lower* and *higher* at *confidence*.
        """
        z = statistics.NormalDist().inv_cdf(0.5 + confidence / 2)
        d, lo, hi = _difference(lower.rate, lower.exposures, higher.rate, higher.exposures, z)
        h, hlo, hhi = _difference(
            lower.harm_rate, lower.exposures, higher.harm_rate, higher.exposures, z
        )
        return cls(
            lower=lower,
            higher=higher,
            confidence=confidence,
            difference=d,
            interval=(lo, hi),
            harm_difference=h,
            harm_interval=(hlo, hhi),
        )

    def verdict(self) -> tuple[Level | None, str]:
        """
        The level the evidence favours (``None``: inconclusive) and why, in words.
        """
        low, high = self.lower.level.value, self.higher.level.value
        if self.harm_interval[0] > 0:
            return self.lower.level, f"{high} harms more than {low}"
        if self.interval[1] < 0:
            return self.lower.level, f"{high} does worse than {low}"
        if self.interval[0] > 0:
            return self.higher.level, f"{high} does better than {low} and harms no more"
        return None, f"no clear difference between {low} and {high}"


@attrs.frozen(kw_only=True)
class StageChange:
    """
    One suggested cell of the stage table: from the current ceiling to another, and why.

    .. versionadded:: 0.4.0
    """

    stage: Stage
    authorship: Authorship
    current: Level
    suggested: Level
    reason: str
    evidence: LevelComparison


@attrs.frozen(kw_only=True)
class StageSuggestion:
    """
    A suggested stage table for a person to approve; nothing is applied by making it.

    Read :attr:`changes` and their evidence; to adopt it, a person passes :attr:`table` to
    ``policy.with_stage_table(...)`` themselves.

    Args:
        current: The table the evidence was weighed against.
        table: The suggested table (``current`` with :attr:`changes` made).
        changes: The suggested cells, each with its evidence.
        inconclusive: Comparisons that favour no level, kept as evidence too.

    .. versionadded:: 0.4.0
    """

    current: StageTable
    table: StageTable
    changes: tuple[StageChange, ...]
    inconclusive: tuple[LevelComparison, ...] = ()

    def explain(self) -> str:
        """
        The suggested changes in words, one line each.
        """
        if not self.changes:
            return "No change suggested."
        return "\n".join(
            f"{c.stage.value}/{c.authorship.value}: {c.current.value} -> {c.suggested.value}:"
            f" {c.reason}; successes {_interval(c.evidence.difference, c.evidence.interval)},"
            f" harms {_interval(c.evidence.harm_difference, c.evidence.harm_interval)}"
            f" ({c.evidence.confidence:.0%} intervals)"
            for c in self.changes
        )


def _interval(value: float, bounds: tuple[float, float]) -> str:
    return f"{value:+.4f} [{bounds[0]:+.4f}, {bounds[1]:+.4f}]"


def _groups(
    results: Iterable[LevelResult], min_exposures: int
) -> dict[tuple[Stage, Authorship], list[LevelResult]]:
    groups: dict[tuple[Stage, Authorship], list[LevelResult]] = {}
    for result in results:
        if result.exposures >= min_exposures:
            groups.setdefault((result.stage, result.authorship), []).append(result)
    return groups


def suggest_stage_table(
    results: Iterable[LevelResult],
    table: StageTable,
    *,
    confidence: float = 0.95,
    min_exposures: int = 100,
) -> StageSuggestion:
    """
    Weigh level results against *table* and suggest changes for a person to approve.

    For each stage and authorship with two or more levels of at least *min_exposures*
    exposures, the lowest and highest level tested are compared: if the higher one harms
    more (unsubscribes, complaints, "felt intrusive": the harm interval above zero) or
    does worse, the ceiling is suggested at the lower level; if it does better and harms
    no more, at the higher one; otherwise nothing changes and the comparison is kept as
    inconclusive evidence.  The table you pass is never modified.

    .. versionadded:: 0.4.0
    """
    number("confidence", low=0.5, high=0.999999)(None, None, confidence)
    changes, inconclusive = [], []
    suggested = table
    for (stage, authorship), group in sorted(_groups(results, min_exposures).items()):
        levels = sorted(group, key=lambda r: r.level)
        if levels[0].level == levels[-1].level:
            continue
        comparison = LevelComparison.of(levels[0], levels[-1], confidence=confidence)
        level, reason = comparison.verdict()
        current = table.ceiling(stage, authorship)
        if level is None:
            inconclusive.append(comparison)
        elif level != current:
            changes.append(
                StageChange(
                    stage=stage,
                    authorship=authorship,
                    current=current,
                    suggested=level,
                    reason=reason,
                    evidence=comparison,
                )
            )
            suggested = suggested.with_level(stage, authorship, level)
    return StageSuggestion(
        current=table, table=suggested, changes=tuple(changes), inconclusive=tuple(inconclusive)
    )
