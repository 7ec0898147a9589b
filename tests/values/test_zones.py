"""
No zone, no guess: timing rules without a contact zone, host-dependent zones, extreme dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import zoneinfo
from typing import Any

import attrs
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personal_touch as pt
from builders import AT, CORE, FULL, message
from personal_touch import converters
from personal_touch.exceptions import (
    InvalidFieldError,
    InvalidInputError,
    PersonalTouchError,
    UnknownTimezoneError,
)
from personal_touch.values import FrequencyLimit

US_ZONES = ("America/New_York", "America/Chicago", "America/Los_Angeles", "Pacific/Honolulu")
#: Zones at the ends of the offset range, with and without DST.
EDGE_ZONES = (
    "UTC",
    "Pacific/Kiritimati",
    "Etc/GMT-14",
    "Etc/GMT+12",
    "Pacific/Pago_Pago",
    "America/New_York",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
)


def person(**changes: Any) -> pt.Contact:
    """A customer without a time zone (unless given)."""
    fields: dict[str, Any] = {
        "id": "c-1",
        "created_at": AT.subtract(years=2),
        "stage": "customer",
    }
    fields.update(changes)
    return pt.Contact(**fields)


def _quiet(local: dt.datetime) -> bool:
    return not (8 <= local.hour < 21)  # the default quiet hours, 21:00 to 08:00


class TestNoZoneQuietHours:
    def test_us_contact_is_not_mailed_at_night_in_chicago(self) -> None:
        """08:00 UTC is 02:00 in Chicago: a US contact without a zone is deferred, not mailed."""
        at = pendulum.datetime(2026, 11, 30, 8, 0, tz="UTC")
        d = pt.decide(person(jurisdiction="US-IL"), message(), consents=FULL, at=at, policy=CORE)
        assert pt.Verdict.DEFER == d.verdict
        assert "quiet_hours" in {r.code for r in d.reasons}
        assert d.not_before is not None
        for zone in pt.Contact(id="x", created_at=AT, jurisdiction="US").zones:
            assert not _quiet(d.not_before.in_timezone(zone)), zone

    def test_deferred_to_the_first_instant_quiet_everywhere_is_over(self) -> None:
        """Honolulu's 08:00 is the last zone to wake (13:00 in New York, in winter)."""
        at = pendulum.datetime(2026, 11, 30, 8, 0, tz="UTC")
        d = pt.decide(person(jurisdiction="US"), message(), consents=FULL, at=at, policy=CORE)
        assert pendulum.datetime(2026, 11, 30, 18, 0, tz="UTC") == d.not_before
        # Shown in UTC, not in whichever zone deferred last (CLDR versions spell zones apart).
        assert "UTC" == d.not_before.timezone_name  # type: ignore[union-attr]

    def test_allowed_when_it_is_day_in_every_zone(self) -> None:
        at = pendulum.datetime(2026, 11, 30, 19, 0, tz="UTC")  # 14:00 NY, 09:00 Honolulu
        d = pt.decide(person(jurisdiction="US"), message(), consents=FULL, at=at, policy=CORE)
        assert pt.Verdict.ALLOW == d.verdict

    def test_own_zone_wins_over_the_jurisdiction(self) -> None:
        at = pendulum.datetime(2026, 11, 30, 14, 0, tz="UTC")  # 09:00 in New York
        c = person(jurisdiction="US", timezone="America/New_York")
        assert (
            pt.Verdict.ALLOW == pt.decide(c, message(), consents=FULL, at=at, policy=CORE).verdict
        )

    def test_unknown_zone_and_jurisdiction_fail_closed(self) -> None:
        d = pt.decide(person(), message(), consents=FULL, at=AT, policy=CORE)
        assert pt.Verdict.DENY == d.verdict
        (r,) = [r for r in d.reasons if r.code == "unknown_time_zone"]
        assert r.hint is not None
        assert "Contact.timezone" in r.hint

    def test_unknown_zone_does_not_stop_transactional_or_post(self) -> None:
        c = person()
        for m in (message(purpose="transactional"), message(channel="post")):
            d = pt.decide(c, m, consents=FULL, at=AT, policy=CORE)
            assert "unknown_time_zone" not in {r.code for r in d.reasons}

    def test_no_zone_is_none_and_survives_json(self) -> None:
        c = person(jurisdiction="DE")
        assert c.timezone is None
        assert ("Europe/Berlin", "Europe/Busingen") == c.zones
        assert converters.loads(converters.dumps(c), pt.Contact) == c


