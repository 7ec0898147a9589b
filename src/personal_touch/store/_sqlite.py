"""
The embedded store: one SQLite file, safe for many threads and processes at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING, Self

import attrs

from .._consent import ConsentGrant, ConsentLedger
from .._contacts import Contact
from .._decision import Decision
from .._facts import Fact
from .._interactions import Interaction
from .._suppression import Suppression, SuppressionList
from .._time import aware, aware_or_none
from ..exceptions import ConsentStateError, InvalidFieldError
from . import _consent_rows as consent
from . import _tables as tables
from ._cache import LedgerCache
from ._connections import Connections, Token
from ._proof import export_proof
from ._records import ConsentEvent, DecisionRecord
from ._retention_store import Purging
from ._rows import body, check, micros, read, stamp
from ._schema import migrate

if TYPE_CHECKING:
    import types

    import pendulum

    from .._channels import Channel
    from ._chain import VerifyReport

__all__ = ["SQLiteStore"]


def _contact_id(value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError("contact_id", "must be a non-empty string")


class SQLiteStore(Purging):
    """
    Contacts, facts, consent, interactions, suppressions and decisions in one SQLite file.

    The file is in WAL mode with ``synchronous=FULL``: an append that returned survives a
    crash or a power cut.  Each thread uses its own connection; appends take the write lock
    up front (``BEGIN IMMEDIATE``) and wait up to *timeout* seconds for another writer, so
    several threads and processes can share one file.  Consent events and suppressions are
    append-only and hash-chained (:meth:`verify`); *secret* keys the chain with HMAC-SHA256.
    Times of recording are passed in (``recorded_at=``), never read from a clock.

    Args:
        path: The database file (created, and migrated to the current schema, if needed).
        secret: Bytes that key the hash chain, if the application keeps such a secret.
        timeout: Seconds to wait for another writer before giving up.
        cache_size: How many contacts' ledgers :meth:`is_granted` keeps.

    >>> import tempfile, pathlib, pendulum
    >>> from personal_touch import Channel, ConsentGrant
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "pt.db"
    >>> with SQLiteStore(path) as store:
    ...     at = pendulum.datetime(2026, 1, 5, tz="UTC")
    ...     event = store.record_consent(
    ...         ConsentGrant(id="g1", contact_id="c1", purpose="marketing", granted_at=at),
    ...         recorded_at=at,
    ...     )
    ...     store.is_granted("c1", "marketing", Channel.EMAIL, at=at.add(days=1))
    True

    .. versionadded:: 0.1.0
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        secret: bytes | None = None,
        timeout: float = 30.0,
        cache_size: int = 10_000,
    ) -> None:
        if secret is not None and (not isinstance(secret, bytes) or not secret):
            raise InvalidFieldError("secret", "must be non-empty bytes or None")
        if isinstance(cache_size, bool) or not isinstance(cache_size, int) or cache_size < 0:
            raise InvalidFieldError("cache_size", "must be a whole number, zero or more")
        self.path = os.fspath(path)
        self._secret = secret
        self._conns = Connections(self.path, timeout=timeout)
        self.schema_version = migrate(self._conns.get())
        self._token = Token(self.path + "-token")
        self._token.bump()  # a writer killed before bumping leaves no stale cache behind
        self._cache = LedgerCache(cache_size)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """
        Close every connection this store opened (in every thread).
        """
        self._conns.close()
        self._cache.clear()

    # -- contacts and facts --------------------------------------------------------------

    def put_contact(self, contact: Contact) -> None:
        """
        Save *contact* (replacing a saved contact with the same id, and its facts).

        Raises:
            InvalidFieldError: *contact* is not a :class:`~personal_touch.Contact`.
        """
        check(contact, Contact, "contact")
        core = body(attrs.evolve(contact, facts=()))
        with self._conns.writing() as conn:
            conn.execute(
                "INSERT INTO contacts (id, body) VALUES (?, ?) "
                "ON CONFLICT (id) DO UPDATE SET body = excluded.body",
                (contact.id, core),
            )
            conn.execute("DELETE FROM facts WHERE contact_id = ?", (contact.id,))
            tables.insert_facts(conn, contact.id, contact.facts)
        self._token.bump()

    def add_fact(self, contact_id: str, fact: Fact) -> None:
        """
        Append *fact* to the facts of contact *contact_id*.

        Raises:
            InvalidFieldError: *contact_id* is empty or *fact* is not a :class:`~personal_touch.Fact`.
        """
        _contact_id(contact_id)
        check(fact, Fact, "fact")
        with self._conns.writing() as conn:
            tables.insert_facts(conn, contact_id, (fact,))
        self._token.bump()

    def contact(self, contact_id: str) -> Contact | None:
        """
        The saved contact *contact_id* with its facts, or ``None``.
        """
        with self._conns.reading() as conn:
            row = conn.execute("SELECT body FROM contacts WHERE id = ?", (contact_id,)).fetchone()
            if row is None:
                return None
            facts = self._facts(conn, contact_id)
        return attrs.evolve(read(row[0], Contact, "contacts row"), facts=facts)

    def facts(self, contact_id: str) -> tuple[Fact, ...]:
        """
        The facts saved for contact *contact_id*, in the order they were saved.
        """
        with self._conns.reading() as conn:
            return self._facts(conn, contact_id)

    def _facts(self, conn: sqlite3.Connection, contact_id: str) -> tuple[Fact, ...]:
        return tuple(tables.bodies(conn, "facts", Fact, contact_id))

    def contact_ids(self) -> tuple[str, ...]:
        """
        The ids of every saved contact, sorted.
        """
        with self._conns.reading() as conn:
            return tuple(r[0] for r in conn.execute("SELECT id FROM contacts ORDER BY id"))

    # -- interactions --------------------------------------------------------------------

    def add_interaction(self, interaction: Interaction) -> None:
        """
        Append *interaction* to its contact's history.

        Raises:
            InvalidFieldError: *interaction* is not an :class:`~personal_touch.Interaction`.
        """
        check(interaction, Interaction, "interaction")
        with self._conns.writing() as conn:
            conn.execute(
                "INSERT INTO interactions (contact_id, at, at_us, body) VALUES (?, ?, ?, ?)",
                (
                    interaction.contact_id,
                    stamp(interaction.at),
                    micros(interaction.at),
                    body(interaction),
                ),
            )
        self._token.bump()

    def interactions(self, contact_id: str) -> tuple[Interaction, ...]:
        """
        Contact *contact_id*'s history, oldest first.
        """
        with self._conns.reading() as conn:
            return tuple(tables.bodies(conn, "interactions", Interaction, contact_id))

    # -- consent -------------------------------------------------------------------------

    def record_consent(
        self,
        grant: ConsentGrant,
        *,
        recorded_at: pendulum.DateTime,
        at: pendulum.DateTime | None = None,
    ) -> ConsentEvent:
        """
        Append a version of *grant* as a consent event; durable when this returns.

        Args:
            grant: The grant version (a new grant, or a withdrawn, confirmed or renewed copy).
            recorded_at: When we recorded it (transaction time).
            at: When the change happened (valid time); by default read from the grant:
                its withdrawal, else its confirmation, else when it was given.

        Raises:
            InvalidFieldError: *grant* is not a :class:`~personal_touch.ConsentGrant`.
            NaiveDateTimeError: *recorded_at* or *at* has no time zone.
        """
        return self.record_consents((grant,), recorded_at=recorded_at, at=at)[0]

    def record_consents(
        self,
        grants: Iterable[ConsentGrant],
        *,
        recorded_at: pendulum.DateTime,
        at: pendulum.DateTime | None = None,
    ) -> tuple[ConsentEvent, ...]:
        """
        Append several grant versions in one transaction (all or none); see :meth:`record_consent`.
        """
        recorded = aware(recorded_at, "recorded_at")
        occurred = aware_or_none(at, "at")
        versions = tuple(grants)
        for g in versions:
            check(g, ConsentGrant, "grant")
        with self._conns.writing() as conn:
            events = consent.append(conn, versions, recorded, occurred, self._secret)
        self._token.bump()
        return events

    def withdraw(
        self,
        contact_id: str,
        grant_id: str,
        *,
        at: pendulum.DateTime,
        recorded_at: pendulum.DateTime,
    ) -> ConsentEvent:
        """
        Append the withdrawal of grant *grant_id* at *at*, recorded at *recorded_at*.

        Raises:
            ConsentStateError: No such grant, or it cannot be withdrawn.
            NaiveDateTimeError: *at* or *recorded_at* has no time zone.
        """
        current = self.ledger(contact_id).get(grant_id)
        if current is None:
            raise ConsentStateError(grant_id, "no such grant in this store")
        return self.record_consent(current.withdraw(at=at), recorded_at=recorded_at)

    def events(
        self, contact_id: str | None = None, *, grant_id: str | None = None
    ) -> tuple[ConsentEvent, ...]:
        """
        The consent events, in the order appended: all, or one contact's, or one grant's.
        """
        with self._conns.reading() as conn:
            return consent.events(conn, contact_id=contact_id, grant_id=grant_id)

    def ledger(
        self, contact_id: str, *, recorded_at: pendulum.DateTime | None = None
    ) -> ConsentLedger:
        """
        Contact *contact_id*'s consent ledger: from every event, or as recorded by *recorded_at*.

        ``ledger(c, recorded_at=T)`` answers with what our records said at *T*: it holds the
        events recorded at or before *T* only, so a renewal recorded later does not change
        what we could have known then.

        Raises:
            NaiveDateTimeError: *recorded_at* has no time zone.
        """
        until = None if recorded_at is None else micros(aware(recorded_at, "recorded_at"))
        with self._conns.reading() as conn:
            grants = consent.grants(conn, contact_id, until)
        return ConsentLedger.from_grants(contact_id, grants)

    def is_granted(
        self,
        contact_id: str,
        purpose: str,
        channel: Channel | None = None,
        *,
        at: pendulum.DateTime,
    ) -> bool:
        """
        Whether *purpose* on *channel* is granted to *contact_id* at *at*, from every event.

        Answers from a cached ledger while no process has written to the file since it was
        read (every write replaces the change token; see :meth:`clear_cache`).

        Raises:
            NaiveDateTimeError: *at* has no time zone.
            UnknownPurposeError: *purpose* is not a known purpose.
        """
        ledger = self._cache.get(contact_id, self._token.read(), self.ledger)
        return ledger.is_granted(purpose, channel, at=at)

    @property
    def cache_size(self) -> int:
        """
        How many ledgers the cache holds now.
        """
        return len(self._cache)

    def clear_cache(self) -> None:
        """
        Drop every cached ledger.
        """
        self._cache.clear()

    # -- suppressions --------------------------------------------------------------------

    def add_suppression(self, suppression: Suppression, *, recorded_at: pendulum.DateTime) -> int:
        """
        Append *suppression* to the chained suppression list; its sequence number.

        Raises:
            InvalidFieldError: *suppression* is not a :class:`~personal_touch.Suppression`.
            NaiveDateTimeError: *recorded_at* has no time zone.
        """
        check(suppression, Suppression, "suppression")
        recorded = stamp(aware(recorded_at, "recorded_at"))
        with self._conns.writing() as conn:
            seq = tables.append_suppression(conn, suppression, recorded, self._secret)
        self._token.bump()
        return seq

    def suppressions(self) -> SuppressionList:
        """
        Every suppression appended, as a :class:`~personal_touch.SuppressionList`.
        """
        with self._conns.reading() as conn:
            return SuppressionList(tables.bodies(conn, "suppressions", Suppression))

    # -- decision log --------------------------------------------------------------------

    def log_decision(self, decision: Decision) -> DecisionRecord:
        """
        Record *decision* in the decision log: ids, codes and digests, no personal data.

        Raises:
            InvalidFieldError: *decision* is not a :class:`~personal_touch.Decision`.
        """
        check(decision, Decision, "decision")
        record = DecisionRecord.from_decision(decision)
        with self._conns.writing() as conn:
            tables.insert_decision(conn, record)
        return record

    def decisions(self, contact_id: str) -> tuple[DecisionRecord, ...]:
        """
        The decision log of contact *contact_id*, oldest first.
        """
        with self._conns.reading() as conn:
            return tuple(tables.bodies(conn, "decisions", DecisionRecord, contact_id))

    # -- tamper evidence -----------------------------------------------------------------

    def verify(self) -> VerifyReport:
        """
        Check the file's integrity and every hash chain; name the first broken link.
        """
        with self._conns.reading() as conn:
            return tables.verify(conn, self._secret)

    def export_proof(self, grant_id: str) -> str:
        """
        The proof bundle of grant *grant_id* as JSON; check it with :func:`verify_bundle`.

        Raises:
            ConsentStateError: No event records grant *grant_id*.
        """
        with self._conns.reading() as conn:
            return export_proof(conn, grant_id, secret=self._secret)
