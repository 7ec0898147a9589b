"""
What the core rules read from a contact's history: an inquiry to answer, the last unsubscribe.

Both ask the history index for the latest event of one kind up to the instant: a search
from the instant back, never a pass over the whole history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._interactions import InteractionKind
from .._fast import DAY

if TYPE_CHECKING:
    from .._model import Request

__all__ = ["answers_inquiry", "last_unsubscribe"]

_INQUIRED = (InteractionKind.INQUIRED,)
_UNSUBSCRIBED = (InteractionKind.UNSUBSCRIBED,)


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
    now = request.timestamp
    last = request.history_index.last_stamp(_INQUIRED, until=now)
    return last is not None and last >= now - request.policy.inquiry_reply_days * DAY


def last_unsubscribe(request: Request) -> float | None:
    """
    When the contact last unsubscribed from the message's channel, in epoch seconds.

    The latest ``unsubscribed`` interaction at or before the instant on the message's
    channel (one without a channel counts for every channel); ``None`` when there is none.

    .. versionadded:: 0.1.0
    """
    return request.history_index.last_stamp(
        _UNSUBSCRIBED, until=request.timestamp, channels=(request.message.channel,)
    )
