"""
Real-time triggers: patterns of behaviour, the listener that evaluates them, their firings.

A :class:`Trigger` (of a :class:`TriggerPattern`) names the behaviour to wait for and the
message to propose; a :class:`Listener` evaluates triggers on each signal, on each
:class:`Update` about a subject (of an :class:`UpdateKind`: a price drop, back in stock, a team
result) and as time passes, and yields :class:`Firing` values whose message still goes through
:func:`~personal_touch.decide`.  See
:doc:`/howto/fire-on-what-people-do`.

>>> from personal_touch import triggers
>>> triggers.TriggerPattern.ABSENCE.value
'absence'

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from ._listen import Firing, Listener, Trigger, TriggerPattern, Update, UpdateKind

__all__ = ["Firing", "Listener", "Trigger", "TriggerPattern", "Update", "UpdateKind"]
