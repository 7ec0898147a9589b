"""
Consent: grants with their evidence, and the ledger that answers "was it granted then?".

A private package of small modules, bottom up: the lawful bases, the purpose vocabulary,
a grant's scope and status, its evidence, exact instants, the grant itself, the order and
merge of a grant's versions, the per-ledger index, and the ledger.  The public names are
re-exported by :mod:`personal_touch` and :mod:`personal_touch.values`.
"""

from __future__ import annotations

from ._basis import LawfulBasis
from ._evidence import Evidence, Obtained, ParentalVerification
from ._grant import ConsentGrant
from ._ledger import ConsentLedger
from ._purpose import Purpose
from ._scope import GrantScope, GrantStatus
from ._versions import ordered_versions, stable_key, version_key

__all__ = [
    "ConsentGrant",
    "ConsentLedger",
    "Evidence",
    "GrantScope",
    "GrantStatus",
    "LawfulBasis",
    "Obtained",
    "ParentalVerification",
    "Purpose",
    "ordered_versions",
    "stable_key",
    "version_key",
]
