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
    if fact.sensitivity is not Sensitivity.ORDINARY:
        return Level.PERSONAL
    if prov is Provenance.INFERRED or prov is Provenance.THIRD_PARTY:
        return Level.PERSONAL
    topic = fact.key.partition(".")[0]
    if topic in CUSTOMIZATION_TOPICS:
        return Level.CUSTOMIZED
    if prov is Provenance.STATED and topic not in PREFERENCE_TOPICS:
        return Level.PERSONAL
    return Level.CONTEXTUAL
