"""
Experiments: assignment identical to GrowthBook's, so teams that run GrowthBook keep their buckets.

:func:`hash` places a unit id in ``[0, 1)`` (GrowthBook hash versions 1 and 2),
:func:`bucket_ranges` turns weights and coverage into ranges, :func:`choose_variation` finds the
range a hash falls in, :func:`in_namespace` keeps experiments that share a namespace apart, and
:func:`equal_weights` splits evenly.  A :class:`StickyAssignment` records a unit's variation
once, and :func:`assign_variation` honours it over re-hashing, as GrowthBook's sticky bucketing.

Consent-aware experiments on top: an :class:`Experiment`'s arms never raise what
:func:`~personal_touch.decide` permits (:func:`assign` records a person ineligible for an arm
their decision does not allow; :func:`expose` makes an :class:`Exposure` only for a message that
may go out), a :class:`Holdout` keeps a share of people on generic messages, a :class:`Bandit`
samples among permitted arms, and :func:`level_experiment` with :func:`suggest_stage_table`
proposes a stage-table change for a person to approve.  Reading the results: :func:`tally` joins
interactions to exposures (and, given the assignments, reads who was eligible), :func:`analyse`
gives rates with intervals, the difference to control, the chance to beat it and a sample-ratio
check, on the people eligible for every compared arm, and :func:`check_guardrails` stops an arm
that harms people.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from ._experiments._analysis import Analysis, ArmResult, analyse
from ._experiments._assignment import assign, bucket_of, expose
from ._experiments._bandit import ArmPosterior, Bandit
from ._experiments._buckets import (
    Namespace,
    Range,
    bucket_ranges,
    choose_variation,
    equal_weights,
    in_namespace,
)
from ._experiments._eligibility import AssignmentLike, Enrolment
from ._experiments._guardrails import Guardrail, GuardrailReport, Stop, check_guardrails
from ._experiments._hashing import hash, hash_many
from ._experiments._holdout import Holdout
from ._experiments._level_experiments import (
    LevelComparison,
    LevelResult,
    StageChange,
    StageSuggestion,
    level_experiment,
    suggest_stage_table,
)
from ._experiments._model import (
    HOLDOUT_VARIANT,
    Assignment,
    AssignmentStatus,
    Experiment,
    Exposure,
    Variant,
)
from ._experiments._outcomes import OUTCOMES, Arm, ExposureLike, Tally, tally
from ._experiments._simulate import BanditSimulation, simulate_bandit
from ._experiments._stats import (
    Interval,
    SampleRatio,
    chance_to_beat,
    chi2_sf,
    difference_interval,
    sample_ratio,
    wilson_interval,
)
from ._experiments._sticky import StickyAssignment, assign_variation, assign_variations

__all__ = [
    "HOLDOUT_VARIANT",
    "OUTCOMES",
    "Analysis",
    "Arm",
    "ArmPosterior",
    "ArmResult",
    "Assignment",
    "AssignmentLike",
    "AssignmentStatus",
    "Bandit",
    "BanditSimulation",
    "Enrolment",
    "Experiment",
    "Exposure",
    "ExposureLike",
    "Guardrail",
    "GuardrailReport",
    "Holdout",
    "Interval",
    "LevelComparison",
    "LevelResult",
    "Namespace",
    "Range",
    "SampleRatio",
    "StageChange",
    "StageSuggestion",
    "StickyAssignment",
    "Stop",
    "Tally",
    "Variant",
    "analyse",
    "assign",
    "assign_variation",
    "assign_variations",
    "bucket_of",
    "bucket_ranges",
    "chance_to_beat",
    "check_guardrails",
    "chi2_sf",
    "choose_variation",
    "difference_interval",
    "equal_weights",
    "expose",
    "hash",
    "hash_many",
    "in_namespace",
    "level_experiment",
    "sample_ratio",
    "simulate_bandit",
    "suggest_stage_table",
    "tally",
    "wilson_interval",
]
