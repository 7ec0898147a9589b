"""
The rights log and what it drives: rectification, and restriction of processing.

Every exercise of a right is appended to the ``rights_events`` table as a :class:`RightsEvent`
holding ids, a kind, an instant and codes, never the values changed.  A contact whose latest
restriction event is a restriction (not a lift) is restricted: the store's suppression list
then carries an entry barring every purpose on every channel (reason ``do_not_contact``), so
:func:`~personal_touch.decide` denies with no second lookup.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._contacts import Contact
from .._facts import Fact, Provenance
from .._suppression import Suppression, SuppressionList, SuppressionReason
from .._time import check_aware, to_datetime
from .._validators import optional_text, text
from ..exceptions import InvalidFieldError, PersonalTouchError
from . import _tables as tables
from ._rows import body, micros, read, read_many, stamp

if TYPE_CHECKING:
    from ._dialect import Connection

__all__ = [
    "FIELDS",
    "RightsEvent",
    "RightsEventKind",
    "log",
    "rectify_fact",
    "rectify_field",
    "restriction_entries",
    "rights_events",
    "saved_contact",
    "suppression_list",
]

#: The contact fields a rectification may replace.
FIELDS = frozenset(
    {
        "name",
        "locale",
        "timezone",
        "birth_date",
        "company",
        "contact_points",
        "jurisdiction",
    }
)


class RightsEventKind(enum.StrEnum):
    """
    Which right an entry of the rights log records.

    .. versionadded:: 0.2.0
    """

    #: A field or fact was corrected (GDPR Art. 16); the old value is gone.
    RECTIFIED = "rectified"
    #: Processing was restricted (GDPR Art. 18).
    RESTRICTED = "restricted"
    #: A restriction was lifted (GDPR Art. 18(3)).
    LIFTED = "lifted"
    #: The person's data was erased (GDPR Art. 17).
    ERASED = "erased"


@attrs.frozen(kw_only=True)
class RightsEvent:
    """
    One entry of the rights log: who, which right, when, and a code; never a value.

    Args:
        contact_id: Whose right it was.
        kind: Which right.
        at: When it was exercised.
        reason: A short code saying why (``"contested_accuracy"``), not free text about
            the person.
        target: What a rectification changed (``"fact:email_topic"``, ``"field:name"``).

    .. versionadded:: 0.2.0
    """

    contact_id: str = attrs.field(validator=text("contact_id"))
    kind: RightsEventKind = attrs.field(converter=RightsEventKind)
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    reason: str | None = attrs.field(default=None, validator=optional_text("reason"))
    target: str | None = attrs.field(default=None, validator=optional_text("target"))


def log(conn: Connection, event: RightsEvent) -> None:
    """
    Append *event* to the rights log inside the caller's write transaction.
    """
    conn.execute(
        "INSERT INTO rights_events (contact_id, kind, at, at_us, body) VALUES (?, ?, ?, ?, ?)",
        (event.contact_id, event.kind.value, stamp(event.at), micros(event.at), body(event)),
    )


def rights_events(conn: Connection, contact_id: str) -> list[RightsEvent]:
    """
    The rights log of *contact_id*, in the order appended.
    """
    return tables.bodies(conn, "rights_events", RightsEvent, contact_id)


def restriction_entries(conn: Connection) -> list[Suppression]:
    """
    A suppression of every purpose for each contact whose latest restriction event restricts.

    Its reason is ``do_not_contact`` (the suppression reasons are a closed set the recorded
    decision corpus covers); the rights log says it is a restriction.
    """
    rows = conn.execute(
        "SELECT seq, body FROM rights_events r WHERE r.seq = ("
        " SELECT max(s.seq) FROM rights_events s WHERE s.contact_id = r.contact_id"
        " AND s.kind IN ('restricted', 'lifted')) AND r.kind = 'restricted' ORDER BY r.seq"
    ).fetchall()
    return [
        Suppression(
            contact_id=e.contact_id,
            purposes=(),
            reason=SuppressionReason.DO_NOT_CONTACT,
            since=e.at,
        )
        for e in read_many(rows, RightsEvent, "rights_events")
    ]


def suppression_list(conn: Connection, key: bytes) -> SuppressionList:
    """
    Every chained suppression and every restriction in force, matching salted digests by *key*.
    """
    chained = tables.bodies(conn, "suppressions", Suppression)
    return SuppressionList((*chained, *restriction_entries(conn))).with_salt(key)


def _contact(conn: Connection, contact_id: str) -> Contact:
    row = conn.execute("SELECT body FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    if row is None:
        raise InvalidFieldError("contact_id", "no such contact in this store")
    return read(row[0], Contact, "contacts row")


def saved_contact(conn: Connection, contact_id: str) -> Contact:
    """
    The saved contact *contact_id* with its facts.

    Raises:
        InvalidFieldError: No such contact.
    """
    facts = tables.bodies(conn, "facts", Fact, contact_id)
    return attrs.evolve(_contact(conn, contact_id), facts=facts)


def rectify_field(
    conn: Connection, contact_id: str, field: str, value: Any, at: pendulum.DateTime
) -> Contact:
    """
    Replace *field* of the saved contact by *value* and log it; the contact as saved now.

    Raises:
        InvalidFieldError: No such contact, *field* is not one a rectification may
            replace, or *value* is not valid for it.
    """
    if field not in FIELDS:
        raise InvalidFieldError("field", f"expected one of: {', '.join(sorted(FIELDS))}")
    current = _contact(conn, contact_id)
    try:
        changed = attrs.evolve(current, **{field: value})
    except PersonalTouchError:
        raise
    except (TypeError, ValueError):
        raise InvalidFieldError(field, "is not a valid value for this field") from None
    conn.execute("UPDATE contacts SET body = ? WHERE id = ?", (body(changed), contact_id))
    log(conn, RightsEvent(contact_id=contact_id, kind="rectified", at=at, target=f"field:{field}"))
    return changed


def rectify_fact(
    conn: Connection, contact_id: str, key: str, value: Any, at: pendulum.DateTime
) -> Fact:
    """
    Replace every saved fact under *key* by one stated fact holding *value*, and log it.

    The new fact is ``stated`` (the person told us the right value), recorded at *at*, and
    keeps the sensitivity of the fact it replaces.

    Raises:
        InvalidFieldError: The contact has no fact under *key*, or *value* is not valid.
    """
    rows = conn.execute(
        "SELECT seq, body FROM facts WHERE contact_id = ? AND key = ? ORDER BY seq",
        (contact_id, key),
    ).fetchall()
    old = read_many(rows, Fact, "facts")
    if not old:
        raise InvalidFieldError("fact", "the contact has no fact under this key")
    new = Fact(
        key=key,
        value=value,
        provenance=Provenance.STATED,
        recorded_at=at,
        sensitivity=old[-1].sensitivity,
    )
    conn.execute("DELETE FROM facts WHERE contact_id = ? AND key = ?", (contact_id, key))
    tables.insert_facts(conn, contact_id, (new,))
    log(conn, RightsEvent(contact_id=contact_id, kind="rectified", at=at, target=f"fact:{key}"))
    return new
