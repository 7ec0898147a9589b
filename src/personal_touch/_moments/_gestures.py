"""
Gestures: what one might do for a moment, with the level and authorship each needs.
"""

from __future__ import annotations

import attrs

from .._channels import Channel, Medium
from .._levels import Authorship, Level
from .._validators import StrictStrEnum, items, lookup
from ._model import MatchResult, Moment, MomentKind
from ._variants import TeamResultMoment


class GestureKind(StrictStrEnum):
    """
    A kind of gesture.

    .. versionadded:: 0.1.0
    """

    #: A short note.
    NOTE = "note"
    #: A useful link (a guide, an organisation that helps).
    LINK = "link"
    #: A recommendation (restaurants for a trip, a book).
    RECOMMENDATION = "recommendation"
    #: A gift (tickets, a book), sent by post.
    GIFT = "gift"
    #: A phone call.
    CALL = "call"


def _channels(values: tuple[Channel | str, ...]) -> tuple[Channel, ...]:
    return tuple(lookup(Channel, v, "channels") for v in items(values, "channels"))


def _kind(value: GestureKind | str) -> GestureKind:
    return lookup(GestureKind, value, "kind")


@attrs.frozen
class Gesture:
    """
    One way to act on a moment: what, who writes it, how personal, and on which channels.

    Args:
        kind: Note, link, recommendation, gift or call.
        authorship: Who must write it; sensitive moments only ever get human gestures.
        level: The level of personalization it needs.
        channels: Channels it travels on; empty means any channel the contact has a
            verified address for.

    .. versionadded:: 0.1.0
    """

    kind: GestureKind = attrs.field(converter=_kind)
    authorship: Authorship = attrs.field(converter=Authorship)
    level: Level = attrs.field(converter=Level)
    channels: tuple[Channel, ...] = attrs.field(default=(), converter=_channels)

    @property
    def is_human(self) -> bool:
        """
        Whether a person writes it (human or assisted authorship).
        """
        return self.authorship is not Authorship.AUTOMATED

    @property
    def format(self) -> Medium | None:
        """
        The form it takes (``None`` for a gift: a thing, not a format).

        :attr:`Medium.CALL` for a call, :attr:`Medium.TEXT` for a note, a link or a
        recommendation.

        .. versionadded:: 0.1.0
        """
        return _FORMATS.get(self.kind)


_FORMATS = {
    GestureKind.NOTE: Medium.TEXT,
    GestureKind.LINK: Medium.TEXT,
    GestureKind.RECOMMENDATION: Medium.TEXT,
    GestureKind.CALL: Medium.CALL,
}


_H = Authorship.HUMAN
_A = Authorship.AUTOMATED
_NOTE_H = Gesture(GestureKind.NOTE, _H, Level.INDIVIDUAL)
_CALL_H = Gesture(GestureKind.CALL, _H, Level.INDIVIDUAL, (Channel.PHONE,))
_NOTE_A = Gesture(GestureKind.NOTE, _A, Level.PERSONAL)

_BY_KIND: dict[MomentKind, tuple[Gesture, ...]] = {
    MomentKind.BIRTHDAY: (_NOTE_H, _CALL_H, _NOTE_A),
    MomentKind.ANNIVERSARY: (_NOTE_H, _NOTE_A),
    MomentKind.TRIP: (
        Gesture(GestureKind.RECOMMENDATION, _H, Level.INDIVIDUAL),
        Gesture(GestureKind.LINK, _A, Level.PERSONAL),
    ),
    MomentKind.PURCHASE: (
        _NOTE_H,
        Gesture(GestureKind.GIFT, _H, Level.INDIVIDUAL, (Channel.POST,)),
        Gesture(GestureKind.NOTE, _A, Level.CONTEXTUAL),
    ),
    MomentKind.LIFE_EVENT: (
        _NOTE_H,
        _CALL_H,
        Gesture(GestureKind.LINK, _H, Level.INDIVIDUAL),
        _NOTE_A,
    ),
    MomentKind.TEAM_RESULT: (_NOTE_H, _NOTE_A),
    MomentKind.FOLLOW_UP: (_NOTE_H, _CALL_H, _NOTE_A),
    MomentKind.CUSTOM: (_NOTE_H, Gesture(GestureKind.LINK, _A, Level.PERSONAL)),
}


def suggest_gestures(moment: Moment) -> tuple[Gesture, ...]:
    """
    The gestures that fit *moment*, the most personal first.

    Sensitive moments get only human gestures; so does a team's loss or draw (software does
    not commiserate).

    >>> import pendulum, personal_touch as pt
    >>> from personal_touch import moments
    >>> at = pendulum.datetime(2026, 11, 30, 9)
    >>> m = moments.LifeEventMoment(
    ...     id="c-1:life_event:x",
    ...     contact_id="c-1",
    ...     occurs_on=at.date(),
    ...     window=moments.Window(at, at.add(days=3)),
    ...     tone="sensitive",
    ...     label="worry",
    ... )
    >>> [(g.kind.value, g.authorship.value) for g in moments.suggest_gestures(m)]
    [('note', 'human'), ('call', 'human'), ('link', 'human')]

    .. versionadded:: 0.1.0
    """
    gestures = _BY_KIND[moment.kind]
    human_only = moment.is_sensitive or (
        isinstance(moment, TeamResultMoment) and moment.outcome is not MatchResult.WON
    )
    if human_only:
        return tuple(g for g in gestures if g.is_human)
    return gestures
