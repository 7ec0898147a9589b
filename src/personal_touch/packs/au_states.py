"""
Australia's state and territory packs.

The Telemarketing Standard's calling window, closed on each state's statewide public holidays
as well as the national ones.

Each pack applies to a contact whose jurisdiction names the state (``"AU-NSW"``); a contact
in ``"AU"`` with no state gets the national holidays only.  Holidays are computed from their
rules (the second Monday of June...), checked against the published 2026 lists (Fair Work
Ombudsman, "2026 public holidays"; australia.com, "Australian public holidays 2026").
Holidays of part of a state (regional show days, the Brisbane Ekka) and evening part-days
(Christmas Eve from 19:00 in SA and the NT, 18:00 in Queensland) are not included.  Victoria's
Friday before the AFL Grand Final is set each year: listed by date for the years known.

.. versionadded:: 0.4.0
"""

from __future__ import annotations

import datetime as dt

from ..rules import CALLS, CallingHours, CallingWindow, MovableHolidayCalendar, Pack
from .au import AU_NATIONAL_HOLIDAYS

_MON, _TUE = 0, 1
_EASTER_SATURDAY, _EASTER_SUNDAY = -1, 0
#: Second Monday of June: the King's Birthday everywhere but Queensland and WA.
KINGS_BIRTHDAY = (6, _MON, 2)
#: First Monday of October: Labour Day in NSW, the ACT and SA; the King's Birthday in Qld.
FIRST_MONDAY_OCTOBER = (10, _MON, 1)
SECOND_MONDAY_MARCH = (3, _MON, 2)
FIRST_MONDAY_MAY = (5, _MON, 1)
#: Victoria: the Friday before the AFL Grand Final (2024 from the Victorian list; 2025-2026
#: from the AFL fixture, to verify).
AFL_GRAND_FINAL_FRIDAY = frozenset(
    {dt.date(2024, 9, 27), dt.date(2025, 9, 26), dt.date(2026, 9, 25)}
)


def _calendar(
    name: str,
    *,
    nth: set[tuple[int, int, int]],
    easter: set[int] | None = None,
    on_or_after: set[tuple[int, int, int]] | None = None,
    dated: frozenset[dt.date] = frozenset(),
) -> MovableHolidayCalendar:
    national = AU_NATIONAL_HOLIDAYS
    return MovableHolidayCalendar(
        name=f"{name}, public holidays",
        fixed=national.fixed,
        easter_offsets=national.easter_offsets | frozenset(easter or ()),
        substituted=national.substituted,
        nth_weekdays=frozenset(nth),
        on_or_after=frozenset(on_or_after or ()),
        dated=dated,
    )


_BOTH_EASTER_WEEKEND = {_EASTER_SATURDAY, _EASTER_SUNDAY}

#: Each state's or territory's public holidays (national ones included), by ISO 3166-2 code.
AU_STATE_HOLIDAYS: dict[str, MovableHolidayCalendar] = {
    # Canberra Day, the King's Birthday, Labour Day; Reconciliation Day is the Monday on or
    # after 27 May.
    "AU-ACT": _calendar(
        "Australian Capital Territory",
        nth={SECOND_MONDAY_MARCH, KINGS_BIRTHDAY, FIRST_MONDAY_OCTOBER},
        easter=_BOTH_EASTER_WEEKEND,
        on_or_after={(5, 27, _MON)},
    ),
    "AU-NSW": _calendar(
        "New South Wales",
        nth={KINGS_BIRTHDAY, FIRST_MONDAY_OCTOBER},
        easter=_BOTH_EASTER_WEEKEND,
    ),
    # May Day, the King's Birthday, Picnic Day (first Monday of August).
    "AU-NT": _calendar(
        "Northern Territory",
        nth={FIRST_MONDAY_MAY, KINGS_BIRTHDAY, (8, _MON, 1)},
        easter={_EASTER_SATURDAY},
    ),
    # Labour Day (first Monday of May), the King's Birthday (first Monday of October).
    "AU-QLD": _calendar(
        "Queensland",
        nth={FIRST_MONDAY_MAY, FIRST_MONDAY_OCTOBER},
        easter=_BOTH_EASTER_WEEKEND,
    ),
    # Adelaide Cup Day, the King's Birthday, Labour Day.
    "AU-SA": _calendar(
        "South Australia",
        nth={SECOND_MONDAY_MARCH, KINGS_BIRTHDAY, FIRST_MONDAY_OCTOBER},
        easter={_EASTER_SATURDAY},
    ),
    # Eight Hours Day, the King's Birthday.
    "AU-TAS": _calendar("Tasmania", nth={SECOND_MONDAY_MARCH, KINGS_BIRTHDAY}),
    # Labour Day, the King's Birthday, Melbourne Cup Day (first Tuesday of November), the
    # Friday before the AFL Grand Final.
    "AU-VIC": _calendar(
        "Victoria",
        nth={SECOND_MONDAY_MARCH, KINGS_BIRTHDAY, (11, _TUE, 1)},
        easter=_BOTH_EASTER_WEEKEND,
        dated=AFL_GRAND_FINAL_FRIDAY,
    ),
    # Labour Day (first Monday of March), WA Day (first Monday of June), the King's Birthday
    # (last Monday of September, by proclamation).
    "AU-WA": _calendar(
        "Western Australia",
        nth={(3, _MON, 1), (6, _MON, 1), (9, _MON, -1)},
        easter={_EASTER_SUNDAY},
    ),
}


def _pack(code: str) -> Pack:
    holidays = AU_STATE_HOLIDAYS[code]
    name = holidays.name.removesuffix(", public holidays")
    window = CallingWindow.weekly(
        weekdays=[("09:00", "20:00")], saturday=[("09:00", "17:00")], sunday=[], holidays=holidays
    )
    return Pack(
        id=code,
        name=f"{name}: telemarketing calling hours on state public holidays",
        countries={"AU"},
        subdivisions={code},
        rules=(
            CallingHours(
                id=f"AU-TSTD-{code.removeprefix('AU-')}-01",
                statement=(
                    "No telemarketing call on a public holiday of the recipient's state or "
                    "territory (otherwise the national window applies)."
                ),
                citation=(
                    "Telecommunications (Telemarketing and Research Calls) Industry Standard "
                    "2017 s.5 ('public holiday in the place where the call is received')"
                ),
                window=window,
                channels=CALLS,
                confidence="I",
            ),
        ),
    )


#: Every pack of this module, in order.
PACKS: tuple[Pack, ...] = tuple(_pack(code) for code in AU_STATE_HOLIDAYS)

__all__ = ["AFL_GRAND_FINAL_FRIDAY", "AU_STATE_HOLIDAYS", "PACKS"]
