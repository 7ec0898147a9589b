"""
A rule shape for messages that result from a solely automated decision (GDPR Art. 22).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._consent import LawfulBasis
from .._facts import Sensitivity
from .._message import MessagePurpose
from ._legal import LegalRule, basis_set, label, optional_purposes
from ._requests import facts_used, grants
from ._sensitive_shapes import category_set

if TYPE_CHECKING:
    from .._policy._model import Outcome, Request

__all__ = ["AutomatedDecision"]

#: Art. 22(2)(c): the person's explicit consent, covering the message's purpose.
ART22_CONSENT = frozenset({LawfulBasis.EXPLICIT_CONSENT})
#: Art. 22(2)(a): a contract with the person in force, for any purpose.
ART22_CONTRACT = frozenset({LawfulBasis.CONTRACT})
_SPECIAL = frozenset(Sensitivity) - {Sensitivity.ORDINARY}


@attrs.frozen(kw_only=True)
class AutomatedDecision(LegalRule):
    """
    Deny a message flagged as the result of a solely automated decision, unless excepted.

    A message whose ``automated_decision`` flag is set results from a decision based solely
    on automated processing with legal or similarly significant effects on the person.  It
    is denied unless a grant of one of *consent_bases* covers its purpose, or a grant of one
    of *contract_bases* is in force (for any purpose); when the message uses a special-category
    fact of *categories* (content or targeting), only the consent will do (Art. 22(4)).  Messages without the flag are left alone.

    .. versionadded:: 0.4.0
    """

    purposes: frozenset[MessagePurpose] | None = attrs.field(
        default=None, converter=optional_purposes
    )
    consent_bases: frozenset[LawfulBasis] = attrs.field(
        default=ART22_CONSENT, converter=basis_set, metadata=label("excepted by consent")
    )
    categories: frozenset[Sensitivity] = attrs.field(
        default=_SPECIAL, converter=category_set, metadata=label("special categories")
    )
    contract_bases: frozenset[LawfulBasis] = attrs.field(
        default=ART22_CONTRACT,
        converter=basis_set,
        metadata=label("excepted while in force (not on special data)"),
    )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if not request.message.automated_decision:
            return ()
        if grants(request, self.consent_bases):
            return ()
        m = request.message
        used = facts_used(request, (*m.content_facts, *m.targeting_facts))
        special = any(f.sensitivity in self.categories for f in used)
        if not special and any(g.basis in self.contract_bases for g in request.in_force):
            return ()
        if special:
            return (
                self.deny(
                    "automated_decision_on_special_data",
                    "a solely automated decision based on special-category data needs the "
                    "person's explicit consent",
                    "record explicit consent, or have a person take the decision",
                ),
            )
        return (
            self.deny(
                "solely_automated_decision",
                "the message results from a solely automated decision with significant "
                "effects, and no contract or explicit consent excepts it",
                "have a person take the decision, or record explicit consent to it",
            ),
        )
