"""
The jurisdiction-neutral core rules, in the order the default policy runs them.

The rules themselves live in :mod:`personal_touch._policy._core`, a module for each concern;
this module puts them in order (:data:`CORE_RULES`) and gathers the names the public
:mod:`personal_touch.rules` namespace and the engine read from them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._purposes import PURPOSE_KEYS
from ._core._asks import dont_ask_again
from ._core._ceilings import personalization, stage_ceiling
from ._core._consent import consent, lapse
from ._core._dial_back import dial_back
from ._core._facts import exposed_facts, facts
from ._core._frequency import frequency
from ._core._history import answers_inquiry, last_unsubscribe
from ._core._honesty import honesty
from ._core._levels import CUSTOMIZATION_TOPICS, PREFERENCE_TOPICS, RANK, fact_level
from ._core._preferences import preferences
from ._core._relevance import relevance
from ._core._timing import UNTIMED_CHANNELS, timing

if TYPE_CHECKING:
    from ._model import FunctionRule

__all__ = [
    "CORE_RULES",
    "CUSTOMIZATION_TOPICS",
    "PREFERENCE_TOPICS",
    "PURPOSE_KEYS",
    "RANK",
    "UNTIMED_CHANNELS",
    "answers_inquiry",
    "consent",
    "dial_back",
    "dont_ask_again",
    "exposed_facts",
    "fact_level",
    "facts",
    "frequency",
    "honesty",
    "lapse",
    "last_unsubscribe",
    "personalization",
    "preferences",
    "relevance",
    "stage_ceiling",
    "timing",
]

#: The core rules, in the order the default policy runs them.
CORE_RULES: tuple[FunctionRule, ...] = (
    consent,
    stage_ceiling,
    personalization,
    facts,
    preferences,
    relevance,
    honesty,
    timing,
    frequency,
    dial_back,
    dont_ask_again,
)
