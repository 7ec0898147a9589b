"""Issue 14 item 8: Australian state holidays, movable holiday rules and GDPR Art. 22."""

from __future__ import annotations

import calendar
import datetime as dt

import hypothesis.strategies as st
from hypothesis import given

import personal_touch as pt
from builders import call, codes, customer_in, decide, grant, local, message, rule_ids
from personal_touch.packs import AU_STATE_HOLIDAYS
from personal_touch.rules import MovableHolidayCalendar, nth_weekday

SYD, MEL, PER, BNE = (
    "Australia/Sydney",
    "Australia/Melbourne",
    "Australia/Perth",
    "Australia/Brisbane",
)
PHONE = grant("marketing.phone", granted_at=local("UTC", 2025, 1, 1))

#: The statewide holidays of 2026 beyond the national ones, as published by the Fair Work
#: Ombudsman ("2026 public holidays") and australia.com ("Australian public holidays 2026").
PUBLISHED_2026 = {
    "AU-ACT": {"03-09", "04-04", "04-05", "06-01", "06-08", "10-05"},
    "AU-NSW": {"04-04", "04-05", "06-08", "10-05"},
    "AU-NT": {"04-04", "05-04", "06-08", "08-03"},
    "AU-QLD": {"04-04", "04-05", "05-04", "10-05"},
    "AU-SA": {"03-09", "04-04", "06-08", "10-05"},
    "AU-TAS": {"03-09", "06-08"},
    "AU-VIC": {"03-09", "04-04", "04-05", "06-08", "09-25", "11-03"},
    "AU-WA": {"03-02", "04-05", "06-01", "09-28"},
}
NATIONAL_2026 = {"01-01", "01-26", "04-03", "04-06", "04-25", "12-25", "12-26", "12-28"}


def in_state(state: str, zone: str) -> pt.Contact:
    return customer_in(f"AU-{state}", timezone=zone)


class TestStateHolidays:
    def test_2026_matches_the_published_lists(self) -> None:
        """Computed from rules, each state's 2026 holidays are the published ones."""
        for code, extra in PUBLISHED_2026.items():
            days = {d.strftime("%m-%d") for d in AU_STATE_HOLIDAYS[code].days(2026)}
            assert NATIONAL_2026 | extra == days, code

    def test_kings_birthday_nsw(self) -> None:
        """NSW, Mon 8 June 2026: Friday 19:59 is open, Monday deferred to Tuesday 09:00."""
        c = in_state("NSW", SYD)
        friday = decide(c, call(), consents=[PHONE], at=local(SYD, 2026, 6, 5, 19, 59))
        assert "AU-TSTD-NSW-01" not in rule_ids(friday)
        monday = decide(c, call(), consents=[PHONE], at=local(SYD, 2026, 6, 8, 9))
        assert "AU-TSTD-NSW-01" in rule_ids(monday, "defer")
        assert local(SYD, 2026, 6, 9, 9) == monday.not_before
        tuesday = decide(c, call(), consents=[PHONE], at=local(SYD, 2026, 6, 9, 9))
        assert "AU-TSTD-NSW-01" not in rule_ids(tuesday)

    def test_no_state_means_national_holidays_only(self) -> None:
        """A contact in AU with no state is not held to any state's holidays."""
        d = decide(
            customer_in("AU", timezone=SYD), call(), consents=[PHONE], at=local(SYD, 2026, 6, 8, 12)
        )
        assert not {i for i in rule_ids(d) if i.startswith("AU-TSTD-") and i != "AU-TSTD-01"}

    def test_melbourne_cup_is_victorian_only(self) -> None:
        """Tue 3 Nov 2026 closes calls in Victoria (until Wed 09:00), not in NSW."""
        at = local(MEL, 2026, 11, 3, 10)
        vic = decide(in_state("VIC", MEL), call(), consents=[PHONE], at=at)
        assert local(MEL, 2026, 11, 4, 9) == vic.not_before
        nsw = decide(in_state("NSW", SYD), call(), consents=[PHONE], at=at)
        assert "AU-TSTD-NSW-01" not in rule_ids(nsw)
        eve = decide(
            in_state("VIC", MEL), call(), consents=[PHONE], at=local(MEL, 2026, 11, 2, 19, 59)
        )
        assert "AU-TSTD-VIC-01" not in rule_ids(eve)

    def test_queensland_and_western_australia_kings_birthdays(self) -> None:
        """Queensland's King's Birthday is in October, WA's on the last Monday of September."""
        qld = decide(in_state("QLD", BNE), call(), consents=[PHONE], at=local(BNE, 2026, 10, 5, 12))
        assert "AU-TSTD-QLD-01" in rule_ids(qld, "defer")
        june = decide(in_state("QLD", BNE), call(), consents=[PHONE], at=local(BNE, 2026, 6, 8, 12))
        assert "AU-TSTD-QLD-01" not in rule_ids(june)
        wa = decide(in_state("WA", PER), call(), consents=[PHONE], at=local(PER, 2026, 9, 28, 12))
        assert local(PER, 2026, 9, 29, 9) == wa.not_before


