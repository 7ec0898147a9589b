"""
Durable memory: contacts, consent, history and the decision log in a store.

:class:`SQLiteStore` keeps everything in one SQLite file (the standard library's
``sqlite3``; nothing to run), safe for several threads and processes at once;
:class:`PostgresStore` keeps the same tables and chains in PostgreSQL for teams (the
``postgres`` extra: psycopg is imported only when the class is first used).  Consent
events and suppressions are append-only, carry when they happened and when we recorded them,
and form a hash chain that :meth:`SQLiteStore.verify` checks and that a proof bundle
(:meth:`SQLiteStore.export_proof`, :func:`verify_bundle`) lets a third party re-check.
The data-subject rights are methods of the store: :meth:`SQLiteStore.export` (a
:class:`PersonalDataExport`), :meth:`SQLiteStore.erase` (an :class:`ErasureReport`),
:meth:`SQLiteStore.rectify`, :meth:`SQLiteStore.restrict` and request tracking
(:class:`DataSubjectRequest`, :meth:`SQLiteStore.pending_requests`), and
:meth:`SQLiteStore.purge` applies a :class:`RetentionPolicy` (:func:`default_retention`
by default) and says what went in a :class:`PurgeReport`.
:class:`Store` is the protocol every store follows.

This module is not imported by ``import personal_touch``: import it by name.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._chain import GENESIS, BrokenLink, VerifyReport
from ._erasure import ErasureReport
from ._export import EXPORT_FORMAT, PersonalDataExport
from ._proof import FORMAT, BundleReport, verify_bundle
from ._protocol import Store
from ._records import ConsentEvent, DecisionRecord, EventKind
from ._requests import DataSubjectRequest, PendingRequest, Regime, RequestKind
from ._retention import (
    LIMITATION,
    Period,
    Record,
    RetentionPolicy,
    RetentionRule,
    default_retention,
)
from ._retention_report import PurgeReport, Removal
from ._rights import RightsEvent, RightsEventKind
from ._schema import LATEST as SCHEMA_VERSION
from ._sqlite import SQLiteStore

if TYPE_CHECKING:
    from ._postgres import PostgresStore

__all__ = [
    "EXPORT_FORMAT",
    "FORMAT",
    "GENESIS",
    "LIMITATION",
    "SCHEMA_VERSION",
    "BrokenLink",
    "BundleReport",
    "ConsentEvent",
    "DataSubjectRequest",
    "DecisionRecord",
    "ErasureReport",
    "EventKind",
    "PendingRequest",
    "Period",
    "PersonalDataExport",
    "PostgresStore",
    "PurgeReport",
    "Record",
    "Regime",
    "Removal",
    "RequestKind",
    "RetentionPolicy",
    "RetentionRule",
    "RightsEvent",
    "RightsEventKind",
    "SQLiteStore",
    "Store",
    "VerifyReport",
    "default_retention",
    "verify_bundle",
]


def __getattr__(name: str) -> object:
    # PostgresStore needs psycopg (an optional extra): import it on first use only.
    if name == "PostgresStore":
        from ._postgres import PostgresStore

        return PostgresStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
