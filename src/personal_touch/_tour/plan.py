"""
The tour's "this week's plan" section.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pendulum

from .._moments._followups import follow_ups
from .._moments._scan import scan_moments
from .._planning._planner import plan

if TYPE_CHECKING:
    from ..testing import SampleData

__all__ = ["plan_section"]


def plan_section(sample: SampleData, at: pendulum.DateTime) -> str:
    """
    This week's moments for the sample contacts, planned for the sample's team.
    """
    week = pendulum.duration(days=7)
    scan = scan_moments(sample.contacts, at=at, within=week, events=sample.events)
    moments = [*scan, *follow_ups(sample.contacts, sample.history, at=at, within=week)]
    p = plan(
        moments,
        sample.contacts,
        consents=sample.ledgers,
        history=sample.history,
        team=sample.team,
        at=at,
        within=week,
    )
    head = "This week's plan (moments -> decide -> writers, honest automation, skips)"
    lines = [head, "=" * len(head), "", p.agenda().rstrip("\n")]
    if scan.summary.problems:
        lines += ["", scan.summary.describe()]
    return "\n".join(lines) + "\n"
