"""
Moments worth noticing, the gestures they invite, follow-ups, and the plan built from them.

:func:`~personal_touch.detect_moments`, :func:`~personal_touch.scan_moments`,
:func:`~personal_touch.plan`, :class:`~personal_touch.Moment` and
:class:`~personal_touch.Plan` live at the top level; this module holds the kinds of moment,
the external events that feed them, the detection options, the scan summary, gestures,
follow-up cadences and the tasks of a plan.

>>> from personal_touch import moments
>>> moments.MomentKind.BIRTHDAY.value
'birthday'

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._moments._followups import FollowUpCadence, schedule_follow_ups
from ._moments._gestures import Gesture, GestureKind, suggest_gestures
from ._moments._model import (
    DataProblem,
    Event,
    EventKind,
    LeapDay,
    MatchResult,
    MomentKind,
    SourceFact,
    Tone,
    Window,
)
from ._moments._options import MomentOptions
from ._moments._scan import MomentScan, ScanSummary
from ._moments._variants import (
    AnniversaryMoment,
    BirthdayMoment,
    CustomMoment,
    FollowUpMoment,
    LifeEventMoment,
    PurchaseMoment,
    TeamResultMoment,
    TripMoment,
)
from ._planning._priority import moment_priority
from ._planning._tasks import AutomatedTask, HumanTask, Mention, Skip
from ._planning._team import Writer

__all__ = [
    "AnniversaryMoment",
    "AutomatedTask",
    "BirthdayMoment",
    "CustomMoment",
    "DataProblem",
    "Event",
    "EventKind",
    "FollowUpCadence",
    "FollowUpMoment",
    "Gesture",
    "GestureKind",
    "HumanTask",
    "LeapDay",
    "LifeEventMoment",
    "MatchResult",
    "Mention",
    "MomentKind",
    "MomentOptions",
    "MomentScan",
    "PurchaseMoment",
    "ScanSummary",
    "Skip",
    "SourceFact",
    "TeamResultMoment",
    "Tone",
    "TripMoment",
    "Window",
    "Writer",
    "moment_priority",
    "schedule_follow_ups",
    "suggest_gestures",
]
