"""
Rule shapes that permit: a basis such as legitimate interest, or implied consent in its window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from .._consent import ConsentGrant, LawfulBasis
from .._levels import Level
from .._message import MessagePurpose
from ._calendar import RelationshipWindow
from ._legal import LegalRule, basis_set, hidden, label, marketing_purposes, names
from ._requests import event_day, grants, within_window

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._policy._model import Outcome, Request

__all__ = ["BasisPermit", "ImpliedPermit"]


def _optional_level(value: Level | str | None) -> Level | None:
    return None if value is None else Level(value)


@attrs.frozen(kw_only=True)
class BasisPermit(LegalRule):
    """
    Permit a message resting on a basis such as legitimate interest, optionally capped.

    Permit a message inside the guard resting on a grant with a basis in *bases* (legitimate
    interest for post, inferred consent...), and cap its level at *ceiling* when given.

    .. versionadded:: 0.2.0
    """

    bases: frozenset[LawfulBasis] = attrs.field(converter=basis_set)
    ceiling: Level | None = attrs.field(
        default=None, converter=_optional_level, metadata=label("cap")
    )
    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    code: str = attrs.field(default="legitimate_interest", metadata=hidden())

    def check(self, request: Request, /) -> Iterable[Outcome]:
        found = grants(request, self.bases)
        if not found:
            return ()
        text = names(self.bases)
        out: list[Outcome] = [
            self.permit(self.code, f"{text} covers this purpose on this channel", found)
        ]
        if self.ceiling is not None:
            level = self.ceiling
            out.append(self.cap(self.code, f"{text} supports no more than {level.value}", level))
        return out


def _bases_of(rule: Any) -> frozenset[LawfulBasis]:
    return frozenset({rule.basis})


@attrs.frozen(kw_only=True)
class ImpliedPermit(LegalRule):
    """
    Permit a message under an implied consent while its window lasts.

    Permit on the strength of an implied consent (a grant of *basis* whose ``granted_at``
    is the relationship event) while *window* lasts, counted from the event's date on the
    recipient's calendar, never from the caller's ``expires_at``.  It is also an
    :class:`~personal_touch.rules.Alternative` for :class:`~personal_touch.rules.ConsentRequired`.

    .. versionadded:: 0.2.0
    """

    basis: LawfulBasis = attrs.field(converter=LawfulBasis)
    window: RelationshipWindow
    relationship: str
    purposes: frozenset[MessagePurpose] | None = marketing_purposes()
    _bases: frozenset[LawfulBasis] = attrs.field(
        init=False,
        default=attrs.Factory(_bases_of, takes_self=True),
        eq=False,
        repr=False,
        hash=False,
    )

    def qualifying(self, request: Request, /) -> tuple[ConsentGrant, ...]:
        """
        The grants of this basis covering the message whose window still holds.
        """
        return tuple(
            g for g in grants(request, self._bases) if within_window(request, g, self.window)
        )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        found = grants(request, self._bases)
        if not found:
            return ()
        live = tuple(g for g in found if within_window(request, g, self.window))
        if live:
            last = max(self.window.last_day(event_day(request, g.granted_at)) for g in live)
            return (
                self.permit(
                    "implied_consent",
                    f"implied consent from {self.relationship} holds through "
                    f"{last.isoformat()} on the contact's calendar",
                    live,
                ),
            )
        return (
            self.note(
                "implied_consent_expired",
                f"implied consent from {self.relationship} lapsed after {self.window}",
                f"a new {self.relationship} or express consent would restore it",
            ),
        )
