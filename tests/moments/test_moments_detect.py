from __future__ import annotations

import calendar
import datetime as dt
from typing import ClassVar

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch import converters
from personal_touch.exceptions import InvalidFactError, InvalidFieldError
from personal_touch.moments import (
    DataProblem,
    Event,
    MatchResult,
    MomentKind,
    MomentOptions,
    Tone,
    Window,
    suggest_gestures,
)

AT = pendulum.datetime(2026, 11, 30, 9)
WEEK = pendulum.duration(days=7)


def contact(cid: str = "c-1", *, tz: str = "UTC", birth: str | None = None, facts=()):
    return pt.Contact(
        id=cid,
        created_at=AT.subtract(years=2),
        timezone=tz,
        birth_date=birth,
        facts=tuple(facts),
    )


def fact(key: str, value, *, recorded=None, **kw):
    return pt.Fact(
        key=key,
        value=value,
        provenance=kw.pop("provenance", "stated"),
        recorded_at=recorded or AT.subtract(days=3),
        **kw,
    )


def kinds(moments):
    return [m.kind.value for m in moments]


class TestBirthdayLocalDay:
    def test_honolulu_birthday_is_the_local_day(self):
        """In UTC-10 a birthday falls on the local date, a day 'late' in UTC."""
        c = contact(tz="Pacific/Honolulu", birth="1990-12-01")
        (m,) = pt.detect_moments(c, at=AT, within=WEEK)
        assert dt.date(2026, 12, 1) == m.occurs_on
        assert (8, 12) == (m.window.start.hour, m.window.end.hour)
        assert pendulum.datetime(2026, 12, 1, 18) == m.window.start.in_timezone("UTC")

    def test_kiritimati_birthday_is_the_local_day(self):
        """In UTC+14 the local morning of a birthday is the previous UTC day."""
        c = contact(tz="Pacific/Kiritimati", birth="1990-12-01")
        (m,) = pt.detect_moments(c, at=AT, within=WEEK)
        assert dt.date(2026, 12, 1) == m.occurs_on
        assert pendulum.datetime(2026, 11, 30, 18) == m.window.start.in_timezone("UTC")

    def test_today_in_kiritimati_is_already_tomorrow_in_utc(self):
        """At 12:00 UTC it is the next day's 02:00 in Kiritimati: that birthday is found."""
        at = pendulum.datetime(2026, 11, 30, 12)
        c = contact(tz="Pacific/Kiritimati", birth="1990-12-01")
        (m,) = pt.detect_moments(c, at=at, within=pendulum.duration(hours=12))
        assert dt.date(2026, 12, 1) == m.occurs_on

    def test_passed_morning_is_not_reported(self):
        """Once the local morning has passed, the birthday is not upcoming."""
        at = pendulum.datetime(2026, 12, 1, 23)  # 13:00 in Honolulu on the birthday
        c = contact(tz="Pacific/Honolulu", birth="1990-12-01")
        assert () == pt.detect_moments(c, at=at, within=WEEK)

    def test_age_and_stable_id(self):
        """A birthday knows the age turned and has an id of contact, kind and year."""
        (m,) = pt.detect_moments(contact(birth="1990-12-01"), at=AT, within=WEEK)
        assert 36 == m.age
        assert "c-1:birthday:2026" == m.id
        assert Tone.CELEBRATORY == m.tone
        assert ("dates.birthday",) == m.fact_keys

    def test_birthday_fact_without_year(self):
        """A ``dates.birthday`` fact may be ``--MM-DD``; the age is then unknown."""
        (m,) = pt.detect_moments(
            contact(facts=[fact("dates.birthday", "--12-02")]), at=AT, within=WEEK
        )
        assert (dt.date(2026, 12, 2), None) == (m.occurs_on, m.age)

    def test_birth_date_wins_over_fact(self):
        """With both a birth date and a birthday fact, one moment is reported."""
        c = contact(birth="1990-12-01", facts=[fact("dates.birthday", dt.date(1990, 12, 1))])
        assert ["birthday"] == kinds(pt.detect_moments(c, at=AT, within=WEEK))

    def test_not_born_yet(self):
        """A birth date in the future yields no birthday."""
        c = contact(birth="2027-12-01")
        assert () == pt.detect_moments(c, at=AT, within=WEEK)


