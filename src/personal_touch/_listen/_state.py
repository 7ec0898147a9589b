"""
A contact's listening state: plain dictionaries of instants, pruned by window, kept as JSON.

Instants are whole microseconds since the Unix epoch (exact, cheap to compare); the JSON form
writes them as ISO 8601 UTC strings.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from typing import Any

import pendulum

from ..exceptions import InvalidInputError, NaiveDateTimeError

#: The JSON form's version; a store keeps it with the state.
VERSION = 1
#: The version of the JSON form of a whole listener's state.
SNAPSHOT_VERSION = 1

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_SUB = dt.datetime.__sub__
_DAY = 86_400_000_000
#: Below this many seconds since the epoch (the year 2096), a float timestamp's whole seconds
#: are exact even when its fraction is 0.999999: the fast path of :func:`micros`.
_EXACT = 4e9
#: How many signal ids a pending firing keeps.
MAX_IDS = 10


def micros(value: dt.datetime) -> int:
    """
    *value* (aware) as whole microseconds since the epoch.

    Raises:
        NaiveDateTimeError: *value* has no time zone.
    """
    if value.tzinfo is None:
        raise NaiveDateTimeError("at")
    stamp = value.timestamp()
    if 0.0 <= stamp < _EXACT:  # the fast path
        return int(stamp) * 1_000_000 + value.microsecond
    d = _SUB(value, _EPOCH)
    return d.days * _DAY + d.seconds * 1_000_000 + d.microseconds


def span(value: dt.timedelta) -> int:
    """
    *value* in whole microseconds.
    """
    return value.days * _DAY + value.seconds * 1_000_000 + value.microseconds


def instant(value: int) -> pendulum.DateTime:
    """
    The UTC datetime *value* microseconds after the epoch.
    """
    d = _EPOCH + dt.timedelta(microseconds=value)
    return pendulum.DateTime(
        d.year, d.month, d.day, d.hour, d.minute, d.second, d.microsecond, tzinfo=pendulum.UTC
    )


class Pending:
    """
    A firing waiting for its instant (the end of a delay or a debounce).
    """

    __slots__ = ("category", "count", "due", "ids", "subject")

    def __init__(
        self, due: int, subject: str | None, category: str | None, count: int, ids: list[str]
    ) -> None:
        self.due = due
        self.subject = subject
        self.category = category
        self.count = count
        self.ids = ids


class ContactState:
    """
    What the listener remembers of one contact, per trigger name.

    ``hits`` holds the instants of counted signals by group (a category); ``seen`` the last
    instant of each subject an update trigger watches; ``pending`` the firings waiting by
    group; ``fired`` the last firing; ``ids`` the signal ids already observed.
    """

    __slots__ = ("fired", "hits", "ids", "pending", "pruned", "seen", "touched")

    def __init__(self) -> None:
        self.hits: dict[str, dict[str, list[int]]] = {}
        self.seen: dict[str, dict[str, int]] = {}
        self.pending: dict[str, dict[str, Pending]] = {}
        self.fired: dict[str, int] = {}
        self.ids: dict[str, int] = {}
        self.touched = 0
        #: When it was last pruned (not kept in JSON: pruning only frees memory).
        self.pruned = 0

    def is_empty(self) -> bool:
        """
        Whether nothing is left to remember.
        """
        return not (self.hits or self.seen or self.pending or self.fired or self.ids)

    def prune(self, now: int, horizons: dict[str, tuple[int, int]], remember: int) -> None:
        """
        Forget what no trigger can use any more.

        Args:
            now: The listener's clock.
            horizons: Trigger name -> (window, cooldown) in microseconds; names not in it
                (removed triggers) are forgotten.
            remember: How long signal ids are kept, for duplicates.
        """
        if self.hits:
            self._prune_hits(now, horizons)
        for name in list(self.seen):
            subjects = self.seen[name]
            cut = now - horizons[name][0] if name in horizons else now + 1
            for key in [k for k, t in subjects.items() if t <= cut]:
                del subjects[key]
            if not subjects:
                del self.seen[name]
        for name in [n for n in self.pending if n not in horizons or not self.pending[n]]:
            del self.pending[name]
        for name in [n for n, t in self.fired.items() if n not in horizons or
                     t + horizons[n][1] <= now]:  # fmt: skip
            del self.fired[name]
        if self.ids:
            cut = now - remember
            for key in [k for k, t in self.ids.items() if t <= cut]:
                del self.ids[key]

    def _prune_hits(self, now: int, horizons: dict[str, tuple[int, int]]) -> None:
        for name in list(self.hits):
            groups = self.hits[name]
            if name not in horizons:
                del self.hits[name]
                continue
            cut = now - horizons[name][0]
            for key in [k for k, v in groups.items() if v[-1] <= cut]:
                del groups[key]
            for times in groups.values():
                if times[0] <= cut:
                    del times[: bisect.bisect_right(times, cut)]
            if not groups:
                del self.hits[name]

    def to_json(self) -> dict[str, Any]:
        """
        The state as JSON-ready data (ISO 8601 UTC instants).
        """
        iso = _iso
        out: dict[str, Any] = {"version": VERSION, "touched": iso(self.touched)}
        if self.hits:
            out["hits"] = {n: {k: [iso(t) for t in v] for k, v in g.items()}
                           for n, g in self.hits.items()}  # fmt: skip
        if self.seen:
            out["seen"] = {n: {k: iso(t) for k, t in g.items()} for n, g in self.seen.items()}
        if self.pending:
            out["pending"] = {n: {k: _pending_json(p) for k, p in g.items()}
                              for n, g in self.pending.items()}  # fmt: skip
        if self.fired:
            out["fired"] = {n: iso(t) for n, t in self.fired.items()}
        if self.ids:
            out["ids"] = {k: iso(t) for k, t in self.ids.items()}
        return out

    @classmethod
    def from_json(cls, data: object) -> ContactState:
        """
        The state :meth:`to_json` wrote.

        Raises:
            InvalidInputError: *data* is not such a state; every problem is listed with
                its path, never its value.
        """
        reader = _Reader()
        state = reader.state(data)
        if reader.problems:
            raise InvalidInputError(reader.problems)
        return state


def write_snapshot(clock: int | None, contacts: Mapping[str, ContactState]) -> dict[str, Any]:
    """
    A listener's clock and contacts' states as JSON-ready data.
    """
    return {
        "version": SNAPSHOT_VERSION,
        "clock": None if clock is None else _iso(clock),
        "contacts": {cid: st.to_json() for cid, st in contacts.items()},
    }


def read_snapshot(data: object) -> tuple[int | None, list[tuple[str, ContactState]]]:
    """
    The clock and the contacts' states (oldest touched first) :func:`write_snapshot` wrote.

    Raises:
        InvalidInputError: *data* is not a snapshot; every problem is listed with its path.
    """
    if not isinstance(data, Mapping) or data.get("version") != SNAPSHOT_VERSION:
        raise InvalidInputError([f"expected version {SNAPSHOT_VERSION} @ $.version"])
    contacts = data.get("contacts")
    if not isinstance(contacts, Mapping):
        raise InvalidInputError(["expected an object @ $.contacts"])
    reader = _Reader()
    clock = data.get("clock")
    at = None if clock is None else reader.time(clock, "$.clock")
    states: list[tuple[str, ContactState]] = []
    for n, (cid, value) in enumerate(contacts.items()):
        before = len(reader.problems)
        st = reader.state(value)
        reader.problems[before:] = [
            e.replace(" @ $", f" @ $.contacts[#{n}]", 1) for e in reader.problems[before:]
        ]
        states.append((cid, st))
    if reader.problems:
        raise InvalidInputError(reader.problems)
    states.sort(key=lambda s: (s[1].touched, s[0]))
    return at, states


def _iso(value: int) -> str:
    return instant(value).isoformat().replace("+00:00", "Z")


def _pending_json(p: Pending) -> dict[str, Any]:
    out: dict[str, Any] = {"due": _iso(p.due), "count": p.count}
    if p.subject is not None:
        out["subject"] = p.subject
    if p.category is not None:
        out["category"] = p.category
    if p.ids:
        out["signals"] = list(p.ids)
    return out


class _Reader:
    """
    Reads a state's JSON form, collecting every problem as ``"<problem> @ $.path"``.

    Keys that hold data (trigger names, categories, subjects, signal and contact ids) are
    named in paths by position, ``$.hits[#0][#2]`` for the third group of the first trigger,
    so that no problem repeats a value.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []

    def state(self, data: object) -> ContactState:
        state = ContactState()
        if not isinstance(data, dict):
            self.problems.append("expected an object @ $")
            return state
        if data.get("version") != VERSION:
            self.problems.append(f"expected version {VERSION} @ $.version")
        known = ("version", "touched", "hits", "seen", "pending", "fired", "ids")
        self.problems.extend(f"unknown key @ $[#{i}]" for i, k in enumerate(data) if k not in known)
        state.touched = self.time(data.get("touched"), "$.touched")
        for at, name, groups in self.entries(data, "hits"):
            state.hits[name] = {
                k: sorted(self.time(t, f"{where}[{i}]") for i, t in enumerate(self.seq(v, where)))
                for where, k, v in self.items(groups, at)
            }
        for at, name, subjects in self.entries(data, "seen"):
            state.seen[name] = {k: self.time(t, where) for where, k, t in self.items(subjects, at)}
        for at, name, groups in self.entries(data, "pending"):
            state.pending[name] = {
                k: self.pending(p, where) for where, k, p in self.items(groups, at)
            }
        state.fired = {n: self.time(t, at) for at, n, t in self.entries(data, "fired")}
        state.ids = {k: self.time(t, at) for at, k, t in self.entries(data, "ids")}
        return state

    def entries(self, data: dict[str, Any], key: str) -> list[tuple[str, str, Any]]:
        """
        The entries of the object at *key*: (path, key, value), keys named by position.
        """
        return self.items(data.get(key, {}), f"$.{key}")

    def items(self, value: object, at: str) -> list[tuple[str, str, Any]]:
        return [(f"{at}[#{i}]", k, v) for i, (k, v) in enumerate(self.mapping(value, at).items())]

    def mapping(self, value: object, at: str) -> dict[str, Any]:
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            return value
        self.problems.append(f"expected an object @ {at}")
        return {}

    def seq(self, value: object, at: str) -> list[Any]:
        if isinstance(value, list) and value:
            return value
        self.problems.append(f"expected a non-empty list @ {at}")
        return []

    def time(self, value: object, at: str) -> int:
        if isinstance(value, str):
            try:
                parsed = dt.datetime.fromisoformat(value)
            except ValueError:
                pass
            else:
                if parsed.tzinfo is not None:
                    return micros(parsed)
        self.problems.append(f"expected an ISO 8601 instant with an offset @ {at}")
        return 0

    def pending(self, value: object, at: str) -> Pending:
        data = self.mapping(value, at)
        count = data.get("count")
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            self.problems.append(f"expected a positive integer @ {at}.count")
            count = 1
        ids = data.get("signals", [])
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            self.problems.append(f"expected a list of strings @ {at}.signals")
            ids = []
        subject, category = data.get("subject"), data.get("category")
        for field, v in (("subject", subject), ("category", category)):
            if v is not None and not isinstance(v, str):
                self.problems.append(f"expected a string @ {at}.{field}")
        due = self.time(data.get("due"), f"{at}.due")
        return Pending(due, subject, category, count, ids[:MAX_IDS])
