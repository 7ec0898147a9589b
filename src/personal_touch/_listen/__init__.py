"""
Real-time triggers: declarative patterns over signals, and the listener that evaluates them.

A :class:`Trigger` names a pattern of behaviour (an abandoned cart, three views of a category
in a week, a price drop for something viewed, a trip booked, a team result) and the candidate
message it proposes.  A :class:`Listener` evaluates triggers on each signal and as time passes,
keeps bounded per-contact state that round-trips through JSON, and yields :class:`Firing`
values whose message still goes through :func:`~personal_touch.decide`.
"""

from __future__ import annotations

from ._firing import Firing, Update
from ._listener import Listener
from ._trigger import Trigger, TriggerPattern, UpdateKind

__all__ = ["Firing", "Listener", "Trigger", "TriggerPattern", "Update", "UpdateKind"]
