"""
The inputs of a decision made the contact's own: its ledger, its history, its suppressions.

``decide`` and ``prepare`` accept a contact's data in the forms an application holds it
(grants in any order, interactions of many contacts, a whole suppression list); these
functions keep what is this contact's, in the order the rules read it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._consent import ConsentGrant, ConsentLedger
from .._history import HistoryIndex, HistorySummary, epoch_seconds, index_history
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
    contact: Contact, history: Iterable[Interaction] | HistorySummary
) -> tuple[HistoryIndex, tuple[float, ...]]:
    """
    This contact's interactions indexed, oldest first, with their epoch seconds.

    *history* is interactions in any order (other contacts' are left out; see
    :func:`~personal_touch._history.index_history`) or the contact's
    :class:`~personal_touch.HistorySummary`, whose index is used as it is.

    Raises:
        InvalidFieldError: *history* is the summary of another contact.
    """
    if isinstance(history, HistorySummary):
        if history.contact_id != contact.id:
            raise InvalidFieldError("history", "the summary belongs to another contact")
        index = history.index
    else:
        index = index_history(history, contact.id)
    return index, index.stamps


def own_suppressions(
    contact: Contact, suppressions: SuppressionList | Iterable[Suppression]
) -> tuple[Suppression, ...]:
    """The entries of *suppressions* naming *contact* (build the list once for many calls)."""
    if type(suppressions) is tuple and not suppressions:
        return ()
    if not isinstance(suppressions, SuppressionList):
        suppressions = SuppressionList(suppressions)
    return suppressions.for_contact(contact)
