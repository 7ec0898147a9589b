"""
What a listener reads besides signals (updates about a subject) and what it yields (firings).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Protocol

import attrs
import pendulum

from .._decision import Decision
from .._message import Message
from .._time import check_aware, to_datetime
from .._validators import instance_of, integer, lookup, optional_text, str_set, text
from ._trigger import UpdateKind, _category

if TYPE_CHECKING:
    from .._consent import ConsentGrant, ConsentLedger
    from .._contacts import Contact
    from .._history import HistorySummary
    from .._interactions import Interaction
    from .._policy._policy import Policy
    from .._suppression import Suppression, SuppressionList


def _sizes(values: Iterable[str]) -> frozenset[str]:
    return str_set(values, "sizes")


def _kind(value: UpdateKind | str) -> UpdateKind:
    return lookup(UpdateKind, value, "kind")


def _ids(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


class Observed(Protocol):
    """
    What the listener reads of a signal (a :class:`~personal_touch.Signal` has it all).
    """

    @property
    def contact_id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def at(self) -> dt.datetime: ...
    @property
    def subject(self) -> str | None: ...
    @property
    def category(self) -> str | None: ...
    @property
    def id(self) -> str | None: ...


@attrs.frozen(kw_only=True)
class Update:
    """
    News about a subject that concerns everyone who showed interest in it recently.

    A product's price dropped or it is back in stock (for those who viewed it), a team's
    result came in (for those who follow the team).

    Args:
        kind: What happened.
        subject: The product or team, as signals name it.
        at: When (aware).
        category: Its category, if known.
        sizes: The sizes it concerns (back in stock in M and L); empty for all sizes.
        id: Your id for the event.

    .. versionadded:: 0.4.0
    """

    kind: UpdateKind = attrs.field(converter=_kind)
    subject: str = attrs.field(validator=text("subject"))
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    category: str | None = attrs.field(default=None, converter=_category)
    sizes: frozenset[str] = attrs.field(default=frozenset(), converter=_sizes)
    id: str | None = attrs.field(default=None, validator=optional_text("id"))


@attrs.frozen(kw_only=True)
class Firing:
    """
    A trigger fired for a contact: the candidate message, to be decided before it goes.

    A firing is a proposal, never a permission: pass :attr:`message` through
    :func:`~personal_touch.decide` (or :meth:`decide`), or give the
    :class:`~personal_touch.triggers.Listener` a ``decide=`` hook, which fills :attr:`decision`.

    Args:
        trigger: The trigger's name.
        contact_id: Whom it concerns.
        at: When it fired (a pending firing fires when its delay or debounce ends).
        message: The candidate message.
        subject: The subject of the signals that made it, if any (a product, a team).
        category: Their category key, if any.
        count: How many matching signals made it.
        signal_ids: The ids of the signals that made it (those that had one, at most ten).
        decision: The ``decide=`` hook's decision, when the listener has one.

    .. versionadded:: 0.4.0
    """

    trigger: str = attrs.field(validator=text("trigger"))
    contact_id: str = attrs.field(validator=text("contact_id"))
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    message: Message = attrs.field(validator=instance_of(Message, "message"))
    subject: str | None = attrs.field(default=None, validator=optional_text("subject"))
    category: str | None = attrs.field(default=None, validator=optional_text("category"))
    count: int = attrs.field(default=1, validator=integer("count", low=1))
    signal_ids: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    decision: Decision | None = attrs.field(default=None, eq=False)

    def decide(
        self,
        contact: Contact,
        *,
        consents: ConsentLedger | Iterable[ConsentGrant],
        history: Iterable[Interaction] | HistorySummary = (),
        suppressions: SuppressionList | Iterable[Suppression] = (),
        policy: Policy | None = None,
        at: dt.datetime | None = None,
    ) -> Decision:
        """
        ``pt.decide(contact, self.message, ..., at=self.at)``: may the message go?

        Args:
            contact: The contact the firing is for.
            consents: Their consent ledger or grants.
            history: Their interactions, or a history summary.
            suppressions: The suppression list (or its entries).
            policy: The policy (default: the default policy).
            at: Decide for another instant than the firing's (when you act on it later).

        .. versionadded:: 0.4.0
        """
        from .._policy._engine import decide

        return decide(
            contact,
            self.message,
            consents=consents,
            history=history,
            at=self.at if at is None else at,
            policy=policy,
            suppressions=suppressions,
        )

    def explain(self) -> str:
        """
        One line for a person: which trigger, when, on how many signals (no personal data).

        .. versionadded:: 0.4.0
        """
        about = f" in {self.category}" if self.category else ""
        return (
            f"{self.trigger}: fired at {self.at.isoformat()} on {self.count} "
            f"signal(s){about}; proposes a {self.message.purpose.value} "
            f"{self.message.channel.value} message"
        )


_FIELDS = ("trigger", "contact_id", "at", "message", "subject", "category", "count", "signal_ids")
_SETTERS = tuple(Firing.__dict__[name].__set__ for name in (*_FIELDS, "decision"))
_new = object.__new__


def make_firing(  # noqa: PLR0917 - positional on purpose: the listener's hot path
    trigger: str,
    contact_id: str,
    at: pendulum.DateTime,
    message: Message,
    subject: str | None,
    category: str | None,
    count: int,
    signal_ids: tuple[str, ...],
) -> Firing:
    """
    ``Firing(trigger=trigger, ...)`` from values the listener already holds valid.

    It skips the converters and validators (the listener's instants are UTC
    ``pendulum.DateTime`` values, its names and ids checked strings) and sets the slots
    through their descriptors, several times faster than attrs' frozen ``__init__``.
    """
    firing = _new(Firing)
    values = (trigger, contact_id, at, message, subject, category, count, signal_ids, None)
    for setter, value in zip(_SETTERS, values, strict=True):
        setter(firing, value)
    return firing


def firing_message(message: Message, category: str | None) -> Message:
    """
    *message* with its ``product_category`` filled from *category* when it has none.
    """
    if category is None or message.product_category is not None:
        return message
    return attrs.evolve(message, product_category=category)


def as_utc(value: dt.datetime) -> dt.datetime:
    """
    *value* in UTC (for the listener's clock).
    """
    return value.astimezone(dt.UTC)