class TestLeapDay:
    at = pendulum.datetime(2027, 2, 25, 9)

    def test_feb_29_on_feb_28_in_common_years(self):
        """By default a February 29 birthday falls on February 28 in a common year."""
        (m,) = pt.detect_moments(contact(birth="2000-02-29"), at=self.at, within=WEEK)
        assert dt.date(2027, 2, 28) == m.occurs_on

    def test_feb_29_on_mar_1_when_configured(self):
        """LeapDay.MAR_1 moves it to March 1."""
        opts = MomentOptions(leap_day="mar_1")
        (m,) = pt.detect_moments(contact(birth="2000-02-29"), at=self.at, within=WEEK, options=opts)
        assert dt.date(2027, 3, 1) == m.occurs_on

    def test_feb_29_in_leap_year(self):
        """In a leap year it falls on February 29 itself, whatever the option."""
        at = pendulum.datetime(2028, 2, 25, 9)
        for opts in (MomentOptions(), MomentOptions(leap_day="mar_1")):
            (m,) = pt.detect_moments(contact(birth="2000-02-29"), at=at, within=WEEK, options=opts)
            assert dt.date(2028, 2, 29) == m.occurs_on

    def test_feb_28_birthday_not_doubled(self):
        """A February 28 birthday stays one moment in a common year."""
        ms = pt.detect_moments(contact(birth="2000-02-28"), at=self.at, within=WEEK)
        assert [dt.date(2027, 2, 28)] == [m.occurs_on for m in ms]


class TestDst:
    def test_birthday_on_spring_forward_day(self):
        """On the day clocks go forward the window is still 08:00 to 12:00 local."""
        at = pendulum.datetime(2026, 3, 5, 12)
        c = contact(tz="America/New_York", birth="1980-03-08")  # DST starts 2026-03-08
        (m,) = pt.detect_moments(c, at=at, within=WEEK)
        assert (8, 12) == (m.window.start.hour, m.window.end.hour)
        assert pendulum.datetime(2026, 3, 8, 12) == m.window.start.in_timezone("UTC")

    def test_birthday_on_fall_back_day(self):
        """On the day clocks go back the window is 08:00 to 12:00 local, in winter time."""
        at = pendulum.datetime(2026, 10, 22, 12)
        c = contact(tz="Europe/Berlin", birth="1980-10-25")  # DST ends 2026-10-25
        (m,) = pt.detect_moments(c, at=at, within=WEEK)
        assert (8, 12) == (m.window.start.hour, m.window.end.hour)
        assert pendulum.datetime(2026, 10, 25, 7) == m.window.start.in_timezone("UTC")

    @pytest.mark.parametrize(
        ("departs", "hours"),
        [("2026-03-31", 7 * 24 - 1), ("2026-10-29", 7 * 24 + 1)],
    )
    def test_trip_window_spans_a_transition(self, departs, hours):
        """A trip window across a DST change runs 09:00 to 09:00 local: 167 or 169 hours."""
        at = pendulum.parse(departs).subtract(days=8)
        trip = {"destination": "Rome", "departs": dt.date.fromisoformat(departs)}
        c = contact(
            tz="Europe/Berlin", facts=[fact("travel.next_trip", trip, recorded=at.subtract(days=1))]
        )
        (m,) = pt.detect_moments(c, at=at, within=pendulum.duration(days=14))
        assert (9, 9) == (m.window.start.hour, m.window.end.hour)
        assert hours * 3600 == (m.window.end - m.window.start).total_seconds()