class TestMovableHolidays:
    @given(
        year=st.integers(1900, 2200),
        month=st.integers(1, 12),
        weekday=st.integers(0, 6),
        n=st.sampled_from([1, 2, 3, 4, -1]),
    )
    def test_nth_weekday(self, year: int, month: int, weekday: int, n: int) -> None:
        """The n-th weekday is that weekday, in that month, with n-1 of them before it."""
        day = nth_weekday(year, month, weekday, n)
        assert (month, weekday) == (day.month, day.weekday())
        if n == -1:
            assert day.day + 7 > calendar.monthrange(year, month)[1]
        else:
            assert (day.day - 1) // 7 == n - 1

    @given(year=st.integers(1950, 2150))
    def test_on_or_after_is_the_first_such_weekday(self, year: int) -> None:
        """Reconciliation Day is a Monday between 27 May and 2 June."""
        cal = MovableHolidayCalendar(name="t", on_or_after=frozenset({(5, 27, 0)}))
        (day,) = cal.days(year)
        assert 0 == day.weekday()
        assert dt.date(year, 5, 27) <= day <= dt.date(year, 6, 2)

    def test_dated_days_only_in_their_year(self) -> None:
        """A proclaimed day counts in its year only."""
        cal = MovableHolidayCalendar(name="t", dated=frozenset({dt.date(2026, 9, 25)}))
        assert cal.is_holiday(dt.date(2026, 9, 25))
        assert not cal.is_holiday(dt.date(2027, 9, 25))


def automated(**changes: object) -> pt.Message:
    return message(automated_decision=True, **changes)


class TestArticle22:
    def test_unflagged_messages_are_untouched(self) -> None:
        """Only a message flagged as a solely automated decision is checked."""
        d = decide(customer_in("DE"), message(), consents=[grant("marketing.email")])
        assert "EU-GDPR-ART22-01" not in rule_ids(d)

    def test_denied_without_an_exception(self) -> None:
        """Consent alone (not explicit) is no Art. 22(2) exception."""
        d = decide(customer_in("DE"), automated(), consents=[grant("marketing.email")])
        assert "solely_automated_decision" in codes(d)
        assert pt.Verdict.DENY == d.verdict

    def test_explicit_consent_from_the_minute_it_is_given(self) -> None:
        """Explicit consent a minute before the send excepts it; a minute after does not."""
        at = local("Europe/Berlin", 2026, 11, 30, 12)
        before = grant("marketing.email", "explicit_consent", granted_at=at.subtract(minutes=1))
        after = grant("marketing.email", "explicit_consent", granted_at=at.add(minutes=1))
        assert "EU-GDPR-ART22-01" not in rule_ids(
            decide(customer_in("DE"), automated(), consents=[before], at=at)
        )
        assert "EU-GDPR-ART22-01" in rule_ids(
            decide(
                customer_in("DE"), automated(), consents=[grant("marketing.email"), after], at=at
            ),
            "deny",
        )

    def test_contract_excepts_but_not_on_special_data(self) -> None:
        """Art. 22(2)(a) excepts; Art. 22(4) still needs explicit consent for health data."""
        g = [grant("marketing.email"), grant("relationship", "contract")]
        assert "EU-GDPR-ART22-01" not in rule_ids(
            decide(customer_in("DE"), automated(), consents=g)
        )
        fact = pt.Fact(
            key="health.condition", value="x", provenance="stated",
            recorded_at=local("UTC", 2026, 11, 1), sensitivity="health",
        )  # fmt: skip
        c = customer_in("DE", facts=(fact,))
        d = decide(c, automated(content_facts={"health"}, level="personal"), consents=g)
        assert "automated_decision_on_special_data" in codes(d)

    def test_outside_the_eea(self) -> None:
        """A US contact's flagged message is not held to Art. 22."""
        d = decide(customer_in("US"), automated(), consents=[grant("marketing.email")])
        assert "EU-GDPR-ART22-01" not in rule_ids(d)
