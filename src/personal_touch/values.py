"""
The parts of the core values: the smaller types that appear as fields of them.

The values you build every day (:class:`~personal_touch.Contact`,
:class:`~personal_touch.ConsentGrant`, :class:`~personal_touch.Fact`,
:class:`~personal_touch.Message`, :class:`~personal_touch.Decision`...) live at the top
level.  This module holds what they are made of: a contact's quiet hours, frequency limits
and do-not-call registries, a grant's scope and status, who obtained it and how a parent was verified, the parts of a decision (disclosures,
approved and withheld facts, grant references, rule effects), a message's authorship and a
suppression's reason; the :class:`HistorySummary` an application keeps of a contact's
history to decide from; and the counterfactuals :meth:`Decision.what_if
<personal_touch.Decision.what_if>` returns (:class:`WhatIf`, :class:`Change`).

>>> from personal_touch import values
>>> values.QuietHours(start="21:00", end="08:00").start.hour
21

.. versionadded:: 0.1.0
"""

from __future__ import annotations

from typing import TypeAlias

from ._consent import GrantScope, GrantStatus, Obtained, ParentalVerification
from ._contacts import DncListing, DncRegistry, FrequencyLimit, Period, QuietHours, Register
from ._counterfactual import HYPOTHETICAL, Change, ChangeKind, Scenario, WhatIf
from ._decision import ApprovedFact, Disclosure, DisclosureCode, Effect, GrantRef, WithheldFact
from ._facts import FactValue as _FactValue
from ._frozen import FrozenMap
from ._history import HistorySummary
from ._levels import Authorship
from ._standard import Standard
from ._suppression import SuppressionReason

#: A JSON-able fact value: text, number, boolean, date, aware datetime, a tuple of
#: values, or a string-keyed mapping of values.
FactValue: TypeAlias = _FactValue

__all__ = [
    "HYPOTHETICAL",
    "ApprovedFact",
    "Authorship",
    "Change",
    "ChangeKind",
    "Disclosure",
    "DisclosureCode",
    "DncListing",
    "DncRegistry",
    "Effect",
    "FactValue",
    "FrequencyLimit",
    "FrozenMap",
    "GrantRef",
    "GrantScope",
    "GrantStatus",
    "HistorySummary",
    "Obtained",
    "ParentalVerification",
    "Period",
    "QuietHours",
    "Register",
    "Scenario",
    "Standard",
    "SuppressionReason",
    "WhatIf",
    "WithheldFact",
]
