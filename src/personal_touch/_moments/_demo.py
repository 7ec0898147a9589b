"""
The demo's "this week's plan" section, and the team and events it uses with the sample data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from ._model import Event, EventKind, Outcome
from ._plan import Writer, plan
from ._scan import scan_moments

if TYPE_CHECKING:
    from ..testing import SampleData

#: The sample's writers: Ana writes up to two notes a day, Ben four a week.
DEMO_TEAM = (
    Writer(id="ana", name="Ana", per_day=2, per_week=8),
    Writer(id="ben", name="Ben", per_week=4),
)


def demo_events(at: pendulum.DateTime) -> tuple[Event, ...]:
    """
    External events around the sample's instant: last night's results and a weather alert.
    """
    return (
        Event(
            id="result-hcfc-1129",
            kind=EventKind.SPORTS_RESULT,
            at=at.subtract(hours=15),
            team="Harbour City FC",
            outcome=Outcome.WON,
            opponent="Rivermouth Athletic",
            title="Harbour City FC 2-1 Rivermouth Athletic",
        ),
        Event(
            id="result-rma-1129",
            kind=EventKind.SPORTS_RESULT,
            at=at.subtract(hours=15),
            team="Rivermouth Athletic",
            outcome=Outcome.LOST,
            opponent="Harbour City FC",
        ),
    )


def plan_section(sample: SampleData, at: pendulum.DateTime) -> str:
    """
    This week's moments for the sample contacts, planned for the demo team.
    """
    week = pendulum.duration(days=7)
    scan = scan_moments(sample.contacts, at=at, within=week, events=demo_events(at))
    moments = list(scan)
    p = plan(
        moments,
        sample.contacts,
        consents=sample.ledgers,
        history=sample.history,
        team=DEMO_TEAM,
        at=at,
    )
    head = "This week's plan (moments -> decide -> writers, honest automation, skips)"
    lines = [head, "=" * len(head), "", p.agenda().rstrip("\n")]
    if scan.summary.problems:
        lines += ["", scan.summary.describe()]
    return "\n".join(lines) + "\n"
