from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import attrs
import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import personal_touch as pt
from personal_touch import converters
from personal_touch.moments import (
    AnniversaryMoment,
    CustomMoment,
    Event,
    FollowUpCadence,
    FollowUpMoment,
    GestureKind,
    LifeEventMoment,
    MatchResult,
    PurchaseMoment,
    SourceFact,
    TeamResultMoment,
    Tone,
    TripMoment,
    Window,
    Writer,
    schedule_follow_ups,
)
from personal_touch.testing import load_sample
from personal_touch.values import Authorship, DisclosureCode

SAMPLE = load_sample()
AT = SAMPLE.at
WEEK = pendulum.duration(days=7)
WIN = Event(
    id="hcfc-1",
    kind="sports_result",
    at=AT.subtract(hours=15),
    team="Harbour City FC",
    outcome="won",
)
MOMENTS = tuple(pt.scan_moments(SAMPLE.contacts, at=AT, within=WEEK, events=[WIN]))
ANA = Writer(id="ana", name="Ana", per_day=2, per_week=6)
BEN = Writer(id="ben", name="Ben", per_week=4)
TIRELESS = Writer(id="ana", name="Ana")  # no capacity limit


def make_plan(moments=MOMENTS, *, team=(ANA, BEN), ledgers=None, history=None, **kw):
    return pt.plan(
        moments,
        SAMPLE.contacts,
        consents=SAMPLE.ledgers if ledgers is None else ledgers,
        history=SAMPLE.history if history is None else history,
        team=team,
        at=AT,
        **kw,
    )


def moment(contact_id: str) -> pt.Moment:
    return next(m for m in MOMENTS if m.contact_id == contact_id)


def tasks(p: pt.Plan):
    return (*p.human, *p.automated)


