"""
Durable memory: contacts, consent, history and the decision log in a store.

:class:`SQLiteStore` keeps everything in one SQLite file (the standard library's
``sqlite3``; nothing to run), safe for several threads and processes at once.  Consent
events and suppressions are append-only, carry when they happened and when we recorded them,
and form a hash chain that :meth:`SQLiteStore.verify` checks and that a proof bundle
(:meth:`SQLiteStore.export_proof`, :func:`verify_bundle`) lets a third party re-check.
:meth:`SQLiteStore.purge` applies a :class:`RetentionPolicy` (:func:`default_retention`
by default) and says what went in a :class:`PurgeReport`.
:class:`Store` is the protocol every store follows.

This module is not imported by ``import personal_touch``: import it by name.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from ._chain import GENESIS, BrokenLink, VerifyReport
from ._proof import FORMAT, BundleReport, verify_bundle
from ._protocol import Store
from ._records import ConsentEvent, DecisionRecord, EventKind
from ._retention import (
    LIMITATION,
    Period,
    Record,
    RetentionPolicy,
    RetentionRule,
    default_retention,
)
from ._retention_report import PurgeReport, Removal
from ._schema import LATEST as SCHEMA_VERSION
from ._sqlite import SQLiteStore

__all__ = [
    "FORMAT",
    "GENESIS",
    "LIMITATION",
    "SCHEMA_VERSION",
    "BrokenLink",
    "BundleReport",
    "ConsentEvent",
    "DecisionRecord",
    "EventKind",
    "Period",
    "PurgeReport",
    "Record",
    "Removal",
    "RetentionPolicy",
    "RetentionRule",
    "SQLiteStore",
    "Store",
    "VerifyReport",
    "default_retention",
    "verify_bundle",
]
