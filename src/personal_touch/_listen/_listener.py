"""
The listener: evaluates triggers on each signal and as time passes, per contact, bounded.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .._message import Message
from ..exceptions import InvalidFieldError
from ._firing import Firing, Observed, Update, firing_message, make_firing
from ._state import (
    MAX_IDS,
    ContactState,
    Pending,
    instant,
    micros,
    read_snapshot,
    span,
    write_snapshot,
)
from ._trigger import Trigger, TriggerPattern

if TYPE_CHECKING:
    from .._decision import Decision
    from .._message import Message

_MATCH, _CANCEL = 0, 1
#: How many (trigger, category) messages a listener keeps made.
_MESSAGES = 4096
_DAY = dt.timedelta(days=1)


class Listener:
    """
    Evaluates :class:`~personal_touch.triggers.Trigger` s on each incoming signal and as time passes.

    The listener owns each contact's state (recent signals by trigger, pending firings, last
    firings) and prunes it by the triggers' windows, so memory follows the contacts active
    within the longest window, not the length of the stream.  Time is injected: every call
    takes the instant it happens at, and the listener's clock never moves back.  The same
    stream gives the same firings, with or without a round trip of the state through JSON
    (:meth:`snapshot`, :meth:`from_snapshot`, or per contact :meth:`state` and
    :meth:`load_state`).

    Args:
        triggers: The triggers, with unique names.
        decide: Called with each firing; its decision is kept on the firing.  Nothing
            bypasses the policy: without a hook, decide each firing yourself.
        sizes: ``sizes(contact_id, fact_key)`` gives a contact's size, for update triggers
            with a ``size_fact``; ``None`` when unknown.
        remember: How long signal ids are remembered, so that a repeated signal counts once.

    .. versionadded:: 0.4.0
    """

    def __init__(
        self,
        triggers: Iterable[Trigger],
        *,
        decide: Callable[[Firing], Decision] | None = None,
        sizes: Callable[[str, str], str | None] | None = None,
        remember: dt.timedelta = _DAY,
    ) -> None:
        self.triggers = tuple(triggers)
        names = [t.name for t in self.triggers]
        if len(set(names)) != len(names):
            raise InvalidFieldError("triggers", "trigger names must be unique")
        self._decide = decide
        self._sizes = sizes
        self._remember = span(remember)
        self._by_name = {t.name: t for t in self.triggers}
        self._by_kind: dict[str, list[tuple[Trigger, int]]] = {}
        for t in self.triggers:
            for kind in sorted(t.kinds):
                self._by_kind.setdefault(kind, []).append((t, _MATCH))
            for kind in sorted(t.unless):
                self._by_kind.setdefault(kind, []).append((t, _CANCEL))
        self._horizons = {
            t.name: (span(t.window or dt.timedelta(0)), span(t.cooldown)) for t in self.triggers
        }
        self._idle = max([self._remember, *(span(t.horizon) for t in self.triggers)])
        self._prune_every = self._idle // 16
        self._messages: dict[tuple[str, str | None], Message] = {}
        self._contacts: OrderedDict[str, ContactState] = OrderedDict()
        self._due: list[tuple[int, str, str, str]] = []
        self._watchers: dict[tuple[str, str], set[str]] = {}
        self._clock: int | None = None
        self._next_sweep = 0

    def __len__(self) -> int:
        """
        How many contacts the listener holds state for.
        """
        return len(self._contacts)

    @property
    def clock(self) -> dt.datetime | None:
        """
        The latest instant the listener has seen (``None`` before the first call).
        """
        return None if self._clock is None else instant(self._clock)

    def observe(self, signal: Observed, *, at: dt.datetime | None = None) -> tuple[Firing, ...]:
        """
        Take one signal in; return the firings it (and the time up to *at*) caused.

        Args:
            signal: The signal.
            at: When it is observed (default: its own ``at``).  The firings pending until
                then fire first, in time order.  A signal from after *at* counts at *at*.

        .. versionadded:: 0.4.0
        """
        when = micros(signal.at)
        now = self._advance(when if at is None else micros(at))
        out: list[Firing] = []
        if self._due and self._due[0][0] <= now:
            self._release(now, out)
        cid, sid = signal.contact_id, signal.id
        st = self._contacts.get(cid)
        if sid is not None and st is not None and st.ids.get(sid, -1) > now - self._remember:
            return self._finish(out)
        entries = self._by_kind.get(signal.kind)
        if entries is None:
            return self._finish(out)
        if st is None:
            st = self._contacts[cid] = ContactState()
        when = min(when, now)
        for t, role in entries:
            if role == _CANCEL:
                group = st.pending.get(t.name)
                if group is not None:
                    group.pop(signal.subject or "", None)
            elif t.matches(signal.subject, signal.category):
                self._match(t, st, cid, signal, when=when, now=now, out=out)
        if sid is not None:
            st.ids[sid] = when
        self._touch(cid, st, now)
        self._release(now, out)
        return self._finish(out)

    def observe_update(self, event: Update, *, at: dt.datetime | None = None) -> tuple[Firing, ...]:
        """
        Take an update in; fire for the contacts who recently showed interest in its subject.

        .. versionadded:: 0.4.0
        """
        now = self._advance(micros(event.at if at is None else at))
        out: list[Firing] = []
        self._release(now, out)
        for t in self.triggers:
            if t.pattern is not TriggerPattern.UPDATE or event.kind not in t.updates:
                continue
            if not t.matches(event.subject, event.category):
                continue
            watchers = self._watchers.get((t.name, event.subject), set())
            for cid in sorted(watchers):
                self._update_firing(t, cid, event, now, out)
        self._release(now, out)
        return self._finish(out)

    def tick(self, at: dt.datetime) -> tuple[Firing, ...]:
        """
        Let time pass to *at*: fire what was pending until then and forget what expired.

        .. versionadded:: 0.4.0
        """
        now = self._advance(micros(at))
        out: list[Firing] = []
        self._release(now, out)
        return self._finish(out)

    def state(self, contact_id: str) -> dict[str, Any] | None:
        """
        The contact's state as JSON-ready data, or ``None`` when the listener holds none.

        .. versionadded:: 0.4.0
        """
        st = self._contacts.get(contact_id)
        return None if st is None else st.to_json()

    def load_state(self, contact_id: str, data: Mapping[str, Any]) -> None:
        """
        Replace the contact's state by *data* (from :meth:`state`, kept in a store).

        Raises:
            InvalidInputError: *data* is not a listener state; every problem is listed.

        .. versionadded:: 0.4.0
        """
        st = ContactState.from_json(dict(data))
        self.forget(contact_id)
        self._adopt(contact_id, st)

    def forget(self, contact_id: str) -> None:
        """
        Drop everything the listener holds about the contact (erasure, or moving it away).

        .. versionadded:: 0.4.0
        """
        st = self._contacts.pop(contact_id, None)
        if st is not None:
            for name, subjects in st.seen.items():
                for subject in subjects:
                    self._unwatch(name, subject, contact_id)

    def snapshot(self) -> dict[str, Any]:
        """
        The whole listener's state as JSON-ready data: its clock and every contact's state.

        .. versionadded:: 0.4.0
        """
        return write_snapshot(self._clock, self._contacts)

    @classmethod
    def from_snapshot(
        cls,
        triggers: Iterable[Trigger],
        data: Mapping[str, Any],
        *,
        decide: Callable[[Firing], Decision] | None = None,
        sizes: Callable[[str, str], str | None] | None = None,
        remember: dt.timedelta = _DAY,
    ) -> Listener:
        """
        A listener that carries on from :meth:`snapshot`'s *data*, with these triggers.

        Raises:
            InvalidInputError: *data* is not a snapshot; every problem is listed.

        .. versionadded:: 0.4.0
        """
        clock, states = read_snapshot(data)
        listener = cls(triggers, decide=decide, sizes=sizes, remember=remember)
        listener._clock = clock
        for cid, st in states:
            listener._adopt(cid, st)
        return listener

    # -- the engine -------------------------------------------------------------------------

    def _advance(self, now: int) -> int:
        if self._clock is not None and now < self._clock:
            now = self._clock
        self._clock = now
        return now

    def _finish(self, out: list[Firing]) -> tuple[Firing, ...]:
        if self._decide is None or not out:
            return tuple(out)
        decide = self._decide
        return tuple(attrs.evolve(f, decision=decide(f)) for f in out)

    def _match(self, t: Trigger, st: ContactState, cid: str, signal: Observed, *,
               when: int, now: int, out: list[Firing]) -> None:  # fmt: skip
        subject, category, sid = signal.subject, signal.category, signal.id
        hit = Pending(now, subject, category, 1, [] if sid is None else [sid])
        pattern = t.pattern
        if pattern is TriggerPattern.EACH:
            self._candidate(t, st, cid, subject or category or "", hit, out=out)
        elif pattern is TriggerPattern.COUNT:
            group = category or subject or ""
            times = st.hits.setdefault(t.name, {}).setdefault(group, [])
            bisect.insort(times, when)
            cut = now - self._horizons[t.name][0]
            while times and times[0] <= cut:
                del times[0]
            if len(times) >= t.count:
                del st.hits[t.name][group]
                hit.subject, hit.count = None, len(times)
                self._candidate(t, st, cid, group, hit, out=out)
        elif pattern is TriggerPattern.ABSENCE:
            hit.due = when + span(t.delay or dt.timedelta(0))
            self._pend(t, st, cid, subject or "", hit)
        elif subject is not None:  # UPDATE: remember the interest
            seen = st.seen.setdefault(t.name, {})
            seen[subject] = max(seen.get(subject, when), when)
            self._watchers.setdefault((t.name, subject), set()).add(cid)

    def _update_firing(
        self, t: Trigger, cid: str, event: Update, now: int, out: list[Firing]
    ) -> None:
        st = self._contacts.get(cid)
        seen = None if st is None else st.seen.get(t.name, {}).get(event.subject)
        if st is None or seen is None or seen <= now - self._horizons[t.name][0]:
            return
        if t.size_fact is not None and event.sizes and self._sizes is not None:
            size = self._sizes(cid, t.size_fact)
            if size is not None and size not in event.sizes:
                return
        ids = [] if event.id is None else [event.id]
        hit = Pending(now, event.subject, event.category, 1, ids)
        self._candidate(t, st, cid, event.subject, hit, out=out)
        self._touch(cid, st, now)

    def _candidate(
        self, t: Trigger, st: ContactState, cid: str, group: str, hit: Pending, *, out: list[Firing]
    ) -> None:
        """
        Fire *hit* now, or once the contact's signals pause for the trigger's debounce.
        """
        if t.debounce:
            hit.due += span(t.debounce)
            self._pend(t, st, cid, group, hit)
        else:
            self._emit(t, st, cid, hit, out)

    def _pend(self, t: Trigger, st: ContactState, cid: str, group: str, hit: Pending) -> None:
        pending = st.pending.setdefault(t.name, {})
        p = pending.get(group)
        if p is None:
            hit.ids = hit.ids[:MAX_IDS]
            pending[group] = hit
        else:
            p.due = hit.due
            p.count += hit.count
            p.ids = (p.ids + hit.ids)[-MAX_IDS:]
            p.category = hit.category or p.category
        heapq.heappush(self._due, (hit.due, cid, t.name, group))

    def _emit(
        self, t: Trigger, st: ContactState, cid: str, hit: Pending, out: list[Firing]
    ) -> None:
        """
        Fire *hit* at its instant, unless the trigger is cooling down for the contact.
        """
        last = st.fired.get(t.name)
        if last is not None and hit.due < last + self._horizons[t.name][1]:
            return
        st.fired[t.name] = hit.due
        message = self._message(t, hit.category)
        out.append(
            make_firing(
                t.name,
                cid,
                instant(hit.due),
                message,
                hit.subject,
                hit.category,
                hit.count,
                tuple(hit.ids),
            )
        )

    def _message(self, t: Trigger, category: str | None) -> Message:
        """
        The trigger's message for *category*, made once and kept (at most a few thousand).
        """
        key = (t.name, category)
        m = self._messages.get(key)
        if m is None:
            if len(self._messages) >= _MESSAGES:
                self._messages.clear()
            m = self._messages[key] = firing_message(t.message, category)
        return m

    def _release(self, now: int, out: list[Firing]) -> None:
        due = self._due
        while due and due[0][0] <= now:
            at, cid, name, group = heapq.heappop(due)
            st = self._contacts.get(cid)
            pending = None if st is None else st.pending.get(name)
            p = None if pending is None else pending.get(group)
            if st is None or pending is None or p is None or p.due != at:
                continue  # rescheduled, cancelled or forgotten since
            del pending[group]
            self._emit(self._by_name[name], st, cid, p, out)
            self._touch(cid, st, now)
        self._sweep(now)

    def _touch(self, cid: str, st: ContactState, now: int) -> None:
        st.touched = now
        self._contacts.move_to_end(cid)
        if now - st.pruned < self._prune_every:
            return  # pruning only frees memory: every check of an instant is explicit
        st.pruned = now
        before = {(n, s) for n, g in st.seen.items() for s in g} if st.seen else set()
        st.prune(now, self._horizons, self._remember)
        for name, subject in before:
            if subject not in st.seen.get(name, {}):
                self._unwatch(name, subject, cid)
        if st.is_empty():
            del self._contacts[cid]

    def _sweep(self, now: int) -> None:
        """
        Drop the contacts untouched for longer than any trigger remembers.
        """
        if now < self._next_sweep:
            return  # the oldest touch is younger than this (a lower bound, kept as they age)
        contacts = self._contacts
        while contacts:
            cid, st = next(iter(contacts.items()))
            if st.touched + self._idle > now:
                self._next_sweep = st.touched + self._idle
                return
            self.forget(cid)

    def _adopt(self, cid: str, st: ContactState) -> None:
        self._contacts[cid] = st
        for name, group in st.pending.items():
            for key, p in group.items():
                heapq.heappush(self._due, (p.due, cid, name, key))
        for name, subjects in st.seen.items():
            for subject in subjects:
                self._watchers.setdefault((name, subject), set()).add(cid)

    def _unwatch(self, name: str, subject: str, cid: str) -> None:
        watchers = self._watchers.get((name, subject))
        if watchers is not None:
            watchers.discard(cid)
            if not watchers:
                del self._watchers[(name, subject)]
