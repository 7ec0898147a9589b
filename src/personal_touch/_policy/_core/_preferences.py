"""
The core preferences rule: the person defines their experience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..._message import MessagePurpose
from .._model import Cap, Defer, Deny, rule
from ._levels import RANK

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._model import Outcome, Request

__all__ = ["preferences"]

_T = MessagePurpose.TRANSACTIONAL


def _topic_excluded(topic: str, excluded: frozenset[str]) -> bool:
    return any(topic == t or topic.startswith(t + ".") for t in excluded)


@rule("preferences")
def preferences(request: Request) -> Iterable[Outcome]:
    """
    The person defines their experience.

    The person defines their experience: blocked channels (for every purpose, even
    transactional), their ``max_level``, a pause (nothing but transactional messages until
    ``paused_until``) and excluded topics.
    """
    prefs = request.contact.preferences
    msg = request.message
    out: list[Outcome] = []
    if msg.channel in prefs.blocked_channels:
        out.append(
            Deny(
                "preferences",
                "channel_blocked",
                f"the contact blocked the {msg.channel._value_} channel",
                hint="use a channel the contact has not blocked",
            )
        )
    if prefs.max_level is not None and RANK[prefs.max_level._value_] < RANK[msg.level._value_]:
        out.append(
            Cap(
                "preferences",
                "contact_max_level",
                f"the contact wants messages no more personal than {prefs.max_level._value_}",
                prefs.max_level,
            )
        )
    if msg.purpose is not _T:
        paused = prefs.paused_until
        if paused is not None and request.at < paused:
            out.append(
                Defer(
                    "preferences", "paused", "the contact paused non-transactional messages", paused
                )
            )
        if msg.topic is not None and _topic_excluded(msg.topic, prefs.excluded_topics):
            out.append(
                Deny(
                    "preferences",
                    "topic_excluded",
                    f"the contact excluded the topic {msg.topic}",
                )
            )
    return out
