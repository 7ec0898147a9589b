"""
Detection handlers for dated facts: birthdays, anniversaries, trips, purchases, life events.

Each handler reads one fact of one contact on the contact's zone calendar and appends the
moments it finds; a value that does not fit raises :class:`~._values.BadValue`, which the
:class:`~._detect.Detector` turns into a :class:`~._model.DataProblem`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from .._frozen import FrozenMap
from ._calendar import ANNIVERSARY, BIRTHDAY, ZoneDays
from ._model import Moment, SourceFact, Tone, unchecked
from ._values import BadValue, as_amount, as_date, as_mapping, as_month_day, digest, opt_text
from ._variants import (
    AnniversaryMoment,
    BirthdayMoment,
    LifeEventMoment,
    PurchaseMoment,
    TripMoment,
)

if TYPE_CHECKING:
    from .._contacts import Contact
    from .._facts import Fact, FactValue
    from ._detect import Detector


def source_of(fact: Fact) -> SourceFact:
    """
    Where a moment came from: the fact's key and provenance, never its value.
    """
    return unchecked(
        SourceFact,
        key=fact.key,
        provenance=fact.provenance,
        recorded_at=fact.recorded_at,
        sensitivity=fact.sensitivity,
        source=fact.source,
    )


def _ends_before_first(on: dt.date, days: int, zone: ZoneDays) -> bool:
    """
    Whether ``on + days`` falls before the zone's first day.

    On ordinals (pendulum dates add in Python); raises ``OverflowError`` past year 9999, as
    the addition would.
    """
    end = on.toordinal() + days
    if end > _MAX_ORDINAL:
        raise OverflowError("date value out of range")
    return end < zone.first_ordinal


_MAX_ORDINAL = dt.date.max.toordinal()


def _date_of(data: Mapping[str, FactValue], fact: Fact, zone: ZoneDays, what: str) -> dt.date:
    raw = data.get("on")
    if raw is None:
        raw = data.get("date")
    if raw is None:
        return zone.local_date(fact.recorded_at)
    return as_date(raw, what, zone.tz)


def birthdays(  # noqa: PLR0917 - private, called from two places
    contact: Contact,
    year: int | None,
    days: tuple[dt.date, ...],
    source: SourceFact,
    zone: ZoneDays,
    out: list[Moment],
) -> None:
    """
    The birthdays on *days* (those after the birth *year*, when known) whose window fits.
    """
    for day in days:
        if year is not None and day.year <= year:
            continue
        span = zone.span(day, BIRTHDAY)
        if zone.fits(span):
            out.append(
                unchecked(
                    BirthdayMoment,
                    id=f"{contact.id}:birthday:{day.year}",
                    contact_id=contact.id,
                    occurs_on=day,
                    window=zone.window(span),
                    tone=Tone.CELEBRATORY,
                    sources=(source,),
                    age=None if year is None else day.year - year,
                )
            )


def birthday_fact(
    _d: Detector, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]
) -> None:
    """
    ``dates.birthday``: ignored when the contact's ``birth_date`` is set.
    """
    month, day, year = as_month_day(fact.value, "birthday")
    if contact.birth_date is not None:
        return
    days = zone.on(month, day)
    if days is not None:
        birthdays(contact, year, days, source_of(fact), zone, out)


def anniversary(
    _d: Detector, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]
) -> None:
    """
    Any dated fact's yearly return.
    """
    value = fact.value
    since = value if type(value) is dt.date else as_date(value, "anniversary")
    by_day = zone.months[since.month]
    if by_day is None or (days := by_day.get(since.day)) is None:
        return
    label = fact.key.rsplit(".", 1)[-1]
    for day in days:
        years = day.year - since.year
        if years < 1:
            continue
        span = zone.span(day, ANNIVERSARY)
        if zone.fits(span):
            out.append(
                unchecked(
                    AnniversaryMoment,
                    id=f"{contact.id}:anniversary:{fact.key}:{day.year}",
                    contact_id=contact.id,
                    occurs_on=day,
                    window=zone.window(span),
                    tone=Tone.CELEBRATORY,
                    sources=(source_of(fact),),
                    label=label,
                    years=years,
                )
            )


def trip(d: Detector, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
    """
    A trip: the gesture fits the days before departure; gone once it has started.
    """
    data = as_mapping(fact.value, "trip")
    if "departs" not in data:
        raise BadValue("missing_departs", "trip needs a departure date")
    departs = as_date(data["departs"], "trip departure", zone.tz)
    raw_returns = data.get("returns")
    returns = None if raw_returns is None else as_date(raw_returns, "trip return", zone.tz)
    if returns is not None and returns < departs:
        raise BadValue("returns_before_departs", "trip returns before it departs")
    destination = opt_text(data.get("destination"), "trip destination")
    if (returns or departs) < zone.today:
        return  # over
    opens = departs.toordinal() - d.options.trip_lead_days  # no pendulum arithmetic
    if opens < 1:
        raise OverflowError("date value out of range")  # as departs - lead would
    if opens > zone.last_ordinal:
        return  # its window opens after the horizon
    span = zone.span(departs, (-d.options.trip_lead_days, 9, 0, 9))
    if zone.fits(span):
        out.append(
            TripMoment(
                id=f"{contact.id}:trip:{fact.key}:{digest(departs)}",
                contact_id=contact.id,
                occurs_on=departs,
                window=zone.window(span),
                tone=Tone.NEUTRAL,
                sources=(source_of(fact),),
                destination=destination,
                departs=departs,
                returns=returns,
            )
        )


def purchase(d: Detector, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
    """
    A big purchase: a thank-you fits in the days after it.
    """
    value = fact.value
    data = value._data if type(value) is FrozenMap else as_mapping(value, "purchase")
    if data.get("amount") is None:
        return  # we cannot tell whether it was big
    amount = as_amount(data["amount"], "purchase amount")
    currency = opt_text(data.get("currency"), "purchase currency")
    on = _date_of(data, fact, zone, "purchase date")
    threshold = d.big_default if currency is None else d.big.get(currency.upper())
    if amount < (d.big_default if threshold is None else threshold):
        return
    if on >= zone.last or _ends_before_first(on, d.thanks_span.days, zone):
        return  # its window lies outside the horizon (keeps the zone caches bounded)
    span = zone.span(on, (1, 9, 1 + d.options.thanks_days, 9))
    if zone.fits(span):
        out.append(
            PurchaseMoment(
                id=f"{contact.id}:purchase:{fact.key}:{digest(on, amount)}",
                contact_id=contact.id,
                occurs_on=on,
                window=zone.window(span),
                tone=Tone.CELEBRATORY,
                sources=(source_of(fact),),
                amount=amount,
                currency=currency,
            )
        )


def life_event(
    d: Detector, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]
) -> None:
    """
    Something they told us happened: a gesture fits in the following days.
    """
    value = fact.value
    flagged = False
    if type(value) is not FrozenMap and fact.recorded_at < d.life_cutoff:
        return  # told too long ago to still be worth a gesture (no date in the value)
    if isinstance(value, Mapping):
        on = _date_of(value, fact, zone, "life event date")
        flagged = value.get("sensitive") is True
    else:
        on = zone.local_date(fact.recorded_at)
    label = fact.key.rsplit(".", 1)[-1]
    opts = d.options
    if on >= zone.last or _ends_before_first(on, d.life_span.days, zone):
        return
    span = zone.span(on, (1, 9, 1 + opts.life_event_days, 9))
    if not zone.fits(span):
        return
    if flagged or fact.sensitivity.is_special or label in opts.sensitive_labels:
        tone = Tone.SENSITIVE
    elif label in opts.celebratory_labels:
        tone = Tone.CELEBRATORY
    else:
        tone = Tone.NEUTRAL
    out.append(
        LifeEventMoment(
            id=f"{contact.id}:life_event:{fact.key}:{digest(on)}",
            contact_id=contact.id,
            occurs_on=on,
            window=zone.window(span),
            tone=tone,
            sources=(source_of(fact),),
            label=label,
        )
    )
