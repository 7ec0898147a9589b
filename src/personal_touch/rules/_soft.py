"""
The soft opt-in (ePrivacy Art. 13(2), PECR reg. 22(3)) and the UK charitable soft opt-in.

Both are rule shapes that permit, and alternatives that a
:class:`~personal_touch.rules.ConsentRequired` rule accepts in place of consent.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
import pendulum

from .._consent import ConsentGrant, LawfulBasis
from .._message import MessagePurpose
from ._legal import LegalRule, hidden, label, optional_purposes
from ._requests import grants

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .._policy._model import Outcome, Request

__all__ = ["CharitableSoftOptIn", "SoftOptIn", "soft_opt_in_failures"]

_SOFT = frozenset({LawfulBasis.SOFT_OPT_IN})
_CHARITABLE = frozenset({LawfulBasis.CHARITABLE_SOFT_OPT_IN})


def soft_opt_in_failures(request: Request, grant: ConsentGrant) -> tuple[str, ...]:
    """
    The soft opt-in conditions *grant* fails for the request's message (machine codes).

    .. versionadded:: 0.1.0
    """
    failed: list[str] = []
    if grant.evidence is None or not grant.evidence.opt_out_offered:
        failed.append("opt_out_not_offered_at_collection")
    category = request.message.product_category
    scope = grant.scope.product_categories if grant.scope is not None else frozenset()
    if category is None or category not in scope:
        failed.append("soft_opt_in_not_similar")
    offered = request.message.content.unsubscribe_offered
    if offered is None:
        failed.append("opt_out_in_message_undeclared")
    elif not offered:
        failed.append("opt_out_missing_in_message")
    return tuple(failed)


@attrs.frozen(kw_only=True)
class SoftOptIn(LegalRule):
    """
    Permit electronic marketing under the soft opt-in.

    Permit electronic marketing of the sender's own similar products to a customer whose
    details were obtained in a sale or negotiation (a SOFT_OPT_IN grant whose scope lists the
    message's product category), when an opt-out was offered at collection and is offered in
    the message; otherwise say which condition failed.

    .. versionadded:: 0.2.0
    """

    statement: str = attrs.field(
        default=(
            "Electronic mail marketing without consent is allowed to a customer whose details "
            "were obtained in the course of a sale or negotiations for a sale, for the "
            "sender's own similar products, if a free, simple opt-out was offered at "
            "collection and is offered in every message."
        ),
        metadata=hidden(),
    )
    purposes: frozenset[MessagePurpose] | None = attrs.field(
        default=frozenset({MessagePurpose.MARKETING}), converter=optional_purposes
    )

    def qualifying(self, request: Request, /) -> tuple[ConsentGrant, ...]:
        """
        SOFT_OPT_IN grants that meet every condition for a message on the rule's channels.
        """
        if self.channels is not None and request.message.channel not in self.channels:
            return ()
        return tuple(g for g in grants(request, _SOFT) if not soft_opt_in_failures(request, g))

    def check(self, request: Request, /) -> Iterable[Outcome]:
        found = grants(request, _SOFT)
        if not found:
            return ()
        ok = tuple(g for g in found if not soft_opt_in_failures(request, g))
        if ok:
            return (
                self.permit(
                    "soft_opt_in",
                    "soft opt-in: own similar product, opt-out offered at collection and in "
                    "this message",
                    ok,
                ),
            )
        codes = sorted({c for g in found for c in soft_opt_in_failures(request, g)})
        return (
            self.note(
                codes[0],
                "the soft opt-in does not cover this message: " + ", ".join(codes),
                "soft opt-in covers only the sender's own products similar to the sale, with "
                "an opt-out offered at collection and in every message",
            ),
        )


@attrs.frozen(kw_only=True)
class CharitableSoftOptIn(LegalRule):
    """
    Permit a charity's electronic mail under the charitable soft opt-in.

    From *commences* (a date in *zone*), for details collected from that date (not
    retrospective), with an opt-out at collection and in the message; before that a
    CHARITABLE_SOFT_OPT_IN grant is not a permission.

    .. versionadded:: 0.2.0
    """

    commences: dt.date = attrs.field(metadata=label("from (details collected from then)"))
    zone: str = attrs.field(default="Europe/London", metadata=label("dates in"))
    statement: str = attrs.field(
        default=(
            "A charity may e-mail or text a person who expressed interest in or supported its "
            "charitable purposes, solely to further those purposes, if an opt-out was offered "
            "at collection and in every message; in force from 2026-02-05, not retrospective."
        ),
        metadata=hidden(),
    )
    purposes: frozenset[MessagePurpose] | None = attrs.field(
        default=frozenset({MessagePurpose.FUNDRAISING, MessagePurpose.MARKETING}),
        converter=optional_purposes,
    )

    def _day(self, instant: dt.datetime) -> dt.date:
        return pendulum.instance(instant).in_timezone(self.zone).date()

    def qualifying(self, request: Request, /) -> tuple[ConsentGrant, ...]:
        """
        CHARITABLE_SOFT_OPT_IN grants that may be relied on for the request's message.
        """
        m = request.message
        if (self.channels is not None and m.channel not in self.channels) or (
            self.purposes is not None and m.purpose not in self.purposes
        ):
            return ()
        if self._day(request.at) < self.commences or not m.content.unsubscribe_offered:
            return ()
        return tuple(
            g
            for g in grants(request, _CHARITABLE)
            if g.evidence is not None
            and g.evidence.opt_out_offered
            and self._day(g.granted_at) >= self.commences
        )

    def check(self, request: Request, /) -> Iterable[Outcome]:
        if not grants(request, _CHARITABLE):
            return ()
        ok = self.qualifying(request)
        if ok:
            return (
                self.permit(
                    "charitable_soft_opt_in",
                    "charitable soft opt-in: supporter of the charity's purposes, opt-out "
                    "offered at collection and in this message",
                    ok,
                ),
            )
        return (
            self.note(
                "charitable_soft_opt_in_not_in_force",
                "the charitable soft opt-in does not cover this message (it applies from "
                f"{self.commences.isoformat()}, to details collected from then on, "
                "with an opt-out at collection and in every message)",
            ),
        )
