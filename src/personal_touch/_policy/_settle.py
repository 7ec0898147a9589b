"""
The deferral fixed point: the first instant at or after a deferral at which no rule defers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._decision import Effect, Reason
from .._time import MAX_INSTANT, MAX_STAMP, aware
from ..exceptions import PersonalTouchError
from ._fast import stamp
from ._model import Defer
from ._prepared import request_for

if TYPE_CHECKING:
    import pendulum

    from .._message import Message
    from ._compile import Compiled
    from ._prepared import Prepared

__all__ = ["MAX_DEFER_ROUNDS", "out_of_range", "settle"]

#: How many times the engine re-asks the rules at a later instant before giving up.
MAX_DEFER_ROUNDS = 16


def out_of_range(exc: Exception) -> bool:
    """
    Whether *exc* is the standard library's "date out of range" (no typed error of ours).
    """
    if isinstance(exc, PersonalTouchError):
        return False
    return isinstance(exc, OverflowError) or "out of range" in str(exc)


def settle(
    prepared: Prepared, message: Message, compiled: Compiled, not_before: pendulum.DateTime
) -> tuple[pendulum.DateTime | None, list[Reason]]:
    """
    Move *not_before* forward until no rule defers at it; ``None`` if it never settles.
    """
    extra: list[Reason] = []
    why = f"no instant satisfies every window within {MAX_DEFER_ROUNDS} steps"
    for _ in range(MAX_DEFER_ROUNDS):
        if stamp(not_before) > MAX_STAMP:  # e.g. paused until 9999-12-31: never in range
            why = _PAST_THE_CALENDAR
            break
        try:
            later = request_for(prepared._at_instant(not_before), message, compiled)
            outcomes = [o for call, _ in compiled.calls for o in call(later)]
        except (OverflowError, ValueError) as exc:
            if not out_of_range(exc):
                raise
            why = _PAST_THE_CALENDAR
            break
        moved = False
        for o in outcomes:
            if type(o) is Defer and o.not_before > not_before:
                not_before = aware(o.not_before, "not_before")
                moved = True
                extra.append(compiled.reason(o))
        if not moved:
            return not_before, extra
    extra.append(
        Reason(rule="timing", effect=Effect.DENY, code="no_permitted_instant", message=why)
    )
    return None, extra


_PAST_THE_CALENDAR = (
    f"no instant up to {MAX_INSTANT.date().isoformat()} (the supported calendar) satisfies "
    "every window"
)
