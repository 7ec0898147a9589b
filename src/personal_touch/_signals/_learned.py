"""
What :func:`~personal_touch.learn` returns: the updated contact and why each fact changed.
"""

from __future__ import annotations

import attrs

from .._contacts import Contact
from .._validators import StrictStrEnum, instance_of, optional_text, text, tuple_of
from ._signal import SignalKind

__all__ = ["Change", "ChangeKind", "Learned", "SkipReason", "Skipped"]


class ChangeKind(StrictStrEnum):
    """
    What learning did to a fact.

    .. versionadded:: 0.4.0
    """

    #: A fact that did not exist.
    ADDED = "added"
    #: A learned interest whose strength at ``at`` grew.
    STRENGTHENED = "strengthened"
    #: A learned interest whose strength at ``at`` fell (returns).
    WEAKENED = "weakened"
    #: A learned interest forgotten because its strength fell below the threshold.
    EXPIRED = "expired"
    #: A count, an answer or a trip recorded again with new content.
    UPDATED = "updated"


class SkipReason(StrictStrEnum):
    """
    Why learning left a signal out.

    .. versionadded:: 0.4.0
    """

    #: Already counted (the same id, or the same signal, seen before).
    DUPLICATE = "duplicate"
    #: After ``at``: learned by a later call, never ahead of time.
    AFTER_AT = "after_at"
    #: Older than the rules' window before ``at``.
    OUTSIDE_WINDOW = "outside_window"
    #: Behaviour without a category, or an answer without a fact key or value.
    INCOMPLETE = "incomplete"
    #: A trip without a departure date, or one that is already over.
    BAD_TRIP = "bad_trip"
    #: A kind that makes no fact (complaints and unsubscribes are interactions and
    #: suppressions; kinds the rules give no weight).
    NOT_LEARNED = "not_learned"
    #: An answer older than the fact already known for its key.
    SUPERSEDED = "superseded"
    #: Not learned as an interest: the person told us about it, and a stated fact is
    #: never outranked (purchases and returns are still counted).
    STATED_FACT = "stated_fact"


@attrs.frozen(kw_only=True)
class Change:
    """
    One fact that learning added, strengthened, weakened, expired or updated.

    Args:
        key: The fact's key.
        kind: What happened to it.
        explanation: Why, in words that name keys and counts, never the values of
            sensitive facts (``"interests.apparel.t_shirts: 3 views and 1 purchase in 14
            days"``).
        strength: An interest's strength at ``at`` afterwards, for ordinary interests
            (``None`` for other facts and for sensitive ones).

    .. versionadded:: 0.4.0
    """

    key: str = attrs.field(validator=text("key"))
    kind: ChangeKind = attrs.field(converter=ChangeKind)
    explanation: str = attrs.field(validator=text("explanation"))
    strength: float | None = attrs.field(default=None)


@attrs.frozen(kw_only=True)
class Skipped:
    """
    A signal learning left out, and why (its kind and id only: never its content).

    .. versionadded:: 0.4.0
    """

    kind: SignalKind = attrs.field(converter=SignalKind)
    reason: SkipReason = attrs.field(converter=SkipReason)
    id: str | None = attrs.field(default=None, validator=optional_text("id"))


def _changes(values: object) -> tuple[Change, ...]:
    return tuple_of(Change, values, "changes")


def _skipped(values: object) -> tuple[Skipped, ...]:
    return tuple_of(Skipped, values, "skipped")


@attrs.frozen(kw_only=True)
class Learned:
    """
    The result of :func:`~personal_touch.learn`.

    Args:
        contact: The contact with what was learned.
        changes: Each fact changed, in key order.
        skipped: Each signal left out, in the order of the signals' instants.

    .. versionadded:: 0.4.0
    """

    contact: Contact = attrs.field(validator=instance_of(Contact, "contact"))
    changes: tuple[Change, ...] = attrs.field(default=(), converter=_changes)
    skipped: tuple[Skipped, ...] = attrs.field(default=(), converter=_skipped)

    @property
    def explanations(self) -> tuple[str, ...]:
        """
        The explanation of each change.
        """
        return tuple(c.explanation for c in self.changes)
