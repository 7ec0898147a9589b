"""
Erasure (GDPR Art. 17, CCPA right to delete) and the store's suppression salt.

Erasing a contact deletes the rows that hold personal values (the contact's body, its facts,
its interactions) and keeps what proves consent and opt-outs: the chained consent events and
suppressions hold ids, purposes, times and digests, never a name or an address, so the chain
verifies after erasure untouched.  Every address of the contact is added to the suppression
list as a digest salted with the store's key (:func:`suppression_key`), and its id as well,
so a contact re-created later by an import is denied as suppressed.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import TYPE_CHECKING

import attrs
import pendulum

from .._contacts import Contact
from .._suppression import Suppression, SuppressionReason
from .._time import check_aware, to_datetime
from .._validators import text
from . import _rights as rights
from . import _tables as tables
from ._rows import read, read_many, stamp

if TYPE_CHECKING:
    from ._dialect import Connection

__all__ = ["ErasureReport", "erase", "suppression_key"]

_SALT = "suppression_salt"


def suppression_key(conn: Connection, secret: bytes | None, *, create: bool) -> bytes | None:
    """
    The key salted suppression digests use; with *create*, making the store's salt if missing.

    The salt is 32 random bytes kept in the ``meta`` table, made once per file (inside the
    caller's write transaction when *create*; ``None`` when missing and not *create*).
    When the application keys the store with a *secret*, the key is HMAC-SHA256 of the salt
    under that secret, so a copy of the file alone does not let anyone test guessed
    addresses against the list.
    """
    if create:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (_SALT, os.urandom(32).hex()),
        )
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (_SALT,)).fetchone()
    if row is None:
        return None
    salt = bytes.fromhex(row[0])
    if secret is None:
        return salt
    return hmac.new(secret, b"personal_touch suppression salt " + salt, hashlib.sha256).digest()


@attrs.frozen(kw_only=True)
class ErasureReport:
    """
    What an erasure removed, added and kept (counts and ids only).

    Attributes:
        contact_id: Whose data was erased.
        at: When.
        reason: The reason code given.
        contact_removed: Whether a saved contact was removed (``False`` when erased before).
        facts_removed: How many fact rows were deleted.
        interactions_removed: How many interactions were deleted.
        suppressions_added: How many suppression entries were appended (the contact's id
            and one salted digest per address not suppressed so already).
        consent_events_kept: Consent events kept as proof (they hold no personal values).
        decisions_kept: Decision-log records kept (ids, codes and digests only).
        compacted: Whether the file was rebuilt (``VACUUM``) and the write-ahead log emptied
            (``wal_checkpoint(TRUNCATE)``), so no deleted byte stays in a free page or in the
            log.  ``False`` when another connection held a read open and the log could not
            be emptied yet: erase again (it is idempotent) or checkpoint later.

    .. versionadded:: 0.2.0
    """

    contact_id: str = attrs.field(validator=text("contact_id"))
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    reason: str
    contact_removed: bool
    facts_removed: int
    interactions_removed: int
    suppressions_added: int
    consent_events_kept: int
    decisions_kept: int
    compacted: bool = False


def _count(conn: Connection, table: str, contact_id: str) -> int:
    row = conn.execute(f"SELECT count(*) FROM {table} WHERE contact_id = ?", (contact_id,))
    return int(row.fetchone()[0])


def _new_entries(
    conn: Connection,
    contact_id: str,
    contact: Contact | None,
    key: bytes,
    at: pendulum.DateTime,
) -> list[Suppression]:
    """
    The suppressions an erasure adds: the id's and each address's, unless present already.
    """
    wanted = [Suppression(contact_id=contact_id, reason=SuppressionReason.ERASED, since=at)]
    for point in () if contact is None else contact.contact_points:
        digest = Suppression.digest(point.address, salt=key)
        wanted.append(Suppression(address_digest=digest, reason=SuppressionReason.ERASED, since=at))
    digests = [s.address_digest for s in wanted if s.address_digest is not None]
    marks = ", ".join("?" for _ in digests) or "NULL"
    rows = conn.execute(
        "SELECT seq, body FROM suppressions WHERE contact_id = ? "
        f"OR address_digest IN ({marks}) ORDER BY seq",
        (contact_id, *digests),
    ).fetchall()
    have = {
        (s.contact_id, s.address_digest)
        for s in read_many(rows, Suppression, "suppressions")
        if s.reason is SuppressionReason.ERASED
    }
    out, seen = [], set(have)
    for s in wanted:
        if (s.contact_id, s.address_digest) not in seen:
            seen.add((s.contact_id, s.address_digest))
            out.append(s)
    return out


def erase(  # noqa: PLR0917
    conn: Connection,
    contact_id: str,
    at: pendulum.DateTime,
    reason: str,
    key: bytes,
    secret: bytes | None,
) -> ErasureReport:
    """
    Erase *contact_id*'s personal values inside the caller's write transaction.

    The connection should have ``PRAGMA secure_delete`` on, so deleted cells are zeroed.
    """
    row = conn.execute("SELECT body FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    contact = None if row is None else read(row[0], Contact, "contacts row")
    facts = conn.execute("DELETE FROM facts WHERE contact_id = ?", (contact_id,)).rowcount
    done = conn.execute("DELETE FROM interactions WHERE contact_id = ?", (contact_id,)).rowcount
    conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,))
    added = _new_entries(conn, contact_id, contact, key, at)
    for entry in added:
        tables.append_suppression(conn, entry, stamp(at), secret)
    rights.log(conn, rights.RightsEvent(contact_id=contact_id, kind="erased", at=at, reason=reason))
    return ErasureReport(
        contact_id=contact_id,
        at=at,
        reason=reason,
        contact_removed=contact is not None,
        facts_removed=max(facts, 0),
        interactions_removed=max(done, 0),
        suppressions_added=len(added),
        consent_events_kept=_count(conn, "consent_events", contact_id),
        decisions_kept=_count(conn, "decisions", contact_id),
    )
