"""
France's telephone canvassing rules, a member-state pack beside the EU's.

Code de la consommation: calling windows (D.223-9), call limits and refusals, Bloctel, and the
opt-in of loi 2025-594 art. 13 from 2026-08-11.

.. versionadded:: 0.4.0
   Moved out of :mod:`personal_touch.packs.eu`, which still exports the same names.
"""

from __future__ import annotations

import datetime as dt

from .._consent import LawfulBasis
from ..rules import (
    CALLS,
    CallCap,
    CallingHours,
    CallingWindow,
    ConsentRequired,
    HolidayCalendar,
    LegalRule,
    OptOut,
    OptOutRegime,
    Pack,
    RegistryCheck,
)

# -- France --------------------------------------------------------------------------------

#: France: the eleven public holidays (jours fériés) of metropolitan France. Alsace-Moselle's
#: Good Friday and 26 December and the overseas abolition-of-slavery days are not included.
FR_PUBLIC_HOLIDAYS = HolidayCalendar(
    name="France, public holidays (metropolitan)",
    fixed=frozenset({(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)}),
    easter_offsets=frozenset({1, 39, 50}),  # Easter Monday, Ascension, Whit Monday
)

#: Code de la consommation D.223-9: Mon-Fri 10:00-13:00 and 14:00-20:00, never on weekends
#: or public holidays, consumer's time zone.
FR_CALLING_WINDOW = CallingWindow.weekly(
    weekdays=[("10:00", "13:00"), ("14:00", "20:00")], weekend=[], holidays=FR_PUBLIC_HOLIDAYS
)
FR_CALL_LIMIT = 4
FR_CALL_PERIOD_DAYS = 30
FR_REFUSAL_DAYS = 60
#: Loi 2025-594 art. 13: opt-in for telephone canvassing from this date.
FR_OPT_IN_FROM = dt.date(2026, 8, 11)


#: An ongoing contract (a CONTRACT grant in force) exempts from the canvassing rules.
ONGOING_CONTRACT = frozenset({LawfulBasis.CONTRACT})

FR_RULES: tuple[LegalRule, ...] = (
    CallingHours(
        id="FR-CONSO-D223-9-01",
        statement=(
            "Telephone canvassing of consumers only Monday to Friday, 10:00-13:00 and "
            "14:00-20:00 in the consumer's time zone; never on weekends or public holidays "
            "(applied to every marketing call, consent or not)."
        ),
        citation="Code de la consommation D.223-9 (Décret 2022-1313, in force 2023-03-01)",
        window=FR_CALLING_WINDOW,
        channels=CALLS,
        confidence="I",
    ),
    CallCap(
        id="FR-CONSO-D223-9-02",
        statement="At most 4 canvassing calls per 30 calendar days to the same consumer.",
        citation="Code de la consommation D.223-9 (Décret 2022-1313)",
        limit=FR_CALL_LIMIT,
        calendar_days=FR_CALL_PERIOD_DAYS,
    ),
    OptOut(
        id="FR-CONSO-D223-9-03",
        statement="After a consumer refuses during a call, no new call for 60 calendar days.",
        citation="Code de la consommation D.223-9 (Décret 2022-1313)",
        channels=CALLS,
        days=FR_REFUSAL_DAYS,
        code="refusal_cooldown",
    ),
    RegistryCheck(
        id="FR-CONSO-L223-1-01",
        statement=(
            "Until 2026-08-10, consumers listed on Bloctel may not be canvassed by phone "
            "unless a contract with them is ongoing."
        ),
        citation="Code de la consommation L.223-1",
        registries={"fr_bloctel"},
        end=FR_OPT_IN_FROM - dt.timedelta(days=1),
        unless_in_force=ONGOING_CONTRACT,
        confidence="V",
    ),
    ConsentRequired(
        id="FR-L2025-594-01",
        statement=(
            "From 2026-08-11, telephone canvassing needs the consumer's prior, free, specific, "
            "informed and unambiguous consent, except calls about an ongoing contract."
        ),
        citation="Loi n° 2025-594 du 30 juin 2025, art. 13",
        channels=CALLS,
        start=FR_OPT_IN_FROM,
        unless_in_force=ONGOING_CONTRACT,
        code="fr_opt_in_from_2026_08_11",
    ),
    # issue 14 item 1: opt-out regimes (the law-floor standard relies on them)
    OptOutRegime(
        id="FR-CONSO-L223-1-02",
        statement=(
            "Until 2026-08-10, a live canvassing call needs no prior consent while the consumer "
            "is not on Bloctel (or has an ongoing contract) and has not refused; D.223-9's "
            "windows apply. The law-floor standard relies on it."
        ),
        citation="Code de la consommation L.223-1, D.223-9 (Décret 2022-1313)",
        channels=CALLS,
        authorship={"human"},
        registries={"fr_bloctel"},
        unless_in_force=ONGOING_CONTRACT,
        end=FR_OPT_IN_FROM - dt.timedelta(days=1),
        regime="a live canvassing call to a consumer not on Bloctel",
        confidence="I",
    ),
)

FRANCE = Pack(id="FR", name="France: telephone canvassing", countries={"FR"}, rules=FR_RULES)


__all__ = ["FRANCE", "FR_CALLING_WINDOW", "FR_OPT_IN_FROM", "FR_PUBLIC_HOLIDAYS"]
