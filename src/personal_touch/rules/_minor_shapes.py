"""
Rule shapes for minors: parental consent below an age, and caps on what reaches a minor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from .._consent import ParentalVerification
from .._levels import Level
from .._message import MessagePurpose
from .._purposes import PARENTAL_BASES
from ._child_shapes import is_verified, verification_set
from ._legal import LegalRule, label, marketing_purposes, names
from ._requests import age, grants

if TYPE_CHECKING:
    from .._policy._model import Outcome, Request

__all__ = ["MinorCap", "MinorRule"]


def _ages(values: Mapping[str, int] | Iterable[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    pairs = values.items() if isinstance(values, Mapping) else values
    return tuple(sorted((str(c), int(a)) for c, a in pairs))


@attrs.frozen(kw_only=True)
class MinorRule(LegalRule):
    """
    Deny marketing to a minor without a parent's consent.

    Deny a message to a contact younger than the age threshold (on their local date) unless a
    parental-consent grant covers it; then a note records that it was relied on.  A
    parental-consent grant is a grant on the child's record given by another person (its
    evidence may name the parent, ``Evidence.given_by``).

    Args:
        age: The threshold (the default one when *ages* is given).
        ages: Thresholds by country (ISO 3166-1 alpha-2) where a country chose its own; a
            contact whose jurisdiction is unknown gets the highest of all, the strictest.
        verified: When not empty, a parent's consent counts only if its evidence records
            one of these ways of verifying the parent (COPPA's verifiable parental consent).

    .. versionadded:: 0.2.0
    .. versionchanged:: 0.4.0
       ``verified``.
    """

    age: int
    ages: tuple[tuple[str, int], ...] = attrs.field(
        default=(), converter=_ages, metadata=label("ages by country")
    )
    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    verified: frozenset[ParentalVerification] = attrs.field(
        default=frozenset(), converter=verification_set, metadata=label("parent verified by")
    )

    def threshold(self, request: Request) -> int:
        """
        The age below which the request's contact needs a parent's consent.
        """
        if not self.ages:
            return self.age
        j = request.jurisdiction
        if j is None:
            return max(self.age, *(a for _, a in self.ages))
        return dict(self.ages).get(j.country, self.age)

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if request.contact.birth_date is None:
            return ()
        years = age(request)
        limit = self.threshold(request)
        if years is None or years >= limit:
            return ()
        found = grants(request, PARENTAL_BASES)
        if found and not self.verified:
            return (
                self.note("parental_consent", f"under {limit}: a parent's consent is in force"),
            )
        if any(is_verified(g, self.verified) for g in found):
            return (
                self.note(
                    "verified_parental_consent",
                    f"under {limit}: a verified parent's consent is in force",
                ),
            )
        if found:
            return (
                self.deny(
                    "parental_consent_not_verified",
                    f"the contact is under {limit} and the parent's consent in force does not "
                    "record a verification this law accepts",
                    "verify the parent by one of: "
                    + names(self.verified)
                    + " (Evidence.verification)",
                ),
            )
        return (
            self.deny(
                "parental_consent_required",
                f"the contact is under {limit} and no parent's consent is in force",
                "record a parental_consent grant for this purpose and channel",
            ),
        )


@attrs.frozen(kw_only=True)
class MinorCap(LegalRule):
    """
    Cap messages to minors at a level, optionally denying targeting.

    Cap a message to a contact younger than *below* at *level*; with *deny_targeting*, deny a
    message whose recipient was selected using any fact (profiling-based advertising).

    .. versionadded:: 0.2.0
    """

    below: int = attrs.field(metadata=label("below age"))
    level: Level = attrs.field(converter=Level, metadata=label("cap"))
    deny_targeting: bool = False
    purposes: frozenset[MessagePurpose] | None = marketing_purposes()

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if request.contact.birth_date is None:
            return ()  # no age, no minor
        years = age(request)
        if years is None or years >= self.below:
            return ()
        if self.deny_targeting and request.message.targeting_facts:
            return (
                self.deny(
                    "profiling_based_advertising_banned",
                    f"the contact is under {self.below}: no advertising targeted by profiling",
                    "send to minors only without targeting facts",
                ),
            )
        return (self.cap("minor", f"the contact is under {self.below}", self.level),)
