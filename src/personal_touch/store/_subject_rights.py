"""
The data-subject-rights methods of a store: export, erase, rectify, restrict, requests.

:class:`SubjectRights` is mixed into both stores (through their shared core); its methods
run the SQL of :mod:`._export`, :mod:`._erasure`, :mod:`._rights` and :mod:`._requests` in the
store's transactions.  The store's suppression list (:meth:`SubjectRights.suppressions`) is
built here too, since erasure salts it and restriction adds to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from .._time import aware
from ..exceptions import InvalidFieldError
from . import _erasure as erasure
from . import _requests as requests
from . import _rights as rights
from ._export import PersonalDataExport, gather
from ._rows import check

if TYPE_CHECKING:
    import pendulum

    from .._contacts import Contact
    from .._suppression import SuppressionList
    from ._cache import LedgerCache
    from ._dialect import Dialect, Pool, Token

__all__ = ["SubjectRights"]


def _id(value: object, field: str = "contact_id") -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError(field, "must be a non-empty string")
    return value


def _code(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidFieldError("reason", "must be a non-empty code")
    return value


class SubjectRights:
    """
    Access, erasure, rectification, restriction and request tracking for a store.
    """

    _conns: Pool
    _dialect: Dialect
    _token: Token
    _cache: LedgerCache
    _secret: bytes | None
    _salt_key: bytes

    def _load_salt(self) -> None:
        # Read first: opening a store that has its salt takes no write lock.
        with self._conns.reading() as conn:
            key = erasure.suppression_key(conn, self._secret, create=False)
        if key is None:
            with self._conns.writing() as conn:
                key = erasure.suppression_key(conn, self._secret, create=True)
        assert key is not None  # created just above
        self._salt_key = key

    def _changed(self) -> None:
        self._token.bump()
        self._cache.clear()

    def suppressions(self) -> SuppressionList:
        """
        Every suppression appended, and one per restricted contact.

        A restricted contact (:meth:`restrict`) gets an entry barring every purpose; the
        :class:`~personal_touch.SuppressionList` also matches the salted address digests
        :meth:`erase` writes.
        """
        with self._conns.reading() as conn:
            return rights.suppression_list(conn, self._salt_key)

    # -- access and portability ----------------------------------------------------------

    def export(self, contact_id: str, *, at: pendulum.DateTime) -> PersonalDataExport:
        """
        Everything this store holds about *contact_id*, as of *at*.

        For access and portability (GDPR Art. 15 and 20) and the CCPA right to know
        (Cal. Civ. Code §1798.110).

        Raises:
            InvalidFieldError: *contact_id* is empty.
            NaiveDateTimeError: *at* has no time zone.

        .. versionadded:: 0.2.0
        """
        _id(contact_id)
        at = aware(at, "at")
        with self._conns.reading() as conn:
            return gather(conn, contact_id, at, self._salt_key)

    # -- erasure -------------------------------------------------------------------------

    def erase(
        self, contact_id: str, *, at: pendulum.DateTime, reason: str, compact: bool = True
    ) -> erasure.ErasureReport:
        """
        Erase *contact_id*'s personal data (GDPR Art. 17, CCPA §1798.105); idempotent.

        Deletes the contact, its facts and its interactions; keeps its consent events,
        suppressions, decision log and requests (ids, codes, times and digests: what
        proves consent and opt-outs); appends suppressions of its id and of every address
        (digests salted with the store's key), so a later import of the same person is
        denied as ``suppressed``.  Deleted cells are zeroed (``secure_delete``); with
        *compact*, the file is rebuilt (``VACUUM``) and the write-ahead log truncated, so
        no copy of a value (an old version of a rectified field included) stays on disk.

        Args:
            contact_id: Whose data to erase.
            at: When (the erased suppressions take effect then).
            reason: A short code (``"art17_request"``), never text about the person.
            compact: Rebuild the file and empty the log afterwards (slow on large files).

        .. versionadded:: 0.2.0
        """
        _id(contact_id)
        _code(reason)
        at = aware(at, "at")
        with self._conns.writing() as conn:
            self._dialect.zero_deleted(conn)
            report = erasure.erase(conn, contact_id, at, reason, self._salt_key, self._secret)
        self._changed()
        return attrs.evolve(report, compacted=compact and self._conns.compact(vacuum=True))

    # -- rectification and restriction ---------------------------------------------------

    def rectify(
        self,
        contact_id: str,
        *,
        at: pendulum.DateTime,
        value: Any,
        field: str | None = None,
        fact: str | None = None,
    ) -> Contact:
        """
        Correct one *field* of the contact, or its *fact* under a key (GDPR Art. 16).

        The old value is deleted (cells zeroed, the write-ahead log emptied when no other
        connection is reading), the change logged as a
        :class:`RightsEvent` naming the field or fact key, never a value.  A corrected
        fact becomes one ``stated`` fact recorded at *at*.

        Raises:
            InvalidFieldError: Not exactly one of *field* and *fact*; no such contact or
                fact; *field* cannot be rectified; *value* is invalid for it.

        .. versionadded:: 0.2.0
        """
        _id(contact_id)
        at = aware(at, "at")
        if (field is None) == (fact is None):
            raise InvalidFieldError("field", "give exactly one of field= and fact=")
        with self._conns.writing() as conn:
            self._dialect.zero_deleted(conn)
            if field is not None:
                rights.rectify_field(conn, contact_id, field, value, at)
            else:
                rights.rectify_fact(conn, contact_id, _id(fact, "fact"), value, at)
        self._changed()
        self._conns.compact(vacuum=False)
        with self._conns.reading() as conn:
            return rights.saved_contact(conn, contact_id)

    def restrict(
        self, contact_id: str, *, at: pendulum.DateTime, reason: str
    ) -> rights.RightsEvent:
        """
        Restrict processing of *contact_id*'s data from *at* (GDPR Art. 18).

        Until :meth:`lift_restriction`, :meth:`suppressions` holds an entry barring every
        purpose on every channel (reason ``do_not_contact``), so :func:`~personal_touch.decide`
        given that list denies every message to the contact.

        .. versionadded:: 0.2.0
        """
        return self._log(contact_id, rights.RightsEventKind.RESTRICTED, at, _code(reason))

    def lift_restriction(
        self, contact_id: str, *, at: pendulum.DateTime, reason: str = "lifted"
    ) -> rights.RightsEvent:
        """
        Lift the restriction of *contact_id* at *at* (GDPR Art. 18(3): tell the person first).

        .. versionadded:: 0.2.0
        """
        return self._log(contact_id, rights.RightsEventKind.LIFTED, at, _code(reason))

    def is_restricted(self, contact_id: str) -> bool:
        """
        Whether processing of *contact_id*'s data is restricted now.

        .. versionadded:: 0.2.0
        """
        with self._conns.reading() as conn:
            return any(s.contact_id == contact_id for s in rights.restriction_entries(conn))

    def rights_events(self, contact_id: str) -> tuple[rights.RightsEvent, ...]:
        """
        *contact_id*'s rights log: rectifications, restrictions, lifts and erasures.

        .. versionadded:: 0.2.0
        """
        with self._conns.reading() as conn:
            return tuple(rights.rights_events(conn, contact_id))

    def _log(
        self, contact_id: str, kind: rights.RightsEventKind, at: pendulum.DateTime, reason: str
    ) -> rights.RightsEvent:
        event = rights.RightsEvent(
            contact_id=_id(contact_id), kind=kind, at=aware(at, "at"), reason=reason
        )
        with self._conns.writing() as conn:
            rights.log(conn, event)
        self._changed()
        return event

    # -- requests ------------------------------------------------------------------------

    def open_request(self, request: requests.DataSubjectRequest) -> requests.DataSubjectRequest:
        """
        Save a new data-subject request.

        Raises:
            InvalidFieldError: Not a :class:`DataSubjectRequest`, or its id is taken.

        .. versionadded:: 0.2.0
        """
        check(request, requests.DataSubjectRequest, "request")
        with self._conns.writing() as conn:
            requests.insert(conn, request)
        return request

    def extend_request(self, request_id: str) -> requests.DataSubjectRequest:
        """
        Extend request *request_id*'s deadline once (GDPR Art. 12(3), CCPA §1798.130(a)(2)).

        .. versionadded:: 0.2.0
        """
        with self._conns.writing() as conn:
            return requests.extend(conn, _id(request_id, "request_id"))

    def complete_request(
        self, request_id: str, *, at: pendulum.DateTime
    ) -> requests.DataSubjectRequest:
        """
        Mark request *request_id* answered at *at*.

        Raises:
            InvalidFieldError: No such request, or it was completed already.

        .. versionadded:: 0.2.0
        """
        at = aware(at, "at")
        with self._conns.writing() as conn:
            return requests.complete(conn, _id(request_id, "request_id"), at)

    def pending_requests(self, *, at: pendulum.DateTime) -> tuple[requests.PendingRequest, ...]:
        """
        The requests pending at *at*, soonest deadline first, each flagged when overdue.

        .. versionadded:: 0.2.0
        """
        with self._conns.reading() as conn:
            return requests.pending(conn, at)