class TestTrips:
    trip: ClassVar[dict[str, object]] = {
        "destination": "New York",
        "departs": dt.date(2026, 12, 7),
        "returns": dt.date(2026, 12, 11),
    }

    def test_trip_before_departure(self):
        """A trip is a neutral moment in the week before departure."""
        c = contact(tz="Europe/Berlin", facts=[fact("travel.next_trip", self.trip)])
        (m,) = pt.detect_moments(c, at=AT, within=WEEK)
        assert (MomentKind.TRIP, "New York", Tone.NEUTRAL) == (m.kind, m.destination, m.tone)
        assert dt.date(2026, 11, 30) == m.window.start.date()

    def test_trip_disappears_after_return(self):
        """After the return date, the trip yields nothing."""
        c = contact(facts=[fact("travel.next_trip", self.trip)])
        assert () == pt.detect_moments(c, at=pendulum.datetime(2026, 12, 12, 9), within=WEEK)

    def test_trip_gone_during_the_trip(self):
        """Once departed, the before-the-trip window has passed."""
        c = contact(facts=[fact("travel.next_trip", self.trip)])
        assert () == pt.detect_moments(c, at=pendulum.datetime(2026, 12, 8, 9), within=WEEK)

    def test_expired_fact_is_stale(self):
        """A fact past its valid_until yields nothing."""
        f = fact("travel.next_trip", self.trip, valid_until=AT.subtract(hours=1))
        assert () == pt.detect_moments(contact(facts=[f]), at=AT, within=WEEK)

    def test_fact_recorded_later_is_unknown(self):
        """A fact recorded after `at` was not known yet."""
        f = fact("travel.next_trip", self.trip, recorded=AT.add(days=1))
        assert () == pt.detect_moments(contact(facts=[f]), at=AT, within=WEEK)


class TestOtherMoments:
    def test_anniversaries_of_dated_facts(self):
        """Dated facts under dates.* or ending _since/anniversary recur yearly."""
        facts = [
            fact("account.customer_since", dt.date(2021, 12, 2)),
            fact("dates.anniversary.wedding", "2015-12-05"),
            fact("dates.started", dt.date(2026, 12, 1)),  # this year's: not an anniversary yet
        ]
        ms = pt.detect_moments(contact(facts=facts), at=AT, within=WEEK)
        assert [("customer_since", 5), ("wedding", 11)] == [(m.label, m.years) for m in ms]

    def test_big_purchase_only(self):
        """A purchase above the currency's threshold yields a thank-you; a small one not."""
        big = fact(
            "purchases.last", {"amount": 18900, "currency": "CAD", "on": dt.date(2026, 11, 26)}
        )
        small = fact("purchases.recent.a", {"amount": 20, "on": dt.date(2026, 11, 26)})
        unknown = fact("purchases.recent.b", {"item": "shoes"})
        (m,) = pt.detect_moments(contact(facts=[big, small, unknown]), at=AT, within=WEEK)
        assert (MomentKind.PURCHASE, 18900.0, "CAD") == (m.kind, m.amount, m.currency)

    def test_yen_threshold(self):
        """Thresholds are per currency."""
        f = fact(
            "purchases.last", {"amount": 20000, "currency": "JPY", "on": dt.date(2026, 11, 28)}
        )
        assert () == pt.detect_moments(contact(facts=[f]), at=AT, within=WEEK)

    def test_life_event_tones(self):
        """Worries and special categories are sensitive; a new job is celebratory."""
        facts = [
            fact("life.new_job", {"company": "Acme"}),
            fact("family.parent_care", {"topic": "homes"}, sensitivity="health"),
            fact("life.move", "Lisbon"),
            fact("life.flagged", {"sensitive": True}),
        ]
        ms = pt.detect_moments(contact(facts=facts), at=AT, within=WEEK)
        tones = {m.label: m.tone.value for m in ms}
        assert {
            "new_job": "celebratory",
            "parent_care": "sensitive",
            "move": "neutral",
            "flagged": "sensitive",
        } == tones

    def test_old_life_event_is_stale(self):
        """A life event told long ago yields nothing."""
        f = fact("life.new_job", "x", recorded=AT.subtract(days=60))
        assert () == pt.detect_moments(contact(facts=[f]), at=AT, within=WEEK)


