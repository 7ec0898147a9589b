"""
Choosing the most relevant offer: :func:`rank` over candidate messages, through ``decide``.

The score it ranks by is the one the core relevance rule reads
(:mod:`personal_touch._policy._core._interest`), so a ranking and a decision never disagree.
"""

from ._rank import Offer, Ranked, rank

__all__ = ["Offer", "Ranked", "rank"]
