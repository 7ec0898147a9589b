"""
Rank candidate offers for one person: :func:`rank`, its result :class:`Ranked` and each :class:`Offer`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

import attrs
import pendulum

from .._decision import Decision, Verdict
from .._message import Message
from .._policy._core._interest import Score, gather, message_category
from .._policy._core._relevance import relevance_of
from .._policy._engine import decide
from .._policy._prepared import Prepared, prepare
from .._time import check_aware, to_datetime
from ..converters import dumps

if TYPE_CHECKING:
    from .._consent import ConsentGrant, ConsentLedger
    from .._contacts import Contact
    from .._history import HistorySummary
    from .._interactions import Interaction
    from .._policy._policy import Policy
    from .._suppression import Suppression, SuppressionList

__all__ = ["Offer", "Ranked", "rank"]

#: Sendable now first, then later, then never.
_VERDICT_ORDER: Final = {Verdict.ALLOW: 0, Verdict.DEFER: 1, Verdict.DENY: 2}
_NEUTRAL: Final = 0.5


@attrs.frozen(kw_only=True)
class Offer:
    """
    One candidate of a ranking: its message, relevance score, reasons and decision.

    Attributes:
        message: The candidate message.
        category: The category key of its product category (``None`` if it names none).
        score: How relevant it is to the person, 0 to 1 (0.5: no evidence either way).
        reasons: Why, in words free of personal data (fact keys, never values): the
            relevance evidence first, then what the policy decided if it did not allow it.
        decision: What :func:`~personal_touch.decide` says about sending it.

    .. versionadded:: 0.4.0
    """

    message: Message
    category: str | None
    score: float
    reasons: tuple[str, ...]
    decision: Decision

    @property
    def is_allowed(self) -> bool:
        """
        Whether the policy allows sending it now.
        """
        return self.decision.verdict is Verdict.ALLOW


def _offers(values: Iterable[Offer]) -> tuple[Offer, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class Ranked:
    """
    Candidate offers for one person, most relevant sendable offer first.

    :attr:`offers` are ordered by verdict (allowed, deferred, denied), then by score,
    highest first; ties go by category key, then by the message's JSON, so the order of
    the candidates never changes the answer.

    .. versionadded:: 0.4.0
    """

    contact_id: str
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    offers: tuple[Offer, ...] = attrs.field(converter=_offers)

    @property
    def best(self) -> Offer | None:
        """
        The most relevant offer the policy allows now; ``None`` if it allows none.
        """
        return next((o for o in self.offers if o.is_allowed), None)

    @property
    def denied(self) -> tuple[Offer, ...]:
        """
        The offers the policy denies, in ranking order.
        """
        return tuple(o for o in self.offers if o.decision.verdict is Verdict.DENY)

    def explain(self) -> str:
        """
        A readable account of the ranking, free of personal data.
        """
        lines = [
            f"Ranked {len(self.offers)} offers for contact {self.contact_id} "
            f"at {self.at.isoformat()}"
        ]
        for n, o in enumerate(self.offers, 1):
            label = o.category or "(no category)"
            named = f" [{o.message.id}]" if o.message.id else ""
            lines.append(
                f"  {n}. {label}{named}: score {o.score:.3f}, {o.decision.verdict.value.upper()}"
            )
            lines.extend(f"       {r}" for r in o.reasons)
        best = self.best
        lines.append(
            "  best: none is allowed now"
            if best is None
            else f"  best: {best.category or '(no category)'}"
            + (f" [{best.message.id}]" if best.message.id else "")
        )
        return "\n".join(lines)


def rank(
    contact: Contact | Prepared,
    candidates: Iterable[Message | str],
    *,
    at: dt.datetime | None = None,
    consents: ConsentLedger | Iterable[ConsentGrant] | None = None,
    history: Iterable[Interaction] | HistorySummary = (),
    policy: Policy | None = None,
    suppressions: SuppressionList | Iterable[Suppression] = (),
    like: Message | None = None,
) -> Ranked:
    """
    Choose the most relevant offer among *candidates* for *contact* at *at*.

    Each candidate is decided by :func:`~personal_touch.decide` (nothing bypasses the
    policy: a candidate it denies is reported as denied, never chosen) and scored by the
    relevance the policy's ``relevance`` rule reads (its settings, or the defaults when
    the policy has none).

    Args:
        contact: The person, or a :class:`~personal_touch.Prepared` contact (then give
            none of *at*, *consents*, *history*, *policy*, *suppressions*).
        candidates: Messages, or product categories (then *like* is the message each
            category is put into).
        at: The instant to decide for (aware).
        consents: As for :func:`~personal_touch.decide`.
        history: As for :func:`~personal_touch.decide`.
        policy: As for :func:`~personal_touch.decide`; default
            :func:`~personal_touch.default_policy`.
        suppressions: As for :func:`~personal_touch.decide`.
        like: The message a category candidate becomes, with that product category.

    Returns:
        The offers, the most relevant allowed one first (:attr:`Ranked.best`).

    Raises:
        TypeError: *at* or *consents* is missing for a contact, or given with a prepared
            one; a category candidate without *like*.

    .. versionadded:: 0.4.0
    """
    if type(contact) is Prepared:
        if (at, consents, policy, history, suppressions) != (None, None, None, (), ()):
            raise TypeError("rank(prepared, candidates) takes the candidates only")
        prepared = contact
    else:
        if at is None or consents is None:
            raise TypeError(f"rank() needs {'at' if at is None else 'consents'}= for a contact")
        prepared = prepare(
            contact,  # type: ignore[arg-type]
            consents=consents,
            history=history,
            at=at,
            policy=policy,
            suppressions=suppressions,
        )
    return _ranked(prepared, [_message(c, like) for c in candidates])


def _ranked(prepared: Prepared, messages: list[Message]) -> Ranked:
    settings = relevance_of(prepared.policy)
    evidence = gather(prepared.facts.values(), prepared.contact.preferences)
    at = prepared.at
    strengths: dict[str, float] = {}
    offers = []
    for m in messages:
        category = message_category(m.product_category)
        found = (
            None
            if category is None
            else settings.rate(evidence, category, at=at, strengths=strengths)
        )
        offers.append(_offer(m, category, found, decide(prepared, m)))
    offers.sort(key=_order)
    return Ranked(contact_id=prepared.contact.id, at=prepared.at, offers=offers)


def _message(candidate: Message | str, like: Message | None) -> Message:
    if isinstance(candidate, Message):
        return candidate
    if like is None:
        raise TypeError("rank() needs like= (a message) to rank categories")
    return attrs.evolve(like, product_category=candidate)


def _offer(
    message: Message, category: str | None, found: Score | None, decision: Decision
) -> Offer:
    if found is None:
        value, why = _NEUTRAL, "the message names no product category"
    elif not found.evidence:
        value, why = _NEUTRAL, "no interest, purchase or return facts to go by"
    else:
        value, why = found.value, found.explain()
    reasons = [why]
    decisive = decision.decisive_reason
    if decisive is not None:
        verb = "denied" if decision.verdict is Verdict.DENY else "deferred"
        reasons.append(f"{verb} by {decisive.rule}/{decisive.code}: {decisive.message}")
    return Offer(
        message=message, category=category, score=value, reasons=tuple(reasons), decision=decision
    )


def _order(offer: Offer) -> tuple[int, float, str, str]:
    return (
        _VERDICT_ORDER[offer.decision.verdict],
        -offer.score,
        offer.category or "",
        dumps(offer.message, sort_keys=True),
    )
