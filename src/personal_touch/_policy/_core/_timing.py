"""
The core timing rule: no message in the contact's quiet hours, in any zone they may be in.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..._channels import Channel
from ..._message import MessagePurpose
from .._clock import next_wall_time
from .._model import Defer, Deny, rule

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

    from .._model import Outcome, Request

__all__ = ["UNTIMED_CHANNELS", "timing"]

_T = MessagePurpose.TRANSACTIONAL

#: Channels quiet hours do not apply to (a letter does not ring at night).
UNTIMED_CHANNELS = frozenset({Channel.POST, Channel.IN_PERSON})


@rule("timing")
def timing(request: Request) -> Iterable[Outcome]:
    """
    Defer messages out of quiet hours in every zone the contact may be in.

    Quiet hours (the contact's, else the policy's default 21:00 to 08:00, start inclusive,
    end exclusive) on the contact's wall clock: inside them the message is deferred to the
    first instant they end, correct across DST.  Without a contact zone they must be over
    in every zone of the jurisdiction; with neither known the message is denied (no guess).
    Transactional messages, post and in-person meetings are exempt.
    """
    msg = request.message
    if msg.purpose is _T or msg.channel in UNTIMED_CHANNELS:
        return ()
    times = request.local_times
    if not times:
        return (_NO_ZONE,)
    quiet = request.contact.preferences.quiet_hours or request.policy.quiet_hours
    start, end = quiet.start, quiet.end
    latest: pendulum.DateTime | None = None
    for local in times:
        t = dt.time(local.hour, local.minute, local.second, local.microsecond)
        if (start <= t < end) if start <= end else (t >= start or t < end):
            nb = next_wall_time(local, end, local.tzinfo or dt.UTC)
            if latest is None or nb > latest:
                latest = nb
    if latest is None:
        return ()
    where = (
        "in the contact's time zone"
        if request.contact.timezone is not None
        else "in a time zone of the contact's jurisdiction"
    )
    return (
        Defer(
            "timing",
            "quiet_hours",
            f"it is quiet hours ({start.isoformat('minutes')} to "
            f"{end.isoformat('minutes')}) {where}",
            latest,
            hint=None if request.contact.timezone is not None else _SET_ZONE,
        ),
    )


_SET_ZONE = "set Contact.timezone"
_NO_ZONE = Deny(
    "timing",
    "unknown_time_zone",
    "neither the contact's time zone nor their jurisdiction is known, "
    "so quiet hours cannot be respected",
    hint=_SET_ZONE,
)
