"""
Jurisdiction packs: the law as data.

Each pack holds the rules of one regime (``EU-GDPR``, ``EU-EPD``, ``DE``, ``FR``, ``ES``,
``UK``, ``CA-CASL``, ``CA-QC``, ``US``, ``US-CA``, ``US-FL``, ``US-OK``, ``US-MD``,
``US-WA``, ``US-TX``, ``US-UOOM``, ``US-NY``, ``BR``, ``AU`` and its states and territories
(``AU-NSW``...), ``CH``, ``JP``, ``SG``, ``IN``, ``ZA``); each rule is a frozen value of one of
the rule shapes of :mod:`personal_touch.rules` (the same ones your own packs use), carrying
an id, a plain statement, its citation and its parameters as fields.  :func:`all_packs` returns them all, in the order
the default policy composes them; the engine applies the packs whose
:meth:`~personal_touch.rules.Pack.applies_to` accepts the contact's jurisdiction, and every
pack when the jurisdiction is unknown (the strictest combination).

>>> from personal_touch import packs
>>> [p.id for p in packs.all_packs()][:4]
['EU-GDPR', 'EU-EPD', 'DE', 'FR']
>>> packs.get("US-FL").applies_to(None)
True

The reference table of every rule is generated from these objects:
``python -m personal_touch.packs --markdown``.

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from collections.abc import Iterable

from .._contacts import Jurisdiction
from ..rules import (
    CallingWindow,
    HolidayCalendar,
    LegalRule,
    Pack,
    RelationshipWindow,
    Span,
    add_months,
    add_years,
    easter_sunday,
    purpose_key,
)
from . import au, au_states, br, ca, ch, eu, india, jp, sg, uk, us, us_ny, us_states, za
from ._table import RuleRow, markdown, rows, shapes
from .au import AU_NATIONAL_HOLIDAYS
from .au_states import AU_STATE_HOLIDAYS
from .fr import FR_PUBLIC_HOLIDAYS

#: Every built-in pack, in the order the default policy composes them.
PACKS: tuple[Pack, ...] = (
    *eu.PACKS,
    *uk.PACKS,
    *ca.PACKS,
    *us.PACKS,
    *us_states.PACKS,
    *us_ny.PACKS,
    *br.PACKS,
    *au.PACKS,
    *au_states.PACKS,
    *ch.PACKS,
    *jp.PACKS,
    *sg.PACKS,
    *india.PACKS,
    *za.PACKS,
)
_BY_ID = {p.id: p for p in PACKS}


def all_packs() -> tuple[Pack, ...]:
    """
    Every built-in pack, in composition order.

    .. versionadded:: 0.1.0
    """
    return PACKS


def get(pack_id: str) -> Pack:
    """
    The built-in pack called *pack_id* (``"UK"``, ``"US-FL"``...).

    Raises:
        KeyError: No built-in pack has that id.

    .. versionadded:: 0.1.0
    """
    return _BY_ID[pack_id]


def applicable(jurisdiction: object, packs: Iterable[Pack] = PACKS) -> tuple[Pack, ...]:
    """
    The packs that apply to a jurisdiction.

    The packs of *packs* that apply to *jurisdiction* (a
    :class:`~personal_touch.Jurisdiction`, a string like ``"US-FL"``, or ``None`` for
    unknown: every pack).

    >>> [p.id for p in applicable("US-FL")]
    ['US', 'US-FL']

    .. versionadded:: 0.1.0
    """
    j = None if jurisdiction is None else Jurisdiction.parse(jurisdiction)  # type: ignore[arg-type]
    return tuple(p for p in packs if p.applies_to(j))


__all__ = [
    "AU_NATIONAL_HOLIDAYS",
    "AU_STATE_HOLIDAYS",
    "FR_PUBLIC_HOLIDAYS",
    "PACKS",
    "CallingWindow",
    "HolidayCalendar",
    "LegalRule",
    "Pack",
    "RelationshipWindow",
    "RuleRow",
    "Span",
    "add_months",
    "add_years",
    "all_packs",
    "applicable",
    "au",
    "au_states",
    "br",
    "ca",
    "ch",
    "easter_sunday",
    "eu",
    "get",
    "india",
    "jp",
    "markdown",
    "purpose_key",
    "rows",
    "sg",
    "shapes",
    "uk",
    "us",
    "us_ny",
    "us_states",
    "za",
]
