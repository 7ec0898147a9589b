"""
The inputs of a decision made the contact's own: its ledger, its history, its suppressions.

``decide`` and ``prepare`` accept a contact's data in the forms an application holds it
(grants in any order, interactions of many contacts, a whole suppression list); these
functions keep what is this contact's, in the order the rules read it.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
import zoneinfo
from itertools import repeat
from typing import TYPE_CHECKING

from .._consent import ConsentGrant, ConsentLedger
from .._suppression import Suppression, SuppressionList
from ..exceptions import InvalidFieldError

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._contacts import Contact
    from .._interactions import Interaction

__all__ = ["epoch_seconds", "own_history", "own_ledger", "own_suppressions"]


def own_ledger(contact: Contact, consents: ConsentLedger | Iterable[ConsentGrant]) -> ConsentLedger:
    """
    *consents* as the contact's ledger (grants of other contacts are left out).

    Raises:
        InvalidFieldError: *consents* is the ledger of another contact.
    """
    if isinstance(consents, ConsentLedger):
        if consents.contact_id != contact.id:
            raise InvalidFieldError("consents", "the ledger belongs to another contact")
        return consents
    cid = contact.id
    return ConsentLedger(cid, tuple(g for g in consents if g.contact_id == cid))


def own_history(
    contact: Contact, history: Iterable[Interaction]
) -> tuple[tuple[Interaction, ...], tuple[float, ...]]:
    """
    This contact's interactions sorted by time, with their epoch seconds.

    Every pass over the history runs in C (attribute getters, ``map``, ``list.count``): a
    history already in time order and all of this contact, the usual case, costs no
    Python-level work per interaction.  The sort is stable: interactions at the same
    instant keep their given order.
    """
    cid = contact.id
    own = history if type(history) is tuple else tuple(history)
    if list(map(_CONTACT_ID, own)).count(cid) != len(own):
        own = tuple(h for h in own if h.contact_id == cid)
    stamps = epoch_seconds(list(map(_AT, own)))
    if not all(map(operator.le, stamps, itertools.islice(stamps, 1, None))):
        order = sorted(range(len(stamps)), key=stamps.__getitem__)
        own = tuple(map(own.__getitem__, order))
        stamps = list(map(stamps.__getitem__, order))
    return own, tuple(stamps)


def own_suppressions(
    contact: Contact, suppressions: SuppressionList | Iterable[Suppression]
) -> tuple[Suppression, ...]:
    """The entries of *suppressions* naming *contact* (build the list once for many calls)."""
    if type(suppressions) is tuple and not suppressions:
        return ()
    if not isinstance(suppressions, SuppressionList):
        suppressions = SuppressionList(suppressions)
    return suppressions.for_contact(contact)


def epoch_seconds(instants: list[dt.datetime]) -> list[float]:
    """
    Each aware datetime's epoch seconds, exactly as ``datetime.timestamp`` gives them.

    ``timestamp`` is the exact difference from the epoch in UTC, in seconds.  Against an
    epoch carrying the instants' own UTC zone object, the difference skips the two offset
    look-ups per instant (the costly part); an instant in another zone is still subtracted
    with its offsets, so the answer is the same for any mix of zones.
    """
    epoch = _EPOCH
    if instants:
        tz = instants[0].tzinfo
        if tz is dt.UTC or (isinstance(tz, zoneinfo.ZoneInfo) and tz.key in _UTC_KEYS):
            epoch = dt.datetime(1970, 1, 1, tzinfo=tz)
    return list(map(_TOTAL_SECONDS, map(_SUB, instants, repeat(epoch, len(instants)))))


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
#: Zone keys of UTC itself (fixed at offset zero in the tz database).
_UTC_KEYS = frozenset({"UTC", "Etc/UTC"})
#: The C methods themselves (pendulum's ``DateTime.__sub__`` is Python and returns a
#: pendulum interval).
_SUB = dt.datetime.__sub__
_TOTAL_SECONDS = dt.timedelta.total_seconds
_CONTACT_ID = operator.attrgetter("contact_id")
_AT = operator.attrgetter("at")
