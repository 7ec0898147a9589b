"""
The moment base (kinds, window, sources, tone), external events and a scan's data problems.

The variants of the :class:`Moment` union live in :mod:`._variants`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, ClassVar, TypeVar

import attrs
import pendulum

from .._facts import Provenance, Sensitivity
from .._time import aware, check_aware, check_aware_or_none, to_datetime, to_datetime_or_none
from .._validators import (
    StrictStrEnum,
    instance_of,
    lookup,
    optional_text,
    text,
    tuple_of,
)
from ..exceptions import InvalidFieldError

_T = TypeVar("_T")
_set = object.__setattr__


def unchecked(cls: type[_T], /, **fields: Any) -> _T:
    """
    A frozen value of *cls* from *fields* already in their final form, without its checks.

    For the scan's hot loop only, where every part comes from validated values (a contact,
    its facts, the scan's calendar): the result equals ``cls(**fields)`` (tests check it,
    field by field, with :func:`attrs.evolve`).  Every field must be given.
    """
    value = object.__new__(cls)
    for name, v in fields.items():
        _set(value, name, v)
    return value


class MomentKind(StrictStrEnum):
    """
    What kind of moment it is; the tag of the serialized :class:`Moment` union.

    .. versionadded:: 0.1.0
    """

    BIRTHDAY = "birthday"
    ANNIVERSARY = "anniversary"
    TRIP = "trip"
    PURCHASE = "purchase"
    LIFE_EVENT = "life_event"
    TEAM_RESULT = "team_result"
    FOLLOW_UP = "follow_up"
    CUSTOM = "custom"


class Tone(StrictStrEnum):
    """
    The register a gesture for a moment should strike.

    .. versionadded:: 0.1.0
    """

    #: Congratulations fit: a birthday, a win, a new job.
    CELEBRATORY = "celebratory"
    #: Helpful and warm, not festive: a trip, a follow-up, a loss (never "congratulations").
    NEUTRAL = "neutral"
    #: Handle with care, only a human should write: a worry shared, a special category.
    SENSITIVE = "sensitive"


class MatchResult(StrictStrEnum):
    """
    How a match ended for the team a contact follows.

    .. versionadded:: 0.1.0
       As ``Outcome``; renamed ``MatchResult`` (a rule's outcome is
       :class:`personal_touch.rules.Outcome`; ``personal_touch.Outcome`` is a deprecated alias).
    """

    WON = "won"
    LOST = "lost"
    DRAW = "draw"


class LeapDay(StrictStrEnum):
    """
    Where a February 29 date recurs in common years.

    .. versionadded:: 0.1.0
    """

    #: February 28 (the default: still in February, never late).
    FEB_28 = "feb_28"
    #: March 1 (the day after February 28).
    MAR_1 = "mar_1"


def _end_after_start(instance: Window, _: object, value: pendulum.DateTime) -> None:
    if value <= instance.start:
        raise InvalidFieldError("end", "must be after start")


@attrs.frozen
class Window:
    """
    The span in which a gesture for a moment fits, start inclusive, end exclusive.

    Both ends are aware and expressed in the contact's time zone, so ``window.start.hour``
    is the contact's wall-clock hour.

    .. versionadded:: 0.1.0
    """

    start: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    end: pendulum.DateTime = attrs.field(
        converter=to_datetime, validator=[check_aware, _end_after_start]
    )

    def contains(self, at: dt.datetime) -> bool:
        """
        Whether instant *at* lies in the window.

        Raises:
            NaiveDateTimeError: *at* has no time zone.
        """
        return self.start <= aware(at, "at") < self.end

    def overlaps(self, start: dt.datetime, end: dt.datetime) -> bool:
        """
        Whether the window shares any instant with ``[start, end)``.

        Raises:
            NaiveDateTimeError: *start* or *end* has no time zone.
        """
        return self.start < aware(end, "end") and aware(start, "start") < self.end


def _provenance(value: Provenance | str | None) -> Provenance | None:
    return None if value is None else lookup(Provenance, value, "provenance")


@attrs.frozen(kw_only=True)
class SourceFact:
    """
    A fact a moment was detected from: its key and where we learned it, never its value.

    Args:
        key: The fact key (``"travel.next_trip"``) or contact field (``"birth_date"``).
        provenance: How we learned it; ``None`` for a contact field with no record of it.
        recorded_at: When we learned it, if known.
        sensitivity: Its special category, if any.
        source: Where it was recorded (``"call notes"``), if known.

    .. versionadded:: 0.1.0
    """

    key: str = attrs.field(validator=text("key"))
    provenance: Provenance | None = attrs.field(default=None, converter=_provenance)
    recorded_at: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    sensitivity: Sensitivity = attrs.field(default=Sensitivity.ORDINARY, converter=Sensitivity)
    source: str | None = attrs.field(default=None, validator=optional_text("source"))


def _sources(values: Iterable[SourceFact]) -> tuple[SourceFact, ...]:
    return tuple_of(SourceFact, values, "sources")


@attrs.frozen(kw_only=True, repr=False)
class Moment:
    """
    A moment that matters to a contact: the base of a tagged union of variants.

    Each variant sets :attr:`kind`, the tag under which it serializes.  Every moment says
    whose it is, which facts it came from, when it happens in the contact's local calendar,
    when a gesture fits, in which tone, and carries a stable :attr:`id` built from the
    contact, the kind and the occurrence, so the same occurrence is never acted on twice
    (record it as :attr:`personal_touch.Interaction.moment_id`).

    Args:
        id: Stable id: contact id, kind and an occurrence token (no fact values).
        contact_id: Whose moment it is.
        occurs_on: The local calendar date it happens on (a birthday, a departure).
        window: When a gesture fits.
        tone: Celebratory, neutral or sensitive.
        sources: The facts it was detected from.

    .. versionadded:: 0.1.0
    """

    kind: ClassVar[MomentKind]
    #: How much a gesture for this kind of moment is worth, for the planner (0 to 1).
    weight: ClassVar[float] = 0.3

    id: str = attrs.field(validator=text("id"))
    contact_id: str = attrs.field(validator=text("contact_id"))
    occurs_on: dt.date = attrs.field(validator=instance_of(dt.date, "occurs_on"))
    window: Window = attrs.field(validator=instance_of(Window, "window"))
    tone: Tone = attrs.field(converter=Tone)
    sources: tuple[SourceFact, ...] = attrs.field(default=(), converter=_sources)

    def __attrs_post_init__(self) -> None:
        if type(self) is Moment:
            raise TypeError("Moment is the base of a union: create one of its variants")

    def __repr__(self) -> str:
        # Ids and tone only: labels, places, teams, amounts and dates can be personal data.
        return (
            f"{type(self).__name__}(id={self.id!r}, contact_id={self.contact_id!r}, "
            f"tone={self.tone.value})"
        )

    @property
    def is_sensitive(self) -> bool:
        """
        Whether only a human should act on it.
        """
        return self.tone is Tone.SENSITIVE

    @property
    def fact_keys(self) -> tuple[str, ...]:
        """
        The keys of the facts it was detected from.
        """
        return tuple(s.key for s in self.sources)


class EventKind(StrictStrEnum):
    """
    What an external event is.

    .. versionadded:: 0.1.0
    """

    SPORTS_RESULT = "sports_result"
    LOCAL_NEWS = "local_news"
    WEATHER_ALERT = "weather_alert"
    OTHER = "other"


def _event_kind(value: EventKind | str) -> EventKind:
    return lookup(EventKind, value, "kind")


def _outcome(value: MatchResult | str | None) -> MatchResult | None:
    return None if value is None else lookup(MatchResult, value, "outcome")


@attrs.frozen(kw_only=True)
class Event:
    """
    Something that happened in the world, supplied by your application.

    Sports results match contacts whose ``interests.sports.team`` names :attr:`team`;
    local news and weather alerts match contacts whose ``location.city`` is :attr:`place`.
    Matching ignores case and surrounding spaces.

    Args:
        id: Your stable id for the event (part of the moment ids it yields).
        kind: What it is.
        at: When it happened or was issued (aware).
        team: For sports results: the team the result is about.
        outcome: For sports results: how it ended for :attr:`team`.
        opponent: For sports results: the other side.
        place: For news and alerts: the city it concerns.
        title: A short headline, for the writer's brief.
        link: A useful link, for automated gestures.

    .. versionadded:: 0.1.0
    """

    id: str = attrs.field()
    kind: EventKind = attrs.field(converter=_event_kind)
    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    team: str | None = attrs.field(default=None, validator=optional_text("team"))
    outcome: MatchResult | None = attrs.field(default=None, converter=_outcome)
    opponent: str | None = attrs.field(default=None, validator=optional_text("opponent"))
    place: str | None = attrs.field(default=None, validator=optional_text("place"))
    title: str | None = attrs.field(default=None, validator=optional_text("title"))
    link: str | None = attrs.field(default=None, validator=optional_text("link"))

    @id.validator
    def _check_id(self, _: object, value: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise InvalidFieldError("id", "must be a non-empty string")

    def __attrs_post_init__(self) -> None:
        if self.kind is EventKind.SPORTS_RESULT and (self.team is None or self.outcome is None):
            raise InvalidFieldError("team", "a sports result needs a team and an outcome")


@attrs.frozen(kw_only=True)
class DataProblem:
    """
    A fact whose value does not fit its kind, found during a scan.

    Holds the contact id, the fact key and what is wrong, never the value.

    .. versionadded:: 0.1.0
    """

    contact_id: str
    key: str
    code: str
    problem: str

    def __str__(self) -> str:
        return f"{self.contact_id} {self.key}: {self.problem} [{self.code}]"
