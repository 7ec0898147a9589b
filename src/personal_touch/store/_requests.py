"""
Data-subject requests: what was asked, under which law, and by when it must be answered.

A request is a frozen value; its deadline is computed from when it was received with pendulum
(calendar months for the GDPR, days for the CCPA), never from a clock.  The SQL here keeps
requests in the ``requests`` table (standard SQL, ``?`` placeholders).
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING, Self

import attrs
import pendulum

from .._time import aware, check_aware, to_datetime
from .._validators import text
from ..exceptions import InvalidFieldError
from ._rows import body, micros, read, read_many

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ._dialect import Connection

__all__ = [
    "DataSubjectRequest",
    "PendingRequest",
    "Regime",
    "RequestKind",
    "complete",
    "extend",
    "insert",
    "of_contact",
    "pending",
]


class RequestKind(enum.StrEnum):
    """
    What a person asked for.

    .. versionadded:: 0.2.0
    """

    #: A copy of their data (GDPR Art. 15; CCPA right to know, Cal. Civ. Code §1798.110).
    ACCESS = "access"
    #: Their data in a portable format (GDPR Art. 20).
    PORTABILITY = "portability"
    #: Erasure (GDPR Art. 17; CCPA right to delete, §1798.105).
    ERASURE = "erasure"
    #: Correction of inaccurate data (GDPR Art. 16; CCPA §1798.106).
    RECTIFICATION = "rectification"
    #: Restriction of processing (GDPR Art. 18).
    RESTRICTION = "restriction"
    #: An objection to processing (GDPR Art. 21).
    OBJECTION = "objection"


class Regime(enum.StrEnum):
    """
    The law a request is answered under, which sets its deadline.

    .. versionadded:: 0.2.0
    """

    #: GDPR Art. 12(3): one month from receipt, extendable by two further months.
    GDPR = "gdpr"
    #: CCPA, Cal. Civ. Code §1798.130(a)(2): 45 days, extendable once by 45 more.
    CCPA = "ccpa"


def _kind(value: RequestKind | str) -> RequestKind:
    for k in RequestKind:
        if value == k.value:
            return k
    raise InvalidFieldError("kind", f"expected one of: {', '.join(k.value for k in RequestKind)}")


def _regime(value: Regime | str) -> Regime:
    for r in Regime:
        if value == r.value:
            return r
    raise InvalidFieldError("regime", f"expected one of: {', '.join(r.value for r in Regime)}")


def _optional_time(value: dt.datetime | None) -> pendulum.DateTime | None:
    return None if value is None else to_datetime(value)


def _flag(_: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise InvalidFieldError(attribute.name, "must be True or False")


@attrs.frozen(kw_only=True)
class DataSubjectRequest:
    """
    A request from a person about their data, and when it must be answered.

    Args:
        id: The request's id (an id, not personal data).
        contact_id: Whose data it is about.
        kind: What they asked for.
        regime: The law it is answered under (sets the deadline).
        received_at: When it was received (aware).
        extended: Whether the deadline was extended (GDPR Art. 12(3): by two further months
            "where necessary, taking into account the complexity and number of the
            requests", telling the person within the first month; CCPA §1798.130(a)(2):
            once by 45 days "when reasonably necessary", with notice).
        completed_at: When it was answered, or ``None`` while pending.

    >>> import pendulum
    >>> r = DataSubjectRequest(
    ...     id="r1",
    ...     contact_id="c1",
    ...     kind="access",
    ...     regime="gdpr",
    ...     received_at=pendulum.datetime(2026, 1, 31, tz="UTC"),
    ... )
    >>> r.deadline.to_date_string(), r.extend().deadline.to_date_string()
    ('2026-02-28', '2026-04-30')

    .. versionadded:: 0.2.0
    """

    id: str = attrs.field(validator=text("id"))
    contact_id: str = attrs.field(validator=text("contact_id"))
    kind: RequestKind = attrs.field(converter=_kind)
    regime: Regime = attrs.field(converter=_regime)
    received_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    extended: bool = attrs.field(default=False, validator=_flag)
    completed_at: pendulum.DateTime | None = attrs.field(default=None, converter=_optional_time)

    def __attrs_post_init__(self) -> None:
        if self.completed_at is not None:
            check_aware(self, attrs.fields(type(self)).completed_at, self.completed_at)
            if self.completed_at < self.received_at:
                raise InvalidFieldError("completed_at", "must not be before received_at")

    @property
    def deadline(self) -> pendulum.DateTime:
        """
        When the answer is due, counted from receipt.

        One month (three if extended) under the GDPR, 45 days (90 if extended) under the
        CCPA.  A month ends on the same day of the
        month, or the month's last day when it has no such day (31 January: 28 February).
        """
        if self.regime is Regime.GDPR:
            return self.received_at.add(months=3 if self.extended else 1)
        return self.received_at.add(days=90 if self.extended else 45)

    def extend(self) -> Self:
        """
        This request with its deadline extended (once).

        Raises:
            InvalidFieldError: It was extended already, or is completed (field ``extended``).
        """
        if self.extended or self.completed_at is not None:
            raise InvalidFieldError("extended", "a request is extended once, before completion")
        return attrs.evolve(self, extended=True)

    def complete(self, *, at: pendulum.DateTime) -> Self:
        """
        This request, answered at *at*.

        Raises:
            InvalidFieldError: It was completed already, or *at* is before receipt.
            NaiveDateTimeError: *at* has no time zone.
        """
        if self.completed_at is not None:
            raise InvalidFieldError("completed_at", "the request is completed already")
        return attrs.evolve(self, completed_at=aware(at, "at"))

    def is_pending(self, *, at: pendulum.DateTime) -> bool:
        """
        Whether it had been received and not yet answered at *at*.
        """
        at = aware(at, "at")
        return self.received_at <= at and (self.completed_at is None or self.completed_at > at)

    def is_overdue(self, *, at: pendulum.DateTime) -> bool:
        """
        Whether it was pending at *at* and its deadline had passed.
        """
        return self.is_pending(at=at) and self.deadline < aware(at, "at")


@attrs.frozen
class PendingRequest:
    """
    A pending request as seen at one instant: the request, its deadline, and whether late.

    .. versionadded:: 0.2.0
    """

    request: DataSubjectRequest
    deadline: pendulum.DateTime
    overdue: bool


def insert(conn: Connection, request: DataSubjectRequest) -> None:
    """
    Save a new *request* inside the caller's write transaction.

    Raises:
        InvalidFieldError: A request with its id exists (field ``id``).
    """
    found = conn.execute("SELECT 1 FROM requests WHERE id = ?", (request.id,)).fetchone()
    if found is not None:
        raise InvalidFieldError("id", "a request with this id exists")
    conn.execute(
        "INSERT INTO requests (id, contact_id, received_us, completed_us, body) "
        "VALUES (?, ?, ?, ?, ?)",
        (request.id, request.contact_id, micros(request.received_at), None, body(request)),
    )


def _load(conn: Connection, request_id: str) -> DataSubjectRequest:
    row = conn.execute("SELECT body FROM requests WHERE id = ?", (request_id,)).fetchone()
    if row is None:
        raise InvalidFieldError("request_id", "no such request in this store")
    return read(row[0], DataSubjectRequest, "requests row")


def _save(conn: Connection, request: DataSubjectRequest) -> None:
    done = None if request.completed_at is None else micros(request.completed_at)
    conn.execute(
        "UPDATE requests SET completed_us = ?, body = ? WHERE id = ?",
        (done, body(request), request.id),
    )


def complete(conn: Connection, request_id: str, at: pendulum.DateTime) -> DataSubjectRequest:
    """
    Mark request *request_id* answered at *at*, inside the caller's write transaction.
    """
    done = _load(conn, request_id).complete(at=at)
    _save(conn, done)
    return done


def extend(conn: Connection, request_id: str) -> DataSubjectRequest:
    """
    Extend request *request_id*'s deadline, inside the caller's write transaction.
    """
    longer = _load(conn, request_id).extend()
    _save(conn, longer)
    return longer


def of_contact(conn: Connection, contact_id: str) -> list[DataSubjectRequest]:
    """
    Every request about *contact_id*, in the order received.
    """
    rows = conn.execute(
        "SELECT received_us, body FROM requests WHERE contact_id = ? ORDER BY received_us, id",
        (contact_id,),
    ).fetchall()
    return read_many(rows, DataSubjectRequest, "requests")


def pending(conn: Connection, at: pendulum.DateTime) -> tuple[PendingRequest, ...]:
    """
    The requests pending at *at*, soonest deadline first, each flagged when overdue.
    """
    at = aware(at, "at")
    at_us = micros(at)
    rows = conn.execute(
        "SELECT received_us, body FROM requests WHERE received_us <= ? "
        "AND (completed_us IS NULL OR completed_us > ?)",
        (at_us, at_us),
    ).fetchall()
    found: Iterable[DataSubjectRequest] = read_many(rows, DataSubjectRequest, "requests")
    ordered = sorted(found, key=lambda r: (r.deadline, r.id))
    return tuple(PendingRequest(r, r.deadline, r.is_overdue(at=at)) for r in ordered)
