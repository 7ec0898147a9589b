"""
A rule shape for messages that result from a solely automated decision (GDPR Art. 22).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._consent import LawfulBasis
from .._message import MessagePurpose
from ._legal import LegalRule, basis_set, label, optional_purposes
from ._requests import grants, special_facts

if TYPE_CHECKING:
    from .._policy._model import Outcome, Request

__all__ = ["AutomatedDecision"]

#: Art. 22(2)(a) and (c): a contract the decision is necessary for, or explicit consent.
ART22_EXCEPTIONS = frozenset({LawfulBasis.CONTRACT, LawfulBasis.EXPLICIT_CONSENT})
#: Art. 22(4): a decision on special-category data needs explicit consent (Art. 9(2)(a)).
ART22_SPECIAL = frozenset({LawfulBasis.EXPLICIT_CONSENT})


@attrs.frozen(kw_only=True)
class AutomatedDecision(LegalRule):
    """
    Deny a message flagged as the result of a solely automated decision, unless excepted.

    A message whose ``automated_decision`` flag is set results from a decision based solely
    on automated processing with legal or similarly significant effects on the person.  It
    is denied unless a grant of one of *exception_bases* covers its purpose; when special-
    category facts are in play, only a grant of *special_bases* will do.  Messages without
    the flag are left alone.

    .. versionadded:: 0.4.0
    """

    purposes: frozenset[MessagePurpose] | None = attrs.field(
        default=None, converter=optional_purposes
    )
    exception_bases: frozenset[LawfulBasis] = attrs.field(
        default=ART22_EXCEPTIONS, converter=basis_set, metadata=label("excepted by")
    )
    special_bases: frozenset[LawfulBasis] = attrs.field(
        default=ART22_SPECIAL, converter=basis_set, metadata=label("on special data only")
    )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if not request.message.automated_decision:
            return ()
        special = bool(special_facts(request))
        bases = self.special_bases if special else self.exception_bases
        if grants(request, bases):
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
