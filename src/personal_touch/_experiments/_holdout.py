"""
A global holdout: a share of people kept on generic messages to measure personal attention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from .._levels import Level
from .._validators import number, text
from ._hashing import hash as _hash

if TYPE_CHECKING:
    from .._message import Message

__all__ = ["Holdout"]


@attrs.frozen(kw_only=True)
class Holdout:
    """
    A share of people who get generic messages, whatever the experiments, for good.

    Comparing them with everyone else measures the lift of personal attention itself.
    Membership is a hash of the person's id under the holdout's own seed (GrowthBook's
    hash version 2), so it is deterministic and independent of every experiment's buckets
    as long as no experiment uses the same seed.

    Args:
        share: The share of people held out, in ``[0, 1]``.
        seed: The hash seed; give one no experiment uses.

    >>> from personal_touch.experiments import Holdout
    >>> holdout = Holdout(share=0.1, seed="holdout-2027")
    >>> holdout.holds("c-1") == holdout.holds("c-1")
    True

    .. versionadded:: 0.4.0
    """

    share: float = attrs.field(validator=number("share", low=0.0, high=1.0))
    seed: str = attrs.field(validator=text("seed"))

    def holds(self, contact_id: str) -> bool:
        """
        Whether the person with *contact_id* is held out.
        """
        n = _hash(self.seed, contact_id, 2)
        return n is not None and n < self.share

    @staticmethod
    def generic(message: Message) -> Message:
        """
        *message* as a held-out person gets it: GENERIC, with no fact in its content.
        """
        return attrs.evolve(message, level=Level.GENERIC, content_facts=frozenset())
