"""
What every store does, written once over a backend's connections: the public methods.

A backend (:class:`~._sqlite.SQLiteStore`, :class:`~._postgres.PostgresStore`) opens its
:class:`~._dialect.Pool` of connections and its change :class:`~._dialect.Token`, migrates the
schema, and hands them to :class:`StoreCore`; the SQL and the chain logic behind every method
are shared (:mod:`._tables`, :mod:`._consent_rows`, :mod:`._proof`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Self

import attrs

from .._consent import ConsentGrant, ConsentLedger
from .._contacts import Contact
from .._decision import Decision
from .._facts import Fact
from .._interactions import Interaction
from .._suppression import Suppression
from .._time import aware, aware_or_none
from ..exceptions import ConsentStateError, InvalidFieldError
from . import _consent_rows as consent
from . import _tables as tables
from ._cache import LedgerCache
from ._proof import export_proof
from ._records import ConsentEvent, DecisionRecord
from ._retention_store import Purging
from ._rows import body, check, micros, read, stamp
from ._subject_rights import SubjectRights

if TYPE_CHECKING:
    import types

    import pendulum

    from .._channels import Channel
    from ._chain import VerifyReport
    from ._dialect import Connection, Dialect, Pool, Token

__all__ = ["StoreCore", "check_settings"]


def _contact_id(value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError("contact_id", "must be a non-empty string")


def check_settings(secret: bytes | None, cache_size: int) -> None:
    """
    Refuse an empty or non-bytes *secret* and a *cache_size* that is not a whole number >= 0.

    Raises:
        InvalidFieldError: Naming ``secret`` or ``cache_size``.
    """
    if secret is not None and (not isinstance(secret, bytes) or not secret):
        raise InvalidFieldError("secret", "must be non-empty bytes or None")
    if isinstance(cache_size, bool) or not isinstance(cache_size, int) or cache_size < 0:
        raise InvalidFieldError("cache_size", "must be a whole number, zero or more")


class StoreCore(SubjectRights, Purging):
    """
    The methods of the :class:`~personal_touch.store.Store` protocol over a backend's pool.

    Subclasses call :meth:`_open` from their ``__init__`` with their pool, token and dialect.
    The data-subject rights (:meth:`export`, :meth:`erase`, :meth:`rectify`,
    :meth:`restrict`, requests) come from :class:`SubjectRights`, :meth:`purge` from
    :class:`Purging`.
    """

    _conns: Pool
    _token: Token
    _dialect: Dialect
    _secret: bytes | None
    _cache: LedgerCache
    schema_version: int

    def _open(
        self,
        conns: Pool,
        token: Token,
        dialect: Dialect,
        *,
        secret: bytes | None,
        cache_size: int,
        schema_version: int,
    ) -> None:
        self._conns, self._token, self._dialect = conns, token, dialect
        self._secret = secret
        self._cache = LedgerCache(cache_size)
        self.schema_version = schema_version
        self._load_salt()

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

    def _facts(self, conn: Connection, contact_id: str) -> tuple[Fact, ...]:
        return tuple(tables.bodies(conn, "facts", Fact, contact_id))

    def contact_ids(self) -> tuple[str, ...]:
        """
        The ids of every saved contact, sorted.
        """
        with self._conns.reading() as conn:
            ids = [r[0] for r in conn.execute("SELECT id FROM contacts")]
        return tuple(sorted(ids))  # by code point, whatever the database's collation

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

        Answers from a cached ledger while no process has written to the store since it was
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
        Check the database's integrity and every hash chain; name the first broken link.
        """
        with self._conns.reading() as conn:
            return tables.verify(conn, self._secret, self._dialect)

    def export_proof(self, grant_id: str) -> str:
        """
        The proof bundle of grant *grant_id* as JSON; check it with :func:`verify_bundle`.

        Raises:
            ConsentStateError: No event records grant *grant_id*.
        """
        with self._conns.reading() as conn:
            return export_proof(conn, grant_id, secret=self._secret)
