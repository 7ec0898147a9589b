"""
The core don't-ask-again rule: never ask a person for what they already told us.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ..._questions import DEFAULT_FRESHNESS, Freshness, given_answer
from ..._validators import instance_of
from .._model import Deny, rule

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._model import Outcome, Request

__all__ = ["DontAskAgain", "dont_ask_again"]


@attrs.frozen
class DontAskAgain:
    """
    Deny a message that asks for an answer the person already gave, while it is fresh.

    For each key in :attr:`Message.asks <personal_touch.Message.asks>`: when a fact for
    exactly that key is valid at the instant, came from the person (stated), their
    behaviour (observed) or our own records (system), and is no older than *freshness*
    allows for the key, the message is denied with code ``already_answered`` and a reason
    naming the key (never the answer).  An inferred fact is no answer: asking is how to
    replace a guess with what the person says.

    The core rule :data:`dont_ask_again` is this shape with :data:`DEFAULT_FRESHNESS`; put
    your own in its place with
    ``policy.replacing_rule("dont_ask_again", DontAskAgain(freshness=...))``.

    Args:
        freshness: How long an answer stays fresh, by fact key.
        id: The rule's id.

    .. versionadded:: 0.3.0
    """

    freshness: Freshness = attrs.field(
        default=DEFAULT_FRESHNESS, validator=instance_of(Freshness, "freshness")
    )
    id: str = "dont_ask_again"

    def __call__(self, request: Request, /) -> Iterable[Outcome]:
        asks = request.message.asks
        if not asks:
            return ()
        facts = request.contact.known_facts
        now = request.timestamp
        days = self.freshness.days
        return tuple(
            Deny(
                self.id,
                "already_answered",
                f"the message asks for {key}, which the contact already gave",
                hint="ask only what questions_to_ask returns, or leave the question out",
            )
            for key in sorted(asks)
            if given_answer(facts, key, at=now, max_age=days(key)) is not None
        )


_DEFAULT = DontAskAgain()


@rule("dont_ask_again")
def dont_ask_again(request: Request) -> Iterable[Outcome]:
    """
    Never ask a person again for an answer they gave that is still fresh.

    A message asking for a fact key (:attr:`Message.asks <personal_touch.Message.asks>`)
    whose answer the person gave (stated, observed or in our records, not inferred), valid
    and fresher than :data:`DEFAULT_FRESHNESS` allows, is denied naming the key.  See
    :class:`DontAskAgain` for other ages.
    """
    if not request.message.asks:
        return ()
    return _DEFAULT(request)