class TestNoZoneFrequency:
    def test_daily_cap_holds_on_every_zones_calendar(self) -> None:
        """23:00 UTC on Nov 30 is still Nov 30 everywhere in the US at 01:00 UTC on Dec 1."""
        c = person(
            jurisdiction="US",
            preferences=pt.Preferences(frequency_limits=(FrequencyLimit(1, "day", "email"),)),
        )
        sent = pt.Interaction(
            contact_id="c-1",
            kind="sent",
            channel="email",
            purpose="marketing",
            at=pendulum.datetime(2026, 11, 30, 23, 0, tz="UTC"),
        )
        at = pendulum.datetime(2026, 12, 1, 1, 0, tz="UTC")
        d = pt.decide(c, message(), consents=FULL, history=[sent], at=at, policy=CORE)
        assert pt.Verdict.DEFER == d.verdict
        assert "frequency_cap" in {r.code for r in d.reasons}
        assert d.not_before is not None
        for zone in c.zones:
            assert d.not_before.in_timezone(zone).date() >= dt.date(2026, 12, 1), zone


class TestNoZoneCallingWindows:
    def test_sms_waits_for_the_window_in_every_us_zone(self) -> None:
        """TCPA's 08:00-21:00: 14:00 UTC is 09:00 in New York but 04:00 in Honolulu."""
        at = pendulum.datetime(2026, 11, 30, 14, 0, tz="UTC")
        c = person(jurisdiction="US-FL")
        g = pt.ConsentGrant(
            id="g",
            contact_id="c-1",
            purpose="marketing",
            basis="prior_express_written_consent",
            granted_at=AT.subtract(years=1),
        )
        m = pt.Message(purpose="marketing", channel="sms", authorship="human")
        d = pt.decide(c, m, consents=[g], at=at)
        assert pt.Verdict.DEFER == d.verdict
        assert d.not_before is not None
        for zone in c.zones:
            assert 8 <= d.not_before.in_timezone(zone).hour < 21, zone
        with_zone = attrs_evolve(c, timezone="America/New_York")
        assert pt.Verdict.ALLOW == pt.decide(with_zone, m, consents=[g], at=at).verdict


def attrs_evolve(c: pt.Contact, **changes: Any) -> pt.Contact:
    return attrs.evolve(c, **changes)


class TestHostDependentZones:
    @pytest.mark.parametrize(
        "name", ["localtime", "Factory", "posixrules", "", "posix/Europe/Berlin", "right/UTC"]
    )
    def test_refused_at_construction(self, name: str) -> None:
        with pytest.raises(UnknownTimezoneError) as info:
            person(timezone=name)
        assert info.value.field == "timezone"
        if name:
            assert name not in str(info.value)
            assert name not in repr(info.value)

    @pytest.mark.parametrize("name", ["localtime", "Factory", "posixrules"])
    def test_refused_in_json(self, name: str) -> None:
        data = converters.unstructure(person(timezone="UTC"))
        data["timezone"] = name
        with pytest.raises(InvalidInputError) as info:
            converters.structure(data, pt.Contact)
        assert "timezone" in str(info.value)
        assert name not in str(info.value)
        chain = info.value.__cause__ or info.value.__context__
        while chain is not None:
            assert name not in str(chain)
            chain = chain.__cause__ or chain.__context__


class TestExtremeInstants:
    def test_pause_forever_denies_without_crashing(self) -> None:
        forever = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
        for zone in EDGE_ZONES:
            c = person(timezone=zone, preferences=pt.Preferences(paused_until=forever))
            d = pt.decide(c, message(), consents=FULL, at=AT, policy=CORE)
            assert pt.Verdict.DENY == d.verdict
            assert {"paused", "no_permitted_instant"} <= {r.code for r in d.reasons}
            assert d.not_before is None

    def test_pause_forever_still_lets_transactional_through(self) -> None:
        forever = dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
        c = person(timezone="UTC", preferences=pt.Preferences(paused_until=forever))
        m = message(purpose="transactional")
        assert pt.Verdict.ALLOW == pt.decide(c, m, consents=FULL, at=AT, policy=CORE).verdict

    @pytest.mark.parametrize(
        "at",
        [
            dt.datetime(1, 1, 1, tzinfo=dt.UTC),
            dt.datetime(9999, 12, 31, 23, 59, 59, tzinfo=dt.UTC),
            dt.datetime(1, 1, 1, 5, tzinfo=zoneinfo.ZoneInfo("Pacific/Kiritimati")),
        ],
    )
    def test_at_beyond_the_range_is_a_typed_error(self, at: dt.datetime) -> None:
        with pytest.raises(InvalidFieldError) as info:
            pt.decide(person(timezone="UTC"), message(), consents=FULL, at=at, policy=CORE)
        assert "at" == info.value.field

    def test_contact_local_past_the_calendar_is_typed(self) -> None:
        c = person(timezone="Pacific/Kiritimati")
        with pytest.raises(InvalidFieldError) as info:
            c.local(dt.datetime(9999, 12, 31, 20, tzinfo=dt.UTC))
        assert "at" == info.value.field
        assert dt.date(9999, 12, 30) == c.local(_HI).date()

    @pytest.mark.parametrize("zone", EDGE_ZONES)
    @pytest.mark.parametrize(
        "at",
        [
            pendulum.datetime(1, 1, 2, tz="UTC"),
            pendulum.datetime(9999, 12, 30, tz="UTC"),
        ],
    )
    def test_the_ends_of_the_range_decide(self, zone: str, at: pendulum.DateTime) -> None:
        for jurisdiction in (None, "US-CA", "DE", "AU"):
            c = person(timezone=zone, jurisdiction=jurisdiction)
            for channel in ("email", "sms", "phone"):
                d = pt.decide(c, message(channel=channel), consents=FULL, at=at)
                assert d.verdict in set(pt.Verdict)


