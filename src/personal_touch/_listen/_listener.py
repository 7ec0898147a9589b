"""
The listener: evaluates triggers on each signal and as time passes, per contact, bounded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._engine import _CANCEL, DAY, Engine
from ._state import ContactState, instant, micros, read_snapshot, write_snapshot
from ._trigger import Trigger, TriggerPattern

if TYPE_CHECKING:
    from .._decision import Decision
    from ._firing import Firing, Observed, Update


class Listener(Engine):
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

    @property
    def triggers(self) -> tuple[Trigger, ...]:
        """
        The triggers it evaluates, in the order given.
        """
        return self._triggers

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
        for t in self._triggers:
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
        self._drop(contact_id)

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
        remember: dt.timedelta = DAY,
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