class TestEvents:
    def event(self, outcome, **kw):
        return Event(
            id=f"m-{outcome}",
            kind="sports_result",
            at=AT.subtract(hours=14),
            team="Harbour City FC",
            outcome=outcome,
            **kw,
        )

    def fan(self, value="harbour city fc"):
        return contact(facts=[fact("interests.sports.team", value)])

    def test_win_is_celebratory(self):
        """A favourite team's win matches case-insensitively and is celebratory."""
        (m,) = pt.detect_moments(self.fan(), at=AT, within=WEEK, events=[self.event("won")])
        assert (MatchResult.WON, Tone.CELEBRATORY, "c-1:team_result:m-won") == (
            m.outcome,
            m.tone,
            m.id,
        )

    def test_loss_skipped_by_default(self):
        """A loss yields no moment by default."""
        assert () == pt.detect_moments(self.fan(), at=AT, within=WEEK, events=[self.event("lost")])

    def test_loss_never_congratulated(self):
        """When losses are included they are neutral, and only humans may act on them."""
        opts = MomentOptions(include_losses=True)
        (m,) = pt.detect_moments(
            self.fan({"name": "Harbour City FC"}),
            at=AT,
            within=WEEK,
            events=[self.event("lost")],
            options=opts,
        )
        assert Tone.NEUTRAL == m.tone
        assert all(g.is_human for g in suggest_gestures(m))

    def test_result_window_is_a_day(self):
        """A result is worth a gesture within a day of the match."""
        late = AT.add(days=1)
        assert () == pt.detect_moments(self.fan(), at=late, within=WEEK, events=[self.event("won")])

    def test_weather_alert_by_city(self):
        """Local events match location.city."""
        alert = Event(
            id="w1", kind="weather_alert", at=AT, place="Lisbon", link="https://example.org/a"
        )
        c = contact(facts=[fact("location.city", " lisbon ")])
        (m,) = pt.detect_moments(c, at=AT, within=WEEK, events=[alert])
        assert ("weather_alert", "https://example.org/a") == (m.label, m.link)

    def test_match_result_is_its_own_name(self):
        """The match result enum is named MatchResult; its JSON values and field names stay."""
        (m,) = pt.detect_moments(self.fan(), at=AT, within=WEEK, events=[self.event("draw")])
        raw = converters.make_converter().unstructure(m, pt.Moment)
        assert ("MatchResult", "<MatchResult.DRAW: 'draw'>") == (
            MatchResult.__name__,
            repr(m.outcome),
        )
        assert ("draw", "draw") == (
            raw["outcome"],
            converters.unstructure(self.event("draw"))["outcome"],
        )

    def test_old_name_is_a_deprecated_alias(self):
        """``pt.Outcome`` still reaches MatchResult, with a DeprecationWarning naming the new home."""
        with pytest.warns(DeprecationWarning, match="moments.MatchResult"):
            assert MatchResult is pt.Outcome

    def test_sports_result_needs_team(self):
        """A sports result without a team is refused."""
        with pytest.raises(InvalidFieldError):
            Event(id="x", kind="sports_result", at=AT)


