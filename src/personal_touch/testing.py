"""
Helpers for testing code that uses personal_touch: sample data and synthetic contacts.

``load_sample()`` returns the bundled, realistic sample data set (about a dozen contacts drawn
from everyday situations: a client flying to New York next week, a fan whose team plays
tonight, a pregnancy inferred from purchases that must never be used).
``synthetic_contacts()`` streams any number of varied, valid contacts deterministically.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any

import attrs
import pendulum

from ._consent import ConsentGrant, ConsentLedger
from ._contacts import Contact
from ._frozen import FrozenMap
from ._interactions import Interaction
from ._moments._model import Event
from ._planning._team import Writer
from ._synthetic import synthetic_contacts, synthetic_ledger
from ._validators import tuple_of
from .converters import make_converter

__all__ = [
    "SampleData",
    "SampleFile",
    "load_sample",
    "sample_json",
    "synthetic_contacts",
    "synthetic_ledger",
]

_EMPTY: FrozenMap[ConsentLedger] = FrozenMap()


def _ledgers(value: Mapping[str, ConsentLedger]) -> FrozenMap[ConsentLedger]:
    return value if isinstance(value, FrozenMap) else FrozenMap(value)


def _contacts(value: Iterable[Contact]) -> tuple[Contact, ...]:
    return tuple_of(Contact, value, "contacts")


def _writers(value: Iterable[Writer]) -> tuple[Writer, ...]:
    return tuple_of(Writer, value, "team")


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return tuple_of(Event, value, "events")


def _grants(value: Iterable[ConsentGrant]) -> tuple[ConsentGrant, ...]:
    return tuple_of(ConsentGrant, value, "consents")


def _interactions(value: Iterable[Interaction]) -> tuple[Interaction, ...]:
    return tuple_of(Interaction, value, "history")


def _history(value: Iterable[Interaction]) -> tuple[Interaction, ...]:
    return tuple(sorted(_interactions(value), key=_when))


def _when(interaction: Interaction) -> pendulum.DateTime:
    return interaction.at


@attrs.frozen(kw_only=True)
class SampleData:
    """
    The bundled sample data set, as values.

    Args:
        at: The sample's reference instant ("now" for the demo): Monday
            2026-11-30 09:00 UTC.  Facts are relative to it (a trip next week, a match
            tonight).
        contacts: The contacts, in file order.
        ledgers: Each contact's consent ledger by contact id; contacts without grants
            have an empty ledger.
        history: Every interaction, oldest first (sorted on construction).
        team: The people who write 1:1 notes, with their capacity (for the planner).
        events: External events around :attr:`at` (last night's results).

    .. versionadded:: 0.1.0
    """

    at: pendulum.DateTime
    contacts: tuple[Contact, ...] = attrs.field(converter=_contacts)
    ledgers: FrozenMap[ConsentLedger] = attrs.field(default=_EMPTY, converter=_ledgers)
    history: tuple[Interaction, ...] = attrs.field(default=(), converter=_history)
    team: tuple[Writer, ...] = attrs.field(default=(), converter=_writers)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)

    def contact(self, contact_id: str) -> Contact:
        """
        The contact with id *contact_id*.

        Raises:
            KeyError: No such contact in the sample.
        """
        for c in self.contacts:
            if c.id == contact_id:
                return c
        raise KeyError(contact_id)

    def ledger_for(self, contact_id: str) -> ConsentLedger:
        """
        The consent ledger of *contact_id* (empty if they never granted anything).
        """
        return self.ledgers.get(contact_id) or ConsentLedger(contact_id)

    def history_for(self, contact_id: str) -> tuple[Interaction, ...]:
        """
        The interactions with *contact_id*, oldest first.
        """
        return tuple(i for i in self.history if i.contact_id == contact_id)


def _group_ledgers(
    contacts: Iterable[Contact], grants: Iterable[ConsentGrant]
) -> dict[str, ConsentLedger]:
    by_contact: dict[str, list[ConsentGrant]] = {c.id: [] for c in contacts}
    for g in grants:
        by_contact.setdefault(g.contact_id, []).append(g)
    return {cid: ConsentLedger(cid, tuple(gs)) for cid, gs in by_contact.items()}


def sample_json() -> dict[str, Any]:
    """
    The raw JSON document of the sample data (a fresh copy each call).

    It has the keys ``at``, ``contacts``, ``consents`` (every :class:`ConsentGrant`, of all
    contacts) and ``history``, in the JSON form of :mod:`personal_touch.converters`.

    .. versionadded:: 0.1.0
    """
    text = resources.files("personal_touch").joinpath("data/sample.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@attrs.frozen(kw_only=True)
class SampleFile:
    """
    The JSON document of the sample data set, as stored (``data/sample.json``).

    Later features add their own optional keys here (with defaults) and to
    :class:`SampleData`.

    .. versionadded:: 0.1.0
    """

    at: pendulum.DateTime
    contacts: tuple[Contact, ...] = attrs.field(converter=_contacts)
    consents: tuple[ConsentGrant, ...] = attrs.field(default=(), converter=_grants)
    history: tuple[Interaction, ...] = attrs.field(default=(), converter=_interactions)
    team: tuple[Writer, ...] = attrs.field(default=(), converter=_writers)
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)


def load_sample() -> SampleData:
    """
    Load the bundled sample data set through :func:`personal_touch.converters.make_converter`.

    >>> sample = load_sample()
    >>> sample.at.isoformat()
    '2026-11-30T09:00:00+00:00'
    >>> sample.ledger_for("c-001").is_granted("marketing.email", at=sample.at)
    True

    .. versionadded:: 0.1.0
    """
    doc = make_converter().structure(sample_json(), SampleFile)
    return SampleData(
        at=doc.at,
        contacts=doc.contacts,
        ledgers=_group_ledgers(doc.contacts, doc.consents),
        history=doc.history,
        team=doc.team,
        events=doc.events,
    )
