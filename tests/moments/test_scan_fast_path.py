"""
The scan's fast paths (ordinals, values built without their checks) equal the slow ones.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch._contacts import BIRTH_DATE_SOURCE
from personal_touch._moments._calendar import ANNIVERSARY, BIRTHDAY, ZoneDays
from personal_touch._moments._dated import _ends_before_first
from personal_touch._moments._model import LeapDay, SourceFact, Window
from personal_touch.testing import synthetic_contacts

ZONES = ("UTC", "Pacific/Kiritimati", "Pacific/Honolulu", "Europe/Berlin", "America/St_Johns")
_ONE_DAY = dt.timedelta(days=1)
#: Daylight saving changes in 2026 (UTC timestamps): New York, Berlin and Lord Howe (a
#: half-hour change), spring and autumn.
_DST_CHANGES = (
    1_772_953_200,
    1_793_512_800,
    1_774_746_000,
    1_792_890_000,
    1_775_314_800,
    1_791_041_400,
)


def _same(expected: object, actual: object) -> None:
    """Equal, and of the same type, field by field for attrs values."""
    assert type(expected) is type(actual)
    assert expected == actual
    if attrs.has(type(expected)):
        for f in attrs.fields(type(expected)):
            _same(getattr(expected, f.name), getattr(actual, f.name))
    elif isinstance(expected, tuple):
        for e, a in zip(expected, actual, strict=True):  # type: ignore[call-overload]
            _same(e, a)


def _slow_days(zone: ZoneDays, at: dt.datetime, end: dt.datetime, leap: LeapDay) -> dict:
    """The zone calendar as it was computed before: pendulum date arithmetic, day by day."""
    today = at.astimezone(zone.tz).date()
    horizon = end.astimezone(zone.tz).date()
    first = today - _ONE_DAY if today > dt.date.min else today
    last = horizon + _ONE_DAY if horizon < dt.date.max else horizon
    target = {LeapDay.FEB_28: (2, 28), LeapDay.MAR_1: (3, 1)}[leap]
    out: dict[tuple[int, int], list[dt.date]] = {}
    day = first
    while True:
        out.setdefault((day.month, day.day), []).append(day)
        leap_year = day.year % 4 == 0 and (day.year % 100 != 0 or day.year % 400 == 0)
        if not leap_year and (day.month, day.day) == target:
            out.setdefault((2, 29), []).append(day)
        if day >= last:
            break
        day += _ONE_DAY
    return {"first": first, "last": last, "recurring": {k: tuple(v) for k, v in out.items()}}


class TestUncheckedValues:
    @pytest.mark.parametrize("seed", [1, 2, 3])
    @pytest.mark.parametrize(
        "at",
        [
            pendulum.datetime(2026, 11, 30, 9),
            pendulum.datetime(2028, 2, 20, 23),  # leap year, February 29 ahead
            pendulum.datetime(2027, 3, 20, 12),  # daylight saving time changes ahead
        ],
    )
    def test_moments_equal_their_checked_rebuild(self, seed: int, at: pendulum.DateTime) -> None:
        """Every scanned moment equals the same value built through its checks."""
        scan = pt.scan_moments(
            synthetic_contacts(3000, seed=seed), at=at, within=pendulum.duration(days=30)
        )
        moments = list(scan)
        assert moments
        for m in moments:
            _same(attrs.evolve(m), m)
            for source in m.sources:
                _same(attrs.evolve(source), source)

    def test_birth_date_source(self) -> None:
        """The birth date's source is the stated contact field."""
        at = pendulum.datetime(2026, 11, 30, 9)
        c = pt.Contact(id="c", created_at=at, timezone="UTC", birth_date="1990-12-01")
        (m,) = pt.detect_moments(c, at=at, within=pendulum.duration(days=7))
        expected = SourceFact(
            key="dates.birthday", provenance="stated", recorded_at=at, source=BIRTH_DATE_SOURCE
        )
        _same((expected,), m.sources)


