"""
Triggers: declarative patterns over signals, and the message each proposes when it fires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Self

import attrs

from .._message import Message
from .._signals._categories import category_key
from .._signals._signal import SignalKind
from .._validators import (
    StrictStrEnum,
    Validator,
    enum_set,
    instance_of,
    integer,
    optional_text,
    text,
)
from ..exceptions import InvalidFieldError

_ZERO = dt.timedelta(0)


class TriggerPattern(StrictStrEnum):
    """
    The shape of the behaviour a :class:`Trigger` waits for.

    .. versionadded:: 0.4.0
    """

    #: Every matching signal (a trip booked, a team result).
    EACH = "each"
    #: ``count`` matching signals in one category within ``window`` (three views in a week).
    COUNT = "count"
    #: A matching signal not followed, within ``delay``, by a signal of a kind in ``unless``
    #: about the same subject (added to the cart, not purchased within an hour).
    ABSENCE = "absence"
    #: An :class:`Update` of a kind in ``updates`` (a price drop, back in stock, a team
    #: result) about a subject the contact had a matching signal for within ``window``
    #: (viewed the product, stated a preference for the team), in their size when known.
    UPDATE = "update"


class UpdateKind(StrictStrEnum):
    """
    What happened to a subject, for :attr:`TriggerPattern.UPDATE` triggers.

    .. versionadded:: 0.4.0
    """

    PRICE_DROP = "price_drop"
    BACK_IN_STOCK = "back_in_stock"
    TEAM_RESULT = "team_result"


def _kinds(values: Iterable[SignalKind | str]) -> frozenset[SignalKind]:
    return enum_set(SignalKind, values, "kinds")


def _unless(values: Iterable[SignalKind | str]) -> frozenset[SignalKind]:
    return enum_set(SignalKind, values, "unless")


def _updates(values: Iterable[UpdateKind | str]) -> frozenset[UpdateKind]:
    return enum_set(UpdateKind, values, "updates")


def _duration(field: str, *, required: bool = False) -> Validator:
    def check(_instance: object, _attribute: object, value: object) -> None:
        if value is None and not required:
            return
        if not isinstance(value, dt.timedelta) or value < _ZERO:
            raise InvalidFieldError(field, "must be a duration of zero or more")

    return check


def _category(value: str | None) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidFieldError("category", "must be a string or None")
    return category_key(value)


@attrs.frozen(kw_only=True)
class Trigger:
    """
    A pattern of behaviour and the message it proposes when a contact's signals match it.

    Triggers are data: build them with the constructors (:meth:`abandoned_cart`,
    :meth:`repeated_views`, :meth:`price_drop`, :meth:`back_in_stock`, :meth:`trip_booked`,
    :meth:`team_result`) or directly, and keep them as JSON through
    :mod:`personal_touch.converters`.  A :class:`~personal_touch.triggers.Listener` evaluates them.

    Args:
        name: Unique among the listener's triggers; names the firings and the state.
        pattern: What it waits for (see :class:`TriggerPattern`).
        message: The candidate message each firing proposes (its ``product_category`` is
            filled from the matching signal's category when left empty).  Every firing still
            goes through :func:`~personal_touch.decide`.
        kinds: The signal kinds it listens to (values of ``SignalKind``).
        category: Only signals in this category or below it (``apparel`` matches
            ``apparel.t_shirts``).
        subject: Only signals about this subject (a product id, a team).
        count: How many matching signals in one category make a firing (``COUNT``).
        window: How far back they count (``COUNT``), or how recent the matching signal
            about an updated subject must be (``UPDATE``).
        delay: How long to wait for a signal of a kind in ``unless`` (``ABSENCE``).
        unless: The signal kinds that cancel a pending ``ABSENCE`` firing for the subject.
        updates: The kinds of update it fires on (``UPDATE``).
        size_fact: The fact key holding the contact's size; an update that lists
            sizes fires only for a contact whose known size is among them.
        debounce: Wait until the contact's matching signals have paused this long, then fire
            once for the burst.
        cooldown: After a firing, the trigger stays quiet for the contact this long.

    >>> import datetime as dt
    >>> import personal_touch as pt
    >>> from personal_touch.triggers import Trigger
    >>> offer = pt.Message(purpose="marketing", channel="email")
    >>> t = Trigger.repeated_views("browsing", count=3, window=dt.timedelta(days=7), message=offer)
    >>> t.pattern.value, t.count, sorted(k.value for k in t.kinds)
    ('count', 3, ['viewed'])

    .. versionadded:: 0.4.0
    """

    name: str = attrs.field(validator=text("name"))
    pattern: TriggerPattern = attrs.field(converter=TriggerPattern)
    message: Message = attrs.field(validator=instance_of(Message, "message"))
    kinds: frozenset[SignalKind] = attrs.field(converter=_kinds)
    category: str | None = attrs.field(default=None, converter=_category)
    subject: str | None = attrs.field(default=None, validator=optional_text("subject"))
    count: int = attrs.field(default=1, validator=integer("count", low=1, high=10_000))
    window: dt.timedelta | None = attrs.field(default=None, validator=_duration("window"))
    delay: dt.timedelta | None = attrs.field(default=None, validator=_duration("delay"))
    unless: frozenset[SignalKind] = attrs.field(default=frozenset(), converter=_unless)
    updates: frozenset[UpdateKind] = attrs.field(default=frozenset(), converter=_updates)
    size_fact: str | None = attrs.field(default=None, validator=optional_text("size_fact"))
    debounce: dt.timedelta = attrs.field(default=_ZERO, validator=_duration("debounce"))
    cooldown: dt.timedelta = attrs.field(default=_ZERO, validator=_duration("cooldown"))

    @cooldown.validator
    def _check_shape(self, _attribute: object, _value: object) -> None:
        if not self.kinds:
            raise InvalidFieldError("kinds", "must name at least one signal kind")
        p = self.pattern
        if p is TriggerPattern.COUNT and self.window is None:
            raise InvalidFieldError("window", "a count trigger needs a window")
        if p is TriggerPattern.ABSENCE and (self.delay is None or not self.unless):
            raise InvalidFieldError("delay", "an absence trigger needs a delay and unless")
        if p is TriggerPattern.UPDATE and (self.window is None or not self.updates):
            raise InvalidFieldError("updates", "an update trigger needs a window and updates")

    def matches(self, subject: str | None, category: str | None) -> bool:
        """
        Whether a signal or update about *subject* in *category* passes the filters.

        .. versionadded:: 0.4.0
        """
        if self.subject is not None and subject != self.subject:
            return False
        c = self.category
        if c is None:
            return True
        return category is not None and (category == c or category.startswith(c + "."))

    @property
    def horizon(self) -> dt.timedelta:
        """
        How long the trigger needs to remember a contact's signals and firings.
        """
        spans = (self.window, self.delay, self.debounce, self.cooldown)
        return max(s for s in spans if s is not None)

    @classmethod
    def abandoned_cart(
        cls,
        name: str,
        *,
        delay: dt.timedelta,
        message: Message,
        cooldown: dt.timedelta = _ZERO,
        category: str | None = None,
    ) -> Self:
        """
        Fires when a product added to the cart is not purchased within *delay*.

        .. versionadded:: 0.4.0
        """
        return cls(
            name=name,
            pattern=TriggerPattern.ABSENCE,
            message=message,
            kinds=("added_to_cart",),
            unless=("purchased",),
            delay=delay,
            cooldown=cooldown,
            category=category,
        )

    @classmethod
    def repeated_views(
        cls,
        name: str,
        *,
        count: int,
        window: dt.timedelta,
        message: Message,
        category: str | None = None,
        debounce: dt.timedelta = _ZERO,
        cooldown: dt.timedelta = _ZERO,
    ) -> Self:
        """
        Fires when *count* views in one category (below *category*) fall within *window*.

        .. versionadded:: 0.4.0
        """
        return cls(
            name=name,
            pattern=TriggerPattern.COUNT,
            message=message,
            kinds=("viewed",),
            count=count,
            window=window,
            category=category,
            debounce=debounce,
            cooldown=cooldown,
        )

    @classmethod
    def price_drop(
        cls,
        name: str,
        *,
        window: dt.timedelta,
        message: Message,
        size_fact: str | None = None,
        cooldown: dt.timedelta = _ZERO,
    ) -> Self:
        """
        Fires when the price of a product the contact viewed within *window* drops.

        .. versionadded:: 0.4.0
        """
        return cls(
            name=name,
            pattern=TriggerPattern.UPDATE,
            message=message,
            kinds=("viewed",),
            updates=(UpdateKind.PRICE_DROP,),
            window=window,
            size_fact=size_fact,
            cooldown=cooldown,
        )

    @classmethod
    def back_in_stock(
        cls,
        name: str,
        *,
        window: dt.timedelta,
        message: Message,
        size_fact: str | None = None,
        cooldown: dt.timedelta = _ZERO,
    ) -> Self:
        """
        Fires when a product the contact viewed within *window* is back in stock.

        With *size_fact*, an update that lists sizes fires only for contacts whose size
        (when known) is among them.

        .. versionadded:: 0.4.0
        """
        return cls(
            name=name,
            pattern=TriggerPattern.UPDATE,
            message=message,
            kinds=("viewed",),
            updates=(UpdateKind.BACK_IN_STOCK,),
            window=window,
            size_fact=size_fact,
            cooldown=cooldown,
        )

    @classmethod
    def trip_booked(cls, name: str, *, message: Message, cooldown: dt.timedelta = _ZERO) -> Self:
        """
        Fires on each booked trip (a ``booked_travel`` signal).

        .. versionadded:: 0.4.0
        """
        return cls(
            name=name,
            pattern=TriggerPattern.EACH,
            message=message,
            kinds=("booked_travel",),
            cooldown=cooldown,
        )

    @classmethod
    def team_result(
        cls,
        name: str,
        *,
        message: Message,
        team: str | None = None,
        window: dt.timedelta = dt.timedelta(days=365),
        kinds: Iterable[SignalKind | str] = ("stated_preference",),
        cooldown: dt.timedelta = _ZERO,
    ) -> Self:
        """
        Fires on a team's result for the contacts who follow the team.

        A contact follows a team by a signal of a kind in *kinds* (by default a stated
        preference) whose subject is the team, within *window*; the result is an
        :class:`Update` of kind ``team_result`` about the team.

        .. versionadded:: 0.4.0
        """
        return cls(
            name=name,
            pattern=TriggerPattern.UPDATE,
            message=message,
            kinds=tuple(kinds),
            updates=(UpdateKind.TEAM_RESULT,),
            subject=team,
            window=window,
            cooldown=cooldown,
        )
