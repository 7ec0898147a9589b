"""
The planning loop: rank the moments, then give each the first gesture the policy allows.

One :class:`_Planner` holds a run's state (the inputs by contact, the writers' capacity,
what is planned so far); :func:`plan` drives it and returns the :class:`~._plan.Plan`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
import pendulum

from .._channels import Channel
from .._consent import ConsentLedger
from .._contacts import Contact
from .._decision import Decision, Verdict
from .._interactions import Interaction
from .._moments._model import Moment, Window
from .._policy._engine import decide
from .._time import MAX_INSTANT, aware, in_range
from ..exceptions import InvalidFieldError
from ._briefs import brief, disclosures
from ._options import channels_for, gestures_for, message_about
from ._plan import Plan
from ._priority import moment_priority
from ._skips import skip, skip_order, unplanned
from ._tasks import AutomatedTask, HumanTask, Skip
from ._team import Capacity, Writer

if TYPE_CHECKING:
    from .._message import Message
    from .._moments._gestures import Gesture
    from .._policy._policy import Policy

#: How many days of a moment's window a human gesture may move through when writers are full.
_MAX_DAYS = 15


def plan(
    moments: Iterable[Moment],
    contacts: Mapping[str, Contact] | Iterable[Contact],
    *,
    consents: Mapping[str, ConsentLedger] | Iterable[ConsentLedger],
    history: Mapping[str, Sequence[Interaction]] | Iterable[Interaction] = (),
    team: Sequence[Writer] = (),
    at: dt.datetime,
    policy: Policy | None = None,
    min_gap: dt.timedelta = dt.timedelta(days=2),
    within: dt.timedelta | None = None,
) -> Plan:
    """
    Turn moments into a plan.

    Human briefs go to writers up to their capacity, honest automated gestures go where the
    policy allows, and the rest are skipped with reasons.  Moments are ranked by
    :func:`~personal_touch.moments.moment_priority`; each candidate gesture goes through
    :func:`~personal_touch.decide` on every channel the person can be reached on, their
    preferred first, and the first the decision allows with the moment's facts wins.  An
    occurrence already acted on is skipped, and no contact gets two gestures less than
    *min_gap* apart.  :doc:`/explanation/planner-priorities` tells the whole procedure.

    Args:
        moments: The moments to plan, e.g. from :func:`scan_moments`.
        contacts: The contacts, by id or as an iterable.
        consents: Each contact's ledger, by contact id or as an iterable of ledgers.
        history: Interactions, by contact id or as one iterable.
        team: The writers and their capacity.
        at: The instant the plan is made (aware).
        policy: The policy for every decision (default: :func:`~personal_touch.default_policy`).
        min_gap: The least time between two gestures to one contact.
        within: The horizon the moments were found for (the agenda names it: "This week"
            up to seven days); default: up to the latest window that opens.

    Raises:
        InvalidFieldError: *at* lies outside 0001-01-02 to 9999-12-30 UTC, or *within*
            reaches past its end.

    .. versionadded:: 0.1.0
    """
    now = in_range(at, "at")
    if within is not None and within > MAX_INSTANT - now:
        raise InvalidFieldError("within", "reaches past the supported range (9999-12-30 UTC)")
    planner = _Planner(now, contacts, consents, history, team, policy=policy, min_gap=min_gap)
    for score, m, contact in planner.rank(moments):
        planner.place(score, m, contact)
    return planner.result(within)


@attrs.frozen
class _Attempt:
    decision: Decision
    start: pendulum.DateTime


@attrs.define
class _Trial:
    """
    One ranked moment being planned, and what trying its gestures left behind.
    """

    score: float
    moment: Moment
    contact: Contact
    history: Sequence[Interaction]
    ledger: ConsentLedger
    start: pendulum.DateTime
    #: The last decision on each channel tried.
    tried: dict[Channel, Decision] = attrs.Factory(dict)
    #: The decision that speaks for the last gesture tried (its first choice of channel).
    last: Decision | None = None
    #: Whether a human gesture found no writer with room.
    no_capacity: bool = False


class _Planner:
    """
    One planning run: the inputs by contact, the writers' capacity and what is planned so far.
    """

    def __init__(
        self,
        now: pendulum.DateTime,
        contacts: Mapping[str, Contact] | Iterable[Contact],
        consents: Mapping[str, ConsentLedger] | Iterable[ConsentLedger],
        history: Mapping[str, Sequence[Interaction]] | Iterable[Interaction],
        team: Sequence[Writer],
        *,
        policy: Policy | None,
        min_gap: dt.timedelta,
    ) -> None:
        self.now = now
        self.by_id = (
            dict(contacts) if isinstance(contacts, Mapping) else {c.id: c for c in contacts}
        )
        self.ledgers = _ledgers(consents)
        self.histories = _histories(history)
        self.capacity = Capacity(team)
        self.policy = policy
        self.min_gap = min_gap
        self.human: list[HumanTask] = []
        self.automated: list[AutomatedTask] = []
        self.skipped: list[Skip] = []
        self.planned_at: dict[str, list[dt.datetime]] = {}
        self.until: pendulum.DateTime | None = None

    def rank(self, moments: Iterable[Moment]) -> list[tuple[float, Moment, Contact]]:
        """
        The moments worth planning, highest priority first; the others skipped with reasons.
        """
        now = self.now
        acted = {i.moment_id for items in self.histories.values() for i in items if i.moment_id}
        ranked: list[tuple[float, Moment, Contact]] = []
        seen: set[str] = set()
        for m in moments:
            opens = max(m.window.start, now)
            if self.until is None or opens > self.until:
                self.until = opens
            contact = self.by_id.get(m.contact_id)
            if m.id in seen:
                self.skipped.append(skip(m, "duplicate", "the same occurrence is listed twice"))
                continue
            seen.add(m.id)
            if m.id in acted:
                self.skipped.append(skip(m, "already_acted", "already acted on"))
            elif contact is None:
                self.skipped.append(skip(m, "unknown_contact", "no such contact"))
            elif m.window.end <= now:
                self.skipped.append(skip(m, "window_passed", "its window has passed"))
            else:
                own = self.histories.get(contact.id, ())
                ranked.append((moment_priority(m, contact, own, at=now), m, contact))
        ranked.sort(key=lambda r: (-r[0], r[1].window.start, r[1].id))
        return ranked

    def place(self, score: float, m: Moment, contact: Contact) -> None:
        """
        Plan the first gesture for *m* that a writer or software may send, or skip it.
        """
        own = self.histories.get(contact.id, [])
        start = max(self.now, m.window.start)
        touches: list[dt.datetime] = [i.at for i in own if i.kind.is_touch and i.at <= self.now]
        touches += self.planned_at.get(contact.id, [])
        earliest = max((t + self.min_gap for t in touches), default=start)
        if earliest >= m.window.end:
            self.skipped.append(skip(m, "min_gap", "too soon after another touch"))
            return
        ledger = self.ledgers.get(contact.id) or ConsentLedger(contact.id)
        start = aware(max(start, earliest), "at")
        trial = _Trial(score, m, contact, own, ledger, start)
        for g in gestures_for(m, contact):
            if self._try_gesture(trial, g):
                return
        self.skipped.append(
            unplanned(m, contact, last=trial.last, tried=trial.tried, no_capacity=trial.no_capacity)
        )

    def _try_gesture(self, trial: _Trial, g: Gesture) -> bool:
        """
        Try *g* on each channel, and a human gesture on each day writers have room.
        """
        m, contact = trial.moment, trial.contact
        channels = channels_for(contact, g)
        if not channels:
            return False
        if g.is_human and (trial.no_capacity or not self.capacity.any_left()):
            trial.no_capacity = True
            return False
        # A human gesture may move to a later day of the window when writers are full.
        times = _send_times(trial.start, m.window.end) if g.is_human else (trial.start,)
        lead: Decision | None = None
        for channel in channels:
            message = message_about(m, contact, g, channel)
            for t in times:
                if g.is_human and self.capacity.pick(t) is None:
                    trial.no_capacity = True
                    continue
                attempt = self._decide(trial, message, t)
                d = trial.tried[channel] = attempt.decision
                if lead is None or channel is channels[0]:
                    lead = d
                if not _fits(d, m):
                    break
                if self._accept(trial, g, channel, attempt):
                    return True
        if lead is not None:
            trial.last = lead
        return False

    def _decide(self, trial: _Trial, message: Message, start: pendulum.DateTime) -> _Attempt:
        """
        Decide at *start*; once more at ``not_before`` when the decision defers within the window.
        """
        d = self._decide_at(trial, message, start)
        if (
            d.verdict is Verdict.DEFER
            and d.not_before is not None
            and d.not_before < trial.moment.window.end
        ):
            later = max(d.not_before, start)
            return _Attempt(self._decide_at(trial, message, later), later)
        return _Attempt(d, start)

    def _decide_at(self, trial: _Trial, message: Message, at: pendulum.DateTime) -> Decision:
        return decide(
            trial.contact,
            message,
            consents=trial.ledger,
            history=trial.history,
            at=at,
            policy=self.policy,
        )

    def _accept(self, trial: _Trial, g: Gesture, channel: Channel, attempt: _Attempt) -> bool:
        """
        Plan *g* on *channel* as *attempt* allows it; ``False`` when no writer has room.
        """
        m, contact, d, at = trial.moment, trial.contact, attempt.decision, attempt.start
        window = Window(at.in_timezone(contact.calendar_zone), m.window.end)
        if g.is_human:
            writer = self.capacity.pick(at)
            if writer is None:
                trial.no_capacity = True
                return False
            self.capacity.take(writer, at)
            self.human.append(brief(writer, contact, m, g, channel, window, d, trial.score))
        else:
            self.automated.append(
                AutomatedTask(
                    contact_id=contact.id,
                    moment=m,
                    gesture=g,
                    channel=channel,
                    send_window=window,
                    level=d.level,
                    facts=d.usable_facts,
                    must_disclose=disclosures(d, automated=True),
                    priority=trial.score,
                    decision=d,
                )
            )
        self.planned_at.setdefault(contact.id, []).append(at)
        return True

    def result(self, within: dt.timedelta | None) -> Plan:
        """
        The plan: briefs and automated gestures in send order, skips by moment id.
        """
        self.human.sort(key=lambda t: (t.send_window.start, t.writer_id, t.moment.id))
        self.automated.sort(key=lambda t: (t.send_window.start, t.moment.id))
        return Plan(
            at=self.now,
            until=self.until if within is None else self.now + within,
            writers=self.capacity.team,
            human=tuple(self.human),
            automated=tuple(self.automated),
            skipped=tuple(sorted(self.skipped, key=skip_order)),
        )


def _send_times(start: pendulum.DateTime, end: pendulum.DateTime) -> tuple[pendulum.DateTime, ...]:
    """
    When a human gesture could go: *start*, then the same time on each later day before *end*.
    """
    times = [start]
    while len(times) < _MAX_DAYS and (nxt := times[-1].add(days=1)) < end:
        times.append(nxt)
    return tuple(times)


def _fits(d: Decision, m: Moment) -> bool:
    """
    Whether *d* allows a gesture about *m*: allowed, with every fact the moment rests on.

    The decision's level is the gesture's level: a fact it lets the message use is one its
    level supports (a purchase the person made with us is CONTEXTUAL).
    """
    return d.verdict is Verdict.ALLOW and all(d.may_use(k) for k in m.fact_keys)


def _ledgers(
    consents: Mapping[str, ConsentLedger] | Iterable[ConsentLedger],
) -> Mapping[str, ConsentLedger]:
    if isinstance(consents, Mapping):
        return consents
    return {ledger.contact_id: ledger for ledger in consents}


def _histories(
    history: Mapping[str, Sequence[Interaction]] | Iterable[Interaction],
) -> dict[str, list[Interaction]]:
    out: dict[str, list[Interaction]] = {}
    if isinstance(history, Mapping):
        for cid, items in history.items():
            out[cid] = sorted(items, key=lambda i: i.at)
        return out
    for i in history:
        out.setdefault(i.contact_id, []).append(i)
    for items in out.values():
        items.sort(key=lambda i: i.at)
    return out
