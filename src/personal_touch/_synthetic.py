"""
Synthetic contacts for tests and benchmarks (filled in below).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._consent import ConsentLedger
    from ._contacts import Contact


def synthetic_contacts(n: int, *, seed: int) -> Iterator[Contact]:  # pragma: no cover
    """
    Yield *n* varied, valid contacts, the same for the same *seed*.
    """
    raise NotImplementedError


def synthetic_ledger(contact: Contact, *, seed: int) -> ConsentLedger:  # pragma: no cover
    """
    A plausible consent ledger for *contact*.
    """
    raise NotImplementedError
