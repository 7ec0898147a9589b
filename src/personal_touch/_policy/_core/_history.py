"""
What the core rules read from a contact's history: an inquiry to answer, the last unsubscribe.

Both read only the window they need when the history is oldest first (a bisection), and
skip a history that holds no interaction of the kind they look for.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from ..._interactions import InteractionKind
from .._fast import DAY, history_kinds, memo

if TYPE_CHECKING:
    from ..._channels import Channel
    from .._model import Request

__all__ = ["answers_inquiry", "last_unsubscribe"]


def answers_inquiry(request: Request) -> bool:
    """
    Whether the message answers the contact's own recent inquiry.

    It must say so (``in_reply_to_inquiry``) and the history must hold an ``inquired``
    interaction within the policy's ``inquiry_reply_days`` before the instant: a flag alone
    never lifts a rule.

    .. versionadded:: 0.1.0
    """
    if not request.message.in_reply_to_inquiry:
        return False
    history, stamps = request.history, request.history_stamps
    if _INQUIRED not in history_kinds(history):
        return False
    now = request.timestamp
    since = now - request.policy.inquiry_reply_days * DAY
    if len(stamps) == len(history):  # oldest first: only the window is read
        lo, hi = bisect_left(stamps, since), bisect_right(stamps, now)
        return any(h.kind is InteractionKind.INQUIRED for h in history[lo:hi])
    return any(
        h.kind is InteractionKind.INQUIRED and since <= t <= now
        for h, t in zip(history, stamps, strict=False)
    )


_INQUIRED = InteractionKind.INQUIRED.value


def last_unsubscribe(request: Request) -> float | None:
    """
    When the contact last unsubscribed from the message's channel, in epoch seconds.

    The latest ``unsubscribed`` interaction at or before the instant on the message's
    channel (one without a channel counts for every channel); ``None`` when there is none.

    .. versionadded:: 0.1.0
    """
    history = request.history
    if _UNSUBSCRIBED not in history_kinds(history):
        return None
    now = request.timestamp
    channel = request.message.channel
    stamps = request.history_stamps
    if len(stamps) == len(history):  # oldest first: the latest match is the first one back
        for i in range(bisect_right(stamps, now) - 1, -1, -1):
            h = history[i]
            if h.kind is InteractionKind.UNSUBSCRIBED and (
                h.channel is None or h.channel is channel
            ):
                return stamps[i]
        return None
    events: tuple[tuple[Channel | None, float], ...] = memo(
        _UNSUBSCRIBES,
        id(history),
        history,
        lambda: tuple(
            (h.channel, t)
            for h, t in zip(history, stamps, strict=False)
            if h.kind is InteractionKind.UNSUBSCRIBED
        ),
    )
    latest: float | None = None
    for ch, t in events:
        if t <= now and (ch is None or ch is channel) and (latest is None or t > latest):
            latest = t
    return latest


_UNSUBSCRIBES: dict[object, object] = {}
_UNSUBSCRIBED = InteractionKind.UNSUBSCRIBED.value
