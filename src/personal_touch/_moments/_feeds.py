"""
Detection handlers that match a contact's facts against external events.

The results of the teams they follow, and local news and weather alerts for their city.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._frozen import FrozenMap
from ._dated import source_of
from ._model import MatchResult, Moment, Tone
from ._values import norm, opt_text, team_names
from ._variants import CustomMoment, TeamResultMoment

if TYPE_CHECKING:
    from .._contacts import Contact
    from .._facts import Fact
    from ._calendar import ZoneDays
    from ._detect import Detector


def team(d: Detector, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
    """
    Results of the teams they follow, from the event feed; a loss is never celebrated.
    """
    value = fact.value
    if type(value) is str and value.strip():
        names: tuple[str, ...] = (value,)
    elif type(value) is FrozenMap and type(name := value._data.get("name")) is str and name.strip():
        names = (name,)
    else:
        names = team_names(value)
    if not d.teams:
        return
    for name in names:
        for event in d.teams.get(norm(name), ()):
            span = d.event_span(event)
            if not zone.fits(span):
                continue
            result = event.outcome
            if result is MatchResult.LOST and not d.options.include_losses:
                continue
            tone = Tone.CELEBRATORY if result is MatchResult.WON else Tone.NEUTRAL
            out.append(
                TeamResultMoment(
                    id=f"{contact.id}:team_result:{event.id}",
                    contact_id=contact.id,
                    occurs_on=zone.local_date(event.at),
                    window=zone.window(span),
                    tone=tone,
                    sources=(source_of(fact),),
                    team=event.team or name,
                    outcome=result or MatchResult.DRAW,
                    event_id=event.id,
                    opponent=event.opponent,
                )
            )


def place(d: Detector, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
    """
    Local news and weather alerts for the city they live in.
    """
    city = opt_text(fact.value, "city")
    if city is None or not d.places:
        return
    for event in d.places.get(norm(city), ()):
        span = d.event_span(event)
        if zone.fits(span):
            out.append(
                CustomMoment(
                    id=f"{contact.id}:custom:{event.id}",
                    contact_id=contact.id,
                    occurs_on=zone.local_date(event.at),
                    window=zone.window(span),
                    tone=Tone.NEUTRAL,
                    sources=(source_of(fact),),
                    label=event.kind.value,
                    event_id=event.id,
                    link=event.link,
                )
            )
