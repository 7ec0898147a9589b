"""
The core frequency rule: the contact's own caps per channel and period.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ..._interactions import InteractionKind
from ..._message import MessagePurpose
from .._clock import wall_instant
from .._model import Defer, Deny, rule

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

    from .._model import Outcome, Request

__all__ = ["frequency"]

_T = MessagePurpose.TRANSACTIONAL
_EXCLUDED = (_T,)
_TOUCHES = frozenset(k for k in InteractionKind if k.is_touch)


def _period_start(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
    if period == "day":
        return day, day + dt.timedelta(days=1)
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=7)
    start = day.replace(day=1)
    nxt = (start + dt.timedelta(days=32)).replace(day=1)
    return start, nxt


@rule("frequency")
def frequency(request: Request) -> Iterable[Outcome]:
    """
    The contact's own caps per channel and period.

    The contact's own caps per channel and period, counting messages sent, calls and
    meetings in their history by their local calendar (days from local midnight, weeks
    from Monday, calendar months).  A full period defers to the start of the next one;
    transactional messages are exempt and not counted.  Without a contact zone the cap
    must hold on the calendar of every zone of the jurisdiction.
    """
    limits = request.contact.preferences.frequency_limits
    msg = request.message
    if not limits or msg.purpose is _T:
        return ()
    times = request.local_times or (request.local,)
    out: list[Outcome] = []
    for limit in limits:
        if limit.channel is not None and limit.channel is not msg.channel:
            continue
        latest: pendulum.DateTime | None = None
        for local in times:
            tz = local.tzinfo or dt.UTC
            first, nxt = _period_start(local.date(), limit.period.value)
            hi = wall_instant(nxt, dt.time(0), tz)
            lo_t = wall_instant(first, dt.time(0), tz).timestamp()
            hi_t = hi.timestamp()
            count = request.history_index.tally(
                _TOUCHES,
                since=lo_t,
                before=hi_t,
                channels=None if limit.channel is None else (limit.channel,),
                excluding=_EXCLUDED,
            )
            if count >= limit.count and (latest is None or hi > latest):
                latest = hi
        if latest is None:
            continue
        where = limit.channel.value if limit.channel is not None else "all channels"
        text = f"the contact's cap of {limit.count} per {limit.period.value} on {where} is reached"
        if limit.count == 0:
            out.append(Deny("frequency", "frequency_zero", text))
        else:
            out.append(Defer("frequency", "frequency_cap", text, latest))
    return out