_LO = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
_HI = dt.datetime(9999, 12, 30, tzinfo=dt.UTC)
instants = st.datetimes(min_value=_LO.replace(tzinfo=None), max_value=_HI.replace(tzinfo=None)).map(
    lambda d: d.replace(tzinfo=dt.UTC)
)
#: Instants within a month of either end, where day and window arithmetic overflows.
near_ends = st.tuples(st.sampled_from([_LO, _HI]), st.integers(0, 31 * 24 * 60)).map(
    lambda p: (
        p[0] + dt.timedelta(minutes=p[1]) if p[0] == _LO else p[0] - dt.timedelta(minutes=p[1])
    )
)
extreme = st.sampled_from([_LO, _HI]) | near_ends | instants
#: Every zone of the zone database (host-dependent names are refused, see above).
ALL_ZONES = sorted(
    z for z in zoneinfo.available_timezones() if z not in {"Factory", "localtime", "posixrules"}
)
zones = st.sampled_from(EDGE_ZONES) | st.sampled_from(ALL_ZONES) | st.none()
#: Aware datetimes anywhere on the calendar, in any zone (some lie just outside the range).
anywhere = st.datetimes(timezones=st.timezones()).filter(lambda d: d.utcoffset() is not None)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    at=extreme,
    zone=zones,
    jurisdiction=st.sampled_from([None, "US-CA", "DE", "FR", "AU", "CA-QC", "GB", "BR"]),
    channel=st.sampled_from(["email", "sms", "phone", "post"]),
    field=extreme | anywhere,
)
def test_any_instant_in_range_raises_nothing_untyped(
    at: dt.datetime, zone: str | None, jurisdiction: str | None, channel: str, field: dt.datetime
) -> None:
    """decide, scan_moments and plan on any instant and datetime field: typed or nothing."""
    birth = field.date()
    c = person(
        timezone=zone,
        jurisdiction=jurisdiction,
        stage_since=field,
        created_at=field,
        birth_date=birth,
        preferences=pt.Preferences(paused_until=field),
        facts=(
            pt.Fact(
                key="travel.next_trip",
                value={"destination": "x", "departs": birth, "returns": birth},
                provenance="stated",
                recorded_at=field,
            ),
            pt.Fact(key="dates.wedding", value=birth, provenance="stated", recorded_at=field),
            pt.Fact(key="life.anniversary", value=field, provenance="stated", recorded_at=field),
        ),
    )
    g = pt.ConsentGrant(id="g", contact_id="c-1", purpose="marketing", granted_at=field)
    history = (pt.Interaction(contact_id="c-1", kind="sent", channel=channel, at=field),)
    with contextlib.suppress(PersonalTouchError):
        pt.decide(c, message(channel=channel), consents=[g], history=history, at=at)
    moments: list[pt.Moment] = []
    with contextlib.suppress(PersonalTouchError):
        moments = list(pt.scan_moments([c], at=at, within=pendulum.duration(days=14)))
    with contextlib.suppress(PersonalTouchError):
        pt.plan(moments, [c], consents=[pt.ConsentLedger("c-1", (g,))], history=history, at=at)


@settings(max_examples=60, deadline=None)
@given(
    jurisdiction=st.sampled_from(["US-CA", "US-FL", "CA-QC", "AU", "BR", "DE", "FR", "GB"]),
    at=st.integers(0, 365 * 24 * 4).map(lambda q: AT.add(minutes=15 * q)),
    channel=st.sampled_from(["phone", "sms", "email"]),
)
def test_no_zone_deferral_is_allowed_in_every_zone(
    jurisdiction: str, at: pendulum.DateTime, channel: str
) -> None:
    """Without a contact zone, not_before is outside quiet hours in every jurisdiction zone."""
    c = person(jurisdiction=jurisdiction)
    g = pt.ConsentGrant(
        id="g",
        contact_id="c-1",
        purpose="marketing",
        basis="prior_express_written_consent",
        granted_at=AT.subtract(years=1),
    )
    m = pt.Message(purpose="marketing", channel=channel, authorship="human")
    d = pt.decide(c, m, consents=[g], at=at)
    if d.verdict is not pt.Verdict.DEFER:
        if d.verdict is pt.Verdict.ALLOW:
            for zone in c.zones:
                assert not _quiet(at.in_timezone(zone)), zone
        return
    assert d.not_before is not None
    for zone in c.zones:
        assert not _quiet(d.not_before.in_timezone(zone)), zone
    assert pt.Verdict.DEFER != pt.decide(c, m, consents=[g], at=d.not_before).verdict
