"""
The seeds' T-shirt shopper and the facts the relevance tests build people from.
"""

from __future__ import annotations

import math
from typing import Any

import personal_touch as pt
from builders import AT, contact, fact, grant, message

#: Coats, as a shop spells its category path.
COATS = "Apparel > Outerwear > Coats"
T_SHIRTS = "Apparel > T-Shirts"
HATS = "Apparel > Hats"
BOOKS = "Books"

#: Marketing e-mail consent for ``c-1``.
EMAIL_OK = (grant("marketing.email"),)


def interest(
    category: str,
    strength: float = 0.8,
    provenance: str = "observed",
    *,
    days_ago: float = 2,
    **changes: Any,
) -> pt.Fact:
    """
    An interest of the shape learn writes, of *strength* when last seen *days_ago* before AT.

    Its score is all views (half-life 14 days), so an observed interest decays from then on;
    a stated one does not.
    """
    seen = AT.subtract(days=days_ago)
    score = 50.0 if strength >= 1 else -math.log(1.0 - strength)
    return fact(
        f"interests.{category}",
        {
            "strength": strength,
            "views": 3,
            "searches": 0,
            "carts": 0,
            "purchases": 0,
            "first_seen": seen.subtract(days=14).isoformat(),
            "last_seen": seen.isoformat(),
            "scores": {"viewed": score},
        },
        provenance,
        recorded_at=seen,
        **changes,
    )


def bought(
    category: str, *, days_ago: float = 3, kind: str = "purchases", **changes: Any
) -> pt.Fact:
    """A purchases (or returns) fact: once, *days_ago* before AT."""
    last = AT.subtract(days=days_ago)
    return fact(
        f"{kind}.{category}",
        {"count": 1, "last": last.isoformat()},
        "observed",
        recorded_at=last,
        **changes,
    )


def shopper(*facts: pt.Fact, **changes: Any) -> pt.Contact:
    """The T-shirt shopper: an observed interest in T-shirts, plus *facts*."""
    return contact(facts=(interest("apparel.t_shirts"), *facts), **changes)


def offer(category: str | None, purpose: str = "marketing", **changes: Any) -> pt.Message:
    """A marketing e-mail promoting *category*."""
    return message(purpose, product_category=category, **changes)


def decide(
    person: pt.Contact, msg: pt.Message, *, policy: pt.Policy | None = None, at: Any = AT
) -> pt.Decision:
    """Decide under the default policy (or *policy*) with marketing e-mail consent."""
    return pt.decide(person, msg, consents=EMAIL_OK, at=at, policy=policy)


def relevance_codes(decision: pt.Decision) -> list[str]:
    """The codes of the relevance rule's reasons."""
    return [r.code for r in decision.reasons if r.rule == "relevance"]
