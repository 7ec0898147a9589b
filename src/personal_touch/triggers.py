"""
Real-time triggers: patterns of behaviour, the listener that evaluates them, their firings.

:class:`~personal_touch.Trigger`, :class:`~personal_touch.Listener` and
:class:`~personal_touch.Firing` live at the top level too; this module adds the patterns
(:class:`TriggerPattern`) and the :class:`Update` values (of an :class:`UpdateKind`: a price
drop, back in stock, a team result) that update triggers listen to.  See
:doc:`/howto/fire-on-what-people-do`.

>>> from personal_touch import triggers
>>> triggers.TriggerPattern.ABSENCE.value
'absence'

.. versionadded:: 0.4.0
"""

from __future__ import annotations

from ._listen import Firing, Listener, Trigger, TriggerPattern, Update, UpdateKind

__all__ = ["Firing", "Listener", "Trigger", "TriggerPattern", "Update", "UpdateKind"]
