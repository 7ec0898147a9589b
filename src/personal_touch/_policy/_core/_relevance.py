"""
The core relevance rule: a marketing message about a product fits what the person wants.

:class:`Relevance` is the rule as data (its strictness, threshold and windows are its
fields); the default policy runs :data:`relevance`, the default settings, among the core
rules.  Replace it to change them: ``policy.replacing_rule("relevance",
Relevance(strictness="score"))``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from ..._message import MessagePurpose
from ..._validators import StrictStrEnum, number
from .._model import Deny, Note, Tag, rule, shared
from ._interest import Evidence, Score, gather, message_category, score

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pendulum

    from ..._decision import Decision
    from .._model import Outcome, Request
    from .._policy import Policy

__all__ = ["DEFAULT_RELEVANCE", "Relevance", "Strictness", "relevance", "relevance_of"]

_MARKETING: Final = frozenset({MessagePurpose.MARKETING})
_EVIDENCE = Tag("relevance evidence")
_STRENGTHS = Tag("interest strengths")
#: How a score note's message starts: ``relevance 0.420 for <category>: ...``.
_SCORE_PREFIX: Final = "relevance "


class Strictness(StrictStrEnum):
    """
    What the relevance rule does with a message that does not fit.

    .. versionadded:: 0.4.0
    """

    #: Deny a message on clear evidence that it does not fit (the default).
    DENY = "deny"
    #: Never deny: note the score among the decision's reasons, for callers to rank with.
    SCORE = "score"


_check_threshold = number("deny_below", low=0.0, high=1.0)


@attrs.frozen(kw_only=True)
class Relevance:
    """
    A marketing message about a product fits the person: the relevance rule, as data.

    The rule reads the message's ``product_category`` (through
    :func:`~personal_touch.listening.category_key`) against the person's interests
    (``interests.*``, stated and observed, at their strength decayed to the instant by
    :func:`~personal_touch.listening.interest_strength`),
    purchases (``purchases.*``) and returns (``returns.*``), and scores it from 0 to 1
    (0.5 without evidence either way; see the explanation page *Relevance*).  With
    :attr:`Strictness.DENY` it denies:

    - ``recently_returned``: the person returned something of this very category within
      *return_window* days;
    - ``recently_bought``: they bought something of this very category within
      *purchase_window* days (do not recommend what they just bought);
    - ``not_relevant``: the score is below *deny_below* and no STATED interest covers the
      category: coats advertised to someone we saw shopping only for T-shirts.

    Why these defaults deny only on clear evidence: with ``deny_below=0.25`` a message is
    denied as not relevant only when an observed interest in a neighbouring category is
    stronger than 0.5 at the instant (recent, repeated behaviour, not one old view) and
    the interest in the message's own category is at most about 0.2, and never when the
    person told us they want it.  Interests in unrelated categories never lower a score
    (someone who buys books may still want a coat); only the same category bought or
    returned within the windows counts against it (30 days after a purchase, 90 after a
    return); evidence in sensitive categories, excluded topics, inferences and
    third-party data is never read.  Messages that are not marketing, that name no
    product category, and contacts with no such facts: the rule does not apply.

    With :attr:`Strictness.SCORE` it never denies: each marketing message with a product
    category to a person with evidence gets a ``relevance_score`` note whose message
    starts with the score (read it with :meth:`score_in`).

    Args:
        strictness: Deny or only score.
        deny_below: The score under which a message is not relevant (0 to 1).
        purchase_window: Days after a purchase in which its category is not advertised.
        return_window: Days after a return in which its category is not advertised.
        id: The rule's id in reasons.

    .. versionadded:: 0.4.0
    """

    strictness: Strictness = attrs.field(default=Strictness.DENY, converter=Strictness)
    deny_below: float = attrs.field(default=0.25, validator=_check_threshold)
    purchase_window: float = attrs.field(default=30, validator=number("purchase_window", low=0.0))
    return_window: float = attrs.field(default=90, validator=number("return_window", low=0.0))
    id: str = "relevance"

    @property
    def purposes(self) -> frozenset[MessagePurpose]:
        """
        The rule speaks about marketing messages only.
        """
        return _MARKETING

    def score(self, request: Request, category: str) -> Score:
        """
        How relevant *category* is to the request's contact at the request's instant.
        """
        evidence = shared(
            request,
            (_EVIDENCE,),
            lambda: gather(request.facts.values(), request.contact.preferences),
        )
        strengths: dict[str, float] = shared(request, (_STRENGTHS, request.timestamp), dict)
        return self.rate(evidence, category, at=request.at, strengths=strengths)

    def rate(
        self,
        evidence: tuple[Evidence, ...],
        category: str,
        *,
        at: pendulum.DateTime,
        strengths: dict[str, float] | None = None,
    ) -> Score:
        """
        The score of *category* on *evidence* at *at*, with these windows.

        *strengths* remembers the interests' strengths at *at* between calls.
        """
        return score(
            evidence,
            category,
            at=at,
            strengths=strengths,
            purchase_window=self.purchase_window,
            return_window=self.return_window,
        )

    def __call__(self, request: Request, /) -> Iterable[Outcome]:
        msg = request.message
        if msg.purpose is not MessagePurpose.MARKETING:
            return ()
        category = message_category(msg.product_category)
        if category is None:
            return ()
        found = self.score(request, category)
        if not found.evidence:
            return ()
        if self.strictness is Strictness.SCORE:
            return (
                Note(
                    self.id,
                    "relevance_score",
                    f"{_SCORE_PREFIX}{found.value:.3f} for {category}: {found.explain()}",
                ),
            )
        return self._denials(found)

    def _denials(self, found: Score) -> tuple[Outcome, ...]:
        category = found.category
        if found.returned is not None:
            return (
                Deny(
                    self.id,
                    "recently_returned",
                    f"{found.returned} records a return of {category} "
                    f"within {self.return_window:g} days",
                    hint="offer another category",
                ),
            )
        if found.bought is not None:
            return (
                Deny(
                    self.id,
                    "recently_bought",
                    f"{found.bought} records a purchase of {category} "
                    f"within {self.purchase_window:g} days",
                    hint="do not recommend what they just bought; offer another category",
                ),
            )
        if found.value < self.deny_below and not found.stated:
            return (
                Deny(
                    self.id,
                    "not_relevant",
                    f"{category} scores {found.value:.3f}, below {self.deny_below:g}: "
                    + found.explain(),
                    hint=f"a stated interest in {category} or behaviour in it would change this",
                ),
            )
        return ()

    @staticmethod
    def score_in(decision: Decision) -> float | None:
        """
        The relevance score a decision notes (:attr:`Strictness.SCORE`), else ``None``.

        .. versionadded:: 0.4.0
        """
        for r in decision.reasons:
            if r.code == "relevance_score" and r.message.startswith(_SCORE_PREFIX):
                head = r.message[len(_SCORE_PREFIX) :].partition(" ")[0]
                try:
                    return float(head)
                except ValueError:  # pragma: no cover - a note of another rule's making
                    return None
        return None


#: The relevance settings of the default policy.
DEFAULT_RELEVANCE: Final = Relevance()


@rule("relevance", purposes=["marketing"])
def relevance(request: Request) -> Iterable[Outcome]:
    """
    A marketing message about a product fits what the person wants (default settings).

    :class:`Relevance` with its defaults: deny coats to someone seen shopping only for
    T-shirts (unless they said they want coats), and what they just bought or returned.
    """
    return DEFAULT_RELEVANCE(request)


def relevance_of(policy: Policy) -> Relevance:
    """
    The relevance settings *policy* runs: its ``relevance`` rule's, else the defaults.
    """
    for r in policy.rules:
        if isinstance(r, Relevance):
            return r
    return DEFAULT_RELEVANCE