class TestBadData:
    bad = (
        fact("dates.birthday", "soon"),
        fact("travel.next_trip", {"departs": "2026-12-09", "returns": "2026-12-01"}),
        fact("travel.trips.b", "Paris"),
        fact("travel.trips.c", {"destination": "Rome"}),
        fact("purchases.last", {"amount": "a lot"}),
        fact("interests.sports.team", 42),
        fact("dates.anniversary.x", True),
    )

    def test_scan_reports_and_goes_on(self):
        """Malformed facts are reported (no values) and the scan continues."""
        bad = contact("c-bad", facts=self.bad)
        good = contact("c-good", birth="1990-12-01")
        scan = pt.scan_moments([bad, good], at=AT, within=WEEK)
        assert ["c-good:birthday:2026"] == [m.id for m in scan]
        codes = [(p.contact_id, p.key, p.code) for p in scan.summary.problems]
        assert [
            ("c-bad", "dates.birthday", "not_a_date"),
            ("c-bad", "travel.next_trip", "returns_before_departs"),
            ("c-bad", "travel.trips.b", "not_a_mapping"),
            ("c-bad", "travel.trips.c", "missing_departs"),
            ("c-bad", "purchases.last", "not_an_amount"),
            ("c-bad", "interests.sports.team", "not_a_team"),
            ("c-bad", "dates.anniversary.x", "not_a_date"),
        ] == codes
        text = scan.summary.describe()
        assert "7 fact(s) did not fit" in text
        for value in ("a lot", "soon", "Paris"):
            assert value not in text

    def test_detect_raises_without_problem_list(self):
        """detect_moments raises InvalidFactError unless given a list to collect problems."""
        c = contact(facts=[fact("dates.birthday", "soon")])
        with pytest.raises(InvalidFactError) as info:
            pt.detect_moments(c, at=AT, within=WEEK)
        assert ("dates.birthday", "c-1") == (info.value.field, info.value.contact_id)
        found: list[DataProblem] = []
        assert () == pt.detect_moments(c, at=AT, within=WEEK, problems=found)
        assert ["not_a_date"] == [p.code for p in found]

    def test_bad_within(self):
        """`within` must be a positive duration."""
        with pytest.raises(InvalidFieldError):
            pt.scan_moments([], at=AT, within=pendulum.duration(days=0))


class TestScan:
    def test_summary_counts(self):
        """The summary counts contacts and moments by kind."""
        scan = pt.scan_moments([contact("a", birth="1990-12-01"), contact("b")], at=AT, within=WEEK)
        assert 1 == len(list(scan))
        s = scan.summary
        assert (2, 1, ((MomentKind.BIRTHDAY, 1),)) == (s.contacts, s.moments, s.by_kind)
        assert "No data problems." in s.describe()

    def test_streams_lazily(self):
        """The scan reads contacts one at a time."""
        seen = []

        def gen():
            for i in range(3):
                seen.append(i)
                yield contact(f"c{i}", birth="1990-12-01")

        scan = pt.scan_moments(gen(), at=AT, within=WEEK)
        next(scan)
        assert [0] == seen

    def test_moments_round_trip_through_converters(self):
        """Every variant serializes with its kind tag and structures back."""
        conv = converters.make_converter()
        facts = [
            fact("travel.next_trip", {"destination": "Oslo", "departs": dt.date(2026, 12, 4)}),
            fact("life.new_job", "x"),
            fact("interests.sports.team", "Oslo FC"),
        ]
        ev = Event(id="e", kind="sports_result", at=AT, team="Oslo FC", outcome="won")
        ms = pt.detect_moments(
            contact(birth="1990-12-01", facts=facts), at=AT, within=WEEK, events=[ev]
        )
        raw = conv.unstructure(ms, tuple[pt.Moment, ...])
        assert {"birthday", "trip", "life_event", "team_result"} == {r["kind"] for r in raw}
        assert ms == conv.structure(raw, tuple[pt.Moment, ...])
        assert ms[0] == conv.structure(conv.unstructure(ms[0]), type(ms[0]))

    def test_unknown_kind_refused(self):
        """An unknown kind tag is an InvalidInputError naming the field."""
        with pytest.raises(pt.exceptions.InvalidInputError, match="kind"):
            converters.make_converter().structure({"kind": "nope"}, pt.Moment)


ZONES = ["UTC", "Pacific/Honolulu", "Pacific/Kiritimati", "Europe/Berlin", "America/New_York"]


