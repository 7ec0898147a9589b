"""
How personal a fact is: the level a message must reach to use it, and ranks of levels.

Levels compare as integers in the hot path (:data:`RANK` by value); :func:`fact_level` maps a
fact to the lowest level that may use it, by sensitivity, provenance and topic.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._facts import Fact, Provenance, Sensitivity
from ..._levels import Level

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "CUSTOMIZATION_TOPICS",
    "CUSTOMIZED_RANK",
    "PERSONAL_RANK",
    "PREFERENCE_TOPICS",
    "RANK",
    "fact_level",
]

#: Rank of each level by value: integer comparisons in hot paths.
RANK: Mapping[str, int] = {lv.value: i for i, lv in enumerate(Level)}
#: The rank of :attr:`Level.CUSTOMIZED`.
CUSTOMIZED_RANK = RANK[Level.CUSTOMIZED.value]
#: The rank of :attr:`Level.PERSONAL`.
PERSONAL_RANK = RANK[Level.PERSONAL.value]

#: Fact topics (first key segment) that only customize, like a name: STATED or SYSTEM
#: facts under them need no more than CUSTOMIZED.
CUSTOMIZATION_TOPICS = frozenset(
    {"name", "company", "organization", "job", "title", "role", "language", "locale"}
)
#: Fact topics holding the person's own stated preferences and dealings with us: STATED
#: facts under them need CONTEXTUAL, like observed behaviour.
PREFERENCE_TOPICS = frozenset(
    {"interests", "preferences", "purchases", "inquiries", "content", "account", "orders"}
)


def fact_level(fact: Fact) -> Level:
    """
    The lowest level a message must reach to use *fact* in its content.

    - special-category facts, inferred and third-party facts, and personal facts the person
      told us (``travel``, ``family``, moments): :attr:`Level.PERSONAL`;
    - the person's behaviour with us (OBSERVED), their stated preferences and dealings
      (STATED under :data:`PREFERENCE_TOPICS`) and other operational records (SYSTEM):
      :attr:`Level.CONTEXTUAL`;
    - STATED or SYSTEM facts under :data:`CUSTOMIZATION_TOPICS` (name-like keys):
      :attr:`Level.CUSTOMIZED`.

    .. versionadded:: 0.1.0
    """
    prov = fact.provenance
    if fact.sensitivity is not _ORDINARY or prov is _INFERRED or prov is _THIRD_PARTY:
        return _PERSONAL
    topic = fact.key.partition(".")[0]
    if topic in CUSTOMIZATION_TOPICS:
        return _CUSTOMIZED
    if prov is _STATED and topic not in PREFERENCE_TOPICS:
        return _PERSONAL
    return _CONTEXTUAL


# Enum members as module constants: reading one from its class runs Python code (3.11).
_ORDINARY = Sensitivity.ORDINARY
_INFERRED, _THIRD_PARTY, _STATED = (
    Provenance.INFERRED,
    Provenance.THIRD_PARTY,
    Provenance.STATED,
)
_PERSONAL, _CUSTOMIZED, _CONTEXTUAL = Level.PERSONAL, Level.CUSTOMIZED, Level.CONTEXTUAL
