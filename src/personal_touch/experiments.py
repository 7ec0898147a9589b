"""
Experiments: assignment identical to GrowthBook's, so teams that run GrowthBook keep their buckets.

:func:`hash` places a unit id in ``[0, 1)`` (GrowthBook hash versions 1 and 2),
:func:`bucket_ranges` turns weights and coverage into ranges, :func:`choose_variation` finds the
range a hash falls in, :func:`in_namespace` keeps experiments that share a namespace apart, and
:func:`equal_weights` splits evenly.  A :class:`StickyAssignment` records a unit's variation
once, and :func:`assign_variation` honours it over re-hashing, as GrowthBook's sticky bucketing.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

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
from ._experiments._simulate import BanditSimulation, simulate_bandit
from ._experiments._sticky import StickyAssignment, assign_variation, assign_variations

__all__ = [
    "HOLDOUT_VARIANT",
    "ArmPosterior",
    "Assignment",
    "AssignmentStatus",
    "Bandit",
    "BanditSimulation",
    "Experiment",
    "Exposure",
    "Holdout",
    "LevelComparison",
    "LevelResult",
    "Namespace",
    "Range",
    "StageChange",
    "StageSuggestion",
    "StickyAssignment",
    "Variant",
    "assign",
    "assign_variation",
    "assign_variations",
    "bucket_of",
    "bucket_ranges",
    "choose_variation",
    "equal_weights",
    "expose",
    "hash",
    "hash_many",
    "in_namespace",
    "level_experiment",
    "simulate_bandit",
    "suggest_stage_table",
]
