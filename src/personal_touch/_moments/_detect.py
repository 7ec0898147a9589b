"""
Detection: from one contact's facts (and matching external events) to moments.

Fact key conventions (documented in the tutorial and in :func:`detect_moments`):

===================================  ============================================================
Key                                  Moment
===================================  ============================================================
``Contact.birth_date``,              birthday (a date; ``--MM-DD`` when the year is unknown)
``dates.birthday``
``dates.*`` (other keys), any key    anniversary of a date value (``dates.anniversary.wedding``,
ending ``_since`` or ``anniversary``  ``account.customer_since``, ``family.wedding_anniversary``)
``travel.next_trip``,                trip: a mapping with ``departs`` (date), optional
``travel.trips.*``                   ``returns`` (date) and ``destination`` (text)
``purchases.last``,                  purchase: a mapping with ``amount`` (number), optional
``purchases.recent.*``               ``currency`` and ``on`` or ``date`` (else when recorded)
``life.*``, ``family.*``             life event, anchored on ``on``/``date`` in a mapping value
                                     or else on when it was recorded
``interests.sports.team``            matched against sports-result :class:`Event` s: a name, a
                                     mapping with ``name`` or a list of either
``location.city``                    matched against local news and weather-alert events
===================================  ============================================================
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from .._contacts import BIRTH_DATE_SOURCE, BIRTHDAY_KEY, Contact
from .._facts import Fact, FactValue, Provenance
from .._frozen import FrozenMap
from ..exceptions import PersonalTouchError
from ._calendar import ANNIVERSARY, BIRTHDAY, ZoneDays
from ._model import (
    AnniversaryMoment,
    BirthdayMoment,
    CustomMoment,
    DataProblem,
    Event,
    EventKind,
    LifeEventMoment,
    Moment,
    Outcome,
    PurchaseMoment,
    SourceFact,
    TeamResultMoment,
    Tone,
    TripMoment,
)
from ._values import (
    BadValue,
    as_amount,
    as_date,
    as_mapping,
    as_month_day,
    digest,
    norm,
    opt_text,
    team_names,
)

_EVENT_HOURS = 24.0 * 3600.0

if TYPE_CHECKING:
    from ._options import MomentOptions

Handler = Callable[["Detector", Contact, Fact, ZoneDays, list[Moment]], None]


def _source(fact: Fact) -> SourceFact:
    return SourceFact(
        key=fact.key,
        provenance=fact.provenance,
        recorded_at=fact.recorded_at,
        sensitivity=fact.sensitivity,
        source=fact.source,
    )


def _date_of(data: Mapping[str, FactValue], fact: Fact, zone: ZoneDays, what: str) -> dt.date:
    raw = data.get("on")
    if raw is None:
        raw = data.get("date")
    if raw is None:
        return zone.local_date(fact.recorded_at)
    return as_date(raw, what, zone.tz)


#: The earliest instant there is (a cutoff for scans near year 1).
_DAWN = dt.datetime.min.replace(tzinfo=dt.UTC)


class Detector:
    """
    The per-scan state: the instant, horizon, options, zone calendars and event index.

    Everything per zone and per fact key is prepared once and reused for every contact.
    """

    def __init__(
        self,
        *,
        at: dt.datetime,
        end: dt.datetime,
        options: MomentOptions,
        events: Iterable[Event],
    ) -> None:
        self.at = at
        self.end = end
        self.options = options
        self._big = {k: v for k, v in options.big_purchase.items() if k != "*"}
        self._big_default = options.big_purchase_threshold(None)
        self._trip_lead = dt.timedelta(days=options.trip_lead_days)
        self._thanks_span = dt.timedelta(days=options.thanks_days + 1)
        self._life_span = dt.timedelta(days=options.life_event_days + 1)
        #: Life events recorded before this (with no date of their own) are over.
        try:
            self._life_cutoff = at - dt.timedelta(days=options.life_event_days + 2)
        except OverflowError:  # before year 1: every recorded life event counts
            self._life_cutoff = _DAWN
        self.zones: dict[str, ZoneDays] = {}
        self._handlers: dict[str, Handler | None] = {}
        teams: dict[str, list[Event]] = {}
        places: dict[str, list[Event]] = {}
        for e in sorted(events, key=lambda e: (e.at, e.id)):
            if e.kind is EventKind.SPORTS_RESULT and e.team is not None:
                teams.setdefault(norm(e.team), []).append(e)
            elif e.place is not None:
                places.setdefault(norm(e.place), []).append(e)
        self.teams = teams
        self.places = places
        self._event_spans: dict[str, tuple[float, float]] = {}

    # -- per contact ------------------------------------------------------------------------

    def zone(self, name: str) -> ZoneDays:
        """
        The calendar of zone *name* for this scan (built on first use).
        """
        z = self.zones.get(name)
        if z is None:
            z = self.zones[name] = ZoneDays(name, self.at, self.end, self.options.leap_day)
        return z

    def detect(self, contact: Contact, problems: list[DataProblem]) -> list[Moment]:
        """
        The moments of *contact*, sorted by window start then id; problems appended.
        """
        zone = self.zones.get(contact.calendar_zone) or self.zone(contact.calendar_zone)
        out: list[Moment] = []
        bd = contact.birth_date
        if bd is not None:
            days = zone.recurring.get((bd.month, bd.day))
            if days is not None:
                source = SourceFact(
                    key=BIRTHDAY_KEY,
                    provenance=Provenance.STATED,
                    recorded_at=contact.created_at,
                    source=BIRTH_DATE_SOURCE,
                )
                self._birthday(contact, bd.year, days, source, zone, out)
        facts = contact.facts
        if facts:
            handlers = self._handlers
            at = self.at
            for fact in facts:
                key = fact.key
                handler = handlers.get(key, _UNSEEN)
                if handler is _UNSEEN:
                    handler = handlers[key] = _classify(key, self.options)
                if handler is None:
                    continue
                if fact.recorded_at > at or (
                    fact.valid_until is not None and fact.valid_until <= at
                ):
                    continue  # not known yet, or no longer true: stale facts yield nothing
                try:
                    handler(self, contact, fact, zone, out)
                except BadValue as bad:
                    problems.append(
                        DataProblem(
                            contact_id=contact.id, key=key, code=bad.code, problem=bad.problem
                        )
                    )
                except PersonalTouchError:
                    raise
                except (OverflowError, ValueError):  # dates past year 9999 or before year 1
                    problems.append(
                        DataProblem(
                            contact_id=contact.id,
                            key=key,
                            code="date_out_of_range",
                            problem="its dates fall outside the supported calendar (years 1 to 9999)",
                        )
                    )
        if len(out) > 1:
            out.sort(key=_order)
            out = _dedupe(out)
        return out

    # -- handlers -------------------------------------------------------------------------

    def _birthday(  # noqa: PLR0917 - private, called from two places
        self,
        contact: Contact,
        year: int | None,
        days: tuple[dt.date, ...],
        source: SourceFact,
        zone: ZoneDays,
        out: list[Moment],
    ) -> None:
        for day in days:
            if year is not None and day.year <= year:
                continue
            span = zone.span(day, BIRTHDAY)
            if zone.fits(span):
                out.append(
                    BirthdayMoment(
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
        self, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]
    ) -> None:
        """
        ``dates.birthday``: ignored when the contact's ``birth_date`` is set.
        """
        month, day, year = as_month_day(fact.value, "birthday")
        if contact.birth_date is not None:
            return
        days = zone.recurring.get((month, day))
        if days is not None:
            self._birthday(contact, year, days, _source(fact), zone, out)

    def anniversary(self, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
        """
        Any dated fact's yearly return.
        """
        since = as_date(fact.value, "anniversary")
        days = zone.recurring.get((since.month, since.day))
        if days is None:
            return
        label = fact.key.rsplit(".", 1)[-1]
        for day in days:
            years = day.year - since.year
            if years < 1:
                continue
            span = zone.span(day, ANNIVERSARY)
            if zone.fits(span):
                out.append(
                    AnniversaryMoment(
                        id=f"{contact.id}:anniversary:{fact.key}:{day.year}",
                        contact_id=contact.id,
                        occurs_on=day,
                        window=zone.window(span),
                        tone=Tone.CELEBRATORY,
                        sources=(_source(fact),),
                        label=label,
                        years=years,
                    )
                )

    def trip(self, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
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
        lead = self.options.trip_lead_days
        if departs - self._trip_lead > zone.last:
            return  # its window opens after the horizon
        span = zone.span(departs, (-lead, 9, 0, 9))
        if zone.fits(span):
            out.append(
                TripMoment(
                    id=f"{contact.id}:trip:{fact.key}:{digest(departs)}",
                    contact_id=contact.id,
                    occurs_on=departs,
                    window=zone.window(span),
                    tone=Tone.NEUTRAL,
                    sources=(_source(fact),),
                    destination=destination,
                    departs=departs,
                    returns=returns,
                )
            )

    def purchase(self, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
        """
        A big purchase: a thank-you fits in the days after it.
        """
        data = as_mapping(fact.value, "purchase")
        if data.get("amount") is None:
            return  # we cannot tell whether it was big
        amount = as_amount(data["amount"], "purchase amount")
        currency = opt_text(data.get("currency"), "purchase currency")
        on = _date_of(data, fact, zone, "purchase date")
        threshold = self._big_default if currency is None else self._big.get(currency.upper())
        if amount < (self._big_default if threshold is None else threshold):
            return
        if on >= zone.last or on + self._thanks_span < zone.first:
            return  # its window lies outside the horizon (keeps the zone caches bounded)
        span = zone.span(on, (1, 9, 1 + self.options.thanks_days, 9))
        if zone.fits(span):
            out.append(
                PurchaseMoment(
                    id=f"{contact.id}:purchase:{fact.key}:{digest(on, amount)}",
                    contact_id=contact.id,
                    occurs_on=on,
                    window=zone.window(span),
                    tone=Tone.CELEBRATORY,
                    sources=(_source(fact),),
                    amount=amount,
                    currency=currency,
                )
            )

    def life_event(self, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
        """
        Something they told us happened: a gesture fits in the following days.
        """
        value = fact.value
        flagged = False
        if type(value) is not FrozenMap and fact.recorded_at < self._life_cutoff:
            return  # told too long ago to still be worth a gesture (no date in the value)
        if isinstance(value, Mapping):
            on = _date_of(value, fact, zone, "life event date")
            flagged = value.get("sensitive") is True
        else:
            on = zone.local_date(fact.recorded_at)
        label = fact.key.rsplit(".", 1)[-1]
        opts = self.options
        if on >= zone.last or on + self._life_span < zone.first:
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
                sources=(_source(fact),),
                label=label,
            )
        )

    def team(self, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
        """
        Results of the teams they follow, from the event feed; a loss is never celebrated.
        """
        value = fact.value
        if type(value) is str and value.strip():
            names: tuple[str, ...] = (value,)
        elif type(value) is FrozenMap and type(name := value.get("name")) is str and name.strip():
            names = (name,)
        else:
            names = team_names(value)
        if not self.teams:
            return
        for name in names:
            for event in self.teams.get(norm(name), ()):
                span = self._event_span(event)
                if not zone.fits(span):
                    continue
                outcome = event.outcome
                if outcome is Outcome.LOST and not self.options.include_losses:
                    continue
                tone = Tone.CELEBRATORY if outcome is Outcome.WON else Tone.NEUTRAL
                out.append(
                    TeamResultMoment(
                        id=f"{contact.id}:team_result:{event.id}",
                        contact_id=contact.id,
                        occurs_on=zone.local_date(event.at),
                        window=zone.window(span),
                        tone=tone,
                        sources=(_source(fact),),
                        team=event.team or name,
                        outcome=outcome or Outcome.DRAW,
                        event_id=event.id,
                        opponent=event.opponent,
                    )
                )

    def place(self, contact: Contact, fact: Fact, zone: ZoneDays, out: list[Moment]) -> None:
        """
        Local news and weather alerts for the city they live in.
        """
        city = opt_text(fact.value, "city")
        if city is None or not self.places:
            return
        for event in self.places.get(norm(city), ()):
            span = self._event_span(event)
            if zone.fits(span):
                out.append(
                    CustomMoment(
                        id=f"{contact.id}:custom:{event.id}",
                        contact_id=contact.id,
                        occurs_on=zone.local_date(event.at),
                        window=zone.window(span),
                        tone=Tone.NEUTRAL,
                        sources=(_source(fact),),
                        label=event.kind.value,
                        event_id=event.id,
                        link=event.link,
                    )
                )

    def _event_span(self, event: Event) -> tuple[float, float]:
        span = self._event_spans.get(event.id)
        if span is None:
            start = event.at.timestamp()
            span = self._event_spans[event.id] = (start, start + _EVENT_HOURS)
        return span


def _unseen(*_: object) -> None:  # pragma: no cover - a sentinel, never called
    """
    Marks a key not classified yet.
    """


_UNSEEN: Handler = _unseen


def _classify(key: str, options: MomentOptions) -> Handler | None:
    """
    Which handler reads facts with *key* (``None``: none does).
    """
    if key == BIRTHDAY_KEY:
        return Detector.birthday_fact
    if key in ("travel.next_trip",) or key.startswith("travel.trips."):
        return Detector.trip
    if key == "purchases.last" or key.startswith("purchases.recent."):
        return Detector.purchase
    if key == "interests.sports.team":
        return Detector.team
    if key == "location.city":
        return Detector.place
    last = key.rsplit(".", 1)[-1]
    if key.startswith("dates.") or last.endswith(("_since", "anniversary")):
        return Detector.anniversary
    for prefix in options.life_event_prefixes:
        if key.startswith(prefix + "."):
            return Detector.life_event
    return None


def _order(m: Moment) -> tuple[dt.datetime, str]:
    return (m.window.start, m.id)


def _dedupe(moments: list[Moment]) -> list[Moment]:
    seen: set[str] = set()
    out: list[Moment] = []
    for m in moments:
        if m.id not in seen:
            seen.add(m.id)
            out.append(m)
    return out