class TestPlan:
    def test_every_moment_accounted_for(self):
        """Each moment is planned for a human, automated or skipped, exactly once."""
        p = make_plan()
        ids = [t.moment.id for t in tasks(p)] + [s.moment_id for s in p.skipped]
        assert sorted(m.id for m in MOMENTS) == sorted(ids)

    def test_briefs_for_the_trip(self):
        """The trip brief lists permitted facts with where we learned them and an opening."""
        p = make_plan()
        (t,) = [t for t in p.human if t.contact_id == "c-001"]
        assert "recommendation" == t.gesture.kind.value
        assert {"travel.next_trip", "interests.food"} == set(t.facts)
        trip = next(m for m in t.mentions if m.key == "travel.next_trip")
        assert ("stated", "call notes") == (trip.provenance.value, trip.source)
        assert "New York" in t.opening
        assert any("offer" in rule for rule in t.must_not)
        assert t.send_window.start >= AT
        assert t.send_window.end == t.moment.window.end

    def test_birthday_fact_comes_from_birth_date(self):
        """A birthday from Contact.birth_date is judged by the policy as dates.birthday."""
        p = make_plan()
        (t,) = [t for t in p.human if t.contact_id == "c-008"]
        assert ("dates.birthday",) == t.facts
        assert "contact record (birth_date)" == t.mentions[0].source

    def test_a_planned_decision_renders_for_the_same_contact(self):
        """A task's decision is valid for the contact as stored: the birth date is its fact."""
        p = make_plan()
        contacts = {c.id: c for c in SAMPLE.contacts}
        birthday = [t for t in (*p.human, *p.automated) if "dates.birthday" in t.facts]
        assert birthday
        note = pt.Template("Happy birthday! {{ facts.dates.birthday | date: 'MMMM d' }}")
        for t in birthday:
            contact = contacts[t.contact_id]
            assert contact.facts == tuple(f for f in contact.facts if f.key != "dates.birthday")
            rendered = note.render(contact, t.decision)
            assert ("dates.birthday",) == rendered.facts_used
            assert f" {contact.birth_date.day}" in rendered.text

    def test_sensitive_moment_never_automated(self):
        """A sensitive moment is never given an automated gesture."""
        p = make_plan(team=())
        assert all(not t.moment.is_sensitive for t in p.automated)
        assert "c-003" in {s.contact_id for s in p.skipped}

    def test_capacity_respected(self):
        """A writer never gets more than their daily or weekly capacity."""
        one = Writer(id="one", name="One", per_week=1)
        p = make_plan(team=(one,))
        assert 1 == len(p.human)
        assert "no_capacity" in {s.code for s in p.skipped}

    def test_no_team_means_automated_or_skipped(self):
        """Without writers, only honest automated gestures are planned, marked as such."""
        p = make_plan(team=())
        assert () == p.human
        assert p.automated
        for a in p.automated:
            assert Authorship.AUTOMATED == a.gesture.authorship
            assert DisclosureCode.AUTOMATED_MESSAGE in a.must_disclose

    def test_same_occurrence_not_planned_twice(self):
        """A moment already acted on is skipped, and a repeated moment is planned once."""
        trip = moment("c-001")
        done = pt.Interaction(
            contact_id="c-001", kind="sent", at=AT.subtract(hours=1), moment_id=trip.id
        )
        p = make_plan(history=(*SAMPLE.history, done))
        assert trip.id not in {t.moment.id for t in tasks(p)}
        assert "already_acted" == next(s.code for s in p.skipped if s.moment_id == trip.id)
        twice = make_plan((*MOMENTS, trip))
        assert 1 == sum(1 for t in tasks(twice) if t.moment.id == trip.id)
        assert "duplicate" == next(s.code for s in twice.skipped if s.moment_id == trip.id)

    def test_withdrawn_consent_skips(self):
        """With consent withdrawn the trip is skipped, for the policy's reason."""
        ledgers = dict(SAMPLE.ledgers)
        ledgers["c-001"] = ledgers["c-001"].withdraw_all(at=AT.subtract(days=1))
        p = make_plan(ledgers=ledgers)
        skip = next(s for s in p.skipped if s.contact_id == "c-001")
        assert skip.decision_id is not None
        assert "c-001" not in {t.contact_id for t in tasks(p)}

    def test_unknown_contact_and_passed_window(self):
        """Moments of unknown contacts or with a passed window are skipped with a reason."""
        trip = moment("c-001")
        stranger = TripMoment(
            id="x:trip",
            contact_id="x",
            occurs_on=trip.occurs_on,
            window=trip.window,
            tone="neutral",
            departs=trip.occurs_on,
        )
        old = TripMoment(
            id="c-001:trip:old",
            contact_id="c-001",
            occurs_on=trip.occurs_on,
            window=Window(AT.subtract(days=3), AT.subtract(days=1)),
            tone="neutral",
            departs=trip.occurs_on,
        )
        p = make_plan((stranger, old))
        assert {("x:trip", "unknown_contact"), ("c-001:trip:old", "window_passed")} == {
            (s.moment_id, s.code) for s in p.skipped
        }

    def test_min_gap_between_gestures(self):
        """Two moments of one contact within the minimum gap yield one gesture."""
        trip = moment("c-001")
        second = CustomMoment(
            id="c-001:custom:x",
            contact_id="c-001",
            occurs_on=trip.occurs_on,
            window=Window(AT, AT.add(days=1)),
            tone="neutral",
            label="local_news",
        )
        p = make_plan((trip, second), min_gap=pendulum.duration(days=3))
        assert 1 == sum(1 for t in tasks(p) if t.contact_id == "c-001")
        assert "min_gap" in {s.code for s in p.skipped}

    def test_agenda_and_json(self):
        """The plan prints a readable agenda and round-trips through JSON."""
        p = make_plan()
        first = p.agenda().splitlines()[0]
        assert first.startswith(f"This week: {len(MOMENTS)} moments; ")
        assert "for Ana" in first
        text = converters.dumps(p)
        assert isinstance(json.loads(text), dict)
        assert p == converters.loads(text, pt.Plan)

    @pytest.mark.parametrize("field", ["writers", "human", "automated", "skipped"])
    def test_parts_are_checked(self, field):
        """A plan's parts are tuples of their kind: anything else names the field."""
        with pytest.raises(pt.exceptions.InvalidFieldError, match=field):
            pt.Plan(at=AT, **{field: ["not a part"]})
        with pytest.raises(pt.exceptions.InvalidFieldError, match=field):
            pt.Plan(at=AT, **{field: "text"})

    def test_parts_accept_any_iterable(self):
        """Lists and generators of parts become tuples."""
        p = make_plan()
        again = pt.Plan(
            at=p.at,
            until=p.until,
            writers=list(p.writers),
            human=(t for t in p.human),
            automated=list(p.automated),
            skipped=iter(p.skipped),
        )
        assert p == again
        assert tuple is type(again.human)

    def test_task_lists_are_checked(self):
        """A task's mentions, must-nots, facts and skip notes refuse items of the wrong kind."""
        task = next(iter(make_plan().human))
        skip = next(iter(make_plan().skipped))
        with pytest.raises(pt.exceptions.InvalidFieldError, match="mentions"):
            attrs.evolve(task, mentions=["travel.next_trip"])
        with pytest.raises(pt.exceptions.InvalidFieldError, match="must_not"):
            attrs.evolve(task, must_not=[1])
        with pytest.raises(pt.exceptions.InvalidFieldError, match="channels"):
            attrs.evolve(skip, channels="sms: consent withdrawn")
        with pytest.raises(pt.exceptions.InvalidFieldError, match="must_disclose"):
            attrs.evolve(task, must_disclose=["nope"])
        assert ("a", "b") == attrs.evolve(task, must_not=["a", "b"]).must_not
        assert (DisclosureCode.FACT_SOURCE,) == attrs.evolve(
            task, must_disclose=["fact_source"]
        ).must_disclose

    def test_summary_wording(self):
        """The summary names notes per writer, automated count and skip reasons."""
        empty = make_plan(())
        assert "This week: 0 moments; no notes; 0 automated; 0 skipped" == empty.summary()
        wider = pt.Plan(at=AT, until=AT.add(days=14))
        assert wider.summary().startswith("Next 14 days: 0 moments")


