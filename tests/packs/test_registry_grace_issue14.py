"""
Issue 14 item 2: do-not-call listings with dates, barring calls after each grace period.

Each registry bars calls from the day its grace period ends on the contact's calendar: the
day before, the call goes; that day, it is refused.
"""

from __future__ import annotations

import pendulum
import pytest

import personal_touch as pt
from builders import call, customer_in, decide, grant, local, rule_ids
from personal_touch._policy._default import law_floor_policy
from personal_touch.exceptions import InvalidFieldError
from personal_touch.rules import RegistryCheck
from personal_touch.values import DncListing

FLOOR = law_floor_policy()

#: (jurisdiction, zone, registry, grace days, rule): every registry with a grace period.
CASES = [
    ("GB", "Europe/London", "uk_tps", 28, "UK-PECR-21-01"),
    ("GB", "Europe/London", "uk_ctps", 28, "UK-PECR-21-01"),
    ("US-NY", "America/New_York", "us_national_dnc", 31, "US-TCPA-DNC-01"),
    ("CA-ON", "America/Toronto", "ca_dncl", 31, "CA-CRTC-DNCL-01"),
    ("AU", "Australia/Sydney", "au_dncr", 30, "AU-DNCR-01"),
]


def listed(jurisdiction: str, zone: str, registry: str, at: pendulum.DateTime) -> pt.Contact:
    signals = pt.PrivacySignals(dnc_listings=[DncListing(registry, at)])
    return customer_in(jurisdiction, timezone=zone, privacy=signals)


class TestGraceBoundaries:
    @pytest.mark.parametrize(("jurisdiction", "zone", "registry", "days", "rule_id"), CASES)
    def test_day_before_and_day_grace_ends(
        self, jurisdiction: str, zone: str, registry: str, days: int, rule_id: str
    ) -> None:
        """Not barred on the last day of the grace period; barred the day after it ends."""
        listed_at = local(zone, 2026, 9, 1, 23, 30)  # late evening: the contact's calendar counts
        c = listed(jurisdiction, zone, registry, listed_at)
        last = pendulum.datetime(2026, 9, 1, 14, tz=zone).add(days=days - 1)
        first = last.add(days=1)
        assert rule_id not in rule_ids(decide(c, call(), at=last))
        assert rule_id in rule_ids(decide(c, call(), at=first), "deny")

    @pytest.mark.parametrize(("jurisdiction", "zone", "registry", "days", "rule_id"), CASES)
    def test_undated_listing_bars_at_once(
        self, jurisdiction: str, zone: str, registry: str, days: int, rule_id: str
    ) -> None:
        """A listing without a date bars at once (fail closed), as before."""
        signals = pt.PrivacySignals(dnc_registries={registry})
        c = customer_in(jurisdiction, timezone=zone, privacy=signals)
        at = local(zone, 2026, 9, 1, 14)
        assert rule_id in rule_ids(decide(c, call(), at=at), "deny")

    def test_zone_decides_the_day(self) -> None:
        """A listing at 03:00 UTC is the evening before in New York: the count starts there."""
        at = pendulum.datetime(2026, 10, 1, 3, tz="UTC")  # 2026-09-30 23:00 in New York
        c = listed("US-NY", "America/New_York", "us_national_dnc", at)
        ny = "America/New_York"
        assert "US-TCPA-DNC-01" not in rule_ids(decide(c, call(), at=local(ny, 2026, 10, 30, 12)))
        d = decide(c, call(), at=local(ny, 2026, 10, 31, 12))
        assert "US-TCPA-DNC-01" in rule_ids(d, "deny")

    def test_law_floor_call_allowed_until_grace_ends(self) -> None:
        """Under the law's floor a live UK call goes on day 27 after listing, not on day 28."""
        zone = "Europe/London"
        c = listed("GB", zone, "uk_tps", local(zone, 2026, 11, 1, 9))
        assert (
            pt.Verdict.ALLOW
            == decide(c, call(), at=local(zone, 2026, 11, 28, 12), policy=FLOOR).verdict
        )
        assert (
            pt.Verdict.DENY
            == decide(c, call(), at=local(zone, 2026, 11, 29, 12), policy=FLOOR).verdict
        )

    def test_consent_still_lifts_a_listing(self) -> None:
        """Express consent to calls lifts a dated listing as it lifts an undated one."""
        zone = "Europe/London"
        c = listed("GB", zone, "uk_tps", local(zone, 2026, 1, 1, 9))
        d = decide(c, call(), consents=[grant("marketing.phone")], at=local(zone, 2026, 11, 30, 12))
        assert pt.Verdict.ALLOW == d.verdict


class TestRegistryCheckShape:
    def test_grace_days_shown_and_validated(self) -> None:
        """Grace periods are data: sorted pairs, whole days, named in errors."""
        rule = RegistryCheck(
            id="X-1", statement="s", citation="c", registries={"uk_tps"}, grace_days={"uk_tps": 28}
        )
        assert (("uk_tps", 28),) == rule.grace_days
        assert ("grace (days)", "uk_tps 28") in rule.params
        with pytest.raises(InvalidFieldError) as info:
            RegistryCheck(
                id="X-1",
                statement="s",
                citation="c",
                registries={"uk_tps"},
                grace_days={"uk_tps": -1},
            )
        assert "grace_days" == info.value.field
