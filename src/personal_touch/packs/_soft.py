"""
The soft opt-in (ePrivacy Art.

13(2), PECR reg. 22(3)) and the UK charitable soft opt-in: conditions shared by the EU and UK packs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .._consent import ConsentGrant, LawfulBasis
from .._message import MessagePurpose
from ._base import LegalRule, _names, applies, custom, grants

if TYPE_CHECKING:
    from .._channels import Channel
    from ..rules import Outcome, Request

_LONDON = "Europe/London"
_SOFT = frozenset({LawfulBasis.SOFT_OPT_IN})
_CHARITABLE = frozenset({LawfulBasis.CHARITABLE_SOFT_OPT_IN})
_MARKETING_ONLY = frozenset({MessagePurpose.MARKETING})


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


def soft_opt_in_grants(request: Request, channels: frozenset[Channel]) -> tuple[ConsentGrant, ...]:
    """
    SOFT_OPT_IN grants that satisfy every condition for the request's message.

    .. versionadded:: 0.1.0
    """
    if request.message.channel not in channels:
        return ()
    return tuple(g for g in grants(request, _SOFT) if not soft_opt_in_failures(request, g))


def soft_opt_in_rule(
    rule_id: str, *, citation: str, channels: frozenset[Channel], confidence: str = "S"
) -> LegalRule:
    """
    Permit electronic marketing under the soft opt-in.

    Permit electronic marketing of the sender's own similar products to a customer whose
    details were obtained in a sale or negotiation (a SOFT_OPT_IN grant whose scope lists
    the message's product category), when an opt-out was offered at collection and is
    offered in the message; otherwise say which condition failed.

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, _MARKETING_ONLY):
            return ()
        found = grants(request, _SOFT)
        if not found:
            return ()
        ok = tuple(g for g in found if not soft_opt_in_failures(request, g))
        if ok:
            return (
                rule.permit(
                    "soft_opt_in",
                    "soft opt-in: own similar product, opt-out offered at collection and in "
                    "this message",
                    ok,
                ),
            )
        codes = sorted({c for g in found for c in soft_opt_in_failures(request, g)})
        return (
            rule.note(
                codes[0],
                "the soft opt-in does not cover this message: " + ", ".join(codes),
                "soft opt-in covers only the sender's own products similar to the sale, with "
                "an opt-out offered at collection and in every message",
            ),
        )

    return custom(
        rule_id,
        statement=(
            "Electronic mail marketing without consent is allowed to a customer whose details "
            "were obtained in the course of a sale or negotiations for a sale, for the "
            "sender's own similar products, if a free, simple opt-out was offered at "
            "collection and is offered in every message."
        ),
        citation=citation,
        check=check,
        params={
            "basis": LawfulBasis.SOFT_OPT_IN.value,
            "channels": _names(channels),
            "similar": "message.product_category in grant.scope.product_categories",
            "opt-out at collection": "grant.evidence.opt_out_offered",
            "opt-out in message": "message.content.unsubscribe_offered",
        },
        confidence=confidence,
        channels=channels,
        purposes=frozenset({MessagePurpose.MARKETING}),
    )


#: The charitable soft opt-in's commencement (DUAA 2025 s.114; Commencement Order No. 6).
CHARITY_SOFT_OPT_IN_FROM = dt.date(2026, 2, 5)
CHARITY_PURPOSES = frozenset({MessagePurpose.FUNDRAISING, MessagePurpose.MARKETING})


def _uk_day(instant: dt.datetime) -> dt.date:
    import pendulum

    return pendulum.instance(instant).in_timezone(_LONDON).date()


def charity_grants(request: Request, channels: frozenset[Channel]) -> tuple[ConsentGrant, ...]:
    """
    CHARITABLE_SOFT_OPT_IN grants that may be relied on for the message.

    CHARITABLE_SOFT_OPT_IN grants that may be relied on for the request's message: only from
    2026-02-05 (UK date), only for details collected from that date (not retrospective), with an
    opt-out at collection and in the message.

    .. versionadded:: 0.1.0
    """
    if not applies(request, channels, CHARITY_PURPOSES):
        return ()
    if _uk_day(request.at) < CHARITY_SOFT_OPT_IN_FROM:
        return ()
    if not request.message.content.unsubscribe_offered:
        return ()
    return tuple(
        g
        for g in grants(request, _CHARITABLE)
        if g.evidence is not None
        and g.evidence.opt_out_offered
        and _uk_day(g.granted_at) >= CHARITY_SOFT_OPT_IN_FROM
    )


def charity_rule(
    rule_id: str, *, citation: str, channels: frozenset[Channel], confidence: str = "S"
) -> LegalRule:
    """
    Permit a charity's electronic mail under the charitable soft opt-in.

    Permit a charity's electronic mail to a supporter under the charitable soft opt-in,
    from its commencement on 2026-02-05; before that a CHARITABLE_SOFT_OPT_IN grant is not
    a permission.

    .. versionadded:: 0.1.0
    """

    def check(rule: LegalRule, request: Request) -> Iterable[Outcome]:
        if not applies(request, channels, CHARITY_PURPOSES):
            return ()
        found = grants(request, _CHARITABLE)
        if not found:
            return ()
        ok = charity_grants(request, channels)
        if ok:
            return (
                rule.permit(
                    "charitable_soft_opt_in",
                    "charitable soft opt-in: supporter of the charity's purposes, opt-out "
                    "offered at collection and in this message",
                    ok,
                ),
            )
        return (
            rule.note(
                "charitable_soft_opt_in_not_in_force",
                "the charitable soft opt-in does not cover this message (it applies from "
                f"{CHARITY_SOFT_OPT_IN_FROM.isoformat()}, to details collected from then on, "
                "with an opt-out at collection and in every message)",
            ),
        )

    return custom(
        rule_id,
        statement=(
            "A charity may e-mail or text a person who expressed interest in or supported its "
            "charitable purposes, solely to further those purposes, if an opt-out was offered "
            "at collection and in every message; in force from 2026-02-05, not retrospective."
        ),
        citation=citation,
        check=check,
        params={
            "basis": LawfulBasis.CHARITABLE_SOFT_OPT_IN.value,
            "from": CHARITY_SOFT_OPT_IN_FROM.isoformat()
            + " (UK date; details collected from then)",
            "purposes": _names(CHARITY_PURPOSES),
            "channels": _names(channels),
        },
        confidence=confidence,
        channels=channels,
        purposes=CHARITY_PURPOSES,
    )