def _allowed_again(decision: pt.Decision, contact: pt.Contact) -> bool:
    again = pt.decide(
        contact,
        decision.message,
        consents=SAMPLE.ledger_for(contact.id),
        history=SAMPLE.history_for(contact.id),
        at=decision.at,
    )
    return again.is_allowed


class TestPlanProperties:
    @settings(max_examples=15, deadline=None)
    @given(
        st.lists(
            st.tuples(st.none() | st.integers(0, 2), st.none() | st.integers(0, 3)),
            max_size=3,
        ),
        st.sets(st.sampled_from([m.id for m in MOMENTS])),
    )
    def test_capacity_facts_and_decisions(self, capacities, dropped):
        """Capacity holds, task facts are usable facts, and decide allows every task."""
        team = tuple(
            Writer(id=f"w{i}", name=f"W{i}", per_day=d, per_week=w)
            for i, (d, w) in enumerate(capacities)
        )
        p = make_plan(tuple(m for m in MOMENTS if m.id not in dropped), team=team)
        for w in team:
            mine = p.tasks_for(w.id)
            if w.per_week is not None:
                assert len(mine) <= w.per_week
            if w.per_day is not None:
                days = [t.send_window.start.in_timezone("UTC").date() for t in mine]
                assert all(days.count(d) <= w.per_day for d in days)
        for t in tasks(p):
            assert set(t.facts) <= set(t.decision.usable_facts)
            assert t.decision.is_allowed
            assert _allowed_again(t.decision, SAMPLE.contact(t.contact_id))
        assert len(MOMENTS) - len(dropped) == p.moments


