"""
The variants of the :class:`~._model.Moment` union, one per kind, and the table of them by tag.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs

from ._model import MatchResult, Moment, MomentKind


@attrs.frozen(kw_only=True, repr=False)
class BirthdayMoment(Moment):
    """
    A birthday, on the contact's local calendar; the gesture fits its local morning.

    Args:
        age: The age they turn, when the birth year is known.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind] = MomentKind.BIRTHDAY
    weight: ClassVar[float] = 0.6

    age: int | None = None


@attrs.frozen(kw_only=True, repr=False)
class AnniversaryMoment(Moment):
    """
    The anniversary of any dated fact: customer since, a work anniversary, a wedding.

    Args:
        label: The fact key's last segment (``"customer_since"``, ``"wedding"``).
        years: How many years it has been.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind] = MomentKind.ANNIVERSARY
    weight: ClassVar[float] = 0.5

    label: str
    years: int


@attrs.frozen(kw_only=True, repr=False)
class TripMoment(Moment):
    """
    An upcoming trip; the gesture fits in the days before departure.

    Args:
        destination: Where they go, if we know.
        departs: The local departure date.
        returns: The local return date, if known.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind] = MomentKind.TRIP
    weight: ClassVar[float] = 0.8

    destination: str | None = None
    departs: dt.date
    returns: dt.date | None = None


@attrs.frozen(kw_only=True, repr=False)
class PurchaseMoment(Moment):
    """
    A big purchase that deserves a thank-you in the week after it.

    Args:
        amount: What it cost.
        currency: ISO 4217 code, if known.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind] = MomentKind.PURCHASE
    weight: ClassVar[float] = 0.7

    amount: float
    currency: str | None = None


@attrs.frozen(kw_only=True, repr=False)
class LifeEventMoment(Moment):
    """
    Something that happened in their life that they told us: a new job, a move, a worry.

    Args:
        label: The fact key's last segment (``"new_job"``, ``"parent_care"``).

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind] = MomentKind.LIFE_EVENT
    weight: ClassVar[float] = 0.9

    label: str


@attrs.frozen(kw_only=True, repr=False)
class TeamResultMoment(Moment):
    """
    A result of the team they follow; a loss is never celebratory.

    Args:
        team: The team, as the event named it.
        outcome: Won, lost or drew.
        event_id: The :class:`Event` it came from.
        opponent: Who they played, if known.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind] = MomentKind.TEAM_RESULT
    weight: ClassVar[float] = 0.5

    team: str
    outcome: MatchResult = attrs.field(converter=MatchResult)
    event_id: str
    opponent: str | None = None


@attrs.frozen(kw_only=True, repr=False)
class FollowUpMoment(Moment):
    """
    Time to check back after a conversation or an earlier gesture.

    Args:
        cadence: The name of the :class:`~personal_touch.FollowUpCadence`.
        step: Which step of the cadence (1 for the first check-back).
        anchor_id: The id of what we follow up on (a moment id, a message id).
        topic: What it was about, if recorded.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind] = MomentKind.FOLLOW_UP
    weight: ClassVar[float] = 0.6

    cadence: str
    step: int
    anchor_id: str
    topic: str | None = None


@attrs.frozen(kw_only=True, repr=False)
class CustomMoment(Moment):
    """
    Anything else worth a gesture: local news, a weather alert, your own detectors' finds.

    Args:
        label: What it is (``"weather_alert"``).
        event_id: The :class:`Event` it came from, if any.
        link: A useful link to share, if any.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind] = MomentKind.CUSTOM
    weight: ClassVar[float] = 0.3

    label: str
    event_id: str | None = None
    link: str | None = None


#: Every moment variant, by tag.
MOMENT_TYPES: dict[MomentKind, type[Moment]] = {
    cls.kind: cls
    for cls in (
        BirthdayMoment,
        AnniversaryMoment,
        TripMoment,
        PurchaseMoment,
        LifeEventMoment,
        TeamResultMoment,
        FollowUpMoment,
        CustomMoment,
    )
}
