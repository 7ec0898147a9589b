"""
The policy engine's building blocks, for writing and arranging rules.

A rule is any object with an ``id`` and a ``__call__(request)`` returning outcomes
(:class:`Permit`, :class:`Deny`, :class:`Defer`, :class:`Cap`, :class:`Withhold`,
:class:`Disclose`, :class:`Note`); :func:`rule` turns a function into one.  The core rules
here are jurisdiction-neutral; the law lives in :mod:`personal_touch.packs`.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._policy._clock import next_wall_time, wall_instant
from ._policy._model import (
    Cap,
    Defer,
    Deny,
    Disclose,
    FunctionRule,
    Note,
    Outcome,
    Pack,
    Permit,
    Request,
    Rule,
    Withhold,
    rule,
)
from ._policy._policy import (
    DEFAULT_DIAL_BACK,
    DEFAULT_FACT_MAX_AGE,
    DEFAULT_STAGE_TABLE,
    DialBack,
    StageTable,
)
from ._policy._rules import (
    CONSENT_BASES,
    CORE_RULES,
    CUSTOMIZATION_TOPICS,
    PREFERENCE_TOPICS,
    PURPOSE_KEYS,
    UNTIMED_CHANNELS,
    answers_inquiry,
    consent,
    dial_back,
    exposed_facts,
    fact_level,
    facts,
    frequency,
    honesty,
    personalization,
    preferences,
    stage_ceiling,
    timing,
)

__all__ = [
    "CONSENT_BASES",
    "CORE_RULES",
    "CUSTOMIZATION_TOPICS",
    "DEFAULT_DIAL_BACK",
    "DEFAULT_FACT_MAX_AGE",
    "DEFAULT_STAGE_TABLE",
    "PREFERENCE_TOPICS",
    "PURPOSE_KEYS",
    "UNTIMED_CHANNELS",
    "Cap",
    "Defer",
    "Deny",
    "DialBack",
    "Disclose",
    "FunctionRule",
    "Note",
    "Outcome",
    "Pack",
    "Permit",
    "Request",
    "Rule",
    "StageTable",
    "Withhold",
    "answers_inquiry",
    "consent",
    "dial_back",
    "exposed_facts",
    "fact_level",
    "facts",
    "frequency",
    "honesty",
    "next_wall_time",
    "personalization",
    "preferences",
    "rule",
    "stage_ceiling",
    "timing",
    "wall_instant",
]