class TestFollowUps:
    at = pendulum.datetime(2026, 11, 30, 9)

    def contact(self):
        return pt.Contact(id="c-1", created_at=self.at.subtract(years=1), timezone="Europe/Berlin")

    def call(self, days_ago, **kw):
        return pt.Interaction(
            contact_id="c-1", kind="called", at=self.at.subtract(days=days_ago), **kw
        )

    def test_due_after_a_call(self):
        """A call two and a half weeks ago makes a follow-up due, in local working hours."""
        (m,) = schedule_follow_ups(self.contact(), [self.call(16)], at=self.at, within=WEEK)
        assert (1, "check_back", Tone.NEUTRAL) == (m.step, m.cadence, m.tone)
        assert 9 <= m.window.start.hour < 16

    @pytest.mark.parametrize("kind", ["replied", "converted", "unsubscribed", "complained"])
    def test_stops(self, kind):
        """A reply, conversion, unsubscribe or complaint after the call stops the cadence."""
        after = pt.Interaction(contact_id="c-1", kind=kind, at=self.at.subtract(days=2))
        assert () == schedule_follow_ups(
            self.contact(), [self.call(16), after], at=self.at, within=WEEK
        )

    def test_step_done_moves_on(self):
        """Once a step is acted on, the next one comes later."""
        (first,) = schedule_follow_ups(self.contact(), [self.call(16)], at=self.at, within=WEEK)
        done = pt.Interaction(
            contact_id="c-1",
            kind="sent",
            at=self.at.subtract(hours=1),
            moment_id=first.id,
            authorship="human",
        )
        assert () == schedule_follow_ups(
            self.contact(), [self.call(16), done], at=self.at, within=WEEK
        )
        later = schedule_follow_ups(
            self.contact(),
            [self.call(16), done],
            at=self.at.add(days=20),
            within=pendulum.duration(days=30),
        )
        assert [2] == [m.step for m in later]

    def test_min_gap_after_last_touch(self):
        """A follow-up is never due sooner than min_gap after the last touch."""
        cad = FollowUpCadence(min_gap=pendulum.duration(days=10))
        touch = pt.Interaction(contact_id="c-1", kind="sent", at=self.at.subtract(days=1))
        ms = schedule_follow_ups(
            self.contact(),
            [self.call(16), touch],
            at=self.at,
            within=pendulum.duration(days=30),
            cadence=cad,
        )
        assert ms[0].window.start >= touch.at.add(days=9)

    def test_spread_is_deterministic_and_varies(self):
        """Timing is the same for the same ids and differs between contacts."""

        def due(cid):
            c = pt.Contact(id=cid, created_at=self.at.subtract(years=1))
            call = pt.Interaction(contact_id=cid, kind="called", at=self.at.subtract(days=10))
            (m,) = schedule_follow_ups(c, [call], at=self.at, within=pendulum.duration(days=30))
            return m.window.start

        assert due("a") == due("a")
        assert len({due(f"c{i}") for i in range(8)}) > 1

    def test_no_anchor(self):
        """Without a conversation there is nothing to follow up."""
        assert () == schedule_follow_ups(self.contact(), [], at=self.at, within=WEEK)

    def test_bad_cadence(self):
        """Offsets must be positive."""
        with pytest.raises(pt.exceptions.InvalidFieldError):
            FollowUpCadence(offsets=())


def _variant(cls, key="travel.next_trip", cid="c-001", **kw):
    trip = moment(cid)
    return cls(
        id=f"{cid}:{cls.kind.value}:{kw.get('label', kw.get('outcome', 'x'))}",
        contact_id=cid,
        occurs_on=trip.occurs_on,
        window=trip.window,
        sources=(SourceFact(key=key, provenance="stated"),),
        **{"tone": "celebratory", **kw},
    )


class TestBriefs:
    def plan_all(self, moments, team=(TIRELESS,)):
        return pt.plan(
            moments,
            {c.id: c for c in SAMPLE.contacts},
            consents=list(SAMPLE.ledgers.values()),
            history={"c-001": SAMPLE.history_for("c-001")},
            team=team,
            at=AT,
            min_gap=pendulum.duration(0),
        )

    def test_brief_for_every_kind(self):
        """Every kind of moment gets a brief with a why-now line and an opening."""
        ms = (
            _variant(PurchaseMoment, amount=2000.0, currency="EUR"),
            _variant(LifeEventMoment, label="worry", tone="sensitive"),
            _variant(TeamResultMoment, team="A", outcome="won", event_id="e1"),
            _variant(TeamResultMoment, team="A", outcome="lost", event_id="e2", tone="neutral"),
            _variant(AnniversaryMoment, label="customer_since", years=3),
            _variant(FollowUpMoment, cadence="check_back", step=1, anchor_id="a", tone="neutral"),
            _variant(CustomMoment, label="local_news", tone="neutral"),
        )
        p = self.plan_all(ms)
        assert len(ms) == len(p.human)
        by_kind = {(t.moment.kind.value, getattr(t.moment, "outcome", None)): t for t in p.human}
        lost = by_kind["team_result", MatchResult.LOST]
        assert any("congratulate" in r for r in lost.must_not)
        assert "lost" in lost.why_now
        worry = by_kind["life_event", None]
        assert any("go beyond" in r for r in worry.must_not)
        assert all(t.opening and t.why_now for t in p.human)
        assert len({t.opening for t in p.human}) >= 5

    def test_automated_when_no_writer(self):
        """Without writers a win gets an automated note that discloses it is automated."""
        p = self.plan_all(
            (
                _variant(
                    TeamResultMoment,
                    key="account.customer_since",
                    cid="c-009",
                    team="A",
                    outcome="won",
                    event_id="e1",
                ),
            ),
            team=(),
        )
        (a,) = p.automated
        assert "note" == a.gesture.kind.value
        assert set(a.facts) <= set(a.decision.usable_facts)
        agenda = p.agenda()
        assert "Automated (labelled as automated):" in agenda
        assert p.summary().endswith("1 automated; 0 skipped")

    def test_one_skip_reason(self):
        """With a single skip reason the summary names it."""
        trip = moment("c-001")
        done = pt.Interaction(
            contact_id="c-001", kind="sent", at=AT.subtract(hours=1), moment_id=trip.id
        )
        p = make_plan((trip,), history=(done,))
        assert p.summary().endswith("1 skipped: already acted on")

    def test_writer_capacity_validated(self):
        """Capacities are non-negative integers."""
        with pytest.raises(pt.exceptions.InvalidFieldError):
            Writer(id="w", name="W", per_day=-1)


