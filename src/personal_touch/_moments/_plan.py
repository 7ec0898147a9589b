"""
The attention planner.

Whom a person should write to this week, what the software may send honestly, and what is
skipped, each for a reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
import pendulum

from .._channels import Channel
from .._consent import ConsentLedger
from .._decision import Decision, DisclosureCode, Effect, Verdict
from .._facts import FactValue, Provenance, Sensitivity
from .._interactions import Interaction, InteractionKind
from .._levels import Authorship, Level
from .._message import FIRST_PARTY, Message, MessagePurpose
from .._policy._engine import decide
from .._stages import Stage
from .._time import (
    MAX_INSTANT,
    aware,
    check_aware,
    check_aware_or_none,
    in_range,
    to_datetime,
    to_datetime_or_none,
)
from ..exceptions import InvalidFieldError
from ._gestures import Gesture, GestureKind, suggest_gestures
from ._model import (
    AnniversaryMoment,
    FollowUpMoment,
    LifeEventMoment,
    Moment,
    Outcome,
    PurchaseMoment,
    TeamResultMoment,
    TripMoment,
    Window,
)

if TYPE_CHECKING:
    from .._contacts import Contact
    from .._policy._policy import Policy


def _strs(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _codes(values: Iterable[DisclosureCode | str]) -> tuple[DisclosureCode, ...]:
    return tuple(DisclosureCode(v) for v in values)


# -- the team ----------------------------------------------------------------------------


def _capacity(_i: object, attribute: attrs.Attribute[int | None], value: int | None) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise InvalidFieldError(attribute.name, "must be a non-negative integer or None")


@attrs.frozen(kw_only=True)
class Writer:
    """
    A person who writes 1:1 notes, and how many they can write.

    Args:
        id: Your id for them.
        name: How the agenda calls them (``"Ana"``).
        per_day: Notes per day at most (``None``: no daily limit).
        per_week: Notes per ISO week at most (``None``: no weekly limit).

    .. versionadded:: 0.1.0
    """

    id: str
    name: str
    per_day: int | None = attrs.field(default=None, validator=_capacity)
    per_week: int | None = attrs.field(default=None, validator=_capacity)


# -- the plan ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True, repr=False)
class Mention:
    """
    A fact a writer may mention, with where we learned it.

    Args:
        key: The fact key.
        value: What we know.
        provenance: How we learned it.
        recorded_at: When.
        source: Where it was recorded.

    .. versionadded:: 0.1.0
    """

    key: str
    value: FactValue
    provenance: Provenance = attrs.field(converter=Provenance)
    recorded_at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    source: str | None = None

    def __repr__(self) -> str:
        return f"Mention(key={self.key!r}, provenance={self.provenance.value})"  # no value

    def describe(self) -> str:
        """
        ``"travel.next_trip (stated, call notes, 2026-11-24)"``.
        """
        where = ", ".join(
            p
            for p in (self.provenance.value, self.source, self.recorded_at.date().isoformat())
            if p
        )
        return f"{self.key} ({where})"


def _mentions(values: Iterable[Mention]) -> tuple[Mention, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True, repr=False)
class HumanTask:
    """
    A brief a writer can act on.

    Whom, why now, what they may and must not mention, where and when, and a suggested
    opening (never a finished message pretending to be theirs).

    Args:
        writer_id: Who writes it.
        contact_id: To whom.
        contact_name: How to address them (their preferred or given name), if known.
        moment: Why now.
        gesture: What to do.
        channel: Where to send it.
        send_window: When (the contact's local time).
        why_now: One line for the writer.
        mentions: The facts they may mention, with where we learned each.
        must_not: What they must not do or mention.
        must_disclose: Disclosures the message must carry.
        opening: A suggested way to open, in the writer's own words.
        priority: The score that ranked it (see the planner's priorities).
        decision: The policy decision that allows it.

    .. versionadded:: 0.1.0
    """

    writer_id: str
    contact_id: str
    contact_name: str | None = None
    moment: Moment
    gesture: Gesture
    channel: Channel = attrs.field(converter=Channel)
    send_window: Window
    why_now: str
    mentions: tuple[Mention, ...] = attrs.field(default=(), converter=_mentions)
    must_not: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    must_disclose: tuple[DisclosureCode, ...] = attrs.field(default=(), converter=_codes)
    opening: str
    priority: float
    decision: Decision

    def __repr__(self) -> str:
        # Ids and codes only: the name, mentions, why-now line and opening are personal.
        return (
            f"HumanTask(writer_id={self.writer_id!r}, contact_id={self.contact_id!r}, "
            f"moment_id={self.moment.id!r}, channel={self.channel.value}, "
            f"decision_id={self.decision.decision_id!r})"
        )

    @property
    def facts(self) -> tuple[str, ...]:
        """
        The keys of the facts it may mention.
        """
        return tuple(m.key for m in self.mentions)


@attrs.frozen(kw_only=True, repr=False)
class AutomatedTask:
    """
    An honest automated gesture: sent by software and saying so.

    Args:
        contact_id: To whom.
        moment: Why now.
        gesture: What to send.
        channel: Where.
        send_window: When (the contact's local time).
        level: The level the decision granted.
        facts: The fact keys it may use.
        must_disclose: Disclosures it must carry (always including that it is automated).
        priority: The score that ranked it.
        decision: The policy decision that allows it.

    .. versionadded:: 0.1.0
    """

    contact_id: str
    moment: Moment
    gesture: Gesture
    channel: Channel = attrs.field(converter=Channel)
    send_window: Window
    level: Level = attrs.field(converter=Level)
    facts: tuple[str, ...] = attrs.field(default=(), converter=_strs)
    must_disclose: tuple[DisclosureCode, ...] = attrs.field(default=(), converter=_codes)
    priority: float
    decision: Decision

    def __repr__(self) -> str:
        return (
            f"AutomatedTask(contact_id={self.contact_id!r}, moment_id={self.moment.id!r}, "
            f"channel={self.channel.value}, level={self.level.value}, "
            f"decision_id={self.decision.decision_id!r})"
        )


@attrs.frozen(kw_only=True)
class Skip:
    """
    A moment the plan does not act on, and why (no personal data).

    Args:
        moment_id: The moment.
        contact_id: Whose.
        code: A stable code (``"consent_withdrawn"``, ``"already_acted"``, ``"no_capacity"``).
        reason: A sentence for the agenda.
        decision_id: The last decision consulted, if any.
        channels: What stopped each channel the person has, in the order tried
            (``"sms: consent withdrawn"``, ``"phone: blocked by the person"``).

    .. versionadded:: 0.1.0
    """

    moment_id: str
    contact_id: str
    code: str
    reason: str
    decision_id: str | None = None
    channels: tuple[str, ...] = attrs.field(default=(), converter=_strs)


def _writers(values: Iterable[Writer]) -> tuple[Writer, ...]:
    return tuple(values)


def _human(values: Iterable[HumanTask]) -> tuple[HumanTask, ...]:
    return tuple(values)


def _automated(values: Iterable[AutomatedTask]) -> tuple[AutomatedTask, ...]:
    return tuple(values)


def _skipped(values: Iterable[Skip]) -> tuple[Skip, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True, repr=False)
class Plan:
    """
    What to do about a set of moments: human briefs, automated gestures and skips.

    Serialize it with :func:`personal_touch.converters.dumps`; print :meth:`agenda`.

    Args:
        at: When the plan was made.
        until: The latest instant at which one of its moments' windows opens (the span the
            agenda's first line names: "This week" up to seven days).
        writers: The team.
        human: Briefs for writers.
        automated: Honest automated gestures.
        skipped: Moments not acted on, each with its reason.

    .. versionadded:: 0.1.0
    """

    at: pendulum.DateTime = attrs.field(converter=to_datetime, validator=check_aware)
    until: pendulum.DateTime | None = attrs.field(
        default=None, converter=to_datetime_or_none, validator=check_aware_or_none
    )
    writers: tuple[Writer, ...] = attrs.field(default=(), converter=_writers)
    human: tuple[HumanTask, ...] = attrs.field(default=(), converter=_human)
    automated: tuple[AutomatedTask, ...] = attrs.field(default=(), converter=_automated)
    skipped: tuple[Skip, ...] = attrs.field(default=(), converter=_skipped)

    def __repr__(self) -> str:
        # Counts only; print agenda() for people, and each task's repr for its ids.
        return (
            f"Plan(at={self.at.isoformat()!r}, human={len(self.human)}, "
            f"automated={len(self.automated)}, skipped={len(self.skipped)})"
        )

    @property
    def moments(self) -> int:
        """
        How many moments the plan considered.
        """
        return len(self.human) + len(self.automated) + len(self.skipped)

    def tasks_for(self, writer_id: str) -> tuple[HumanTask, ...]:
        """
        The briefs assigned to *writer_id*, in send order.
        """
        return tuple(t for t in self.human if t.writer_id == writer_id)

    def summary(self) -> str:
        """
        One line for the whole plan.

        ``"This week: 14 moments; 6 notes for Ana, 4 for Ben; 3 automated; 1 skipped:
        consent withdrawn"``.
        """
        span = "This week"
        if self.until is not None and self.until - self.at > dt.timedelta(days=7):
            span = f"Next {math.ceil((self.until - self.at).total_seconds() / 86400)} days"
        parts = [f"{span}: {self.moments} moment{'s' if self.moments != 1 else ''}"]
        notes = []
        for w in self.writers:
            n = sum(1 for t in self.human if t.writer_id == w.id)
            if n:
                notes.append(f"{n} {'note' if n == 1 else 'notes'} for {w.name}")
        if notes:
            notes[1:] = [
                n.replace(" notes for ", " for ").replace(" note for ", " for ") for n in notes[1:]
            ]
            parts.append(", ".join(notes))
        else:
            parts.append("no notes")
        parts.append(f"{len(self.automated)} automated")
        if self.skipped:
            reasons = Counter(s.reason for s in self.skipped)
            if len(reasons) == 1:
                parts.append(f"{len(self.skipped)} skipped: {next(iter(reasons))}")
            else:
                listed = ", ".join(f"{n} {r}" for r, n in reasons.most_common())
                parts.append(f"{len(self.skipped)} skipped: {listed}")
        else:
            parts.append("0 skipped")
        return "; ".join(parts)

    def agenda(self) -> str:
        """
        A readable agenda.

        The summary line, each writer's briefs, the automated gestures and the skips with
        their reasons.
        """
        lines = [self.summary(), ""]
        names = {w.id: w.name for w in self.writers}
        for w in self.writers:
            tasks = sorted(self.tasks_for(w.id), key=lambda t: t.send_window.start)
            if not tasks:
                continue
            lines.append(f"{w.name}:")
            for t in tasks:
                lines.append(
                    f"  - {_when(t.send_window)} {t.gesture.kind.value} to {t.contact_name or t.contact_id}"
                    f" ({t.contact_id}) by {t.channel.value}: {t.why_now}"
                )
                for m in t.mentions:
                    lines.append(f"      may mention {m.describe()}")
                for rule in t.must_not:
                    lines.append(f"      must not: {rule}")
                for code in t.must_disclose:
                    lines.append(f"      must disclose: {_DISCLOSE.get(code, code.value)}")
                lines.append(f"      suggested opening: {t.opening}")
            lines.append("")
        if self.automated:
            lines.append("Automated (labelled as automated):")
            for a in sorted(self.automated, key=lambda a: a.send_window.start):
                lines.append(
                    f"  - {_when(a.send_window)} {a.gesture.kind.value} to {a.contact_id} by"
                    f" {a.channel.value} for {a.moment.kind.value.replace('_', ' ')}"
                )
            lines.append("")
        if self.skipped:
            lines.append("Skipped:")
            for s in self.skipped:
                lines.append(f"  - {s.moment_id}: {s.reason}")
                lines.extend(f"      {c}" for c in s.channels)
            lines.append("")
        del names
        return "\n".join(lines).rstrip() + "\n"


_DISCLOSE = {
    DisclosureCode.FACT_SOURCE: "where we learned what you mention",
    DisclosureCode.AUTOMATED_MESSAGE: "that it was sent automatically",
    DisclosureCode.UNSUBSCRIBE: "how to unsubscribe",
    DisclosureCode.SMS_OPT_OUT: "how to opt out (reply STOP)",
    DisclosureCode.POSTAL_ADDRESS: "our postal address",
    DisclosureCode.SENDER_IDENTITY: "who we are",
    DisclosureCode.AD_IDENTIFICATION: "that it is an advertisement",
}


def _when(w: Window) -> str:
    return f"{w.start.format('ddd D MMM HH:mm')} ({w.start.timezone_name})"


# -- priorities --------------------------------------------------------------------------

#: How much a contact's stage adds to a moment's priority (0 to 1).
STAGE_WEIGHT: Mapping[Stage, float] = {
    Stage.AWARENESS: 0.0,
    Stage.CONSIDERATION: 0.2,
    Stage.DECISION: 0.4,
    Stage.CUSTOMER: 0.6,
    Stage.REPEAT_CUSTOMER: 0.8,
    Stage.ADVOCATE: 1.0,
}
#: Days without a real touch after which the recency term is full.
RECENCY_DAYS = 90


def is_real_touch(i: Interaction) -> bool:
    """
    Whether *i* was a real touch: a call, a meeting or a note a person wrote.
    """
    return i.kind in (InteractionKind.CALLED, InteractionKind.MET) or (
        i.kind is InteractionKind.SENT and i.authorship is Authorship.HUMAN
    )


def moment_priority(
    moment: Moment, contact: Contact, history: Sequence[Interaction], *, at: dt.datetime
) -> float:
    """
    A moment's priority for a writer's attention, between 0 and 1.

    ``0.4 * moment weight + 0.25 * stage weight + 0.25 * recency + 0.1 * human only``, where
    recency is the days since the last real touch over 90 (capped at 1; 1 when never) and
    "human only" is 1 when no honest automated gesture exists for the moment.

    Raises:
        NaiveDateTimeError: *at* has no time zone.

    .. versionadded:: 0.1.0
    """
    at = aware(at, "at")
    last = None
    for i in history:
        if is_real_touch(i) and i.at <= at and (last is None or i.at > last):
            last = i.at
    recency = 1.0 if last is None else min(1.0, (at - last).total_seconds() / 86400 / RECENCY_DAYS)
    human_only = 0.0 if any(not g.is_human for g in suggest_gestures(moment)) else 1.0
    score = (
        0.4 * moment.weight + 0.25 * STAGE_WEIGHT[contact.stage] + 0.25 * recency + 0.1 * human_only
    )
    return round(score, 6)


# -- planning ----------------------------------------------------------------------------

_AUTOMATED_CHANNELS = (Channel.EMAIL, Channel.CHAT, Channel.SMS, Channel.PUSH, Channel.SOCIAL)
_HUMAN_CHANNELS = (
    Channel.EMAIL,
    Channel.CHAT,
    Channel.SOCIAL,
    Channel.SMS,
    Channel.POST,
    Channel.PHONE,
)


def _gestures(m: Moment, contact: Contact) -> tuple[Gesture, ...]:
    """
    The gestures for *m*, human ones first, each group in the person's preferred formats.

    Software only writes text: a person who stated formats without text (who prefers calls)
    gets no automated gesture.
    """
    gestures = suggest_gestures(m)
    formats = contact.preferences.preferred_formats
    if not formats:
        return gestures
    rank = {f: i for i, f in enumerate(formats)}

    def key(g: Gesture) -> tuple[bool, int]:
        return (not g.is_human, len(rank) if g.format is None else rank.get(g.format, len(rank)))

    return tuple(g for g in sorted(gestures, key=key) if g.is_human or g.format in rank)


def _channels(contact: Contact, gesture: Gesture) -> tuple[Channel, ...]:
    """
    The channels *gesture* may travel on to *contact*, in the person's order.

    Their preferred channels first, then the planner's order; only channels with a verified
    address that they have not blocked.
    """
    blocked = contact.preferences.blocked_channels
    reachable = {p.channel for p in contact.contact_points if p.verified}
    allowed = gesture.channels or (_HUMAN_CHANNELS if gesture.is_human else _AUTOMATED_CHANNELS)
    if gesture.kind is not GestureKind.CALL and not gesture.channels:
        allowed = tuple(c for c in allowed if c is not Channel.PHONE)
    return tuple(
        c
        for c in dict.fromkeys((*contact.preferences.preferred_channels, *allowed))
        if c in allowed and c in reachable and c not in blocked
    )


def _per_channel(
    contact: Contact, tried: Mapping[Channel, Decision], keys: Sequence[str]
) -> tuple[str, ...]:
    """
    What stopped each channel *contact* has: the policy's words, a block or no verified address.
    """
    out = [f"{c.value}: {_refusal(d, keys)[1]}" for c, d in tried.items()]
    for c in sorted(contact.channels):  # whatever order the addresses were listed in
        if c in tried:
            continue
        if c in contact.preferences.blocked_channels:
            out.append(f"{c.value}: blocked by the person")
        elif not any(p.verified for p in contact.contact_points if p.channel is c):
            out.append(f"{c.value}: no verified address")
    return tuple(out)


def _content_facts(moment: Moment, contact: Contact, gesture: Gesture) -> tuple[str, ...]:
    keys = list(moment.fact_keys)
    if isinstance(moment, TripMoment) and gesture.kind is GestureKind.RECOMMENDATION:
        keys += sorted(
            f.key
            for f in contact.facts
            if f.is_under("interests") and f.sensitivity is Sensitivity.ORDINARY
        )
    return tuple(dict.fromkeys(keys))


@attrs.frozen
class _Attempt:
    decision: Decision
    start: pendulum.DateTime


def _decide_in_window(
    contact: Contact,
    message: Message,
    *,
    ledger: ConsentLedger,
    history: Sequence[Interaction],
    start: pendulum.DateTime,
    end: pendulum.DateTime,
    policy: Policy | None,
) -> _Attempt:
    """
    Decide at *start*; once more at ``not_before`` when the decision defers within the window.
    """
    d = decide(contact, message, consents=ledger, history=history, at=start, policy=policy)
    if d.verdict is Verdict.DEFER and d.not_before is not None and d.not_before < end:
        later = max(d.not_before, start)
        d = decide(contact, message, consents=ledger, history=history, at=later, policy=policy)
        return _Attempt(d, later)
    return _Attempt(d, start)


def _refusal(d: Decision, keys: Sequence[str]) -> tuple[str, str]:
    """
    The code and words of what stopped *d*.

    A denial, a deferral past the window, a withheld fact the moment rests on, or a cap.
    """
    why = d.decisive_reason
    if why is not None:
        return why.code, why.code.replace("_", " ")
    for w in d.withheld_facts:
        if w.key in keys:
            return w.code, f"may not use the fact behind it ({w.code.replace('_', ' ')})"
    for r in d.reasons:
        if r.effect is Effect.CAP:
            return r.code, f"too personal for now ({r.code.replace('_', ' ')})"
    return "facts_withheld", "may not use the facts behind it"


class _Capacity:
    def __init__(self, team: Sequence[Writer]) -> None:
        self.team = tuple(team)
        self.day: Counter[tuple[str, dt.date]] = Counter()
        self.week: Counter[tuple[str, int, int]] = Counter()
        self.total: Counter[str] = Counter()

    def any_left(self) -> bool:
        return any(w.per_week != 0 and w.per_day != 0 for w in self.team)

    def pick(self, when: dt.datetime) -> Writer | None:
        day = when.astimezone(dt.UTC).date()
        iso = day.isocalendar()
        best: Writer | None = None
        for w in self.team:
            if w.per_day is not None and self.day[w.id, day] >= w.per_day:
                continue
            if w.per_week is not None and self.week[w.id, iso.year, iso.week] >= w.per_week:
                continue
            if best is None or self.total[w.id] < self.total[best.id]:
                best = w
        return best

    def take(self, w: Writer, when: dt.datetime) -> None:
        day = when.astimezone(dt.UTC).date()
        iso = day.isocalendar()
        self.day[w.id, day] += 1
        self.week[w.id, iso.year, iso.week] += 1
        self.total[w.id] += 1


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


def plan(  # noqa: PLR0912, PLR0915 - one pass over ranked moments, read top to bottom
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
    policy allows, and the rest are skipped with reasons.

    Every candidate gesture goes through :func:`~personal_touch.decide`, on each channel the
    person has a verified, unblocked address for, their preferred channels first; the first
    channel the decision allows wins, at the level it grants.  Gestures in the person's
    preferred formats come first, and a person who stated formats without text gets no
    automated gesture (software only writes text).  Moments are ranked
    by :func:`moment_priority` (moment weight, stage, time since the last real touch, whether only a
    human may act); the highest go to the writer with the fewest tasks who still has
    capacity that day and week.  A moment with no writer left gets an automated gesture when
    one fits and the decision allows it with the moment's facts; otherwise it is skipped with
    the deciding reason.  An occurrence already acted on (an interaction with its
    ``moment_id``) is skipped, and no contact gets two gestures less than *min_gap* apart
    (counting their history).

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
    by_id = dict(contacts) if isinstance(contacts, Mapping) else {c.id: c for c in contacts}
    ledgers = _ledgers(consents)
    histories = _histories(history)
    acted = {i.moment_id for items in histories.values() for i in items if i.moment_id}
    capacity = _Capacity(team)

    skipped: list[Skip] = []
    ranked: list[tuple[float, Moment, Contact]] = []
    seen: set[str] = set()
    until: pendulum.DateTime | None = None
    for m in moments:
        opens = max(m.window.start, now)
        if until is None or opens > until:
            until = opens
        contact = by_id.get(m.contact_id)
        if m.id in seen:
            skipped.append(_skip(m, "duplicate", "the same occurrence is listed twice"))
            continue
        seen.add(m.id)
        if m.id in acted:
            skipped.append(_skip(m, "already_acted", "already acted on"))
        elif contact is None:
            skipped.append(_skip(m, "unknown_contact", "no such contact"))
        elif m.window.end <= now:
            skipped.append(_skip(m, "window_passed", "its window has passed"))
        else:
            ranked.append(
                (moment_priority(m, contact, histories.get(contact.id, ()), at=now), m, contact)
            )
    ranked.sort(key=lambda r: (-r[0], r[1].window.start, r[1].id))

    human: list[HumanTask] = []
    automated: list[AutomatedTask] = []
    planned_at: dict[str, list[dt.datetime]] = {}
    for score, m, contact in ranked:
        own = histories.get(contact.id, [])
        ledger = ledgers.get(contact.id) or ConsentLedger(contact.id)
        start = max(now, m.window.start)
        touches = [i.at for i in own if i.kind.is_touch and i.at <= now] + planned_at.get(
            contact.id, []
        )
        earliest = max((t + min_gap for t in touches), default=start)
        if earliest >= m.window.end:
            skipped.append(_skip(m, "min_gap", "too soon after another touch"))
            continue
        start = aware(max(start, earliest), "at")
        last: Decision | None = None
        tried: dict[Channel, Decision] = {}
        no_capacity = False
        done = False
        for g in _gestures(m, contact):
            channels = _channels(contact, g)
            if not channels:
                continue
            if g.is_human and (no_capacity or not capacity.any_left()):
                no_capacity = True
                continue
            # The skip speaks for the person's first choice of channel for the last gesture.
            lead: Decision | None = None
            for channel in channels:
                message = Message(
                    purpose=MessagePurpose.RELATIONSHIP,
                    channel=channel,
                    authorship=g.authorship,
                    level=g.level,
                    content_facts=_content_facts(m, contact, g),
                    topic=m.kind.value,
                    content=FIRST_PARTY,
                    moment_id=m.id,
                )
                # A human gesture may move to a later day of the window when writers are full.
                times = _send_times(start, m.window.end) if g.is_human else (start,)
                for t in times:
                    if g.is_human and capacity.pick(t) is None:
                        no_capacity = True
                        continue
                    attempt = _decide_in_window(
                        contact,
                        message,
                        ledger=ledger,
                        history=own,
                        start=t,
                        end=m.window.end,
                        policy=policy,
                    )
                    d = tried[channel] = attempt.decision
                    if lead is None or channel is channels[0]:
                        lead = d
                    if not _fits(d, m):
                        break
                    window = Window(attempt.start.in_timezone(contact.calendar_zone), m.window.end)
                    if g.is_human:
                        writer = capacity.pick(attempt.start)
                        if writer is None:
                            no_capacity = True
                            continue
                        capacity.take(writer, attempt.start)
                        human.append(_brief(writer, contact, m, g, channel, window, d, score))
                    else:
                        automated.append(
                            AutomatedTask(
                                contact_id=contact.id,
                                moment=m,
                                gesture=g,
                                channel=channel,
                                send_window=window,
                                level=d.level,
                                facts=d.usable_facts,
                                must_disclose=_disclosures(d, automated=True),
                                priority=score,
                                decision=d,
                            )
                        )
                    planned_at.setdefault(contact.id, []).append(attempt.start)
                    done = True
                    break
                if done:
                    break
            if done:
                break
            if lead is not None:
                last = lead
        if done:
            continue
        explained = _per_channel(contact, tried, m.fact_keys)
        if last is None or (no_capacity and last.is_allowed):
            code, reason = (
                ("no_capacity", "no writer has capacity and no honest automated gesture fits")
                if no_capacity
                else ("no_channel", "no channel fits the gesture")
            )
            skipped.append(_skip(m, code, reason, last, explained))
        else:
            code, reason = _refusal(last, m.fact_keys)
            if no_capacity and code == "facts_withheld":
                code, reason = "no_capacity", "no writer has capacity"
            skipped.append(_skip(m, code, reason, last, explained))

    human.sort(key=lambda t: (t.send_window.start, t.writer_id, t.moment.id))
    automated.sort(key=lambda t: (t.send_window.start, t.moment.id))
    if within is not None:
        until = now + within
    return Plan(
        at=now,
        until=until,
        writers=tuple(team),
        human=tuple(human),
        automated=tuple(automated),
        skipped=tuple(sorted(skipped, key=_skip_order)),
    )


def _send_times(start: pendulum.DateTime, end: pendulum.DateTime) -> tuple[pendulum.DateTime, ...]:
    """
    When a human gesture could go: *start*, then the same time on each later day before *end*.
    """
    times = [start]
    while len(times) < _MAX_DAYS and (nxt := times[-1].add(days=1)) < end:
        times.append(nxt)
    return tuple(times)


_MAX_DAYS = 15


def _fits(d: Decision, m: Moment) -> bool:
    """
    Whether *d* allows a gesture about *m*: allowed, with every fact the moment rests on.

    The decision's level is the gesture's level: a fact it lets the message use is one its
    level supports (a purchase the person made with us is CONTEXTUAL).
    """
    return d.verdict is Verdict.ALLOW and all(d.may_use(k) for k in m.fact_keys)


def _skip_order(s: Skip) -> str:
    return s.moment_id


def _skip(
    m: Moment,
    code: str,
    reason: str,
    decision: Decision | None = None,
    channels: tuple[str, ...] = (),
) -> Skip:
    return Skip(
        moment_id=m.id,
        contact_id=m.contact_id,
        code=code,
        reason=reason,
        decision_id=None if decision is None else decision.decision_id,
        channels=channels,
    )


def _disclosures(d: Decision, *, automated: bool) -> tuple[DisclosureCode, ...]:
    codes = [x.code for x in d.disclosures]
    if automated and DisclosureCode.AUTOMATED_MESSAGE not in codes:
        codes.append(DisclosureCode.AUTOMATED_MESSAGE)
    return tuple(dict.fromkeys(codes))


# -- briefs ------------------------------------------------------------------------------


def _brief(  # noqa: PLR0917 - private helper
    writer: Writer,
    contact: Contact,
    m: Moment,
    g: Gesture,
    channel: Channel,
    window: Window,
    d: Decision,
    score: float,
) -> HumanTask:
    mentions = []
    # Only the instances the decision approved, matched by identity: never a second lookup
    # (``contact.fact``) that could pick another fact under the same key.
    approved = d.approved_in(contact.known_facts)
    for key in d.usable_facts:
        f = approved.get(key)
        if f is not None:
            mentions.append(
                Mention(
                    key=key,
                    value=f.value,
                    provenance=f.provenance,
                    recorded_at=f.recorded_at,
                    source=f.source,
                )
            )
    must_not = [f"mention {w.key}: {w.reason}" for w in d.withheld_facts]
    must_not.append("include an offer or any sales content")
    must_not.append("reuse a template or send this opening as written: write it yourself")
    if m.is_sensitive:
        must_not.append("go beyond what they told you, or share it with anyone")
    if isinstance(m, TeamResultMoment) and m.outcome is not Outcome.WON:
        must_not.append("congratulate: their team did not win")
    return HumanTask(
        writer_id=writer.id,
        contact_id=contact.id,
        contact_name=contact.name.informal,
        moment=m,
        gesture=g,
        channel=channel,
        send_window=window,
        why_now=_why_now(m),
        mentions=tuple(mentions),
        must_not=tuple(must_not),
        must_disclose=_disclosures(d, automated=False),
        opening=_opening(m, g, d),
        priority=score,
        decision=d,
    )


def _why_now(m: Moment) -> str:
    day = pendulum.Date(m.occurs_on.year, m.occurs_on.month, m.occurs_on.day).format("ddd D MMM")
    if isinstance(m, TripMoment):
        return f"they leave on a trip on {day}"
    if isinstance(m, AnniversaryMoment):
        return f"{m.years}-year anniversary ({m.label.replace('_', ' ')}) on {day}"
    if isinstance(m, PurchaseMoment):
        return f"a big purchase on {day} deserves a thank-you"
    if isinstance(m, LifeEventMoment):
        return f"they told us about {m.label.replace('_', ' ')} ({day})"
    if isinstance(m, TeamResultMoment):
        return f"their team {m.outcome.value} ({day})"
    if isinstance(m, FollowUpMoment):
        about = f" about {m.topic.replace('_', ' ')}" if m.topic else ""
        return f"check back{about} (step {m.step} of '{m.cadence}'), due {day}"
    return f"{m.kind.value.replace('_', ' ')} on {day}"


def _opening(m: Moment, g: Gesture, d: Decision) -> str:
    if isinstance(m, TripMoment):
        dest = m.destination if d.may_use(m.sources[0].key) and m.destination else "the trip"
        return (
            f"Ask what they look forward to in {dest}; offer one or two tips that fit what"
            " they enjoy, in your own words."
        )
    if isinstance(m, LifeEventMoment) and m.is_sensitive:
        return (
            "Say you have been thinking of them since they mentioned it; offer help without"
            " asking for details."
        )
    if isinstance(m, PurchaseMoment):
        return "Thank them personally and ask how they are getting on with it."
    if isinstance(m, TeamResultMoment):
        if m.outcome is Outcome.WON:
            return "Share the joy of the result in a line or two; no business talk."
        return "Acknowledge the result lightly, or wait for a happier occasion."
    if isinstance(m, FollowUpMoment):
        return "Ask how things have gone since you last spoke; offer one concrete next step."
    if g.kind is GestureKind.CALL:
        return "Call to wish them well; keep it short."
    return f"Open with a warm word about the {m.kind.value.replace('_', ' ')}, in your own voice."
