"""
Everything a store holds about one person, as one value (GDPR Art. 15 and 20, CCPA right to know).

:class:`PersonalDataExport` is built in one read transaction, so its parts agree.  Its JSON
(:meth:`PersonalDataExport.to_json`) is the converters' form of the value, canonical (keys
sorted, no blanks) and versioned by its ``format`` key; :meth:`PersonalDataExport.from_json`
reads it back.  :meth:`PersonalDataExport.summary` is a readable text in the person's language.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import pendulum

from .._contacts import Contact
from .._facts import Fact
from .._interactions import Interaction
from .._suppression import Suppression
from .._time import check_aware, to_datetime
from .._validators import text
from ..converters import structure, unstructure
from ..exceptions import InvalidInputError
from . import _consent_rows as consent
from . import _requests as requests
from . import _rights as rights
from . import _tables as tables
from ._chain import canonical
from ._records import ConsentEvent, DecisionRecord
from ._rights import RightsEventKind
from ._rows import read
from ._summary import render_summary

if TYPE_CHECKING:
    from ._dialect import Connection

__all__ = ["EXPORT_FORMAT", "PersonalDataExport", "gather"]

#: The ``format`` of an export's JSON; a reader refuses any other.
EXPORT_FORMAT = "personal-touch-export/1"


def _tuple(values: Iterable[Any]) -> tuple[Any, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class PersonalDataExport:
    """
    Everything a store holds about one person, from one consistent read.

    Attributes:
        contact_id: Whose data it is.
        exported_at: When the export was made (as the caller said).
        contact: The saved contact without its facts, or ``None`` (never saved, or erased).
        facts: Its facts with their provenance, sensitivity and when recorded, as saved.
        consent_events: Every consent event: the grant version, when it happened and when
            we recorded it.
        interactions: Its history, oldest first.
        suppressions: The suppression entries that apply to it (by id, or by the digest of
            one of its addresses, plain or salted).
        decisions: Its decision log.
        requests: Its data-subject requests, answered or not.
        rights_events: Its rights log (rectifications, restrictions, erasures).

    .. versionadded:: 0.2.0
    """

    contact_id: str = attrs.field(validator=text("contact_id"))
    exported_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    contact: Contact | None = None
    facts: tuple[Fact, ...] = attrs.field(default=(), converter=_tuple)
    consent_events: tuple[ConsentEvent, ...] = attrs.field(default=(), converter=_tuple)
    interactions: tuple[Interaction, ...] = attrs.field(default=(), converter=_tuple)
    suppressions: tuple[Suppression, ...] = attrs.field(default=(), converter=_tuple)
    decisions: tuple[DecisionRecord, ...] = attrs.field(default=(), converter=_tuple)
    requests: tuple[requests.DataSubjectRequest, ...] = attrs.field(default=(), converter=_tuple)
    rights_events: tuple[rights.RightsEvent, ...] = attrs.field(default=(), converter=_tuple)

    @property
    def format(self) -> str:
        """
        :data:`EXPORT_FORMAT`, the version of the JSON form.
        """
        return EXPORT_FORMAT

    def to_json(self) -> str:
        """
        The export as canonical JSON (sorted keys, no blanks, UTF-8 text).

        The top level always holds ``format`` and every attribute's key, empty lists and a
        ``null`` contact included; each value is the form the library's converters give it
        (:mod:`personal_touch.converters`), datetimes as ISO 8601 with their offsets.
        """
        data: dict[str, Any] = {"format": EXPORT_FORMAT}
        for field in attrs.fields(type(self)):
            value = getattr(self, field.name)
            data[field.name] = (
                [unstructure(v) for v in value] if isinstance(value, tuple) else unstructure(value)
            )
        return canonical(data).decode()

    @classmethod
    def from_json(cls, data: str | bytes) -> PersonalDataExport:
        """
        Read an export back from its JSON.

        Raises:
            InvalidInputError: It is not valid JSON, or not an export of this format.
        """
        try:
            loaded = json.loads(data)
        except ValueError:
            raise InvalidInputError(["not valid JSON @ $"], what="export") from None
        if not isinstance(loaded, dict) or loaded.get("format") != EXPORT_FORMAT:
            raise InvalidInputError([f"expected {EXPORT_FORMAT!r} @ $.format"], what="export")
        return structure({k: v for k, v in loaded.items() if k != "format"}, cls)

    def summary(self, *, locale: str | None = None) -> str:
        """
        A readable summary in *locale* (default: the contact's language, else English).

        Rendered through the template engine from one template per language (English,
        German, French, Spanish, Portuguese; others fall back to English).
        """
        contact = self.contact or Contact(id=self.contact_id, created_at=self.exported_at)
        return render_summary(contact, self._counts(), at=self.exported_at, locale=locale)

    @property
    def is_restricted(self) -> bool:
        """
        Whether processing was restricted when exported (the rights log's latest say).
        """
        kinds = (RightsEventKind.RESTRICTED, RightsEventKind.LIFTED)
        last = [e.kind for e in self.rights_events if e.kind in kinds][-1:]
        return last == [RightsEventKind.RESTRICTED]

    def _counts(self) -> dict[str, Any]:
        keys = sorted({f.key for f in self.facts})
        purposes = sorted({e.grant.purpose for e in self.consent_events})
        return {
            "contact_id": self.contact_id,
            "exported_at": self.exported_at,
            "has_contact": self.contact is not None,
            "facts": len(self.facts),
            "fact_keys": keys or None,
            "consent_events": len(self.consent_events),
            "purposes": purposes or None,
            "interactions": len(self.interactions),
            "suppressions": len(self.suppressions),
            "decisions": len(self.decisions),
            "requests": len(self.requests),
            "restricted": self.is_restricted,
            "format": self.format,
        }


def _suppressions(
    conn: Connection, contact_id: str, contact: Contact | None, key: bytes
) -> tuple[Suppression, ...]:
    entries = rights.suppression_list(conn, key)
    if contact is None:
        return tuple(s for s in entries if s.contact_id == contact_id)
    return entries.for_contact(contact)


def gather(
    conn: Connection, contact_id: str, at: pendulum.DateTime, key: bytes
) -> PersonalDataExport:
    """
    Read everything about *contact_id* inside the caller's read transaction.
    """
    row = conn.execute("SELECT body FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    contact = None if row is None else read(row[0], Contact, "contacts row")
    facts = tuple(tables.bodies(conn, "facts", Fact, contact_id))
    full = None if contact is None else attrs.evolve(contact, facts=facts)
    return PersonalDataExport(
        contact_id=contact_id,
        exported_at=at,
        contact=contact,
        facts=facts,
        consent_events=consent.events(conn, contact_id=contact_id, grant_id=None),
        interactions=tables.bodies(conn, "interactions", Interaction, contact_id),
        suppressions=_suppressions(conn, contact_id, full, key),
        decisions=tables.bodies(conn, "decisions", DecisionRecord, contact_id),
        requests=requests.of_contact(conn, contact_id),
        rights_events=rights.rights_events(conn, contact_id),
    )
