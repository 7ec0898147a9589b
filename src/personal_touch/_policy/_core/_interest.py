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
_PREFIXES = ("interests.", "purchases.", "returns.")
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
        fact: The fact, whose strength is read only when a score needs it.
        last: For purchases and returns, when the latest happened (epoch seconds).
    """

    key: str
    kind: str
    category: str
    stated: bool
    fact: Fact = attrs.field(eq=False, repr=False)
    last: float = 0.0

    def strength(self, at: pendulum.DateTime) -> float:
        """
        The interest's strength at *at* (0 to 1): decayed when observed, as learned.
        """
        return interest_strength(self.fact, at=at)


def _read(fact: Fact) -> Evidence | None:
    key = fact.key
    if not key.startswith(_PREFIXES):
        return None
    kind, _, category = key.partition(".")
    stated = fact.provenance is _STATED
    if kind != "interests":
        return Evidence(key, kind, category, stated, fact, _last(fact))
    if not stated and fact.provenance is not _OBSERVED:
        return None
    return Evidence(key, kind, category, stated, fact)


def gather(facts: Iterable[Fact], preferences: Preferences) -> tuple[Evidence, ...]:
    """
    The relevance evidence among *facts*, ordered by key.

    Never read: facts in a special category (relevance never rests on sensitive data, not
    even to lower a score: a reason would name it), facts the person excluded, inferred
    and third-party facts.
    """
    out: list[Evidence] = []
    excluding = bool(preferences.excluded_topics or preferences.excluded_sensitivities)
    for fact in facts:
        if (
            not fact.key.startswith(_PREFIXES)
            or fact.sensitivity is not _ORDINARY
            or fact.provenance in _UNREAD
            or (excluding and preferences.excludes(fact))
        ):
            continue
        found = _read(fact)
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
    at: pendulum.DateTime,
    purchase_window: float,
    return_window: float,
    strengths: dict[str, float] | None = None,
) -> Score:
    """
    The :class:`Score` of *category* on *evidence*, at *at*.

    The windows are in days: a purchase (return) of exactly this category less than
    *purchase_window* (*return_window*) days before *at* makes the score 0.  Only the
    interests related to *category* have their strength read, each once per *strengths*
    (a dict by fact key that the caller keeps for scores at the same *at*).
    """
    known: dict[str, float] = {} if strengths is None else strengths

    def strength_of(e: Evidence) -> float:
        if e.key not in known:
            known[e.key] = e.strength(at)
        return known[e.key]

    timestamp = at.timestamp()
    m = s = 0.0
    matching: list[str] = []
    stated: list[str] = []
    neighbours: list[str] = []
    recent: dict[str, str] = {}  # kind -> key of a purchase or return within its window
    for e in evidence:
        if e.kind == "interests":
            if _related(e.category, category):
                strength = strength_of(e)
                if strength > 0.0:  # an observed interest with no strength left, a stated "no"
                    matching.append(e.key)
                    m = max(m, strength)
                    if e.stated:
                        stated.append(e.key)
            elif not e.stated and _neighbour(e.category, category):
                strength = strength_of(e)
                if strength > 0.0:
                    neighbours.append(e.key)
                    s = max(s, strength)
        elif e.category == category and e.last <= timestamp:
            window = purchase_window if e.kind == "purchases" else return_window
            if timestamp - e.last < window * _DAY:
                recent[e.kind] = recent.get(e.kind) or e.key
    bought, returned = recent.get("purchases"), recent.get("returns")
    value = 0.0 if recent else 0.5 + 0.5 * m - 0.5 * (1.0 - m) * s
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
