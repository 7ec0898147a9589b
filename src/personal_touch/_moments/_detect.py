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
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from .._contacts import BIRTH_DATE_SOURCE, BIRTHDAY_KEY, Contact
from .._facts import Fact, Provenance, Sensitivity
from ..exceptions import PersonalTouchError
from . import _dated, _feeds
from ._calendar import ZoneDays
from ._model import DataProblem, Event, EventKind, LeapDay, Moment, SourceFact, unchecked
from ._values import BadValue, norm

if TYPE_CHECKING:
    from ._options import MomentOptions

_EVENT_HOURS = 24.0 * 3600.0

#: Reads one fact of one contact on the contact's zone calendar and appends its moments.
Handler = Callable[["Detector", Contact, Fact, ZoneDays, list[Moment]], None]

#: The earliest instant there is (a cutoff for scans near year 1).
_DAWN = dt.datetime.min.replace(tzinfo=dt.UTC)


class Detector:
    """
    The per-scan state: the instant, horizon, options, zone calendars and event index.

    Everything per zone and per fact key is prepared once and reused for every contact; the
    handlers (:mod:`._dated`, :mod:`._feeds`) read the prepared spans and thresholds here.
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
        self.big = {k: v for k, v in options.big_purchase.items() if k != "*"}
        self.big_default = options.big_purchase_threshold(None)
        self.trip_lead = dt.timedelta(days=options.trip_lead_days)
        self.thanks_span = dt.timedelta(days=options.thanks_days + 1)
        self.life_span = dt.timedelta(days=options.life_event_days + 1)
        #: Life events recorded before this (with no date of their own) are over.
        try:
            self.life_cutoff = at - dt.timedelta(days=options.life_event_days + 2)
        except OverflowError:  # before year 1: every recorded life event counts
            self.life_cutoff = _DAWN
        self.zones = _Zones(at, end, options.leap_day)
        self._handlers = _Handlers(options)
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
        #: Contacts :meth:`run` has read so far (up to its last yield, then all).
        self.scanned = 0

    def zone(self, name: str | None) -> ZoneDays:
        """
        The calendar of zone *name* for this scan (built on first use; ``None`` is UTC).
        """
        return self.zones[name]

    def event_span(self, event: Event) -> tuple[float, float]:
        """
        The day after *event* as UTC timestamps, the span a gesture about it fits.
        """
        span = self._event_spans.get(event.id)
        if span is None:
            start = event.at.timestamp()
            span = self._event_spans[event.id] = (start, start + _EVENT_HOURS)
        return span

    def detect(self, contact: Contact, problems: list[DataProblem]) -> list[Moment]:
        """
        The moments of *contact*, sorted by window start then id; problems appended.
        """
        for found in self.run((contact,), problems):
            return found
        return []

    def run(
        self, contacts: Iterable[Contact], problems: list[DataProblem]
    ) -> Iterator[list[Moment]]:
        """
        Each contact's moments (sorted by window start then id), for contacts with any.

        Also yields (an empty list) after a contact when *problems* is not empty (the
        caller clears it), and keeps :attr:`scanned` up to date at every yield and at the
        end.  The scan's hot loop:
        per-scan state lives in locals, a contact's attributes are read once each, most
        birthdays are ruled out by one list index, facts go straight to the handler for
        their key, and nothing is built for a contact without a moment.
        """
        zones, handlers, at = self.zones, self._handlers, self.at
        scanned = 0
        try:
            for contact in contacts:
                scanned += 1
                zone = zones[contact.timezone]  # None: UTC, as :attr:`Contact.calendar_zone`
                out: list[Moment] = []
                bd = contact.birth_date
                if (
                    bd is not None
                    and (by_day := zone.months[bd.month]) is not None
                    and (days := by_day.get(bd.day)) is not None
                ):
                    _dated.birthdays(contact, bd.year, days, _birth_source(contact), zone, out)
                for fact in contact.facts:
                    key = fact.key
                    handler = handlers[key]  # classified on first sight
                    if handler is None or fact.recorded_at > at:
                        continue  # no moment of its kind, or not known yet
                    if (until := fact.valid_until) is not None and until <= at:
                        continue  # no longer true: stale facts yield nothing
                    try:
                        handler(self, contact, fact, zone, out)
                    except BadValue as bad:
                        problems.append(_bad_value(contact.id, key, bad))
                    except PersonalTouchError:
                        raise
                    except (OverflowError, ValueError):  # dates past year 9999 or before 1
                        problems.append(_out_of_range(contact.id, key))
                if out or problems:
                    self.scanned = scanned
                    yield _sorted(out) if len(out) > 1 else out
        finally:
            self.scanned = scanned


def _birth_source(contact: Contact) -> SourceFact:
    """
    Where a birthday from ``Contact.birth_date`` came from.
    """
    return unchecked(
        SourceFact,
        key=BIRTHDAY_KEY,
        provenance=Provenance.STATED,
        recorded_at=contact.created_at,
        sensitivity=Sensitivity.ORDINARY,
        source=BIRTH_DATE_SOURCE,
    )


def _bad_value(contact_id: str, key: str, bad: BadValue) -> DataProblem:
    return DataProblem(contact_id=contact_id, key=key, code=bad.code, problem=bad.problem)


def _out_of_range(contact_id: str, key: str) -> DataProblem:
    return DataProblem(
        contact_id=contact_id,
        key=key,
        code="date_out_of_range",
        problem="its dates fall outside the supported calendar (years 1 to 9999)",
    )


class _Zones(dict[str | None, ZoneDays]):
    """
    The zone calendars of one scan by zone name, each built on first sight (``None``: UTC).
    """

    def __init__(self, at: dt.datetime, end: dt.datetime, leap_day: LeapDay) -> None:
        super().__init__()
        self._at = at
        self._end = end
        self._leap_day = leap_day

    def __missing__(self, name: str | None) -> ZoneDays:
        zone = self.get("UTC") if name is None else None
        if zone is None:
            zone = ZoneDays(name or "UTC", self._at, self._end, self._leap_day)
        self[name] = zone
        return zone


class _Handlers(dict[str, "Handler | None"]):
    """
    Which handler reads facts with each key (``None``: none does), classified on first sight.
    """

    def __init__(self, options: MomentOptions) -> None:
        super().__init__()
        self._options = options

    def __missing__(self, key: str) -> Handler | None:
        handler = self[key] = _classify(key, self._options)
        return handler


def _classify(key: str, options: MomentOptions) -> Handler | None:
    """
    Which handler reads facts with *key* (``None``: none does).
    """
    if key == BIRTHDAY_KEY:
        return _dated.birthday_fact
    if key in ("travel.next_trip",) or key.startswith("travel.trips."):
        return _dated.trip
    if key == "purchases.last" or key.startswith("purchases.recent."):
        return _dated.purchase
    if key == "interests.sports.team":
        return _feeds.team
    if key == "location.city":
        return _feeds.place
    last = key.rsplit(".", 1)[-1]
    if key.startswith("dates.") or last.endswith(("_since", "anniversary")):
        return _dated.anniversary
    for prefix in options.life_event_prefixes:
        if key.startswith(prefix + "."):
            return _dated.life_event
    return None


def _sorted(moments: list[Moment]) -> list[Moment]:
    """
    Moments sorted by window start then id, each id once.
    """
    moments.sort(key=_order)
    return _dedupe(moments)


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
