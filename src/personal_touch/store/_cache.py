"""
The ledger cache a store answers ``is_granted`` from, checked against the change token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._consent import ConsentLedger

__all__ = ["LedgerCache"]


class LedgerCache:
    """
    Up to *size* contacts' ledgers, each kept with the change token read before it was loaded.

    An entry answers only while the token is unchanged: any commit by any process replaces
    the token, so a ledger read before it is reloaded on its next use.  When full, the
    oldest entry makes room (``size=0`` keeps nothing).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[str, tuple[bytes, ConsentLedger]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def get(
        self, contact_id: str, token: bytes, load: Callable[[str], ConsentLedger]
    ) -> ConsentLedger:
        """
        The cached ledger of *contact_id* if loaded under *token*, else ``load(contact_id)``.
        """
        entry = self._entries.get(contact_id)
        if entry is not None and entry[0] == token:
            return entry[1]
        ledger = load(contact_id)
        if self.size:
            if len(self._entries) >= self.size:
                self._entries.pop(next(iter(self._entries)), None)
            self._entries[contact_id] = (token, ledger)
        return ledger

    def clear(self) -> None:
        """
        Drop every entry.
        """
        self._entries.clear()
