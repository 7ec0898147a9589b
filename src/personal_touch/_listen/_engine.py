"""
The listener's machinery: matching signals to triggers, pending firings, pruning by window.

:class:`Engine` holds the state and the steps; :class:`~personal_touch.triggers.Listener`
adds the public calls on top of it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import attrs

from ..exceptions import InvalidFieldError
from ._firing import Firing, Observed, Update, firing_message, make_firing
from ._state import MAX_IDS, ContactState, Pending, instant, span
from ._trigger import Trigger, TriggerPattern

if TYPE_CHECKING:
    from .._decision import Decision
    from .._message import Message

_MATCH, _CANCEL = 0, 1
#: How many (trigger, category) messages a listener keeps made.
_MESSAGES = 4096
DAY = dt.timedelta(days=1)


class Engine:
    """
    A listener's state and the steps that change it.

    It holds each contact's state, the heap of pending firings and who watches which
    subject; every instant is whole microseconds since the epoch.
    """

    def __init__(
        self,
        triggers: Iterable[Trigger],
        *,
        decide: Callable[[Firing], Decision] | None = None,
        sizes: Callable[[str, str], str | None] | None = None,
        remember: dt.timedelta = DAY,
    ) -> None:
        self._triggers = tuple(triggers)
        names = [t.name for t in self._triggers]
        if len(set(names)) != len(names):
            raise InvalidFieldError("triggers", "trigger names must be unique")
        self._decide = decide
        self._sizes = sizes
        self._remember = span(remember)
        self._by_name = {t.name: t for t in self._triggers}
        self._by_kind: dict[str, list[tuple[Trigger, int]]] = {}
        for t in self._triggers:
            for kind in sorted(t.kinds):
                self._by_kind.setdefault(kind, []).append((t, _MATCH))
            for kind in sorted(t.unless) if t.pattern is TriggerPattern.ABSENCE else ():
                self._by_kind.setdefault(kind, []).append((t, _CANCEL))
        self._horizons = {
            t.name: (span(t.window or dt.timedelta(0)), span(t.cooldown)) for t in self._triggers
        }
        self._idle = max([self._remember, *(span(t.horizon) for t in self._triggers)])
        self._prune_every = self._idle // 16
        self._messages: dict[tuple[str, str | None], Message] = {}
        self._contacts: OrderedDict[str, ContactState] = OrderedDict()
        self._due: list[tuple[int, str, str, str]] = []
        self._watchers: dict[tuple[str, str], set[str]] = {}
        self._clock: int | None = None
        self._next_sweep = 0

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
            # Time has passed: what the release left expired (an emptied group, a firing
            # past its cooldown) is forgotten now, whenever this contact was last pruned.
            self._touch(cid, st, now, prune=True)
        self._sweep(now)

    def _touch(self, cid: str, st: ContactState, now: int, *, prune: bool = False) -> None:
        st.touched = now
        self._contacts.move_to_end(cid)
        if not prune and now - st.pruned < self._prune_every:
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
            self._drop(cid)

    def _adopt(self, cid: str, st: ContactState) -> None:
        """
        Take a loaded state in, forgetting what it holds for triggers this one lacks.
        """
        for table in (st.hits, st.seen, st.pending, st.fired):
            for name in [n for n in table if n not in self._by_name]:
                del table[name]
        if st.is_empty():
            return
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

    def _drop(self, cid: str) -> None:
        st = self._contacts.pop(cid, None)
        if st is not None:
            for name, subjects in st.seen.items():
                for subject in subjects:
                    self._unwatch(name, subject, cid)
