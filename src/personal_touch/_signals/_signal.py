"""
What a person did or told us, as it happened: the :class:`Signal` value and its kinds.
"""

from __future__ import annotations

import attrs
import pendulum

from .._facts import FactValue, freeze_value
from .._time import check_aware, to_datetime
from .._validators import StrictStrEnum, lookup, optional_text, text
from ._categories import optional_category_key

__all__ = ["Signal", "SignalKind"]


class SignalKind(StrictStrEnum):
    """
    What a person did or said.

    Behaviour (views, searches, carts, purchases, returns, visits, opens, clicks, replies,
    bookings, complaints, unsubscribes) is *observed*; answers and stated preferences are
    what the person *told* us.

    .. versionadded:: 0.4.0
    """

    VIEWED = "viewed"
    SEARCHED = "searched"
    ADDED_TO_CART = "added_to_cart"
    PURCHASED = "purchased"
    RETURNED = "returned"
    VISITED = "visited"
    OPENED = "opened"
    CLICKED = "clicked"
    REPLIED = "replied"
    ANSWERED = "answered"
    STATED_PREFERENCE = "stated_preference"
    BOOKED_TRAVEL = "booked_travel"
    COMPLAINED = "complained"
    UNSUBSCRIBED = "unsubscribed"

    @property
    def is_stated(self) -> bool:
        """
        Whether the person told us (an answer, a stated preference) rather than did it.
        """
        return self is SignalKind.ANSWERED or self is SignalKind.STATED_PREFERENCE


def _kind(value: SignalKind | str) -> SignalKind:
    return lookup(SignalKind, value, "kind")


def _value(value: object) -> FactValue:
    return None if value is None else freeze_value(value)


@attrs.frozen(kw_only=True, repr=False)
class Signal:
    """
    One thing a person did or told us, at an instant.

    Args:
        contact_id: Whose signal it is.
        kind: What happened.
        at: When (aware).
        subject: What it was about: a product id, a page path, a search query, the fact key
            an answer is for.
        category: The category it belongs to, as a category path or key
            (``"Apparel > T-Shirts"``); normalized by
            :func:`~personal_touch.listening.category_key`.
        value: A JSON-able value: an answer, a stated preference, trip details
            (``{"departs": "2027-03-01", "returns": "2027-03-05", "destination": "New York"}``).
        source: Where it came from (``"web"``, ``"shopify"``, ``"survey:onboarding"``).
        id: The event's own id; learning counts a signal with an id once.

    The ``repr`` shows the kind and category, never the subject or value.

    .. versionadded:: 0.4.0
    """

    contact_id: str = attrs.field(validator=text("contact_id"))
    kind: SignalKind = attrs.field(converter=_kind)
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    subject: str | None = attrs.field(default=None, validator=optional_text("subject"))
    category: str | None = attrs.field(default=None, converter=optional_category_key)
    value: FactValue | None = attrs.field(default=None, converter=_value)
    source: str | None = attrs.field(default=None, validator=optional_text("source"))
    id: str | None = attrs.field(default=None, validator=optional_text("id"))

    def __repr__(self) -> str:
        return f"Signal(kind={self.kind.value}, category={self.category!r}, at={self.at})"
