"""
Priorities: how much a moment deserves a writer's attention, between 0 and 1.

See ``docs/explanation/planner-priorities.md`` for the terms and their weights.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from .._interactions import Interaction, InteractionKind
from .._levels import Authorship
from .._moments._gestures import suggest_gestures
from .._stages import Stage
from .._time import aware

if TYPE_CHECKING:
    from .._contacts import Contact
    from .._moments._model import Moment


#: How much a contact's stage adds to a moment's priority (0 to 1).
STAGE_WEIGHT: Mapping[Stage, float] = {
    Stage.AWARENESS: 0.0,
    Stage.CONSIDERATION: 0.2,
    Stage.DECISION: 0.4,
    Stage.LAPSED_CUSTOMER: 0.5,
    Stage.CUSTOMER: 0.6,
    Stage.SUPPORTER: 0.6,
    Stage.REPEAT_CUSTOMER: 0.8,
    Stage.ADVOCATE: 1.0,
}
#: Days without a real touch after which the recency term is full.
RECENCY_DAYS = 90


def is_real_touch(i: Interaction) -> bool:
    """
    Whether *i* was a real touch: a call, a meeting or a note a person wrote.
    """
    return i.kind in (InteractionKind.CALLED, InteractionKind.MET) or (
        i.kind is InteractionKind.SENT and i.authorship is Authorship.HUMAN
    )


def moment_priority(
    moment: Moment, contact: Contact, history: Sequence[Interaction], *, at: dt.datetime
) -> float:
    """
    A moment's priority for a writer's attention, between 0 and 1.

    ``0.4 * moment weight + 0.25 * stage weight + 0.25 * recency + 0.1 * human only``, where
    recency is the days since the last real touch over 90 (capped at 1; 1 when never) and
    "human only" is 1 when no honest automated gesture exists for the moment.

    Raises:
        NaiveDateTimeError: *at* has no time zone.

    .. versionadded:: 0.1.0
    """
    at = aware(at, "at")
    last = None
    for i in history:
        if is_real_touch(i) and i.at <= at and (last is None or i.at > last):
            last = i.at
    recency = 1.0 if last is None else min(1.0, (at - last).total_seconds() / 86400 / RECENCY_DAYS)
    human_only = 0.0 if any(not g.is_human for g in suggest_gestures(moment)) else 1.0
    score = (
        0.4 * moment.weight + 0.25 * STAGE_WEIGHT[contact.stage] + 0.25 * recency + 0.1 * human_only
    )
    return round(score, 6)