class TestOrdinals:
    @settings(max_examples=200, deadline=None)
    @given(
        at=st.datetimes(
            min_value=dt.datetime(1, 1, 3),
            max_value=dt.datetime(9999, 12, 1),
            timezones=st.just(dt.UTC),
        ),
        days=st.integers(1, 400),
        zone=st.sampled_from(ZONES),
        leap=st.sampled_from(list(LeapDay)),
    )
    def test_zone_calendar_equals_day_by_day(
        self, at: dt.datetime, days: int, zone: str, leap: LeapDay
    ) -> None:
        """First, last and recurring days equal the day-by-day pendulum computation."""
        start = pendulum.instance(at)
        # Clamp before adding: near year 9999 the sum itself would overflow.
        last = pendulum.datetime(9999, 12, 30)
        end = start + min(dt.timedelta(days=days), last - start)
        z = ZoneDays(zone, start, end, leap)
        slow = _slow_days(z, start, end, leap)
        _same(slow["first"], z.first)
        _same(slow["last"], z.last)
        assert slow["recurring"] == z.recurring
        for k, v in slow["recurring"].items():
            _same(v, z.recurring[k])
            assert z.on(*k) is z.recurring[k]
        # The by-month table holds exactly the recurring days, and nothing else.
        assert {(m, d) for m, by_day in enumerate(z.months) if by_day for d in by_day} == set(
            slow["recurring"]
        )
        assert z.on(2, 30) is None
        assert z.first.toordinal() == z.first_ordinal
        assert z.last.toordinal() == z.last_ordinal

    @settings(max_examples=200, deadline=None)
    @given(
        day=st.dates(),
        rule=st.sampled_from([BIRTHDAY, ANNIVERSARY, (-7, 9, 0, 9), (1, 9, 8, 9)]),
        zone=st.sampled_from(ZONES),
        as_pendulum=st.booleans(),
    )
    def test_span_equals_date_arithmetic(
        self, day: dt.date, rule: tuple[int, int, int, int], zone: str, as_pendulum: bool
    ) -> None:
        """A window's span on ordinals equals the one built by adding days to the date."""
        anchor = pendulum.Date(day.year, day.month, day.day) if as_pendulum else day
        at = pendulum.datetime(2026, 1, 1)
        z = ZoneDays(zone, at, at + dt.timedelta(days=1), LeapDay.FEB_28)
        d0, h0, d1, h1 = rule
        try:
            slow = (
                z.local_ts(anchor + dt.timedelta(days=d0), h0),
                z.local_ts(anchor + dt.timedelta(days=d1), h1),
            )
        except (OverflowError, ValueError):
            slow = (float("inf"), float("inf"))
        assert slow == z.span(anchor, rule)

    @settings(max_examples=300, deadline=None)
    @given(
        ts=st.one_of(
            st.integers(-62_135_596_800 + 86_400 * 2, 253_402_300_799 - 86_400 * 2),
            # Around daylight saving changes (folds and gaps), on whole hours and not.
            st.sampled_from(_DST_CHANGES).flatmap(
                lambda t: st.integers(t - 7_200, t + 7_200).map(float)
            ),
        ),
        zone=st.sampled_from((*ZONES, "Etc/UTC", "America/New_York", "Australia/Lord_Howe")),
    )
    def test_instant_equals_pendulum_from_timestamp(self, ts: float, zone: str) -> None:
        """A window end built from a timestamp equals pendulum's own, fold and zone included."""
        at = pendulum.datetime(2026, 1, 1)
        z = ZoneDays(zone, at, at + dt.timedelta(days=1), LeapDay.FEB_28)
        expected = pendulum.from_timestamp(ts, tz=z.ptz)
        actual = z.instant(ts)
        _same(expected, actual)
        assert expected.fold == actual.fold
        assert expected.tzinfo is actual.tzinfo
        assert repr(expected) == repr(actual)
        assert expected.isoformat() == actual.isoformat()
        assert expected.utcoffset() == actual.utcoffset()

    def test_window_equals_its_checked_build(self) -> None:
        """A zone's window is the checked ``Window`` of pendulum's own instants."""
        at = pendulum.datetime(2026, 11, 1)
        for zone in (*ZONES, "America/New_York"):
            z = ZoneDays(zone, at, at + dt.timedelta(days=14), LeapDay.FEB_28)
            for day in z.recurring.values():
                span = z.span(day[0], ANNIVERSARY)
                expected = Window(
                    pendulum.from_timestamp(span[0], tz=z.ptz),
                    pendulum.from_timestamp(span[1], tz=z.ptz),
                )
                _same(expected, z.window(span))

    @given(on=st.dates(), days=st.integers(0, 1000), first=st.dates(), as_pendulum=st.booleans())
    def test_ends_before_first_equals_addition(
        self, on: dt.date, days: int, first: dt.date, as_pendulum: bool
    ) -> None:
        """``on + days < first`` on ordinals, overflowing where the addition would."""
        anchor = pendulum.Date(on.year, on.month, on.day) if as_pendulum else on
        at = pendulum.datetime(2026, 1, 1)
        z = ZoneDays("UTC", at, at + dt.timedelta(days=1), LeapDay.FEB_28)
        z.first_ordinal = first.toordinal()
        try:
            expected: bool | None = anchor + dt.timedelta(days=days) < first
        except OverflowError:
            expected = None
        try:
            actual: bool | None = _ends_before_first(anchor, days, z)
        except OverflowError:
            actual = None
        assert expected == actual

    @pytest.mark.parametrize("departs", ["0001-01-02", "0001-01-05", "0001-01-08"])
    def test_trip_at_the_calendar_start(self, departs: str) -> None:
        """A trip whose lead would start before year 1 is reported as it always was."""
        at = pendulum.datetime(1, 1, 3, tz="UTC")
        c = pt.Contact(
            id="c",
            created_at=at,
            timezone="UTC",
            facts=[
                pt.Fact(
                    key="travel.next_trip",
                    value={"departs": departs},
                    recorded_at=at,
                    provenance="stated",
                )
            ],
        )
        scan = pt.scan_moments([c], at=at, within=pendulum.duration(days=30))
        moments = list(scan)
        codes = [p.code for p in scan.problems]
        expected = {
            "0001-01-02": (0, []),  # over before the lead is read
            "0001-01-05": (0, ["date_out_of_range"]),  # its lead starts before year 1
            "0001-01-08": (1, []),
        }
        assert expected[departs] == (len(moments), codes)
