"""
Follow-up cadences: check back after a conversation, stop when the person answers or opts out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .._interactions import Interaction, InteractionKind
from .._levels import Authorship
from .._time import aware
from .._validators import enum_set, items
from ..exceptions import InvalidFieldError
from ._calendar import ZoneDays
from ._model import LeapDay, SourceFact, Tone, Window
from ._values import digest
from ._variants import FollowUpMoment

if TYPE_CHECKING:
    from .._contacts import Contact

_STOP = frozenset(
    {
        InteractionKind.REPLIED,
        InteractionKind.CONVERTED,
        InteractionKind.PURCHASED,
        InteractionKind.UNSUBSCRIBED,
        InteractionKind.COMPLAINED,
        InteractionKind.FELT_INTRUSIVE,
    }
)


def _offsets(values: Iterable[dt.timedelta]) -> tuple[dt.timedelta, ...]:
    out = tuple(items(values, "offsets"))
    if not out or any(not isinstance(v, dt.timedelta) or v <= dt.timedelta(0) for v in out):
        raise InvalidFieldError("offsets", "must be one or more positive durations")
    return out


def _kinds(values: Iterable[InteractionKind | str]) -> frozenset[InteractionKind]:
    return enum_set(InteractionKind, values, "stop_on")


def _non_negative(_i: object, attribute: attrs.Attribute[dt.timedelta], value: object) -> None:
    if not isinstance(value, dt.timedelta) or value < dt.timedelta(0):
        raise InvalidFieldError(attribute.name, "must be a non-negative duration")


@attrs.frozen(kw_only=True)
class FollowUpCadence:
    """
    When to check back after a conversation, and when to stop.

    Each step's due day is the anchor plus its offset, moved by a spread that is
    deterministic per contact, anchor and step (seeded by their ids, never by global random
    state) so touches do not land on mechanical intervals, and never sooner than
    :attr:`min_gap` after the last touch.

    Args:
        name: The cadence's name, part of the follow-up moment ids.
        offsets: When each step is due after the anchor (the first: "in two or three weeks").
        spread: How far a step may move either way.
        min_gap: The least time between any two touches of one contact.
        window_days: How many days a follow-up gesture fits once due.
        stop_on: Interactions after the anchor that end the cadence: a reply, a conversion
            or purchase, an unsubscribe, a complaint.

    .. versionadded:: 0.1.0
    """

    name: str = "check_back"
    offsets: tuple[dt.timedelta, ...] = attrs.field(
        default=(dt.timedelta(days=17), dt.timedelta(days=45)), converter=_offsets
    )
    spread: dt.timedelta = attrs.field(default=dt.timedelta(days=3), validator=_non_negative)
    min_gap: dt.timedelta = attrs.field(default=dt.timedelta(days=5), validator=_non_negative)
    window_days: int = 3
    stop_on: frozenset[InteractionKind] = attrs.field(default=_STOP, converter=_kinds)


def _is_anchor(i: Interaction) -> bool:
    """
    Whether *i* opens a cadence.

    A call, a meeting, or a human note that acted on no moment or on a life event (a worry
    shared deserves a check-back; a birthday note does not).
    """
    if i.kind in (InteractionKind.CALLED, InteractionKind.MET):
        return i.moment_id is None or ":follow_up:" not in i.moment_id
    return (
        i.kind is InteractionKind.SENT
        and i.authorship is Authorship.HUMAN
        and (i.moment_id is None or ":life_event:" in i.moment_id)
    )


def _token(i: Interaction) -> str:
    return i.moment_id or i.message_id or f"{i.kind.value}@{i.at.isoformat()}"


def _unit(*parts: object) -> float:
    """
    A deterministic number in ``[0, 1)`` from *parts*.
    """
    text = "\x1f".join(str(p) for p in parts).encode("utf-8")
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "big") / 2.0**64


def schedule_follow_ups(
    contact: Contact,
    history: Iterable[Interaction],
    *,
    at: dt.datetime,
    within: dt.timedelta,
    cadence: FollowUpCadence | None = None,
) -> tuple[FollowUpMoment, ...]:
    """
    The follow-up due for *contact* whose window overlaps ``[at, at + within)``, if any.

    The anchor is the latest conversation (a call, a meeting) or human-written note in
    *history* up to *at*.  Nothing is due once the person replied, converted, purchased,
    unsubscribed or complained after it, or when every step was acted on (an interaction
    whose ``moment_id`` is the step's id).

    >>> import pendulum, personal_touch as pt
    >>> from personal_touch import moments
    >>> at = pendulum.datetime(2026, 11, 30, 9)
    >>> c = pt.Contact(id="c-1", created_at=at.subtract(years=1))
    >>> call = pt.Interaction(contact_id="c-1", kind="called", at=at.subtract(days=16))
    >>> [
    ...     m.step
    ...     for m in moments.schedule_follow_ups(c, [call], at=at, within=pendulum.duration(days=7))
    ... ]
    [1]

    .. versionadded:: 0.1.0
    """
    cad = cadence or FollowUpCadence()
    now = aware(at, "at")
    own = sorted((i for i in history if i.contact_id == contact.id and i.at <= now), key=_at)
    anchors = [i for i in own if _is_anchor(i)]
    if not anchors:
        return ()
    anchor = anchors[-1]
    after = [i for i in own if i.at > anchor.at]
    if any(i.kind in cad.stop_on for i in after):
        return ()
    token = digest(_token(anchor))
    acted = {i.moment_id for i in after if i.moment_id}
    touches = [i.at for i in own if i.kind.is_touch]
    zone = ZoneDays(contact.calendar_zone, now, now + within, LeapDay.FEB_28)
    for step, offset in enumerate(cad.offsets, start=1):
        moment_id = f"{contact.id}:follow_up:{cad.name}:{token}:{step}"
        if moment_id in acted:
            continue
        shift = (2 * _unit(contact.id, token, step) - 1) * cad.spread.total_seconds()
        due = anchor.at + offset + dt.timedelta(seconds=round(shift))
        if touches:
            due = max(due, touches[-1] + cad.min_gap)
        hour = 9 + int(_unit(contact.id, token, step, "hour") * 7)
        day = zone.local_date(due)
        span = _span(zone, day, hour, cad.window_days)
        if not zone.fits(span):
            return ()
        return (_moment(contact, anchor, moment_id, day, zone.window(span), cad, step),)
    return ()


def _span(zone: ZoneDays, day: dt.date, hour: int, days: int) -> tuple[float, float]:
    """
    From *hour* on local *day* to the same hour *days* later, as UTC timestamps.
    """
    return (zone.local_ts(day, hour), zone.local_ts(day + dt.timedelta(days=days), hour))


def _moment(  # noqa: PLR0917 - private, one caller
    contact: Contact,
    anchor: Interaction,
    moment_id: str,
    day: dt.date,
    window: Window,
    cadence: FollowUpCadence,
    step: int,
) -> FollowUpMoment:
    """
    The follow-up on *anchor*: sensitive when a fact it used is of a special category.
    """
    sensitive = any(
        (f := contact.fact(k)) is not None and f.sensitivity.is_special for k in anchor.facts_used
    )
    sources = tuple(
        SourceFact(
            key=f.key,
            provenance=f.provenance,
            recorded_at=f.recorded_at,
            sensitivity=f.sensitivity,
            source=f.source,
        )
        for k in sorted(anchor.facts_used)
        if (f := contact.fact(k)) is not None
    )
    return FollowUpMoment(
        id=moment_id,
        contact_id=contact.id,
        occurs_on=day,
        window=window,
        tone=Tone.SENSITIVE if sensitive else Tone.NEUTRAL,
        sources=sources,
        cadence=cadence.name,
        step=step,
        anchor_id=_token(anchor),
        topic=anchor.topic,
    )


def follow_ups(
    contacts: Iterable[Contact],
    history: Iterable[Interaction],
    *,
    at: dt.datetime,
    within: dt.timedelta,
    cadence: FollowUpCadence | None = None,
) -> list[FollowUpMoment]:
    """
    :func:`schedule_follow_ups` for many contacts, with their history in one iterable.
    """
    by_contact: dict[str, list[Interaction]] = {}
    for i in history:
        by_contact.setdefault(i.contact_id, []).append(i)
    out: list[FollowUpMoment] = []
    for c in contacts:
        own = by_contact.get(c.id)
        if own:
            out.extend(schedule_follow_ups(c, own, at=at, within=within, cadence=cadence))
    return out


def _at(i: Interaction) -> dt.datetime:
    return i.at
