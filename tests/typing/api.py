"""
Type-checked, never run: shows that the public API reads well under ``mypy --strict``.

Add usage of every public name here; ``nox -s typing`` checks this file, pytest ignores it.
"""

from __future__ import annotations

from typing import Any, assert_type

import personal_touch as pt

assert_type(pt.__name__, str)

# -- personal_touch.converters ---------------------------------------------------------------
import pendulum  # noqa: E402

from personal_touch import converters  # noqa: E402

_conv = converters.make_converter()
assert_type(_conv, converters.Converter)
_contact = pt.Contact(id="c", created_at=pendulum.datetime(2026, 1, 1, tz="UTC"))
assert_type(converters.structure(converters.unstructure(_contact), pt.Contact), pt.Contact)
assert_type(converters.loads(converters.dumps(_contact, indent=2), pt.Contact), pt.Contact)
assert_type(converters.structure_many([{}], pt.Contact), list[pt.Contact])
assert_type(converters.unstructure_many([_contact]), list[Any])
assert_type(converters.format_datetime(_contact.created_at), str)
assert_type(converters.parse_datetime("2026-01-01T00:00:00+00:00"), pendulum.DateTime)

# -- moments, follow-ups and the planner ----------------------------------------------------
import datetime as _dt  # noqa: E402

_at = pendulum.datetime(2026, 11, 30, 9, tz="UTC")
_week = pendulum.duration(days=7)
_scan = pt.scan_moments([_contact], at=_at, within=_week)
assert_type(_scan, pt.MomentScan)
_moments: list[pt.Moment] = list(_scan)
assert_type(_scan.summary, pt.ScanSummary)
assert_type(_scan.summary.problems, tuple[pt.DataProblem, ...])
assert_type(pt.detect_moments(_contact, at=_at, within=_week), tuple[pt.Moment, ...])
_event = pt.Event(id="e", kind=pt.EventKind.SPORTS_RESULT, at=_at, team="A", outcome="won")
_opts = pt.MomentOptions(leap_day=pt.LeapDay.MAR_1, include_losses=True)
assert_type(
    pt.detect_moments(_contact, at=_at, within=_week, events=[_event], options=_opts),
    tuple[pt.Moment, ...],
)
_m = pt.BirthdayMoment(
    id="c:birthday:2026",
    contact_id="c",
    occurs_on=_dt.date(2026, 12, 1),
    window=pt.Window(_at, _at.add(hours=4)),
    tone=pt.Tone.CELEBRATORY,
    age=36,
)
assert_type(_m.kind, pt.MomentKind)
assert_type(_m.window.contains(_at), bool)
assert_type(pt.suggest_gestures(_m), tuple[pt.Gesture, ...])
assert_type(
    pt.schedule_follow_ups(_contact, [], at=_at, within=_week, cadence=pt.FollowUpCadence()),
    tuple[pt.FollowUpMoment, ...],
)
_plan = pt.plan(
    _moments,
    [_contact],
    consents=[pt.ConsentLedger("c")],
    history=[],
    team=[pt.Writer(id="ana", name="Ana", per_day=3)],
    at=_at,
)
assert_type(_plan, pt.Plan)
assert_type(_plan.human, tuple[pt.HumanTask, ...])
assert_type(_plan.automated, tuple[pt.AutomatedTask, ...])
assert_type(_plan.skipped, tuple[pt.Skip, ...])
assert_type(_plan.agenda(), str)
assert_type(converters.dumps(_plan), str)
