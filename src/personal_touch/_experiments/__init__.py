"""
Experiments, privately: assignment, experiments and exposures, outcomes, statistics, guardrails.

The public names are re-exported by :mod:`personal_touch.experiments`.
"""