class TestSpreading:
    def test_full_day_moves_to_a_later_day(self):
        """When a writer's day is full, a brief moves to a later day of its window."""
        solo = Writer(id="solo", name="Solo", per_day=1)
        ms = tuple(m for m in MOMENTS if m.contact_id in {"c-001", "c-003", "c-009"})
        p = make_plan(ms, team=(solo,))
        days = [t.send_window.start.in_timezone("UTC").date() for t in p.human]
        assert 3 == len(p.human)
        assert len(days) == len(set(days))
        trip = next(t for t in p.human if t.contact_id == "c-001")
        assert trip.send_window.start > AT.add(hours=12)
        assert trip.decision.at == trip.send_window.start


class TestPlannerChoices:
    """The planner plans what decide allows, on every reachable channel, in the person's forms."""

    at = pendulum.datetime(2026, 11, 30, 15)

    def contact(self, points=(("email", True), ("phone", True)), **prefs):
        return pt.Contact(
            id="c-x",
            created_at=self.at.subtract(years=2),
            timezone="America/Chicago",
            jurisdiction="US-IL",
            locale="en_US",
            stage="customer",
            contact_points=[pt.ContactPoint(ch, f"{ch}-address", verified=ok) for ch, ok in points],
            facts=[
                pt.Fact(
                    key="purchases.last",
                    value={"amount": 5000, "currency": "USD", "item": "piano"},
                    provenance="observed",
                    recorded_at=self.at.subtract(days=1),
                    source="orders",
                )
            ],
            birth_date=pendulum.date(1980, 12, 1),
            preferences=pt.Preferences(**prefs),
        )

    def ledger(self, *channels):
        grants = [("relationship", list(channels)), ("personalization.profile", [])]
        ledger = pt.ConsentLedger("c-x")
        for i, (purpose, chans) in enumerate(grants):
            ledger = ledger.record(
                pt.ConsentGrant(
                    id=f"g{i}",
                    contact_id="c-x",
                    purpose=purpose,
                    channels=chans,
                    granted_at=self.at.subtract(years=1),
                    evidence=pt.Evidence(source="form", method="checkbox"),
                )
            )
        return ledger

    def plan(self, contact, ledger, kind, team=()):
        ms = [
            m for m in pt.scan_moments([contact], at=self.at, within=WEEK) if m.kind.value == kind
        ]
        assert 1 == len(ms)
        return pt.plan(ms, [contact], consents=[ledger], team=team, at=self.at)

    def test_automated_contextual_thank_you(self):
        """Without writers, a purchase gets the automated CONTEXTUAL thank-you decide allows."""
        p = self.plan(self.contact(), self.ledger("email"), "purchase")
        (a,) = p.automated
        assert (pt.Level.CONTEXTUAL, ("purchases.last",)) == (a.level, a.facts)
        assert (pt.Level.CONTEXTUAL, True) == (a.decision.level, a.decision.is_allowed)
        assert pt.Channel.EMAIL == a.channel
        assert () == p.skipped

    def test_next_channel_when_the_preferred_one_is_refused(self):
        """The first channel decide allows wins, tried in the person's preferred order."""
        c = self.contact(
            points=(("sms", True), ("email", True)), preferred_channels=["sms", "email"]
        )
        p = self.plan(c, self.ledger("email"), "purchase")
        (a,) = p.automated
        assert pt.Channel.EMAIL == a.channel
        both = self.plan(c, self.ledger("email", "sms"), "purchase")
        assert pt.Channel.SMS == both.automated[0].channel

    def test_only_verified_unblocked_channels(self):
        """Unverified or blocked channels are never used; the skip says so per channel."""
        c = self.contact(points=(("email", False), ("sms", True)), blocked_channels=["sms"])
        p = self.plan(c, self.ledger("email", "sms"), "purchase", team=(TIRELESS,))
        assert () == tasks(p)
        (s,) = p.skipped
        assert "no_channel" == s.code
        assert ("email: no verified address", "sms: blocked by the person") == s.channels
        assert "      sms: blocked by the person" in p.agenda()

    def test_skip_explains_every_channel(self):
        """A skip lists what the policy said about each channel it tried."""
        c = self.contact(points=(("email", True), ("sms", True)))
        p = self.plan(c, pt.ConsentLedger("c-x"), "purchase")
        (s,) = p.skipped
        assert "no_permission" == s.code
        assert ["email", "sms"] == sorted(line.split(":")[0] for line in s.channels)
        # A US text needs the TCPA's prior express consent (US-TCPA-PEC-01): the law's reason.
        assert ("email: no permission", "sms: prior express consent required") == s.channels
        converted = converters.loads(converters.dumps(p), pt.Plan)
        assert s.channels == converted.skipped[0].channels

    def test_a_person_who_prefers_calls_gets_a_call(self):
        """A stated preference for calls puts the call brief first and rules out automation."""
        c = self.contact(preferred_formats=["call"])
        ledger = self.ledger("email", "phone")
        p = self.plan(c, ledger, "birthday", team=(TIRELESS,))
        (t,) = p.human
        assert (GestureKind.CALL, pt.Channel.PHONE) == (t.gesture.kind, t.channel)
        alone = self.plan(c, ledger, "birthday")
        assert () == alone.automated
        assert ["no_capacity"] == [s.code for s in alone.skipped]

    def test_text_first_keeps_the_note(self):
        """Preferred formats order gestures; text first keeps the note, calls stay possible."""
        c = self.contact(preferred_formats=["text", "call"])
        ledger = self.ledger("email", "phone")
        p = self.plan(c, ledger, "birthday", team=(TIRELESS,))
        assert [GestureKind.NOTE] == [t.gesture.kind for t in p.human]
        assert 1 == len(self.plan(c, ledger, "purchase").automated)

    @settings(max_examples=10, deadline=None)
    @given(st.permutations([("email", True), ("sms", True), ("phone", True)]))
    def test_order_of_contact_points_never_matters(self, points):
        """Listing the contact points in another order gives the same plan."""
        c = self.contact(points=tuple(points))
        base = self.contact()
        ledger = self.ledger("sms", "phone")
        ms = list(pt.scan_moments([base], at=self.at, within=WEEK))
        one = pt.plan(ms, [c], consents=[ledger], team=(TIRELESS,), at=self.at)
        ref = pt.plan(
            ms,
            [self.contact(points=(("phone", True), ("sms", True), ("email", True)))],
            consents=[ledger],
            team=(TIRELESS,),
            at=self.at,
        )
        assert [(t.moment.id, t.channel) for t in tasks(one)] == [
            (t.moment.id, t.channel) for t in tasks(ref)
        ]


class TestLayers:
    """Planning sits downstream of detection and of the policy engine, never the other way."""

    def test_detection_imports_neither_planning_nor_the_engine(self):
        """No _moments module names _planning or the policy engine, even for typing."""
        from test_architecture import import_graph

        _, edges = import_graph()
        assert [] == [
            f"{e.source} imports {e.target}"
            for e in edges
            if e.source.startswith("personal_touch._moments")
            and e.target.startswith(("personal_touch._planning", "personal_touch._policy"))
        ]

    def test_the_moments_namespace_does_not_load_the_engine(self):
        """Importing personal_touch.moments (Writer, the tasks) loads no engine and no packs."""
        src = str(Path(__file__).resolve().parents[2] / "src")
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
        code = "import personal_touch.moments, sys; print(*sorted(sys.modules), sep='\\n')"
        loaded = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
        ).stdout.split()
        assert "personal_touch._planning._team" in loaded
        heavy = (
            "personal_touch._policy",
            "personal_touch.packs",
            "personal_touch._planning._planner",
        )
        assert [] == [m for m in loaded if m.startswith(heavy)]