@st.composite
def contacts_(draw):
    n = draw(st.integers(0, 8))
    out = []
    for i in range(n):
        birth = draw(st.dates(dt.date(1950, 1, 1), dt.date(2010, 12, 31)))
        facts = []
        if draw(st.booleans()):
            departs = draw(st.dates(dt.date(2026, 11, 25), dt.date(2026, 12, 20)))
            facts.append(fact("travel.next_trip", {"departs": departs}))
        if draw(st.booleans()):
            facts.append(
                fact("dates.anniversary.x", draw(st.sampled_from(["bad", dt.date(2020, 12, 3)])))
            )
        out.append(
            contact(f"c{i}", tz=draw(st.sampled_from(ZONES)), birth=birth.isoformat(), facts=facts)
        )
    return out


class TestProperties:
    @settings(max_examples=40)
    @given(contacts_(), st.randoms(use_true_random=False), st.integers(1, 30))
    def test_deterministic_and_order_independent(self, cs, rnd, days):
        """Scanning twice, or in another order, finds the same moments and problems."""
        within = pendulum.duration(days=days)
        first = pt.scan_moments(cs, at=AT, within=within)
        a = list(first)
        again = list(pt.scan_moments(cs, at=AT, within=within))
        shuffled = list(cs)
        rnd.shuffle(shuffled)
        other = pt.scan_moments(shuffled, at=AT, within=within)
        b = list(other)
        assert a == again
        assert sorted(a, key=lambda m: m.id) == sorted(b, key=lambda m: m.id)
        assert sorted(map(str, first.problems)) == sorted(map(str, other.problems))
        assert all(m.window.end > AT and m.window.start < AT + within for m in a)


class TestProblemCap:
    def test_keeps_first_problems_counts_all(self):
        """Only the first max_problems are kept, every problem is counted."""
        bad = [contact(f"c{i}", facts=[fact("dates.birthday", "soon")]) for i in range(5)]
        scan = pt.scan_moments(bad, at=AT, within=WEEK, max_problems=2)
        assert [] == list(scan)
        s = scan.summary
        assert (5, ["c0", "c1"]) == (s.problem_count, [p.contact_id for p in s.problems])
        assert "... and 3 more" in s.describe()


ODD_ZONES = [
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "America/Santiago",
    "America/Havana",
    "Asia/Tehran",
    "Pacific/Honolulu",
    "Pacific/Kiritimati",
    "Europe/London",
    "America/St_Johns",
]


class TestZoneProperties:
    @settings(max_examples=80)
    @given(
        st.sampled_from(ODD_ZONES),
        st.datetimes(dt.datetime(2026, 1, 1), dt.datetime(2028, 12, 31)),
        st.integers(0, 2),
        st.sampled_from([1952, 1980, 1996, 2000, 2007]),
    )
    def test_birthday_window_is_local_morning(self, zone, naive_at, ahead, year):
        """Wherever and whenever, a birthday's window is 08:00 to 12:00 on its local date."""
        at = pendulum.instance(naive_at, tz="UTC")
        day = at.in_timezone(zone).date().add(days=ahead)
        assume((day.month, day.day) != (2, 29) or year % 4 == 0)
        born = dt.date(year, day.month, day.day)
        c = contact(tz=zone, birth=born.isoformat())
        found = pt.detect_moments(c, at=at, within=pendulum.duration(days=3))
        assert ahead == 0 or found  # a birthday one or two local days ahead is always found
        for m in found:
            local_start = m.window.start.in_timezone(zone)
            local_end = m.window.end.in_timezone(zone)
            assert (m.occurs_on, 8, 0) == (local_start.date(), local_start.hour, local_start.minute)
            assert (m.occurs_on, 12) == (local_end.date(), local_end.hour)
            expected = (born.month, born.day)
            if expected == (2, 29) and not calendar.isleap(m.occurs_on.year):
                expected = (2, 28)
            assert expected == (m.occurs_on.month, m.occurs_on.day)


class TestMomentBase:
    def test_base_is_abstract(self):
        """Only the variants are instantiated, never the Moment base."""
        at = pendulum.datetime(2026, 11, 30, 9)
        with pytest.raises(TypeError):
            pt.Moment(
                id="x",
                contact_id="c",
                occurs_on=at.date(),
                window=Window(at, at.add(hours=1)),
                tone="neutral",
            )
