"""
How relevant a product category is to a person: the evidence their facts hold, and a score.

The relevance rule and :func:`~personal_touch.rank` both read a contact through
:func:`score`, so a ranking and a decision never disagree about the same facts.  Evidence is
read from ``interests.*`` (stated and observed), ``purchases.*`` and ``returns.*`` facts
(the shapes :func:`~personal_touch.learn` writes); a fact in a special category, excluded
by the person, inferred or bought from a third party is never read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from ..._facts import Fact, Provenance, Sensitivity
from ..._signals import category_key, interest_strength
from ...exceptions import InvalidFieldError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

    from ..._contacts import Preferences

__all__ = ["Evidence", "Score", "gather", "message_category", "score"]

_DAY: Final = 86400.0
_INTERESTS, _PURCHASES, _RETURNS = "interests.", "purchases.", "returns."
_STATED, _OBSERVED = Provenance.STATED, Provenance.OBSERVED
_UNREAD = frozenset({Provenance.INFERRED, Provenance.THIRD_PARTY})
_ORDINARY = Sensitivity.ORDINARY


def message_category(product_category: str | None) -> str | None:
    """
    The category key of a message's product category, or ``None`` when it has none.

    A category with no letter or digit names no category: ``None`` too (a decision
    never fails on it).
    """
    if product_category is None:
        return None
    try:
        return category_key(product_category)
    except InvalidFieldError:
        return None


def _last(fact: Fact) -> float:
    """When the purchase or return a fact records last happened (epoch seconds)."""
    value = fact.value
    last = value.get("last") if isinstance(value, Mapping) else None
    if isinstance(last, str):
        try:
            when = dt.datetime.fromisoformat(last)
        except ValueError:
            when = None
        if when is not None and when.tzinfo is not None:
            return when.timestamp()
    return fact.recorded_at.timestamp()


@attrs.frozen
class Evidence:
    """
    One fact read as relevance evidence.

    Attributes:
        key: The fact's key (reasons name it, never its value).
        kind: ``"interests"``, ``"purchases"`` or ``"returns"``.
        category: The category key the fact is about.
        stated: Whether the person told us (STATED) rather than we saw it.
        strength: An interest's decayed strength at the instant (0 to 1); for purchases
            and returns, 1.
        last: For purchases and returns, when the latest happened (epoch seconds).
    """

    key: str
    kind: str
    category: str
    stated: bool
    strength: float
    last: float = 0.0


def _read(fact: Fact, at: pendulum.DateTime) -> Evidence | None:
    key = fact.key
    for prefix in (_INTERESTS, _PURCHASES, _RETURNS):
        if key.startswith(prefix):
            break
    else:
        return None
    kind, category = prefix[:-1], key[len(prefix) :]
    stated = fact.provenance is _STATED
    if kind != "interests":
        return Evidence(key, kind, category, stated, 1.0, _last(fact))
    if not stated and fact.provenance is not _OBSERVED:
        return None
    strength = interest_strength(fact, at=at)
    if strength <= 0.0:
        # An observed interest with no learned strength (or one decayed to nothing) and a
        # stated "no" are no evidence of interest.
        return None
    return Evidence(key, kind, category, stated, strength)


def gather(
    facts: Iterable[Fact], preferences: Preferences, at: pendulum.DateTime
) -> tuple[Evidence, ...]:
    """
    The relevance evidence among *facts* (valid at *at*), ordered by key.

    Never read: facts in a special category (relevance never rests on sensitive data, not
    even to lower a score: a reason would name it), facts the person excluded, inferred
    and third-party facts.
    """
    out: list[Evidence] = []
    for fact in facts:
        if (
            fact.sensitivity is not _ORDINARY
            or fact.provenance in _UNREAD
            or (
                (preferences.excluded_topics or preferences.excluded_sensitivities)
                and preferences.excludes(fact)
            )
        ):
            continue
        found = _read(fact, at)
        if found is not None:
            out.append(found)
    out.sort(key=lambda e: e.key)
    return tuple(out)


def _related(a: str, b: str) -> bool:
    """Whether category *a* is *b*, lies above it or below it."""
    return a == b or b.startswith(a + ".") or a.startswith(b + ".")


def _neighbour(a: str, b: str) -> bool:
    """Whether *a* and *b* are different branches of one top-level category."""
    return a.partition(".")[0] == b.partition(".")[0] and not _related(a, b)


@attrs.frozen(kw_only=True)
class Score:
    """
    How relevant one category is to one person at one instant, and on what evidence.

    ``value = 0.5 + 0.5 * m - 0.5 * (1 - m) * s``, where *m* is the strongest interest in
    the category (or a category above or below it) and *s* the strongest observed interest
    in a neighbouring category (another branch of the same top-level category): 0.5 with
    no evidence either way, 1 with a full-strength interest in it, 0 with only a
    full-strength interest next to it.  A purchase or return of the category within its
    window makes it 0.  More evidence for the category never lowers it.

    Attributes:
        category: The category key scored.
        value: The score, 0 to 1, rounded to three decimals (as reasons show it).
        matching: Keys of the interests in the category (or above or below it).
        stated: Those of them the person stated.
        neighbours: Keys of the observed interests in neighbouring categories.
        bought: The key of a purchase of the category within the purchase window.
        returned: The key of a return of the category within the return window.
        evidence: Whether the person has any relevance evidence at all.
    """

    category: str
    value: float
    matching: tuple[str, ...] = ()
    stated: tuple[str, ...] = ()
    neighbours: tuple[str, ...] = ()
    bought: str | None = None
    returned: str | None = None
    evidence: bool = False

    def explain(self) -> str:
        """
        Why the score is what it is, naming fact keys, never values.
        """
        if self.returned is not None:
            return f"{self.returned} records a return within the window"
        if self.bought is not None:
            return f"{self.bought} records a purchase within the window"
        parts = []
        if self.matching:
            parts.append("interest in this category (" + ", ".join(self.matching) + ")")
        else:
            parts.append("no interest in this category")
        if self.neighbours:
            parts.append("observed interest next to it (" + ", ".join(self.neighbours) + ")")
        return "; ".join(parts)


def score(
    evidence: tuple[Evidence, ...],
    category: str,
    *,
    purchase_window: float,
    return_window: float,
    timestamp: float,
) -> Score:
    """
    The :class:`Score` of *category* on *evidence*, at *timestamp* (epoch seconds).

    The windows are in days: a purchase (return) of exactly this category less than
    *purchase_window* (*return_window*) days before *timestamp* makes the score 0.
    """
    m = s = 0.0
    matching: list[str] = []
    stated: list[str] = []
    neighbours: list[str] = []
    bought = returned = None
    for e in evidence:
        if e.kind == "interests":
            if _related(e.category, category):
                matching.append(e.key)
                m = max(m, e.strength)
                if e.stated and e.strength > 0:
                    stated.append(e.key)
            elif not e.stated and _neighbour(e.category, category):
                neighbours.append(e.key)
                s = max(s, e.strength)
        elif e.category == category and e.last <= timestamp:
            window = purchase_window if e.kind == "purchases" else return_window
            if timestamp - e.last < window * _DAY:
                if e.kind == "purchases":
                    bought = bought or e.key
                else:
                    returned = returned or e.key
    value = 0.0 if bought or returned else 0.5 + 0.5 * m - 0.5 * (1.0 - m) * s
    return Score(
        category=category,
        value=round(value, 3),
        matching=tuple(matching),
        stated=tuple(stated),
        neighbours=tuple(neighbours),
        bought=bought,
        returned=returned,
        evidence=bool(evidence),
    )
